/**
 * Text that people type and that ends up on paper (号票, 受理回执) or on screens (wall display,
 * window screen, staff pages): names, receipt lines, reasons, comments.
 *
 * Such text refuses characters that are not text but instructions to whatever shows it:
 * - C0 controls, DEL and C1 controls (Unicode category Cc): a receipt printer executes ESC, GS,
 *   FS, DLE as commands and BEL rings; U+009B is CSI on 8-bit terminals. Tab is refused too: it
 *   moves the print head to a printer-defined stop and breaks every column count. Only a
 *   multi-line `Text` keeps "\n".
 * - U+2028/U+2029 line and paragraph separators: invisible line breaks in a single-line field.
 * - Bidi controls (LRM/RLM/ALM, U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates):
 *   they reorder what a screen shows ("Trojan source"), so a name or a reason can be made to read
 *   as something else. No hall text needs them: Chinese, digits and Latin letters lay out alone.
 * - Lone surrogates and noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF, …): not text at all;
 *   they break UTF-8 storage and every encoder.
 * Everything else is kept, emoji included: screens show them, and the printer replaces what its
 * font lacks (printers/printable.ts) instead of refusing the receipt.
 */
import { Type, type TSchema } from 'typebox';

/** The JSON-schema keyword that marks a string as hall text; validated by server/http/validation.ts. */
export const TEXT_KEYWORD = 'x-printable';
export type TextKind = 'line' | 'text';

// One code point at a time (`u`), so a lone surrogate is seen as one and matched by \p{Cs}.
const REFUSED_IN_LINE = /[\p{Cc}\p{Cs}\p{Bidi_Control}\p{Noncharacter_Code_Point}\u2028\u2029]/u;
const REFUSED_IN_TEXT = /(?!\n)[\p{Cc}\p{Cs}\p{Bidi_Control}\p{Noncharacter_Code_Point}\u2028\u2029]/u;

export interface RefusedChar {
  /** UTF-16 index of the character in the string. */
  index: number;
  /** e.g. "U+001B" */
  codePoint: string;
}

/** The first character `kind` text refuses, or null when the string is acceptable. */
export function refusedCharacter(s: string, kind: TextKind): RefusedChar | null {
  const m = (kind === 'text' ? REFUSED_IN_TEXT : REFUSED_IN_LINE).exec(s);
  if (!m) return null;
  const cp = m[0].codePointAt(0) ?? 0;
  return { index: m.index, codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` };
}

type StringOptions = NonNullable<Parameters<typeof Type.String>[0]>;

/** A single line of hall text (a name, a receipt line, a reason). */
export const Line = (options: StringOptions = {}) => Type.String({ ...options, [TEXT_KEYWORD]: 'line' }) as ReturnType<typeof Type.String>;

/** Hall text that may span lines ("\n" only; no tab, no "\r"): comments, follow-up notes. */
export const Text = (options: StringOptions = {}) => Type.String({ ...options, [TEXT_KEYWORD]: 'text' }) as ReturnType<typeof Type.String>;

/** True when a schema node is marked as hall text (the tests walk the OpenAPI document with it). */
export const isHallText = (schema: TSchema | Record<string, unknown>): boolean =>
  (schema as Record<string, unknown>)[TEXT_KEYWORD] === 'line' || (schema as Record<string, unknown>)[TEXT_KEYWORD] === 'text';
