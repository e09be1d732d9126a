import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerInvoicing } from '../src/cli/commands/invoicing.ts'
import { configuredTestDatabase, inProcessReeve, withConfiguredDb } from './support/cli-in-process.ts'
import { testDbKinds } from './databases.ts'
import { balanceOf, makeParty, makeTenancy } from './fixtures.ts'

// The commands recording the sources of sundry debts as `reeve` runs them (registered on a fresh commander program,
// as src/cli/main.ts does), in process, on each database: embedded PGlite in a temporary folder, and a throwaway
// database on the PostgreSQL server (DATABASE_URL). An AppError out of a command is what main.ts turns into exit 2.
const reeve = inProcessReeve((program) => registerInvoicing(program, program.command('run'), program.command('import')))
const withDb = withConfiguredDb

/** The person's account of a type: its number and balance in pence. */
const accountOf = (partyRef: string, type: string) =>
  withDb(async (db) => {
    const [a] = await db.query<{ id: number; account_number: string }>(
      `select a.id, a.account_number from accounts a join account_parties ap on ap.account_id = a.id join parties p on p.id = ap.party_id where p.party_ref = $1 and a.account_type = $2`,
      [partyRef, type],
    )
    return a ? { number: a.account_number, balance: Number(await balanceOf(db, a.id)) } : null
  })

