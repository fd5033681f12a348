// A fake network printer on 127.0.0.1: it keeps what it receives and answers
// DLE EOT n like a real one, from a status the test switches (paper out/in).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decode, printedLines } from '../../../printers/decoder.ts';
import { sampleHall, sampleTicket } from '../../../printers/sample.ts';
import { canPrint, queryStatus } from '../../../printers/status.ts';
import { renderTicket } from '../../../printers/templates/ticket.ts';
import { openTransport, type PrinterTransport } from '../../../printers/transports/index.ts';
import { FakePrinter, HEALTHY, PAPER_OUT } from '../../helpers/fake-printer.ts';

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

  it('a printer that takes the connection and never reads: the write times out instead of hanging', async () => {
    printer.hung = true;
    transport = await openTransport(`tcp://127.0.0.1:${port}`, { writeTimeoutMs: 300 });
    const t0 = Date.now();
    // Far more than the socket buffers on both ends hold, so the write can only end by its timeout.
    await expect(transport.write(new Uint8Array(64 * 1024 * 1024))).rejects.toMatchObject({ code: 'PRINTER_TIMEOUT' });
    expect(Date.now() - t0).toBeLessThan(5000);
    await expect(transport.write(Uint8Array.of(0x0a))).rejects.toMatchObject({ code: 'PRINTER_TIMEOUT' });
  });
});
