// Shared building blocks for receipts: every piece of text goes through
// wrap() at the width left by its size multiplier, so no template can print a
// line wider than the paper (the printer would break it mid-word on its own).
import { EscPosEncoder, type Align } from '../encoder.ts';
import {
  PAPER, code128Dots, columnsAt, displayWidth, divider, fitQrSize, hanging, wrap, type PaperWidth,
} from '../layout.ts';

export interface HallPrintSettings {
  hallName: string;
  header?: string[];
  footer?: string[];
  /** A text "logo" (e.g. 政务服务) printed large on top: no bitmap upload needed. */
  logoText?: string;
  notices?: string[];
}

export interface TemplateOptions {
  width: PaperWidth;
  hall: HallPrintSettings;
  /** 补打: this copy is printed again (the first may have been cut short); marked on top. */
  reprint?: boolean;
}

/** What a reprinted receipt says on top, large: nobody takes it for a second ticket. */
export const REPRINT_MARK = '【补打】';
const REPRINT_TITLE = `${REPRINT_MARK} REPRINT`;
const REPRINT_NOTE = '前一张可能未打完，请以本张为准';

/**
 * The 补打 banner, sized to fit 58 mm paper (16 columns at double width) and centred, so its
 * bytes are the same on every paper width: the spool can mark a job rendered long before
 * without knowing the paper. It ends in the default style, as a receipt starts.
 */
function reprintBanner(enc: EscPosEncoder): void {
  enc.align('center').bold(true).size(2, 2);
  for (const l of wrap(REPRINT_TITLE, columnsAt(58, 2))) enc.line(l);
  enc.size(1, 1);
  for (const l of wrap(REPRINT_NOTE, columnsAt(58, 1))) enc.line(l);
  enc.bold(false).align('left');
}

const receiptStart = (): EscPosEncoder => new EscPosEncoder().init().chinese(true);

/**
 * A rendered receipt with the 补打 banner put in after its start (ESC @, FS &): the same bytes
 * as rendering it with `reprint: true`. Bytes that do not start like a receipt get a start.
 */
export function markReprint(payload: Uint8Array): Uint8Array {
  const start = receiptStart().encode();
  const hasStart = payload.length >= start.length && start.every((b, i) => payload[i] === b);
  const enc = receiptStart();
  reprintBanner(enc);
  const head = enc.encode();
  const body = hasStart ? payload.subarray(start.length) : payload;
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

export interface Style {
  align?: Align;
  bold?: boolean;
  /** width multiplier 1..8 */
  w?: number;
  /** height multiplier 1..8 */
  h?: number;
}

/** "YYYY-MM-DD HH:mm" of an instant in the hall's time zone. */
export function formatHallTime(iso: string, timeZone: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) throw new RangeError(`not an ISO date-time: ${iso}`);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(t);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Largest multiplier ≤ max at which `text` fits on one line. */
export function fitMultiplier(text: string, paper: PaperWidth, max: number): number {
  for (let m = max; m > 1; m--) if (displayWidth(text) * m <= PAPER[paper].columns) return m;
  return 1;
}

/** Encoder plus paper width, emitting style commands only when they change. */
export class Receipt {
  readonly paper: PaperWidth;
  private readonly enc = new EscPosEncoder();
  private cur = { align: 'left' as Align, bold: false, w: 1, h: 1 };

  constructor(paper: PaperWidth, opts: { reprint?: boolean } = {}) {
    this.paper = paper;
    // ESC @ first (clears a half-sent job), then Chinese mode before any text.
    this.enc.init().chinese(true);
    if (opts.reprint) reprintBanner(this.enc);
  }

  get columns(): number {
    return PAPER[this.paper].columns;
  }

  private style(s: Style): void {
    const next = { align: s.align ?? 'left', bold: s.bold ?? false, w: s.w ?? 1, h: s.h ?? 1 };
    if (next.align !== this.cur.align) this.enc.align(next.align);
    if (next.bold !== this.cur.bold) this.enc.bold(next.bold);
    if (next.w !== this.cur.w || next.h !== this.cur.h) this.enc.size(next.w, next.h);
    this.cur = next;
  }

  /** Text wrapped to the columns left at this width multiplier. */
  text(text: string | string[], s: Style = {}): this {
    this.style(s);
    const cols = columnsAt(this.paper, s.w ?? 1);
    for (const t of Array.isArray(text) ? text : [text]) for (const l of wrap(t, cols)) this.enc.line(l);
    return this;
  }

  /** "标签：值" with continuation lines under the value. */
  field(label: string, value: string, s: Style = {}): this {
    this.style(s);
    for (const l of hanging(`${label}：`, value, columnsAt(this.paper, s.w ?? 1))) this.enc.line(l);
    return this;
  }

  /** Items with a marker ("1. " or "· ") and hanging indent. */
  list(items: string[], numbered = true): this {
    this.style({});
    items.forEach((item, i) => {
      for (const l of hanging(numbered ? `${i + 1}. ` : '· ', item, this.columns)) this.enc.line(l);
    });
    return this;
  }

  divider(ch = '-'): this {
    this.style({});
    this.enc.line(divider(this.columns, ch));
    return this;
  }

  blank(): this {
    this.enc.newline();
    return this;
  }

  /** Native QR, centred, module size as large as fits (capped for paper length). */
  qr(data: string, caption?: string): this {
    this.style({ align: 'center' });
    const bytes = new TextEncoder().encode(data).length;
    const size = fitQrSize(bytes, 'M', this.paper, this.paper === 80 ? 8 : 6);
    this.enc.qr(data, { size, level: 'M' });
    this.enc.newline();
    if (caption) this.text(caption, { align: 'center' });
    return this;
  }

  /**
   * CODE128 of a short ASCII code, as wide as fits. Left out when it cannot
   * fit even at the narrowest module, or when the code is not printable ASCII
   * (CODE128 set B has no other characters): a clipped barcode misreads, and the
   * QR beside it carries the same code.
   */
  barcode(code: string): this {
    this.style({ align: 'center' });
    const dots = PAPER[this.paper].dots;
    const width = /^[\x20-\x7e]+$/.test(code) ? [3, 2].find((w) => code128Dots(code.length, w) <= dots) : undefined;
    if (width) this.enc.barcode128(code, { height: 64, width, hri: 'below' }).newline();
    return this;
  }

  hallHeader(hall: HallPrintSettings): this {
    if (hall.logoText) this.text(hall.logoText, { align: 'center', bold: true, w: 2, h: 2 });
    const w = fitMultiplier(hall.hallName, this.paper, 2);
    this.text(hall.hallName, { align: 'center', bold: true, w, h: 2 });
    if (hall.header?.length) this.text(hall.header, { align: 'center' });
    return this;
  }

  hallFooter(hall: HallPrintSettings): this {
    if (hall.notices?.length) this.divider().list(hall.notices, false);
    if (hall.footer?.length) this.blank().text(hall.footer, { align: 'center' });
    return this;
  }

  /** Feed past the cutter and cut: always the last command of a receipt. */
  finish(): Uint8Array {
    this.style({});
    return this.enc.feed(2).cut(true, 0).encode();
  }
}
