import { expect, it } from 'vitest'
import { AppError } from '../src/errors.ts'
import { runArrangementCheck } from '../src/jobs/arrangement-check.ts'
import { cliActor } from '../src/services/actor.ts'
import { recordIncomeExpenditure } from '../src/services/affordability/record-statement.ts'
import { amendArrangement, cancelArrangement, previewArrangement, setUpArrangement } from '../src/services/arrangements/arrangements.ts'
import { getAccountArrangement } from '../src/services/arrangements/get-arrangement.ts'
import { debit, pay, personWithDebts } from '../src/services/arrangements/arrangement-fixtures.testing.ts'
import { describeEachDb } from './databases.ts'
import { makeParty } from './fixtures.ts'

// Monday 2 November 2026: the arrangements start on the day they are agreed.
const TODAY = '2026-11-02'
const weekly = { frequency: 'weekly' as const, startDate: TODAY, paymentMethod: 'direct_debit' as const, today: TODAY }

describeEachDb('income and expenditure', (ctx) => {
  it('stores a statement with its assessment, the guideline version used and flags for spending above the triggers', async () => {
    const partyId = await makeParty(ctx.db)
    const s = await recordIncomeExpenditure(ctx.db, {
      partyId,
      statement: {
        takenOn: TODAY,
        household: { adults: 1, childrenUnder16: 0, children16To18: 0, nonDependants: 0, vehicles: 0 },
        lines: [
          { subCategory: 'client_salary_wages', amountPence: 180000, frequency: 'monthly' },
          { subCategory: 'rent', amountPence: 10000, frequency: 'weekly' },
        ],
        explanations: {},
      },
      today: TODAY,
      actor: cliActor,
    })
    expect(s.assessment.guidelines.version).toBe('2026-illustrative')
    // £1,800 a month less rent of £100 a week (£433.33 a month).
    expect(s.assessment.disposableIncomePence).toBe(180000 - 43333)
    const [row] = await ctx.db.query<{ taken_by: string; guidelines_version: string; assessment: { disposableIncomePence: number } }>(
      'select taken_by, guidelines_version, assessment from income_expenditure_statements where id = $1',
      [s.id],
    )
    expect(row).toMatchObject({ taken_by: 'cli', guidelines_version: '2026-illustrative', assessment: { disposableIncomePence: 136667 } })
    await expect(ctx.db.query('update income_expenditure_statements set taken_by = $2 where id = $1', [s.id, 'x'])).rejects.toThrow(/append-only/)
  })

  it('flags flexible spending above the trigger figure', async () => {
    const partyId = await makeParty(ctx.db)
    const s = await recordIncomeExpenditure(ctx.db, {
      partyId,
      statement: {
        takenOn: TODAY,
        household: { adults: 1, childrenUnder16: 0, children16To18: 0, nonDependants: 0, vehicles: 0 },
        lines: [
          { subCategory: 'client_salary_wages', amountPence: 180000, frequency: 'monthly' },
          { subCategory: 'other_communications_leisure', amountPence: 50000, frequency: 'monthly' },
        ],
      },
      today: TODAY,
      actor: cliActor,
    })
    expect(s.assessment.triggerFlags.map((f) => f.category)).toEqual(['communications_leisure'])
    const [row] = await ctx.db.query<{ trigger_flag_count: number }>('select trigger_flag_count from income_expenditure_statements where id = $1', [s.id])
    expect(row!.trigger_flag_count).toBe(1)
  })

  it('refuses an invalid statement with the field', async () => {
    const partyId = await makeParty(ctx.db)
    const err = await recordIncomeExpenditure(ctx.db, {
      partyId,
      statement: { takenOn: TODAY, household: { adults: 1, childrenUnder16: 0, children16To18: 0, nonDependants: 0, vehicles: 0 }, lines: [] },
      today: TODAY,
      actor: cliActor,
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).details[0]!.field).toBe('lines')
  })
})

