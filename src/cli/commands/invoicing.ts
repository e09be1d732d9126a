import fs from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import { z } from 'zod'
import { councilLetterhead } from '../../documents/letterhead.ts'
import { renderInvoicePdf } from '../../documents/invoice-pdf.ts'
import { formatPounds } from '../../domain/money/pence.ts'
import { AppError } from '../../errors.ts'
import { importCouncilTax } from '../../services/council-tax/import-council-tax.ts'
import { creditInvoice } from '../../services/invoicing/credit-invoice.ts'
import { getInvoice } from '../../services/invoicing/get-invoice.ts'
import { raiseInvoice } from '../../services/invoicing/raise-invoice.ts'
import { runCareInvoicing } from '../../services/invoicing/run-care-invoicing.ts'
import { createCarePlan, setCareContribution } from '../../services/invoicing/care-plans.ts'
import { invoiceRepair } from '../../services/invoicing/invoice-repair.ts'
import { raiseInsuranceClaimInvoice } from '../../services/invoicing/raise-insurance-claim-invoice.ts'
import { raiseStorageInvoice } from '../../services/invoicing/raise-storage-invoice.ts'
import { HB_OVERPAYMENT_CAUSES, recordHbOverpayment } from '../../services/invoicing/record-hb-overpayment.ts'
import { recordRepair, recordRepairDispute } from '../../services/invoicing/record-repair.ts'
import { LOAN_PURPOSES, setUpLoan } from '../../services/invoicing/set-up-loan.ts'
import { accountNumberOf, customerAccountByKey } from '../../services/invoicing/source-records.ts'
import { partyIdByRef } from '../../services/invoicing/sundry-account.ts'
import type { Db } from '../../db/client.ts'
import { resolveCliActor } from '../actor.ts'
import { isoDate, parseOptions, pounds, today, withDb } from '../context.ts'

async function customerAccountId(db: { query: (sql: string, p: unknown[]) => Promise<{ id: number }[]> }, key: string): Promise<number> {
  const [a] = await db.query(`select id from accounts where (account_number = $1 or payment_reference = $1) and account_class = 'customer'`, [key])
  if (!a) throw new AppError('not_found', `No customer account ${key}`)
  return a.id
}

const ref = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, 'letters, numbers and hyphens, up to 40')
const yesNo = z.enum(['yes', 'no']).transform((v) => v === 'yes')
const who = { party: z.string().min(1).optional(), account: z.string().min(1).optional(), user: z.string().optional() }

/**
 * Whose debt a record is and where it goes: `--party REF`, or `--account` (its one liable person, or the `--party`
 * named among several). The record goes on that account when it is of the record's type, else on the person's own
 * account of that type (opened if need be).
 */
async function debtor(db: Db, o: { party?: string | undefined; account?: string | undefined }, type: string): Promise<{ partyId: number; accountId: number | null; tenancyId: number | null }> {
  if (!o.account) {
    if (!o.party) throw new AppError('validation', '--party: name the person (--party) or an account of theirs (--account)', [{ field: '--party', message: 'name the person or an account' }])
    return { partyId: await partyIdByRef(db, o.party), accountId: null, tenancyId: null }
  }
  const a = await customerAccountByKey(db, o.account)
  let partyId = a.partyIds[0]
  if (o.party) {
    partyId = await partyIdByRef(db, o.party)
    if (!a.partyIds.includes(partyId)) throw new AppError('validation', `--party: ${o.party} is not liable for account ${o.account}`, [{ field: '--party', message: 'not liable for that account' }])
  } else if (a.partyIds.length !== 1) {
    throw new AppError('validation', `--party: account ${o.account} has ${a.partyIds.length} people liable: name one with --party`, [{ field: '--party', message: 'name one of the people liable' }])
  }
  return { partyId: partyId!, accountId: a.accountType === type ? a.id : null, tenancyId: a.tenancyId }
}

