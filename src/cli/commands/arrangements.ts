import type { Command } from 'commander'
import { z } from 'zod'
import type { Queryable } from '../../db/client.ts'
import { ARRANGEMENT_FREQUENCIES, ARRANGEMENT_PAYMENT_METHODS, ApportionError, parsePriority, type PriorityOrder } from '../../domain/arrangements/index.ts'
import { formatPounds } from '../../domain/money/pence.ts'
import { AppError } from '../../errors.ts'
import { runArrangementCheck } from '../../jobs/arrangement-check.ts'
import { amendArrangement, cancelArrangement, setUpArrangement } from '../../services/arrangements/arrangements.ts'
import { getAccountArrangement, type ArrangementView } from '../../services/arrangements/get-arrangement.ts'
import { resolveCliActor } from '../actor.ts'
import { isoDate, parseOptions, pounds, today, withDb } from '../context.ts'

/**
 * `reeve run arrangement-check [--date D]`: the nightly arrangement check (idempotent per date).
 * `reeve arrangement set-up|amend|cancel|show <account>`: the same services as the web pages, options checked with
 * zod (a bad option exits 2 naming it); `reeve arrangement <account>` still shows one.
 */

/** Enum options accept hyphens too (`--frequency four-weekly`, `--method employer-deduction`). */
const word = <T extends readonly [string, ...string[]]>(values: T) => z.string().transform((s) => s.replaceAll('-', '_')).pipe(z.enum(values))
const accountList = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
const days = z.string().regex(/^\d{1,2}$/, 'expected a whole number of days').transform(Number)
/** `--tolerance 0` is allowed: any shortfall counts. */
const poundsOrZero = z.string().transform((s, ctx) => {
  if (/^£?0+(\.0{1,2})?$/.test(s.trim())) return 0
  const r = pounds.safeParse(s)
  if (!r.success) {
    ctx.addIssue({ code: 'custom', message: r.error.issues[0]?.message ?? 'not an amount' })
    return z.NEVER
  }
  return r.data
})
const priority = z.string().transform((s, ctx): PriorityOrder => {
  try {
    return parsePriority(s)
  } catch (e) {
    if (!(e instanceof ApportionError)) throw e
    ctx.addIssue({ code: 'custom', message: `${e.message} (write tiers like "rent,council_tax > rechargeable_repair")` })
    return z.NEVER
  }
})

const setUpSchema = z
  .object({
    frequency: word(ARRANGEMENT_FREQUENCIES),
    amount: pounds,
    start: isoDate,
    method: word(ARRANGEMENT_PAYMENT_METHODS),
    also: accountList.optional(),
    lumpSum: pounds.optional(),
    lumpSumDate: isoDate.optional(),
    tolerance: poundsOrZero.optional(),
    toleranceDays: days.optional(),
    priority: priority.optional(),
    party: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'expected a party reference').optional(),
    ie: z.string().regex(/^[1-9]\d{0,14}$/, 'expected a statement number').transform(Number).optional(),
    reason: z.string().max(500).optional(),
    date: isoDate.optional(),
    user: z.string().optional(),
  })
  .refine((o) => (o.lumpSum === undefined) === (o.lumpSumDate === undefined), { message: 'give --lump-sum and --lump-sum-date together', path: ['lumpSum'] })
  .refine((o) => (o.tolerance === undefined) === (o.toleranceDays === undefined), { message: 'give --tolerance and --tolerance-days together', path: ['tolerance'] })

const amendSchema = z
  .object({
    from: isoDate,
    reason: z.string().trim().min(1, 'say why the arrangement is changing').max(500),
    frequency: word(ARRANGEMENT_FREQUENCIES).optional(),
    amount: pounds.optional(),
    method: word(ARRANGEMENT_PAYMENT_METHODS).optional(),
    add: accountList.optional(),
    remove: accountList.optional(),
    priority: priority.optional(),
    tolerance: poundsOrZero.optional(),
    toleranceDays: days.optional(),
    date: isoDate.optional(),
    user: z.string().optional(),
  })
  .refine((o) => (o.tolerance === undefined) === (o.toleranceDays === undefined), { message: 'give --tolerance and --tolerance-days together', path: ['tolerance'] })

const cancelSchema = z.object({ reason: z.string().trim().min(1, 'say why the arrangement is cancelled').max(500), on: isoDate.optional(), user: z.string().optional() })

/** `parseOptions`, naming options as they are typed (`--lump-sum-date`, not `--lumpSumDate`). */
function parse<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  try {
    return parseOptions(schema, raw)
  } catch (e) {
    if (!(e instanceof AppError)) throw e
    const kebab = (f: string) => f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
    const details = e.details.map((d) => ({ ...d, field: kebab(d.field) }))
    throw new AppError(e.code, details.map((d) => `${d.field}: ${d.message}`).join('; '), details)
  }
}

interface AccountRow {
  id: number
  account_number: string
  party_id: number | null
}

