import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MoneyParseError,
  allocateProportionally,
  applyBasisPoints,
  assertPence,
  formatPounds,
  formatPoundsPlain,
  parsePercentToBasisPoints,
  parsePounds,
} from './pence.ts';

const amounts = fc.integer({ min: -1e13, max: 1e13 });

describe('assertPence', () => {
  it('returns whole numbers of pence unchanged', () => {
    expect(assertPence(0)).toBe(0);
    expect(assertPence(-1234)).toBe(-1234);
    expect(assertPence(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([0.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 1])(
    'rejects %s because it is not a safe integer',
    (n) => {
      expect(() => assertPence(n)).toThrow(RangeError);
    },
  );
});

describe('parsePounds', () => {
  it.each([
    ['12', 1200],
    ['12.3', 1230],
    ['12.34', 1234],
    ['-12.34', -1234],
    ['£1,234.56', 123456],
    [' 1234.56 ', 123456],
    ['-£3.50', -350],
    ['£1,234,567.89', 123456789],
    ['0', 0],
    ['0.01', 1],
    ['0.07', 7],
    ['007.50', 750],
  ])('reads %j as %i pence', (text, pence) => {
    expect(parsePounds(text)).toBe(pence);
  });

  it('reads 1.15 as exactly 115 pence where float maths would give 114.99999999999999', () => {
    expect(1.15 * 100).not.toBe(115);
    expect(parsePounds('1.15')).toBe(115);
  });

  it('reads negative zero as plain zero', () => {
    expect(Object.is(parsePounds('-0.00'), 0)).toBe(true);
  });

  it.each([
    '',
    '   ',
    '12.345',
    'abc',
    '12a',
    '1,23.00',
    '1,2345',
    '12,34',
    ',123',
    '.5',
    '12.',
    '£-12',
    '--12',
    '+12',
    '1 234',
    '(12.34)',
    '£',
    '99999999999999999999',
  ])('rejects %j with a MoneyParseError naming the text', (text) => {
    expect(() => parsePounds(text)).toThrow(MoneyParseError);
    expect(() => parsePounds(text)).toThrow(`"${text}"`);
  });

  it('round-trips every amount up to ±£100bn through formatPounds', () => {
    fc.assert(fc.property(amounts, (p) => parsePounds(formatPounds(p)) === p));
  });

  it('round-trips every amount up to ±£100bn through formatPoundsPlain', () => {
    fc.assert(fc.property(amounts, (p) => parsePounds(formatPoundsPlain(p)) === p));
  });
});

describe('formatPounds', () => {
  it.each([
    [123456, '£1,234.56'],
    [-350, '-£3.50'],
    [0, '£0.00'],
    [5, '£0.05'],
    [-1, '-£0.01'],
    [100, '£1.00'],
    [99999, '£999.99'],
    [100000, '£1,000.00'],
    [123456789012, '£1,234,567,890.12'],
  ])('shows %i pence as %s', (p, text) => {
    expect(formatPounds(p)).toBe(text);
  });

  it('refuses fractional pence rather than hiding them', () => {
    expect(() => formatPounds(1.5)).toThrow(RangeError);
  });
});

describe('formatPoundsPlain', () => {
  it.each([
    [123456, '1234.56'],
    [-350, '-3.50'],
    [0, '0.00'],
    [7, '0.07'],
    [-123456789, '-1234567.89'],
  ])('writes %i pence as %s for CSV files', (p, text) => {
    expect(formatPoundsPlain(p)).toBe(text);
  });
});

describe('parsePercentToBasisPoints', () => {
  it.each([
    ['4.8', 480],
    ['-1', -100],
    ['3.25', 325],
    ['0', 0],
    ['7.7%', 770],
    [' 10 ', 1000],
    ['0.01', 1],
  ])('reads %j as %i basis points', (text, bps) => {
    expect(parsePercentToBasisPoints(text)).toBe(bps);
  });

  it.each(['3.255', '', 'abc', '.5', '4.8.1', '4,8'])('rejects %j', (text) => {
    expect(() => parsePercentToBasisPoints(text)).toThrow(MoneyParseError);
  });
});

describe('applyBasisPoints', () => {
  it.each([
    [10000, 480, 10480],
    [9999, 480, 10479], // 10478.952
    [10000, -100, 9900],
    [12345, 325, 12746], // 12746.2125
    [50, 100, 51], // 50.5 rounds away from zero
    [-50, 100, -51], // -50.5 rounds away from zero
    [49, 100, 49], // 49.49 rounds down
    [-9999, 480, -10479],
    [0, 480, 0],
    [10000, -10000, 0],
  ])('%i pence with %i bps becomes %i pence', (p, bps, expected) => {
    expect(applyBasisPoints(p, bps)).toBe(expected);
  });

  it('stays exact for amounts where the intermediate product exceeds 2^53', () => {
    // 10^13 * 10480 = 1.048e17 which a float could not hold exactly.
    expect(applyBasisPoints(1e13, 480)).toBe(10_480_000_000_000);
    expect(applyBasisPoints(1e13 + 1, 1)).toBe(10_001_000_000_001);
  });

  it('leaves any amount unchanged at 0 bps', () => {
    fc.assert(fc.property(amounts, (p) => applyBasisPoints(p, 0) === p));
  });

  it('is symmetric for negative amounts', () => {
    fc.assert(
      fc.property(amounts, fc.integer({ min: -10000, max: 10000 }), (p, bps) => {
        return applyBasisPoints(-p, bps) === -applyBasisPoints(p, bps) || p === 0;
      }),
    );
  });

  it('is never more than half a penny from the exact result', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: -10000, max: 10000 }), (p, bps) => {
        // Compare in units of 1/10000p with BigInt so the check itself is exact.
        const exact = BigInt(p) * BigInt(10000 + bps);
        const got = BigInt(applyBasisPoints(p, bps)) * 10000n;
        const diff = got > exact ? got - exact : exact - got;
        return diff <= 5000n;
      }),
    );
  });

  it('rejects fractional basis points', () => {
    expect(() => applyBasisPoints(100, 4.8)).toThrow(RangeError);
  });
});

