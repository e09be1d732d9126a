import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DdiReferenceError,
  ddiReferenceProblems,
  generateDdiReference,
  isValidDdiReference,
  normaliseDdiReference,
} from './ddi-reference.ts';

describe('ddiReferenceProblems', () => {
  it.each(['RNT101000016-01', 'ABC123', 'A1B2C3D4E5F6G7H8I9', 'SMITH J 12/3', 'A.B&C/D-E F1'])('accepts %j', (ref) => {
    expect(ddiReferenceProblems(ref)).toEqual([]);
    expect(isValidDdiReference(ref)).toBe(true);
  });

  it.each([
    ['', 'Enter a Direct Debit reference'],
    ['A1B2C3D4E5F6G7H8I9J', '18 characters or fewer (it has 19)'],
    ['ABC12', 'at least 6 letters or numbers'],
    ['AB-1/2 C', 'at least 6 letters or numbers'],
    ['ABC_123', 'remove "_"'],
    ['abc123', 'remove "a", "b" and "c"'],
    [' ABC123', 'must start with a letter or a number'],
    ['-ABC123', 'must start with a letter or a number'],
    ['000000', 'must not be the same character repeated'],
    ['AAAA-AA', 'must not be the same character repeated'],
    ['DDIC123456', 'must not start with DDIC'],
  ])('refuses %j: %s', (ref, fragment) => {
    const problems = ddiReferenceProblems(ref);
    expect(problems.join(' | ')).toContain(fragment);
    expect(isValidDdiReference(ref)).toBe(false);
  });

  it('normalises what people type', () => {
    expect(normaliseDdiReference('  rnt101000016-01 ')).toBe('RNT101000016-01');
    expect(normaliseDdiReference('smith   j 12')).toBe('SMITH J 12');
  });
});

describe('generateDdiReference', () => {
  it('builds PREFIX + account reference + mandate number', () => {
    expect(generateDdiReference({ prefix: 'RNT', accountReference: '101000016', mandateNumber: 1 })).toBe('RNT101000016-01');
    expect(generateDdiReference({ accountReference: '1010 0002 4', mandateNumber: 12 })).toBe('101000024-12');
    expect(generateDdiReference({ prefix: 'ct', accountReference: 'ab/123', mandateNumber: 3 })).toBe('CTAB123-03');
  });

  it.each([
    [{ accountReference: '123', mandateNumber: 1 }, 'at least 6 letters or numbers'],
    [{ prefix: 'RNT', accountReference: '1234567890123', mandateNumber: 1 }, '18 characters or fewer'],
    [{ prefix: 'DDIC', accountReference: '123456', mandateNumber: 1 }, 'must not start with DDIC'],
    [{ accountReference: '111111', mandateNumber: 11 }, 'same character repeated'],
    [{ accountReference: '123456', mandateNumber: 0 }, 'from 1 to 99'],
    [{ accountReference: '123456', mandateNumber: 100 }, 'from 1 to 99'],
  ])('refuses parts that cannot make a valid reference (%j)', (parts, fragment) => {
    expect(() => generateDdiReference(parts)).toThrow(DdiReferenceError);
    expect(() => generateDdiReference(parts)).toThrow(fragment);
  });

  it('only ever returns valid references, distinct for distinct mandate numbers', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 4 }),
        fc.string({ maxLength: 14 }),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 99 }),
        (prefix, accountReference, a, b) => {
          let first: string;
          try {
            first = generateDdiReference({ prefix, accountReference, mandateNumber: a });
          } catch (e) {
            return e instanceof DdiReferenceError;
          }
          expect(isValidDdiReference(first)).toBe(true);
          if (a !== b) {
            let second: string | null = null;
            try {
              second = generateDdiReference({ prefix, accountReference, mandateNumber: b });
            } catch {
              // b can fail where a did not (e.g. 11 after an all-ones account reference)
            }
            if (second !== null) expect(second).not.toBe(first);
          }
          return true;
        },
      ),
    );
  });
});
