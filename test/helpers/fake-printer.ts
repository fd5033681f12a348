// A fake network printer on 127.0.0.1: it keeps what it receives and answers
// DLE EOT n like a real one, from a status the test switches (paper out/in).
import { createServer, type Server, type Socket } from 'node:net';

export const HEALTHY = { 1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12 } as Record<number, number>;
export const PAPER_OUT = { 1: 0x1e, 2: 0x32, 3: 0x12, 4: 0x7e } as Record<number, number>;

export class FakePrinter {
  received: number[] = [];
  status: Record<number, number> | null = HEALTHY; // null: never answers
  sockets = new Set<Socket>();
  private readonly server: Server;
  private scanned = 0;

  constructor() {
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('data', (chunk) => {
        this.received.push(...chunk);
        // Scan the whole stream: a query may be split across TCP segments.
        for (; this.scanned + 2 < this.received.length; this.scanned++) {
          const i = this.scanned;
          if (this.received[i] === 0x10 && this.received[i + 1] === 0x04) {
            const answer = this.status?.[this.received[i + 2] as number];
            if (answer !== undefined) socket.write(Uint8Array.of(answer));
          }
        }
      });
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => {
      const addr = this.server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : 0);
    }));
  }

  async waitFor(bytes: number, timeoutMs = 2000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.received.length < bytes && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

