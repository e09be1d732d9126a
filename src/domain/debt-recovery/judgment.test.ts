import { describe, expect, it } from 'vitest'
import { judgmentPosition, type Judgment } from './judgment.ts'

const TOLERANCE = { amountPence: 500, graceDays: 7 }
const base: Judgment = { enteredOn: '2026-03-02', amountPence: 60_000, terms: 'forthwith', paidSincePence: 0 }

describe('judgmentPosition', () => {
  it('forthwith: due within 14 days (CPR 40.11), broken once that and the grace days have passed', () => {
    expect(judgmentPosition(base, TOLERANCE, '2026-03-23').status).toBe('kept')
    expect(judgmentPosition(base, TOLERANCE, '2026-03-24')).toMatchObject({ status: 'breached', duePence: 60_000 })
  })

  it('by a date', () => {
    const j: Judgment = { ...base, terms: 'by_date', payBy: '2026-05-01' }
    expect(judgmentPosition(j, TOLERANCE, '2026-05-08').status).toBe('kept')
    expect(judgmentPosition(j, TOLERANCE, '2026-05-09').status).toBe('breached')
  })

  it('monthly instalments: kept while paid up (within the tolerance), broken when behind, satisfied when paid', () => {
    const j: Judgment = { ...base, terms: 'instalments', instalmentPence: 5_000, instalmentFrequency: 'monthly', firstInstalmentOn: '2026-04-01' }
    // 1 April, 1 May and 1 June due by 9 June (each counts once 7 grace days have passed): £150.
    expect(judgmentPosition({ ...j, paidSincePence: 14_600 }, TOLERANCE, '2026-06-09')).toMatchObject({ status: 'kept', duePence: 15_000 })
    expect(judgmentPosition({ ...j, paidSincePence: 10_000 }, TOLERANCE, '2026-06-09')).toMatchObject({ status: 'breached', duePence: 15_000 })
    expect(judgmentPosition({ ...j, paidSincePence: 60_000 }, TOLERANCE, '2026-06-09').status).toBe('satisfied')
  })
})
