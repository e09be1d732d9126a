/**
 * Working days: Monday to Friday, excluding bank holidays. Statutory notice
 * periods, payment clearing and letter deadlines are counted in these.
 */
import { addDays, compareDates, dayOfWeek, parseIsoDate, type IsoDate } from './dates.ts';

export interface WorkingDayCalendar {
  isBankHoliday(d: IsoDate): boolean;
  isWorkingDay(d: IsoDate): boolean;
  /** d itself if it is a working day, otherwise the next one after it. */
  nextWorkingDay(d: IsoDate): IsoDate;
  /**
   * n > 0: the nth working day after d; n < 0: the |n|th working day before d;
   * n = 0: d unchanged (even if d is not a working day).
   */
  addWorkingDays(d: IsoDate, n: number): IsoDate;
  /** Working days in the half-open range (a, b]; negative when b is before a. */
  workingDaysBetween(a: IsoDate, b: IsoDate): number;
}

export function createWorkingDayCalendar(bankHolidays: readonly IsoDate[]): WorkingDayCalendar {
  const holidays: ReadonlySet<IsoDate> = new Set(bankHolidays.map(parseIsoDate));

  const isBankHoliday = (d: IsoDate): boolean => holidays.has(parseIsoDate(d));
  const isWorkingDay = (d: IsoDate): boolean => dayOfWeek(d) <= 5 && !holidays.has(d);

  const nextWorkingDay = (d: IsoDate): IsoDate => {
    let day = d;
    while (!isWorkingDay(day)) day = addDays(day, 1);
    return day;
  };

  const addWorkingDays = (d: IsoDate, n: number): IsoDate => {
    if (!Number.isSafeInteger(n)) throw new RangeError(`Working days must be a whole number: ${n}`);
    parseIsoDate(d);
    const step = n < 0 ? -1 : 1;
    let day = d;
    for (let remaining = Math.abs(n); remaining > 0; ) {
      day = addDays(day, step);
      if (isWorkingDay(day)) remaining -= 1;
    }
    return day;
  };

  const workingDaysBetween = (a: IsoDate, b: IsoDate): number => {
    const order = compareDates(a, b);
    if (order > 0) return -workingDaysBetween(b, a);
    let count = 0;
    for (let day = addDays(a, 1); compareDates(day, b) <= 0; day = addDays(day, 1)) {
      if (isWorkingDay(day)) count += 1;
    }
    return count;
  };

  return { isBankHoliday, isWorkingDay, nextWorkingDay, addWorkingDays, workingDaysBetween };
}
