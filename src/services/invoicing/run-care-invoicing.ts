/**
 * The 4-weekly social care contributions run (`reeve run care-invoicing --date D`): every care plan's periods that
 * have ended by D and are not yet invoiced get one invoice each (in arrears, docs/sundry-debts.md). Set-based: the
 * plans, rates and periods already invoiced are read in three queries, the periods worked out by the pure domain
 * (`carePeriodsDue`, `contributionFor`), and all invoices written with a fixed number of statements however many
 * there are — each invoice still its own balanced ledger transaction, all their legs in one INSERT.
 *
 * Idempotent: a period invoiced once is never invoiced again (care_plan_invoices' key, and each ledger transaction's
 * idempotency key `care-invoice:<plan>:<period start>`), so running the same date twice raises nothing the second time.
 */
import type { Db } from '../../db/client.ts'
import { addDays } from '../../domain/calendar/index.ts'
import { carePeriodsDue, contributionFor, type ContributionRate } from '../../domain/invoicing/care-periods.ts'
import { documentNumber } from '../../domain/invoicing/document-number.ts'
import { invoiceLegs, priceLines, type PricedLine } from '../../domain/invoicing/invoice.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { formatShortDateForInvoice } from './invoice-wording.ts'
import { careAnchorOn, controlAccountId, loadChargeTypes, paymentTermsDaysOn, takeDocumentNumbers, vatPolicyOn } from './invoicing-settings.ts'

export interface CareRunSummary {
  runDate: string
  invoices: number
  totalPence: number
  plansConsidered: number
  invoiceNumbers: string[]
}

interface Planned {
  carePlanId: number
  accountId: number
  periodStart: string
  periodEnd: string
  cycleStart: string
  line: PricedLine
}

