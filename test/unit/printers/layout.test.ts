import { describe, expect, it } from 'vitest';
import {
  PAPER, alignLine, code128Dots, columnsAt, displayWidth, divider, fitQrSize, hanging, padEnd, padStart,
  qrModules, twoColumns, wrap,
} from '../../../printers/layout.ts';

describe('display width', () => {
  it('counts ASCII as 1 and every GB18030 multi-byte character as 2', () => {
    expect(displayWidth('A012')).toBe(4);
    expect(displayWidth('不动产登记')).toBe(10);
    expect(displayWidth('3号窗口')).toBe(7);
    expect(displayWidth('（）：')).toBe(6);
    expect(displayWidth('张*明')).toBe(5);
    expect(displayWidth('𠀀')).toBe(2); // one code point, two UTF-16 units
  });

  it('paper widths are 48 / 32 columns and shrink with the width multiplier', () => {
    expect(PAPER[80].columns).toBe(48);
    expect(PAPER[58].columns).toBe(32);
    expect(columnsAt(80, 2)).toBe(24);
    expect(columnsAt(58, 3)).toBe(10);
    expect(columnsAt(80, 4)).toBe(12);
  });
});

describe('wrap', () => {
  it('never splits a CJK character and never exceeds the width', () => {
    const lines = wrap('请携带本人有效身份证件原件及复印件一份', 15);
    expect(lines).toEqual(['请携带本人有效', '身份证件原件及', '复印件一份']);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(15);
  });

  it('moves ASCII words whole and chops only words longer than a line', () => {
    expect(wrap('3号窗口 综合受理 window three', 12)).toEqual(['3号窗口 综合', '受理 window', 'three']);
    expect(wrap('url https://a.example.cn/abcdef', 10)).toEqual(['url https:', '//a.exampl', 'e.cn/abcde', 'f']);
  });

  it('keeps closing punctuation off the start of a line (禁则)', () => {
    // 8 columns: "一二三四" fills the line; "，" may not start the next one.
    expect(wrap('一二三四，五六', 8)).toEqual(['一二三', '四，五六']);
  });

  it('keeps an opening bracket with what follows', () => {
    expect(wrap('工作日 9:00-17:00（中午不休）', 18)).toEqual(['工作日 9:00-17:00', '（中午不休）']);
  });

  it('keeps explicit line breaks and paragraph indentation, drops wrap-leading spaces', () => {
    expect(wrap('甲乙\n  丙', 10)).toEqual(['甲乙', '  丙']);
    expect(wrap('aaaa bbbb', 4)).toEqual(['aaaa', 'bbbb']);
  });

  it('hanging indents continuation lines under the value', () => {
    const lines = hanging('事项名称：', '国有建设用地使用权转移登记', 20);
    expect(lines).toEqual(['事项名称：国有建设用', '          地使用权转', '          移登记']);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(20);
  });
});

describe('padding, rows and dividers', () => {
  it('pads by columns, not by string length', () => {
    expect(padEnd('中', 4)).toBe('中  ');
    expect(padStart('中', 4)).toBe('  中');
    expect(alignLine('中文', 10, 'center')).toBe('   中文');
    expect(alignLine('ab', 5, 'right')).toBe('   ab');
  });

  it('twoColumns puts the value flush right, or below when it does not fit', () => {
    const [row] = twoColumns('等待人数', '7人', 20);
    expect(row).toBe('等待人数' + ' '.repeat(9) + '7人');
    expect(displayWidth(row ?? '')).toBe(20);
    expect(twoColumns('事项名称', '国有建设用地使用权', 16)).toEqual(['事项名称', '国有建设用地使用', '              权']);
  });

  it('divider fills the width with single- or double-width characters', () => {
    expect(divider(5)).toBe('-----');
    expect(divider(5, '＝')).toBe('＝＝');
  });
});

describe('symbol sizes', () => {
  it('QR modules follow the byte-mode capacity table', () => {
    expect(qrModules(14, 'M')).toBe(21); // version 1
    expect(qrModules(15, 'M')).toBe(25); // version 2
    expect(qrModules(62, 'M')).toBe(33); // version 4
    expect(() => qrModules(500, 'M')).toThrow(RangeError);
  });

  it('fitQrSize keeps symbol plus quiet zone within the paper', () => {
    const s58 = fitQrSize(60, 'M', 58, 16);
    expect((qrModules(60, 'M') + 8) * s58).toBeLessThanOrEqual(384);
    expect((qrModules(60, 'M') + 8) * (s58 + 1)).toBeGreaterThan(384);
  });

  it('CODE128 width counts start, data, check, stop and quiet zones', () => {
    expect(code128Dots(8, 2)).toBe((11 + 88 + 11 + 13 + 20) * 2);
  });
});
