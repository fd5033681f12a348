// A fake network printer on 127.0.0.1: it keeps what it receives and answers
// DLE EOT n like a real one, from a status the test switches (paper out/in).
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decode, printedLines } from '../../../printers/decoder.ts';
import { sampleHall, sampleTicket } from '../../../printers/sample.ts';
import { canPrint, queryStatus } from '../../../printers/status.ts';
import { renderTicket } from '../../../printers/templates/ticket.ts';
import { openTransport, type PrinterTransport } from '../../../printers/transports/index.ts';

const HEALTHY = { 1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12 } as Record<number, number>;
const PAPER_OUT = { 1: 0x1e, 2: 0x32, 3: 0x12, 4: 0x7e } as Record<number, number>;

class FakePrinter {
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

describe('tcp transport against a fake network printer', () => {
  let printer: FakePrinter;
  let port = 0;
  let transport: PrinterTransport | undefined;

  beforeEach(async () => {
    printer = new FakePrinter();
    port = await printer.listen();
  });
  afterEach(async () => {
    await transport?.close();
    transport = undefined;
    await printer.close();
  });

  it('delivers a ticket byte for byte', async () => {
    transport = await openTransport(`tcp://127.0.0.1:${port}`);
    expect(transport.canRead).toBe(true);
    const bytes = renderTicket(sampleTicket, { width: 80, hall: sampleHall });
    await transport.write(bytes);
    await printer.waitFor(bytes.length);
    expect(Uint8Array.from(printer.received)).toEqual(bytes);
    const lines = printedLines(decode(Uint8Array.from(printer.received)));
    expect(lines.some((l) => l.text === sampleTicket.number)).toBe(true);
  });

  it('reads status through queryStatus, following paper out and back', async () => {
    transport = await openTransport(`tcp://127.0.0.1:${port}`);
    const ok = await queryStatus(transport, 500);
    expect(ok).toMatchObject({ known: true, online: true, paperOut: false });
    expect(canPrint(ok)).toBe(true);

    printer.status = PAPER_OUT;
    const out = await queryStatus(transport, 500);
    expect(out).toMatchObject({ known: true, online: false, paperOut: true, paperNearEnd: true });
    expect(canPrint(out)).toBe(false);

    printer.status = HEALTHY;
    expect(canPrint(await queryStatus(transport, 500))).toBe(true);
    // Every query went out as DLE EOT 1..4, three times.
    expect(printer.received).toEqual(Array(3).fill([0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 3, 0x10, 4, 4]).flat());
  });

  it('a printer that never answers gives unknown status after the timeout', async () => {
    printer.status = null;
    transport = await openTransport(`tcp://127.0.0.1:${port}`);
    const t0 = Date.now();
    const s = await queryStatus(transport, 60);
    expect(s).toMatchObject({ known: false, online: null, paperOut: null });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('a refused connection is PRINTER_IO', async () => {
    await printer.close();
    await expect(openTransport(`tcp://127.0.0.1:${port}`)).rejects.toMatchObject({ code: 'PRINTER_IO' });
    printer = new FakePrinter(); // afterEach closes a fresh, unused one
    await printer.listen();
  });

  it('writes fail once the printer has dropped the connection', async () => {
    transport = await openTransport(`tcp://127.0.0.1:${port}`);
    for (const s of printer.sockets) s.destroy();
    await new Promise((r) => setTimeout(r, 50));
    await expect(transport.write(Uint8Array.of(0x0a))).rejects.toMatchObject({
      code: expect.stringMatching(/^PRINTER_(IO|CLOSED)$/),
    });
  });
});
