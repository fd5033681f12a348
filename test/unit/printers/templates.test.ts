import { beforeAll, describe, expect, it } from 'vitest';
import { decode, printedLines, type PrintItem } from '../../../printers/decoder.ts';
import { PAPER, code128Dots, qrModules, type PaperWidth } from '../../../printers/layout.ts';
import { samplePickupSlip, sampleHall, sampleTicket } from '../../../printers/sample.ts';
import { fitMultiplier, formatHallTime, markReprint, REPRINT_MARK } from '../../../printers/templates/common.ts';
import { renderPickupSlip } from '../../../printers/templates/pickup-slip.ts';
import { renderTicket, type TicketPrintData } from '../../../printers/templates/ticket.ts';

/** All printed text with spaces removed, so wrapped phrases can be searched whole. */
const flat = (items: PrintItem[]): string => printedLines(items).map((l) => l.text.replace(/\s/g, '')).join('');
const squash = (s: string): string => s.replace(/\s/g, '');

/** The checks every receipt must pass on a given paper. */
function assertPrintable(bytes: Uint8Array, width: PaperWidth): PrintItem[] {
  const items = decode(bytes);
  expect(items.filter((i) => i.type === 'unknown')).toEqual([]);
  expect(items[0]).toEqual({ type: 'init' });
  // Chinese mode is on before the first non-ASCII text and never switched off.
  const firstWide = items.findIndex((i) => i.type === 'text' && /[^\x00-\x7f]/.test(i.text));
  const chineseOn = items.findIndex((i) => i.type === 'chinese' && i.on);
  expect(chineseOn).toBeGreaterThan(-1);
  expect(chineseOn).toBeLessThan(firstWide);
  expect(flat(items)).not.toContain('\uFFFD');
  // Nothing wider than the paper: text columns × multiplier, and the symbols in dots.
  for (const line of printedLines(items)) {
    expect(line.columns, `line "${line.text}"`).toBeLessThanOrEqual(PAPER[width].columns);
  }
  for (const it of items) {
    if (it.type === 'qr') {
      const modules = qrModules(new TextEncoder().encode(it.data).length, it.level);
      expect(modules * it.size).toBeLessThanOrEqual(PAPER[width].dots);
    }
    if (it.type === 'barcode') expect(code128Dots(it.data.length, it.width)).toBeLessThanOrEqual(PAPER[width].dots);
  }
  expect(items[items.length - 1]).toMatchObject({ type: 'cut', partial: true });
  return items;
}

describe.each([80, 58] as const)('ticket at %i mm', (width) => {
  let items: PrintItem[] = [];
  let text = '';
  beforeAll(() => {
    items = decode(renderTicket(sampleTicket, { width, hall: sampleHall }));
    text = flat(items);
  });

  it('fits the paper, starts Chinese mode first and ends with the cut', () => {
    assertPrintable(renderTicket(sampleTicket, { width, hall: sampleHall }), width);
  });

  it('round-trips the Chinese text', () => {
    for (const s of [sampleHall.hallName, sampleTicket.categoryName, sampleTicket.maskedId ?? '?',
      '您前面还有7人在等待', '预计等待约21分钟', ...sampleTicket.windows, ...sampleTicket.materials,
      ...sampleTicket.rules, '一次性告知']) {
      expect(text).toContain(squash(s));
    }
  });

  it('prints the number alone on its line, as large as fits', () => {
    const line = printedLines(items).find((l) => l.text === sampleTicket.number);
    expect(line?.runs[0]).toMatchObject({ bold: true, align: 'center', width: width === 80 ? 4 : 3 });
  });

  it('prints the issue time in the hall time zone', () => {
    expect(text).toContain('2025-03-1809:42'); // 01:42Z is 09:42 in Shanghai
  });

  it('has exactly one QR, holding the mobile ticket URL', () => {
    const qrs = items.filter((i) => i.type === 'qr');
    expect(qrs).toEqual([expect.objectContaining({ data: sampleTicket.qrUrl, level: 'M' })]);
  });
});

describe.each([80, 58] as const)('pickup slip at %i mm', (width) => {
  const s = samplePickupSlip;
  let items: PrintItem[] = [];
  let text = '';
  beforeAll(() => {
    items = decode(renderPickupSlip(s, { width, hall: sampleHall }));
    text = flat(items);
  });

  it('fits the paper, starts Chinese mode first and ends with the cut', () => {
    assertPrintable(renderPickupSlip(s, { width, hall: sampleHall }), width);
  });

  it('round-trips every field', () => {
    for (const v of ['受理回执', '取件凭证', s.caseNo, s.matterName, s.applicantName, s.maskedId ?? '?', s.clerkName,
      s.clerkNo, s.windowName, '2025-03-1810:15', s.promisedDate, '5个工作日', s.collect.method, s.collect.place,
      s.collect.hours ?? '?', ...(s.missing?.items ?? []), s.missing?.deadline ?? '?', '书面承诺', s.lookupUrl ?? '?',
      '《行政许可法》第三十二条', '专用印章']) {
      expect(text).toContain(squash(v));
    }
  });

  it('carries the scan codes: QR of qrData and CODE128 of the pickup code', () => {
    expect(items.filter((i) => i.type === 'qr')).toEqual([expect.objectContaining({ data: s.qrData })]);
    expect(items.filter((i) => i.type === 'barcode'))
      .toEqual([expect.objectContaining({ symbology: 'CODE128', data: s.pickupCode })]);
  });

  it('leaves out the 容缺 block when nothing is missing', () => {
    const { missing: _m, ...full } = s;
    const plain = flat(decode(renderPickupSlip(full, { width, hall: sampleHall })));
    expect(plain).not.toContain('容缺');
    expect(plain).toContain(squash(s.caseNo));
  });
});

