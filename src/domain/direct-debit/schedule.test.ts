import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, dayOfWeek, diffDays } from '../calendar/dates.ts';
import {
  adviceOfChange,
  assertNoticeWorkingDays,
  bacsCycle,
  collectionAmount,
  DirectDebitSettingError,
  earliestFirstCollection,
  nextCollectionDates,
  paymentDayOptions,
  PAYMENT_DAYS_OF_MONTH,
  type CollectionFrequency,
  type CollectionPlan,
} from './schedule.ts';
import { calendar, HOLIDAYS } from './test-calendar.test-helper.ts';

const dates = (list: { date: string }[]) => list.map((c) => c.date);

describe('paymentDayOptions', () => {
  it('offers the 1st, 8th, 15th and 22nd to monthly payers and weekdays to the rest', () => {
    expect(paymentDayOptions('monthly')).toEqual([
      { value: 1, label: '1st of the month' },
      { value: 8, label: '8th of the month' },
      { value: 15, label: '15th of the month' },
      { value: 22, label: '22nd of the month' },
    ]);
    expect(paymentDayOptions('fortnightly').map((o) => o.label)).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']);
  });
});

describe('nextCollectionDates', () => {
  it('moves a 1st-of-month collection on a Friday bank holiday to the next Monday (1 Jan 2027 → 4 Jan)', () => {
    const got = nextCollectionDates({ frequency: 'monthly', dayOfMonth: 1, from: '2026-12-01', count: 3 }, calendar);
    expect(got).toEqual([
      { nominal: '2026-12-01', date: '2026-12-01' },
      { nominal: '2027-01-01', date: '2027-01-04' },
      { nominal: '2027-02-01', date: '2027-02-01' },
    ]);
  });

  it('moves a 1st that is a Saturday past the following bank holiday Monday (1 May 2027 → Tue 4 May)', () => {
    expect(dates(nextCollectionDates({ frequency: 'monthly', dayOfMonth: 1, from: '2027-04-02', count: 2 }, calendar))).toEqual([
      '2027-05-04',
      '2027-06-01',
    ]);
  });

  it('skips the Boxing Day substitute (Mon 28 Dec 2026 → Tue 29 Dec) for a weekly Monday payer', () => {
    expect(dates(nextCollectionDates({ frequency: 'weekly', weekday: 1, from: '2026-12-21', count: 4 }, calendar))).toEqual([
      '2026-12-21',
      '2026-12-29',
      '2027-01-04',
      '2027-01-11',
    ]);
  });

  it('moves a Friday Christmas Day collection to the next working day after the weekend and Boxing Day substitute', () => {
    expect(dates(nextCollectionDates({ frequency: 'weekly', weekday: 5, from: '2026-12-24', count: 3 }, calendar))).toEqual([
      '2026-12-29',
      '2027-01-04',
      '2027-01-08',
    ]);
  });

  it('includes a nominal date before `from` when it moves onto or after `from`', () => {
    // 1 Jan 2027 is moved to 4 Jan, which is on/after 2 Jan.
    expect(nextCollectionDates({ frequency: 'monthly', dayOfMonth: 1, from: '2027-01-02', count: 1 }, calendar)).toEqual([
      { nominal: '2027-01-01', date: '2027-01-04' },
    ]);
  });

  it('starts an unanchored fortnightly cycle on the first chosen weekday on or after `from`', () => {
    // From Wed 6 Jan 2027 the first Monday is 11 Jan, not 18 Jan.
    expect(dates(nextCollectionDates({ frequency: 'fortnightly', weekday: 1, from: '2027-01-06', count: 2 }, calendar))).toEqual([
      '2027-01-11',
      '2027-01-25',
    ]);
  });

  it('keeps a fortnightly cycle to its anchor', () => {
    const anchor = '2027-01-06'; // a Wednesday
    expect(dates(nextCollectionDates({ frequency: 'fortnightly', anchor, from: '2027-02-01', count: 3 }, calendar))).toEqual([
      '2027-02-03',
      '2027-02-17',
      '2027-03-03',
    ]);
    expect(dates(nextCollectionDates({ frequency: 'four_weekly', weekday: 3, anchor, from: '2027-01-07', count: 2 }, calendar))).toEqual([
      '2027-02-03',
      '2027-03-03',
    ]);
  });

  it('refuses bad patterns with a clear error', () => {
    const bad = (req: Parameters<typeof nextCollectionDates>[0], msg: string) =>
      expect(() => nextCollectionDates(req, calendar)).toThrow(msg);
    bad({ frequency: 'monthly', dayOfMonth: 2, from: '2027-01-01', count: 1 }, 'payment day of 1, 8, 15, 22');
    bad({ frequency: 'monthly', from: '2027-01-01', count: 1 }, 'payment day of 1, 8, 15, 22');
    bad({ frequency: 'weekly', weekday: 6, from: '2027-01-01', count: 1 }, 'weekday from 1 (Monday) to 5 (Friday)');
    bad({ frequency: 'weekly', dayOfMonth: 1, from: '2027-01-01', count: 1 }, 'takes a weekday, not a day of the month');
    bad({ frequency: 'fortnightly', weekday: 1, anchor: '2027-01-06', from: '2027-01-01', count: 1 }, 'is not a Monday');
    bad({ frequency: 'yearly' as CollectionFrequency, from: '2027-01-01', count: 1 }, 'Unknown collection frequency');
    bad({ frequency: 'weekly', weekday: 1, from: '2027-01-01', count: -1 }, 'number of collections');
    expect(() => nextCollectionDates({ frequency: 'weekly', weekday: 1, from: '2027-02-30', count: 1 }, calendar)).toThrow(RangeError);
  });

  const patterns = fc.oneof(
    fc.record({ frequency: fc.constant<CollectionFrequency>('monthly'), dayOfMonth: fc.constantFrom(...PAYMENT_DAYS_OF_MONTH) }),
    fc.record({
      frequency: fc.constantFrom<CollectionFrequency>('weekly', 'fortnightly', 'four_weekly'),
      weekday: fc.integer({ min: 1, max: 5 }),
    }),
  );
  const fromDates = fc.integer({ min: 0, max: 3 * 365 }).map((n) => addDays('2025-12-01', n));

  it('only ever gives working days, on or after `from`, in order, each the next working day from its nominal date', () => {
    fc.assert(
      fc.property(patterns, fromDates, fc.integer({ min: 0, max: 30 }), (pattern, from, count) => {
        const got = nextCollectionDates({ ...pattern, from, count }, calendar);
        expect(got).toHaveLength(count);
        got.forEach((c, i) => {
          expect(calendar.isWorkingDay(c.date)).toBe(true);
          expect(c.date >= from).toBe(true);
          expect(c.date).toBe(calendar.nextWorkingDay(c.nominal));
          if ('dayOfMonth' in pattern) expect(Number(c.nominal.slice(8))).toBe(pattern.dayOfMonth);
          else expect(dayOfWeek(c.nominal)).toBe(pattern.weekday);
          if (i > 0) {
            expect(c.date > got[i - 1]!.date).toBe(true);
            if (pattern.frequency !== 'monthly') {
              const period = { weekly: 7, fortnightly: 14, four_weekly: 28 }[pattern.frequency];
              expect(diffDays(got[i - 1]!.nominal, c.nominal)).toBe(period);
            }
          }
        });
        // Nothing is skipped: the chosen day before the first one collects before `from`
        // (a week before for weekly patterns with no anchor, whatever the frequency).
        if (got.length > 0) {
          const first = got[0]!.nominal;
          const previous =
            pattern.frequency === 'monthly'
              ? `${first.slice(5, 7) === '01' ? Number(first.slice(0, 4)) - 1 : first.slice(0, 4)}-${String(((Number(first.slice(5, 7)) + 10) % 12) + 1).padStart(2, '0')}-${first.slice(8)}`
              : addDays(first, -7);
          expect(calendar.nextWorkingDay(previous) < from).toBe(true);
        }
      }),
    );
  });
});

