import fs from 'node:fs'
import type { Command } from 'commander'
import { z } from 'zod'
import { formatPounds } from '../../domain/money/pence.ts'
import { decideRefund, exportApprovedRefunds, requestRefund } from '../../services/payments/refunds.ts'
import { decideSuspenseClearance, listSuspenseItems, requestSuspenseClearance } from '../../services/payments/suspense.ts'
import { resolveCliActor } from '../actor.ts'
import { parseOptions, today, withDb } from '../context.ts'

const id = (raw: string, name: string) => parseOptions(z.object({ [name]: z.coerce.number().int().positive() }), { [name]: raw })[name] as number

export function registerSuspenseAndRefunds(program: Command): void {
  const suspense = program.command('suspense').description('payments that matched no account')
  suspense
    .command('list')
    .option('--status <status>', 'outstanding (default), open, pending_approval or cleared', 'outstanding')
    .action(async (raw) => {
      const o = parseOptions(z.object({ status: z.enum(['outstanding', 'open', 'pending_approval', 'cleared']) }), raw)
      await withDb(async (db) => {
        const items = await listSuspenseItems(db, o.status)
        for (const s of items) {
          console.log(
            `${String(s.id).padStart(6)}  ${s.receivedOn}  ${formatPounds(s.amountPence).padStart(10)}  ${s.method.padEnd(16)} ref ${s.reference ?? '-'}  ${s.status}${s.targetAccountNumber ? ` → ${s.targetAccountNumber}` : ''}  (${s.reason})`,
          )
        }
        console.log(`${items.length} item(s), ${formatPounds(items.reduce((t, s) => t + s.amountPence, 0))}`)
      })
    })
  suspense
    .command('clear <suspenseId>')
    .description('clear to an account; above the approval limit it waits for a second person')
    .requiredOption('--account <account>', 'account number or payment reference')
    .requiredOption('--note <text>', 'why the payment belongs there')
    .option('--user <username>')
    .action(async (sid: string, raw) => {
      const o = parseOptions(z.object({ account: z.string(), note: z.string(), user: z.string().optional() }), raw)
      await withDb(async (db) => {
        const r = await requestSuspenseClearance(db, {
          suspenseId: id(sid, 'suspenseId'),
          targetAccountNumber: o.account,
          note: o.note,
          today: today(),
          actor: await resolveCliActor(db, o.user),
        })
        console.log(
          r.status === 'cleared'
            ? `Suspense item ${sid} cleared to ${o.account}.`
            : `Suspense item ${sid} is over the ${formatPounds(r.limitPence)} limit: waiting for a team leader or finance officer to approve.`,
        )
      })
    })
  for (const decision of ['approve', 'reject'] as const) {
    suspense
      .command(`${decision} <suspenseId>`)
      .requiredOption('--user <username>', 'a team leader or finance officer, not the requester')
      .option('--note <text>')
      .action(async (sid: string, raw) => {
        const o = parseOptions(z.object({ user: z.string(), note: z.string().optional() }), raw)
        await withDb(async (db) => {
          const r = await decideSuspenseClearance(db, {
            suspenseId: id(sid, 'suspenseId'),
            approve: decision === 'approve',
            ...(o.note ? { note: o.note } : {}),
            today: today(),
            actor: await resolveCliActor(db, o.user),
          })
          console.log(`Suspense item ${sid}: ${r.status === 'cleared' ? 'approved and cleared' : 'rejected, back in suspense'}.`)
        })
      })
  }

  const refund = program.command('refund').description('refunds of credit balances')
  refund
    .command('request <account>')
    .description("offset the credit against the same people's other debts, then ask for approval of what is left")
    .requiredOption('--method <method>', 'bacs or cheque')
    .option('--sort-code <digits>')
    .option('--account-number <digits>')
    .requiredOption('--reason <text>')
    .option('--user <username>')
    .action(async (account: string, raw) => {
      const o = parseOptions(
        z.object({ method: z.enum(['bacs', 'cheque']), sortCode: z.string().optional(), accountNumber: z.string().optional(), reason: z.string(), user: z.string().optional() }),
        raw,
      )
      await withDb(async (db) => {
        const r = await requestRefund(db, {
          accountNumber: account,
          method: o.method,
          bankSortCode: o.sortCode?.replace(/[-\s]/g, '') ?? null,
          bankAccountNumber: o.accountNumber ?? null,
          reason: o.reason,
          today: today(),
          actor: await resolveCliActor(db, o.user),
        })
        for (const off of r.offsets) console.log(`Offset ${formatPounds(off.amountPence)} against ${off.accountNumber}`)
        console.log(
          r.refundId
            ? `Refund ${r.refundId} of ${formatPounds(r.refundPence)} is waiting for approval.`
            : `The whole credit of ${formatPounds(r.creditPence)} was offset against other debts; nothing to refund.`,
        )
      })
    })
  for (const decision of ['approve', 'reject'] as const) {
    refund
      .command(`${decision} <refundId>`)
      .requiredOption('--user <username>', 'a team leader or finance officer, not the requester')
      .option('--note <text>')
      .action(async (rid: string, raw) => {
        const o = parseOptions(z.object({ user: z.string(), note: z.string().optional() }), raw)
        await withDb(async (db) => {
          const r = await decideRefund(db, {
            refundId: id(rid, 'refundId'),
            approve: decision === 'approve',
            ...(o.note ? { note: o.note } : {}),
            today: today(),
            actor: await resolveCliActor(db, o.user),
          })
          console.log(`Refund ${rid} ${r.status}.`)
        })
      })
  }
  refund
    .command('export')
    .description('write approved refunds to a CSV file for the finance system (each refund once)')
    .requiredOption('--output <file>')
    .requiredOption('--user <username>', 'a finance officer or team leader')
    .action(async (raw) => {
      const o = parseOptions(z.object({ output: z.string(), user: z.string() }), raw)
      await withDb(async (db) => {
        const r = await exportApprovedRefunds(db, { fileName: o.output, actor: await resolveCliActor(db, o.user) })
        if (r.count === 0) {
          console.log('No approved refunds to export.')
          return
        }
        fs.writeFileSync(o.output, r.csv)
        console.log(`Exported ${r.count} refunds totalling ${formatPounds(r.totalPence)} to ${o.output} (export ${r.exportId}).`)
      })
    })
}
