/**
 * Loads the bundled England and Wales bank holidays from data/ into a working
 * day calendar. Kept outside src/domain because it reads a file.
 */
import { readFileSync } from 'node:fs';
import {
  createWorkingDayCalendar,
  parseBankHolidayFile,
  parseIsoDate,
  type IsoDate,
  type WorkingDayCalendar,
} from './domain/calendar/index.ts';

const BANK_HOLIDAY_FILE = new URL('../data/bank-holidays-england-and-wales.json', import.meta.url);

let bundledDates: IsoDate[] | undefined;
const calendars = new Map<string, WorkingDayCalendar>();

function loadBundledDates(): IsoDate[] {
  if (!bundledDates) {
    const json: unknown = JSON.parse(readFileSync(BANK_HOLIDAY_FILE, 'utf8'));
    bundledDates = parseBankHolidayFile(json);
  }
  return bundledDates;
}

/**
 * The working day calendar for England and Wales, optionally with extra
 * closure dates (e.g. a newly announced bank holiday not yet in the file).
 * Cached per distinct set of extra dates.
 */
export function loadWorkingDayCalendar(extra: readonly IsoDate[] = []): WorkingDayCalendar {
  const extras = [...new Set(extra.map(parseIsoDate))].sort();
  const key = extras.join(',');
  let calendar = calendars.get(key);
  if (!calendar) {
    calendar = createWorkingDayCalendar([...loadBundledDates(), ...extras]);
    calendars.set(key, calendar);
  }
  return calendar;
}
