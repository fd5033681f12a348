// Column arithmetic for receipts in font A (12×24 dots).
//
// A printer cell is decided by the bytes, not by Unicode's East Asian Width:
// one GB18030 byte (ASCII) prints half-width, every multi-byte character
// (汉字, full-width punctuation, but also "·" or "é") prints full-width.
// So width = 1 for U+0000..U+007F and 2 for everything else, counted on what is really sent:
// a character the printer cannot print is sent as "?" or a space (1) or not at all (0), see
// printable.ts; wrap() applies that replacement first, so no stored text can make it throw.
import { printableChar, toPrintable } from './printable.ts';

export type PaperWidth = 58 | 80;
export type TextAlign = 'left' | 'center' | 'right';

export const PAPER: Readonly<Record<PaperWidth, { columns: number; dots: number }>> = {
  80: { columns: 48, dots: 576 },
  58: { columns: 32, dots: 384 },
};

/** Columns of one character (a code point string) as printed; "\n" takes none. */
export function charColumns(ch: string): number {
  const sent = printableChar(ch);
  if (sent === '' || sent === '\n') return 0;
  return (sent.codePointAt(0) ?? 0) < 0x80 ? 1 : 2;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charColumns(ch);
  return w;
}

/** Columns available when characters are printed `multiplier` times wider. */
export function columnsAt(paper: PaperWidth, multiplier = 1): number {
  return Math.floor(PAPER[paper].columns / multiplier);
}

// Chinese line-breaking rule (禁则): these must not start a line.
const NO_LINE_START = new Set(Array.from('，。、；：！？）》」』〕】”’…·%,.;:!?)]}'));
// ... and these must not end one.
const NO_LINE_END = new Set(Array.from('（《「『〔【“‘([{'));

function isAsciiWordChar(ch: string): boolean {
  return ch.length === 1 && ch > ' ' && ch <= '~';
}

/** Split into breakable units: ASCII words, single spaces, single wide chars. */
function tokens(s: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const ch of s) {
    if (isAsciiWordChar(ch)) {
      word += ch;
      continue;
    }
    if (word) out.push(word), (word = '');
    out.push(ch);
  }
  if (word) out.push(word);
  return out;
}

/**
 * Wrap to `columns` without splitting a character. ASCII words move whole to
 * the next line and are chopped only when longer than a line (URLs); a
 * closing punctuation mark pulls the preceding character down with it.
 */
export function wrap(text: string, columns: number): string[] {
  if (columns < 2) throw new RangeError('columns must be at least 2');
  const lines: string[] = [];
  for (const paragraph of toPrintable(text).split('\n')) {
    let cur: string[] = [];
    let curW = 0;
    // Leading spaces of a paragraph are deliberate indentation; a line that
    // starts because of wrapping must not begin with a space.
    let wrapped = false;
    const flush = (): void => {
      while (cur.length && cur[cur.length - 1] === ' ') curW -= 1, cur.pop();
      lines.push(cur.join(''));
      cur = [];
      curW = 0;
      wrapped = true;
    };
    for (const tok of tokens(paragraph)) {
      const w = displayWidth(tok);
      if (tok === ' ' && wrapped && cur.length === 0) continue;
      if (curW + w <= columns) {
        cur.push(tok);
        curW += w;
        continue;
      }
      if (tok === ' ') {
        flush();
        continue;
      }
      if (isAsciiWordChar(tok[0] ?? '') && w > columns) {
        // Too long for any line: break after its separators first ("Road,No.12,A-3"), so the
        // parts that fit stay whole (a hyphen is not one: "A-3" is a name); only a part still
        // longer than a line (a URL) is chopped.
        const parts = tok.match(/[^,;/]*[,;/]+|[^,;/]+$/g) ?? [tok];
        if (parts.length > 1 && parts.every((p) => p.length <= columns)) {
          for (const p of parts) {
            if (curW + p.length > columns) flush();
            cur.push(p);
            curW += p.length;
          }
          continue;
        }
        for (const ch of tok) {
          if (curW + 1 > columns) flush();
          cur.push(ch);
          curW += 1;
        }
        continue;
      }
      if (NO_LINE_START.has(tok) && cur.length > 1) {
        const last = cur[cur.length - 1] as string;
        if (!NO_LINE_START.has(last) && last !== ' ' && displayWidth(last) + w <= columns) {
          cur.pop();
          flush();
          cur = [last, tok];
          curW = displayWidth(last) + w;
          continue;
        }
      }
      // An opening bracket left at the end of a line moves down with its content.
      const carry = cur.length > 1 && NO_LINE_END.has(cur[cur.length - 1] as string) ? [cur.pop() as string] : [];
      flush();
      cur = [...carry, tok];
      curW = displayWidth(cur.join(''));
    }
    lines.push(cur.join('').trimEnd());
  }
  return lines;
}

