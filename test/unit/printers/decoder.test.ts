import { describe, expect, it } from 'vitest';
import { decode, printedLines, renderText, type PrintItem } from '../../../printers/decoder.ts';
import { EscPosEncoder } from '../../../printers/encoder.ts';
import { hex } from './hex.ts';

const texts = (items: PrintItem[]): string[] =>
  items.flatMap((i) => (i.type === 'text' ? [i.text] : []));

describe('decode', () => {
  it('decodes GB18030 two-byte text only after FS &', () => {
    expect(texts(decode(hex('1C 26 D6 D0 BA C5 41')))).toEqual(['中号A']);
    // Without FS & a printer prints each byte as its own single-byte glyph.
    const off = texts(decode(hex('D6 D0 41'))).join('');
    expect(off).not.toContain('中');
    expect(off).toBe('\uFFFD\uFFFDA');
    // FS . switches back to single-byte mode.
    expect(texts(decode(hex('1C 26 D6 D0 1C 2E D6 D0'))).join('')).toBe('中\uFFFD\uFFFD');
  });

  it('decodes 4-byte GB18030 and counts it as one full-width cell', () => {
    const [t] = decode(hex('1C 26 95 32 82 36'))
      .filter((i): i is Extract<PrintItem, { type: 'text' }> => i.type === 'text');
    expect(t?.text).toBe('𠀀');
    expect(t?.columns).toBe(2);
  });

  it('ESC @ leaves Chinese mode, so a template must send FS & after it', () => {
    expect(texts(decode(hex('1C 26 1B 40 D6 D0'))).join('')).toBe('\uFFFD\uFFFD');
  });

  it('tracks style state into text runs', () => {
    const bytes = new EscPosEncoder().chinese(true).align('center').bold(true).size(2, 3).underline(1)
      .text('取号').underline(0).bold(false).size(1, 1).text('A').encode();
    const runs = decode(bytes).filter((i) => i.type === 'text');
    expect(runs).toEqual([
      { type: 'text', text: '取号', align: 'center', bold: true, underline: 1, width: 2, height: 3, columns: 8 },
      { type: 'text', text: 'A', align: 'center', bold: false, underline: 0, width: 1, height: 1, columns: 1 },
    ]);
  });

  it('decodes QR, CODE128, feed, cut, init and status queries', () => {
    const bytes = new EscPosEncoder().init().qr('https://x.cn/t/1', { size: 7, level: 'Q' })
      .barcode128('QH{7', { height: 50, width: 3, hri: 'none' }).feed(4).statusQuery(2).cut(false, 5).encode();
    expect(decode(bytes)).toEqual([
      { type: 'init' },
      { type: 'qr', data: 'https://x.cn/t/1', size: 7, level: 'Q', model: 2 },
      { type: 'barcode', symbology: 'CODE128', data: 'QH{7', height: 50, width: 3, hri: 0 },
      { type: 'feed', lines: 4 },
      { type: 'status-query', n: 2 },
      { type: 'cut', partial: false, feed: 5 },
    ]);
    expect(decode(hex('1D 56 01'))).toEqual([{ type: 'cut', partial: true, feed: 0 }]);
  });

  it('decodes CODE128 code set C as digit pairs', () => {
    const items = decode(hex('1D 6B 49 05 7B 43 0C 22 38'));
    expect(items).toEqual([expect.objectContaining({ type: 'barcode', data: '123456' })]);
  });

  it('reports unknown commands instead of skipping them', () => {
    const items = decode(hex('1B 21 08 41 1B 7E 1D 56 61'));
    expect(items).toEqual([
      { type: 'unknown', offset: 0, bytes: [0x1b, 0x21, 0x08] }, // ESC ! n: known length, not supported
      expect.objectContaining({ type: 'text', text: 'A' }),
      { type: 'unknown', offset: 4, bytes: [0x1b, 0x7e] },
      { type: 'unknown', offset: 6, bytes: [0x1d, 0x56, 0x61] },
    ]);
  });

  it('reports a QR print with nothing stored and a truncated command', () => {
    expect(decode(hex('1D 28 6B 03 00 31 51 30'))[0]).toMatchObject({ type: 'unknown' });
    expect(decode(hex('41 1D 28 6B 09 00 31 50'))).toEqual([
      expect.objectContaining({ type: 'text', text: 'A' }),
      { type: 'unknown', offset: 1, bytes: [0x1d, 0x28, 0x6b, 0x09, 0x00, 0x31, 0x50] },
    ]);
  });
});

describe('printedLines and renderText', () => {
  const bytes = new EscPosEncoder().init().chinese(true)
    .align('center').size(4, 4).line('A012')
    .size(1, 1).align('left').text('前面').bold(true).text(' 7 ').bold(false).line('人')
    .qr('u').feed(1).cut().encode();

  it('computes columns per line including the width multiplier', () => {
    const lines = printedLines(decode(bytes));
    expect(lines.map((l) => [l.text, l.columns, l.align])).toEqual([
      ['A012', 16, 'center'],
      ['前面 7 人', 9, 'left'],
    ]);
  });

  it('renders a plain preview with alignment, QR and cut markers', () => {
    const text = renderText(decode(bytes), 32);
    expect(text.split('\n')).toEqual([
      ' '.repeat(8) + 'A012',
      '前面 7 人',
      '[QR M ×6] u', // encoder defaults
      '',
      '-'.repeat(27) + ' cut',
    ]);
  });
});
