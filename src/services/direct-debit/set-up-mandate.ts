import type { Db } from '../../db/client.ts'
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.ts'
import { validateBankDetails, type BankDetailsField, type ModulusChecker, type ModulusResult } from '../../domain/direct-debit/bank-details.ts'
import { DdiReferenceError, generateDdiReference } from '../../domain/direct-debit/ddi-reference.ts'
import { directDebitGuarantee, type DirectDebitGuarantee } from '../../domain/direct-debit/guarantee.ts'
import {
  COLLECTION_FREQUENCIES,
  earliestFirstCollection,
  paymentDayOptions,
  type CollectionFrequency,
} from '../../domain/direct-debit/schedule.ts'
import { AppError, type FieldProblem } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { asUserError, checkNoticeDays, ddCalendar, getDdSettings, maskAccountNumber } from './dd-settings.ts'
import { appendMandateEvents, findCustomerAccount, LIVE_STATUSES, MANDATE_COLUMNS, queueInstruction, type Mandate } from './mandates.ts'
import { startSchedule } from './plan-collections.ts'

/** Option names people type, for error messages that point at the right field. */
export const BANK_FIELD_OPTION: Record<BankDetailsField, string> = { sortCode: '--sort-code', accountNumber: '--account-number', accountName: '--name' }

export interface BankDetailsInput {
  sortCode: string
  accountNumber: string
  /** Name on the bank account, as the payer gives it. */
  accountName: string
}

/** Checks bank details for format (and modulus, when a checker is configured); a clear error naming each bad field. */
export function checkBankDetails(input: BankDetailsInput, modulusChecker?: ModulusChecker) {
  const r = validateBankDetails(input, modulusChecker ? { modulusChecker } : {})
  if (!r.ok) {
    const details: FieldProblem[] = r.problems.map((p) => ({ field: BANK_FIELD_OPTION[p.field], message: p.message }))
    throw new AppError('validation', `The bank details are not valid: ${r.problems.map((p) => p.message).join('; ')}`, details)
  }
  return r
}

/** Frequency and payment day: monthly on the 1st, 8th, 15th or 22nd; otherwise a weekday, 1 (Monday) to 5 (Friday). */
export function checkPattern(frequency: string, day: number): { frequency: CollectionFrequency; day_of_month: number | null; weekday: number | null } {
  if (!(COLLECTION_FREQUENCIES as readonly string[]).includes(frequency)) {
    throw new AppError('validation', `The frequency must be one of ${COLLECTION_FREQUENCIES.join(', ')}, not "${frequency}"`, [
      { field: '--frequency', message: 'Choose how often to collect' },
    ])
  }
  const f = frequency as CollectionFrequency
  const options = paymentDayOptions(f)
  if (!options.some((o) => o.value === day)) {
    const message = `A ${f.replace('_', '-')} Direct Debit is collected on ${options.map((o) => `${o.value} (${o.label})`).join(', ')}; ${String(day)} is not one of them`
    throw new AppError('validation', message, [{ field: '--day', message }])
  }
  return f === 'monthly' ? { frequency: f, day_of_month: day, weekday: null } : { frequency: f, day_of_month: null, weekday: day }
}

export function checkPence(value: number | undefined, field: string, what: string): number {
  const v = value ?? 0
  if (!Number.isSafeInteger(v) || v < 0) throw new AppError('validation', `${what} must be £0.00 or more`, [{ field, message: `Enter ${what.toLowerCase()} as pounds and pence` }])
  return v
}

export interface SetUpMandateOptions extends BankDetailsInput {
  /** Account number or payment reference. */
  account: string
  frequency: string
  /** Monthly: day of the month (1, 8, 15, 22); otherwise weekday 1–5. */
  day: number
  /** A signed paper instruction was received (it must be kept); otherwise paperless (phone, web). */
  paper?: boolean
  /** A paper instruction the bank already holds from before AUDDIS: lodged by conversion (0S), not as new (0N). */
  convert?: boolean
  instalmentPence?: number
  benefitWeeklyPence?: number
  noticeWorkingDays?: number
  today: string
  actor: Actor
  calendar?: WorkingDayCalendar
  modulusChecker?: ModulusChecker
}

export interface SetUpMandateResult {
  mandateId: number
  ddiReference: string
  instruction: '0N' | '0S'
  accountName: string
  accountNameTruncated: boolean
  modulus: ModulusResult
  noticeId: number
  amountPence: number
  /** The collections the advance notice lists; the first is the first collection. */
  collections: { date: string; amountPence: number }[]
  earliestAllowed: { byNotice: string; byLodgement: string }
  guarantee: DirectDebitGuarantee
}

/**
 * Sets up a Direct Debit on an account: bank details checked, a unique DDI reference, the AUDDIS instruction
 * queued for the next collection run (0N, or 0S for a converted paper instruction), the first collection on the
 * earliest date the advance notice and the lodgement allow, the advance notice produced, collections planned.
 */
