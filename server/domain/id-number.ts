/** 居民身份证号码 (GB 11643-1999): 17 digits and a check character. Never stored or shown in full. */

// The rule itself is shared with the pages (the keypad checks as it is typed).
import { isValidPhone, normalizeIdNumber } from '../../protocol/citizen-id.ts';
import { invalid } from './errors.ts';

export { checkCharacter, isValidIdNumber, normalizeIdNumber } from '../../protocol/citizen-id.ts';

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

/** A phone number given to be called back on: 11-digit mobile or a landline with area code, else 400 INVALID_PHONE. */
export function assertPhone(phone: string | undefined): void {
  if (phone !== undefined && !isValidPhone(phone)) throw invalid('INVALID_PHONE', '请填写11位手机号码，或带区号的固定电话');
}