for (const kind of testDbKinds) {
  describe(`reeve invoice repair, care-plan, loan, storage, claim, hb-overpayment [${kind}]`, () => {
    const database = configuredTestDatabase(kind, 'reeve-inv-cli-')
    let tenant: string // party reference of a secure tenant
    let rentAccount: string
    let taAccount: string
    let taTenant: string
    let stranger: string

    beforeAll(async () => {
      await database.setUp()
      await withDb(async (db) => {
        const refOf = async (id: number) => (await db.query<{ party_ref: string }>('select party_ref from parties where id = $1', [id]))[0]!.party_ref
        const secure = await makeTenancy(db, { startDate: '2026-04-06', charges: [] })
        const ta = await makeTenancy(db, { startDate: '2026-04-06', charges: [], tenure: 'ta_licence' })
        tenant = await refOf(secure.partyIds[0]!)
        rentAccount = secure.accountNumber
        taTenant = await refOf(ta.partyIds[0]!)
        taAccount = ta.accountNumber
        stranger = await refOf(await makeParty(db, 'Stranger'))
      })
    }, 120_000)

    afterAll(() => database.tearDown())

    it('records a disputed repair, refuses to invoice it until decided, then invoices it', async () => {
      const bad = await reeve('invoice', 'repair', 'record', 'JOB 1', '--account', rentAccount, '--description', 'Door', '--completed', '2 Nov', '--cost', 'lots', '--tenant-responsible', 'maybe', '--reason', 'x')
      expect(bad.error?.code).toBe('validation')
      expect(bad.error!.details.map((d) => d.field)).toEqual(['--completed', '--cost', '--tenantResponsible'])
      const badRef = await reeve('invoice', 'repair', 'record', 'JOB 1', '--account', rentAccount, '--description', 'Door', '--completed', '2026-11-02', '--cost', '185', '--tenant-responsible', 'yes', '--reason', 'x')
      expect(badRef.error!.details[0]!.field).toBe('--repairRef')
      const nobody = await reeve('invoice', 'repair', 'record', 'JOB-1', '--description', 'Door', '--completed', '2026-11-02', '--cost', '185', '--tenant-responsible', 'yes', '--reason', 'x')
      expect(nobody.error!.details[0]!.field).toBe('--party')
      const notLiable = await reeve('invoice', 'repair', 'record', 'JOB-1', '--account', rentAccount, '--party', stranger, '--description', 'Door', '--completed', '2026-11-02', '--cost', '185', '--tenant-responsible', 'yes', '--reason', 'x')
      expect(notLiable.error!.userMessage).toContain('is not liable for account')
      const ok = await reeve('invoice', 'repair', 'record', 'JOB-1', '--account', rentAccount, '--description', 'Replaced door', '--completed', '2026-11-02', '--cost', '185.00', '--tenant-responsible', 'yes', '--reason', 'Kicked in', '--disputed')
      expect(ok.out).toBe('Recorded repair JOB-1: £185.00, tenant responsible, disputed (held until decided)')
      const held = await reeve('invoice', 'repair', 'invoice', 'JOB-1', '--date', '2026-11-20')
      expect(held.error!.userMessage).toBe('The tenant disputes this recharge: it is held until the dispute is decided')
      expect((await reeve('invoice', 'repair', 'dispute', 'JOB-1', '--outcome', 'confirmed', '--note', 'Photos')).out).toBe('Repair JOB-1: dispute decided, the tenant is to pay')
      const inv = await reeve('invoice', 'repair', 'invoice', 'JOB-1', '--date', '2026-11-20')
      expect(inv.out).toMatch(/^Raised invoice INV-\d{6} for £185\.00 on account RCH\d+$/)
      const repairs = await accountOf(tenant, 'rechargeable_repair')
      expect(inv.out).toContain(repairs!.number)
      expect(repairs!.balance).toBe(18500)
    })

    it('records a care plan, reassesses it, and the run invoices both contributions', async () => {
      const bad = await reeve('invoice', 'care-plan', 'create', 'CP-1', '--party', tenant, '--description', 'Home care', '--from', '2026-09-21', '--to', '2026-09-01', '--contribution', '280')
      expect(bad.error!.details[0]).toMatchObject({ field: 'endsOn', message: 'The end date must be on or after the start date' })
      const ok = await reeve('invoice', 'care-plan', 'create', 'CP-1', '--party', tenant, '--description', 'Home care', '--from', '2026-09-21', '--contribution', '280')
      const care = await accountOf(tenant, 'social_care')
      expect(ok.out).toBe(`Recorded care plan CP-1: £280.00 every 4 weeks from 2026-09-21, invoiced in arrears to account ${care!.number}`)
      const early = await reeve('invoice', 'care-plan', 'reassess', 'CP-1', '--from', '2026-09-01', '--contribution', '560', '--reason', 'Income rose')
      expect(early.error!.details[0]!.field).toBe('effectiveFrom')
      expect((await reeve('invoice', 'care-plan', 'reassess', 'CP-1', '--from', '2026-10-19', '--contribution', '560', '--reason', 'Income rose')).out).toBe('Care plan CP-1: £560.00 every 4 weeks from 2026-10-19')
      const run = await reeve('run', 'care-invoicing', '--date', '2026-11-16')
      expect(run.out).toMatch(/^Care invoicing 2026-11-16: 2 invoices, £840\.00/)
      expect((await accountOf(tenant, 'social_care'))!.balance).toBe(84000)
    })

    it('sets up a loan with its schedule', async () => {
      const both = await reeve('invoice', 'loan', 'L-1', '--party', tenant, '--purpose', 'rent_deposit', '--advanced', '2026-11-02', '--principal', '600', '--frequency', 'monthly', '--first-due', '2026-12-01', '--instalments', '6', '--instalment', '100')
      expect(both.error!.details[0]!.field).toBe('--instalments')
      const ok = await reeve('invoice', 'loan', 'L-1', '--party', tenant, '--purpose', 'rent_deposit', '--advanced', '2026-11-02', '--principal', '600', '--frequency', 'monthly', '--first-due', '2026-12-31', '--instalment', '250')
      expect(ok.out).toMatch(/^Set up loan L-1 on account \w+: invoice INV-\d{6} for £600\.00, 3 repayments from 2026-12-31/)
      expect(ok.out).toContain('  2. 2027-01-31  £250.00')
      expect(ok.out).toContain('  3. 2027-02-28  £100.00')
      expect((await accountOf(tenant, 'loan'))!.balance).toBe(60000)
    })

    it('charges storage to a TA resident only, and claims damages once per claim', async () => {
      const secure = await reeve('invoice', 'storage', '--account', rentAccount, '--kind', 'storage', '--description', 'Furniture', '--from', '2026-10-01', '--to', '2026-10-31', '--amount', '100')
      expect(secure.error!.userMessage).toContain('temporary accommodation')
      const ok = await reeve('invoice', 'storage', '--account', taAccount, '--kind', 'storage', '--description', 'Furniture', '--from', '2026-10-01', '--to', '2026-10-31', '--amount', '100')
      expect(ok.out).toMatch(/^Raised invoice INV-\d{6} for £120\.00 \(VAT £20\.00\) on account /)
      expect((await accountOf(taTenant, 'storage_removals'))!.balance).toBe(12000)
      const claim = await reeve('invoice', 'claim', 'DMG-1', '--party', tenant, '--incident', '2026-10-10', '--description', 'Fire door', '--amount', '240', '--date', '2026-11-20')
      expect(claim.out).toMatch(/^Raised invoice INV-\d{6} for £240\.00 on account /)
      const again = await reeve('invoice', 'claim', 'DMG-1', '--party', tenant, '--incident', '2026-10-10', '--description', 'Fire door', '--amount', '240', '--date', '2026-11-20')
      expect(again.error!.userMessage).toBe('Claim DMG-1 is already invoiced')
      expect((await accountOf(tenant, 'insurance_claim'))!.balance).toBe(24000)
    })

    it('records HB overpayments: the method required when recoverable, invoiced or deducted, or nothing posted', async () => {
      const base = ['--party', tenant, '--from', '2026-04-06', '--to', '2026-06-28', '--amount', '420', '--cause', 'claimant_error', '--reason', 'Did not report work', '--decided', '2026-11-10']
      const noMethod = await reeve('invoice', 'hb-overpayment', 'OP-1', ...base, '--recoverable', 'yes')
      expect(noMethod.error!.details[0]!.field).toBe('--method')
      const noWeekly = await reeve('invoice', 'hb-overpayment', 'OP-1', ...base, '--recoverable', 'yes', '--method', 'deduction')
      expect(noWeekly.error!.details[0]!.field).toBe('--weekly')
      expect((await reeve('invoice', 'hb-overpayment', 'OP-1', ...base, '--recoverable', 'yes', '--method', 'invoice')).out).toMatch(/^Recorded overpayment OP-1: invoice INV-\d{6} for £420\.00/)
      expect((await reeve('invoice', 'hb-overpayment', 'OP-2', ...base, '--recoverable', 'yes', '--method', 'deduction', '--weekly', '12.75')).out).toMatch(/recovered from ongoing Housing Benefit at £12\.75 a week$/)
      expect((await reeve('invoice', 'hb-overpayment', 'OP-3', ...base, '--recoverable', 'no')).out).toBe('Recorded overpayment OP-3: not recoverable, nothing charged')
      expect((await accountOf(tenant, 'hb_overpayment'))!.balance).toBe(84000)
    })
  })
}
