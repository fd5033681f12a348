import { describe, expect, it } from 'vitest';
import { checkCharacter, idNumberProblem, isValidIdNumber, isValidPhone } from '../../../protocol/citizen-id.ts';

const GOOD = '11010519491231002X';

describe('an ID number checked as it is typed (GB 11643)', () => {
  it('says nothing while a correct number is being typed', () => {
    for (let n = 0; n <= 18; n++) expect(idNumberProblem(GOOD.slice(0, n)), GOOD.slice(0, n)).toBeNull();
    expect(isValidIdNumber(GOOD)).toBe(true);
    expect(isValidIdNumber(GOOD.toLowerCase())).toBe(true);
  });

  it('names the wrong part at the digit where it becomes wrong', () => {
    expect(idNumberProblem('99')).toBe('region');
    expect(idNumberProblem('00')).toBe('region');
    expect(idNumberProblem('1101051849')).toBe('date'); // born 1849
    expect(idNumberProblem('11010519491331')).toBe('date'); // month 13
    expect(idNumberProblem('11010519490230')).toBe('date'); // 30 February
    expect(idNumberProblem('110105194912310021')).toBe('check');
    expect(checkCharacter(GOOD.slice(0, 17))).toBe('X');
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491231002')).toBe(false); // 17 characters
  });
});

describe('a phone number the hall can call back', () => {
  it.each(['13800001234', '+86 138 0000 1234', '0531-12345678', '053112345678', '010-8765432', '0086 13912345678'])('takes %s', (p) => {
    expect(isValidPhone(p)).toBe(true);
  });
  it.each(['1380000123', '12345678', '8765432', '23800001234', '0531-123', '138000012345', '+1 4155552671'])('refuses %s', (p) => {
    expect(isValidPhone(p)).toBe(false);
  });
});
