import type { Db } from '../../db/client.ts'
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.ts'
import type { ModulusChecker } from '../../domain/direct-debit/bank-details.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { changeBankDetails } from './change-bank-details.ts'
import { checkNoticeDays, ddCalendar, getDdSettings } from './dd-settings.ts'
import { changeMandate, findCustomerAccount, liveMandateOf } from './mandates.ts'
import { replanMandate, type ReplanResult } from './plan-collections.ts'
import { checkBankDetails, checkPattern, checkPence } from './set-up-mandate.ts'

export interface AmendMandateOptions {
  account: string
  /** New bank details from the payer: a new instruction is lodged (0N) and the old one cancelled (0C). */
  bank?: { sortCode: string; accountNumber: string; accountName?: string }
  frequency?: string
  day?: number
  instalmentPence?: number
  benefitWeeklyPence?: number
  noticeWorkingDays?: number
  today: string
  actor: Actor
  calendar?: WorkingDayCalendar
  modulusChecker?: ModulusChecker
}

export interface AmendMandateResult {
  ddiReference: string
  status: string
  instructions: ('0N' | '0C')[]
  collectionsCancelled: number
  replan: ReplanResult
}

/**
 * Amends a Direct Debit at the payer's request: new bank details (relodged), a new frequency or payment day, an
 * arrangement instalment, the housing costs paid direct, or the notice period. A change of amount, date or
 * frequency is re-planned with a new advance notice; collections already notified before the new plan may start
 * are kept.
 */
export async function amendMandate(db: Db, o: AmendMandateOptions): Promise<AmendMandateResult> {
  const calendar = ddCalendar(o.calendar)
  const patternGiven = o.frequency !== undefined || o.day !== undefined
  const termsGiven = patternGiven || o.instalmentPence !== undefined || o.benefitWeeklyPence !== undefined || o.noticeWorkingDays !== undefined
  if (!o.bank && !termsGiven) throw new AppError('validation', 'Say what to change: bank details, frequency and day, instalment, housing costs paid direct or notice period')
  const instalment = o.instalmentPence === undefined ? undefined : checkPence(o.instalmentPence, '--instalment', 'The instalment')
  const benefit = o.benefitWeeklyPence === undefined ? undefined : checkPence(o.benefitWeeklyPence, '--benefit-weekly', 'The weekly housing costs paid direct')

  return db.transaction(async (tx) => {
    const account = await findCustomerAccount(tx, o.account)
    let m = await liveMandateOf(tx, account.id, account.account_number)
    const settings = await getDdSettings(tx, o.today)
    const ctx = { occurredOn: o.today, source: 'amend', actor: o.actor }
    let instructions: ('0N' | '0C')[] = []
    let collectionsCancelled = 0
    if (o.bank) {
      const bank = checkBankDetails({ ...o.bank, accountName: o.bank.accountName ?? m.payer_name }, o.modulusChecker)
      const r = await changeBankDetails(tx, m, {
        ...ctx,
        details: bank.value,
        ...(o.bank.accountName ? { payerName: o.bank.accountName.trim().replace(/\s+/g, ' ') } : {}),
        mode: 'relodge',
        cancelOld: true,
        calendar,
        reason: 'New bank details from the payer',
      })
      if (r.instructions.length === 0 && !termsGiven) throw new AppError('validation', 'These are the bank details already held: nothing to change')
      m = r.mandate
      instructions = r.instructions
      collectionsCancelled = r.collectionsCancelled
    }
    if (termsGiven) {
      const pattern = patternGiven ? checkPattern(o.frequency ?? m.frequency, o.day ?? (m.day_of_month ?? m.weekday!)) : null
      if (o.noticeWorkingDays !== undefined) checkNoticeDays(settings, o.noticeWorkingDays)
      m = await changeMandate(
        tx,
        m,
        {
          ...(pattern ?? {}),
          ...(instalment !== undefined ? { instalment_pence: instalment } : {}),
          ...(benefit !== undefined ? { benefit_weekly_pence: benefit } : {}),
          ...(o.noticeWorkingDays !== undefined ? { notice_working_days: o.noticeWorkingDays } : {}),
        },
        'amended',
        ctx,
      )
    }
    const replan = await replanMandate(tx, m, { chargesOn: o.today, reason: 'amendment', today: o.today, calendar, settings, actor: o.actor })
    await recordAuditEvent(tx, o.actor, {
      action: 'direct_debit.amended',
      entityType: 'dd_mandate',
      entityId: m.id,
      after: {
        bankDetailsChanged: instructions.length > 0,
        instructions,
        frequency: m.frequency,
        day: m.day_of_month ?? m.weekday,
        instalmentPence: m.instalment_pence,
        benefitWeeklyPence: m.benefit_weekly_pence,
        noticeWorkingDays: m.notice_working_days,
        replan,
      },
    })
    return { ddiReference: m.ddi_reference, status: m.status, instructions, collectionsCancelled, replan }
  })
}
