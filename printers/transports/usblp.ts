// usblp:/dev/usb/lp0 — the Linux kernel's USB printer class driver. The char
// device is bidirectional, so DLE EOT answers can be read back.
//
// Opened O_NONBLOCK: a blocking read on usblp waits for data with no timeout
// and would pin a libuv thread-pool thread forever when the printer is silent.
// The driver allows one open at a time, so reads and writes share one handle
// and writes retry on EAGAIN (the previous transfer is still in flight).
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { PrinterError, type PrinterTransport } from './types.ts';

const POLL_MS = 10;
const WRITE_STALL_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const isAgain = (e: unknown): boolean => {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
};

export class UsblpTransport implements PrinterTransport {
  readonly canRead = true;
  readonly uri: string;
  private readonly fh: FileHandle;
  private closed = false;

  private constructor(uri: string, fh: FileHandle) {
    this.uri = uri;
    this.fh = fh;
  }

  static async open(uri: string, path: string): Promise<UsblpTransport> {
    try {
      return new UsblpTransport(uri, await open(path, constants.O_RDWR | constants.O_NONBLOCK));
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENODEV') {
        throw new PrinterError('PRINTER_NOT_FOUND', `${path} does not exist (printer unplugged?)`, { cause });
      }
      const hint = code === 'EACCES' ? ' (is the service user in the "lp" group?)'
        : code === 'EBUSY' ? ' (held by another program, e.g. CUPS?)' : '';
      throw new PrinterError('PRINTER_IO', `cannot open ${path}: ${code ?? cause}${hint}`, { cause });
    }
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.closed) throw new PrinterError('PRINTER_CLOSED', `${this.uri} is closed`);
    let off = 0;
    let stalledSince = Date.now();
    while (off < bytes.length) {
      try {
        const { bytesWritten } = await this.fh.write(bytes, off, bytes.length - off, null);
        off += bytesWritten;
        if (bytesWritten > 0) stalledSince = Date.now();
      } catch (e) {
        if (!isAgain(e)) throw new PrinterError('PRINTER_IO', `${this.uri}: write failed`, { cause: e });
        // A printer out of paper stops taking data; do not wait for ever.
        if (Date.now() - stalledSince > WRITE_STALL_MS) {
          throw new PrinterError('PRINTER_IO', `${this.uri}: printer took no data for ${WRITE_STALL_MS} ms`);
        }
        await sleep(POLL_MS);
      }
    }
  }

  async read(n: number, timeoutMs: number): Promise<Uint8Array> {
    if (this.closed) return new Uint8Array(0);
    const buf = new Uint8Array(Math.max(1, n));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const { bytesRead } = await this.fh.read(buf, 0, buf.length, null);
        if (bytesRead > 0) return buf.slice(0, bytesRead);
      } catch (e) {
        if (!isAgain(e)) throw new PrinterError('PRINTER_IO', `${this.uri}: read failed`, { cause: e });
      }
      if (Date.now() >= deadline) return new Uint8Array(0);
      await sleep(POLL_MS);
    }
  }

  destroy(): void {
    void this.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close();
  }
}
