/** 居民身份证号码 (GB 11643-1999): 17 digits and a check character. Never stored or shown in full. */

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

export function isValidIdNumber(raw: string): boolean {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return checkCharacter(id.slice(0, 17)) === id[17];
}

export function lastFour(raw: string): string {
  return normalizeIdNumber(raw).slice(-4);
}

/** What a receipt or a screen may show: 4 last characters at most. */
export function maskIdNumber(last4: string): string {
  return `**************${last4}`;
}

export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