describe('earliestFirstCollection', () => {
  it('with 10 working days notice counts over Christmas and New Year bank holidays', () => {
    // Thu 17 Dec 2026: working days after it are 18, 21, 22, 23, 24, 29, 30, 31 Dec, 4 and 5 Jan.
    expect(earliestFirstCollection({ today: '2026-12-17', noticeWorkingDays: 10 }, calendar)).toEqual({
      earliest: '2027-01-05',
      instructionInputDay: '2026-12-17',
      instructionLodgedOn: '2026-12-21',
      byNotice: '2027-01-05',
      byLodgement: '2026-12-23',
    });
  });

  it('with 3 working days notice the lodgement of the instruction decides', () => {
    expect(earliestFirstCollection({ today: '2026-12-17', noticeWorkingDays: 3 }, calendar)).toMatchObject({
      earliest: '2026-12-23',
      byNotice: '2026-12-22',
      byLodgement: '2026-12-23',
    });
  });

  it('when today is not a working day the instruction goes in on the next working day', () => {
    // Sat 19 Dec 2026: 0N input Mon 21, lodged Wed 23, +2 working days skips Christmas → Tue 29.
    expect(earliestFirstCollection({ today: '2026-12-19', noticeWorkingDays: 3 }, calendar)).toEqual({
      earliest: '2026-12-29',
      instructionInputDay: '2026-12-21',
      instructionLodgedOn: '2026-12-23',
      byNotice: '2026-12-23',
      byLodgement: '2026-12-29',
    });
  });

  it('refuses a notice period under 3 working days, and a lodgement gap under 2', () => {
    expect(() => earliestFirstCollection({ today: '2026-12-17', noticeWorkingDays: 2 }, calendar)).toThrow(DirectDebitSettingError);
    expect(() => earliestFirstCollection({ today: '2026-12-17', noticeWorkingDays: 2 }, calendar)).toThrow(
      'The advance notice period must be at least 3 working days; it is set to 2',
    );
    expect(() => assertNoticeWorkingDays(2.5)).toThrow('whole number of working days');
    expect(() => assertNoticeWorkingDays(31)).toThrow('at most 30');
    expect(() => earliestFirstCollection({ today: '2026-12-17', noticeWorkingDays: 10, lodgementWorkingDays: 1 }, calendar)).toThrow(
      'at least 2 working days after the instruction is lodged',
    );
  });

  it('is always a working day far enough after today for both the notice and the lodgement', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 * 365 }), fc.integer({ min: 3, max: 30 }), (n, notice) => {
        const today = addDays('2026-01-01', n);
        const r = earliestFirstCollection({ today, noticeWorkingDays: notice }, calendar);
        expect(calendar.isWorkingDay(r.earliest)).toBe(true);
        expect(calendar.workingDaysBetween(today, r.earliest)).toBeGreaterThanOrEqual(notice);
        expect(calendar.workingDaysBetween(r.instructionLodgedOn, r.earliest)).toBeGreaterThanOrEqual(2);
        expect(calendar.workingDaysBetween(r.instructionInputDay, r.instructionLodgedOn)).toBe(2);
      }),
    );
  });
});

