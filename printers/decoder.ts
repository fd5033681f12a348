// ESC/POS bytes → what the printer would do, as plain data.
//
// Used by tests (assert on text, QR payloads and widths instead of bytes) and by
// the UIs' "virtual printer" preview, so it only uses web-standard APIs:
// TextDecoder('gb18030') exists in Node 20 and in browsers.
//
// It behaves like a strict printer: two-byte GB18030 is decoded only after
// FS &, otherwise every byte is one (wrong) single-byte glyph, shown as U+FFFD.
// Commands it does not know are reported as `unknown` items, never skipped.

export type Align = 'left' | 'center' | 'right';

export interface TextItem {
  type: 'text';
  text: string;
  align: Align;
  bold: boolean;
  underline: number;
  width: number;
  height: number;
  /** Columns this run takes: 1 per single byte, 2 per two/four-byte char, × width. */
  columns: number;
}

export type PrintItem =
  | { type: 'init' }
  | { type: 'chinese'; on: boolean }
  | TextItem
  | { type: 'newline' }
  | { type: 'feed'; lines: number }
  | { type: 'qr'; data: string; size: number; level: 'L' | 'M' | 'Q' | 'H'; model: number }
  | { type: 'barcode'; symbology: 'CODE128'; data: string; height: number; width: number; hri: number }
  | { type: 'cut'; partial: boolean; feed: number }
  | { type: 'status-query'; n: number }
  | { type: 'unknown'; offset: number; bytes: number[] };

const LEVELS = ['L', 'M', 'Q', 'H'] as const;
const ALIGNS: Align[] = ['left', 'center', 'right'];

// Commands we do not interpret but whose length we know, so the bytes after
// them are not misread as text. Key: prefix bytes, value: parameter count.
const KNOWN_LENGTHS: Array<[number[], number]> = [
  [[0x1b, 0x21], 1], [[0x1b, 0x32], 0], [[0x1b, 0x33], 1], [[0x1b, 0x4a], 1],
  [[0x1b, 0x4d], 1], [[0x1b, 0x74], 1], [[0x1b, 0x52], 1], [[0x1b, 0x47], 1],
  [[0x1b, 0x7b], 1], [[0x1c, 0x21], 1], [[0x1d, 0x42], 1], [[0x1d, 0x66], 1],
  [[0x1d, 0x4c], 2], [[0x1d, 0x57], 2], [[0x10, 0x05], 1], [[0x10, 0x14], 3],
];

