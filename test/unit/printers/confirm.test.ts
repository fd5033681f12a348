import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReady, deliver } from '../../../printers/confirm.ts';
import { HEALTHY_STATUS, MemoryTransport, PrinterError, PrinterUriError, openTransport, parseServerPrinterUri } from '../../../printers/transports/index.ts';
import { openWithin, TimedTransport } from '../../../printers/transports/timeouts.ts';
import type { PrinterTransport } from '../../../printers/transports/types.ts';

const LIMITS = { statusTimeoutMs: 50, confirmTimeoutMs: 80 };
const PAPER_OUT = { 1: 0x1e, 2: 0x32, 3: 0x12, 4: 0x7e };
const JOB = Uint8Array.of(0x1b, 0x40, 0x41, 0x0a);

/** A memory printer that changes its status once it has taken a job's bytes. */
class AfterJob extends MemoryTransport {
  constructor(private readonly then: Record<number, number>) {
    super('memory:');
  }
  override async write(bytes: Uint8Array): Promise<void> {
    if (bytes[0] !== 0x10) this.status = { ...this.then };
    return super.write(bytes);
  }
}

describe('checkReady and deliver: done means the printer answered after the bytes', () => {
  it('a healthy printer is ready and confirms', async () => {
    const t = new MemoryTransport();
    expect(await checkReady(t, LIMITS)).toMatchObject({ ready: true, state: 'ok' });
    expect(await deliver(t, JOB, LIMITS)).toMatchObject({ confirmed: true, state: 'ok' });
    // The confirming query went after the job's bytes.
    const jobAt = t.writes.findIndex((w) => w.length === JOB.length && w.every((b, i) => b === JOB[i]));
    expect(jobAt).toBeGreaterThan(-1);
    expect(t.writes.slice(jobAt + 1).some((w) => w[0] === 0x10 && w[1] === 0x04)).toBe(true);
  });

  it('silence before the job is "unknown", not ready, and not a paper wait', async () => {
    const r = await checkReady(new MemoryTransport('memory:', {}), LIMITS);
    expect(r).toMatchObject({ ready: false, state: 'unknown', waiting: false, error: expect.stringMatching(/^PRINTER_NO_ANSWER/) });
  });

  it('silence after the job is not a confirmation', async () => {
    const d = await deliver(new AfterJob({}), JOB, LIMITS);
    expect(d).toMatchObject({ confirmed: false, state: 'unknown', written: true, waiting: false, error: expect.stringMatching(/^PRINTER_NO_CONFIRM/) });
  });

  it('paper out after the job: not confirmed, waits for paper', async () => {
    expect(await deliver(new AfterJob(PAPER_OUT), JOB, LIMITS)).toMatchObject({ confirmed: false, state: 'paper_out', waiting: true, written: true });
    expect(await checkReady(new MemoryTransport('memory:', PAPER_OUT), LIMITS)).toMatchObject({ ready: false, state: 'paper_out', waiting: true });
  });

  it('a closed link is neither ready nor confirmed, and deliver never throws', async () => {
    const t = new MemoryTransport();
    await t.close();
    await expect(checkReady(t, LIMITS)).rejects.toThrow(PrinterError);
    expect(await deliver(t, JOB, LIMITS)).toMatchObject({ confirmed: false, state: 'unreachable', written: true, error: expect.stringMatching(/^PRINTER_WRITE/) });
  });
});

