/**
 * UK social-housing rent years. Rent is debited weekly on Mondays, and the rent
 * year starts on the first Monday in April. Because 52 weeks is only 364 days,
 * the start date drifts back a day or two each year until it would fall in
 * March; that year instead runs 53 weeks (e.g. 2019/20 and 2024/25), which
 * matters because annual rent divided by 52 would then over-collect.
 */
import { addDays, diffDays, eachMonday, isMonday, parseIsoDate, type IsoDate } from './dates.ts';

export interface RentYear {
  /** e.g. '2026/27' */
  label: string;
  startYear: number;
  /** The first Monday in April of startYear. */
  start: IsoDate;
  /** The first Monday in April of startYear + 1. */
  endExclusive: IsoDate;
  weeks: 52 | 53;
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1 || year > 9998) {
    throw new RangeError(`Not a supported rent year: ${year}`);
  }
}

/** The first Monday in April of startYear. */
export function rentYearStart(startYear: number): IsoDate {
  assertYear(startYear);
  const first = `${String(startYear).padStart(4, '0')}-04-01`;
  return eachMonday(first, addDays(first, 7))[0]!;
}

function rentYearFromStart(startYear: number): RentYear {
  const start = rentYearStart(startYear);
  const endExclusive = rentYearStart(startYear + 1);
  const weeks = diffDays(start, endExclusive) / 7;
  if (weeks !== 52 && weeks !== 53) throw new Error(`Impossible rent year length: ${weeks} weeks`);
  return {
    label: `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`,
    startYear,
    start,
    endExclusive,
    weeks,
  };
}

/** The rent year containing d. Days from 1 April up to the first Monday belong to the previous year. */
export function rentYearOf(d: IsoDate): RentYear {
  parseIsoDate(d);
  const calendarYear = Number(d.slice(0, 4));
  const startYear = d < rentYearStart(calendarYear) ? calendarYear - 1 : calendarYear;
  return rentYearFromStart(startYear);
}

/** The rent year that starts in April of startYear. */
export function rentYear(startYear: number): RentYear {
  return rentYearFromStart(startYear);
}

/** 1-based week of the rent year containing d; week 1 begins on the start Monday. */
export function rentWeekNumber(d: IsoDate): number {
  return Math.floor(diffDays(rentYearOf(d).start, d) / 7) + 1;
}

/**
 * Whether the week commencing on the given Monday is rent free. Insisting on a
 * Monday catches callers passing an arbitrary date, which would silently never match.
 */
export function isRentFreeWeek(weekCommencing: IsoDate, rentFreeWeeks: ReadonlySet<IsoDate>): boolean {
  if (!isMonday(weekCommencing)) {
    throw new RangeError(`Rent weeks commence on a Monday, got ${weekCommencing}`);
  }
  return rentFreeWeeks.has(weekCommencing);
}

/** Weeks of the rent year that carry a rent debit (rent-free weeks are Mondays in the set). */
export function chargeableWeeksInRentYear(startYear: number, rentFreeWeeks: ReadonlySet<IsoDate>): number {
  const year = rentYearFromStart(startYear);
  const free = eachMonday(year.start, year.endExclusive).filter((monday) => rentFreeWeeks.has(monday));
  return year.weeks - free.length;
}
