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
import { resolveCliActor } from '../actor.ts'
import { isoDate, parseOptions, pounds, today, withDb } from '../context.ts'

async function customerAccountId(db: { query: (sql: string, p: unknown[]) => Promise<{ id: number }[]> }, key: string): Promise<number> {
  const [a] = await db.query(`select id from accounts where (account_number = $1 or payment_reference = $1) and account_class = 'customer'`, [key])
  if (!a) throw new AppError('not_found', `No customer account ${key}`)
  return a.id
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
