/**
 * Direct Debit schedules: payment day options, collection dates, the earliest first
 * collection for a new mandate, collection amounts and advance notice of changes.
 *
 * Conventions (each one a decision, recorded here so it can be checked):
 *
 * - PAYMENT DAYS. Monthly payers choose the 1st, 8th, 15th or 22nd; weekly, fortnightly
 *   and 4-weekly payers choose a weekday (Monday to Friday). These are Reeve's offered
 *   options, not Bacs rules.
 *
 * - NON-WORKING DAYS. Bacs only moves money on working days (Mon–Fri excluding England
 *   and Wales bank holidays, DOMAIN.md §5.7). When the chosen day is not a working day
 *   the collection is made on the NEXT working day, never the one before: collecting
 *   early can be returned unpaid as ARUDD 8 "amount not yet due" (debited before the
 *   notified date), whereas collecting up to 3 working days after the notified date is
 *   within the scheme's presentation window (ARUDD 9 only beyond that). So 1 Jan 2027
 *   (a Friday bank holiday) becomes Monday 4 Jan 2027. The advance notice must give the
 *   actual dates (`date`), not just the nominal day.
 *
 * - DATES. Every date here is the collection date: the Bacs "entry day" (day 3 of the
 *   3-day cycle) on which the payer's account is debited. The file carrying it is input
 *   two working days before and processed one working day before (`bacsCycle`).
 *
 * - ADVANCE NOTICE. The Direct Debit Guarantee promises notice of amount, date and
 *   frequency 10 working days before the first collection and before any change "or as
 *   otherwise agreed". The period is a per-council setting; Reeve refuses a setting below
 *   3 working days (DOMAIN.md §5.1 could not confirm a scheme-wide minimum, so 3 is
 *   Reeve's own floor, matching the shortest periods seen in published Guarantee
 *   wording). Notice is counted from the day it is given to the payer: a letter's
 *   posting time is the caller's to add.
 *
 * - LODGEMENT. A new paperless mandate is lodged by an AUDDIS 0N, which reaches the
 *   payer's bank on its own entry day (input day + 2 working days). The first collection
 *   must come at least 2 working days after that, otherwise it can be returned as ARUDD
 *   8 ("less than 2 working days since the DDI was lodged").
 *
 * - AMOUNTS. Rent is a weekly charge. Monthly collections are weekly × 52 ÷ 12 (or
 *   weekly × chargeable weeks ÷ 12 for councils with rent-free weeks, e.g. 48), rounded
 *   half up to the penny, the same convention as Universal Credit housing costs.
 *   Twelve such collections can differ from the year's charges by a few pence; the rent
 *   account balance carries the difference, because a collection is a payment against
 *   the balance and not the debit itself. 4-weekly = weekly × 4, fortnightly =
 *   weekly × 2, weekly = weekly: rent-free weeks for those frequencies are handled by
 *   not collecting in those weeks (a schedule matter for the caller), not by changing
 *   the amount. An arrangement instalment is agreed per collection and added on top.
 */
import {
  addDays,
  compareDates,
  dayOfWeek,
  diffDays,
  maxDate,
  parseIsoDate,
  type IsoDate,
} from '../calendar/dates.ts';
import type { WorkingDayCalendar } from '../calendar/working-days.ts';
import { assertPence, type Pence } from '../money/pence.ts';

export type CollectionFrequency = 'monthly' | 'weekly' | 'fortnightly' | 'four_weekly';
export const COLLECTION_FREQUENCIES: readonly CollectionFrequency[] = ['monthly', 'weekly', 'fortnightly', 'four_weekly'];

export const PAYMENT_DAYS_OF_MONTH = [1, 8, 15, 22] as const;
export type PaymentDayOfMonth = (typeof PAYMENT_DAYS_OF_MONTH)[number];

/** ISO weekday, Monday = 1 … Friday = 5. */
export type CollectionWeekday = 1 | 2 | 3 | 4 | 5;
export const COLLECTION_WEEKDAYS: readonly CollectionWeekday[] = [1, 2, 3, 4, 5];

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] as const;
const FREQUENCY_DAYS: Record<Exclude<CollectionFrequency, 'monthly'>, number> = {
  weekly: 7,
  fortnightly: 14,
  four_weekly: 28,
};

