import { describe, expect, it } from 'vitest';
import { EscPosArgumentError, EscPosEncoder, statusQuery } from '../../../printers/encoder.ts';
import { hex, toHex } from './hex.ts';

const enc = (): EscPosEncoder => new EscPosEncoder();
const bytes = (e: EscPosEncoder): string => toHex(e.encode());

describe('EscPosEncoder primitives (hand-checked against the ESC/POS manual)', () => {
  it('init is ESC @', () => expect(bytes(enc().init())).toBe('1B 40'));

  it('chinese on is FS &, off is FS .', () => {
    expect(bytes(enc().chinese(true))).toBe('1C 26');
    expect(bytes(enc().chinese(false))).toBe('1C 2E');
  });

  it('text: ASCII stays single-byte, 中 is GB18030 D6 D0, 号 is BA C5', () => {
    expect(bytes(enc().text('A1'))).toBe('41 31');
    expect(bytes(enc().chinese(true).text('中号A'))).toBe('1C 26 D6 D0 BA C5 41');
  });

  it('text: a character outside GBK uses the 4-byte GB18030 form', () => {
    // U+20000 𠀀 = 95 32 82 36 in GB18030
    expect(bytes(enc().chinese(true).text('𠀀'))).toBe('1C 26 95 32 82 36');
  });

  it('text refuses Chinese while the printer is in single-byte mode', () => {
    expect(() => enc().text('中')).toThrow(EscPosArgumentError);
    expect(() => enc().chinese(true).init().text('中')).toThrow(/FS &/);
  });

  it('text never sends a control character: ESC becomes "?", a tab a space', () => {
    expect(bytes(enc().text('A\x1bB'))).toBe('41 3F 42');
    expect(bytes(enc().text('A\tB'))).toBe('41 20 42');
  });

  it('newline/line end with LF and \\n in text becomes LF', () => {
    expect(bytes(enc().line('ab'))).toBe('61 62 0A');
    expect(bytes(enc().text('a\nb').newline(2))).toBe('61 0A 62 0A 0A');
  });

  it('align is ESC a 0/1/2', () => {
    expect(bytes(enc().align('left').align('center').align('right'))).toBe('1B 61 00 1B 61 01 1B 61 02');
  });

  it('bold is ESC E 1/0', () => expect(bytes(enc().bold(true).bold(false))).toBe('1B 45 01 1B 45 00'));

  it('underline sets both ESC - (ANK) and FS - (two-byte)', () => {
    expect(bytes(enc().underline(1))).toBe('1B 2D 01 1C 2D 01');
    expect(bytes(enc().underline(false))).toBe('1B 2D 00 1C 2D 00');
  });

  it('size is GS ! with width-1 in the high nibble and height-1 in the low', () => {
    expect(bytes(enc().size(1, 1))).toBe('1D 21 00');
    expect(bytes(enc().size(4, 4))).toBe('1D 21 33');
    expect(bytes(enc().size(2, 1))).toBe('1D 21 10');
    expect(bytes(enc().size(8, 8))).toBe('1D 21 77');
    expect(bytes(enc().doubleWidth(true).doubleHeight(true))).toBe('1D 21 10 1D 21 01');
    expect(() => enc().size(9, 1)).toThrow(EscPosArgumentError);
    expect(() => enc().size(0, 1)).toThrow(EscPosArgumentError);
  });

  it('qr: model 2, size, level, store (pL pH = len+3), print', () => {
    expect(bytes(enc().qr('AB', { size: 6, level: 'H' }))).toBe(toHex(hex(`
      1D 28 6B 04 00 31 41 32 00
      1D 28 6B 03 00 31 43 06
      1D 28 6B 03 00 31 45 33
      1D 28 6B 05 00 31 50 30 41 42
      1D 28 6B 03 00 31 51 30`)));
  });

  it('qr: data longer than 252 bytes carries pH', () => {
    const out = enc().qr('x'.repeat(300), { level: 'L' }).encode();
    // store header starts after model (9) + size (8) + level (8) bytes
    expect(toHex(out.subarray(25, 33))).toBe('1D 28 6B 2F 01 31 50 30'); // 303 = 0x012F
    expect(() => enc().qr('')).toThrow(EscPosArgumentError);
    expect(() => enc().qr('a', { size: 17 })).toThrow(EscPosArgumentError);
  });

  it('barcode128: GS h, GS w, GS H, GS k 73 n with {B prefix; "{" escaped', () => {
    expect(bytes(enc().barcode128('A{1', { height: 64, width: 2, hri: 'below' }))).toBe(
      '1D 68 40 1D 77 02 1D 48 02 1D 6B 49 06 7B 42 41 7B 7B 31');
    expect(() => enc().barcode128('中')).toThrow(EscPosArgumentError);
    expect(() => enc().barcode128('')).toThrow(EscPosArgumentError);
  });

  it('feed is ESC d n', () => expect(bytes(enc().feed(3))).toBe('1B 64 03'));

  it('cut: GS V 66 n partial, GS V 65 n full', () => {
    expect(bytes(enc().cut())).toBe('1D 56 42 00');
    expect(bytes(enc().cut(false, 16))).toBe('1D 56 41 10');
  });

  it('status queries are DLE EOT n', () => {
    expect(toHex(statusQuery(1))).toBe('10 04 01');
    expect(bytes(enc().statusQuery(4))).toBe('10 04 04');
  });

  it('raw appends bytes as given and rejects non-bytes', () => {
    expect(bytes(enc().raw([0x1b, 0x40]).raw(hex('0A')))).toBe('1B 40 0A');
    expect(() => enc().raw([256])).toThrow(EscPosArgumentError);
  });
});