describe('bacsCycle', () => {
  it('puts input and processing on the working days before the collection', () => {
    expect(bacsCycle('2027-01-04', calendar)).toEqual({ inputDay: '2026-12-30', processingDay: '2026-12-31', entryDay: '2027-01-04' });
    expect(bacsCycle('2026-12-29', calendar)).toEqual({ inputDay: '2026-12-23', processingDay: '2026-12-24', entryDay: '2026-12-29' });
    expect(() => bacsCycle('2026-12-28', calendar)).toThrow('not a working day');
  });
});

describe('collectionAmount', () => {
  it('monthly is weekly × 52 ÷ 12 rounded to the penny, plus the instalment', () => {
    // £95.20 × 52 ÷ 12 = £412.5333…
    expect(collectionAmount({ weeklyChargePence: 9520, frequency: 'monthly' })).toEqual({
      chargePence: 41253,
      instalmentPence: 0,
      totalPence: 41253,
    });
    expect(collectionAmount({ weeklyChargePence: 9520, arrangementInstalmentPence: 1500, frequency: 'monthly' }).totalPence).toBe(42753);
    // £100.01 × 52 ÷ 12 = £433.3766… → £433.38
    expect(collectionAmount({ weeklyChargePence: 10001, frequency: 'monthly' }).chargePence).toBe(43338);
  });

  it('monthly with rent-free weeks uses the chargeable weeks, rounding half up', () => {
    expect(collectionAmount({ weeklyChargePence: 9520, frequency: 'monthly', rentFreeWeeks: 4 }).chargePence).toBe(38080);
    // 3p × 50 ÷ 12 = 12.5p → 13p
    expect(collectionAmount({ weeklyChargePence: 3, frequency: 'monthly', rentFreeWeeks: 2 }).chargePence).toBe(13);
  });

  it('weekly, fortnightly and 4-weekly are 1, 2 and 4 weeks of charge', () => {
    const of = (frequency: CollectionFrequency) =>
      collectionAmount({ weeklyChargePence: 9520, arrangementInstalmentPence: 250, frequency }).totalPence;
    expect(of('weekly')).toBe(9770);
    expect(of('fortnightly')).toBe(19290);
    expect(of('four_weekly')).toBe(38330);
  });

  it('refuses nonsense', () => {
    expect(() => collectionAmount({ weeklyChargePence: -1, frequency: 'weekly' })).toThrow('must not be negative');
    expect(() => collectionAmount({ weeklyChargePence: 1.5, frequency: 'weekly' })).toThrow(RangeError);
    expect(() => collectionAmount({ weeklyChargePence: 100, arrangementInstalmentPence: -5, frequency: 'weekly' })).toThrow('instalment');
    expect(() => collectionAmount({ weeklyChargePence: 100, frequency: 'weekly', rentFreeWeeks: 2 })).toThrow('only change monthly');
    expect(() => collectionAmount({ weeklyChargePence: 100, frequency: 'monthly', rentFreeWeeks: 9 })).toThrow('from 0 to 4');
  });

  it('monthly totals stay within 6p a year of the chargeable weeks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 4 }), (weekly, rentFree) => {
        const monthly = collectionAmount({ weeklyChargePence: weekly, frequency: 'monthly', rentFreeWeeks: rentFree }).chargePence;
        expect(Math.abs(monthly * 12 - weekly * (52 - rentFree))).toBeLessThanOrEqual(6);
      }),
    );
  });
});