export async function setUpMandate(db: Db, o: SetUpMandateOptions): Promise<SetUpMandateResult> {
  const calendar = ddCalendar(o.calendar)
  const bank = checkBankDetails(o, o.modulusChecker)
  const pattern = checkPattern(o.frequency, o.day)
  const instalment = checkPence(o.instalmentPence, '--instalment', 'The instalment')
  const benefit = checkPence(o.benefitWeeklyPence, '--benefit-weekly', 'The weekly housing costs paid direct')
  if (o.convert && !o.paper) throw new AppError('validation', 'Only a paper instruction can be converted to AUDDIS (0S): add --paper', [{ field: '--convert', message: 'Conversion is for paper instructions' }])

  return db.transaction(async (tx) => {
    const account = await findCustomerAccount(tx, o.account)
    if (account.status !== 'open') throw new AppError('invalid_state', `Account ${account.account_number} is closed: a Direct Debit cannot be set up on it`)
    const [live] = await tx.query<{ ddi_reference: string; status: string }>(
      'select ddi_reference, status from dd_mandates where account_id = $1 and status = any($2::text[]) for update',
      [account.id, LIVE_STATUSES],
    )
    if (live) {
      throw new AppError('conflict', `Account ${account.account_number} already has a Direct Debit (${live.ddi_reference}, ${live.status.replace('_', ' ')}): amend or cancel it`)
    }
    const settings = await getDdSettings(tx, o.today)
    const noticeDays = o.noticeWorkingDays ?? settings.noticeWorkingDays
    checkNoticeDays(settings, noticeDays)
    const [n] = await tx.query<{ n: number }>('select count(*)::int as n from dd_mandates where account_id = $1', [account.id])
    let reference: string
    try {
      reference = generateDdiReference({ prefix: account.account_number.replace(/[^A-Z]/g, ''), accountReference: account.payment_reference, mandateNumber: n!.n + 1 })
    } catch (e) {
      if (e instanceof DdiReferenceError) throw new AppError('invalid_state', e.message)
      throw e
    }
    const [mandate] = await tx.query<Mandate>(
      `insert into dd_mandates as m (account_id, ddi_reference, payer_name, account_name, sort_code, account_number, source, lodgement, status,
         frequency, day_of_month, weekday, notice_working_days, instalment_pence, benefit_weekly_pence, set_up_on)
       values ($1, $2, $3, $4, $5, $6, $7, $8, 'pending_lodgement', $9, $10, $11, $12, $13, $14, $15)
       returning ${MANDATE_COLUMNS}`,
      [
        account.id,
        reference,
        o.accountName.trim().replace(/\s+/g, ' '),
        bank.value.accountName,
        bank.value.sortCode,
        bank.value.accountNumber,
        o.paper ? 'paper' : 'paperless',
        o.convert ? 'conversion' : 'new',
        pattern.frequency,
        pattern.day_of_month,
        pattern.weekday,
        noticeDays,
        instalment,
        benefit,
        o.today,
      ],
    )
    const m = mandate!
    const code = o.convert ? '0S' : '0N'
    const ctx = { occurredOn: o.today, source: 'set_up', actor: o.actor }
    const masked = {
      ddiReference: reference,
      sortCode: m.sort_code,
      accountNumber: maskAccountNumber(m.account_number),
      accountName: m.account_name,
      source: m.source,
      frequency: m.frequency,
      day: o.day,
      noticeWorkingDays: noticeDays,
      instalmentPence: instalment,
      benefitWeeklyPence: benefit,
      instruction: code,
      modulus: bank.modulus.status,
    }
    await appendMandateEvents(tx, [{ mandate: m, event: 'created', details: masked }], ctx)
    await queueInstruction(tx, m, code, o.today)
    let fc
    try {
      fc = earliestFirstCollection({ today: o.today, noticeWorkingDays: noticeDays }, calendar)
    } catch (e) {
      throw asUserError(e)
    }
    const started = await startSchedule(tx, m, {
      kind: 'new_mandate',
      earliest: fc.earliest,
      noticeEarliest: fc.byNotice,
      reason: 'set_up',
      today: o.today,
      calendar,
      settings,
      actor: o.actor,
    })
    await recordAuditEvent(tx, o.actor, {
      action: 'direct_debit.set_up',
      entityType: 'dd_mandate',
      entityId: m.id,
      after: { ...masked, accountId: account.id, firstCollection: started.collections[0]!.date, amountPence: started.amount.totalPence },
    })
    return {
      mandateId: m.id,
      ddiReference: reference,
      instruction: code,
      accountName: bank.value.accountName,
      accountNameTruncated: bank.accountNameTruncated,
      modulus: bank.modulus,
      noticeId: started.noticeId,
      amountPence: started.amount.totalPence,
      collections: started.collections.map((c) => ({ date: c.date, amountPence: started.amount.totalPence })),
      earliestAllowed: { byNotice: fc.byNotice, byLodgement: fc.byLodgement },
      guarantee: directDebitGuarantee({ serviceUserName: settings.serviceUserName, noticeWorkingDays: noticeDays }),
    }
  })
}
