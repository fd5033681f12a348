// tcp://host:9100 — network printers (raw port 9100, "JetDirect"). The same
// socket carries answers to DLE EOT, so status works over it.
import { connect, type Socket } from 'node:net';
import { ByteInbox } from './inbox.ts';
import { PrinterError, type PrinterTransport } from './types.ts';

export interface TcpOptions {
  /** Give up connecting after this long (a switched-off printer never answers SYN). */
  connectTimeoutMs?: number;
}

export class TcpTransport implements PrinterTransport {
  readonly canRead = true;
  readonly uri: string;
  private readonly socket: Socket;
  private readonly inbox = new ByteInbox();
  private failure: Error | null = null;
  private closed = false;

  private constructor(uri: string, socket: Socket) {
    this.uri = uri;
    this.socket = socket;
    socket.setNoDelay(true); // status queries are 3 bytes; do not let Nagle hold them
    socket.setKeepAlive(true, 30_000);
    socket.on('data', (d: Buffer) => this.inbox.push(d));
    socket.on('error', (e) => { this.failure = e; });
    socket.on('close', () => { this.closed = true; this.inbox.end(); });
  }

  static open(uri: string, host: string, port: number, opts: TcpOptions = {}): Promise<TcpTransport> {
    const timeoutMs = opts.connectTimeoutMs ?? 3000;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new PrinterError('PRINTER_CONNECT_TIMEOUT', `no answer from ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new TcpTransport(uri, socket));
      });
      socket.once('error', (cause) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new PrinterError('PRINTER_IO', `cannot connect to ${host}:${port}: ${cause.message}`, { cause }));
      });
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.failure) {
      return Promise.reject(new PrinterError('PRINTER_IO', `${this.uri}: ${this.failure.message}`, { cause: this.failure }));
    }
    if (this.closed) return Promise.reject(new PrinterError('PRINTER_CLOSED', `${this.uri} is closed`));
    return new Promise((resolve, reject) => {
      this.socket.write(bytes, (err) => {
        if (err) reject(new PrinterError('PRINTER_IO', `${this.uri}: ${err.message}`, { cause: err }));
        else resolve();
      });
    });
  }

  read(n: number, timeoutMs: number): Promise<Uint8Array> {
    return this.inbox.read(n, timeoutMs);
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Half-close so buffered bytes still reach the printer, then wait for its close. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.socket.destroy(), 2000);
      this.socket.once('close', () => { clearTimeout(timer); resolve(); });
      this.socket.end();
    });
  }
}
