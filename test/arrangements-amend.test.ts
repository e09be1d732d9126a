import { expect, it } from 'vitest'
import { AppError } from '../src/errors.ts'
import { runArrangementCheck } from '../src/jobs/arrangement-check.ts'
import { cliActor } from '../src/services/actor.ts'
import { debit, pay, personWithDebts } from '../src/services/arrangements/arrangement-fixtures.testing.ts'
import { amendArrangement, setUpArrangement } from '../src/services/arrangements/arrangements.ts'
import { getAccountArrangement } from '../src/services/arrangements/get-arrangement.ts'
import { describeEachDb } from './databases.ts'

// Monday 2 November 2026: the arrangements start the day they are agreed. Each person owes rent arrears of £200.00
// (rent £100.00 a week), council tax of £150.00 and a rechargeable repair of £50.00 (personWithDebts).
const START = '2026-11-02'
const weekly = { frequency: 'weekly' as const, startDate: START, paymentMethod: 'direct_debit' as const, today: START, instalmentPence: 1000, actor: cliActor }

const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AppError)

describeEachDb('amending an arrangement: accounts covered, priority, tolerance', (ctx) => {
  it('takes one account out and adds another, restating the arrears; the history keeps both sets; the nightly check reads the new set', async () => {
    const p = await personWithDebts(ctx.db)
    const { arrangementId } = await setUpArrangement(ctx.db, { ...weekly, partyId: p.partyId, accountIds: [p.rentAccountId, p.councilTaxAccountId] })
    for (const d of ['2026-11-02', '2026-11-09']) {
      await debit(ctx.db, p.rentAccountId, d, 10000, d)
      await pay(ctx.db, p.rentAccountId, d, 11000)
    }
    await debit(ctx.db, p.rentAccountId, '2026-11-16', 10000, '2026-11-16')
    // Monday 16 November: council tax moves to an attachment of earnings; the repair joins, paid first.
    const r = await amendArrangement(ctx.db, {
      arrangementId,
      effectiveFrom: '2026-11-16',
      accountIds: [p.rentAccountId, p.repairAccountId],
      priorityOrder: [['rechargeable_repair'], ['rent']],
      tolerance: { amountPence: 0, days: 3 },
      reason: 'Council tax now recovered by attachment of earnings',
      today: '2026-11-16',
      actor: cliActor,
    })
    expect(r.version).toBe(2)
    const numbers = Object.fromEntries(
      (await ctx.db.query<{ id: number; account_number: string }>('select id, account_number from accounts where id = any($1::int[])', [[p.councilTaxAccountId, p.repairAccountId]])).map((a) => [a.id, a.account_number]),
    )
    expect(r.accountsAdded).toEqual([numbers[p.repairAccountId]])
    expect(r.accountsRemoved).toEqual([numbers[p.councilTaxAccountId]])

    // Covered now: rent and the repair. Council tax is free for recovery and another arrangement.
    const now = await ctx.db.query<{ account_id: number }>('select account_id from arrangement_accounts where arrangement_id = $1 order by account_id', [arrangementId])
    expect(now.map((x) => x.account_id)).toEqual([p.rentAccountId, p.repairAccountId].sort((a, b) => a - b))
    expect(await ctx.db.query('select 1 from account_arrangement_status where account_id = $1', [p.councilTaxAccountId])).toHaveLength(0)

    // History per version: v1 rent + council tax (tier 1 each); v2 the repair first, then rent. Rent arrears on
    // 16 November: £200.00 less two instalments of £10.00 = £180.00 (this week's debit not counted); the repair's £50.00.
    const history = await ctx.db.query<{ version: number; account_id: number; priority_tier: number; arrears_pence: number; first_instalment_share_pence: number }>(
      'select version, account_id, priority_tier, arrears_pence, first_instalment_share_pence from arrangement_version_accounts where arrangement_id = $1 order by version, priority_tier',
      [arrangementId],
    )
    expect(history.map((h) => [h.version, h.account_id, h.priority_tier, h.arrears_pence, h.first_instalment_share_pence])).toEqual([
      [1, p.rentAccountId, 1, 20000, 571],
      [1, p.councilTaxAccountId, 1, 15000, 429],
      [2, p.repairAccountId, 1, 5000, 1000],
      [2, p.rentAccountId, 2, 18000, 0],
    ])
    await expect(ctx.db.query('update arrangement_version_accounts set priority_tier = 3 where arrangement_id = $1', [arrangementId])).rejects.toThrow(/append-only/)
    await expect(ctx.db.query('update arrangement_accounts set priority_tier = 3 where arrangement_id = $1', [arrangementId])).rejects.toThrow(/append-only/)

    const view = (await getAccountArrangement(ctx.db, p.rentAccountId, '2026-11-16'))!
    expect(view.terms.startingArrearsPence).toBe(23000)
    expect(view.accounts.map((a) => [a.accountId, a.tier])).toEqual([
      [p.repairAccountId, 1],
      [p.rentAccountId, 2],
    ])
    expect(view.tolerance).toBe('£0.00 and 3 days')
    expect(view.priority).toBe('rechargeable repair > rent > the rest, pro rata within each')
    expect(view.versions.map((v) => v.accounts.length)).toEqual([2, 2])
    const amended = view.events.find((e) => e.type === 'amended')!
    expect(amended.changes).toEqual(
      expect.arrayContaining([
        'tolerance £5.00 and 7 days → £0.00 and 3 days',
        'priority rent, temporary accommodation, pitch, council tax > the rest, pro rata within each → rechargeable repair > rent > the rest, pro rata within each',
        `account ${numbers[p.repairAccountId]} added`,
        `account ${numbers[p.councilTaxAccountId]} taken out`,
      ]),
    )
    const [audit] = await ctx.db.query<{ before: { accountIds: number[] }; after: { accountIds: number[]; tolerance: object } }>(
      `select before, after from audit_events where action = 'arrangement.amended' and entity_id = $1`,
      [String(arrangementId)],
    )
    expect(audit!.before.accountIds.sort()).toEqual([p.rentAccountId, p.councilTaxAccountId].sort())
    expect(audit!.after).toMatchObject({ accountIds: [p.rentAccountId, p.repairAccountId], tolerance: { amountPence: 0, days: 3 } })

    // The council tax account's page still finds the arrangement, which no longer covers it.
    const ct = (await getAccountArrangement(ctx.db, p.councilTaxAccountId, '2026-11-16'))!
    expect(ct.id).toBe(arrangementId)
    expect(ct.accounts.some((a) => a.accountId === p.councilTaxAccountId)).toBe(false)
    const again = await setUpArrangement(ctx.db, { ...weekly, startDate: '2026-11-16', today: '2026-11-16', partyId: p.partyId, accountIds: [p.councilTaxAccountId] })
    expect(again.arrangementId).toBeGreaterThan(arrangementId)

    // Paying the new terms (rent + £10.00 a week from 16 November) keeps it, although the council tax of £150.00 is
    // unpaid: the check reads the accounts covered now (counting the council tax would be a £150.00 shortfall, a
    // breach after 3 days).
    await pay(ctx.db, p.rentAccountId, '2026-11-16', 11000)
    await debit(ctx.db, p.rentAccountId, '2026-11-23', 10000, '2026-11-23')
    await pay(ctx.db, p.rentAccountId, '2026-11-23', 11000)
    await runArrangementCheck(ctx.db, { date: '2026-11-24' })
    const checked = (await getAccountArrangement(ctx.db, p.rentAccountId, '2026-11-24'))!
    expect(checked.status).toBe('kept')
    expect(checked.events.map((e) => e.type)).toEqual(['created', 'amended'])
  })

  it('a tighter tolerance takes effect for the nightly check: £3.00 short for 4 days is a breach under £0.00 and 3 days', async () => {
    const p = await personWithDebts(ctx.db)
    const { arrangementId } = await setUpArrangement(ctx.db, { ...weekly, partyId: p.partyId, accountIds: [p.rentAccountId] })
    await debit(ctx.db, p.rentAccountId, '2026-11-02', 10000, '2026-11-02')
    await pay(ctx.db, p.rentAccountId, '2026-11-02', 11000)
    const v = await amendArrangement(ctx.db, { arrangementId, effectiveFrom: '2026-11-09', tolerance: { amountPence: 0, days: 3 }, reason: 'Agreed to pay on time', today: '2026-11-08', actor: cliActor })
    expect(v.version).toBe(2)
    // Due Monday 9 November: £110.00; paid £107.00. £3.00 short from the 9th: a breach on the 13th (more than 3 days).
    await debit(ctx.db, p.rentAccountId, '2026-11-09', 10000, '2026-11-09')
    await pay(ctx.db, p.rentAccountId, '2026-11-09', 10700)
    await runArrangementCheck(ctx.db, { date: '2026-11-14' })
    const view = (await getAccountArrangement(ctx.db, p.rentAccountId, '2026-11-14'))!
    expect(view.status).toBe('breached')
    expect(view.breaches.map((b) => b.on)).toEqual(['2026-11-13'])
  })

  it('a new priority re-apportions the instalment', async () => {
    const p = await personWithDebts(ctx.db)
    const { arrangementId } = await setUpArrangement(ctx.db, { ...weekly, partyId: p.partyId, accountIds: [p.rentAccountId, p.councilTaxAccountId] })
    await amendArrangement(ctx.db, { arrangementId, effectiveFrom: '2026-11-03', priorityOrder: [['council_tax'], ['rent']], reason: 'Council tax summons due', today: '2026-11-03', actor: cliActor })
    const view = (await getAccountArrangement(ctx.db, p.rentAccountId, '2026-11-03'))!
    expect(view.accounts.map((a) => [a.accountId, a.tier, a.firstInstalmentSharePence])).toEqual([
      [p.councilTaxAccountId, 1, 1000],
      [p.rentAccountId, 2, 0],
    ])
  })

  it('refuses: no account left, another person’s account, an account in another arrangement, a future or a not-yet-started change of accounts', async () => {
    const p = await personWithDebts(ctx.db)
    const other = await personWithDebts(ctx.db)
    const { arrangementId } = await setUpArrangement(ctx.db, { ...weekly, partyId: p.partyId, accountIds: [p.rentAccountId] })
    await setUpArrangement(ctx.db, { ...weekly, partyId: p.partyId, accountIds: [p.councilTaxAccountId] })
    const base = { arrangementId, effectiveFrom: '2026-11-05', reason: 'Change', today: '2026-11-05', actor: cliActor }
    expect((await failure(amendArrangement(ctx.db, { ...base, accountIds: [] })))!.details[0]).toMatchObject({ field: 'accounts', message: 'Choose at least one account' })
    expect((await failure(amendArrangement(ctx.db, { ...base, accountIds: [p.rentAccountId, other.repairAccountId] })))!.userMessage).toMatch(/is not one of this person’s accounts/)
    expect((await failure(amendArrangement(ctx.db, { ...base, accountIds: [p.rentAccountId, p.councilTaxAccountId] })))!.code).toBe('conflict')
    expect((await failure(amendArrangement(ctx.db, { ...base, effectiveFrom: '2026-11-09', accountIds: [p.rentAccountId, p.repairAccountId] })))!.details[0]).toMatchObject({ field: 'effectiveFrom' })

    const later = await personWithDebts(ctx.db)
    const l = await setUpArrangement(ctx.db, { ...weekly, startDate: '2026-11-09', partyId: later.partyId, accountIds: [later.rentAccountId] })
    const early = await failure(amendArrangement(ctx.db, { ...base, arrangementId: l.arrangementId, accountIds: [later.rentAccountId, later.repairAccountId], effectiveFrom: '2026-11-10' }))
    expect(early!.userMessage).toMatch(/starts on 2026-11-09: to change the accounts covered before then, cancel it and set up a new one/)
    const [n] = await ctx.db.query<{ n: number }>('select count(*)::int as n from arrangement_versions where arrangement_id = any($1::bigint[])', [[arrangementId, l.arrangementId]])
    expect(n!.n).toBe(2)
  })
})
