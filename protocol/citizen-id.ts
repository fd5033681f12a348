/**
 * The rules a citizen's ID number and phone number are checked by, shared by the server (which
 * refuses them) and the pages (which say so while they are typed). Pure: no I/O, no imports.
 */

/** 居民身份证号码 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence, check character. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/** What is wrong with an ID number typed so far; null while nothing is wrong yet (or all is right). */
export type IdProblem = 'region' | 'date' | 'check' | null;

/**
 * Checked as it is typed: the region code once 6 digits are there (provinces are 11..82), the birth
 * date once its 8 digits are, the check character at the 18th. A short but correct prefix is null.
 */
export function idNumberProblem(raw: string): IdProblem {
  const id = normalizeIdNumber(raw);
  if (id.length >= 2) {
    const province = Number(id.slice(0, 2));
    if (!/^\d{2}/.test(id) || province < 11 || province > 82) return 'region';
  }
  if (id.length >= 14) {
    const y = Number(id.slice(6, 10));
    const m = Number(id.slice(10, 12));
    const d = Number(id.slice(12, 14));
    const date = new Date(Date.UTC(y, m - 1, d));
    if (!/^\d{14}/.test(id) || y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'date';
  } else if (id.length >= 10) {
    const y = Number(id.slice(6, 10));
    if (y < 1900) return 'date';
  }
  if (id.length === 18 && (!/^\d{17}[\dX]$/.test(id) || checkCharacter(id.slice(0, 17)) !== id[17])) return 'check';
  return null;
}

export function isValidIdNumber(raw: string): boolean {
  const id = normalizeIdNumber(raw);
  return /^\d{17}[\dX]$/.test(id) && idNumberProblem(id) === null;
}

/** Digits only, without a +86 / 0086 country prefix, spaces or hyphens. */
export function phoneDigits(raw: string): string {
  return raw.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
}

/**
 * A number the hall can call back: an 11-digit mobile (1[3-9]…), or a landline with its area code
 * (0 + 2-3 digit code + 7-8 digits, e.g. 0531-12345678). A 7-digit local number alone is refused:
 * from a county hall's line it may reach the wrong city.
 */
export function isValidPhone(raw: string): boolean {
  const d = phoneDigits(raw);
  return /^1[3-9]\d{9}$/.test(d) || /^0\d{2,3}\d{7,8}$/.test(d);
}