/** Decode ESC/POS bytes into items in print order. */
export function decode(input: Uint8Array | ArrayLike<number>): PrintItem[] {
  const b = input instanceof Uint8Array ? input : Uint8Array.from(input);
  const gb = new TextDecoder('gb18030');
  const utf8 = new TextDecoder('utf-8');
  const items: PrintItem[] = [];
  const st = { align: 'left' as Align, bold: false, ul: 0, ulWide: 0, width: 1, height: 1, chinese: false };
  const qr = { model: 50, size: 3, level: 'L' as (typeof LEVELS)[number], data: null as Uint8Array | null };
  const bc = { height: 162, width: 3, hri: 0 };
  let i = 0;

  const unknown = (start: number, end: number): void => {
    items.push({ type: 'unknown', offset: start, bytes: Array.from(b.subarray(start, Math.min(end, b.length))) });
  };
  const appendText = (ch: string, bytes: number, wide: boolean): void => {
    const underline = wide ? st.ulWide : st.ul;
    const last = items[items.length - 1];
    if (last && last.type === 'text' && last.align === st.align && last.bold === st.bold &&
      last.underline === underline && last.width === st.width && last.height === st.height) {
      last.text += ch;
      last.columns += bytes * st.width;
      return;
    }
    items.push({ type: 'text', text: ch, align: st.align, bold: st.bold, underline,
      width: st.width, height: st.height, columns: bytes * st.width });
  };
  const resetStyle = (): void => {
    Object.assign(st, { align: 'left', bold: false, ul: 0, ulWide: 0, width: 1, height: 1, chinese: false });
    Object.assign(qr, { model: 50, size: 3, level: 'L', data: null });
    Object.assign(bc, { height: 162, width: 3, hri: 0 });
  };
  const mode012 = (n: number): number => (n >= 48 ? n - 48 : n);

  while (i < b.length) {
    const start = i;
    const c = b[i] as number;
    const p1 = b[i + 1];
    const p2 = b[i + 2];

    if (c === 0x0a) { items.push({ type: 'newline' }); i += 1; continue; }
    if (c === 0x0d) { i += 1; continue; } // CR: ignored by printers with auto-LF off

    if (c >= 0x20 && c < 0x7f) { appendText(String.fromCharCode(c), 1, false); i += 1; continue; }

    if (c >= 0x80) {
      if (!st.chinese) { appendText('\uFFFD', 1, false); i += 1; continue; }
      // GB18030: lead 81-FE; 2-byte trail 40-7E/80-FE; 4-byte 81-FE 30-39 81-FE 30-39.
      const b1 = p1 ?? -1;
      let len = 0;
      if (c >= 0x81 && c <= 0xfe && ((b1 >= 0x40 && b1 <= 0x7e) || (b1 >= 0x80 && b1 <= 0xfe))) len = 2;
      else if (c >= 0x81 && c <= 0xfe && b1 >= 0x30 && b1 <= 0x39 && (p2 ?? 0) >= 0x81 &&
        (p2 ?? 0xff) <= 0xfe && (b[i + 3] ?? 0) >= 0x30 && (b[i + 3] ?? 0xff) <= 0x39) len = 4;
      if (len === 0) { appendText('\uFFFD', 1, true); i += 1; continue; }
      appendText(gb.decode(b.subarray(i, i + len)), 2, true);
      i += len;
      continue;
    }

    // Commands. `need(k)` checks that k bytes (incl. the prefix) are present.
    const need = (k: number): boolean => {
      if (i + k <= b.length) return true;
      unknown(start, b.length);
      i = b.length;
      return false;
    };

    if (c === 0x1b && p1 === 0x40) { resetStyle(); items.push({ type: 'init' }); i += 2; continue; }
    if (c === 0x1b && p1 === 0x61) {
      if (!need(3)) break;
      const a = ALIGNS[mode012(p2 as number)];
      if (a) st.align = a; else unknown(start, start + 3);
      i += 3; continue;
    }
    if (c === 0x1b && p1 === 0x45) { if (!need(3)) break; st.bold = ((p2 as number) & 1) === 1; i += 3; continue; }
    if ((c === 0x1b || c === 0x1c) && p1 === 0x2d) {
      if (!need(3)) break;
      const n = mode012(p2 as number);
      if (n > 2) unknown(start, start + 3);
      else if (c === 0x1b) st.ul = n; else st.ulWide = n;
      i += 3; continue;
    }
    if (c === 0x1b && p1 === 0x64) { if (!need(3)) break; items.push({ type: 'feed', lines: p2 as number }); i += 3; continue; }
    if (c === 0x1c && (p1 === 0x26 || p1 === 0x2e)) {
      st.chinese = p1 === 0x26;
      items.push({ type: 'chinese', on: st.chinese });
      i += 2; continue;
    }
    if (c === 0x1d && p1 === 0x21) {
      if (!need(3)) break;
      const n = p2 as number;
      const w = (n >> 4) + 1, h = (n & 0x0f) + 1;
      if (w > 8 || h > 8) unknown(start, start + 3); else { st.width = w; st.height = h; }
      i += 3; continue;
    }
    if (c === 0x1d && p1 === 0x56) {
      if (!need(3)) break;
      const m = p2 as number;
      if (m === 0 || m === 48 || m === 1 || m === 49) {
        items.push({ type: 'cut', partial: m === 1 || m === 49, feed: 0 }); i += 3; continue;
      }
      if (m === 65 || m === 66) {
        if (!need(4)) break;
        items.push({ type: 'cut', partial: m === 66, feed: b[i + 3] as number }); i += 4; continue;
      }
      unknown(start, start + 3); i += 3; continue;
    }
    if (c === 0x1d && (p1 === 0x68 || p1 === 0x77 || p1 === 0x48)) {
      if (!need(3)) break;
      if (p1 === 0x68) bc.height = p2 as number;
      else if (p1 === 0x77) bc.width = p2 as number;
      else bc.hri = mode012(p2 as number);
      i += 3; continue;
    }
    if (c === 0x1d && p1 === 0x6b) {
      if (!need(4)) break;
      const m = p2 as number;
      if (m !== 73) {
        // Other symbologies: report them; NUL-terminated forms (m < 65) end at 00.
        const end = m < 65 ? b.indexOf(0, i + 3) + 1 || b.length : i + 4 + (b[i + 3] as number);
        unknown(start, end); i = end; continue;
      }
      const n = b[i + 3] as number;
      if (!need(4 + n)) break;
      const data = decodeCode128(b.subarray(i + 4, i + 4 + n));
      if (data === null) unknown(start, i + 4 + n);
      else items.push({ type: 'barcode', symbology: 'CODE128', data, ...bc });
      i += 4 + n; continue;
    }
    if (c === 0x1d && p1 === 0x28 && b[i + 2] === 0x6b) {
      if (!need(5)) break;
      const len = (b[i + 3] as number) + 256 * (b[i + 4] as number);
      if (!need(5 + len)) break;
      const body = b.subarray(i + 5, i + 5 + len);
      if (!applyQr(body, qr, items, utf8)) unknown(start, i + 5 + len);
      i += 5 + len; continue;
    }
    if (c === 0x10 && p1 === 0x04) {
      if (!need(3)) break;
      const n = p2 as number;
      if (n >= 1 && n <= 4) items.push({ type: 'status-query', n }); else unknown(start, start + 3);
      i += 3; continue;
    }
    const known = KNOWN_LENGTHS.find(([pre]) => pre[0] === c && pre[1] === p1);
    if (known) { if (!need(2 + known[1])) break; unknown(start, start + 2 + known[1]); i += 2 + known[1]; continue; }
    // Unknown prefix: report it; its parameters (if any) will show up as text
    // or further unknowns, which is what a test should notice.
    const width = c === 0x1b || c === 0x1c || c === 0x1d || c === 0x10 ? 2 : 1;
    unknown(start, start + width);
    i += width;
  }
  return items;
}

