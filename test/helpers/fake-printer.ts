// A fake network printer on 127.0.0.1: it keeps what it prints and answers
// DLE EOT n like a real one, from a status the test switches (paper out/in).
// It can also misbehave the ways printers in a hall do: take the connection
// and never read (a hung printer), never answer status, cut the connection in
// the middle of a job, run out of paper while printing, or print a job and
// then go silent.
import { createServer, type Server, type Socket } from 'node:net';

export const HEALTHY = { 1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12 } as Record<number, number>;
export const PAPER_OUT = { 1: 0x1e, 2: 0x32, 3: 0x12, 4: 0x7e } as Record<number, number>;

interface Link {
  socket: Socket;
  /** Bytes this connection carried (status queries included). */
  bytes: number;
  /** Bytes of jobs (not status queries) on this connection. */
  jobBytes: number;
  last: [number, number];
  /** Paper ran out on this connection: what follows is not printed. */
  dropping: boolean;
}

export class FakePrinter {
  /** What the printer printed (and the status queries it was sent), in order. */
  received: number[] = [];
  status: Record<number, number> | null = HEALTHY; // null: never answers
  /** Accept connections but never read from them: the sender's bytes pile up unanswered. */
  hung = false;
  /** Cut the next `cutConnections` connections once they have carried `cutAfter` bytes. */
  cutAfter: number | null = null;
  cutConnections = 0;
  /** Answer status queries on a connection only until job bytes arrive on it (prints, then never confirms). */
  silentAfterJob = false;
  /** After this many job bytes the paper runs out: the status says so and the rest is not printed. */
  paperOutAfter: number | null = null;
  /** Hold the status answers that follow job bytes until `release()`: the print is on paper, its confirmation not yet sent. */
  holdAfterJob = false;
  private held: Array<() => void> = [];
  connections = 0;
  sockets = new Set<Socket>();
  private readonly server: Server;

  constructor() {
    this.server = createServer((socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      if (this.hung) {
        socket.pause();
        return;
      }
      const link: Link = { socket, bytes: 0, jobBytes: 0, last: [0, 0], dropping: false };
      socket.on('data', (chunk) => {
        for (const b of chunk) if (!this.take(link, b)) return;
      });
    });
  }

  /** One byte in; false once the connection is cut. */
  private take(link: Link, b: number): boolean {
    if (this.cutAfter !== null && this.cutConnections > 0 && link.bytes >= this.cutAfter) {
      this.cutConnections--;
      link.socket.destroy();
      return false;
    }
    link.bytes++;
    const query = link.last[0] === 0x10 && link.last[1] === 0x04 && b >= 1 && b <= 4;
    link.last = [link.last[1], b];
    if (query) {
      // The query's first two bytes were counted as job bytes before it was known to be one.
      link.jobBytes = Math.max(0, link.jobBytes - 2);
      const answer = this.silentAfterJob && link.jobBytes > 0 ? undefined : this.status?.[b];
      if (answer !== undefined && this.holdAfterJob && link.jobBytes > 0) this.held.push(() => link.socket.write(Uint8Array.of(answer)));
      else if (answer !== undefined) link.socket.write(Uint8Array.of(answer));
    } else {
      link.jobBytes++;
      if (this.paperOutAfter !== null && link.jobBytes > this.paperOutAfter) {
        this.paperOutAfter = null;
        this.status = PAPER_OUT;
        link.dropping = true;
      }
    }
    if (!link.dropping) this.received.push(b);
    else if (query) this.received.push(0x10, 0x04, b);
    return true;
  }

  /** Sends the held confirmations and stops holding. */
  release(): void {
    this.holdAfterJob = false;
    for (const send of this.held.splice(0)) send();
  }

  listen(port = 0): Promise<number> {
    return new Promise((resolve) => this.server.listen(port, '127.0.0.1', () => {
      const addr = this.server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : 0);
    }));
  }

  /** Resolves once `bytes` bytes have arrived, or after `timeoutMs` (the caller's expect then fails). */
  async waitFor(bytes: number, timeoutMs = 2000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.received.length < bytes && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

import { decode, type PrintItem } from '../../printers/decoder.ts';

/** One receipt as it came off the printer: each starts with ESC @; a whole one ends with its cut. */
export interface Copy {
  text: string;
  whole: boolean;
  reprint: boolean;
}

/** What a fake printer printed, as receipts (status queries left out). */
export function copies(received: number[]): Copy[] {
  const out: PrintItem[][] = [];
  for (const item of decode(Uint8Array.from(received))) {
    if (item.type === 'status-query') continue;
    if (item.type === 'init' || out.length === 0) out.push([]);
    out[out.length - 1]!.push(item);
  }
  return out.map((items) => {
    const text = items.flatMap((i) => (i.type === 'text' ? [i.text] : [])).join('\n');
    return { text, whole: items.at(-1)?.type === 'cut', reprint: text.includes('补打') };
  });
}

/** The copies of one ticket or slip, found by a text only it carries (its number, its case number). */
export const copiesOf = (received: number[], mark: string): Copy[] => copies(received).filter((c) => c.text.includes(mark));
