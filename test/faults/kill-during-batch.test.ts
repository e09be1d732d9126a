import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres, type Db } from '../../src/db/client.ts'
import { createTestDb, testDbKinds, type TestDb } from '../databases.ts'
import { makeTenancy } from '../fixtures.ts'
import { runRentDebits } from '../../src/jobs/rent-debit-run.ts'
import { runTrawl } from '../../src/jobs/trawl.ts'
import { cliActor } from '../../src/services/actor.ts'
import { importPaymentFile } from '../../src/services/payments/import-payment-file.ts'
import { ensureDefaultPathways } from '../../src/services/recovery/pathways.ts'
import { runCli, waitFor } from './cli-process.ts'

/**
 * Killing the process mid-way (SIGKILL: no clean-up, no rollback from our side) during a payment import, a debit
 * run and a trawl, each run by the real `reeve` command in a child process against a PostgreSQL database. The kill
 * point is made certain, not left to timing: the test holds a row lock that the batch's next write needs, waits
 * until the child is blocked on it, kills the child, then lets go. The ledger must still balance, nothing may be
 * half-imported, and a re-run must finish the work exactly once.
 *
 * PostgreSQL only: PGlite is embedded in one process, so there is no second process to kill.
 */
const ACCOUNTS = 160
const WEEK = '2026-11-02'

