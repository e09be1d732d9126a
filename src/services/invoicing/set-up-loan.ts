import type { Db } from '../../db/client.ts'
import { loanSchedule, LoanScheduleError, type LoanFrequency, type LoanInstalment } from '../../domain/invoicing/loan-schedule.ts'
import { formatPounds } from '../../domain/money/pence.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { raiseInvoiceInTx } from './raise-invoice.ts'
import { openCustomerAccount } from '../accounts/open-customer-account.ts'

export const LOAN_PURPOSES = ['rent_deposit', 'rent_in_advance', 'arrears_to_prevent_eviction', 'removal_costs', 'other'] as const
export type LoanPurpose = (typeof LOAN_PURPOSES)[number]

export interface SetUpLoanOptions {
  loanRef: string
  partyId: number
  purpose: LoanPurpose
  purposeNote?: string | null
  advancedOn: string
  principalPence: number
  frequency: LoanFrequency
  firstDueOn: string
  /** Either a number of instalments or an instalment amount. */
  instalments?: number
  instalmentPence?: number
  postingDate: string
  actor: Actor
}

/**
 * Sets up a homelessness-prevention loan (seed 004): a loan account of its own, the principal invoiced once (Dr the
 * loan account, Cr loans advanced) and the repayment schedule, whose instalments add up exactly to the principal.
 */
export async function setUpLoan(db: Db, opts: SetUpLoanOptions): Promise<{ loanId: number; accountId: number; invoiceNumber: string; schedule: LoanInstalment[] }> {
  if (opts.firstDueOn < opts.advancedOn) throw new AppError('validation', 'The first repayment cannot be due before the loan is made', [{ field: 'firstDueOn', message: 'The first repayment date must be on or after the loan date' }])
  let schedule: LoanInstalment[]
  try {
    const base = { principalPence: opts.principalPence, firstDueOn: opts.firstDueOn, frequency: opts.frequency }
    if (opts.instalments !== undefined) schedule = loanSchedule({ ...base, instalments: opts.instalments })
    else if (opts.instalmentPence !== undefined) schedule = loanSchedule({ ...base, instalmentPence: opts.instalmentPence })
    else throw new LoanScheduleError('instalments', 'Give either the number of instalments or the instalment amount')
  } catch (e) {
    if (e instanceof LoanScheduleError) throw new AppError('validation', e.message, [{ field: e.field, message: e.message }])
    throw e
  }
  return db.transaction(async (tx) => {
    const [dup] = await tx.query('select 1 from loans where loan_ref = $1', [opts.loanRef])
    if (dup) throw new AppError('conflict', `Loan ${opts.loanRef} is already set up`)
    // Each loan has its own account, so its schedule says what is due on it.
    const { id: accountId } = await openCustomerAccount(tx, { type: 'loan', name: `Loan ${opts.loanRef}`, partyIds: [opts.partyId], openedOn: opts.advancedOn, actor: opts.actor })
    const invoice = await raiseInvoiceInTx(tx, {
      accountId,
      issueDate: opts.advancedOn,
      postingDate: opts.postingDate,
      source: 'loan',
      lines: [{ chargeType: 'loan_advance', description: `Homelessness-prevention loan ${opts.loanRef} (${opts.purpose.replace(/_/g, ' ')})`, netPence: opts.principalPence }],
      actor: opts.actor,
      reason: `Loan ${opts.loanRef} advanced`,
    })
    const [loan] = await tx.query<{ id: number }>(
      `insert into loans (loan_ref, account_id, purpose, purpose_note, advanced_on, principal_pence, frequency, invoice_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [opts.loanRef, accountId, opts.purpose, opts.purposeNote ?? null, opts.advancedOn, opts.principalPence, opts.frequency, invoice.invoiceId],
    )
    await tx.query(
      `insert into loan_instalments (loan_id, instalment_no, due_on, amount_pence)
       select $1, * from unnest($2::int[], $3::date[], $4::bigint[])`,
      [loan!.id, schedule.map((s) => s.instalmentNo), schedule.map((s) => s.dueOn), schedule.map((s) => s.amountPence)],
    )
    await recordAuditEvent(tx, opts.actor, {
      action: 'loan.set_up',
      entityType: 'loan',
      entityId: opts.loanRef,
      after: { accountId, principalPence: opts.principalPence, frequency: opts.frequency, instalments: schedule.length, firstDueOn: opts.firstDueOn, invoiceNumber: invoice.invoiceNumber },
      reason: `${formatPounds(opts.principalPence)} for ${opts.purpose.replace(/_/g, ' ')}`,
    })
    return { loanId: loan!.id, accountId, invoiceNumber: invoice.invoiceNumber, schedule }
  })
}
