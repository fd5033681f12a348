import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../../../printers/decoder.ts';
import { EscPosEncoder } from '../../../printers/encoder.ts';
import { printSample } from '../../../printers/sample.ts';
import {
  MemoryTransport, PrinterError, PrinterUriError, openTransport, parsePrinterUri,
} from '../../../printers/transports/index.ts';
import { hex, toHex } from './hex.ts';

let dir = '';
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'hallq-printers-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('parsePrinterUri', () => {
  it.each([
    ['tcp://192.168.1.50:9100', { kind: 'tcp', host: '192.168.1.50', port: 9100 }],
    ['tcp://printer.local', { kind: 'tcp', host: 'printer.local', port: 9100 }],
    ['tcp://[::1]:9101', { kind: 'tcp', host: '::1', port: 9101 }],
    ['usblp:/dev/usb/lp0', { kind: 'usblp', path: '/dev/usb/lp0' }],
    ['usb:0483:5743', { kind: 'usb', vendorId: 0x0483, productId: 0x5743 }],
    ['usb:04B8:0E15', { kind: 'usb', vendorId: 0x04b8, productId: 0x0e15 }],
    ['file:/tmp/receipts.bin', { kind: 'file', path: '/tmp/receipts.bin' }],
    ['file:///tmp/a%20b.bin', { kind: 'file', path: '/tmp/a b.bin' }],
    ['memory:', { kind: 'memory', name: '' }],
  ])('%s', (uri, expected) => {
    expect(parsePrinterUri(uri)).toEqual(expected);
  });

  it.each([
    '', ' tcp://a', 'lpt1', 'http://printer:9100', 'tcp://', 'tcp://a:99999', 'tcp://a:9100/x', 'tcp://u@a',
    'usblp:dev/usb/lp0', 'usb:483:5743', 'usb:0483-5743', 'usb:0483:5743:1', 'file:',
  ])('rejects %j with BAD_PRINTER_URI', (uri) => {
    expect(() => parsePrinterUri(uri)).toThrow(PrinterUriError);
    try { parsePrinterUri(uri); } catch (e) { expect((e as PrinterUriError).code).toBe('BAD_PRINTER_URI'); }
  });

  it('openTransport rejects bad URIs the same way', async () => {
    await expect(openTransport('serial:COM3')).rejects.toMatchObject({ code: 'BAD_PRINTER_URI' });
  });
});

describe('MemoryTransport', () => {
  it('records writes and answers status queries from its current status', async () => {
    const t = new MemoryTransport();
    await t.write(hex('1B 40'));
    await t.write(hex('10 04 04'));
    expect(toHex(await t.read(1, 0))).toBe('12');
    t.status = { 4: 0x7e };
    await t.write(hex('10 04 04 10 04 01'));
    expect(toHex(await t.read(4, 10))).toBe('7E'); // n=1 has no answer now
    expect(toHex(t.written)).toBe('1B 40 10 04 04 10 04 04 10 04 01');
  });

  it('read waits for data up to the timeout', async () => {
    const t = new MemoryTransport();
    setTimeout(() => t.queueRead([0x16]), 5);
    expect(toHex(await t.read(1, 1000))).toBe('16');
    const t0 = Date.now();
    expect((await t.read(1, 30)).length).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
  });

  it('refuses writes after close', async () => {
    const t = new MemoryTransport();
    await t.close();
    await expect(t.write(hex('0A'))).rejects.toMatchObject({ code: 'PRINTER_CLOSED' });
  });
});

describe('file transport', () => {
  it('appends raw bytes and cannot read', async () => {
    const path = join(dir, 'out.bin');
    for (const b of [hex('1B 40'), hex('41 0A')]) {
      const t = await openTransport(`file:${path}`);
      expect(t.canRead).toBe(false);
      await t.write(b);
      expect((await t.read(1, 10)).length).toBe(0);
      await t.close();
    }
    expect(toHex(await readFile(path))).toBe('1B 40 41 0A');
  });

  it('printSample writes a decodable ticket and slip; status is unknown', async () => {
    const path = join(dir, 'sample.bin');
    const res = await printSample(`file:${path}`, 58);
    const bytes = await readFile(path);
    expect(res.bytesWritten).toBe(bytes.length);
    expect(res.status.known).toBe(false);
    const items = decode(bytes);
    expect(items.filter((i) => i.type === 'cut')).toHaveLength(2);
    expect(items.filter((i) => i.type === 'unknown')).toEqual([]);
  });

  it('an unwritable path is a PRINTER_IO error', async () => {
    await expect(openTransport(`file:${join(dir, 'missing-dir', 'x.bin')}`)).rejects.toMatchObject({ code: 'PRINTER_IO' });
  });
});

describe('usblp transport (on a FIFO standing in for /dev/usb/lp0)', () => {
  it('writes, then reads back without blocking', async () => {
    const fifo = join(dir, 'lp0');
    execFileSync('mkfifo', [fifo]);
    const t = await openTransport(`usblp:${fifo}`);
    expect(t.canRead).toBe(true);
    const t0 = Date.now();
    expect((await t.read(1, 40)).length).toBe(0); // silence: returns after the timeout
    expect(Date.now() - t0).toBeGreaterThanOrEqual(35);
    const bytes = new EscPosEncoder().statusQuery(1).encode();
    await t.write(bytes);
    expect(toHex(await t.read(8, 200))).toBe('10 04 01'); // a FIFO echoes what we wrote
    await t.close();
    await expect(t.write(bytes)).rejects.toMatchObject({ code: 'PRINTER_CLOSED' });
  });

  it('a missing device is PRINTER_NOT_FOUND', async () => {
    await expect(openTransport(`usblp:${join(dir, 'no-lp9')}`)).rejects.toMatchObject({ code: 'PRINTER_NOT_FOUND' });
  });
});

describe('usb transport', () => {
  it('fails clearly with no such device (PRINTER_NOT_FOUND), or without the optional usb package (PRINTER_DRIVER_MISSING)', async () => {
    const installed = await import('usb' as string).then(() => true, () => false);
    const err = await openTransport('usb:0483:5743').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrinterError);
    // With the package present, no such device is plugged in on a test machine.
    expect((err as PrinterError).code).toBe(installed ? 'PRINTER_NOT_FOUND' : 'PRINTER_DRIVER_MISSING');
  });
});
