import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffDays } from './dates.ts';
import {
  chargeableWeeksInRentYear,
  isRentFreeWeek,
  rentWeekNumber,
  rentYear,
  rentYearOf,
  rentYearStart,
} from './rent-year.ts';

const DAY = 86_400_000;
const oracleIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isoDates = fc
  .integer({ min: Date.UTC(1950, 0, 1) / DAY, max: Date.UTC(2150, 11, 31) / DAY })
  .map((n) => oracleIso(n * DAY));

/** Independent oracle: scan April day by day for the first Monday, in UTC ms. */
function firstAprilMondayMs(year: number): number {
  let ms = Date.UTC(year, 3, 1);
  while (new Date(ms).getUTCDay() !== 1) ms += DAY;
  return ms;
}

function countMondays(fromMs: number, toExclusiveMs: number): number {
  let count = 0;
  for (let ms = fromMs; ms < toExclusiveMs; ms += DAY) {
    if (new Date(ms).getUTCDay() === 1) count++;
  }
  return count;
}

describe('rentYearStart', () => {
  it.each([
    [2026, '2026-04-06'],
    [2025, '2025-04-07'],
    [2024, '2024-04-01'],
    [2019, '2019-04-01'],
    [2023, '2023-04-03'],
  ])('the %i/.. rent year starts on %s', (year, expected) => {
    expect(rentYearStart(year)).toBe(expected);
  });

  it('rejects years that are not whole numbers', () => {
    expect(() => rentYearStart(2026.5)).toThrow(RangeError);
  });
});

describe('rentYearOf', () => {
  it('describes 2026/27 as 52 weeks from Monday 6 April 2026', () => {
    expect(rentYearOf('2026-06-15')).toEqual({
      label: '2026/27',
      startYear: 2026,
      start: '2026-04-06',
      endExclusive: '2027-04-05',
      weeks: 52,
    });
  });

  it('describes 2024/25 as a 53 week year ending on Sunday 6 April 2025', () => {
    const year = rentYearOf('2025-04-06');
    expect(year.label).toBe('2024/25');
    expect(year.start).toBe('2024-04-01');
    expect(year.endExclusive).toBe('2025-04-07');
    expect(year.weeks).toBe(53);
  });

  it('puts 1 April up to the first Monday of April into the previous rent year', () => {
    expect(rentYearOf('2026-04-01').label).toBe('2025/26');
    expect(rentYearOf('2026-04-05').label).toBe('2025/26');
    expect(rentYearOf('2026-04-06').label).toBe('2026/27');
    expect(rentYearOf('2026-03-31').label).toBe('2025/26');
  });

  it('puts January to March into the rent year that started the previous April', () => {
    expect(rentYearOf('2027-01-01').label).toBe('2026/27');
  });

  it('labels the turn of the century with two digits', () => {
    expect(rentYear(1999).label).toBe('1999/00');
    expect(rentYear(2009).label).toBe('2009/10');
  });

  it('gives 53 weeks exactly when the span from one first April Monday to the next holds 53 Mondays (2015-2035)', () => {
    const fiftyThreeWeekYears: number[] = [];
    for (let year = 2015; year <= 2035; year++) {
      const start = firstAprilMondayMs(year);
      const mondays = countMondays(start, firstAprilMondayMs(year + 1));
      const actual = rentYear(year);
      expect(actual.start).toBe(oracleIso(start));
      expect(actual.weeks).toBe(mondays);
      if (mondays === 53) fiftyThreeWeekYears.push(year);
    }
    expect(fiftyThreeWeekYears).toEqual([2019, 2024, 2030, 2035]);
  });

  it('always contains the date and spans a whole number of 52 or 53 weeks', () => {
    fc.assert(
      fc.property(isoDates, (d) => {
        const year = rentYearOf(d);
        return (
          year.start <= d &&
          d < year.endExclusive &&
          year.weeks * 7 === diffDays(year.start, year.endExclusive) &&
          (year.weeks === 52 || year.weeks === 53)
        );
      }),
    );
  });
});

describe('rentWeekNumber', () => {
  it.each([
    ['2026-04-06', 1],
    ['2026-04-12', 1],
    ['2026-04-13', 2],
    ['2027-04-04', 52],
    ['2027-04-05', 1],
    ['2025-03-31', 53], // the extra week of 2024/25
    ['2025-04-06', 53],
    ['2026-04-01', 52], // Wednesday 1 April 2026 is in the last week of 2025/26
  ])('%s is in rent week %i', (d, week) => {
    expect(rentWeekNumber(d)).toBe(week);
  });

  it('is always between 1 and the number of weeks in the rent year', () => {
    fc.assert(
      fc.property(isoDates, (d) => {
        const week = rentWeekNumber(d);
        return week >= 1 && week <= rentYearOf(d).weeks;
      }),
    );
  });
});

describe('rent-free weeks', () => {
  const freeWeeks = new Set(['2026-12-21', '2026-12-28', '2027-03-29', '2027-04-05']);

  it('reports a week as rent free only when its Monday is in the set', () => {
    expect(isRentFreeWeek('2026-12-21', freeWeeks)).toBe(true);
    expect(isRentFreeWeek('2026-12-14', freeWeeks)).toBe(false);
  });

  it('refuses a week commencing date that is not a Monday', () => {
    expect(() => isRentFreeWeek('2026-12-23', freeWeeks)).toThrow(/Monday/);
  });

  it('counts chargeable weeks, ignoring rent-free weeks that fall in another rent year', () => {
    // 2027-04-05 is week 1 of 2027/28, so only three of the four fall in 2026/27.
    expect(chargeableWeeksInRentYear(2026, freeWeeks)).toBe(49);
    expect(chargeableWeeksInRentYear(2027, freeWeeks)).toBe(51);
    expect(chargeableWeeksInRentYear(2024, new Set())).toBe(53);
  });

  it('ignores entries that are not Mondays, since no rent week starts on them', () => {
    expect(chargeableWeeksInRentYear(2026, new Set(['2026-12-23']))).toBe(52);
  });
});
