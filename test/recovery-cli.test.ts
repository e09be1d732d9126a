import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { registerRecovery } from '../src/cli/commands/recovery.ts'
import { openPglite } from '../src/db/client.ts'
import { migrate } from '../src/db/migrate.ts'
import { isAppError } from '../src/errors.ts'
import { debitWeeks, letProperty, makeOfficer, pay, placeCase, type ScenarioAccount } from '../src/services/recovery/recovery-fixtures.testing.ts'

// The recovery commands as `reeve` runs them (registered on a fresh commander program, as src/cli/main.ts does),
// against an embedded database in a temporary folder. Exit status 2 and the message are what main.ts makes of an
// AppError; `policy load` sets status 2 itself after listing every problem.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reeve-recovery-cli-'))
const fixtures = path.resolve('src/domain/recovery/__fixtures__')
const saved = { dir: process.env.REEVE_DATA_DIR, url: process.env.DATABASE_URL }

interface Run {
  status: number
  stdout: string
  stderr: string
}

/** Direct database work between commands (the embedded database takes one process at a time). */
async function withTestDb(fn: (db: Awaited<ReturnType<typeof openPglite>>) => Promise<void>): Promise<void> {
  const db = await openPglite(path.join(dataDir, 'pglite'))
  try {
    await fn(db)
  } finally {
    await db.close()
  }
}

async function reeve(...args: string[]): Promise<Run> {
  const out: string[] = []
  const err: string[] = []
  const log = vi.spyOn(console, 'log').mockImplementation((...m: unknown[]) => void out.push(m.join(' ')))
  const error = vi.spyOn(console, 'error').mockImplementation((...m: unknown[]) => void err.push(m.join(' ')))
  const program = new Command('reeve').exitOverride()
  const run = program.command('run')
  registerRecovery(program, run)
  process.exitCode = undefined
  let status = 0
  try {
    await program.parseAsync(['node', 'reeve', ...args])
    status = Number(process.exitCode ?? 0)
  } catch (e) {
    if (!isAppError(e)) throw e
    err.push(`reeve: ${e.userMessage}`)
    status = 2
  } finally {
    process.exitCode = undefined
    log.mockRestore()
    error.mockRestore()
  }
  return { status, stdout: out.join('\n'), stderr: err.join('\n') }
}

