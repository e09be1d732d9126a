import fs from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import { z } from 'zod'
import { formatPounds, parsePounds } from '../../domain/money/pence.ts'
import { paymentMethodLabel } from '../../domain/ledger/describe-posting.ts'
import { AppError } from '../../errors.ts'
import { cashReconciliation } from '../../services/payments/cash-reconciliation.ts'
import { importPaymentFile } from '../../services/payments/import-payment-file.ts'
import { receiptPayment, RECEIPTABLE_METHODS } from '../../services/payments/receipt-payment.ts'
import { reallocatePayment } from '../../services/payments/reallocate-payment.ts'
import { reversePayment } from '../../services/payments/reverse-payment.ts'
import { resolveCliActor } from '../actor.ts'
import { isoDate, parseOptions, today, withDb, pounds } from '../context.ts'
import { makeProgress } from '../progress.ts'


const FORMATS = {
  'bank-csv': { format: 'bank-csv' },
  allpay: { format: 'allpay' },
  paypoint: { format: 'allpay' },
  'post-office': { format: 'allpay' },
  'hb-schedule': { format: 'benefit-schedule', benefitKind: 'housing_benefit' },
  'uc-schedule': { format: 'benefit-schedule', benefitKind: 'universal_credit' },
} as const

async function accountId(db: { query: (sql: string, p: unknown[]) => Promise<{ id: number }[]> }, key: string): Promise<number> {
  const [a] = await db.query(`select id from accounts where (account_number = $1 or payment_reference = $1) and account_class = 'customer'`, [key])
  if (!a) throw new AppError('not_found', `No customer account ${key}`)
  return a.id
}

