import fs from 'node:fs'
import type { Command } from 'commander'
import { z } from 'zod'
import { formatPounds } from '../../domain/money/pence.ts'
import { INSOLVENCY_KINDS, WRITE_OFF_REASONS } from '../../domain/write-off/reasons.ts'
import { decideWriteOffCase, decideWriteOffList } from '../../services/write-off/decide-write-off.ts'
import { listWriteOffCases, listWriteOffLists, type WriteOffStatus } from '../../services/write-off/get-write-offs.ts'
import { postWriteOff, postWriteOffList } from '../../services/write-off/post-write-off.ts'
import { prepareWriteOffList } from '../../services/write-off/prepare-write-off-list.ts'
import { prepareWriteOff } from '../../services/write-off/prepare-write-off.ts'
import { withdrawWriteOff, withdrawWriteOffList } from '../../services/write-off/withdraw-write-off.ts'
import { writeOffReport, writeOffReportCsv, writeOffReportRows } from '../../services/write-off/write-off-report.ts'
import { listWriteOnCandidates, writeOn } from '../../services/write-off/write-on.ts'
import { resolveCliActor } from '../actor.ts'
import { isoDate, parseOptions, pounds, today, withDb } from '../context.ts'

const STATUSES = ['prepared', 'approved', 'rejected', 'posted', 'withdrawn'] as const
const idOf = (raw: string, name: string) => parseOptions(z.object({ [name]: z.coerce.number().int().positive() }), { [name]: raw })[name] as number

const reasonOptions = {
  reason: z.enum(WRITE_OFF_REASONS),
  insolvencyKind: z.enum(INSOLVENCY_KINDS).optional(),
  reasonText: z.string().max(200).optional(),
  evidence: z.string().min(1, 'enter the evidence for the write-off').max(2000),
  user: z.string(),
}

