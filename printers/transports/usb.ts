// usb:<vid>:<pid> — talk to the printer through libusb (the optional `usb`
// package, v2 legacy API) when no kernel driver is available, e.g. on Windows
// or macOS kiosks. Loaded lazily so installs without native build tools work.
import { ByteInbox } from './inbox.ts';
import { PrinterError, type PrinterTransport } from './types.ts';

// The slice of the `usb` package API we use, typed here so the package can stay
// optional (its own types are absent when it is not installed).
interface UsbEndpoint {
  direction: 'in' | 'out';
  transferType: number;
  timeout: number;
  descriptor: { wMaxPacketSize: number };
  transfer(data: Buffer | number, cb: (err: (Error & { errno?: number }) | undefined, res?: Buffer | number) => void): void;
}
interface UsbInterface {
  descriptor: { bInterfaceClass: number };
  endpoints: UsbEndpoint[];
  claim(): void;
  release(closeEndpoints: boolean, cb: (err?: Error) => void): void;
  isKernelDriverActive(): boolean;
  detachKernelDriver(): void;
  attachKernelDriver(): void;
}
interface UsbDevice {
  interfaces?: UsbInterface[];
  open(): void;
  close(): void;
}
type FindByIds = (vid: number, pid: number) => UsbDevice | undefined;

const PRINTER_CLASS = 7;
const TRANSFER_BULK = 2;
const LIBUSB_ERROR_TIMEOUT = -7;

async function loadFindByIds(): Promise<FindByIds> {
  // A variable specifier keeps TypeScript and bundlers from resolving it.
  const specifier = 'usb';
  let mod: Record<string, unknown>;
  try {
    mod = (await import(specifier)) as Record<string, unknown>;
  } catch (cause) {
    throw new PrinterError('PRINTER_DRIVER_MISSING',
      'usb: printer URIs need the optional "usb" package (npm install usb); ' +
      'on Linux prefer usblp:/dev/usb/lp0, which needs nothing', { cause });
  }
  const candidates = [mod, mod['default'], (mod['usb'] as Record<string, unknown> | undefined)];
  for (const c of candidates) {
    const f = (c as Record<string, unknown> | undefined)?.['findByIds'];
    if (typeof f === 'function') return f as FindByIds;
  }
  throw new PrinterError('PRINTER_DRIVER_MISSING', 'the installed "usb" package has no findByIds (need v2)');
}

const hex = (n: number): string => n.toString(16).padStart(4, '0');

export class UsbTransport implements PrinterTransport {
  readonly canRead: boolean;
  readonly uri: string;
  private readonly inbox = new ByteInbox();
  private closed = false;

  private readonly dev: UsbDevice;
  private readonly iface: UsbInterface;
  private readonly out: UsbEndpoint;
  private readonly inp: UsbEndpoint | undefined;
  private readonly reattach: boolean;

  private constructor(uri: string, parts: { dev: UsbDevice; iface: UsbInterface; out: UsbEndpoint;
    inp: UsbEndpoint | undefined; reattach: boolean }) {
    this.uri = uri;
    this.dev = parts.dev;
    this.iface = parts.iface;
    this.out = parts.out;
    this.inp = parts.inp;
    this.reattach = parts.reattach;
    this.canRead = parts.inp !== undefined;
  }

  static async open(uri: string, vid: number, pid: number): Promise<UsbTransport> {
    const findByIds = await loadFindByIds();
    const dev = findByIds(vid, pid);
    if (!dev) throw new PrinterError('PRINTER_NOT_FOUND', `no USB device ${hex(vid)}:${hex(pid)}`);
    try {
      dev.open();
      const ifaces = dev.interfaces ?? [];
      const iface = ifaces.find((i) => i.descriptor.bInterfaceClass === PRINTER_CLASS) ?? ifaces[0];
      if (!iface) throw new Error('device has no interfaces');
      let reattach = false;
      try {
        // Linux: usblp owns the interface; borrow it and give it back on close.
        if (iface.isKernelDriverActive()) { iface.detachKernelDriver(); reattach = true; }
      } catch { /* not supported on this OS */ }
      iface.claim();
      const bulk = iface.endpoints.filter((e) => e.transferType === TRANSFER_BULK);
      const out = bulk.find((e) => e.direction === 'out');
      if (!out) throw new Error('no bulk OUT endpoint');
      return new UsbTransport(uri, { dev, iface, out, inp: bulk.find((e) => e.direction === 'in'), reattach });
    } catch (cause) {
      try { dev.close(); } catch { /* already closed */ }
      throw new PrinterError('PRINTER_IO', `cannot claim USB printer ${hex(vid)}:${hex(pid)}: ${(cause as Error).message}`, { cause });
    }
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new PrinterError('PRINTER_CLOSED', `${this.uri} is closed`));
    this.out.timeout = 30_000; // a printer out of paper stops taking data
    return new Promise((resolve, reject) => {
      this.out.transfer(Buffer.from(bytes), (err) => {
        if (err) reject(new PrinterError('PRINTER_IO', `${this.uri}: ${err.message}`, { cause: err }));
        else resolve();
      });
    });
  }

  async read(n: number, timeoutMs: number): Promise<Uint8Array> {
    const inp = this.inp;
    if (this.inbox.size >= n || !inp || this.closed) return this.inbox.take(n);
    // Ask for a whole packet: a shorter bulk-in buffer overflows on longer answers.
    inp.timeout = Math.max(1, timeoutMs); // libusb treats 0 as "wait for ever"
    const got = await new Promise<Buffer | undefined>((resolve, reject) => {
      inp.transfer(Math.max(n, inp.descriptor.wMaxPacketSize), (err, data) => {
        if (err && err.errno !== LIBUSB_ERROR_TIMEOUT) {
          reject(new PrinterError('PRINTER_IO', `${this.uri}: ${err.message}`, { cause: err }));
        } else resolve(Buffer.isBuffer(data) ? data : undefined);
      });
    });
    if (got) this.inbox.push(got);
    return this.inbox.take(n);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.inbox.end();
    await new Promise<void>((resolve) => this.iface.release(true, () => resolve()));
    if (this.reattach) {
      try { this.iface.attachKernelDriver(); } catch { /* device gone */ }
    }
    this.dev.close();
  }
}