export function registerMoneyIn(program: Command, imp: Command, report: Command): void {
  program
    .command('receipt <account>')
    .description('receipt a payment taken by an officer (cash, cheque, card…) and print the receipt')
    .requiredOption('--amount <pounds>', 'e.g. 25.00')
    .requiredOption('--method <method>', RECEIPTABLE_METHODS.join(', '))
    .option('--date <date>', 'date received (default today)')
    .option('--reference <text>', "payer's reference, cheque number…")
    .option('--collected-at <place>', 'where cash was collected, e.g. a site office')
    .option('--user <username>', 'the officer taking the payment')
    .action(async (account: string, raw) => {
      const o = parseOptions(
        z.object({
          amount: pounds,
          method: z.enum(RECEIPTABLE_METHODS),
          date: isoDate.optional(),
          reference: z.string().max(60).optional(),
          collectedAt: z.string().max(80).optional(),
          user: z.string().optional(),
        }),
        raw,
      )
      await withDb(async (db) => {
        const r = await receiptPayment(db, {
          accountId: await accountId(db, account),
          method: o.method,
          amountPence: o.amount,
          receivedOn: o.date ?? today(),
          postingDate: today(),
          reference: o.reference ?? null,
          collectedAt: o.collectedAt ?? null,
          actor: await resolveCliActor(db, o.user),
        })
        console.log(
          [
            `Receipt ${r.receiptNumber}`,
            `Received ${formatPounds(r.amountPence)} by ${paymentMethodLabel(r.method)} on ${r.receivedOn}${r.collectedAt ? ` at ${r.collectedAt}` : ''}`,
            `For account ${r.accountNumber} (payment reference ${r.paymentReference}), ${r.accountName}: ${r.payerNames.join(' and ')}`,
            `Balance now ${r.balanceAfterPence >= 0 ? `${formatPounds(r.balanceAfterPence)} owed` : `${formatPounds(-r.balanceAfterPence)} in credit`}`,
          ].join('\n'),
        )
      })
    })

  imp
    .command('payments <file>')
    .description('import a payment file: posted whole or not at all; a repeated file is refused')
    .requiredOption('--format <format>', Object.keys(FORMATS).join(', '))
    .option('--user <username>', 'who is importing')
    .action(async (file: string, raw) => {
      const o = parseOptions(z.object({ format: z.enum(Object.keys(FORMATS) as [keyof typeof FORMATS]), user: z.string().optional() }), raw)
      if (!fs.existsSync(file)) throw new AppError('validation', `No file ${file}`)
      const text = fs.readFileSync(file, 'utf8')
      const f = FORMATS[o.format]
      await withDb(async (db) => {
        let progress: ReturnType<typeof makeProgress> | undefined
        let stage = ''
        const s = await importPaymentFile(db, {
          text,
          fileName: path.basename(file),
          format: f.format,
          ...('benefitKind' in f ? { benefitKind: f.benefitKind } : {}),
          today: today(),
          actor: await resolveCliActor(db, o.user),
          onProgress: (st, done, total) => {
            if (st !== stage) {
              progress?.stop()
              stage = st
              progress = makeProgress(st)
            }
            progress!.update(done, total)
          },
        })
        progress?.stop()
        console.log(
          `Imported ${path.basename(file)} as import ${s.importId}: ${s.count} payments, ${formatPounds(s.totalPence)}; ` +
            `matched ${s.matched} (${formatPounds(s.matchedPence)}), suspense ${s.suspense} (${formatPounds(s.suspensePence)})`,
        )
        console.log(`By rule: ${Object.entries(s.byRule).map(([k, v]) => `${k} ${v}`).join(', ')}`)
      })
    })

  const payment = program.command('payment').description('correct a payment: reverse it or move it to another account')
  payment
    .command('reverse <paymentId>')
    .description('take a payment back (dishonoured cheque, recalled card payment…) by a reversing posting')
    .requiredOption('--reason <reason>', 'cheque_dishonoured, card_recalled, direct_debit_unpaid, paid_in_error or other')
    .option('--date <date>', 'effective date (default today)')
    .option('--note <text>')
    .option('--user <username>')
    .action(async (id: string, raw) => {
      const o = parseOptions(
        z.object({
          reason: z.enum(['cheque_dishonoured', 'card_recalled', 'direct_debit_unpaid', 'paid_in_error', 'other']),
          date: isoDate.optional(),
          note: z.string().max(500).optional(),
          user: z.string().optional(),
        }),
        raw,
      )
      const paymentId = parseOptions(z.object({ paymentId: z.coerce.number().int().positive() }), { paymentId: id }).paymentId
      await withDb(async (db) => {
        const actor = await resolveCliActor(db, o.user)
        const r = await db.transaction((tx) =>
          reversePayment(tx, { paymentId, reason: o.reason, note: o.note ?? null, effectiveDate: o.date ?? today(), postingDate: today(), actor }),
        )
        console.log(`Payment ${paymentId} reversed (transaction ${r.transactionId}).`)
      })
    })
  payment
    .command('move <paymentId>')
    .description('move a misposted payment to the right account (both statements show the move)')
    .requiredOption('--from <account>')
    .requiredOption('--to <account>')
    .requiredOption('--reason <text>')
    .option('--amount <pounds>', 'part of the payment (default all of it on that account)')
    .option('--user <username>')
    .action(async (id: string, raw) => {
      const o = parseOptions(
        z.object({ from: z.string(), to: z.string(), reason: z.string().min(1), amount: pounds.optional(), user: z.string().optional() }),
        raw,
      )
      const paymentId = parseOptions(z.object({ paymentId: z.coerce.number().int().positive() }), { paymentId: id }).paymentId
      await withDb(async (db) => {
        const actor = await resolveCliActor(db, o.user)
        const fromId = await accountId(db, o.from)
        const toId = await accountId(db, o.to)
        await db.transaction((tx) =>
          reallocatePayment(tx, {
            paymentId,
            fromAccountId: fromId,
            toAccountId: toId,
            ...(o.amount ? { amountPence: o.amount } : {}),
            reason: o.reason,
            effectiveDate: today(),
            postingDate: today(),
            actor,
            idempotencyKey: `move-${paymentId}-${fromId}-${toId}-${Date.now()}`,
          }),
        )
        console.log(`Payment ${paymentId} moved from ${o.from} to ${o.to}.`)
      })
    })

  report
    .command('cash')
    .description('daily cash reconciliation: payments by method and day against the ledger and imported files')
    .requiredOption('--from <date>')
    .option('--to <date>', 'default: the same day')
    .action(async (raw) => {
      const o = parseOptions(z.object({ from: isoDate, to: isoDate.optional() }), raw)
      await withDb(async (db) => {
        const r = await cashReconciliation(db, { from: o.from, to: o.to ?? o.from })
        console.log('date        method              payments     received     reversed     ledger       difference')
        for (const row of r.rows) {
          console.log(
            `${row.date}  ${row.method.padEnd(18)} ${String(row.payments).padStart(8)} ${formatPounds(row.receivedPence).padStart(12)} ${formatPounds(row.reversedPence).padStart(12)} ${formatPounds(row.ledgerPence).padStart(12)} ${formatPounds(row.differencePence).padStart(12)}${row.differencePence ? '  MISMATCH' : ''}`,
          )
        }
        for (const i of r.imports) {
          console.log(`import ${i.importId} ${i.fileName}: posted ${formatPounds(i.postedTotalPence)}${i.declaredTotalPence !== null ? `, file says ${formatPounds(i.declaredTotalPence)}` : ''}${i.ok ? '' : '  MISMATCH'}`)
        }
        console.log(r.mismatches === 0 ? 'Reconciled: no differences.' : `${r.mismatches} mismatch(es) to investigate.`)
        if (r.mismatches > 0) process.exitCode = 3
      })
    })
}
