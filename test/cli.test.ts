import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openPglite } from '../src/db/client.ts'

// The `reeve` command end to end, as a user runs it, on an embedded database in a temporary folder.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reeve-cli-'))
const bin = path.resolve('bin/reeve.js')

function reeve(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, REEVE_DATA_DIR: dataDir, DATABASE_URL: '' },
    timeout: 240_000,
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

describe('the reeve command', () => {
  it('refuses a debit week that is not a Monday with status 2 and a clear message', () => {
    const r = reeve('run', 'debits', '--week', '2026-04-07')
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/--week must be a Monday/)
  })

  it('refuses a malformed date, naming the option', () => {
    const r = reeve('run', 'debits', '--week', '6 April')
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/--week: expected a date as YYYY-MM-DD/)
  })

  it('refuses a rent change with less than 4 weeks notice', () => {
    const r = reeve('run', 'rent-change', '--effective-from', '2027-04-05', '--notice-served', '2027-03-20', '--change', '4.8')
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/at least 4 weeks' written notice/)
  })

  it('says so when an account does not exist', () => {
    const r = reeve('statement', 'RNT9999999', '--from', '2026-01-01', '--to', '2026-02-01')
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/No account RNT9999999/)
  })

  it('seeds a small council, then prints statements as CSV and writes them as PDF', async () => {
    const seeded = reeve('seed', '--homes', '40', '--years', '1', '--seed', '7', '--today', '2026-11-22')
    expect(seeded.stderr).not.toMatch(/error/i)
    expect(seeded.status).toBe(0)
    expect(seeded.stdout).toMatch(/Seeded \d+ properties/)

    const dry = reeve('run', 'debits', '--week', '2026-11-16', '--dry-run')
    expect(dry.status).toBe(0)
    expect(dry.stdout).toMatch(/Nothing to post/) // the seed already debited the current week

    const next = reeve('run', 'debits', '--week', '2026-11-23', '--posting-date', '2026-11-23')
    expect(next.status).toBe(0)
    expect(next.stdout).toMatch(/Rent week 2026-11-23: posted [1-9]\d* charges/)
    const again = reeve('run', 'debits', '--week', '2026-11-23')
    expect(again.stdout).toMatch(/posted 0 charges/)

    // Pick a live rent account from the seeded database (the CLI has exited, so the data folder is free).
    const db = await openPglite(path.join(dataDir, 'pglite'))
    const [acct] = await db.query<{ account_number: string }>(
      `select account_number from accounts where account_type = 'rent' and status = 'open' order by id limit 1`,
    )
    await db.close()
    const accountNumber = acct!.account_number

    const csv = reeve('statement', accountNumber, '--from', '2026-10-01', '--to', '2026-11-30', '--format', 'csv')
    expect(csv.status).toBe(0)
    expect(csv.stdout.split('\n')[0]).toMatch(/effective_date,posting_date,description,debit,credit,balance/)
    expect(csv.stdout).toMatch(/Rent w\/c 2026-11-23/)

    const pdfFile = path.join(dataDir, 'statement.pdf')
    const pdf = reeve('statement', accountNumber, '--from', '2026-10-01', '--to', '2026-11-30', '--format', 'pdf', '--output', pdfFile)
    expect(pdf.status).toBe(0)
    expect(fs.readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-')
  }, 300_000)
})