describe.skipIf(!testDbKinds.includes('postgres'))('killing the process during batch work [postgres]', () => {
  let t: TestDb
  let db: Db
  let url: string
  let lockDb: Db
  const accounts: { accountId: number; accountNumber: string; ref: string }[] = []

  const blockedOnLock = async () =>
    (await db.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`))[0]!.n > 0

  /** Every ledger transaction balances, and every reversal nets its original to zero. */
  const unbalanced = async () =>
    (await db.query<{ n: number }>(`select count(*)::int as n from (select transaction_id from postings group by transaction_id having sum(amount_pence) <> 0) x`))[0]!.n

  /**
   * Kills the child once it is blocked on a lock the test holds: `lock` runs in the test's own transaction, before
   * the child starts or, with `after`, once that condition holds.
   */
  async function killWhileBlocked(args: string[], lock: (tx: Db) => Promise<void>, after?: () => Promise<boolean>): Promise<string> {
    let release!: () => void
    const released = new Promise<void>((r) => (release = r))
    let locked!: () => void
    const isLocked = new Promise<void>((r) => (locked = r))
    const takeLock = () =>
      lockDb.transaction(async (tx) => {
        await lock(tx as Db)
        locked()
        await released
      })
    let holding = after ? null : takeLock()
    if (!after) await isLocked
    const run = runCli(url, args)
    try {
      if (after) {
        await waitFor(`${args.join(' ')} to get going`, after)
        holding = takeLock()
        await isLocked
      }
      await waitFor(`${args.join(' ')} to block on the test's lock`, blockedOnLock)
      run.child.kill('SIGKILL')
      const ended = await run.done
      expect(ended.signal).toBe('SIGKILL')
      release()
      await holding!
      // The server notices the dead client once its statement finishes, and rolls its transaction back.
      await waitFor('the killed session to end', async () => (await db.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid() and backend_type = 'client backend'`))[0]!.n === 0)
      return ended.out
    } finally {
      run.child.kill('SIGKILL')
      release()
    }
  }

  beforeAll(async () => {
    t = await createTestDb('postgres')
    db = t.db
    const [{ current_database: name }] = (await db.query<{ current_database: string }>('select current_database()')) as [{ current_database: string }]
    const u = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
    u.pathname = `/${name}`
    url = u.toString()
    lockDb = await openPostgres(url, 2)
    for (let i = 0; i < ACCOUNTS; i += 4) {
      const made = await Promise.all([0, 1, 2, 3].map((j) => makeTenancy(db, { startDate: '2026-04-06', charges: [{ chargeType: 'rent', weeklyPence: 10_000 + i + j }] })))
      for (const a of made) {
        const [r] = await db.query<{ payment_reference: string }>('select payment_reference from accounts where id = $1', [a.accountId])
        accounts.push({ accountId: a.accountId, accountNumber: a.accountNumber, ref: r!.payment_reference })
      }
    }
    accounts.sort((a, b) => a.accountId - b.accountId)
    await ensureDefaultPathways(db)
  }, 300_000)
  afterAll(async () => {
    await lockDb?.close()
    await t?.dispose()
  })

  it('a killed payment import posts nothing; the re-run imports the file once', async () => {
    const lines = accounts.map((a, i) => `20/11/2026,${a.ref},${(1 + (i % 50)).toFixed(2)},Payer ${i},bank_transfer`)
    const fs = await import('node:fs')
    const file = `/tmp/reeve-fault-import-${process.pid}.csv`
    fs.writeFileSync(file, ['date,reference,amount,name,method', ...lines].join('\r\n'))
    const last = accounts[accounts.length - 1]!
    // The import posts to every account in one transaction: holding the last account's row stops it part way.
    await killWhileBlocked(['import', 'payments', file, '--format', 'bank-csv'], async (tx) => {
      await tx.query('select id from accounts where id = $1 for update', [last.accountId])
    })
    const [after] = await db.query<{ imports: number; payments: number }>('select (select count(*) from payment_imports)::int as imports, (select count(*) from payments)::int as payments')
    expect(after).toEqual({ imports: 0, payments: 0 })
    expect(await unbalanced()).toBe(0)

    const again = await runCli(url, ['import', 'payments', file, '--format', 'bank-csv']).done
    expect(again.code, again.out).toBe(0)
    expect(again.out).toContain(`${ACCOUNTS} payments`)
    // Once more (in this process, to keep the test quick): refused.
    await expect(importPaymentFile(db, { text: fs.readFileSync(file, 'utf8'), fileName: 'again.csv', format: 'bank-csv', today: '2026-11-23', actor: cliActor })).rejects.toThrow(/already imported/)
    const [done] = await db.query<{ imports: number; payments: number }>('select (select count(*) from payment_imports)::int as imports, (select count(*) from payments)::int as payments')
    expect(done).toEqual({ imports: 1, payments: ACCOUNTS })
    expect(await unbalanced()).toBe(0)
  }, 120_000)

  it('a killed debit run keeps the chunks it committed; the re-run posts the rest, each week once per account', async () => {
    const chunksDone = async () => (await db.query<{ n: number }>(`select count(*)::int as n from job_run_chunks c join job_runs r on r.id = c.run_id where r.run_key = $1`, [`rent-debits:${WEEK}`]))[0]!.n
    // Chunks are ranges of 100 account ids: holding the last account's row stops the last chunk, after the first committed.
    const last = accounts[accounts.length - 1]!
    await killWhileBlocked(['run', 'debits', '--week', WEEK, '--chunk-size', '100'], async (tx) => {
      await tx.query('select id from accounts where id = $1 for update', [last.accountId])
    })
    expect(await chunksDone()).toBeGreaterThanOrEqual(1)
    const weekCharges = async () =>
      (await db.query<{ accounts: number; postings: number }>(`select count(distinct account_id)::int as accounts, count(*)::int as postings from postings where period_start = $1 and charge_key is not null`, [WEEK]))[0]!
    const partial = await weekCharges()
    expect(partial.postings).toBeGreaterThan(0)
    expect(partial.postings).toBeLessThan(ACCOUNTS)
    const [job] = await db.query<{ status: string }>('select status from job_runs where run_key = $1', [`rent-debits:${WEEK}`])
    expect(job!.status).toBe('running')
    expect(await unbalanced()).toBe(0)

    const again = await runCli(url, ['run', 'debits', '--week', WEEK, '--chunk-size', '100']).done
    expect(again.code, again.out).toBe(0)
    expect(again.out).toContain('resumed a crashed run')
    expect(await weekCharges()).toEqual({ accounts: ACCOUNTS, postings: ACCOUNTS })
    const once = await runRentDebits(db, { week: WEEK, postingDate: '2026-11-23', chunkSize: 100 })
    expect(once.postings).toBe(0)
    expect(await weekCharges()).toEqual({ accounts: ACCOUNTS, postings: ACCOUNTS })
    expect(await unbalanced()).toBe(0)
  }, 120_000)

  it('a killed trawl keeps the chunks it committed; the re-run completes it with one recommendation per account', async () => {
    const date = '2026-11-23'
    const chunksDone = async () => (await db.query<{ n: number }>(`select count(*)::int as n from job_run_chunks c join job_runs r on r.id = c.run_id where r.run_key = $1`, [`trawl:${date}`]))[0]!.n
    // Chunk n of the trawl holds account ids [20n, 20n + 20). Once the run has started, the test writes a late
    // chunk's progress row without committing: the trawl's own write of that row waits for it, after the earlier
    // chunks have committed.
    const lastChunk = Math.floor(accounts[Math.floor((ACCOUNTS * 3) / 4)]!.accountId / 20)
    await killWhileBlocked(
      ['run', 'trawl', '--date', date, '--chunk-size', '20'],
      async (tx) => {
        const [job] = await tx.query<{ id: number }>('select id from job_runs where run_key = $1', [`trawl:${date}`])
        await tx.query('insert into job_run_chunks (run_id, chunk_no, rows_done) values ($1, $2, 0)', [job!.id, lastChunk])
      },
      async () => (await db.query<{ n: number }>(`select count(*)::int as n from job_runs where run_key = $1 and status = 'running'`, [`trawl:${date}`]))[0]!.n > 0,
    )
    expect(await chunksDone()).toBeGreaterThanOrEqual(1)
    const perAccount = async () =>
      db.query<{ accounts: number; rows: number }>(
        `select count(distinct r.account_id)::int as accounts, count(*)::int as rows from recommendations r join trawl_runs t on t.id = r.run_id where t.run_date = $1`,
        [date],
      )
    const [partial] = await perAccount()
    const [run] = await db.query<{ status: string }>('select status from trawl_runs where run_date = $1', [date])
    expect(run!.status).not.toBe('completed')
    expect(partial!.rows).toBe(partial!.accounts)
    expect(partial!.rows).toBeLessThan(ACCOUNTS)

    const again = await runCli(url, ['run', 'trawl', '--date', date, '--chunk-size', '20']).done
    expect(again.code, again.out).toBe(0)
    expect(again.out).toContain('resumed')
    const [full] = await perAccount()
    expect(full!.rows).toBe(full!.accounts)
    const [done] = await db.query<{ status: string; accounts: number }>(`select status, (counts->>'accounts')::int as accounts from trawl_runs where run_date = $1`, [date])
    expect(done!.status).toBe('completed')
    // Every account the trawl looked at has exactly one recommendation: none lost with the killed chunk, none twice.
    expect(full!.accounts).toBe(done!.accounts)
    expect(full!.accounts).toBeGreaterThan(partial!.accounts)
    expect((await runTrawl(db, { date })).replayed).toBe(true)
    expect((await perAccount())[0]).toEqual(full)
    expect(await unbalanced()).toBe(0)
  }, 120_000)
})