export async function runCareInvoicing(db: Db, opts: { runDate: string; postingDate: string; actor: Actor }): Promise<CareRunSummary> {
  return db.transaction(async (tx) => {
    // One run at a time, so two runs cannot both see a period as not yet invoiced.
    await tx.query(`select pg_advisory_xact_lock(hashtext('reeve:care-invoicing'))`)
    const anchor = await careAnchorOn(tx, opts.runDate)
    const plans = await tx.query<{ id: number; plan_ref: string; account_id: number; description: string; starts_on: string; ends_on: string | null }>(
      `select p.id, p.plan_ref, p.account_id, p.description, p.starts_on, p.ends_on from care_plans p join accounts a on a.id = p.account_id
       where p.starts_on <= $1 and a.status = 'open' order by p.id`,
      [opts.runDate],
    )
    const rates = await tx.query<{ care_plan_id: number; effective_from: string; four_weekly_pence: number }>(
      `select c.care_plan_id, c.effective_from, c.four_weekly_pence from care_plan_contributions c join care_plans p on p.id = c.care_plan_id
       where p.starts_on <= $1 order by c.care_plan_id, c.effective_from`,
      [opts.runDate],
    )
    const done = await tx.query<{ care_plan_id: number; cycle_start: string }>(
      'select ci.care_plan_id, ci.cycle_start from care_plan_invoices ci join care_plans p on p.id = ci.care_plan_id where p.starts_on <= $1',
      [opts.runDate],
    )
    const ratesOf = new Map<number, ContributionRate[]>()
    for (const r of rates) ratesOf.set(r.care_plan_id, [...(ratesOf.get(r.care_plan_id) ?? []), { effectiveFrom: r.effective_from, fourWeeklyPence: r.four_weekly_pence }])
    const doneOf = new Map<number, Set<string>>()
    for (const d of done) doneOf.set(d.care_plan_id, (doneOf.get(d.care_plan_id) ?? new Set()).add(d.cycle_start))

    const vat = await vatPolicyOn(tx, opts.runDate)
    const planned: Planned[] = []
    for (const p of plans) {
      for (const period of carePeriodsDue(anchor, { startsOn: p.starts_on, endsOn: p.ends_on }, opts.runDate, doneOf.get(p.id))) {
        const amount = contributionFor(ratesOf.get(p.id) ?? [], period.start, period.end)
        if (amount <= 0) continue
        const description = `Care contribution ${formatShortDateForInvoice(period.start)} to ${formatShortDateForInvoice(period.end)} (${p.plan_ref})`
        const [line] = priceLines([{ chargeType: 'social_care', description, netPence: amount }], vat)
        planned.push({ carePlanId: p.id, accountId: p.account_id, periodStart: period.start, periodEnd: period.end, cycleStart: period.cycleStart, line: line! })
      }
    }
    const summary: CareRunSummary = { runDate: opts.runDate, invoices: planned.length, totalPence: planned.reduce((s, p) => s + p.line.totalPence, 0), plansConsidered: plans.length, invoiceNumbers: [] }
    if (planned.length === 0) {
      await recordAuditEvent(tx, opts.actor, { action: 'care_invoicing.run', entityType: 'job', entityId: `care-invoicing:${opts.runDate}`, after: summary })
      return summary
    }

    const numbers = (await takeDocumentNumbers(tx, 'INV', planned.length)).map((n) => documentNumber('INV', n))
    const dueDate = addDays(opts.runDate, await paymentTermsDaysOn(tx, opts.runDate))
    const types = await loadChargeTypes(tx)
    const vatAccountId = await controlAccountId(tx, 'GL-VAT-OUTPUT')
    const keys = planned.map((p) => `care-invoice:${p.carePlanId}:${p.cycleStart}`)
    const descriptions = planned.map((p, i) => `Invoice ${numbers[i]}: ${p.line.description}`)

    // One ledger transaction per invoice, all inserted by one statement.
    const txns = await tx.query<{ id: number; idempotency_key: string }>(
      `insert into ledger_transactions (txn_type, idempotency_key, effective_date, posting_date, source, user_id, description)
       select 'charge', t.key, $1, $2, 'batch', $3, t.description from unnest($4::text[], $5::text[]) with ordinality as t(key, description, ord)
       order by t.ord returning id, idempotency_key`,
      [opts.runDate, opts.postingDate, opts.actor.userId, keys, descriptions],
    )
    const txnOf = new Map(txns.map((t) => [t.idempotency_key, t.id]))
    const legTxn: number[] = []
    const legAccount: number[] = []
    const legAmount: number[] = []
    const legType: string[] = []
    const legDescription: string[] = []
    const legPeriod: string[] = []
    planned.forEach((p, i) => {
      const txnId = txnOf.get(keys[i]!)!
      for (const leg of invoiceLegs([p.line], { customerAccountId: p.accountId, incomeAccountFor: (c) => types.get(c)!.incomeAccountId, vatAccountId }, { postingType: 'invoice', description: descriptions[i]! })) {
        legTxn.push(txnId)
        legAccount.push(leg.accountId)
        legAmount.push(leg.amountPence)
        legType.push(leg.postingType)
        legDescription.push(leg.description ?? descriptions[i]!)
        legPeriod.push(p.periodStart)
      }
    })
    await tx.query(
      `insert into postings (transaction_id, account_id, amount_pence, effective_date, posting_type, period_start, description)
       select l.txn, l.account_id, l.amount, $1, l.posting_type, l.period_start, l.description
       from unnest($2::bigint[], $3::int[], $4::bigint[], $5::text[], $6::date[], $7::text[]) as l(txn, account_id, amount, posting_type, period_start, description)`,
      [opts.runDate, legTxn, legAccount, legAmount, legType, legPeriod, legDescription],
    )
    const invoices = await tx.query<{ id: number; invoice_number: string }>(
      `insert into invoices (invoice_number, account_id, issue_date, due_date, source, period_start, period_end, net_pence, vat_pence, total_pence, transaction_id, actor, user_id)
       select i.num, i.account_id, $1, $2, 'care_plan', i.period_start, i.period_end, i.net, i.vat, i.net + i.vat, i.txn, $3, $4
       from unnest($5::text[], $6::int[], $7::date[], $8::date[], $9::bigint[], $10::bigint[], $11::bigint[])
         with ordinality as i(num, account_id, period_start, period_end, net, vat, txn, ord)
       order by i.ord returning id, invoice_number`,
      [
        opts.runDate,
        dueDate,
        opts.actor.label,
        opts.actor.userId,
        numbers,
        planned.map((p) => p.accountId),
        planned.map((p) => p.periodStart),
        planned.map((p) => p.periodEnd),
        planned.map((p) => p.line.netPence),
        planned.map((p) => p.line.vatPence),
        keys.map((k) => txnOf.get(k)!),
      ],
    )
    const invoiceIdOf = new Map(invoices.map((i) => [i.invoice_number, i.id]))
    const ids = numbers.map((n) => invoiceIdOf.get(n)!)
    await tx.query(
      `insert into invoice_lines (invoice_id, line_no, charge_type, description, net_pence, vat_treatment, vat_rate_bps, vat_pence)
       select l.invoice_id, 1, l.charge_type, l.description, l.net, l.treatment, l.rate, l.vat
       from unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::int[], $7::bigint[]) as l(invoice_id, charge_type, description, net, treatment, rate, vat)`,
      [ids, planned.map((p) => p.line.chargeType), planned.map((p) => p.line.description), planned.map((p) => p.line.netPence), planned.map((p) => p.line.vatTreatment), planned.map((p) => p.line.vatRateBps), planned.map((p) => p.line.vatPence)],
    )
    await tx.query(
      `insert into care_plan_invoices (care_plan_id, cycle_start, invoice_id) select * from unnest($1::bigint[], $2::date[], $3::bigint[])`,
      [planned.map((p) => p.carePlanId), planned.map((p) => p.cycleStart), ids],
    )
    await tx.query(
      `insert into audit_events (user_id, actor, action, entity_type, entity_id, after, reason)
       select $1, $2, 'invoice.raised', 'invoice', a.num, jsonb_build_object('accountId', a.account_id, 'source', 'care_plan', 'totalPence', a.total), 'Care contributions run'
       from unnest($3::text[], $4::int[], $5::bigint[]) as a(num, account_id, total)`,
      [opts.actor.userId, opts.actor.label, numbers, planned.map((p) => p.accountId), planned.map((p) => p.line.totalPence)],
    )
    summary.invoiceNumbers = numbers
    await recordAuditEvent(tx, opts.actor, {
      action: 'care_invoicing.run',
      entityType: 'job',
      entityId: `care-invoicing:${opts.runDate}`,
      after: { ...summary, invoiceNumbers: [numbers[0], numbers[numbers.length - 1]] },
    })
    return summary
  })
}