/** `reeve write-off …`, `reeve write-on …` and `reeve report write-offs`. */
export function registerWriteOff(program: Command, report: Command): void {
  const wo = program.command('write-off').description('write-off cases and bulk lists: prepare, approve or reject, post, withdraw')

  wo.command('prepare <account>')
    .description('prepare a write-off case for the whole balance (default) or --amount of it')
    .option('--amount <pounds>', 'part of the balance, e.g. 120.00')
    .requiredOption('--reason <reason>', WRITE_OFF_REASONS.join(', '))
    .option('--insolvency-kind <kind>', `for insolvency: ${INSOLVENCY_KINDS.join(', ')}`)
    .option('--reason-text <text>', 'for other: the reason in words')
    .requiredOption('--evidence <text>', 'the evidence: tracing results, death certificate, order number…')
    .requiredOption('--user <username>', 'the officer preparing the case')
    .action(async (account: string, raw) => {
      const o = parseOptions(z.object({ amount: pounds.optional(), ...reasonOptions }), raw)
      await withDb(async (db) => {
        const r = await prepareWriteOff(db, {
          accountNumber: account,
          amountPence: o.amount ?? null,
          reason: o.reason,
          insolvencyKind: o.insolvencyKind ?? null,
          reasonText: o.reasonText ?? null,
          evidenceNote: o.evidence,
          today: today(),
          actor: await resolveCliActor(db, o.user),
        })
        console.log(`Write-off case ${r.caseId} prepared: ${formatPounds(r.amountPence)} on ${account}, waiting for approval.`)
      })
    })

  wo.command('bulk-prepare')
    .description('prepare a bulk list: every (closed) account of the types owing no more than --max-balance, whole balance each')
    .requiredOption('--name <text>', 'e.g. "Statute-barred FTA under £50"')
    .requiredOption('--account-types <types>', 'comma-separated, e.g. former_tenant,rechargeable_repair')
    .requiredOption('--max-balance <pounds>')
    .option('--include-open', 'include accounts still open (default: closed accounts only)')
    .requiredOption('--reason <reason>', WRITE_OFF_REASONS.join(', '))
    .option('--insolvency-kind <kind>')
    .option('--reason-text <text>')
    .requiredOption('--evidence <text>')
    .requiredOption('--user <username>')
    .action(async (raw) => {
      const o = parseOptions(
        z.object({ name: z.string().min(1), accountTypes: z.string().min(1), maxBalance: pounds, includeOpen: z.boolean().optional(), ...reasonOptions }),
        raw,
      )
      await withDb(async (db) => {
        const r = await prepareWriteOffList(db, {
          name: o.name,
          accountTypes: o.accountTypes.split(',').map((s) => s.trim()).filter(Boolean),
          maxBalancePence: o.maxBalance,
          closedOnly: !o.includeOpen,
          reason: o.reason,
          insolvencyKind: o.insolvencyKind ?? null,
          reasonText: o.reasonText ?? null,
          evidenceNote: o.evidence,
          today: today(),
          actor: await resolveCliActor(db, o.user),
        })
        console.log(`Write-off list ${r.listId} prepared: ${r.caseCount} case(s) totalling ${formatPounds(r.totalPence)}, waiting for approval.`)
      })
    })

  for (const decision of ['approve', 'reject'] as const) {
    wo.command(`${decision} <id>`)
      .description(`${decision} a case (or with --list, a bulk list as one decision) within your delegated limit`)
      .option('--list', 'the id is a bulk list')
      .option('--reason <text>', decision === 'reject' ? 'why (required)' : 'note')
      .requiredOption('--user <username>', 'not the person who prepared it')
      .action(async (rawId: string, raw) => {
        const o = parseOptions(z.object({ list: z.boolean().optional(), reason: z.string().optional(), user: z.string() }), raw)
        const id = idOf(rawId, 'id')
        await withDb(async (db) => {
          const common = { approve: decision === 'approve', reason: o.reason ?? null, today: today(), actor: await resolveCliActor(db, o.user) }
          if (o.list) {
            const r = await decideWriteOffList(db, { listId: id, ...common })
            console.log(`Write-off list ${id} ${r.status}: ${r.caseCount} case(s), ${formatPounds(r.totalPence)}.`)
          } else {
            const r = await decideWriteOffCase(db, { caseId: id, ...common })
            console.log(`Write-off case ${id} ${r.status}.`)
          }
        })
      })
  }

  wo.command('post <id>')
    .description('post an approved case (or with --list, a whole approved list in one step) to the ledger')
    .option('--list', 'the id is a bulk list')
    .requiredOption('--user <username>')
    .action(async (rawId: string, raw) => {
      const o = parseOptions(z.object({ list: z.boolean().optional(), user: z.string() }), raw)
      const id = idOf(rawId, 'id')
      await withDb(async (db) => {
        const actor = await resolveCliActor(db, o.user)
        if (o.list) {
          const r = await postWriteOffList(db, { listId: id, today: today(), actor })
          console.log(`Write-off list ${id} posted: ${r.caseCount} case(s), ${formatPounds(r.totalPence)} written off.`)
        } else {
          const r = await postWriteOff(db, { caseId: id, today: today(), actor })
          console.log(`Write-off case ${id} posted (ledger transaction ${r.transactionId}).`)
        }
      })
    })

  wo.command('withdraw <id>')
    .description('withdraw a case (it leaves its list) or, with --list, a whole list, before it is posted')
    .option('--list', 'the id is a bulk list')
    .requiredOption('--reason <text>')
    .requiredOption('--user <username>')
    .action(async (rawId: string, raw) => {
      const o = parseOptions(z.object({ list: z.boolean().optional(), reason: z.string(), user: z.string() }), raw)
      const id = idOf(rawId, 'id')
      await withDb(async (db) => {
        const actor = await resolveCliActor(db, o.user)
        if (o.list) {
          const r = await withdrawWriteOffList(db, { listId: id, reason: o.reason, actor })
          console.log(`Write-off list ${id} withdrawn with ${r.caseCount} case(s).`)
        } else {
          await withdrawWriteOff(db, { caseId: id, reason: o.reason, actor })
          console.log(`Write-off case ${id} withdrawn.`)
        }
      })
    })

  wo.command('list')
    .description('write-off cases (or --lists) by status')
    .option('--status <status>', STATUSES.join(', '))
    .option('--lists', 'bulk lists instead of cases')
    .action(async (raw) => {
      const o = parseOptions(z.object({ status: z.enum(STATUSES).optional(), lists: z.boolean().optional() }), raw)
      const statuses: WriteOffStatus[] | undefined = o.status ? [o.status] : undefined
      await withDb(async (db) => {
        if (o.lists) {
          const lists = await listWriteOffLists(db, statuses)
          for (const l of lists) {
            console.log(`${String(l.id).padStart(6)}  ${l.status.padEnd(9)}  ${String(l.caseCount).padStart(5)} case(s)  ${formatPounds(l.totalPence).padStart(12)}  ${l.reason}  ${l.name}`)
          }
          console.log(`${lists.length} list(s)`)
          return
        }
        const cases = await listWriteOffCases(db, { ...(statuses ? { statuses } : {}) })
        for (const c of cases) {
          console.log(
            `${String(c.id).padStart(6)}  ${c.status.padEnd(9)}  ${c.accountNumber.padEnd(12)}  ${formatPounds(c.amountPence).padStart(12)}  ${c.reason}${c.listId ? `  (list ${c.listId})` : ''}  prepared by ${c.preparedBy} on ${c.preparedOn}`,
          )
        }
        console.log(`${cases.length} case(s), ${formatPounds(cases.reduce((s, c) => s + c.amountPence, 0))}`)
      })
    })

  program
    .command('write-on [account]')
    .description('reinstate written-off debt on an account; with no account, list the write-on candidates')
    .option('--amount <pounds>', 'how much (default: the credit, up to what was written off; or with --full, everything written off)')
    .option('--full', 'write on in full by choice (e.g. the debtor was traced), not just what a payment covers')
    .option('--case <id>', 'only this write-off case')
    .option('--reason <text>')
    .option('--user <username>')
    .action(async (account: string | undefined, raw) => {
      const o = parseOptions(
        z.object({ amount: pounds.optional(), full: z.boolean().optional(), case: z.coerce.number().int().positive().optional(), reason: z.string().optional(), user: z.string().optional() }),
        raw,
      )
      await withDb(async (db) => {
        if (!account) {
          const candidates = await listWriteOnCandidates(db)
          for (const c of candidates) {
            console.log(
              `${c.accountNumber.padEnd(12)}  in credit ${formatPounds(-c.balancePence).padStart(10)}  written off ${formatPounds(c.writtenOffPence).padStart(10)}  propose ${formatPounds(c.proposedPence).padStart(10)}  last paid ${c.lastPaymentOn ?? '-'}`,
            )
          }
          console.log(`${candidates.length} write-on candidate(s)`)
          return
        }
        const need = parseOptions(z.object({ reason: z.string().min(1, 'give the reason for the write-on'), user: z.string({ error: 'name the officer' }) }), raw)
        const r = await writeOn(db, {
          accountNumber: account,
          basis: o.full ? 'full_by_choice' : 'payment_received',
          amountPence: o.amount ?? null,
          caseId: o.case ?? null,
          reason: need.reason,
          today: today(),
          actor: await resolveCliActor(db, need.user),
        })
        for (const w of r.writeOns) console.log(`Write-on ${w.writeOnId}: ${formatPounds(w.amountPence)} of case ${w.caseId} reinstated.`)
        console.log(`${formatPounds(r.totalPence)} written back on to ${r.accountNumber}; balance now ${formatPounds(r.balanceAfterPence)}.`)
      })
    })

  report
    .command('write-offs')
    .description('write-offs by reason, account type, approver and month, and write-ons, for a period; --csv writes every line')
    .requiredOption('--from <date>')
    .requiredOption('--to <date>')
    .option('--csv <file>', 'write the lines as CSV to this file')
    .action(async (raw) => {
      const o = parseOptions(z.object({ from: isoDate, to: isoDate, csv: z.string().optional() }), raw)
      await withDb(async (db) => {
        const r = await writeOffReport(db, o.from, o.to)
        const show = (title: string, lines: { key: string; count: number; totalPence: number }[]) => {
          console.log(title)
          for (const l of lines) console.log(`  ${(l.key || '-').padEnd(32)} ${String(l.count).padStart(6)}  ${formatPounds(l.totalPence).padStart(14)}`)
        }
        console.log(`Write-offs ${o.from} to ${o.to}: ${r.writeOffs.count} totalling ${formatPounds(r.writeOffs.totalPence)}`)
        show('By reason', r.writeOffs.byReason)
        show('By account type', r.writeOffs.byAccountType)
        show('By approver', r.writeOffs.byApprover)
        show('By month', r.writeOffs.byMonth)
        console.log(`Write-ons: ${r.writeOns.count} totalling ${formatPounds(r.writeOns.totalPence)}`)
        show('Write-ons by reason written off', r.writeOns.byReason)
        console.log(`Net written off ${formatPounds(r.netPence)}; GL-WRITE-OFF movement ${formatPounds(r.ledgerMovementPence)}${r.netPence === r.ledgerMovementPence ? ' (agrees)' : ' (DOES NOT AGREE: investigate)'}`)
        if (o.csv) {
          fs.writeFileSync(o.csv, writeOffReportCsv(await writeOffReportRows(db, o.from, o.to)))
          console.log(`Lines written to ${o.csv}.`)
        }
      })
    })
}
