import { describe, expect, it } from 'vitest'
import { addMonths, monthsBetween } from './months.ts'
import { earliestDateInNotice, noticeDates, type NoticeSpec } from './notices.ts'

const NOSP: NoticeSpec = { kind: 'nosp_secure', minimumDays: 28, validityMonths: 12, validityFrom: 'date_in_notice', alignToRentWeek: true }
const S8_PRE_RRA: NoticeSpec = { kind: 's8_assured', minimumDays: 14, validityMonths: 12, validityFrom: 'service' }

describe('noticeDates', () => {
  it('a NOSP served Wednesday 2026-04-15: 28 days is Wednesday 2026-05-13, moved to Sunday 2026-05-17 (end of a rent week); in force until 2027-05-16', () => {
    expect(noticeDates(NOSP, '2026-04-15')).toMatchObject({ expiresOn: '2026-05-17', validUntil: '2027-05-16', earliestDateInNotice: '2026-05-17' })
  })

  it('follows the date actually written in the notice, 12 months from that date', () => {
    expect(noticeDates(NOSP, '2026-04-15', '2026-05-18')).toMatchObject({ expiresOn: '2026-05-18', validUntil: '2027-05-17' })
  })

  it('rejects a date in the notice earlier than the law allows', () => {
    expect(() => noticeDates(NOSP, '2026-04-15', '2026-05-11')).toThrow(/cannot be before 2026-05-17/)
  })

  it('counts an s8 notice validity from service', () => {
    expect(noticeDates(S8_PRE_RRA, '2026-04-15')).toMatchObject({ expiresOn: '2026-04-29', validUntil: '2027-04-14' })
  })

  it('gives an s128 notice a review deadline and no statutory lapse', () => {
    const spec: NoticeSpec = { kind: 's128_introductory', minimumDays: 28, reviewRightDays: 14, alignToRentWeek: true }
    expect(noticeDates(spec, '2026-04-13')).toMatchObject({ expiresOn: '2026-05-11', validUntil: null, reviewRequestBy: '2026-04-27' })
  })

  it('a Monday or Sunday that is already 28 days on needs no moving', () => {
    expect(earliestDateInNotice(NOSP, '2026-04-13')).toBe('2026-05-11') // Monday
    expect(earliestDateInNotice(NOSP, '2026-04-12')).toBe('2026-05-10') // Sunday
  })
})

describe('addMonths / monthsBetween', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-05-17', 12, '2027-05-17'],
    ['2026-03-31', -1, '2026-02-28'],
  ])('%s + %i months = %s', (d, n, out) => {
    expect(addMonths(d, n)).toBe(out)
  })

  it.each([
    ['2020-01-31', '2020-02-29', 1],
    ['2020-01-15', '2020-02-14', 0],
    ['2020-01-15', '2026-07-15', 78],
    ['2020-01-15', '2025-07-14', 65],
  ])('from %s to %s is %i whole months', (a, b, n) => {
    expect(monthsBetween(a, b)).toBe(n)
  })
})