/** "label value" where continuation lines are indented under the value. */
export function hanging(prefix: string, text: string, columns: number): string[] {
  const indentW = displayWidth(prefix);
  // A very long label would leave no room for the value: fall back to 2 spaces.
  const indent = indentW <= columns / 2 ? ' '.repeat(indentW) : '  ';
  // Sliced by characters below, so replaced first: wrap()'s lines are already printable.
  const full = toPrintable(prefix + text);
  const first = wrap(full, columns);
  if (first.length <= 1) return first;
  const head = first[0] as string;
  const rest = wrap(Array.from(full).slice(Array.from(head).length).join('').trimStart(),
    columns - displayWidth(indent));
  return [head, ...rest.map((l) => indent + l)];
}

export function padEnd(s: string, columns: number): string {
  return s + ' '.repeat(Math.max(0, columns - displayWidth(s)));
}

export function padStart(s: string, columns: number): string {
  return ' '.repeat(Math.max(0, columns - displayWidth(s))) + s;
}

/** Pad a single line as the printer would place it (for previews). */
export function alignLine(s: string, columns: number, align: TextAlign): string {
  const free = Math.max(0, columns - displayWidth(s));
  if (align === 'right') return ' '.repeat(free) + s;
  if (align === 'center') return ' '.repeat(Math.floor(free / 2)) + s;
  return s;
}

/**
 * Label on the left, value flush right on the same line when both fit;
 * otherwise the label on its own line(s) and the value right-aligned below.
 */
export function twoColumns(label: string, value: string, columns: number): string[] {
  const lw = displayWidth(label);
  const vw = displayWidth(value);
  if (lw + 1 + vw <= columns) return [label + ' '.repeat(columns - lw - vw) + value];
  return [...wrap(label, columns), ...wrap(value, columns).map((l) => padStart(l, columns))];
}

export function divider(columns: number, ch = '-'): string {
  const w = displayWidth(ch);
  return ch.repeat(Math.floor(columns / Math.max(1, w)));
}

// Byte-mode capacity of QR versions 1..10 per error level (ISO/IEC 18004
// table 7). A receipt never needs more; longer data is a template bug.
const QR_BYTE_CAPACITY: Record<'L' | 'M' | 'Q' | 'H', number[]> = {
  L: [17, 32, 53, 78, 106, 134, 154, 192, 230, 271],
  M: [14, 26, 42, 62, 84, 106, 122, 152, 180, 213],
  Q: [11, 20, 32, 46, 60, 74, 86, 108, 130, 151],
  H: [7, 14, 24, 34, 44, 58, 64, 84, 98, 119],
};

/** Modules per side of the smallest QR holding `bytes` bytes (byte mode). */
export function qrModules(bytes: number, level: 'L' | 'M' | 'Q' | 'H'): number {
  const v = QR_BYTE_CAPACITY[level].findIndex((cap) => bytes <= cap);
  if (v < 0) throw new RangeError(`QR data of ${bytes} bytes exceeds version 10 at level ${level}`);
  return 17 + 4 * (v + 1);
}

/** Largest module size (≤ max) whose symbol plus 4-module quiet zones fits. */
export function fitQrSize(bytes: number, level: 'L' | 'M' | 'Q' | 'H', paper: PaperWidth,
  max = 8): number {
  // Past version 10 (a very long public address) size for the largest symbol, version 40
  // (177 modules): the QR prints small rather than the receipt not at all.
  const fits = bytes <= (QR_BYTE_CAPACITY[level][9] as number);
  const modules = (fits ? qrModules(bytes, level) : 177) + 8;
  return Math.max(1, Math.min(max, Math.floor(PAPER[paper].dots / modules)));
}

/** Dots of a CODE128 set B symbol incl. 10-module quiet zones on both sides. */
export function code128Dots(chars: number, moduleWidth: number): number {
  // start (11) + data (11 each) + check (11) + stop (13) + quiet zones (20)
  return (11 + 11 * chars + 11 + 13 + 20) * moduleWidth;
}