describe('reeve recovery commands', () => {
  let rent: ScenarioAccount
  let clear: ScenarioAccount
  let partyRef: string

  beforeAll(async () => {
    process.env.REEVE_DATA_DIR = dataDir
    delete process.env.DATABASE_URL
    await withTestDb(async (db) => {
      await migrate(db)
      rent = await letProperty(db, {})
      clear = await letProperty(db, {})
      await makeOfficer(db, 'team_leader').then((o) => fs.writeFileSync(path.join(dataDir, 'user'), o.username))
      await debitWeeks(db, '2026-04-06', '2026-08-31')
      await pay(db, rent.accountId, 1_300_00, '2026-08-28') // 8 weeks of arrears on 2 September
      await pay(db, clear.accountId, 2_100_00, '2026-08-28')
      const [p] = await db.query<{ party_ref: string }>('select party_ref from parties where id = $1', [clear.partyIds[0]])
      partyRef = p!.party_ref
    })
  }, 120_000)

  afterAll(() => {
    if (saved.dir === undefined) delete process.env.REEVE_DATA_DIR
    else process.env.REEVE_DATA_DIR = saved.dir
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('policy load lists every problem with its path and exits 2; nothing is loaded', async () => {
    const cycle = await reeve('policy', 'load', path.join(fixtures, 'broken-cycle.json'))
    expect(cycle.status).toBe(2)
    expect(cycle.stderr).toMatch(/broken-cycle\.json: stages\[3\]\.next: Cycle letter_2 → nosp → claim → letter_2/)
    const unknown = await reeve('policy', 'load', path.join(fixtures, 'broken-unknown-stage.json'))
    expect(unknown.stderr).toContain('broken-unknown-stage.json: stages[1].next[0]: Stage "letter_2" names an unknown next stage "letter_3"')
    const missing = await reeve('policy', 'load', path.join(fixtures, 'broken-missing-action.json'))
    expect(missing.stderr).toContain('stages[1].action: Missing action')
    const legal = await reeve('policy', 'load', path.join(fixtures, 'broken-legal-without-proportionality.json'))
    expect(legal.stderr.split('\n').filter((l) => l.includes('must require'))).toHaveLength(2)
    const none = await reeve('policy', 'load', path.join(dataDir, 'no-such-file.json'))
    expect(none).toMatchObject({ status: 2 })
    expect(none.stderr).toContain('Cannot read the file')
  })

  it('policy load --defaults and policy list show the shipped pathways and when each is in force', async () => {
    const load = await reeve('policy', 'load', '--defaults')
    expect(load.stdout).toMatch(/Loaded 11 shipped pathway version\(s\)/)
    const again = await reeve('policy', 'load', '--defaults')
    expect(again.stdout).toBe('The shipped pathways are already loaded.')
    const list = await reeve('policy', 'list')
    expect(list.stdout).toMatch(/secure-rent v2026-04\s+from 2026-04-06\s+Secure tenancy rent \(rent; secure, flexible\)/)
    expect(list.stdout).toMatch(/assured-rent-rra-2025-social v2026-05\s+awaiting commencement "rra2025\.social-housing-assured"/)
  })

  it('policy load accepts a valid council file as a new version', async () => {
    const file = path.join(dataDir, 'council-rent.json')
    const doc = JSON.parse(fs.readFileSync(path.join(fixtures, 'valid-minimal.json'), 'utf8')) as object
    fs.writeFileSync(file, JSON.stringify({ ...doc, version: '2027-04', effectiveFrom: '2027-04-05' }))
    const r = await reeve('policy', 'load', file)
    expect(r).toMatchObject({ status: 0 })
    expect(r.stdout).toMatch(/^Loaded pathway fixture-rent v2027-04 "Fixture rent pathway" \(\d+ stages\), in force from 2027-04-05\.$/)
  })

  it('run trawl: a summary, and the same date again returns the stored run', async () => {
    // A home visit on 10 August: with 8 weeks of arrears the NOSP is due.
    await withTestDb((db) => placeCase(db, rent.accountId, { id: 'secure-rent', version: '2026-04' }, 'home_visit', '2026-08-10'))
    const r = await reeve('run', 'trawl', '--date', '2026-09-02')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^Trawl for 2026-09-02 \(run \d+\): 2 accounts — 1 with a step due \(0 taken by the trawl\), 0 blocked, 0 reset, 1 with nothing due$/)
    const again = await reeve('run', 'trawl', '--date', '2026-09-02')
    expect(again.stdout).toMatch(/^Trawl for 2026-09-02 was already run \(run \d+\); its results: 2 accounts/)
    const bad = await reeve('run', 'trawl', '--date', '2 September')
    expect(bad).toMatchObject({ status: 2 })
    expect(bad.stderr).toMatch(/--date: expected a date as YYYY-MM-DD/)
  })

  it('hold add/list/end: for an account or every account of a person', async () => {
    const add = await reeve('hold', 'add', rent.accountNumber, '--type', 'breathing-space-standard', '--start', '2026-09-03', '--reason', 'Insolvency Service notification', '--reference', 'BS1')
    expect(add.stdout).toMatch(/^Hold (\d+) added: breathing space standard from 2026-09-03 to 2026-11-02 on account /)
    const party = await reeve('hold', 'add', '--party', partyRef, '--type', 'dispute', '--start', '2026-09-01', '--reason', 'Disputes a charge')
    expect(party.stdout).toMatch(/on every account of /)
    const holdId = /^Hold (\d+)/.exec(party.stdout)![1]!
    expect((await reeve('hold', 'end', holdId, '--on', '2026-09-10', '--reason', 'Resolved')).stdout).toBe(`Hold ${holdId} ends on 2026-09-10.`)
    const list = await reeve('hold', 'list', clear.accountNumber, '--date', '2026-09-20')
    expect(list.stdout).toMatch(/ended\s+Dispute from 2026-09-01 to 2026-09-10: Disputes a charge \[all accounts of /)
    const both = await reeve('hold', 'add', rent.accountNumber, '--party', partyRef, '--type', 'dispute', '--start', '2026-09-01', '--reason', 'x')
    expect(both).toMatchObject({ status: 2 })
    const wrongType = await reeve('hold', 'add', rent.accountNumber, '--type', 'holiday', '--start', '2026-09-01', '--reason', 'x')
    expect(wrongType.stderr).toMatch(/--type/)
  })

  it('notice serve: a NOSP by a named officer, refused while a Breathing Space is in force', async () => {
    const user = fs.readFileSync(path.join(dataDir, 'user'), 'utf8')
    const serve = (date: string) =>
      reeve('notice', 'serve', rent.accountNumber, '--type', 'nosp_secure', '--served', date, '--method', 'hand', '--checks', 'all', '--proportionality', 'Proportionate after contact attempts', '--equality', 'Considered; no adjustments needed', '--user', user)
    const held = await serve('2026-09-04')
    expect(held.status).toBe(2)
    expect(held.stderr).toMatch(/blocked by Breathing Space \(standard\) from 2026-09-03 to 2026-11-02/)
    const r = await serve('2026-09-02')
    expect(r.stdout).toBe('Notice 1 recorded: served 2026-09-02; proceedings may begin from 2026-10-04; in force until 2027-10-03')
  })

  it('court-pack writes the PD 55A schedule as CSV or PDF', async () => {
    const csvFile = path.join(dataDir, 'pack.csv')
    const r = await reeve('court-pack', rent.accountNumber, '--format', 'csv', '--output', csvFile, '--to', '2026-09-02')
    expect(r.stderr).toMatch(/Wrote the CSV rent schedule for .* \(2026-04-06 to 2026-09-02, 23 entries, £900\.00\)/)
    const csv = fs.readFileSync(csvFile, 'utf8').split('\r\n')
    expect(csv[0]).toBe('date,description,due,paid,arrears')
    expect(csv).toContain('2026-08-28,Payment: Card payment,,1300.00,800.00')
    const pdfFile = path.join(dataDir, 'pack.pdf')
    await reeve('court-pack', rent.accountNumber, '--format', 'pdf', '--output', pdfFile, '--to', '2026-09-02')
    expect(fs.readFileSync(pdfFile).subarray(0, 5).toString('latin1')).toBe('%PDF-')
  })

  it('recovery <account> shows the stage, the latest recommendation and why', async () => {
    const r = await reeve('recovery', rent.accountNumber, '--date', '2026-09-05')
    expect(r.stdout).toContain('Pathway: Secure tenancy rent (secure-rent v2026-04)')
    expect(r.stdout).toContain('Stage: Notice of Seeking Possession (s83) since 2026-09-02')
    expect(r.stdout).toMatch(/Hold \d+ \(in force\): Breathing Space \(standard\) from 2026-09-03 to 2026-11-02/)
    expect(r.stdout).toContain('Notice 1: Notice of Seeking Possession (secure tenancy, s83) served 2026-09-02; proceedings from 2026-10-04, in force until 2027-10-03')
  })
})