describeEachDb('arrangements', (ctx) => {
  it('sets up one arrangement over rent, council tax and a repair, apportioning by priority (rent and council tax first)', async () => {
    const p = await personWithDebts(ctx.db)
    const { arrangementId, preview } = await setUpArrangement(ctx.db, {
      ...weekly,
      partyId: p.partyId,
      accountIds: [p.rentAccountId, p.councilTaxAccountId, p.repairAccountId],
      instalmentPence: 1000,
      actor: cliActor,
    })
    expect(preview.terms.startingArrearsPence).toBe(20000 + 15000 + 5000)
    expect(preview.terms.currentWeeklyChargePence).toBe(10000)
    const first = preview.schedule.entries[0]!
    expect(first.paymentPence).toBe(11000)
    // £10.00: rent and council tax pro rata (200:150), the repair nothing until they are cleared.
    expect(first.perAccount).toEqual([
      { accountId: p.rentAccountId, pence: 571, balanceAfterPence: 19429 },
      { accountId: p.councilTaxAccountId, pence: 429, balanceAfterPence: 14571 },
      { accountId: p.repairAccountId, pence: 0, balanceAfterPence: 5000 },
    ])
    const rows = await ctx.db.query<{ account_id: number; priority_tier: number; first_instalment_share_pence: number }>(
      'select account_id, priority_tier, first_instalment_share_pence from arrangement_accounts where arrangement_id = $1 order by priority_tier, first_instalment_share_pence desc',
      [arrangementId],
    )
    expect(rows.map((r) => [r.account_id, r.priority_tier, r.first_instalment_share_pence])).toEqual([
      [p.rentAccountId, 1, 571],
      [p.councilTaxAccountId, 1, 429],
      [p.repairAccountId, 2, 0],
    ])
    const view = await ctx.db.query<{ account_id: number; status: string }>('select account_id, status from account_arrangement_status where arrangement_id = $1 order by account_id', [arrangementId])
    expect(view.map((v) => v.status)).toEqual(['kept', 'kept', 'kept'])
    const [audit] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'arrangement.created' and entity_id = $1`, [String(arrangementId)])
    expect(audit!.n).toBe(1)
  })

  it('refuses an account that is not the person’s, and a second arrangement on the same account', async () => {
    const p = await personWithDebts(ctx.db)
    const other = await personWithDebts(ctx.db)
    const err = await setUpArrangement(ctx.db, { ...weekly, partyId: p.partyId, accountIds: [p.rentAccountId, other.councilTaxAccountId], instalmentPence: 1000, actor: cliActor }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).userMessage).toMatch(/is not one of this person’s accounts/)
    await setUpArrangement(ctx.db, { ...weekly, partyId: p.partyId, accountIds: [p.rentAccountId], instalmentPence: 1000, actor: cliActor })
    const again = await setUpArrangement(ctx.db, { ...weekly, partyId: p.partyId, accountIds: [p.rentAccountId], instalmentPence: 1000, actor: cliActor }).catch((e: unknown) => e)
    expect((again as AppError).code).toBe('conflict')
  })

  it('previews without saving, and refuses terms the domain refuses', async () => {
    const p = await personWithDebts(ctx.db)
    const preview = await previewArrangement(ctx.db, { ...weekly, partyId: p.partyId, accountIds: [p.rentAccountId], instalmentPence: 2500 })
    expect(preview.schedule.completesOn).toBe('2026-12-21') // 8 weekly instalments of £25.00 clear £200.00: 2 Nov … 21 Dec
    const err = await previewArrangement(ctx.db, { ...weekly, partyId: p.partyId, accountIds: [p.rentAccountId], instalmentPence: 0 }).catch((e: unknown) => e)
    expect((err as AppError).details.map((d) => d.field)).toContain('instalmentPence')
    const [n] = await ctx.db.query<{ n: number }>('select count(*)::int as n from arrangements where party_id = $1', [p.partyId])
    expect(n!.n).toBe(0)
  })

  it('nightly check: kept within tolerance, breached beyond it (one event, whatever the re-runs), visible to recovery; an amendment is a new version', async () => {
    const kept = await personWithDebts(ctx.db)
    const late = await personWithDebts(ctx.db)
    const k = await setUpArrangement(ctx.db, { ...weekly, partyId: kept.partyId, accountIds: [kept.rentAccountId], instalmentPence: 1000, actor: cliActor })
    const b = await setUpArrangement(ctx.db, { ...weekly, partyId: late.partyId, accountIds: [late.rentAccountId, late.councilTaxAccountId], instalmentPence: 1000, actor: cliActor })
    for (const d of ['2026-11-02', '2026-11-09', '2026-11-16']) {
      await debit(ctx.db, kept.rentAccountId, d, 10000, d)
      await debit(ctx.db, late.rentAccountId, d, 10000, d)
    }
    // Kept: £110.00 each week, the last one £3.00 short (within the £5.00 tolerance).
    await pay(ctx.db, kept.rentAccountId, '2026-11-02', 11000)
    await pay(ctx.db, kept.rentAccountId, '2026-11-09', 11000)
    await pay(ctx.db, kept.rentAccountId, '2026-11-16', 10700)
    // Late: one payment of the rent alone, then nothing.
    await pay(ctx.db, late.rentAccountId, '2026-11-02', 10000)

    const first = await runArrangementCheck(ctx.db, { date: '2026-11-17' })
    expect(first.transitions).toBeGreaterThanOrEqual(1)
    const again = await runArrangementCheck(ctx.db, { date: '2026-11-17' })
    expect(again.transitions).toBe(0)
    await runArrangementCheck(ctx.db, { date: '2026-11-18' })

    const keptView = await getAccountArrangement(ctx.db, kept.rentAccountId, '2026-11-18')
    expect(keptView!.status).toBe('kept')
    expect(keptView!.events.map((e) => e.type)).toEqual(['created'])

    const lateView = await getAccountArrangement(ctx.db, late.councilTaxAccountId, '2026-11-18')
    expect(lateView!.status).toBe('breached')
    expect(lateView!.breaches).toHaveLength(1)
    // The £10.00 due on 2 November was missing for more than 7 days: breached on Tuesday 10 November.
    expect(lateView!.breaches[0]!.on).toBe('2026-11-10')
    const seen = await ctx.db.query<{ account_id: number; status: string; recovery_status: string }>(
      'select account_id, status, recovery_status from account_arrangement_status where arrangement_id = $1 order by account_id',
      [b.arrangementId],
    )
    expect(seen.map((s) => s.recovery_status)).toEqual(['breached', 'breached'])
    await expect(ctx.db.query('delete from arrangement_events where arrangement_id = $1', [b.arrangementId])).rejects.toThrow(/append-only/)

    // The officer agrees new terms from 18 November: version 2, kept again, the breach stays in the history.
    const amended = await amendArrangement(ctx.db, { arrangementId: b.arrangementId, effectiveFrom: '2026-11-23', instalmentPence: 500, reason: 'Hours cut at work', today: '2026-11-18', actor: cliActor })
    expect(amended.version).toBe(2)
    const after = await getAccountArrangement(ctx.db, late.rentAccountId, '2026-11-18')
    expect(after!.status).toBe('kept')
    expect(after!.versions.map((v) => v.version)).toEqual([1, 2])
    expect(after!.events.map((e) => e.type)).toEqual(['created', 'breached', 'amended'])
    expect(after!.terms.instalmentPence).toBe(500)
    expect(k.arrangementId).toBeGreaterThan(0)
  })

  it('nightly check: completed when the arrears are cleared', async () => {
    const p = await personWithDebts(ctx.db)
    const a = await setUpArrangement(ctx.db, { ...weekly, partyId: p.partyId, accountIds: [p.rentAccountId], instalmentPence: 5000, actor: cliActor })
    await debit(ctx.db, p.rentAccountId, '2026-11-02', 10000, '2026-11-02')
    await pay(ctx.db, p.rentAccountId, '2026-11-03', 30000)
    await runArrangementCheck(ctx.db, { date: '2026-11-04' })
    const view = await getAccountArrangement(ctx.db, p.rentAccountId, '2026-11-04')
    expect(view!.status).toBe('completed')
    expect(view!.events.map((e) => e.type)).toEqual(['created', 'completed'])
    const [s] = await ctx.db.query<{ recovery_status: string }>('select recovery_status from account_arrangement_status where account_id = $1', [p.rentAccountId])
    expect(s!.recovery_status).toBe('none')
    expect(a.arrangementId).toBe(view!.id)
  })

  it('cancels an arrangement, keeping its history', async () => {
    const p = await personWithDebts(ctx.db)
    const a = await setUpArrangement(ctx.db, { ...weekly, partyId: p.partyId, accountIds: [p.rentAccountId], instalmentPence: 1000, actor: cliActor })
    await cancelArrangement(ctx.db, { arrangementId: a.arrangementId, on: TODAY, reason: 'Tenant asked to stop', actor: cliActor })
    const view = await getAccountArrangement(ctx.db, p.rentAccountId, TODAY)
    expect(view!.status).toBe('cancelled')
    expect(view!.events.map((e) => e.type)).toEqual(['created', 'cancelled'])
    const seen = await ctx.db.query('select 1 from account_arrangement_status where account_id = $1', [p.rentAccountId])
    expect(seen).toHaveLength(0)
  })
})
