import { describe, expect, it } from 'vitest'
import { amendArrangement } from './amend.ts'
import {
  breachHistory,
  cancelArrangement,
  createArrangement,
  currentVersion,
  recordCheck,
  versionOn,
  type Arrangement,
  type ArrangementResult,
  type ArrangementTerms,
} from './arrangement.ts'
import { checkArrangement } from './check.ts'

// Calendar: Monday 4 May 2026 is the start; today is Friday 1 May 2026 when it is agreed.
const terms: ArrangementTerms = {
  startDate: '2026-05-04',
  frequency: 'weekly',
  instalmentPence: 2_000,
  paymentMethod: 'direct_debit',
  currentWeeklyChargePence: 10_000,
  startingArrearsPence: 50_000,
  tolerance: { amountPence: 1_000, days: 7 },
}

function ok(r: ArrangementResult): Arrangement {
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.arrangement
}

const created = ok(createArrangement({ terms, agreedBy: 'officer.jones', today: '2026-05-01' }))

describe('createArrangement', () => {
  it('makes version 1, kept, with its schedule and a created event', () => {
    expect(created.status).toBe('kept')
    expect(created.versions).toHaveLength(1)
    expect(currentVersion(created)).toMatchObject({ version: 1, effectiveFrom: '2026-05-04', endedOn: null, recordedBy: 'officer.jones' })
    expect(currentVersion(created).schedule.completesOn).toBe('2026-10-19') // 25 weekly instalments: 4 May + 24 weeks
    expect(created.history).toEqual([
      {
        type: 'created',
        on: '2026-05-01',
        version: 1,
        by: 'officer.jones',
        text: 'Arrangement agreed: £20.00 a week on top of the current charge from 2026-05-04, paid by Direct Debit, clearing the arrears by 2026-10-19',
      },
    ])
  })

  it('accepts the voluntary employer and DWP deduction methods', () => {
    expect(createArrangement({ terms: { ...terms, paymentMethod: 'employer_deduction' }, agreedBy: 'a', today: '2026-05-01' }).ok).toBe(true)
    expect(createArrangement({ terms: { ...terms, paymentMethod: 'dwp_deduction', frequency: 'monthly', instalmentPence: 4_249 }, agreedBy: 'a', today: '2026-05-01' }).ok).toBe(true)
  })

  it.each([
    ['a zero instalment', { instalmentPence: 0 }, [{ field: 'instalmentPence', text: 'Instalment must be more than £0.00' }]],
    ['a start date more than 7 days ago', { startDate: '2026-04-23' }, [{ field: 'startDate', text: 'Start date must be no more than 7 days in the past' }]],
    ['a start date too far ahead', { startDate: '2026-07-03' }, [{ field: 'startDate', text: 'Start date must be within 62 days from today' }]],
    ['a date that does not exist', { startDate: '2026-02-30' }, [{ field: 'startDate', text: 'Start date must be a real date' }]],
    ['no arrears', { startingArrearsPence: 0 }, [{ field: 'startingArrearsPence', text: 'There are no arrears to arrange' }]],
    [
      'a weekly DWP deduction',
      { paymentMethod: 'dwp_deduction' },
      [{ field: 'frequency', text: 'Deduction from benefit by the DWP (third-party deduction) can only be paid monthly or 4-weekly' }],
    ],
    ['a lump sum after the first instalment', { lumpSumFirst: { date: '2026-05-05', amountPence: 100 } }, [{ field: 'lumpSumFirst.date', text: 'Lump sum date must be on or before the first instalment date' }]],
    ['a lump sum above the arrears', { lumpSumFirst: { date: '2026-05-01', amountPence: 60_000 } }, [{ field: 'lumpSumFirst.amountPence', text: 'Lump sum must be no more than the arrears of £500.00' }]],
    ['a tolerance of too many days', { tolerance: { amountPence: 0, days: 61 } }, [{ field: 'tolerance.days', text: 'Tolerance in days must be a whole number from 0 to 60' }]],
  ] as const)('refuses %s', (_, change, errors) => {
    const r = createArrangement({ terms: { ...terms, ...change } as ArrangementTerms, agreedBy: 'a', today: '2026-05-01' })
    expect(r).toEqual({ ok: false, errors })
  })

  it('refuses an instalment too small to clear the arrears within the maximum term, saying what would', () => {
    const r = createArrangement({ terms: { ...terms, instalmentPence: 100 }, agreedBy: 'a', today: '2026-05-01', rules: { maxTermMonths: 12 } })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]!.field).toBe('instalmentPence')
    expect(r.errors[0]!.text).toMatch(/The instalment needs to be at least £9\.44 a week\.$/) // 50,000p ÷ 53 weeks = 943.4p
  })

  it('lists every problem at once', () => {
    const r = createArrangement({ terms: { ...terms, instalmentPence: -5, startDate: 'soon', paymentMethod: 'bitcoin' as never }, agreedBy: 'a', today: '2026-05-01' })
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['startDate', 'paymentMethod', 'instalmentPence'])
  })
})