/** `reeve invoice raise|credit|show`, `reeve run care-invoicing`, `reeve import council-tax` (docs/sundry-debts.md). */
export function registerInvoicing(program: Command, run: Command, imp: Command): void {
  const invoice = program.command('invoice').description('sundry invoices: raise, cancel by credit note, show or print')

  invoice
    .command('raise <account>')
    .description('raise a one-line invoice on an account (VAT added where the charge type is standard-rated)')
    .requiredOption('--charge-type <type>', 'rechargeable_repair, social_care, storage, removals, insurance_claim, court_costs or sundry')
    .requiredOption('--amount <pounds>', 'net amount, e.g. 125.00')
    .requiredOption('--description <text>', 'what the charge is for')
    .option('--date <date>', 'invoice date (default today)')
    .option('--user <username>', 'the officer raising it')
    .action(async (account: string, raw) => {
      const o = parseOptions(z.object({ chargeType: z.string().regex(/^[a-z_]+$/), amount: pounds, description: z.string().min(1).max(200), date: isoDate.optional(), user: z.string().optional() }), raw)
      await withDb(async (db) => {
        const r = await raiseInvoice(db, {
          accountId: await customerAccountId(db, account),
          issueDate: o.date ?? today(),
          postingDate: today(),
          lines: [{ chargeType: o.chargeType, description: o.description, netPence: o.amount }],
          actor: await resolveCliActor(db, o.user),
        })
        console.log(`Raised invoice ${r.invoiceNumber} for ${formatPounds(r.totalPence)}${r.lines[0]!.vatPence ? ` (VAT ${formatPounds(r.lines[0]!.vatPence)})` : ''}`)
      })
    })

  invoice
    .command('credit <invoiceNumber>')
    .description('cancel an invoice by credit note: the whole of what is left, or --amount of it')
    .requiredOption('--reason <text>', 'why the invoice is being cancelled')
    .option('--amount <pounds>', 'part to cancel, VAT included (default: all that is left)')
    .option('--date <date>', 'credit note date (default today)')
    .option('--user <username>', 'the officer issuing it')
    .action(async (invoiceNumber: string, raw) => {
      const o = parseOptions(z.object({ reason: z.string().min(1).max(500), amount: pounds.optional(), date: isoDate.optional(), user: z.string().optional() }), raw)
      await withDb(async (db) => {
        const c = await creditInvoice(db, {
          invoiceNumber,
          amount: o.amount ?? 'whole',
          reason: o.reason,
          issueDate: o.date ?? today(),
          postingDate: today(),
          actor: await resolveCliActor(db, o.user),
        })
        console.log(`Issued credit note ${c.creditNoteNumber} for ${formatPounds(c.totalPence)} against invoice ${c.invoiceNumber}`)
      })
    })

  invoice
    .command('show <invoiceNumber>')
    .description('show an invoice, its lines and credit notes; --pdf writes it as a PDF')
    .option('--pdf <file>', 'write the invoice PDF to this file')
    .action(async (invoiceNumber: string, raw) => {
      const o = parseOptions(z.object({ pdf: z.string().min(1).optional() }), raw)
      await withDb(async (db) => {
        const inv = await getInvoice(db, invoiceNumber)
        console.log(`Invoice ${inv.invoiceNumber}, ${inv.issueDate} (due ${inv.dueDate}): account ${inv.account.accountNumber}, payment reference ${inv.account.paymentReference}`)
        console.log(`To: ${inv.billTo.names.join(' and ')}`)
        for (const l of inv.lines) console.log(`  ${l.lineNo}. ${l.chargeLabel}: ${l.description}  ${formatPounds(l.netPence)} + VAT ${formatPounds(l.vatPence)} = ${formatPounds(l.totalPence)}`)
        console.log(`Total ${formatPounds(inv.totalPence)}`)
        for (const c of inv.creditNotes) console.log(`  Credit note ${c.creditNoteNumber}, ${c.issueDate}: -${formatPounds(c.totalPence)} (${c.reason})`)
        console.log(`Left to pay ${formatPounds(inv.outstandingPence)}`)
        if (o.pdf) {
          const { councilName, councilAddress } = councilLetterhead()
          fs.writeFileSync(o.pdf, await renderInvoicePdf(inv, { councilName, councilAddress, generatedOn: today() }))
          console.log(`Wrote ${o.pdf}`)
        }
      })
    })

  registerSourceRecords(invoice)

  run
    .command('care-invoicing')
    .description('invoice social care contributions for every 4-weekly period ended by --date (in arrears); never invoices a period twice')
    .requiredOption('--date <date>', 'run date, YYYY-MM-DD')
    .option('--user <username>', 'who runs it')
    .action(async (raw) => {
      const o = parseOptions(z.object({ date: isoDate, user: z.string().optional() }), raw)
      await withDb(async (db) => {
        const s = await runCareInvoicing(db, { runDate: o.date, postingDate: today(), actor: await resolveCliActor(db, o.user) })
        console.log(
          s.invoices === 0
            ? `Care invoicing ${o.date}: nothing to invoice (${s.plansConsidered} care plans checked)`
            : `Care invoicing ${o.date}: ${s.invoices} invoices, ${formatPounds(s.totalPence)} (${s.invoiceNumbers[0]} to ${s.invoiceNumbers[s.invoiceNumbers.length - 1]})`,
        )
      })
    })

  imp
    .command('council-tax <file>')
    .description('import council tax accounts, balances and recovery stages from the council tax system’s extract; whole file or nothing, never twice')
    .option('--user <username>', 'who is importing')
    .action(async (file: string, raw) => {
      const o = parseOptions(z.object({ user: z.string().optional() }), raw)
      if (!fs.existsSync(file)) throw new AppError('validation', `No file ${file}`)
      const bytes = fs.readFileSync(file)
      await withDb(async (db) => {
        const s = await importCouncilTax(db, { text: bytes, fileName: path.basename(file), today: today(), actor: await resolveCliActor(db, o.user) })
        console.log(
          `Imported ${path.basename(file)} as council tax import ${s.importId}: ${s.rows} accounts (${s.accountsCreated} new, ${s.partiesCreated} people created), ` +
            `${s.stageChanges} stage changes, balances moved by ${formatPounds(s.balanceMovementPence)}`,
        )
      })
    })
}

