import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  compareDates,
  dayOfWeek,
  daysFromEpoch,
  diffDays,
  eachMonday,
  isIsoDate,
  isMonday,
  maxDate,
  minDate,
  parseIsoDate,
  todayInLondon,
  weekCommencing,
} from './dates.ts';

const DAY = 86_400_000;
// Test oracle built straight on Date.UTC, independent of the module's own helpers.
const oracleIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const MIN_MS = Date.UTC(1900, 0, 1);
const MAX_MS = Date.UTC(2200, 11, 31);
const dayNumbers = fc.integer({ min: MIN_MS / DAY, max: MAX_MS / DAY });
const isoDates = dayNumbers.map((n) => oracleIso(n * DAY));

describe('isIsoDate', () => {
  it.each(['2026-04-06', '2024-02-29', '2000-02-29', '1999-12-31', '2026-01-31', '0001-01-01'])(
    'accepts the real date %s',
    (s) => {
      expect(isIsoDate(s)).toBe(true);
    },
  );

  it.each([
    '2023-02-29', // not a leap year
    '1900-02-29', // century not divisible by 400
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-4-1',
    ' 2026-04-01',
    '2026-04-01T00:00:00Z',
    '20260401',
    '',
  ])('rejects %j', (s) => {
    expect(isIsoDate(s)).toBe(false);
  });

  it('rejects values that are not strings', () => {
    expect(isIsoDate(20260401)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
    expect(isIsoDate(new Date())).toBe(false);
  });

  it('accepts every real date between 1900 and 2200', () => {
    fc.assert(fc.property(isoDates, (d) => isIsoDate(d)));
  });
});

describe('parseIsoDate', () => {
  it('returns a valid date unchanged', () => {
    expect(parseIsoDate('2026-04-06')).toBe('2026-04-06');
  });

  it('throws an error that names the bad value', () => {
    expect(() => parseIsoDate('2026-02-30')).toThrow(/"2026-02-30"/);
    expect(() => parseIsoDate('06/04/2026')).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-28', 1, '2026-03-29'], // clocks go forward overnight in London
    ['2026-10-24', 2, '2026-10-26'], // clocks go back
    ['2026-04-06', 0, '2026-04-06'],
    ['2026-04-06', 365, '2027-04-06'],
  ])('%s plus %i days is %s', (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected);
  });

  it('agrees with UTC millisecond arithmetic for any date and offset', () => {
    fc.assert(
      fc.property(dayNumbers, fc.integer({ min: -5000, max: 5000 }), (day, n) => {
        return addDays(oracleIso(day * DAY), n) === oracleIso((day + n) * DAY);
      }),
    );
  });

  it('rejects fractional day counts and invalid dates', () => {
    expect(() => addDays('2026-01-01', 0.5)).toThrow(RangeError);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('diffDays', () => {
  it('counts b minus a in days', () => {
    expect(diffDays('2026-01-01', '2026-01-08')).toBe(7);
    expect(diffDays('2026-01-08', '2026-01-01')).toBe(-7);
    expect(diffDays('2024-01-01', '2025-01-01')).toBe(366);
    expect(diffDays('2026-03-01', '2026-11-01')).toBe(245); // spans both clock changes
  });

  it('undoes addDays for any date and offset', () => {
    fc.assert(
      fc.property(isoDates, fc.integer({ min: -5000, max: 5000 }), (d, n) => diffDays(d, addDays(d, n)) === n),
    );
  });
});

describe('dayOfWeek', () => {
  it.each([
    ['2026-04-06', 1],
    ['2026-04-07', 2],
    ['2026-04-10', 5],
    ['2026-04-11', 6],
    ['2026-04-12', 7],
    ['2000-01-01', 6],
  ])('%s is ISO weekday %i', (d, expected) => {
    expect(dayOfWeek(d)).toBe(expected);
  });

  it('matches the JavaScript UTC weekday for any date', () => {
    fc.assert(
      fc.property(dayNumbers, (day) => {
        const js = new Date(day * DAY).getUTCDay();
        return dayOfWeek(oracleIso(day * DAY)) === (js === 0 ? 7 : js);
      }),
    );
  });

  it('identifies Mondays', () => {
    expect(isMonday('2026-04-06')).toBe(true);
    expect(isMonday('2026-04-05')).toBe(false);
  });
});

describe('weekCommencing', () => {
  it('gives the Monday on or before the date', () => {
    expect(weekCommencing('2026-04-06')).toBe('2026-04-06');
    expect(weekCommencing('2026-04-12')).toBe('2026-04-06');
    expect(weekCommencing('2026-04-08')).toBe('2026-04-06');
    expect(weekCommencing('2026-01-01')).toBe('2025-12-29');
  });

  it('is always a Monday no more than six days earlier', () => {
    fc.assert(
      fc.property(isoDates, (d) => {
        const monday = weekCommencing(d);
        const back = diffDays(monday, d);
        return isMonday(monday) && back >= 0 && back <= 6;
      }),
    );
  });
});

describe('compareDates, maxDate and minDate', () => {
  it('orders dates chronologically', () => {
    expect(compareDates('2026-01-01', '2026-01-02')).toBeLessThan(0);
    expect(compareDates('2026-01-02', '2026-01-01')).toBeGreaterThan(0);
    expect(compareDates('2026-01-01', '2026-01-01')).toBe(0);
    expect(['2026-03-01', '2025-12-31', '2026-01-15'].sort(compareDates)).toEqual([
      '2025-12-31',
      '2026-01-15',
      '2026-03-01',
    ]);
  });

  it('agrees with the order of the underlying days', () => {
    fc.assert(
      fc.property(dayNumbers, dayNumbers, (a, b) => {
        return Math.sign(compareDates(oracleIso(a * DAY), oracleIso(b * DAY))) === Math.sign(a - b);
      }),
    );
  });

  it('refuses to compare invalid dates', () => {
    expect(() => compareDates('2026-01-01', 'soon')).toThrow(RangeError);
  });

  it('picks the latest and earliest dates', () => {
    expect(maxDate('2026-01-01', '2027-01-01', '2025-06-30')).toBe('2027-01-01');
    expect(minDate('2026-01-01', '2027-01-01', '2025-06-30')).toBe('2025-06-30');
    expect(maxDate('2026-01-01')).toBe('2026-01-01');
  });
});

describe('todayInLondon', () => {
  it.each([
    ['2026-01-15T12:00:00Z', '2026-01-15'],
    ['2026-12-31T23:30:00Z', '2026-12-31'], // GMT: London date equals UTC date
    ['2026-06-30T23:30:00Z', '2026-07-01'], // BST: already tomorrow in London
    ['2026-03-29T00:30:00Z', '2026-03-29'], // just before clocks go forward
    ['2026-03-28T23:59:59Z', '2026-03-28'],
    ['2026-10-24T23:30:00Z', '2026-10-25'], // last BST night
    ['2026-10-25T23:30:00Z', '2026-10-25'], // back on GMT
  ])('the instant %s is %s in London', (instant, expected) => {
    expect(todayInLondon(new Date(instant))).toBe(expected);
  });

  it('rejects an invalid Date', () => {
    expect(() => todayInLondon(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('eachMonday', () => {
  it('lists Mondays from the start inclusive to the end exclusive', () => {
    expect(eachMonday('2026-04-01', '2026-04-27')).toEqual(['2026-04-06', '2026-04-13', '2026-04-20']);
    expect(eachMonday('2026-04-06', '2026-04-20')).toEqual(['2026-04-06', '2026-04-13']);
    expect(eachMonday('2026-04-07', '2026-04-13')).toEqual([]);
    expect(eachMonday('2026-04-13', '2026-04-06')).toEqual([]);
  });

  it('finds exactly the Mondays a day-by-day scan finds', () => {
    fc.assert(
      fc.property(dayNumbers, fc.integer({ min: 0, max: 60 }), (start, length) => {
        const expected: string[] = [];
        for (let day = start; day < start + length; day++) {
          if (new Date(day * DAY).getUTCDay() === 1) expected.push(oracleIso(day * DAY));
        }
        const actual = eachMonday(oracleIso(start * DAY), oracleIso((start + length) * DAY));
        expect(actual).toEqual(expected);
      }),
    );
  });
});

describe('daysFromEpoch (the arithmetic behind diffDays, addDays and dayOfWeek)', () => {
  /** The reference: JavaScript's own proleptic Gregorian calendar, through a Date at UTC midnight. */
  const viaDate = (year: number, month: number, day: number) => {
    const d = new Date(0);
    d.setUTCFullYear(year, month - 1, day);
    return d.getTime() / 86_400_000;
  };

  it('counts days as JavaScript Date does, for every day of years 0000 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (year, month, day) => {
        fc.pre(isIsoDate(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`));
        expect(daysFromEpoch(year, month, day)).toBe(viaDate(year, month, day));
      }),
      { numRuns: 5000 },
    );
  });

  it('knows the edges: the epoch, leap days, century years', () => {
    expect(daysFromEpoch(1970, 1, 1)).toBe(0);
    expect(daysFromEpoch(1969, 12, 31)).toBe(-1);
    expect(daysFromEpoch(2000, 3, 1) - daysFromEpoch(2000, 2, 28)).toBe(2);
    expect(daysFromEpoch(1900, 3, 1) - daysFromEpoch(1900, 2, 28)).toBe(1);
    expect(daysFromEpoch(0, 1, 1)).toBe(viaDate(0, 1, 1));
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-04-31')).toBe(false);
  });
});
