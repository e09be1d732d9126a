import { expect, it } from 'vitest'
import type { Db } from '../src/db/client.ts'
import { cliActor } from '../src/services/actor.ts'
import { openCustomerAccount } from '../src/services/accounts/open-customer-account.ts'
import { createCarePlan, endCarePlan, setCareContribution } from '../src/services/invoicing/care-plans.ts'
import { creditInvoice } from '../src/services/invoicing/credit-invoice.ts'
import { getInvoice, listAccountInvoices } from '../src/services/invoicing/get-invoice.ts'
import { invoiceRepair } from '../src/services/invoicing/invoice-repair.ts'
import { raiseInsuranceClaimInvoice } from '../src/services/invoicing/raise-insurance-claim-invoice.ts'
import { raiseInvoice } from '../src/services/invoicing/raise-invoice.ts'
import { raiseStorageInvoice } from '../src/services/invoicing/raise-storage-invoice.ts'
import { recordHbOverpayment } from '../src/services/invoicing/record-hb-overpayment.ts'
import { recordRepair, recordRepairDispute } from '../src/services/invoicing/record-repair.ts'
import { runCareInvoicing } from '../src/services/invoicing/run-care-invoicing.ts'
import { setUpLoan } from '../src/services/invoicing/set-up-loan.ts'
import { describeEachDb } from './databases.ts'
import { balanceOf, controlAccountId, makeParty, makeTenancy } from './fixtures.ts'

async function sundryAccount(db: Db, type: Parameters<typeof openCustomerAccount>[1]['type'], surname = 'Debtor') {
  const partyId = await makeParty(db, surname)
  const a = await openCustomerAccount(db, { type, name: type, partyIds: [partyId], openedOn: '2026-04-01', actor: cliActor })
  return { partyId, accountId: a.id, accountNumber: a.accountNumber }
}

/** The legs of a transaction as [account number, pence]. */
async function legsOf(db: Db, transactionId: number): Promise<[string, number][]> {
  const rows = await db.query<{ account_number: string; amount_pence: number }>(
    'select a.account_number, p.amount_pence from postings p join accounts a on a.id = p.account_id where p.transaction_id = $1 order by p.id',
    [transactionId],
  )
  return rows.map((r) => [r.account_number, r.amount_pence])
}

const issue = { issueDate: '2026-11-20', postingDate: '2026-11-20', actor: cliActor }

