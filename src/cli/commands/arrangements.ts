import type { Command } from 'commander'
import { z } from 'zod'
import { formatPounds } from '../../domain/money/pence.ts'
import { AppError } from '../../errors.ts'
import { runArrangementCheck } from '../../jobs/arrangement-check.ts'
import { getAccountArrangement } from '../../services/arrangements/get-arrangement.ts'
import { isoDate, parseOptions, today, withDb } from '../context.ts'

/**
 * `reeve run arrangement-check [--date D]`: the nightly arrangement check (idempotent per date).
 * `reeve arrangement <account>`: an account's arrangement, status and breach history.
 */
export function registerArrangements(program: Command, run: Command): void {
  run
    .command('arrangement-check')
    .description('check every arrangement in force: kept, breached or completed (events only on a change; safe to re-run)')
    .option('--date <date>', 'the date to check as at (default today)')
    .action(async (raw) => {
      const o = parseOptions(z.object({ date: isoDate.optional() }), raw)
      await withDb(async (db) => {
        const c = await runArrangementCheck(db, { date: o.date ?? today() })
        console.log(`Checked ${c.checked} arrangements: ${c.kept} kept, ${c.breached} breached, ${c.completed} completed; ${c.transitions} changed status; ${c.notStarted} not started yet.`)
      })
    })

  program
    .command('arrangement <account>')
    .description("show an account's arrangement: terms, status, next payment and breach history")
    .action(async (key: string) => {
      await withDb(async (db) => {
        const [a] = await db.query<{ id: number }>(`select id from accounts where (account_number = $1 or payment_reference = $1) and account_class = 'customer'`, [key])
        if (!a) throw new AppError('not_found', `No customer account ${key}`)
        const v = await getAccountArrangement(db, a.id, today())
        if (!v) return console.log(`Account ${key} has no arrangement.`)
        console.log(
          [
            `Arrangement ${v.id} (version ${v.version}): ${v.status} since ${v.statusSince}`,
            v.description,
            `Accounts: ${v.accounts.map((x) => x.accountNumber).join(', ')}; arrears cleared by ${v.completesOn}`,
            v.nextPayment ? `Next payment: ${formatPounds(v.nextPayment.paymentPence)} on ${v.nextPayment.dueOn}` : 'No payment expected',
            ...(v.breaches.length ? ['Breaches:', ...v.breaches.map((b) => `  ${b.on}: ${b.text}`)] : ['No breaches']),
          ].join('\n'),
        )
      })
    })
}
