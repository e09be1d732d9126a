/**
 * Calendar dates as ISO `YYYY-MM-DD` strings, meaning a day in Europe/London.
 *
 * Arithmetic goes through UTC midnight milliseconds: UTC has no daylight saving,
 * so every day is exactly 86,400,000 ms and adding days can never slip by an
 * hour into the neighbouring date the way local-time arithmetic can in March
 * and October.
 */

/** A calendar date in Europe/London, formatted `YYYY-MM-DD`. */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function fromMs(ms: number): IsoDate {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`Date is outside years 0000-9999`);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** True when s is `YYYY-MM-DD` and names a real day (so 2024-02-29 yes, 2023-02-29 no). */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  const m = ISO_RE.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar (as JavaScript's Date counts them), by
 * arithmetic alone: the trawl does date arithmetic a score of times per account, and building Date objects was
 * most of its evaluation time (docs/benchmarks.md). Counts from 1 March so the leap day falls at a year's end.
 */
export function daysFromEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Returns s as an IsoDate, or throws a RangeError naming the bad value. */
export function parseIsoDate(s: string): IsoDate {
  if (!isIsoDate(s)) {
    throw new RangeError(`Not a valid calendar date (expected YYYY-MM-DD): "${String(s)}"`);
  }
  return s;
}

function toMs(d: IsoDate): number {
  const valid = parseIsoDate(d);
  return daysFromEpoch(Number(valid.slice(0, 4)), Number(valid.slice(5, 7)), Number(valid.slice(8, 10))) * MS_PER_DAY;
}

export function addDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Days to add must be a whole number: ${n}`);
  return fromMs(toMs(d) + n * MS_PER_DAY);
}

/** Number of days from a to b (b − a): diffDays('2026-01-01', '2026-01-08') === 7. */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return Math.round((toMs(b) - toMs(a)) / MS_PER_DAY);
}

/** ISO day of week: 1 = Monday … 7 = Sunday. */
export function dayOfWeek(d: IsoDate): number {
  // 1 January 1970 was a Thursday (4).
  const days = toMs(d) / MS_PER_DAY;
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

export function isMonday(d: IsoDate): boolean {
  return dayOfWeek(d) === 1;
}

/** The Monday on or before d (rent weeks commence on a Monday). */
export function weekCommencing(d: IsoDate): IsoDate {
  return addDays(d, 1 - dayOfWeek(d));
}

/** Sort comparator: negative if a is before b, 0 if equal, positive if after. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  // Fixed-width ISO strings sort chronologically, once both are known valid.
  parseIsoDate(a);
  parseIsoDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((best, d) => (compareDates(d, best) > 0 ? d : best), parseIsoDate(first));
}

export function minDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((best, d) => (compareDates(d, best) < 0 ? d : best), parseIsoDate(first));
}

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The Europe/London calendar date at instant `now`. Callers pass the clock in
 * so that domain code stays deterministic; near midnight in summer (BST) the
 * London date is a day ahead of the UTC date.
 */
export function todayInLondon(now: Date): IsoDate {
  if (Number.isNaN(now.getTime())) throw new RangeError('todayInLondon was given an invalid Date');
  const parts = Object.fromEntries(londonFormat.formatToParts(now).map((p) => [p.type, p.value]));
  return parseIsoDate(`${parts.year}-${parts.month}-${parts.day}`);
}

/** Every Monday d with from <= d < toExclusive, in order. */
export function eachMonday(from: IsoDate, toExclusive: IsoDate): IsoDate[] {
  const mondays: IsoDate[] = [];
  const firstOffset = (8 - dayOfWeek(from)) % 7;
  for (let d = addDays(from, firstOffset); compareDates(d, toExclusive) < 0; d = addDays(d, 7)) {
    mondays.push(d);
  }
  return mondays;
}