describe('amendArrangement', () => {
  // Missed 11 and 18 May: breached on 19 May. The officer agrees £15 a week from Monday 25 May on the
  // arrears then (£480 after the first instalment, plus the two missed weeks of rent and instalment).
  const missed = [
    { date: '2026-05-04', balancePence: 48_000 },
    { date: '2026-05-11', balancePence: 58_000 },
    { date: '2026-05-18', balancePence: 68_000 },
  ]
  const night = checkArrangement({ schedule: currentVersion(created).schedule, actualBalances: missed, today: '2026-05-19', tolerance: terms.tolerance, previousStatus: 'kept' })
  const breached = recordCheck(created, night)

  it('records the breach from the nightly check once', () => {
    expect(breached.status).toBe('breached')
    expect(breachHistory(breached).map((h) => h.on)).toEqual(['2026-05-19'])
    expect(recordCheck(breached, night)).toEqual(breached)
  })

  const amended = ok(
    amendArrangement(breached, {
      effectiveFrom: '2026-05-25',
      changes: { instalmentPence: 1_500, startingArrearsPence: 58_000 },
      amendedBy: 'officer.jones',
      reason: 'Tenant lost overtime; new I&E taken 21 May',
      today: '2026-05-21',
    }),
  )

  it('adds a new version from the date, closing the old one the day before', () => {
    expect(amended.versions.map((v) => [v.version, v.effectiveFrom, v.endedOn])).toEqual([
      [1, '2026-05-04', '2026-05-24'],
      [2, '2026-05-25', null],
    ])
    expect(currentVersion(amended).terms).toMatchObject({ startDate: '2026-05-25', instalmentPence: 1_500, startingArrearsPence: 58_000, paymentMethod: 'direct_debit' })
    expect(currentVersion(amended).schedule.completesOn).toBe('2027-02-15') // 39 instalments of £15 (the last £10): 25 May + 38 weeks
    expect(versionOn(amended, '2026-05-20')!.version).toBe(1)
    expect(versionOn(amended, '2026-05-25')!.version).toBe(2)
  })

  it('keeps the history, breaches included, and is kept again under the new terms', () => {
    expect(amended.status).toBe('kept')
    expect(amended.history.map((h) => h.type)).toEqual(['created', 'breached', 'amended'])
    expect(breachHistory(amended)).toHaveLength(1)
    const change = amended.history.at(-1)!
    expect(change.type === 'amended' && change.changes).toEqual(['instalment £20.00 a week → £15.00 a week', 'arrears restated at £580.00 from 2026-05-25'])
  })

  it.each([
    ['a change dated on or before the current version started', { effectiveFrom: '2026-05-04' }, 'effectiveFrom', 'Date the change takes effect must be after 2026-05-04, when the current terms started'],
    ['a change backdated beyond the limit', { effectiveFrom: '2026-05-05', today: '2026-05-21' }, 'effectiveFrom', 'Date the change takes effect must be no more than 7 days in the past'],
    ['a new start before the change', { changes: { startDate: '2026-05-22', startingArrearsPence: 58_000 } }, 'startDate', 'Start date must be on or after 2026-05-25, the date the change takes effect'],
    ['no reason', { reason: ' ' }, 'reason', 'Enter why the arrangement is being changed'],
  ] as const)('refuses %s', (_, change, field, text) => {
    const r = amendArrangement(breached, {
      effectiveFrom: '2026-05-25',
      changes: { instalmentPence: 1_500, startingArrearsPence: 58_000 },
      amendedBy: 'officer.jones',
      reason: 'r',
      today: '2026-05-21',
      ...change,
    })
    expect(r).toEqual({ ok: false, errors: [{ field, text }] })
  })

  it('refuses to change a completed or cancelled arrangement', () => {
    const cancelled = ok(cancelArrangement(created, { on: '2026-05-10', by: 'a', reason: 'Tenancy ended' }))
    expect(cancelled.status).toBe('cancelled')
    expect(currentVersion(cancelled).endedOn).toBe('2026-05-10')
    const r = amendArrangement(cancelled, { effectiveFrom: '2026-05-11', changes: { startingArrearsPence: 1 }, amendedBy: 'a', reason: 'r', today: '2026-05-11' })
    expect(r).toEqual({ ok: false, errors: [{ field: 'arrangement', text: 'A cancelled arrangement cannot be changed: set up a new arrangement' }] })
    const done: Arrangement = { ...created, status: 'completed' }
    expect(amendArrangement(done, { effectiveFrom: '2026-05-11', changes: { startingArrearsPence: 1 }, amendedBy: 'a', reason: 'r', today: '2026-05-11' }).ok).toBe(false)
  })
})