describe('allocateProportionally', () => {
  it('splits £100 three ways with the spare penny going to the earliest part', () => {
    expect(allocateProportionally(10000, [1, 1, 1])).toEqual([3334, 3333, 3333]);
  });

  it('gives leftover pennies to the largest remainders first', () => {
    // exact shares 1.4, 2.8, 5.8 -> floors 1, 2, 5 leave 2 pennies for indices 1 and 2.
    expect(allocateProportionally(10, [14, 28, 58])).toEqual([1, 3, 6]);
  });

  it('gives nothing to zero weights', () => {
    expect(allocateProportionally(101, [0, 1, 0, 1])).toEqual([0, 51, 0, 50]);
  });

  it('splits negative totals as the mirror image of positive ones', () => {
    expect(allocateProportionally(-10000, [1, 1, 1])).toEqual([-3334, -3333, -3333]);
  });

  it('allows zero to be split across all-zero weights', () => {
    expect(allocateProportionally(0, [0, 0])).toEqual([0, 0]);
    expect(allocateProportionally(0, [])).toEqual([]);
  });

  it('throws when a non-zero total has only zero weights to go to', () => {
    expect(() => allocateProportionally(5, [0, 0])).toThrow(RangeError);
    expect(() => allocateProportionally(5, [])).toThrow(RangeError);
  });

  it('rejects negative or fractional weights', () => {
    expect(() => allocateProportionally(5, [1, -1])).toThrow(/index 1/);
    expect(() => allocateProportionally(5, [0.5])).toThrow(/index 0/);
  });

  const allocation = fc.record({
    total: amounts,
    weights: fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 20 }),
  }).filter(({ weights }) => weights.some((w) => w > 0));

  it('always produces parts that sum exactly to the total', () => {
    fc.assert(
      fc.property(allocation, ({ total, weights }) => {
        const parts = allocateProportionally(total, weights);
        return parts.length === weights.length && parts.reduce((a, b) => a + b, 0) === total;
      }),
    );
  });

  it('keeps every part within one penny of its exact share', () => {
    fc.assert(
      fc.property(allocation, ({ total, weights }) => {
        const parts = allocateProportionally(total, weights);
        const weightSum = BigInt(weights.reduce((a, b) => a + b, 0));
        // |part - total*w/W| < 1  <=>  |part*W - total*w| < W, checked exactly.
        return parts.every((part, i) => {
          const diff = BigInt(part) * weightSum - BigInt(total) * BigInt(weights[i]!);
          return (diff < 0n ? -diff : diff) < weightSum;
        });
      }),
    );
  });
});