describe('adviceOfChange', () => {
  const plan: CollectionPlan = { frequency: 'monthly', dayOfMonth: 1, amountPence: 41253 };
  const opts = { today: '2026-12-17', noticeWorkingDays: 10 };

  it('needs no notice when nothing changes', () => {
    expect(adviceOfChange(plan, { ...plan }, opts, calendar)).toEqual({ noticeRequired: false, changes: [] });
  });

  it('needs notice for a new amount, and gives the first date it may be collected', () => {
    expect(adviceOfChange(plan, { ...plan, amountPence: 43000 }, opts, calendar)).toEqual({
      noticeRequired: true,
      changes: ['amount'],
      earliestCollection: '2027-01-05',
      // 1 Jan (moved to 4 Jan) is too soon, so the new amount starts on 1 Feb.
      firstCollection: { nominal: '2027-02-01', date: '2027-02-01' },
    });
  });

  it('needs notice for a new date or frequency', () => {
    expect(adviceOfChange(plan, { ...plan, dayOfMonth: 15 }, opts, calendar)).toMatchObject({
      changes: ['date'],
      firstCollection: { date: '2027-01-15' },
    });
    expect(adviceOfChange(plan, { frequency: 'weekly', weekday: 1, amountPence: 9520 }, opts, calendar)).toMatchObject({
      changes: ['amount', 'frequency'],
      firstCollection: { date: '2027-01-11' },
    });
  });

  it('treats a fortnightly cycle moved by a whole fortnight as unchanged, and by a week as a new date', () => {
    const fortnightly: CollectionPlan = { frequency: 'fortnightly', weekday: 3, anchor: '2027-01-06', amountPence: 19040 };
    expect(adviceOfChange(fortnightly, { ...fortnightly, anchor: '2027-01-20' }, opts, calendar).noticeRequired).toBe(false);
    expect(adviceOfChange(fortnightly, { ...fortnightly, anchor: '2027-01-13' }, opts, calendar)).toMatchObject({ changes: ['date'] });
  });

  it('refuses a zero collection and a short notice period', () => {
    expect(() => adviceOfChange(plan, { ...plan, amountPence: 0 }, opts, calendar)).toThrow('more than £0.00');
    expect(() => adviceOfChange(plan, { ...plan, amountPence: 1 }, { ...opts, noticeWorkingDays: 1 }, calendar)).toThrow('at least 3 working days');
  });
});

it('the test calendar matches DOMAIN.md §5.7', () => {
  expect(HOLIDAYS).toContain('2026-12-28');
  expect(HOLIDAYS).toContain('2027-01-01');
});
