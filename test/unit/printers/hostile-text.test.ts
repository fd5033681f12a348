import { describe, expect, it } from 'vitest';
import { decode, printedLines, type PrintItem } from '../../../printers/decoder.ts';
import { EscPosEncoder } from '../../../printers/encoder.ts';
import { PAPER, displayWidth, fitQrSize, hanging, wrap } from '../../../printers/layout.ts';
import { toPrintable } from '../../../printers/printable.ts';
import { refusedCharacter } from '../../../protocol/text.ts';
import { samplePickupSlip, sampleHall, sampleTicket } from '../../../printers/sample.ts';
import { renderPickupSlip } from '../../../printers/templates/pickup-slip.ts';
import { renderTicket } from '../../../printers/templates/ticket.ts';

/**
 * Text stored before input was checked (or written by another tool) reaches the encoder as it
 * is. Whatever it holds, a receipt still comes out: no throw, no control byte sent as text, no
 * line wider than the paper.
 */
const HOSTILE = [
  '\u0000', '\u001b@', '\u001dV\u0000', '\u0010\u0004\u0001', '\u0007', '\u007f', '\u009b', '\u0085',
  '\t', '\r\n', '\u2028', '\u202e', '\u2066', '\u200d', '\ufeff', '\u00ad',
  '\ud800', '\udfff', '\ufffe', '\uffff', '\ufffd', '\u{10ffff}',
  '😀', '👨‍👩‍👧', '❤️', '𠮷', '\ue000',
  'x'.repeat(300), '号'.repeat(200), 'http://' + 'a'.repeat(120) + '.example',
];
const NASTY = `张${HOSTILE.join('三')}明`;

const textOf = (items: PrintItem[]): string => items.flatMap((i) => (i.type === 'text' ? [i.text] : [])).join('');
const encode = (s: string): PrintItem[] => decode(new EscPosEncoder().chinese(true).text(s).encode());

describe('the encoder prints any string, replacing what the printer cannot print', () => {
  const label = (h: string): string => Array.from(h.slice(0, 12), (c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
  it.each(HOSTILE.map((h) => [label(h), h]))('%s', (_name, h) => {
    const items = encode(`A${h}B`);
    // Decoded back it is only text and line feeds: nothing the printer would run as a command.
    expect(items.filter((i) => !['chinese', 'text', 'newline'].includes(i.type))).toEqual([]);
    const text = textOf(items);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/u);
    expect(text.startsWith('A') && text.endsWith('B')).toBe(true);
    expect(text).not.toContain('\ufffd');
  });

  it('replaces controls, lone surrogates, noncharacters and emoji with "?", drops invisible marks, keeps 生僻字', () => {
    expect(textOf(encode('张\u001b@三'))).toBe('张?@三');
    expect(textOf(encode('a\u0000b\u0007c\u007fd\u009be'))).toBe('a?b?c?d?e');
    expect(textOf(encode('a\ud800b\ufffec'))).toBe('a?b?c');
    expect(textOf(encode('好评😀'))).toBe('好评?');
    expect(textOf(encode('\ufeff李\u202e四\u200d'))).toBe('李四');
    expect(textOf(encode('a\tb\rc'))).toBe('a b c');
    expect(textOf(encode('吉𠮷'))).toBe('吉𠮷');
    expect(toPrintable('第一行\n第二行')).toBe('第一行\n第二行');
  });

  it('what it makes of any string is text the server accepts (the agent reports errors through it)', () => {
    for (const h of [...HOSTILE, NASTY]) expect(refusedCharacter(toPrintable(h), 'text')).toBeNull();
  });

  it('the ESC/POS bytes of hostile text hold no control byte but LF', () => {
    const bytes = new EscPosEncoder().chinese(true).text(NASTY).encode().subarray(2);
    expect(Array.from(bytes).filter((b) => b < 0x20 && b !== 0x0a)).toEqual([]);
  });
});

describe('layout over hostile text', () => {
  it('wraps to the columns and counts what is really sent', () => {
    for (const cols of [48, 32, 24, 12]) {
      for (const l of wrap(NASTY, cols)) expect(displayWidth(l), l).toBeLessThanOrEqual(cols);
      for (const l of hanging('申 请 人：', NASTY, cols)) expect(displayWidth(l), l).toBeLessThanOrEqual(cols);
    }
    for (const h of HOSTILE) expect(displayWidth(h)).toBe(displayWidth(toPrintable(h)));
  });

  it('a QR too long for version 10 still gets a module size that fits the paper', () => {
    for (const paper of [80, 58] as const) {
      const size = fitQrSize(900, 'M', paper);
      expect((177 + 8) * size).toBeLessThanOrEqual(PAPER[paper].dots);
    }
  });
});

describe.each([80, 58] as const)('receipts whose every text is hostile, at %i mm', (width) => {
  const hall = { ...sampleHall, hallName: NASTY, header: [NASTY, '\u001b'], footer: ['\u0007', NASTY], logoText: '\u001b@政务', notices: [NASTY] };

  const check = (bytes: Uint8Array): PrintItem[] => {
    const items = decode(bytes);
    expect(items.filter((i) => i.type === 'unknown')).toEqual([]);
    for (const line of printedLines(items)) expect(line.columns, line.text).toBeLessThanOrEqual(PAPER[width].columns);
    expect(textOf(items)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u);
    expect(items.filter((i) => i.type === 'cut')).toHaveLength(1);
    expect(items[items.length - 1]).toMatchObject({ type: 'cut' });
    return items;
  };

  it('the ticket prints, the number and QR intact', () => {
    const bytes = renderTicket(
      { ...sampleTicket, categoryName: NASTY, matterName: NASTY, windows: [NASTY, '3号窗口 \u001b综合'], materials: [NASTY, '\u0000'], rules: [NASTY], priorityLabel: '\u202e老年人' },
      { width, hall },
    );
    const items = check(bytes);
    expect(textOf(items)).toContain(sampleTicket.number);
    expect(items.find((i) => i.type === 'qr')).toMatchObject({ data: sampleTicket.qrUrl });
  });

  it('the pickup slip prints, the pickup code and barcode intact', () => {
    const bytes = renderPickupSlip(
      { ...samplePickupSlip, matterName: NASTY, applicantName: '张\u0000明', clerkName: '\u001b李', windowName: NASTY, collect: { method: NASTY, place: '\u0007', hours: NASTY }, missing: { items: [NASTY], deadline: '2026-01-01' } },
      { width, hall },
    );
    const items = check(bytes);
    expect(items.find((i) => i.type === 'barcode')).toMatchObject({ data: samplePickupSlip.pickupCode });
    expect(textOf(items)).toContain('张?明');
  });

  it('a stored pickup code CODE128 cannot carry leaves the barcode out, the slip still prints', () => {
    const items = check(renderPickupSlip({ ...samplePickupSlip, pickupCode: '取\u001b件' }, { width, hall }));
    expect(items.filter((i) => i.type === 'barcode')).toEqual([]);
    expect(textOf(items)).toContain('取?件');
  });
});
