import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createWorkingDayCalendar } from './working-days.ts';

// England and Wales bank holidays for 2026-2027, written out by hand.
const HOLIDAYS = [
  '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31',
  '2026-12-25', '2026-12-28',
  '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30',
  '2027-12-27', '2027-12-28',
];
const calendar = createWorkingDayCalendar(HOLIDAYS);

const DAY = 86_400_000;
const oracleIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayNumbers = fc.integer({ min: Date.UTC(2025, 6, 1) / DAY, max: Date.UTC(2028, 5, 30) / DAY });
const isoDates = dayNumbers.map((n) => oracleIso(n * DAY));
const oracleIsWorking = (ms: number) => {
  const wd = new Date(ms).getUTCDay();
  return wd !== 0 && wd !== 6 && !HOLIDAYS.includes(oracleIso(ms));
};

describe('isBankHoliday and isWorkingDay', () => {
  it('treats bank holidays and weekends as non-working days', () => {
    expect(calendar.isBankHoliday('2026-12-28')).toBe(true);
    expect(calendar.isWorkingDay('2026-12-28')).toBe(false); // Boxing Day substitute
    expect(calendar.isWorkingDay('2026-12-26')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-12-27')).toBe(false); // Sunday
    expect(calendar.isBankHoliday('2026-12-26')).toBe(false);
    expect(calendar.isWorkingDay('2026-12-29')).toBe(true);
  });

  it('agrees with a weekday-and-list check for any date', () => {
    fc.assert(
      fc.property(dayNumbers, (n) => calendar.isWorkingDay(oracleIso(n * DAY)) === oracleIsWorking(n * DAY)),
    );
  });

  it('rejects invalid dates in the holiday list and in queries', () => {
    expect(() => createWorkingDayCalendar(['2026-02-30'])).toThrow(/2026-02-30/);
    expect(() => calendar.isWorkingDay('2026-13-01')).toThrow(RangeError);
    expect(() => calendar.isBankHoliday('tomorrow')).toThrow(RangeError);
  });
});

describe('nextWorkingDay', () => {
  it('returns a working day unchanged', () => {
    expect(calendar.nextWorkingDay('2026-12-24')).toBe('2026-12-24');
  });

  it('skips the Christmas weekend and substitute day', () => {
    expect(calendar.nextWorkingDay('2026-12-25')).toBe('2026-12-29');
  });

  it('skips the Easter weekend from Good Friday to Easter Monday', () => {
    expect(calendar.nextWorkingDay('2026-04-03')).toBe('2026-04-07');
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2026-12-24', 1, '2026-12-29'],
    ['2026-04-02', 1, '2026-04-07'],
    ['2026-01-02', 5, '2026-01-09'],
    ['2026-01-03', 1, '2026-01-05'], // from a Saturday
    ['2027-12-24', 1, '2027-12-29'],
    ['2026-12-23', 10, '2027-01-11'],
    ['2026-04-07', -1, '2026-04-02'],
    ['2026-12-29', -1, '2026-12-24'],
    ['2027-01-04', -3, '2026-12-29'],
    ['2026-01-03', 0, '2026-01-03'], // zero leaves even a weekend date alone
  ])('%s plus %i working days is %s', (d, n, expected) => {
    expect(calendar.addWorkingDays(d, n)).toBe(expected);
  });

  it('always lands on a working day exactly n working days later', () => {
    fc.assert(
      fc.property(isoDates, fc.integer({ min: 1, max: 200 }), (d, n) => {
        const result = calendar.addWorkingDays(d, n);
        return calendar.isWorkingDay(result) && calendar.workingDaysBetween(d, result) === n;
      }),
    );
  });

  it('is undone by subtracting the same number of working days from a working day', () => {
    fc.assert(
      fc.property(isoDates, fc.integer({ min: -200, max: 200 }), (d, n) => {
        const start = calendar.nextWorkingDay(d);
        return calendar.addWorkingDays(calendar.addWorkingDays(start, n), -n) === start;
      }),
    );
  });

  it('rejects fractional counts', () => {
    expect(() => calendar.addWorkingDays('2026-01-05', 1.5)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after a up to and including b', () => {
    expect(calendar.workingDaysBetween('2026-12-24', '2026-12-31')).toBe(3);
    expect(calendar.workingDaysBetween('2026-12-24', '2026-12-24')).toBe(0);
    expect(calendar.workingDaysBetween('2026-01-02', '2026-01-09')).toBe(5);
    expect(calendar.workingDaysBetween('2026-04-02', '2026-04-07')).toBe(1);
  });

  it('is negative when b is before a', () => {
    expect(calendar.workingDaysBetween('2026-12-31', '2026-12-24')).toBe(-3);
  });

  it('matches a day-by-day count for any pair of dates', () => {
    fc.assert(
      fc.property(dayNumbers, fc.integer({ min: 0, max: 120 }), (a, length) => {
        let expected = 0;
        for (let day = a + 1; day <= a + length; day++) if (oracleIsWorking(day * DAY)) expected++;
        return calendar.workingDaysBetween(oracleIso(a * DAY), oracleIso((a + length) * DAY)) === expected;
      }),
    );
  });
});
