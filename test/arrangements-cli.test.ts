import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerArrangements } from '../src/cli/commands/arrangements.ts'
import { personWithDebts, type PersonWithDebts } from '../src/services/arrangements/arrangement-fixtures.testing.ts'
import { configuredTestDatabase, inProcessReeve, withConfiguredDb } from './support/cli-in-process.ts'
import { testDbKinds } from './databases.ts'

// The arrangement commands as `reeve` runs them (registered on a fresh commander program, as src/cli/main.ts does),
// in process, on each database: embedded PGlite in a temporary folder, and a throwaway database on the PostgreSQL
// server (DATABASE_URL). An AppError thrown out of a command is what main.ts turns into exit status 2.
const reeve = inProcessReeve((program) => registerArrangements(program, program.command('run')))
const withDb = withConfiguredDb

for (const kind of testDbKinds) {
  describe(`reeve arrangement set-up, show, amend, cancel [${kind}]`, () => {
    const database = configuredTestDatabase(kind, 'reeve-arr-cli-')
    let p: PersonWithDebts
    let n: { rent: string; ct: string; repair: string }

    beforeAll(async () => {
      await database.setUp()
      await withDb(async (db) => {
        p = await personWithDebts(db)
        const rows = await db.query<{ id: number; account_number: string }>('select id, account_number from accounts where id = any($1::int[])', [[p.councilTaxAccountId, p.repairAccountId]])
        const num = (id: number) => rows.find((r) => r.id === id)!.account_number
        n = { rent: p.rentAccountNumber, ct: num(p.councilTaxAccountId), repair: num(p.repairAccountId) }
      })
    }, 120_000)

    afterAll(() => database.tearDown())

    it('refuses bad options naming each one, and terms the domain refuses, saving nothing', async () => {
      const bad = await reeve('arrangement', 'set-up', n.rent, '--frequency', 'yearly', '--amount', 'ten', '--start', '2 November', '--method', 'cash')
      expect(bad.error?.code).toBe('validation')
      expect(bad.error!.details.map((d) => d.field)).toEqual(['--frequency', '--amount', '--start'])
      const lump = await reeve('arrangement', 'set-up', n.rent, '--frequency', 'weekly', '--amount', '10', '--start', '2026-11-02', '--method', 'cash', '--lump-sum', '50')
      expect(lump.error!.userMessage).toBe('--lump-sum: give --lump-sum and --lump-sum-date together')
      const tiers = await reeve('arrangement', 'set-up', n.rent, '--frequency', 'weekly', '--amount', '10', '--start', '2026-11-02', '--method', 'cash', '--priority', 'rent > parking_fines', '--date', '2026-11-02')
      expect(tiers.error!.userMessage).toMatch(/--priority: Priority tier 2 names an unknown account type "parking_fines"/)
      // A DWP deduction arrives with the benefit: monthly or 4-weekly, never weekly.
      const dwp = await reeve('arrangement', 'set-up', n.rent, '--frequency', 'weekly', '--amount', '10', '--start', '2026-11-02', '--method', 'dwp-deduction', '--date', '2026-11-02')
      expect(dwp.error!.details[0]).toMatchObject({ field: 'frequency', message: expect.stringMatching(/can only be paid monthly or 4-weekly/) })
      const none = await reeve('arrangement', 'show', n.rent)
      expect(none.out).toBe(`Account ${n.rent} has no arrangement.`)
    })

    it('sets up over three debts with a lump sum first, paid by wage deduction; shows it', async () => {
      const r = await reeve(
        'arrangement', 'set-up', n.rent, '--also', `${n.ct},${n.repair}`, '--frequency', 'weekly', '--amount', '10.00', '--start', '2026-11-09',
        '--lump-sum', '50', '--lump-sum-date', '2026-11-02', '--method', 'employer-deduction', '--tolerance', '2.50', '--tolerance-days', '5', '--date', '2026-11-02',
      )
      expect(r.error).toBeNull()
      expect(r.out).toMatch(/^Arrangement \d+ set up: £10\.00 a week on top of the current charge from 2026-11-09 after a lump sum of £50\.00 on 2026-11-02, paid by Deduction from wages by the employer \(voluntary\)\./)
      expect(r.out).toContain('Arrears £400.00;')
      expect(r.out).toContain(`  ${n.repair} (rechargeable_repair): £50.00 arrears, priority 2, £0.00 of the first instalment`)
      await withDb(async (db) => {
        const [v] = await db.query<{ payment_method: string; lump_sum_pence: number; tolerance_amount_pence: number; tolerance_days: number }>(
          'select payment_method, lump_sum_pence, tolerance_amount_pence, tolerance_days from arrangement_versions v join arrangements a on a.id = v.arrangement_id where a.party_id = $1',
          [p.partyId],
        )
        expect(v).toEqual({ payment_method: 'employer_deduction', lump_sum_pence: 5000, tolerance_amount_pence: 250, tolerance_days: 5 })
      })
      const show = await reeve('arrangement', n.ct, '--date', '2026-11-02')
      expect(show.out).toMatch(/^Arrangement \d+ \(version 1\): kept since 2026-11-02/)
      expect(show.out).toContain('Priority: rent, temporary accommodation, pitch, council tax > the rest, pro rata within each; breach tolerance £2.50 and 5 days')
      expect(show.out).toContain('Next payment: £50.00 on 2026-11-02')
    })

    it('amends: takes council tax out, changes the tolerance and the priority; a new version, shown with the history', async () => {
      const bad = await reeve('arrangement', 'amend', n.rent, '--from', '2026-11-10', '--reason', 'x', '--tolerance', '1')
      expect(bad.error!.userMessage).toContain('--tolerance: give --tolerance and --tolerance-days together')
      // Any covered account names the arrangement: here council tax's, taking the repair out.
      const fromCt = await reeve('arrangement', 'amend', n.ct, '--from', '2026-11-10', '--reason', 'x', '--date', '2026-11-10', '--remove', n.repair)
      expect(fromCt.error).toBeNull()
      expect(fromCt.out).toMatch(/version 2 from 2026-11-10/)
      expect(fromCt.out).toContain(`Taken out: ${n.repair}`)
      const r = await reeve(
        'arrangement', 'amend', n.rent, '--from', '2026-11-11', '--reason', 'Council tax now by attachment of earnings', '--remove', n.ct,
        '--priority', 'rent', '--tolerance', '0', '--tolerance-days', '3', '--amount', '15', '--date', '2026-11-11',
      )
      expect(r.error).toBeNull()
      expect(r.out).toMatch(/^Arrangement \d+ changed: version 3 from 2026-11-11, the arrears cleared by \d{4}-\d{2}-\d{2}\.\nTaken out: /)
      const show = await reeve('arrangement', 'show', n.rent, '--date', '2026-11-11')
      expect(show.out).toContain('£15.00 a week on top of the current charge from 2026-11-11')
      expect(show.out).toContain('Priority: rent > the rest, pro rata within each; breach tolerance £0.00 and 3 days')
      expect(show.out).toMatch(new RegExp(`Accounts: ${n.rent} \\(priority 1, £15\\.00 of the first instalment\\);`))
      expect(show.out).toMatch(/ {2}1 from 2026-11-02: .*; tolerance £2\.50 and 5 days \(New arrangement\)/)
      expect(show.out).toMatch(/ {2}3 from 2026-11-11: .*; tolerance £0\.00 and 3 days \(Council tax now by attachment of earnings\)/)
      const gone = await reeve('arrangement', 'amend', n.ct, '--from', '2026-11-12', '--reason', 'x', '--date', '2026-11-12')
      expect(gone.error!.userMessage).toBe(`Account ${n.ct} has no arrangement in force`)
    })

    it('cancels with a reason; the history stays', async () => {
      const noReason = await reeve('arrangement', 'cancel', n.rent, '--reason', ' ')
      expect(noReason.error!.details[0]!.field).toBe('--reason')
      const r = await reeve('arrangement', 'cancel', n.rent, '--reason', 'Tenant asked to stop', '--on', '2026-11-12')
      expect(r.out).toMatch(/^Arrangement \d+ cancelled on 2026-11-12: Tenant asked to stop$/)
      const show = await reeve('arrangement', 'show', n.rent, '--date', '2026-11-12')
      expect(show.out).toMatch(/cancelled since 2026-11-12/)
      expect(show.out).toContain('Versions:')
    })
  })
}