describe('every transport has connect, write and read timeouts', () => {
  const limits = { connectTimeoutMs: 60, writeTimeoutMs: 60, readTimeoutMs: 60 };

  it('a write that never ends fails with PRINTER_TIMEOUT and drops the link', async () => {
    const inner = new MemoryTransport();
    inner.stalled = true;
    const t = new TimedTransport(inner, limits);
    const start = Date.now();
    await expect(t.write(JOB)).rejects.toMatchObject({ code: 'PRINTER_TIMEOUT' });
    expect(Date.now() - start).toBeLessThan(1000);
    expect(inner.isClosed).toBe(true);
    await expect(t.write(JOB)).rejects.toMatchObject({ code: 'PRINTER_TIMEOUT' });
  });

  it('a read is capped at readTimeoutMs, and one that hangs past it fails', async () => {
    const healthy = new TimedTransport(new MemoryTransport('memory:', {}), limits);
    const start = Date.now();
    expect(await healthy.read(1, 60_000)).toEqual(new Uint8Array(0));
    expect(Date.now() - start).toBeLessThan(1000);
    const inner = new MemoryTransport();
    inner.stalled = true;
    await expect(new TimedTransport(inner, limits).read(1, 10)).rejects.toMatchObject({ code: 'PRINTER_TIMEOUT' });
  });

  it('an open that never ends fails with PRINTER_CONNECT_TIMEOUT; a late one is closed, not leaked', async () => {
    let resolveLate!: (t: PrinterTransport) => void;
    const late = new MemoryTransport();
    const opening = openWithin('memory:', () => new Promise((r) => (resolveLate = r)), limits);
    await expect(opening).rejects.toMatchObject({ code: 'PRINTER_CONNECT_TIMEOUT' });
    resolveLate(late);
    await new Promise((r) => setImmediate(r));
    expect(late.isClosed).toBe(true);
  });

  it('openTransport wraps every kind: a healthy memory printer still answers through it', async () => {
    const t = await openTransport('memory:', limits);
    expect(t).toBeInstanceOf(TimedTransport);
    await t.write(Uint8Array.of(0x10, 0x04, 1));
    expect(await t.read(1, 100)).toEqual(Uint8Array.of(HEALTHY_STATUS[1]));
  });
});

describe('the server policy for printer URIs', () => {
  let spoolDir = '';
  let outside = '';
  beforeAll(async () => {
    spoolDir = await mkdtemp(join(tmpdir(), 'hallq-spool-'));
    outside = await mkdtemp(join(tmpdir(), 'hallq-outside-'));
  });
  afterAll(async () => {
    await rm(spoolDir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('keeps file: inside the spool (relative names land there) and usblp: on /dev/usb/lpN', () => {
    const policy = { spoolDir };
    expect(parseServerPrinterUri('file:kiosk.bin', policy)).toEqual({ kind: 'file', path: join(spoolDir, 'kiosk.bin') });
    expect(parseServerPrinterUri(`file:${spoolDir}/a/b.bin`, policy)).toEqual({ kind: 'file', path: join(spoolDir, 'a/b.bin') });
    expect(parseServerPrinterUri('usblp:/dev/usb/lp12', policy)).toEqual({ kind: 'usblp', path: '/dev/usb/lp12' });
    for (const bad of ['file:/etc/x', 'file:../x', `file:${spoolDir}`, `file:${spoolDir}/../x`, 'usblp:/tmp/x', 'usblp:/dev/usb/lp', 'memory:', 'tcp://u:p@h:9100', 'tcp://h:0']) {
      expect(() => parseServerPrinterUri(bad, policy), bad).toThrow(PrinterUriError);
    }
  });

  it('opening checks again: a path outside, or a symlink inside pointing out, is never written', async () => {
    const target = join(outside, 'target.bin');
    await writeFile(target, '');
    await symlink(target, join(spoolDir, 'link.bin'));
    await expect(openTransport(`file:${outside}/x.bin`, { policy: { spoolDir } })).rejects.toBeInstanceOf(PrinterUriError);
    await expect(openTransport(`file:${spoolDir}/link.bin`, { policy: { spoolDir } })).rejects.toBeInstanceOf(PrinterUriError);
    expect((await readFile(target)).length).toBe(0);
    // Without a policy (the machine owner's command line) an explicit path is fine.
    const t = await openTransport(`file:${outside}/cli.bin`);
    await t.write(JOB);
    await t.close();
    expect(new Uint8Array(await readFile(join(outside, 'cli.bin')))).toEqual(JOB);
  });
});
