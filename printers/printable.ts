// What a Chinese receipt printer can be sent as text, and what stands in for the rest.
//
// The server refuses control characters in new input (protocol/text.ts), but text stored before
// that rule, written by another tool, or simply outside the printer's font must still never stop
// a receipt: a hall whose header holds an ESC would otherwise print no ticket at all. So nothing
// here throws; each character is kept, replaced or dropped:
// - "\n" is kept (the layout splits paragraphs on it);
// - tab, CR, VT, FF, NEL and U+2028/U+2029 become a space: they separate words;
// - every other control (C0, DEL, C1), lone surrogates, noncharacters and unassigned code points
//   (and U+FFFD, the mark of text already broken) become "?": a printer executes ESC/GS/FS/DLE bytes as commands, and "?" shows the clerk that
//   something was there;
// - invisible format characters (bidi controls, zero-width joiners and spaces, soft hyphen, BOM)
//   and variation selectors are dropped: GB18030 would send them as 4-byte codes that print as
//   a box or garbage, and they carry nothing visible;
// - characters beyond the BMP print only from the CJK ideograph planes 2 and 3 (生僻字 in names,
//   4-byte GB18030 on printers with a GB18030 font); emoji and other symbols there become "?".

const SPACE_LIKE = /[\t\r\v\f\u0085\u2028\u2029]/u;
const DROPPED = /[\p{Cf}\p{Variation_Selector}]/u;
const UNPRINTABLE = /[\p{Cc}\p{Cs}\p{Cn}\uFFFD]/u;

/** The text to send for one code point: itself, "?", " " or "" (dropped). */
export function printableChar(ch: string): string {
  if (ch === '\n') return ch;
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x20 && cp < 0x7f) return ch;
  if (SPACE_LIKE.test(ch)) return ' ';
  if (UNPRINTABLE.test(ch)) return '?';
  if (DROPPED.test(ch)) return '';
  if (cp > 0xffff && (cp < 0x20000 || cp > 0x3ffff)) return '?';
  return ch;
}

/** `s` with every character the printer cannot print replaced or dropped; keeps "\n". */
export function toPrintable(s: string): string {
  let out = '';
  for (const ch of s) out += printableChar(ch);
  return out;
}