/** The Guarantee's standard notice period. */
export const DEFAULT_NOTICE_WORKING_DAYS = 10;
/** Reeve refuses shorter notice periods than this. */
export const MIN_NOTICE_WORKING_DAYS = 3;
/** Longest notice period Reeve accepts as a setting (a sanity bound, about six weeks). */
export const MAX_NOTICE_WORKING_DAYS = 30;
/** Working days between a 0N's lodgement (its entry day) and the first collection. */
export const MIN_LODGEMENT_WORKING_DAYS = 2;

/** A Direct Debit setting or request that Reeve cannot act on; the message says why. */
export class DirectDebitSettingError extends RangeError {
  override name = 'DirectDebitSettingError';
}

/** The payment day choices to offer a payer for a frequency, with labels for the form. */
export function paymentDayOptions(frequency: CollectionFrequency): { value: number; label: string }[] {
  assertFrequency(frequency);
  if (frequency === 'monthly') {
    return PAYMENT_DAYS_OF_MONTH.map((d) => ({ value: d, label: `${ordinal(d)} of the month` }));
  }
  return COLLECTION_WEEKDAYS.map((d) => ({ value: d, label: WEEKDAY_NAMES[d - 1]! }));
}

function ordinal(n: number): string {
  const rem100 = n % 100;
  if (rem100 >= 11 && rem100 <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

function assertFrequency(frequency: string): asserts frequency is CollectionFrequency {
  if (!(COLLECTION_FREQUENCIES as readonly string[]).includes(frequency)) {
    throw new DirectDebitSettingError(`Unknown collection frequency "${frequency}": use one of ${COLLECTION_FREQUENCIES.join(', ')}`);
  }
}

/** Throws a DirectDebitSettingError unless n is a whole number of working days from 3 to 30. */
export function assertNoticeWorkingDays(n: number): void {
  if (!Number.isSafeInteger(n)) {
    throw new DirectDebitSettingError(`The advance notice period must be a whole number of working days, not ${String(n)}`);
  }
  if (n < MIN_NOTICE_WORKING_DAYS) {
    throw new DirectDebitSettingError(
      `The advance notice period must be at least ${MIN_NOTICE_WORKING_DAYS} working days; it is set to ${n}. The Direct Debit Guarantee's standard is ${DEFAULT_NOTICE_WORKING_DAYS} working days`,
    );
  }
  if (n > MAX_NOTICE_WORKING_DAYS) {
    throw new DirectDebitSettingError(`The advance notice period must be at most ${MAX_NOTICE_WORKING_DAYS} working days; it is set to ${n}`);
  }
}

/** How a mandate's collections fall. */
export interface CollectionPattern {
  frequency: CollectionFrequency;
  /** Monthly only: 1, 8, 15 or 22. */
  dayOfMonth?: number;
  /** Weekly, fortnightly and 4-weekly: 1 (Monday) to 5 (Friday). */
  weekday?: number;
  /**
   * Fortnightly and 4-weekly: a nominal collection date already in the cycle (e.g. the
   * first collection), so later schedules keep the same weeks. Without it the cycle
   * starts with the first matching weekday on or after `from`.
   */
  anchor?: IsoDate;
}

export interface ScheduledCollection {
  /** The chosen day (1st of the month, the Monday, …), which may be a non-working day. */
  nominal: IsoDate;
  /** The day the payer is debited: `nominal`, or the next working day after it. */
  date: IsoDate;
}

/** Largest `count` accepted: about ten years of weekly collections. */
export const MAX_SCHEDULE_LENGTH = 520;

function assertPattern(pattern: CollectionPattern): void {
  assertFrequency(pattern.frequency);
  if (pattern.frequency === 'monthly') {
    if (!(PAYMENT_DAYS_OF_MONTH as readonly number[]).includes(pattern.dayOfMonth ?? NaN)) {
      throw new DirectDebitSettingError(
        `A monthly Direct Debit needs a payment day of ${PAYMENT_DAYS_OF_MONTH.join(', ')}, not ${String(pattern.dayOfMonth)}`,
      );
    }
    if (pattern.weekday !== undefined) {
      throw new DirectDebitSettingError('A monthly Direct Debit takes a day of the month, not a weekday');
    }
    return;
  }
  if (pattern.dayOfMonth !== undefined) {
    throw new DirectDebitSettingError(`A ${pattern.frequency.replace('_', '-')} Direct Debit takes a weekday, not a day of the month`);
  }
  const weekday = pattern.weekday ?? (pattern.anchor !== undefined ? dayOfWeek(pattern.anchor) : undefined);
  if (weekday === undefined || !(COLLECTION_WEEKDAYS as readonly number[]).includes(weekday)) {
    throw new DirectDebitSettingError(
      `A ${pattern.frequency.replace('_', '-')} Direct Debit needs a weekday from 1 (Monday) to 5 (Friday), not ${String(weekday)}`,
    );
  }
  if (pattern.anchor !== undefined && dayOfWeek(pattern.anchor) !== weekday) {
    throw new DirectDebitSettingError(`The cycle anchor ${pattern.anchor} is not a ${WEEKDAY_NAMES[weekday - 1]}`);
  }
}

/**
 * The next `count` collections of a pattern whose collection date is on or after
 * `from` (typically the earliest date allowed by the advance notice). Each collection
 * date is a working day: see "NON-WORKING DAYS" above.
 */
export function nextCollectionDates(
  request: CollectionPattern & { from: IsoDate; count: number },
  calendar: WorkingDayCalendar,
): ScheduledCollection[] {
  assertPattern(request);
  const from = parseIsoDate(request.from);
  const { count } = request;
  if (!Number.isSafeInteger(count) || count < 0 || count > MAX_SCHEDULE_LENGTH) {
    throw new DirectDebitSettingError(`The number of collections must be a whole number from 0 to ${MAX_SCHEDULE_LENGTH}, not ${String(count)}`);
  }
  const out: ScheduledCollection[] = [];
  const push = (nominal: IsoDate): void => {
    const date = calendar.nextWorkingDay(nominal);
    if (compareDates(date, from) >= 0 && out.length < count) out.push({ nominal, date });
  };

  if (request.frequency === 'monthly') {
    const day = String(request.dayOfMonth).padStart(2, '0');
    // Start a month early: a nominal date before `from` can move forward onto or past it.
    let year = Number(from.slice(0, 4));
    let month = Number(from.slice(5, 7)) - 1;
    while (out.length < count) {
      if (month === 0) {
        month = 12;
        year -= 1;
      }
      push(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${day}`);
      month += 1;
      if (month === 13) {
        month = 1;
        year += 1;
      }
    }
    return out;
  }

  const period = FREQUENCY_DAYS[request.frequency];
  let nominal: IsoDate;
  if (request.anchor !== undefined) {
    const anchor = parseIsoDate(request.anchor);
    // The last cycle date at least a whole period before `from`, then step forward.
    const k = Math.floor(diffDays(anchor, from) / period) - 1;
    nominal = addDays(anchor, k * period);
  } else {
    // No cycle yet: it starts with the first chosen weekday whose collection date is on
    // or after `from` (stepping a week at a time, so a fortnightly cycle cannot skip it).
    const weekday = request.weekday!;
    const start = addDays(from, -7);
    nominal = addDays(start, (weekday - dayOfWeek(start) + 7) % 7);
    while (compareDates(calendar.nextWorkingDay(nominal), from) < 0) nominal = addDays(nominal, 7);
  }
  while (out.length < count) {
    push(nominal);
    nominal = addDays(nominal, period);
  }
  return out;
}

/** The three Bacs days behind a collection date (which must be a working day). */
export function bacsCycle(collectionDate: IsoDate, calendar: WorkingDayCalendar): {
  /** Day 1: the file must be submitted (before the Bacs cut-off) on this day. */
  inputDay: IsoDate;
  /** Day 2: the processing date written into the file's UHL1 label. */
  processingDay: IsoDate;
  /** Day 3: the payer is debited and the council credited. */
  entryDay: IsoDate;
} {
  if (!calendar.isWorkingDay(collectionDate)) {
    throw new DirectDebitSettingError(`${collectionDate} is not a working day, so nothing can be collected on it`);
  }
  return {
    inputDay: calendar.addWorkingDays(collectionDate, -2),
    processingDay: calendar.addWorkingDays(collectionDate, -1),
    entryDay: collectionDate,
  };
}

export interface FirstCollectionRequest {
  /**
   * The day Reeve can submit the AUDDIS 0N and gives the payer their advance notice.
   * If it is not a working day the 0N goes on the next working day. (After the day's
   * Bacs cut-off, pass the next day.)
   */
  today: IsoDate;
  /** The council's advance notice period in working days (at least 3). */
  noticeWorkingDays: number;
  /** Working days from the 0N's lodgement to the first collection (at least 2, the default). */
  lodgementWorkingDays?: number;
}

export interface FirstCollection {
  /** The earliest allowed first collection date: the later of the two limits below. */
  earliest: IsoDate;
  /** When the 0N is submitted to Bacs. */
  instructionInputDay: IsoDate;
  /** When the 0N reaches the payer's bank (its entry day). */
  instructionLodgedOn: IsoDate;
  /** Earliest date allowed by the advance notice. */
  byNotice: IsoDate;
  /** Earliest date allowed by the lodgement of the 0N. */
  byLodgement: IsoDate;
}

/** The earliest first collection for a new (AUDDIS) mandate set up today. */
export function earliestFirstCollection(request: FirstCollectionRequest, calendar: WorkingDayCalendar): FirstCollection {
  const today = parseIsoDate(request.today);
  assertNoticeWorkingDays(request.noticeWorkingDays);
  const lodgementDays = request.lodgementWorkingDays ?? MIN_LODGEMENT_WORKING_DAYS;
  if (!Number.isSafeInteger(lodgementDays) || lodgementDays < MIN_LODGEMENT_WORKING_DAYS) {
    throw new DirectDebitSettingError(
      `The first collection must be at least ${MIN_LODGEMENT_WORKING_DAYS} working days after the instruction is lodged; ${String(lodgementDays)} was asked for`,
    );
  }
  const instructionInputDay = calendar.nextWorkingDay(today);
  const instructionLodgedOn = calendar.addWorkingDays(instructionInputDay, 2);
  const byLodgement = calendar.addWorkingDays(instructionLodgedOn, lodgementDays);
  const byNotice = calendar.addWorkingDays(today, request.noticeWorkingDays);
  return {
    earliest: maxDate(byLodgement, byNotice),
    instructionInputDay,
    instructionLodgedOn,
    byNotice,
    byLodgement,
  };
}

export interface CollectionAmountRequest {
  /** The weekly charge (rent and service charges), in pence. */
  weeklyChargePence: Pence;
  /** The arrangement instalment agreed per collection, in pence (0 if none). */
  arrangementInstalmentPence?: Pence;
  frequency: CollectionFrequency;
  /** Monthly only: rent-free weeks in the year (0 to 4; e.g. 4 for 48-week charging). */
  rentFreeWeeks?: number;
}

export interface CollectionAmount {
  /** The part of the collection that pays the charge. */
  chargePence: Pence;
  /** The part that pays the arrangement. */
  instalmentPence: Pence;
  /** What is collected. */
  totalPence: Pence;
}

/** Most rent-free weeks accepted (councils use 2 or 4; more is almost certainly a mistake). */
export const MAX_RENT_FREE_WEEKS = 4;

/** n × numerator ÷ denominator, rounded half up, for non-negative n. */
function mulDivRoundHalfUp(n: number, numerator: number, denominator: number): number {
  const product = BigInt(n) * BigInt(numerator);
  const d = BigInt(denominator);
  const q = product / d;
  const r = product % d;
  return Number(r * 2n >= d ? q + 1n : q);
}

/** The amount of each collection: see "AMOUNTS" above. */
export function collectionAmount(request: CollectionAmountRequest): CollectionAmount {
  assertFrequency(request.frequency);
  const weekly = assertPence(request.weeklyChargePence);
  const instalment = assertPence(request.arrangementInstalmentPence ?? 0);
  if (weekly < 0) throw new DirectDebitSettingError(`The weekly charge must not be negative: ${weekly}`);
  if (instalment < 0) throw new DirectDebitSettingError(`The arrangement instalment must not be negative: ${instalment}`);
  const rentFree = request.rentFreeWeeks ?? 0;
  if (!Number.isSafeInteger(rentFree) || rentFree < 0 || rentFree > MAX_RENT_FREE_WEEKS) {
    throw new DirectDebitSettingError(`Rent-free weeks must be a whole number from 0 to ${MAX_RENT_FREE_WEEKS}, not ${String(rentFree)}`);
  }
  if (rentFree > 0 && request.frequency !== 'monthly') {
    throw new DirectDebitSettingError(
      `Rent-free weeks only change monthly collections; ${request.frequency.replace('_', '-')} payers simply have no collection in those weeks`,
    );
  }
  let charge: number;
  switch (request.frequency) {
    case 'monthly':
      charge = mulDivRoundHalfUp(weekly, 52 - rentFree, 12);
      break;
    case 'weekly':
      charge = weekly;
      break;
    case 'fortnightly':
      charge = weekly * 2;
      break;
    case 'four_weekly':
      charge = weekly * 4;
      break;
  }
  return { chargePence: assertPence(charge), instalmentPence: instalment, totalPence: assertPence(charge + instalment) };
}

/** A mandate's collection plan: when and how much. */
export interface CollectionPlan extends CollectionPattern {
  amountPence: Pence;
}

export type PlanChange = 'amount' | 'date' | 'frequency';

export type AdviceOfChange =
  | { noticeRequired: false; changes: [] }
  | {
      noticeRequired: true;
      changes: PlanChange[];
      /** The first day the new plan may be collected: notice period after `today`. */
      earliestCollection: IsoDate;
      /** The first collection under the new plan (the date to put on the notice). */
      firstCollection: ScheduledCollection;
    };

/**
 * Whether moving a mandate from `current` to `proposed` needs a new advance notice
 * (any change of amount, date or frequency does), and if so when the new plan may
 * first be collected. Until then collections continue on the current plan.
 */
export function adviceOfChange(
  current: CollectionPlan,
  proposed: CollectionPlan,
  opts: { today: IsoDate; noticeWorkingDays: number },
  calendar: WorkingDayCalendar,
): AdviceOfChange {
  assertPattern(current);
  assertPattern(proposed);
  assertPence(current.amountPence);
  assertPence(proposed.amountPence);
  if (proposed.amountPence <= 0) {
    throw new DirectDebitSettingError(`A Direct Debit collection must be more than £0.00, not ${proposed.amountPence}p`);
  }
  assertNoticeWorkingDays(opts.noticeWorkingDays);
  const today = parseIsoDate(opts.today);

  const changes: PlanChange[] = [];
  if (current.amountPence !== proposed.amountPence) changes.push('amount');
  if (current.frequency !== proposed.frequency) {
    changes.push('frequency');
  } else if (
    current.dayOfMonth !== proposed.dayOfMonth ||
    effectiveWeekday(current) !== effectiveWeekday(proposed) ||
    ((current.frequency === 'fortnightly' || current.frequency === 'four_weekly') && !sameCycle(current, proposed))
  ) {
    changes.push('date');
  }
  if (changes.length === 0) return { noticeRequired: false, changes: [] };

  const byNotice = calendar.addWorkingDays(today, opts.noticeWorkingDays);
  const byCycle = calendar.addWorkingDays(calendar.nextWorkingDay(today), 2);
  const earliestCollection = maxDate(byNotice, byCycle);
  const [firstCollection] = nextCollectionDates({ ...proposed, from: earliestCollection, count: 1 }, calendar);
  return { noticeRequired: true, changes, earliestCollection, firstCollection: firstCollection! };
}

function effectiveWeekday(p: CollectionPattern): number | undefined {
  return p.weekday ?? (p.anchor !== undefined ? dayOfWeek(p.anchor) : undefined);
}

/** Two fortnightly / 4-weekly patterns fall in the same weeks (anchors a whole number of periods apart). */
function sameCycle(a: CollectionPattern, b: CollectionPattern): boolean {
  if (a.anchor === undefined || b.anchor === undefined) return a.anchor === b.anchor;
  const period = FREQUENCY_DAYS[a.frequency as Exclude<CollectionFrequency, 'monthly'>];
  return diffDays(a.anchor, b.anchor) % period === 0;
}
