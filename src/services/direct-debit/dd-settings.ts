import { z } from 'zod'
import { loadWorkingDayCalendar } from '../../calendar-data.ts'
import type { Queryable } from '../../db/client.ts'
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.ts'
import { assertNoticeWorkingDays, DirectDebitSettingError, MIN_NOTICE_WORKING_DAYS } from '../../domain/direct-debit/schedule.ts'
import { AppError } from '../../errors.ts'
import { getPolicyValue } from '../policy/get-policy-value.ts'

/** The council's Bacs service user settings and Direct Debit policy in force on a date (dated policy_values). */
export interface DdSettings {
  serviceUserNumber: string
  serviceUserName: string
  /** The council's collection account, credited by each file's contra. */
  sortCode: string
  accountNumber: string
  /** Advance notice the council gives (the Guarantee's "10 working days … or as otherwise agreed"). */
  noticeWorkingDays: number
  /** No mandate may be agreed a shorter notice period than this (never below 3). */
  minNoticeWorkingDays: number
  /** Notice given before re-presenting an ARUDD 0 collection. */
  representationNoticeWorkingDays: number
  /** The bank's 4-digit ARUDD return codes mapped to reason codes. */
  returnCodeMap: Record<string, string>
}

const ServiceUser = z.object({
  serviceUserNumber: z.string().regex(/^\d{6}$/),
  serviceUserName: z.string().regex(/^[A-Z0-9.&/-][A-Z0-9.&/ -]{0,17}$/),
  sortCode: z.string().regex(/^\d{6}$/),
  accountNumber: z.string().regex(/^\d{8}$/),
})
const WorkingDays = z.number().int().min(1).max(30)

export async function getDdSettings(db: Queryable, onDate: string): Promise<DdSettings> {
  const su = await getPolicyValue(db, 'direct_debit.service_user', onDate, ServiceUser)
  const noticeWorkingDays = await getPolicyValue(db, 'direct_debit.notice_working_days', onDate, WorkingDays)
  const minNotice = await getPolicyValue(db, 'direct_debit.min_notice_working_days', onDate, WorkingDays)
  const representationNoticeWorkingDays = await getPolicyValue(db, 'direct_debit.representation_notice_working_days', onDate, WorkingDays)
  const returnCodeMap = await getPolicyValue(db, 'direct_debit.arudd_return_code_map', onDate, z.record(z.string(), z.string()))
  const settings = {
    ...su,
    noticeWorkingDays,
    minNoticeWorkingDays: Math.max(minNotice, MIN_NOTICE_WORKING_DAYS),
    representationNoticeWorkingDays,
    returnCodeMap,
  }
  checkNoticeDays(settings, noticeWorkingDays, 'direct_debit.notice_working_days')
  return settings
}

/** A notice period is a whole number of working days, at least the council's minimum (and Reeve's floor of 3). */
export function checkNoticeDays(settings: Pick<DdSettings, 'minNoticeWorkingDays'>, days: number, field = '--notice-days'): void {
  try {
    assertNoticeWorkingDays(days)
  } catch (e) {
    if (e instanceof DirectDebitSettingError) throw new AppError('validation', e.message, [{ field, message: e.message }])
    throw e
  }
  if (days < settings.minNoticeWorkingDays) {
    const message = `The advance notice period must be at least ${settings.minNoticeWorkingDays} working days (council policy); ${days} was asked for`
    throw new AppError('validation', message, [{ field, message }])
  }
}

/** England and Wales working days (bundled bank holidays); a caller may pass its own, e.g. in tests. */
export function ddCalendar(calendar?: WorkingDayCalendar): WorkingDayCalendar {
  return calendar ?? loadWorkingDayCalendar()
}

/** Bank account numbers are personal financial data: shown and logged only as `****3445`. */
export function maskAccountNumber(accountNumber: string): string {
  return `****${accountNumber.slice(-4)}`
}

/** Converts a domain rule's refusal (a RangeError subclass from domain/direct-debit) into a user error. */
export function asUserError(e: unknown, field?: string): unknown {
  if (e instanceof DirectDebitSettingError) return new AppError('validation', e.message, field ? [{ field, message: e.message }] : [])
  return e
}
