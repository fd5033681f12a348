import { describe, expect, it } from 'vitest';
import { canPrint, decodeStatus, isStatusByte, queryStatus } from '../../../printers/status.ts';
import { HEALTHY_STATUS, MemoryTransport } from '../../../printers/transports/memory.ts';
import { toHex } from './hex.ts';

describe('decodeStatus', () => {
  it('a healthy printer (0x16 0x12 0x12 0x12) is online with paper and cover shut', () => {
    const s = decodeStatus([0x16, 0x12, 0x12, 0x12]);
    expect(s).toMatchObject({
      known: true, online: true, coverOpen: false, paperOut: false, paperNearEnd: false,
      error: false, feedButton: false, raw: [0x16, 0x12, 0x12, 0x12],
    });
    expect(canPrint(s)).toBe(true);
  });

  it('n=1 bit 3 means offline', () => {
    expect(decodeStatus([0x1e, 0x12, 0x12, 0x12]).online).toBe(false);
  });

  it('n=2: bit 2 cover open, bit 3 feed button, bit 5 stopped at paper end, bit 6 error', () => {
    expect(decodeStatus([0x1e, 0x16, 0x12, 0x12])).toMatchObject({ coverOpen: true, paperOut: false, error: false });
    expect(decodeStatus([0x16, 0x1a, 0x12, 0x12]).feedButton).toBe(true);
    expect(decodeStatus([0x1e, 0x32, 0x12, 0x12]).paperOut).toBe(true);
    expect(decodeStatus([0x1e, 0x52, 0x12, 0x12]).error).toBe(true);
  });

  it('n=3 error causes', () => {
    expect(decodeStatus([0x1e, 0x52, 0x1a, 0x12]).errorCause)
      .toEqual({ autocutter: true, unrecoverable: false, autoRecoverable: false });
    expect(decodeStatus([0x1e, 0x52, 0x72, 0x12]).errorCause)
      .toEqual({ autocutter: false, unrecoverable: true, autoRecoverable: true });
  });

  it('n=4: bits 2,3 near end, bits 5,6 paper end', () => {
    const near = decodeStatus([0x16, 0x12, 0x12, 0x1e]);
    expect(near).toMatchObject({ paperNearEnd: true, paperOut: false });
    expect(canPrint(near)).toBe(true);
    const out = decodeStatus([0x1e, 0x32, 0x12, 0x7e]);
    expect(out).toMatchObject({ paperNearEnd: true, paperOut: true, online: false });
    expect(canPrint(out)).toBe(false);
  });

  it('bytes not shaped 0xx1xx10 are treated as no answer', () => {
    expect(isStatusByte(0x12)).toBe(true);
    expect(isStatusByte(0x00)).toBe(false);
    expect(isStatusByte(0x93)).toBe(false);
    const s = decodeStatus([0x16, 0x00, 0x12, 0x12]);
    expect(s).toMatchObject({ known: false, online: true, coverOpen: null, error: null, raw: [0x16, null, 0x12, 0x12] });
    expect(canPrint(s)).toBe(false);
  });
});

describe('queryStatus', () => {
  it('sends DLE EOT 1..4 and decodes the answers', async () => {
    const t = new MemoryTransport();
    t.status = { ...HEALTHY_STATUS, 4: 0x7e, 2: 0x32 };
    const s = await queryStatus(t, 50);
    expect(toHex(t.written)).toBe('10 04 01 10 04 02 10 04 03 10 04 04');
    expect(s).toMatchObject({ known: true, paperOut: true, paperNearEnd: true });
  });

  it('drains a stale byte so answers do not shift', async () => {
    const t = new MemoryTransport();
    t.queueRead([0x1e]); // a late answer to an earlier query
    const s = await queryStatus(t, 50);
    expect(s.online).toBe(true);
    expect(s.raw).toEqual([0x16, 0x12, 0x12, 0x12]);
  });

  it('a silent printer is unknown, asked once only', async () => {
    const t = new MemoryTransport('memory:', {});
    const s = await queryStatus(t, 20);
    expect(s).toMatchObject({ known: false, online: null, paperOut: null });
    expect(toHex(t.written)).toBe('10 04 01');
  });

  it('a write-only transport is unknown without writing anything', async () => {
    const writes: Uint8Array[] = [];
    const t = {
      uri: 'file:/x', canRead: false,
      write: async (b: Uint8Array) => void writes.push(b),
      read: async () => new Uint8Array(0),
      close: async () => {},
    };
    expect((await queryStatus(t, 10)).known).toBe(false);
    expect(writes).toHaveLength(0);
  });
});