describe('template helpers', () => {
  it('formats instants in the hall time zone, 24-hour, across midnight', () => {
    expect(formatHallTime('2025-03-17T16:30:00Z', 'Asia/Shanghai')).toBe('2025-03-18 00:30');
    expect(formatHallTime('2025-03-18T05:07:59.999Z', 'Asia/Shanghai')).toBe('2025-03-18 13:07');
    expect(() => formatHallTime('yesterday', 'Asia/Shanghai')).toThrow(RangeError);
  });

  it('fitMultiplier picks the largest size that fits on one line', () => {
    expect(fitMultiplier('A012', 80, 4)).toBe(4);
    expect(fitMultiplier('A012', 58, 8)).toBe(8); // 4 × 8 = 32 columns exactly
    expect(fitMultiplier('BDC20250318000123', 58, 4)).toBe(1);
  });
});

describe('templates under stress', () => {
  // A deterministic mix of CJK, full-width punctuation, ASCII words and long URLs.
  let seed = 7;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const pieces = ['不动产', '登记', '（', '）', '，', '。', 'ABC', ' ', '12345', '号窗口', '《', '》',
    'https://example.gov.cn/very/long/path/that/does/not/fit', '证明', '：', '𠀀'];
  const junk = (len: number): string => Array.from({ length: len }, () => pieces[rnd(pieces.length)]).join('');

  it.each([80, 58] as const)('never prints wider than %i mm paper', (width) => {
    for (let k = 0; k < 20; k++) {
      const data: TicketPrintData = {
        ...sampleTicket, number: `Z${rnd(1000)}`, categoryName: junk(6), matterName: junk(12),
        windows: [junk(5), junk(9)], materials: [junk(15), junk(3)], rules: [junk(10)], priorityLabel: junk(4),
        appointment: { slot: '09:00-09:30' }, qrUrl: `https://h.example.cn/t/${'x'.repeat(rnd(150))}`,
      };
      const hall = { ...sampleHall, hallName: junk(8), header: [junk(10)], footer: [junk(20)], logoText: junk(3) };
      assertPrintable(renderTicket(data, { width, hall }), width);
      assertPrintable(renderPickupSlip({ ...samplePickupSlip, matterName: junk(20), pickupCode: `P${rnd(1e9)}` },
        { width, hall }), width);
    }
  });

  it('the checks catch a template that forgets FS &', () => {
    const good = renderTicket(sampleTicket, { width: 80, hall: sampleHall });
    const at = good.findIndex((b, i) => b === 0x1c && good[i + 1] === 0x26);
    const forgot = Uint8Array.from([...good.subarray(0, at), ...good.subarray(at + 2)]);
    const text = flat(decode(forgot));
    expect(text).not.toContain(sampleHall.hallName);
    expect(text).toContain('\uFFFD');
  });
});

describe('补打: a reprinted copy says so on top, on every paper', () => {
  const receipts = {
    ticket: (width: PaperWidth, reprint?: boolean) => renderTicket(sampleTicket, { width, hall: sampleHall, reprint }),
    'pickup slip': (width: PaperWidth, reprint?: boolean) => renderPickupSlip(samplePickupSlip, { width, hall: sampleHall, reprint }),
  };
  for (const [name, render] of Object.entries(receipts)) {
    for (const width of [58, 80] as const) {
      it(`${name}, ${width} mm: the banner is first, large, fits the paper, and marking the plain bytes gives the same receipt`, () => {
        const plain = render(width);
        const marked = render(width, true);
        const lines = printedLines(assertPrintable(marked, width));
        expect(lines[0]).toMatchObject({ text: `${REPRINT_MARK} REPRINT`, align: 'center', columns: 32 });
        expect(lines[0]!.runs[0]).toMatchObject({ width: 2, height: 2, bold: true });
        expect(squash(lines[1]!.text)).toBe('前一张可能未打完，请以本张为准');
        expect(flat(decode(plain))).not.toContain('补打');
        // The spool marks a job rendered long before: the bytes are exactly the template's.
        expect(markReprint(plain)).toEqual(marked);
        // The rest of the receipt is unchanged.
        expect(printedLines(decode(marked)).slice(2)).toEqual(printedLines(decode(plain)));
      });
    }
  }

  it('bytes that do not start like a receipt are given a start before the banner', () => {
    const items = decode(markReprint(Uint8Array.of(0x41, 0x0a)));
    expect(items[0]).toEqual({ type: 'init' });
    expect(printedLines(items).map((l) => l.text)).toEqual([`${REPRINT_MARK} REPRINT`, expect.any(String), 'A']);
  });
});