async function customerAccount(db: Queryable, key: string): Promise<AccountRow> {
  const [a] = await db.query<AccountRow>(
    `select a.id, a.account_number, (select min(ap.party_id) from account_parties ap where ap.account_id = a.id) as party_id
     from accounts a where (a.account_number = $1 or a.payment_reference = $1) and a.account_class = 'customer'`,
    [key],
  )
  if (!a) throw new AppError('not_found', `No customer account ${key}`)
  return a
}

/** The arrangement in force on the account (amend and cancel start from it). */
async function inForce(db: Queryable, account: AccountRow, on: string): Promise<ArrangementView> {
  const v = await getAccountArrangement(db, account.id, on)
  if (!v || (v.status !== 'kept' && v.status !== 'breached') || !v.accounts.some((a) => a.accountId === account.id)) {
    throw new AppError('not_found', `Account ${account.account_number} has no arrangement in force`)
  }
  return v
}

function describe(v: ArrangementView): string {
  return [
    `Arrangement ${v.id} (version ${v.version}): ${v.status} since ${v.statusSince}`,
    v.description,
    `Accounts: ${v.accounts.map((x) => `${x.accountNumber} (priority ${x.tier}, ${formatPounds(x.firstInstalmentSharePence)} of the first instalment)`).join(', ')}; arrears cleared by ${v.completesOn}`,
    `Priority: ${v.priority}; breach tolerance ${v.tolerance}`,
    v.nextPayment ? `Next payment: ${formatPounds(v.nextPayment.paymentPence)} on ${v.nextPayment.dueOn}` : 'No payment expected',
    ...(v.breaches.length ? ['Breaches:', ...v.breaches.map((b) => `  ${b.on}: ${b.text}`)] : ['No breaches']),
    'Versions:',
    ...v.versions.map((x) => `  ${x.version} from ${x.effectiveFrom}: ${x.description}; ${x.accounts.map((a) => a.accountNumber).join(', ')}; tolerance ${x.tolerance} (${x.reason})`),
  ].join('\n')
}