describeEachDb('sundry invoicing', (ctx) => {
  it('raises numbered invoices, each one balanced ledger transaction crediting the charge type’s income account', async () => {
    const a = await sundryAccount(ctx.db, 'sundry')
    const first = await raiseInvoice(ctx.db, { ...issue, accountId: a.accountId, lines: [{ chargeType: 'sundry', description: 'Clearance of garden', netPence: 15000 }] })
    const second = await raiseInvoice(ctx.db, { ...issue, accountId: a.accountId, lines: [{ chargeType: 'sundry', description: 'Replacement key fob', netPence: 2500 }] })
    const n1 = Number(first.invoiceNumber.slice(4))
    expect(first.invoiceNumber).toMatch(/^INV-\d{6}$/)
    expect(second.invoiceNumber).toBe(`INV-${String(n1 + 1).padStart(6, '0')}`)
    expect(await legsOf(ctx.db, first.transactionId)).toEqual([[a.accountNumber, 15000], ['GL-INCOME-SUNDRY', -15000]])
    expect(await balanceOf(ctx.db, a.accountId)).toBe(17500)
    const [txn] = await ctx.db.query<{ txn_type: string; idempotency_key: string; effective_date: string }>('select txn_type, idempotency_key, effective_date from ledger_transactions where id = $1', [first.transactionId])
    expect(txn).toEqual({ txn_type: 'charge', idempotency_key: `invoice:${first.invoiceNumber}`, effective_date: '2026-11-20' })
    const view = await getInvoice(ctx.db, first.invoiceNumber)
    expect(view).toMatchObject({ dueDate: '2026-12-18', totalPence: 15000, status: 'outstanding', billTo: { names: ['Ms Test Debtor'] } })
    expect((await listAccountInvoices(ctx.db, a.accountId)).map((i) => i.invoiceNumber)).toEqual([second.invoiceNumber, first.invoiceNumber])
    const [audit] = await ctx.db.query<{ action: string }>(`select action from audit_events where entity_type = 'invoice' and entity_id = $1`, [first.invoiceNumber])
    expect(audit!.action).toBe('invoice.raised')
  })

  it('adds VAT where the charge type is standard-rated (storage) and posts it to output VAT; removals are outside the scope', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [], tenure: 'ta_licence' })
    const inv = await raiseStorageInvoice(ctx.db, { ...issue, partyId: t.partyIds[0]!, tenancyId: t.tenancyId, kind: 'storage', description: 'Storage of furniture', periodStart: '2026-10-01', periodEnd: '2026-10-31', amountPence: 12345 })
    expect(inv.lines[0]).toMatchObject({ vatTreatment: 'standard', vatRateBps: 2000, vatPence: 2469, totalPence: 14814 })
    const legs = await legsOf(ctx.db, inv.transactionId)
    expect(legs.slice(1)).toEqual([['GL-INCOME-STORAGE', -12345], ['GL-VAT-OUTPUT', -2469]])
    expect(legs[0]![0]).toMatch(/^STR/)
    const removal = await raiseStorageInvoice(ctx.db, { ...issue, partyId: t.partyIds[0]!, tenancyId: t.tenancyId, kind: 'removals', description: 'Removal to store', periodStart: '2026-10-01', periodEnd: '2026-10-01', amountPence: 20000 })
    expect(removal.accountId).toBe(inv.accountId) // the same storage and removals account
    expect(await legsOf(ctx.db, removal.transactionId)).toEqual([[legs[0]![0], 20000], ['GL-INCOME-REMOVALS', -20000]])
    const [row] = await ctx.db.query<{ n: number }>('select count(*)::int as n from storage_charges where account_id = $1', [inv.accountId])
    expect(row!.n).toBe(2)
    const secure = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    await expect(raiseStorageInvoice(ctx.db, { ...issue, partyId: secure.partyIds[0]!, tenancyId: secure.tenancyId, kind: 'storage', description: 'x', periodStart: '2026-10-01', periodEnd: '2026-10-02', amountPence: 100 })).rejects.toThrow(/temporary accommodation/)
  })

  it('puts court costs on any existing account, and refuses charges that do not belong on the account', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    const costs = await raiseInvoice(ctx.db, { ...issue, accountId: t.accountId, lines: [{ chargeType: 'court_costs', description: 'Possession claim issue fee', netPence: 40400 }] })
    expect(await legsOf(ctx.db, costs.transactionId)).toEqual([[t.accountNumber, 40400], ['GL-INCOME-COURT_COSTS', -40400]])
    await expect(raiseInvoice(ctx.db, { ...issue, accountId: t.accountId, lines: [{ chargeType: 'social_care', description: 'x', netPence: 100 }] })).rejects.toThrow(/cannot be invoiced to a rent account/)
    const loan = await sundryAccount(ctx.db, 'loan')
    await expect(raiseInvoice(ctx.db, { ...issue, accountId: loan.accountId, lines: [{ chargeType: 'loan_advance', description: 'x', netPence: 100 }] })).rejects.toThrow(/from its own record/)
    await expect(raiseInvoice(ctx.db, { ...issue, accountId: t.accountId, lines: [{ chargeType: 'court_costs', description: 'x', netPence: 0 }] })).rejects.toThrow(/more than £0.00/)
  })

  it('takes numbers only for invoices that commit: a refused invoice leaves no gap', async () => {
    const a = await sundryAccount(ctx.db, 'sundry')
    const before = await raiseInvoice(ctx.db, { ...issue, accountId: a.accountId, lines: [{ chargeType: 'sundry', description: 'One', netPence: 100 }] })
    // Fails after the number is taken (the ledger refuses an effective date the schema cannot hold), so it rolls back.
    await expect(raiseInvoice(ctx.db, { ...issue, issueDate: '2026-02-30', accountId: a.accountId, lines: [{ chargeType: 'sundry', description: 'Two', netPence: 100 }] })).rejects.toThrow()
    const after = await raiseInvoice(ctx.db, { ...issue, accountId: a.accountId, lines: [{ chargeType: 'sundry', description: 'Three', netPence: 100 }] })
    expect(Number(after.invoiceNumber.slice(4))).toBe(Number(before.invoiceNumber.slice(4)) + 1)
  })

  it('cancels an invoice in parts by credit notes, never more than it charged; nothing is deleted', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [], tenure: 'ta_licence' })
    const inv = await raiseStorageInvoice(ctx.db, { ...issue, partyId: t.partyIds[0]!, tenancyId: t.tenancyId, kind: 'storage', description: 'Storage', periodStart: '2026-10-01', periodEnd: '2026-10-31', amountPence: 10000 })
    const part = await creditInvoice(ctx.db, { invoiceNumber: inv.invoiceNumber, amount: 3000, reason: 'Stored for 3 weeks, not 4', ...issue, issueDate: '2026-11-25', postingDate: '2026-11-25' })
    expect(part.creditNoteNumber).toMatch(/^CRN-\d{6}$/)
    expect(part.reversal).toBe(false)
    const [acct] = await legsOf(ctx.db, inv.transactionId)
    expect(await legsOf(ctx.db, part.transactionId)).toEqual([[acct![0], -3000], ['GL-INCOME-STORAGE', 2500], ['GL-VAT-OUTPUT', 500]])
    await expect(creditInvoice(ctx.db, { invoiceNumber: inv.invoiceNumber, amount: 9001, reason: 'x', ...issue, issueDate: '2026-11-25' })).rejects.toThrow(/£90.00 or less/)
    await expect(creditInvoice(ctx.db, { invoiceNumber: inv.invoiceNumber, amount: 'whole', reason: ' ', ...issue })).rejects.toThrow(/reason/)
    const rest = await creditInvoice(ctx.db, { invoiceNumber: inv.invoiceNumber, amount: 'whole', reason: 'Belongings collected', ...issue, issueDate: '2026-11-26', postingDate: '2026-11-26' })
    expect(rest.totalPence).toBe(9000)
    expect(await balanceOf(ctx.db, inv.accountId)).toBe(0)
    expect(await balanceOf(ctx.db, await controlAccountId(ctx.db, 'GL-VAT-OUTPUT'))).toBeLessThanOrEqual(0) // other tests' storage VAT remains
    const view = await getInvoice(ctx.db, inv.invoiceNumber)
    expect(view).toMatchObject({ status: 'credited', outstandingPence: 0, creditedPence: 12000 })
    expect(view.creditNotes.map((c) => c.reason)).toEqual(['Stored for 3 weeks, not 4', 'Belongings collected'])
    await expect(creditInvoice(ctx.db, { invoiceNumber: inv.invoiceNumber, amount: 'whole', reason: 'again', ...issue, issueDate: '2026-11-26' })).rejects.toThrow(/already been cancelled in full/)
    await expect(ctx.db.query('delete from invoices where invoice_number = $1', [inv.invoiceNumber])).rejects.toThrow(/append-only/)
    await expect(ctx.db.query('update credit_notes set total_pence = 1 where credit_note_number = $1', [part.creditNoteNumber])).rejects.toThrow(/append-only/)
    // The database itself refuses a credit beyond what a line charged, whatever code writes it.
    const other = await raiseInvoice(ctx.db, { ...issue, accountId: inv.accountId, lines: [{ chargeType: 'removals', description: 'Removal', netPence: 500 }] })
    await expect(ctx.db.query(`insert into credit_note_lines (credit_note_id, invoice_line_id, net_pence, vat_pence) select $1, id, 501, 0 from invoice_lines where invoice_id = $2`, [part.creditNoteId, other.invoiceId])).rejects.toThrow(/more than invoice line/)
  })

  it('posts a credit note for a whole invoice as the ledger reversal of the invoice', async () => {
    const a = await sundryAccount(ctx.db, 'insurance_claim')
    const inv = await raiseInsuranceClaimInvoice(ctx.db, { ...issue, claimRef: 'CLM-77', partyId: a.partyId, accountId: a.accountId, incidentOn: '2026-09-14', description: 'Damage to communal door', amountPence: 48000 })
    expect(await legsOf(ctx.db, inv.transactionId)).toEqual([[a.accountNumber, 48000], ['GL-INCOME-INSURANCE_CLAIM', -48000]])
    const cn = await creditInvoice(ctx.db, { invoiceNumber: inv.invoiceNumber, amount: 'whole', reason: 'Insurer paid the council directly', ...issue })
    expect(cn.reversal).toBe(true)
    const [txn] = await ctx.db.query<{ txn_type: string; reverses_transaction_id: number }>('select txn_type, reverses_transaction_id from ledger_transactions where id = $1', [cn.transactionId])
    expect(txn).toEqual({ txn_type: 'reversal', reverses_transaction_id: inv.transactionId })
    expect(await balanceOf(ctx.db, a.accountId)).toBe(0)
  })

  it('recharges a repair only when the tenant is responsible and no dispute holds it', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2025-04-07', charges: [] })
    const partyId = t.partyIds[0]!
    await recordRepair(ctx.db, { repairRef: 'R-1001', partyId, tenancyId: t.tenancyId, description: 'Replace kitchen door damaged by tenant', completedOn: '2026-10-02', costPence: 32050, tenantResponsible: true, responsibilityReason: 'Damage beyond fair wear and tear (inspection 28 Sep)', disputed: true, actor: cliActor })
    await recordRepair(ctx.db, { repairRef: 'R-1002', partyId, description: 'Boiler service', completedOn: '2026-10-02', costPence: 9000, tenantResponsible: false, responsibilityReason: 'Landlord repair obligation', actor: cliActor })
    await expect(invoiceRepair(ctx.db, { repairRef: 'R-1001', ...issue })).rejects.toThrow(/held until the dispute is decided/)
    await expect(invoiceRepair(ctx.db, { repairRef: 'R-1002', ...issue })).rejects.toThrow(/not responsible/)
    await recordRepairDispute(ctx.db, { repairRef: 'R-1001', outcome: 'recharge_confirmed', note: 'Photographs show deliberate damage', actor: cliActor })
    const inv = await invoiceRepair(ctx.db, { repairRef: 'R-1001', ...issue })
    const [legs] = [await legsOf(ctx.db, inv.transactionId)]
    expect(legs[0]![0]).toMatch(/^RCH/)
    expect(legs).toEqual([[legs[0]![0], 32050], ['GL-INCOME-RECHARGEABLE_REPAIR', -32050]])
    expect(inv.lines[0]!.description).toBe('Repair R-1001 completed 2 October 2026: Replace kitchen door damaged by tenant')
    await expect(invoiceRepair(ctx.db, { repairRef: 'R-1001', ...issue })).rejects.toThrow(/already been invoiced/)
    await expect(recordRepairDispute(ctx.db, { repairRef: 'R-1001', outcome: 'pending', note: 'x', actor: cliActor })).rejects.toThrow(/credit note/)
    const [audits] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from audit_events where entity_type = 'repair_recharge' and entity_id = 'R-1001'`)
    expect(audits!.n).toBe(2)
  })

  it('sets up a loan: the principal invoiced to its own account against loans advanced, with a schedule summing to it', async () => {
    const partyId = await makeParty(ctx.db, 'Borrower')
    const loan = await setUpLoan(ctx.db, { loanRef: 'HPL-2026-001', partyId, purpose: 'rent_deposit', advancedOn: '2026-11-02', principalPence: 95000, frequency: 'monthly', firstDueOn: '2026-12-01', instalments: 12, postingDate: '2026-11-02', actor: cliActor })
    expect(loan.schedule).toHaveLength(12)
    const [sum] = await ctx.db.query<{ total: number; first: string; last: string }>(
      'select sum(amount_pence)::bigint as total, min(due_on) as first, max(due_on) as last from loan_instalments where loan_id = $1',
      [loan.loanId],
    )
    expect(sum).toEqual({ total: 95000, first: '2026-12-01', last: '2027-11-01' })
    const view = await getInvoice(ctx.db, loan.invoiceNumber)
    expect(view.loanSchedule.map((s) => s.amountPence)).toEqual([7917, 7917, 7917, 7917, 7917, 7917, 7917, 7917, 7916, 7916, 7916, 7916])
    const [txn] = await ctx.db.query<{ transaction_id: number }>('select transaction_id from invoices where invoice_number = $1', [loan.invoiceNumber])
    expect((await legsOf(ctx.db, txn!.transaction_id)).map(([n, p]) => [n.slice(0, 3), p])).toEqual([['LON', 95000], ['GL-', -95000]])
    await expect(setUpLoan(ctx.db, { loanRef: 'HPL-2026-001', partyId, purpose: 'rent_deposit', advancedOn: '2026-11-02', principalPence: 1000, frequency: 'weekly', firstDueOn: '2026-11-09', instalments: 2, postingDate: '2026-11-02', actor: cliActor })).rejects.toThrow(/already set up/)
  })

  it('records HB overpayments: invoiced, recovered from ongoing HB without an invoice, or not recoverable and not posted', async () => {
    const partyId = await makeParty(ctx.db, 'Claimant')
    const base = { partyId, periodFrom: '2026-01-05', periodTo: '2026-03-29', amountPence: 84000, cause: 'late_notification_of_change' as const, reason: 'Started work 5 January, told us 30 March', decidedOn: '2026-11-02', postingDate: '2026-11-02', actor: cliActor }
    const inv = await recordHbOverpayment(ctx.db, { ...base, overpaymentRef: 'OP-1', recoverable: true, method: 'invoice' })
    expect(inv.invoiceNumber).toMatch(/^INV-/)
    expect(await balanceOf(ctx.db, inv.accountId!)).toBe(84000)
    const ded = await recordHbOverpayment(ctx.db, { ...base, overpaymentRef: 'OP-2', amountPence: 20000, recoverable: true, method: 'ongoing_hb_deduction', weeklyDeductionPence: 1380 })
    expect(ded).toMatchObject({ invoiceNumber: null, accountId: inv.accountId })
    expect(await balanceOf(ctx.db, inv.accountId!)).toBe(104000)
    const none = await recordHbOverpayment(ctx.db, { ...base, overpaymentRef: 'OP-3', cause: 'official_error', recoverable: false })
    expect(none).toEqual({ overpaymentId: expect.any(Number), accountId: null, invoiceNumber: null })
    expect(await balanceOf(ctx.db, inv.accountId!)).toBe(104000)
    await expect(recordHbOverpayment(ctx.db, { ...base, overpaymentRef: 'OP-4', recoverable: true })).rejects.toThrow(/how a recoverable/)
  })

  it('invoices care contributions every 4 weeks in arrears, once per period however often it runs', async () => {
    // Cycle anchor Monday 6 April 2026: periods 6 Apr–3 May, 4 May–31 May, 1 Jun–28 Jun…
    const partyA = await makeParty(ctx.db, 'Carer')
    const partyB = await makeParty(ctx.db, 'Client')
    const a = await createCarePlan(ctx.db, { planRef: 'CP-A', partyId: partyA, description: 'Home care, 10 hours a week', startsOn: '2026-04-20', fourWeeklyPence: 28000, actor: cliActor })
    await createCarePlan(ctx.db, { planRef: 'CP-B', partyId: partyB, description: 'Day centre', startsOn: '2026-05-04', fourWeeklyPence: 5600, actor: cliActor })
    await createCarePlan(ctx.db, { planRef: 'CP-C', partyId: partyB, description: 'Starts later', startsOn: '2026-07-01', fourWeeklyPence: 5600, actor: cliActor })

    const first = await runCareInvoicing(ctx.db, { runDate: '2026-05-31', postingDate: '2026-05-31', actor: cliActor })
    // A: 20 Apr–3 May (14 days, £140) and 4–31 May (£280); B: 4–31 May (£56).
    expect(first).toMatchObject({ invoices: 3, totalPence: 14000 + 28000 + 5600 })
    expect(await balanceOf(ctx.db, a.accountId)).toBe(42000)
    const again = await runCareInvoicing(ctx.db, { runDate: '2026-05-31', postingDate: '2026-05-31', actor: cliActor })
    expect(again.invoices).toBe(0)
    expect(await balanceOf(ctx.db, a.accountId)).toBe(42000)

    // A reassessment from 15 June; a missed run is caught up by the next; A ends on 5 July.
    await setCareContribution(ctx.db, { planRef: 'CP-A', effectiveFrom: '2026-06-15', fourWeeklyPence: 14000, reason: 'Reassessed', actor: cliActor })
    await endCarePlan(ctx.db, { planRef: 'CP-A', endsOn: '2026-07-05', reason: 'Moved to residential care', actor: cliActor })
    const later = await runCareInvoicing(ctx.db, { runDate: '2026-07-27', postingDate: '2026-07-27', actor: cliActor })
    // A: 1–28 Jun (14 days at £280 + 14 at £140 = £210) and 29 Jun–5 Jul (7 days at £140 = £35); B: two periods; C: 1–26 Jul (26 days of £56 = £52).
    expect(later.invoices).toBe(5)
    expect(await balanceOf(ctx.db, a.accountId)).toBe(42000 + 21000 + 3500)
    const periods = await ctx.db.query<{ period_start: string; period_end: string; total_pence: number }>(
      'select i.period_start, i.period_end, i.total_pence from invoices i join care_plan_invoices c on c.invoice_id = i.id join care_plans p on p.id = c.care_plan_id where p.plan_ref = $1 order by i.period_start',
      ['CP-A'],
    )
    expect(periods).toEqual([
      { period_start: '2026-04-20', period_end: '2026-05-03', total_pence: 14000 },
      { period_start: '2026-05-04', period_end: '2026-05-31', total_pence: 28000 },
      { period_start: '2026-06-01', period_end: '2026-06-28', total_pence: 21000 },
      { period_start: '2026-06-29', period_end: '2026-07-05', total_pence: 3500 },
    ])
    // One balanced transaction per invoice, each against social care income.
    const txns = await ctx.db.query<{ n: number; legs: number; sum: number }>(
      `select count(distinct i.id)::int as n, count(p.id)::int as legs, sum(p.amount_pence)::bigint as sum
       from invoices i join postings p on p.transaction_id = i.transaction_id where i.source = 'care_plan'`,
    )
    expect(txns[0]).toEqual({ n: 8, legs: 16, sum: 0 })
    expect((await runCareInvoicing(ctx.db, { runDate: '2026-07-27', postingDate: '2026-07-27', actor: cliActor })).invoices).toBe(0)
    await expect(endCarePlan(ctx.db, { planRef: 'CP-B', endsOn: '2026-06-01', reason: 'x', actor: cliActor })).rejects.toThrow(/already invoiced/)
  })
})
