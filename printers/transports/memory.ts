// In-memory printer for tests and for running the kiosk without hardware.
// Like a real printer it answers DLE EOT n the moment it receives it, from a
// status the test can change between prints.
import { ByteInbox } from './inbox.ts';
import { PrinterError, type PrinterTransport } from './types.ts';

/** Answer bytes for DLE EOT 1..4; a missing entry means "no answer". */
export type StatusAnswers = Partial<Record<1 | 2 | 3 | 4, number>>;

/** A healthy printer: online, cover shut, paper in. */
export const HEALTHY_STATUS: Readonly<Required<StatusAnswers>> = { 1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12 };

export class MemoryTransport implements PrinterTransport {
  readonly uri: string;
  readonly canRead = true;
  readonly writes: Uint8Array[] = [];
  /** What the printer answers to status queries; set to {} for a dead printer. */
  status: StatusAnswers;
  /** A hung printer: writes and reads never end (the timeouts around every transport must end them). */
  stalled = false;
  private readonly inbox = new ByteInbox();
  private closed = false;

  constructor(uri = 'memory:', status: StatusAnswers = HEALTHY_STATUS) {
    this.uri = uri;
    this.status = { ...status };
  }

  /** Everything written so far, as one byte array. */
  get written(): Uint8Array {
    const out = new Uint8Array(this.writes.reduce((s, w) => s + w.length, 0));
    let off = 0;
    for (const w of this.writes) out.set(w, off), (off += w.length);
    return out;
  }

  /** Make the next read(s) return these bytes (e.g. a late or garbled answer). */
  queueRead(bytes: ArrayLike<number>): void {
    this.inbox.push(bytes);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.stalled) return new Promise<void>(() => undefined);
    if (this.closed) throw new PrinterError('PRINTER_CLOSED', `${this.uri} is closed`);
    this.writes.push(Uint8Array.from(bytes));
    // Real-time commands are executed on arrival, even between other data.
    for (let i = 0; i + 2 < bytes.length; i++) {
      if (bytes[i] === 0x10 && bytes[i + 1] === 0x04) {
        const answer = this.status[bytes[i + 2] as 1 | 2 | 3 | 4];
        if (answer !== undefined) this.inbox.push([answer]);
      }
    }
  }

  read(n: number, timeoutMs: number): Promise<Uint8Array> {
    if (this.stalled) return new Promise<Uint8Array>(() => undefined);
    return this.inbox.read(n, timeoutMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.inbox.end();
  }
}
