export {
  addDays,
  compareDates,
  dayOfWeek,
  diffDays,
  eachMonday,
  isIsoDate,
  isMonday,
  maxDate,
  minDate,
  parseIsoDate,
  todayInLondon,
  weekCommencing,
  type IsoDate,
} from './dates.ts';
export {
  chargeableWeeksInRentYear,
  isRentFreeWeek,
  rentWeekNumber,
  rentYear,
  rentYearOf,
  rentYearStart,
  type RentYear,
} from './rent-year.ts';
export { createWorkingDayCalendar, type WorkingDayCalendar } from './working-days.ts';
export { BankHolidayFileError, parseBankHolidayFile, type BankHolidayFile } from './bank-holidays.ts';
