// Every transport, whatever it is built on (a socket, a device file, libusb, a
// file that may be a FIFO), gets the same three limits here: opening, writing
// and reading never take longer than the caller allows. A printer that accepts
// a connection and then swallows bytes (or a usblp device that stops taking
// data) would otherwise hold its caller for ever.
import { PrinterError, type PrinterTransport } from './types.ts';

export interface TransportTimeouts {
  /** Opening: a TCP connect, a device or file open. */
  connectTimeoutMs?: number;
  /** One write, until the bytes are handed to the OS or device. */
  writeTimeoutMs?: number;
  /** Upper bound of any one read, whatever the caller asked for. */
  readTimeoutMs?: number;
}

export const DEFAULT_TIMEOUTS: Readonly<Required<TransportTimeouts>> = { connectTimeoutMs: 3000, writeTimeoutMs: 15_000, readTimeoutMs: 10_000 };

/** A read the transport itself should have ended is given this much longer before it counts as hung. */
const READ_GRACE_MS = 1000;

function within<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

const drop = (t: PrinterTransport): void => {
  if (t.destroy) t.destroy();
  else void t.close().catch(() => undefined);
};

/** Opens within `connectTimeoutMs`; a transport that opens too late is closed, never leaked. */
export async function openWithin(uri: string, open: () => Promise<PrinterTransport>, timeouts: TransportTimeouts = {}): Promise<TimedTransport> {
  const t = { ...DEFAULT_TIMEOUTS, ...timeouts };
  let late = false;
  const opening = open();
  opening.then((tr) => late && drop(tr), () => undefined);
  try {
    const inner = await within(opening, t.connectTimeoutMs, () => new PrinterError('PRINTER_CONNECT_TIMEOUT', `${uri}: not open within ${t.connectTimeoutMs} ms`));
    return new TimedTransport(inner, t);
  } catch (err) {
    late = true;
    throw err;
  }
}

/** Wraps a transport so that no write or read outlives its limit; after a timeout the link is dropped. */
export class TimedTransport implements PrinterTransport {
  private broken: PrinterError | null = null;

  constructor(readonly inner: PrinterTransport, private readonly t: Required<TransportTimeouts>) {}

  get uri(): string {
    return this.inner.uri;
  }

  get canRead(): boolean {
    return this.inner.canRead;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.broken) throw this.broken;
    await within(this.inner.write(bytes), this.t.writeTimeoutMs, () => this.fail(`took no data for ${this.t.writeTimeoutMs} ms`));
  }

  async read(n: number, timeoutMs: number): Promise<Uint8Array> {
    if (this.broken) throw this.broken;
    const ms = Math.max(0, Math.min(timeoutMs, this.t.readTimeoutMs));
    return within(this.inner.read(n, ms), ms + READ_GRACE_MS, () => this.fail(`a read did not end within ${ms + READ_GRACE_MS} ms`));
  }

  async close(): Promise<void> {
    if (this.broken) return;
    await within(this.inner.close(), this.t.writeTimeoutMs, () => this.fail('did not close in time')).catch(() => undefined);
  }

  destroy(): void {
    drop(this.inner);
  }

  private fail(what: string): PrinterError {
    this.broken = new PrinterError('PRINTER_TIMEOUT', `${this.inner.uri}: ${what}`);
    drop(this.inner);
    return this.broken;
  }
}
