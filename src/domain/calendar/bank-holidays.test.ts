import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BankHolidayFileError, parseBankHolidayFile } from './bank-holidays.ts';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const weekday = (ms: number) => new Date(ms).getUTCDay(); // 0 = Sunday
const isWeekend = (ms: number) => weekday(ms) === 0 || weekday(ms) === 6;

const event = (date: string, title = 'Some holiday') => ({ title, date, notes: '', bunting: true });

describe('parseBankHolidayFile', () => {
  it('returns the event dates sorted and without duplicates', () => {
    const file = {
      division: 'england-and-wales',
      events: [event('2026-12-28'), event('2026-01-01'), event('2026-12-28'), event('2026-04-03')],
    };
    expect(parseBankHolidayFile(file)).toEqual(['2026-01-01', '2026-04-03', '2026-12-28']);
  });

  it('accepts events without notes or bunting, as in older feeds', () => {
    const file = { division: 'scotland', events: [{ title: 'St Andrew’s Day', date: '2026-11-30' }] };
    expect(parseBankHolidayFile(file)).toEqual(['2026-11-30']);
  });

  it('names the index and field of an impossible date', () => {
    const file = { division: 'england-and-wales', events: [event('2026-01-01'), event('2026-02-30')] };
    expect(() => parseBankHolidayFile(file)).toThrow(BankHolidayFileError);
    expect(() => parseBankHolidayFile(file)).toThrow(/events\[1\]\.date/);
  });

  it('names a missing title', () => {
    const file = { division: 'england-and-wales', events: [{ date: '2026-01-01' }] };
    expect(() => parseBankHolidayFile(file)).toThrow(/events\[0\]\.title/);
  });

  it('names a missing events list', () => {
    expect(() => parseBankHolidayFile({ division: 'england-and-wales' })).toThrow(/events/);
  });

  it('rejects something that is not a division object at all', () => {
    expect(() => parseBankHolidayFile(null)).toThrow(/\(root\)/);
    expect(() => parseBankHolidayFile([])).toThrow(BankHolidayFileError);
  });
});

// ---------------------------------------------------------------------------
// The bundled data file, checked against an independent computation.

const FILE_URL = new URL('../../../data/bank-holidays-england-and-wales.json', import.meta.url);
const raw = JSON.parse(readFileSync(FILE_URL, 'utf8')) as { division: string; events: { date: string }[] };
const fileDates = parseBankHolidayFile(raw);
const datesInYear = (year: number) => fileDates.filter((d) => d.startsWith(`${year}-`));

/** Easter Sunday by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm. */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

/** The first `count` weekdays on or after a date. */
function weekdaysFrom(ms: number, count: number): number[] {
  const found: number[] = [];
  for (let t = ms; found.length < count; t += DAY) if (!isWeekend(t)) found.push(t);
  return found;
}

function mondayOnOrAfter(ms: number): number {
  return ms + ((8 - weekday(ms)) % 7) * DAY;
}

/** The standing England and Wales rules, with no one-off proclamations. */
function regularHolidays(year: number): string[] {
  const easter = easterSunday(year);
  const lastMondayBefore = (ms: number) => mondayOnOrAfter(ms - 7 * DAY);
  return [
    weekdaysFrom(Date.UTC(year, 0, 1), 1)[0]!, // New Year's Day or the weekday after
    easter - 2 * DAY, // Good Friday
    easter + DAY, // Easter Monday
    mondayOnOrAfter(Date.UTC(year, 4, 1)), // Early May: first Monday in May
    lastMondayBefore(Date.UTC(year, 5, 1)), // Spring: last Monday in May
    lastMondayBefore(Date.UTC(year, 8, 1)), // Summer: last Monday in August
    ...weekdaysFrom(Date.UTC(year, 11, 25), 2), // Christmas and Boxing Day, substituted forward
  ]
    .map(iso)
    .sort();
}

/** One-off changes proclaimed for particular years. */
const SPECIAL: Record<number, { removed: string[]; added: string[] }> = {
  2020: { removed: ['2020-05-04'], added: ['2020-05-08'] }, // Early May moved to VE Day
  2022: {
    removed: ['2022-05-30'], // Spring moved for the Platinum Jubilee
    added: ['2022-06-02', '2022-06-03', '2022-09-19'], // Spring, Jubilee, State Funeral
  },
  2023: { removed: [], added: ['2023-05-08'] }, // Coronation of King Charles III
};

describe('the bundled England and Wales bank holiday file', () => {
  it('is the england-and-wales division and covers only 2018 to 2028', () => {
    expect(raw.division).toBe('england-and-wales');
    expect(fileDates[0]!.slice(0, 4)).toBe('2018');
    expect(fileDates.at(-1)!.slice(0, 4)).toBe('2028');
    expect(fileDates.length).toBe(raw.events.length); // no duplicates
  });

  it('has no bank holiday on a weekend', () => {
    expect(fileDates.filter((d) => isWeekend(Date.parse(d)))).toEqual([]);
  });

  it.each([2018, 2019, 2021, 2024, 2025, 2026, 2027, 2028])(
    'matches the standing rules exactly in %i, a year without one-off holidays',
    (year) => {
      expect(datesInYear(year)).toEqual(regularHolidays(year));
    },
  );

  it.each([2020, 2022, 2023])('matches the standing rules plus proclaimed changes in %i', (year) => {
    const { removed, added } = SPECIAL[year]!;
    const expected = regularHolidays(year)
      .filter((d) => !removed.includes(d))
      .concat(added)
      .sort();
    expect(datesInYear(year)).toEqual(expected);
  });

  it('contains the known one-off and substitute dates', () => {
    const known = [
      '2020-05-08', // VE Day (Friday)
      '2022-06-02', // Spring bank holiday moved to Thursday
      '2022-06-03', // Platinum Jubilee
      '2022-09-19', // State Funeral of Queen Elizabeth II
      '2023-05-01', // Early May still held in coronation year
      '2023-05-08', // Coronation of King Charles III
      '2021-12-27', // Christmas substitute
      '2021-12-28', // Boxing Day substitute
      '2022-01-03', // New Year substitute
      '2026-12-28', // Boxing Day substitute
      '2027-12-27',
      '2027-12-28',
    ];
    expect(known.filter((d) => !fileDates.includes(d))).toEqual([]);
    expect(fileDates).not.toContain('2020-05-04');
    expect(fileDates).not.toContain('2022-05-30');
  });

  it('agrees with published Easter dates', () => {
    // Easter Sundays: 2019-04-21, 2024-03-31, 2026-04-05.
    expect(fileDates).toEqual(expect.arrayContaining(['2019-04-19', '2019-04-22', '2024-03-29', '2024-04-01', '2026-04-03', '2026-04-06']));
  });
});
