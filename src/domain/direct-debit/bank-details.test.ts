import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatSortCode,
  normaliseSortCode,
  validateBankDetails,
  type BankDetailsInput,
  type ModulusChecker,
} from './bank-details.ts';

const good: BankDetailsInput = { sortCode: '309430', accountNumber: '00733445', accountName: 'J Smith' };

function problemsOf(input: Partial<BankDetailsInput>) {
  const result = validateBankDetails({ ...good, ...input });
  return result.ok ? [] : result.problems;
}

describe('validateBankDetails', () => {
  it('accepts good details and normalises them', () => {
    expect(validateBankDetails(good)).toEqual({
      ok: true,
      value: { sortCode: '309430', accountNumber: '00733445', accountName: 'J SMITH' },
      accountNameTruncated: false,
      accountNumberPadded: false,
      modulus: { status: 'not-checked', reason: expect.stringContaining('Vocalink') },
    });
  });

  it.each([
    ['30-94-30', '309430'],
    ['30 94 30', '309430'],
    [' 309430 ', '309430'],
    ['30-94 30', '309430'],
  ])('accepts the sort code %j as %s', (sortCode, expected) => {
    const result = validateBankDetails({ ...good, sortCode });
    expect(result.ok && result.value.sortCode).toBe(expected);
  });

  it.each([
    ['', 'Enter a sort code'],
    ['   ', 'Enter a sort code'],
    ['30-94-3O', 'Enter a sort code like 309430'],
    ['30.94.30', 'Enter a sort code like 309430'],
    ['3094', 'Sort code must be 6 digits long'],
    ['3094301', 'Sort code must be 6 digits long'],
  ])('refuses the sort code %j: %s', (sortCode, message) => {
    expect(problemsOf({ sortCode })).toEqual([{ field: 'sortCode', message }]);
  });

  it.each([
    ['00733445', '00733445', false],
    ['1234567', '01234567', true],
    ['123456', '00123456', true],
    ['1234 5678', '12345678', false],
  ])('accepts the account number %j as %s', (accountNumber, expected, padded) => {
    const result = validateBankDetails({ ...good, accountNumber });
    expect(result.ok && result.value.accountNumber).toBe(expected);
    expect(result.ok && result.accountNumberPadded).toBe(padded);
  });

  it.each([
    ['', 'Enter an account number'],
    ['0073344X', 'Enter an account number like 00733445'],
    ['12345', 'Account number must be between 6 and 8 digits'],
    ['123456789', 'Account number must be between 6 and 8 digits'],
    ['1234567890', 'Account number must be between 6 and 8 digits'],
  ])('refuses the account number %j: %s', (accountNumber, message) => {
    expect(problemsOf({ accountNumber })).toEqual([{ field: 'accountNumber', message }]);
  });

  it.each([
    ["Mrs P O'Brien", 'MRS P OBRIEN', false],
    ['  Zoë   Brontë ', 'ZOE BRONTE', false],
    ['Smith & Sons Ltd.', 'SMITH & SONS LTD.', false],
    ['Alexandra Montgomery-Smythe', 'ALEXANDRA MONTGOME', true],
    ['A B/C-D', 'A B/C-D', false],
  ])('cleans the account name %j to %j', (accountName, expected, truncated) => {
    const result = validateBankDetails({ ...good, accountName });
    expect(result.ok && result.value.accountName).toBe(expected);
    expect(result.ok && result.accountNameTruncated).toBe(truncated);
  });

  it('does not leave a trailing space when truncating at 18', () => {
    const result = validateBankDetails({ ...good, accountName: 'ABCDEFGHIJKLMNOPQ RST' });
    expect(result.ok && result.value.accountName).toBe('ABCDEFGHIJKLMNOPQ');
  });

  it.each([
    ['', 'Enter the name on the account'],
    ["  ''  ", 'Enter the name on the account'],
    ['J Smith (joint)', 'remove "(" and ")"'],
    ['j.smith@example.com', 'remove "@"'],
    ['李雷', 'remove "李" and "雷"'],
  ])('refuses the account name %j', (accountName, fragment) => {
    const problems = problemsOf({ accountName });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe('accountName');
    expect(problems[0]!.message).toContain(fragment);
  });

  it('reports every field at once', () => {
    const result = validateBankDetails({ sortCode: '', accountNumber: 'abc', accountName: '' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.field)).toEqual(['sortCode', 'accountNumber', 'accountName']);
  });

  it('uses a modulus checker when given one, only on well-formed details', () => {
    const calls: string[] = [];
    const checker: ModulusChecker = {
      check: (sortCode, accountNumber) => {
        calls.push(`${sortCode}/${accountNumber}`);
        return accountNumber === '11111111' ? { status: 'invalid' } : { status: 'valid' };
      },
    };
    expect(validateBankDetails(good, { modulusChecker: checker })).toMatchObject({ ok: true, modulus: { status: 'valid' } });
    expect(validateBankDetails({ ...good, accountNumber: '11111111' }, { modulusChecker: checker })).toEqual({
      ok: false,
      problems: [{ field: 'accountNumber', message: 'Enter a valid combination of sort code and account number' }],
    });
    validateBankDetails({ ...good, sortCode: 'x' }, { modulusChecker: checker });
    expect(calls).toEqual(['309430/00733445', '309430/11111111']);
  });

  it('always returns 6- and 8-digit numbers and an 18-character Bacs name when it accepts', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (sortCode, accountNumber, accountName) => {
        const result = validateBankDetails({ sortCode, accountNumber, accountName });
        if (!result.ok) return result.problems.length > 0;
        return (
          /^\d{6}$/.test(result.value.sortCode) &&
          /^\d{8}$/.test(result.value.accountNumber) &&
          /^[A-Z0-9.&/-][A-Z0-9.&/\- ]{0,17}$/.test(result.value.accountName) &&
          !result.value.accountName.endsWith(' ')
        );
      }),
    );
  });
});

describe('sort code helpers', () => {
  it('normalises and formats', () => {
    expect(normaliseSortCode('30-94-30')).toBe('309430');
    expect(normaliseSortCode('30-94-3')).toBeNull();
    expect(formatSortCode('309430')).toBe('30-94-30');
  });
});