async function show(key: string, raw: unknown): Promise<void> {
  const o = parseOptions(z.object({ date: isoDate.optional() }), raw)
  await withDb(async (db) => {
    const account = await customerAccount(db, key)
    const v = await getAccountArrangement(db, account.id, o.date ?? today())
    if (!v) return console.log(`Account ${key} has no arrangement.`)
    console.log(describe(v))
  })
}

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

  const arrangement = program.command('arrangement').description('payment arrangements: set up, amend, cancel, show (`reeve arrangement ACCOUNT` shows one)')

  arrangement
    .command('show <account>', { isDefault: true })
    .description("an account's arrangement: terms, status, next payment, accounts covered, versions and breach history")
    .option('--date <date>', 'as at (default today)')
    .action(show)

  arrangement
    .command('set-up <account>')
    .description('agree an arrangement: instalments on top of the current charge, over this and (--also) the person’s other debts')
    .requiredOption('--frequency <f>', `how often: ${ARRANGEMENT_FREQUENCIES.join(', ')}`)
    .requiredOption('--amount <pounds>', 'each instalment towards the arrears')
    .requiredOption('--start <date>', 'date of the first instalment')
    .requiredOption('--method <m>', `how it is paid: ${ARRANGEMENT_PAYMENT_METHODS.join(', ')}`)
    .option('--also <accounts>', 'the person’s other accounts to include, comma-separated')
    .option('--lump-sum <pounds>', 'a lump sum first')
    .option('--lump-sum-date <date>', 'when the lump sum is paid (on or before --start)')
    .option('--tolerance <pounds>', 'breach tolerance amount (default the council’s)')
    .option('--tolerance-days <n>', 'breach tolerance in days (with --tolerance)')
    .option('--priority <tiers>', 'which debts are paid first, e.g. "rent,council_tax > rechargeable_repair" (default the council’s)')
    .option('--party <ref>', 'the person it is agreed with (default the first account holder)')
    .option('--ie <id>', 'the income and expenditure statement it is based on')
    .option('--reason <text>', 'a note for the history')
    .option('--date <date>', 'the date it is agreed (default today)')
    .option('--user <username>', 'the officer agreeing it')
    .action(async (key: string, raw) => {
      const o = parse(setUpSchema, raw)
      await withDb(async (db) => {
        const account = await customerAccount(db, key)
        const others = await Promise.all((o.also ?? []).map((k) => customerAccount(db, k)))
        let partyId = account.party_id
        if (o.party) {
          const [p] = await db.query<{ id: number }>('select id from parties where party_ref = $1', [o.party])
          if (!p) throw new AppError('not_found', `No party ${o.party}`)
          partyId = p.id
        }
        if (partyId === null) throw new AppError('invalid_state', `Account ${account.account_number} has no account holder`)
        const { arrangementId, preview } = await setUpArrangement(db, {
          partyId,
          accountIds: [account.id, ...others.map((a) => a.id)],
          frequency: o.frequency,
          instalmentPence: o.amount,
          startDate: o.start,
          lumpSum: o.lumpSum !== undefined && o.lumpSumDate ? { amountPence: o.lumpSum, date: o.lumpSumDate } : null,
          paymentMethod: o.method,
          tolerance: o.tolerance !== undefined && o.toleranceDays !== undefined ? { amountPence: o.tolerance, days: o.toleranceDays } : null,
          priorityOrder: o.priority ?? null,
          incomeExpenditureId: o.ie ?? null,
          reason: o.reason ?? null,
          today: o.date ?? today(),
          actor: await resolveCliActor(db, o.user),
        })
        const s = preview.schedule
        console.log(
          [
            `Arrangement ${arrangementId} set up: ${preview.description}.`,
            `Arrears ${formatPounds(preview.terms.startingArrearsPence)}; ${s.instalmentCount} instalments, the arrears cleared by ${s.completesOn}.`,
            ...preview.accounts.map((a) => `  ${a.accountNumber} (${a.accountType}): ${formatPounds(a.arrearsPence)} arrears, priority ${a.tier}, ${formatPounds(a.firstInstalmentSharePence)} of the first instalment`),
          ].join('\n'),
        )
      })
    })

  arrangement
    .command('amend <account>')
    .description('change the arrangement in force on the account from a date: a new version, the history kept')
    .requiredOption('--from <date>', 'the first day the new terms apply')
    .requiredOption('--reason <text>', 'why it is changing')
    .option('--frequency <f>', `how often: ${ARRANGEMENT_FREQUENCIES.join(', ')}`)
    .option('--amount <pounds>', 'each instalment towards the arrears')
    .option('--method <m>', `how it is paid: ${ARRANGEMENT_PAYMENT_METHODS.join(', ')}`)
    .option('--add <accounts>', 'the person’s accounts to add, comma-separated')
    .option('--remove <accounts>', 'accounts to take out, comma-separated')
    .option('--priority <tiers>', 'which debts are paid first, e.g. "rent,council_tax > rechargeable_repair"')
    .option('--tolerance <pounds>', 'breach tolerance amount')
    .option('--tolerance-days <n>', 'breach tolerance in days (with --tolerance)')
    .option('--date <date>', 'the date the change is recorded (default today)')
    .option('--user <username>', 'the officer changing it')
    .action(async (key: string, raw) => {
      const o = parse(amendSchema, raw)
      const on = o.date ?? today()
      await withDb(async (db) => {
        const account = await customerAccount(db, key)
        const v = await inForce(db, account, on)
        const add = await Promise.all((o.add ?? []).map((k) => customerAccount(db, k)))
        const remove = await Promise.all((o.remove ?? []).map((k) => customerAccount(db, k)))
        for (const r of remove) {
          if (!v.accounts.some((a) => a.accountId === r.id)) throw new AppError('validation', `Account ${r.account_number} is not covered by the arrangement`, [{ field: '--remove', message: 'Name an account the arrangement covers' }])
        }
        const accountIds = o.add || o.remove ? [...v.accounts.map((a) => a.accountId), ...add.map((a) => a.id)].filter((id) => !remove.some((r) => r.id === id)) : undefined
        const r = await amendArrangement(db, {
          arrangementId: v.id,
          effectiveFrom: o.from,
          ...(o.frequency ? { frequency: o.frequency } : {}),
          ...(o.amount !== undefined ? { instalmentPence: o.amount } : {}),
          ...(o.method ? { paymentMethod: o.method } : {}),
          ...(accountIds ? { accountIds } : {}),
          ...(o.priority ? { priorityOrder: o.priority } : {}),
          ...(o.tolerance !== undefined && o.toleranceDays !== undefined ? { tolerance: { amountPence: o.tolerance, days: o.toleranceDays } } : {}),
          reason: o.reason,
          today: on,
          actor: await resolveCliActor(db, o.user),
        })
        console.log(
          [
            `Arrangement ${v.id} changed: version ${r.version} from ${o.from}, the arrears cleared by ${r.schedule.completesOn}.`,
            ...(r.accountsAdded.length ? [`Added: ${r.accountsAdded.join(', ')}`] : []),
            ...(r.accountsRemoved.length ? [`Taken out: ${r.accountsRemoved.join(', ')}`] : []),
          ].join('\n'),
        )
      })
    })

  arrangement
    .command('cancel <account>')
    .description('end the arrangement in force on the account early (its history stays)')
    .requiredOption('--reason <text>', 'why it is cancelled')
    .option('--on <date>', 'the date it ends (default today)')
    .option('--user <username>', 'the officer cancelling it')
    .action(async (key: string, raw) => {
      const o = parse(cancelSchema, raw)
      const on = o.on ?? today()
      await withDb(async (db) => {
        const account = await customerAccount(db, key)
        const v = await inForce(db, account, on)
        await cancelArrangement(db, { arrangementId: v.id, on, reason: o.reason, actor: await resolveCliActor(db, o.user) })
        console.log(`Arrangement ${v.id} cancelled on ${on}: ${o.reason}`)
      })
    })
}
