/** A booking code: 6 characters drawn by the server from A–Z without I and O, and 2–9. */
export const CODE_LENGTH = 6;
export const CODE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'.split('');
export const CODE_DIGITS = '23456789'.split('');
const ALLOWED = new Set([...CODE_LETTERS, ...CODE_DIGITS]);

/** What a citizen typed, as a code: upper case, look-alikes and anything else dropped. */
export const normalizeCode = (s: string): string =>
  s.toUpperCase().split('').filter((c) => ALLOWED.has(c)).join('').slice(0, CODE_LENGTH);
export const isCodeChar = (c: string): boolean => ALLOWED.has(c);