/**
 * The records sundry debts come from (docs/sundry-debts.md): `reeve invoice repair record|dispute|invoice`,
 * `invoice care-plan create|reassess`, `invoice loan`, `invoice storage`, `invoice claim`, `invoice hb-overpayment`.
 */
function registerSourceRecords(invoice: Command): void {
  const repair = invoice.command('repair').description('rechargeable repairs: record one, its dispute or outcome, and invoice it')
  repair
    .command('record <repairRef>')
    .description('record a repair that may be recharged: what, cost, whether the tenant is responsible and why')
    .option('--party <ref>', 'the tenant (party reference)')
    .option('--account <account>', 'an account of the tenant (its tenancy is recorded)')
    .requiredOption('--description <text>', 'what was repaired')
    .requiredOption('--completed <date>', 'date completed, YYYY-MM-DD')
    .requiredOption('--cost <pounds>', 'cost to recharge')
    .requiredOption('--tenant-responsible <yes|no>', 'whether the tenant is responsible')
    .requiredOption('--reason <text>', 'why the tenant is, or is not, responsible')
    .option('--disputed', 'the tenant disputes the recharge (held until decided)')
    .option('--user <username>', 'the officer recording it')
    .action(async (repairRef: string, raw) => {
      const o = parseOptions(z.object({ ...who, description: z.string().trim().min(1).max(150), completed: isoDate, cost: pounds, tenantResponsible: yesNo, reason: z.string().trim().min(1).max(500), disputed: z.boolean().optional() }), raw)
      const r = parseOptions(z.object({ repairRef: ref }), { repairRef })
      await withDb(async (db) => {
        const d = await debtor(db, o, 'rechargeable_repair')
        await recordRepair(db, { repairRef: r.repairRef, partyId: d.partyId, tenancyId: d.tenancyId, description: o.description, completedOn: o.completed, costPence: o.cost, tenantResponsible: o.tenantResponsible, responsibilityReason: o.reason, disputed: o.disputed ?? false, actor: await resolveCliActor(db, o.user) })
        console.log(`Recorded repair ${r.repairRef}: ${formatPounds(o.cost)}, tenant ${o.tenantResponsible ? 'responsible' : 'not responsible'}${o.disputed ? ', disputed (held until decided)' : ''}`)
      })
    })
  repair
    .command('dispute <repairRef>')
    .description('record that the tenant disputes the recharge, or the outcome of the dispute')
    .requiredOption('--outcome <outcome>', 'disputed, confirmed (the tenant is to pay) or cancelled')
    .requiredOption('--note <text>', 'what the tenant said, or how it was decided')
    .option('--user <username>', 'the officer recording it')
    .action(async (repairRef: string, raw) => {
      const outcomes = { disputed: 'pending', confirmed: 'recharge_confirmed', cancelled: 'recharge_cancelled' } as const
      const o = parseOptions(z.object({ outcome: z.enum(['disputed', 'confirmed', 'cancelled']), note: z.string().trim().min(1).max(500), user: z.string().optional() }), raw)
      await withDb(async (db) => {
        await recordRepairDispute(db, { repairRef, outcome: outcomes[o.outcome], note: o.note, actor: await resolveCliActor(db, o.user) })
        console.log(`Repair ${repairRef}: ${o.outcome === 'disputed' ? 'disputed, held until decided' : o.outcome === 'confirmed' ? 'dispute decided, the tenant is to pay' : 'dispute decided, recharge cancelled'}`)
      })
    })
  repair
    .command('invoice <repairRef>')
    .description('invoice a repair the tenant is responsible for and does not (or no longer) dispute')
    .option('--account <account>', 'the rechargeable repairs account to invoice (default: the tenant’s, opened if need be)')
    .option('--date <date>', 'invoice date (default today)')
    .option('--user <username>', 'the officer raising it')
    .action(async (repairRef: string, raw) => {
      const o = parseOptions(z.object({ account: z.string().min(1).optional(), date: isoDate.optional(), user: z.string().optional() }), raw)
      await withDb(async (db) => {
        const r = await invoiceRepair(db, { repairRef, issueDate: o.date ?? today(), postingDate: today(), accountId: o.account ? (await customerAccountByKey(db, o.account)).id : null, actor: await resolveCliActor(db, o.user) })
        console.log(`Raised invoice ${r.invoiceNumber} for ${formatPounds(r.totalPence)} on account ${await accountNumberOf(db, r.accountId)}`)
      })
    })

  const care = invoice.command('care-plan').description('social care: record a care plan and its 4-weekly contribution, or change the contribution')
  care
    .command('create <planRef>')
    .description('record a care plan with the 4-weekly contribution from the financial assessment (invoiced in arrears by `run care-invoicing`)')
    .option('--party <ref>', 'the person cared for (party reference)')
    .option('--account <account>', 'an account of theirs (used if it is a social care account)')
    .requiredOption('--description <text>', 'the care provided')
    .requiredOption('--from <date>', 'plan start, YYYY-MM-DD')
    .option('--to <date>', 'plan end, if known')
    .requiredOption('--contribution <pounds>', '4-weekly contribution (0 if none)')
    .option('--user <username>', 'the officer recording it')
    .action(async (planRef: string, raw) => {
      const o = parseOptions(z.object({ ...who, description: z.string().trim().min(1).max(150), from: isoDate, to: isoDate.optional(), contribution: pounds }), raw)
      const r = parseOptions(z.object({ planRef: ref }), { planRef })
      await withDb(async (db) => {
        const d = await debtor(db, o, 'social_care')
        const c = await createCarePlan(db, { planRef: r.planRef, partyId: d.partyId, accountId: d.accountId, description: o.description, startsOn: o.from, endsOn: o.to ?? null, fourWeeklyPence: o.contribution, actor: await resolveCliActor(db, o.user) })
        console.log(`Recorded care plan ${r.planRef}: ${formatPounds(o.contribution)} every 4 weeks from ${o.from}, invoiced in arrears to account ${await accountNumberOf(db, c.accountId)}`)
      })
    })
  care
    .command('reassess <planRef>')
    .description('change the 4-weekly contribution from a date (periods already invoiced are not changed)')
    .requiredOption('--from <date>', 'first day of the new contribution')
    .requiredOption('--contribution <pounds>', 'new 4-weekly contribution')
    .requiredOption('--reason <text>', 'why it changed')
    .option('--user <username>', 'the officer recording it')
    .action(async (planRef: string, raw) => {
      const o = parseOptions(z.object({ from: isoDate, contribution: pounds, reason: z.string().trim().min(1).max(200), user: z.string().optional() }), raw)
      await withDb(async (db) => {
        await setCareContribution(db, { planRef, effectiveFrom: o.from, fourWeeklyPence: o.contribution, reason: o.reason, actor: await resolveCliActor(db, o.user) })
        console.log(`Care plan ${planRef}: ${formatPounds(o.contribution)} every 4 weeks from ${o.from}`)
      })
    })

  invoice
    .command('loan <loanRef>')
    .description('set up a homelessness-prevention loan on its own account: the amount lent invoiced once, with its repayment schedule')
    .option('--party <ref>', 'the borrower (party reference)')
    .option('--account <account>', 'an account of the borrower')
    .requiredOption('--purpose <purpose>', LOAN_PURPOSES.join(', '))
    .option('--note <text>', 'details of the purpose')
    .requiredOption('--advanced <date>', 'date the loan was made')
    .requiredOption('--principal <pounds>', 'amount lent')
    .requiredOption('--frequency <frequency>', 'weekly, four_weekly or monthly')
    .requiredOption('--first-due <date>', 'date the first repayment is due')
    .option('--instalments <n>', 'number of repayments')
    .option('--instalment <pounds>', 'or the amount of each repayment (the last is what is left)')
    .option('--user <username>', 'the officer setting it up')
    .action(async (loanRef: string, raw) => {
      const o = parseOptions(
        z
          .object({ ...who, purpose: z.enum(LOAN_PURPOSES), note: z.string().trim().max(200).optional(), advanced: isoDate, principal: pounds, frequency: z.enum(['weekly', 'four_weekly', 'monthly']), firstDue: isoDate, instalments: z.coerce.number().int().min(1).max(520).optional(), instalment: pounds.optional() })
          .refine((v) => (v.instalments === undefined) !== (v.instalment === undefined), { path: ['instalments'], message: 'give either --instalments or --instalment' }),
        raw,
      )
      const r = parseOptions(z.object({ loanRef: ref }), { loanRef })
      await withDb(async (db) => {
        const d = await debtor(db, o, 'loan')
        const l = await setUpLoan(db, {
          loanRef: r.loanRef, partyId: d.partyId, purpose: o.purpose, purposeNote: o.note ?? null, advancedOn: o.advanced, principalPence: o.principal, frequency: o.frequency, firstDueOn: o.firstDue,
          ...(o.instalments !== undefined ? { instalments: o.instalments } : { instalmentPence: o.instalment! }), postingDate: today(), actor: await resolveCliActor(db, o.user),
        })
        console.log(`Set up loan ${r.loanRef} on account ${await accountNumberOf(db, l.accountId)}: invoice ${l.invoiceNumber} for ${formatPounds(o.principal)}, ${l.schedule.length} repayments from ${l.schedule[0]!.dueOn}`)
        for (const i of l.schedule) console.log(`  ${i.instalmentNo}. ${i.dueOn}  ${formatPounds(i.amountPence)}`)
      })
    })

  invoice
    .command('storage')
    .description('recharge storage or removals to a temporary accommodation resident (VAT added to storage)')
    .option('--party <ref>', 'the resident (party reference)')
    .option('--account <account>', 'an account of the resident (its tenancy must be temporary accommodation)')
    .requiredOption('--kind <kind>', 'storage or removals')
    .requiredOption('--description <text>', 'what was stored or moved')
    .requiredOption('--from <date>', 'first day (the day of a removal)')
    .option('--to <date>', 'last day of storage (default: --from)')
    .requiredOption('--amount <pounds>', 'net amount, before VAT')
    .option('--date <date>', 'invoice date (default today)')
    .option('--user <username>', 'the officer raising it')
    .action(async (raw) => {
      const o = parseOptions(z.object({ ...who, kind: z.enum(['storage', 'removals']), description: z.string().trim().min(1).max(150), from: isoDate, to: isoDate.optional(), amount: pounds, date: isoDate.optional() }), raw)
      await withDb(async (db) => {
        const d = await debtor(db, o, 'storage_removals')
        const r = await raiseStorageInvoice(db, { partyId: d.partyId, accountId: d.accountId, tenancyId: d.tenancyId, kind: o.kind, description: o.description, periodStart: o.from, periodEnd: o.to ?? o.from, amountPence: o.amount, issueDate: o.date ?? today(), postingDate: today(), actor: await resolveCliActor(db, o.user) })
        console.log(`Raised invoice ${r.invoiceNumber} for ${formatPounds(r.totalPence)}${r.lines[0]!.vatPence ? ` (VAT ${formatPounds(r.lines[0]!.vatPence)})` : ''} on account ${await accountNumberOf(db, r.accountId)}`)
      })
    })

  invoice
    .command('claim <claimRef>')
    .description('claim back the cost of damage or another loss from the person responsible (one invoice per claim)')
    .option('--party <ref>', 'the person responsible (party reference)')
    .option('--account <account>', 'an account of theirs')
    .requiredOption('--incident <date>', 'date of the incident')
    .requiredOption('--description <text>', 'what happened')
    .requiredOption('--amount <pounds>', 'amount claimed')
    .option('--date <date>', 'invoice date (default today)')
    .option('--user <username>', 'the officer raising it')
    .action(async (claimRef: string, raw) => {
      const o = parseOptions(z.object({ ...who, incident: isoDate, description: z.string().trim().min(1).max(150), amount: pounds, date: isoDate.optional() }), raw)
      const r = parseOptions(z.object({ claimRef: ref }), { claimRef })
      await withDb(async (db) => {
        const d = await debtor(db, o, 'insurance_claim')
        const inv = await raiseInsuranceClaimInvoice(db, { claimRef: r.claimRef, partyId: d.partyId, accountId: d.accountId, incidentOn: o.incident, description: o.description, amountPence: o.amount, issueDate: o.date ?? today(), postingDate: today(), actor: await resolveCliActor(db, o.user) })
        console.log(`Raised invoice ${inv.invoiceNumber} for ${formatPounds(inv.totalPence)} on account ${await accountNumberOf(db, inv.accountId)}`)
      })
    })

  invoice
    .command('hb-overpayment <overpaymentRef>')
    .description('record a Housing Benefit overpayment decision: recoverable ones are invoiced or charged for recovery from ongoing HB')
    .option('--party <ref>', 'the claimant (party reference)')
    .option('--account <account>', 'an account of the claimant')
    .option('--claim-ref <ref>', 'the Housing Benefit claim reference')
    .requiredOption('--from <date>', 'overpaid from')
    .requiredOption('--to <date>', 'overpaid to')
    .requiredOption('--amount <pounds>', 'amount overpaid')
    .requiredOption('--cause <cause>', HB_OVERPAYMENT_CAUSES.join(', '))
    .requiredOption('--reason <text>', 'why it was overpaid')
    .requiredOption('--recoverable <yes|no>', 'whether it is recoverable')
    .option('--method <method>', 'invoice or deduction (from ongoing HB); required when recoverable')
    .option('--weekly <pounds>', 'weekly deduction from ongoing HB')
    .option('--decided <date>', 'date of the decision (default today)')
    .option('--user <username>', 'the officer recording it')
    .action(async (overpaymentRef: string, raw) => {
      const o = parseOptions(
        z
          .object({ ...who, claimRef: z.string().trim().min(1).max(40).optional(), from: isoDate, to: isoDate, amount: pounds, cause: z.enum(HB_OVERPAYMENT_CAUSES), reason: z.string().trim().min(1).max(500), recoverable: yesNo, method: z.enum(['invoice', 'deduction']).optional(), weekly: pounds.optional(), decided: isoDate.optional() })
          .refine((v) => !v.recoverable || v.method !== undefined, { path: ['method'], message: 'say how a recoverable overpayment is recovered: invoice or deduction' })
          .refine((v) => v.method !== 'deduction' || v.weekly !== undefined, { path: ['weekly'], message: 'give the weekly deduction' }),
        raw,
      )
      const r = parseOptions(z.object({ overpaymentRef: ref }), { overpaymentRef })
      await withDb(async (db) => {
        const d = await debtor(db, o, 'hb_overpayment')
        const method = o.recoverable ? (o.method === 'deduction' ? 'ongoing_hb_deduction' : 'invoice') : undefined
        const h = await recordHbOverpayment(db, {
          overpaymentRef: r.overpaymentRef, partyId: d.partyId, accountId: d.accountId, claimRef: o.claimRef ?? null, periodFrom: o.from, periodTo: o.to, amountPence: o.amount, cause: o.cause, reason: o.reason,
          recoverable: o.recoverable, ...(method ? { method } : {}), ...(method === 'ongoing_hb_deduction' ? { weeklyDeductionPence: o.weekly! } : {}), decidedOn: o.decided ?? today(), postingDate: today(), actor: await resolveCliActor(db, o.user),
        })
        const where = h.accountId ? await accountNumberOf(db, h.accountId) : null
        console.log(
          h.invoiceNumber
            ? `Recorded overpayment ${r.overpaymentRef}: invoice ${h.invoiceNumber} for ${formatPounds(o.amount)} on account ${where}`
            : h.accountId
              ? `Recorded overpayment ${r.overpaymentRef}: ${formatPounds(o.amount)} charged to account ${where}, recovered from ongoing Housing Benefit at ${formatPounds(o.weekly!)} a week`
              : `Recorded overpayment ${r.overpaymentRef}: not recoverable, nothing charged`,
        )
      })
    })
}
