import { describe, expect, it } from 'vitest';
import { checkCharacter, isValidIdNumber, lastFour, maskIdNumber, maskName, normalizeIdNumber } from '../../../server/domain/id-number.ts';

/** GB 11643-1999 check character, computed here independently: weights 2^(17-i) mod 11. */
function gbCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  return '10X98765432'[sum % 11];
}
const withCheck = (first17: string) => first17 + gbCheck(first17);

describe('ID numbers (居民身份证号码, GB 11643)', () => {
  it.each([
    ['11010519491231002X', 'the standard’s example, check X'],
    ['11010519491231002x', 'lowercase x'],
    [withCheck('11010120000229123'), '29 Feb of a leap year (2000)'],
    [withCheck('32010220041231001'), 'an ordinary date'],
    [' 11010519491231002X ', 'surrounding spaces'],
  ])('valid: %s (%s)', (id, _why) => {
    expect(isValidIdNumber(id)).toBe(true);
  });

  it.each([
    ['110105194912310020', 'wrong check digit'],
    ['110105194912310021', 'wrong check digit'],
    [withCheck('11010519490230002'), '30 February'],
    [withCheck('11010519491301002'), 'month 13'],
    [withCheck('11010519490001002'), 'month 00'],
    [withCheck('11010519491200002'), 'day 00'],
    [withCheck('11010519000229002'), '29 Feb 1900 (not a leap year)'],
    [withCheck('11010518991231002'), 'born before 1900'],
    ['440524188001010014', 'the standard’s 1880 example: check digit right, but before 1900'],
    ['11010519491231002', '17 characters'],
    ['1101051949123100211', '19 characters'],
    ['11010519491231002Y', 'check character not a digit or X'],
    ['X10105194912310021', 'X not at the end'],
    ['１１０１０５１９４９１２３１００２Ｘ', 'full-width digits'],
    ['', 'empty'],
  ])('invalid: %s (%s)', (id, _why) => {
    expect(isValidIdNumber(id)).toBe(false);
  });

  it('the check character agrees with an independent computation', () => {
    for (const first17 of ['11010519491231002', '44052418800101001', '32010220041231001', '00000000000000000', '99999999999999999']) {
      expect(checkCharacter(first17)).toBe(gbCheck(first17));
    }
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('44052418800101001')).toBe('4');
  });

  it('normalises, keeps the last four and masks', () => {
    expect(normalizeIdNumber(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(lastFour('11010519491231002x')).toBe('002X');
    expect(maskIdNumber('002X')).toBe('**************002X');
    expect(maskIdNumber('002X')).toHaveLength(18);
  });

  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧**娜'],
    ['李', '李'],
    [' 王小明 ', '王*明'],
  ])('maskName(%s) = %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});