/** GS ( k with cn = 49 (QR). Returns false for anything we cannot interpret. */
function applyQr(body: Uint8Array, qr: { model: number; size: number; level: 'L' | 'M' | 'Q' | 'H'; data: Uint8Array | null },
  items: PrintItem[], utf8: TextDecoder): boolean {
  const [cn, fn, a, bb] = [body[0], body[1], body[2], body[3]];
  if (cn !== 0x31) return false;
  if (fn === 0x41 && body.length === 4 && (a === 49 || a === 50 || a === 51) && bb === 0) { qr.model = a; return true; }
  if (fn === 0x43 && body.length === 3 && a !== undefined && a >= 1 && a <= 16) { qr.size = a; return true; }
  if (fn === 0x45 && body.length === 3 && a !== undefined && a >= 48 && a <= 51) {
    qr.level = LEVELS[a - 48] as 'L' | 'M' | 'Q' | 'H'; return true;
  }
  if (fn === 0x50 && a === 0x30) { qr.data = body.slice(3); return true; }
  if (fn === 0x51 && a === 0x30 && body.length === 3) {
    if (!qr.data) return false; // print with nothing stored: the printer prints nothing
    items.push({ type: 'qr', data: utf8.decode(qr.data), size: qr.size, level: qr.level, model: qr.model - 48 });
    return true;
  }
  return false;
}

/** CODE128 data of GS k 73: "{A"/"{B"/"{C" select sets, "{{" is a literal "{". */
function decodeCode128(d: Uint8Array): string | null {
  if (d[0] !== 0x7b || d.length < 2) return null; // must start with a code set
  let set = '';
  let out = '';
  for (let i = 0; i < d.length; i++) {
    const x = d[i] as number;
    if (x === 0x7b) {
      const y = d[++i];
      if (y === 0x41 || y === 0x42 || y === 0x43) set = String.fromCharCode(y);
      else if (y === 0x7b) out += '{';
      else if (y === undefined) return null;
      continue; // FNC1..4 and shift carry no printable data
    }
    if (set === 'C') out += String(x).padStart(2, '0');
    else out += String.fromCharCode(x);
  }
  return set ? out : null;
}

export interface PrintedLine {
  /** Text runs in the order printed; empty for a blank line. */
  runs: TextItem[];
  text: string;
  align: Align;
  /** Columns the line needs (already multiplied by each run's width). */
  columns: number;
}

/** Group text runs into printed lines (LF, feeds, QR, barcodes and cuts end a line). */
export function printedLines(items: PrintItem[]): PrintedLine[] {
  const lines: PrintedLine[] = [];
  let runs: TextItem[] = [];
  const end = (force: boolean): void => {
    if (!force && runs.length === 0) return;
    lines.push({
      runs,
      text: runs.map((r) => r.text).join(''),
      // ESC a only acts at the start of a line, so the first run decides.
      align: runs[0]?.align ?? 'left',
      columns: runs.reduce((s, r) => s + r.columns, 0),
    });
    runs = [];
  };
  for (const it of items) {
    if (it.type === 'text') runs.push(it);
    else if (it.type === 'newline') end(true);
    else if (it.type === 'feed' || it.type === 'qr' || it.type === 'barcode' || it.type === 'cut') end(false);
  }
  end(false);
  return lines;
}

/** Plain-text preview of a receipt at `paperColumns` (48 for 80 mm, 32 for 58 mm). */
export function renderText(items: PrintItem[], paperColumns = 48): string {
  const out: string[] = [];
  let runs: TextItem[] = [];
  const flush = (force: boolean): void => {
    if (!force && runs.length === 0) return;
    const [line] = printedLines([...runs, { type: 'newline' }]);
    runs = [];
    if (!line) return;
    const free = Math.max(0, paperColumns - line.columns);
    const pad = line.align === 'right' ? free : line.align === 'center' ? Math.floor(free / 2) : 0;
    out.push(' '.repeat(pad) + line.text);
  };
  for (const it of items) {
    switch (it.type) {
      case 'text': runs.push(it); break;
      case 'newline': flush(true); break;
      case 'feed': flush(false); for (let k = 0; k < it.lines; k++) out.push(''); break;
      case 'qr': flush(false); out.push(`[QR ${it.level} ×${it.size}] ${it.data}`); break;
      case 'barcode': flush(false); out.push(`[${it.symbology}] ${it.data}`); break;
      case 'cut': flush(false); out.push(`${'-'.repeat(Math.max(0, paperColumns - 5))} ${it.partial ? 'cut' : 'CUT'}`); break;
      case 'unknown': runs.push(unknownRun(it.bytes)); break;
      default: break;
    }
  }
  flush(false);
  return out.join('\n');
}

function unknownRun(bytes: number[]): TextItem {
  const text = `<${bytes.map((x) => x.toString(16).padStart(2, '0')).join(' ')}>`;
  return { type: 'text', text, align: 'left', bold: false, underline: 0, width: 1, height: 1, columns: 0 };
}
