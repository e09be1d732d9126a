import { expect, it } from 'vitest'
import { applyRentChange } from '../src/services/charges/apply-rent-change.ts'
import { cliActor } from '../src/services/actor.ts'
import { endTenancy } from '../src/services/tenancies/end-tenancy.ts'
import { getAccountStatement } from '../src/services/statements/get-account-statement.ts'
import { runRentDebits, summariseDueCharges } from '../src/jobs/rent-debit-run.ts'
import { describeEachDb } from './databases.ts'
import { balanceOf, makeTenancy } from './fixtures.ts'

// Calendar used below: Mon 6 Apr 2026 starts rent year 2026/27; Mon 13 Apr, Mon 20 Apr follow.
// Mon 5 Apr 2027 is the first Monday in April 2027.
describeEachDb('the weekly rent debit run', (ctx) => {
  const chargesOn = (accountId: number) =>
    ctx.db.query<{ period_start: string; posting_type: string; amount_pence: number }>(
      `select period_start, posting_type, amount_pence from postings where account_id = $1 and charge_key is not null order by period_start, posting_type`,
      [accountId],
    )

  it('debits each charge of each live agreement once for the week, balanced against income', async () => {
    const a = await makeTenancy(ctx.db, {
      startDate: '2026-04-06',
      charges: [
        { chargeType: 'rent', weeklyPence: 10250 },
        { chargeType: 'service_charge', weeklyPence: 475 },
      ],
    })
    const dry = await summariseDueCharges(ctx.db, '2026-04-06')
    expect(dry.find((d) => d.chargeType === 'service_charge')?.postings).toBeGreaterThanOrEqual(1)
    const r = await runRentDebits(ctx.db, { week: '2026-04-06', postingDate: '2026-04-06', chunkSize: 3 })
    expect(r.postings).toBeGreaterThanOrEqual(2)
    expect(await chargesOn(a.accountId)).toEqual([
      { period_start: '2026-04-06', posting_type: 'rent', amount_pence: 10250 },
      { period_start: '2026-04-06', posting_type: 'service_charge', amount_pence: 475 },
    ])
    const [sum] = await ctx.db.query<{ s: number }>('select coalesce(sum(amount_pence),0)::bigint as s from postings')
    expect(sum!.s).toBe(0)
  })

  it('posts nothing more when the same week is run twice', async () => {
    const a = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [{ chargeType: 'rent', weeklyPence: 9000 }] })
    await runRentDebits(ctx.db, { week: '2026-04-13', postingDate: '2026-04-13' })
    const before = await balanceOf(ctx.db, a.accountId)
    const again = await runRentDebits(ctx.db, { week: '2026-04-13', postingDate: '2026-04-13' })
    expect(again.postings).toBe(0)
    expect(await balanceOf(ctx.db, a.accountId)).toBe(before)
  })

  it('resumes a crashed run at the first uncommitted chunk and completes the week exactly once', async () => {
    const accounts = []
    for (let i = 0; i < 5; i++) accounts.push(await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [{ chargeType: 'rent', weeklyPence: 8000 + i }] }))
    // Simulate a crash: the run dies after its second chunk commits.
    let chunksSeen = 0
    await expect(
      runRentDebits(ctx.db, {
        week: '2026-04-20',
        postingDate: '2026-04-20',
        chunkSize: 2,
        onProgress: (done) => {
          chunksSeen = done
          if (done === 2) throw new Error('simulated crash')
        },
      }),
    ).rejects.toThrow('simulated crash')
    expect(chunksSeen).toBe(2)
    const [run] = await ctx.db.query<{ status: string }>(`select status from job_runs where run_key = 'rent-debits:2026-04-20'`)
    expect(run!.status).toBe('failed')
    const resumed = await runRentDebits(ctx.db, { week: '2026-04-20', postingDate: '2026-04-20', chunkSize: 2 })
    expect(resumed.resumed).toBe(true)
    expect(resumed.chunksSkipped).toBe(2)
    for (const a of accounts) {
      const weeks = (await chargesOn(a.accountId)).filter((c) => c.period_start === '2026-04-20')
      expect(weeks).toHaveLength(1)
    }
  })

  it('charges a part first week pro rata by days and skips rent-free weeks', async () => {
    await ctx.db.query(`insert into rent_free_calendars (code, name) values ('TEST-48', 'Test 48-week pattern') on conflict do nothing`)
    await ctx.db.query(`insert into rent_free_weeks (calendar_code, week_commencing) values ('TEST-48', '2026-05-04') on conflict do nothing`)
    // Starts Thursday 30 April 2026: 4 days of the week commencing Monday 27 April.
    const a = await makeTenancy(ctx.db, { startDate: '2026-04-30', charges: [{ chargeType: 'rent', weeklyPence: 7000 }], rentFreeCalendar: 'TEST-48' })
    for (const week of ['2026-04-27', '2026-05-04', '2026-05-11']) await runRentDebits(ctx.db, { week, postingDate: week })
    expect(await chargesOn(a.accountId)).toEqual([
      { period_start: '2026-04-27', posting_type: 'rent', amount_pence: 4000 },
      { period_start: '2026-05-11', posting_type: 'rent', amount_pence: 7000 },
    ])
  })

  it('refuses a week that is not a Monday', async () => {
    await expect(runRentDebits(ctx.db, { week: '2026-04-07', postingDate: '2026-04-07' })).rejects.toThrow(/must be a Monday/)
  })
})

describeEachDb('the annual rent change', (ctx) => {
  it('applies from the first Monday in April with notice recorded, rounding to the penny, once', async () => {
    const a = await makeTenancy(ctx.db, { startDate: '2026-06-01', charges: [{ chargeType: 'rent', weeklyPence: 9999 }] })
    const r = await applyRentChange(ctx.db, { effectiveFrom: '2027-04-05', noticeServedOn: '2027-03-01', changeBasisPoints: 480, chargeTypes: ['rent'], actor: cliActor })
    expect(r.ratesChanged).toBeGreaterThanOrEqual(1)
    const rates = await ctx.db.query<{ effective_from: string; weekly_pence: number; notice_served_on: string | null }>(
      `select cr.effective_from, cr.weekly_pence, cr.notice_served_on from charge_rates cr join charge_schedules cs on cs.id = cr.schedule_id
       where cs.account_id = $1 order by effective_from`,
      [a.accountId],
    )
    // 9999 × 1.048 = 10478.952 → 10479
    expect(rates).toEqual([
      { effective_from: '2026-06-01', weekly_pence: 9999, notice_served_on: null },
      { effective_from: '2027-04-05', weekly_pence: 10479, notice_served_on: '2027-03-01' },
    ])
    const again = await applyRentChange(ctx.db, { effectiveFrom: '2027-04-05', noticeServedOn: '2027-03-01', changeBasisPoints: 480, chargeTypes: ['rent'], actor: cliActor })
    expect(again.ratesChanged).toBe(0)
    await runRentDebits(ctx.db, { week: '2027-03-29', postingDate: '2027-03-29' })
    await runRentDebits(ctx.db, { week: '2027-04-05', postingDate: '2027-04-05' })
    const charges = await ctx.db.query<{ amount_pence: number }>(
      `select amount_pence from postings where account_id = $1 and charge_key is not null order by period_start`,
      [a.accountId],
    )
    expect(charges.map((c) => c.amount_pence)).toEqual([9999, 10479])
  })

  it('refuses a change with less than 4 weeks notice, saying when notice was due', async () => {
    await expect(
      applyRentChange(ctx.db, { effectiveFrom: '2027-04-05', noticeServedOn: '2027-03-20', changeBasisPoints: 480, chargeTypes: ['rent'], actor: cliActor }),
    ).rejects.toThrow(/at least 4 weeks' written notice.*16 days.*serve it by 2027-03-08/)
  })

  it('refuses a change that is not on the first Monday in April', async () => {
    await expect(
      applyRentChange(ctx.db, { effectiveFrom: '2027-04-12', noticeServedOn: '2027-01-01', changeBasisPoints: 480, chargeTypes: ['rent'], actor: cliActor }),
    ).rejects.toThrow(/first Monday in April: for 2027 that is 2027-04-05/)
  })
})

describeEachDb('ending a tenancy', (ctx) => {
  it('charges to the end date, closes the rent account and transfers the balance to a new former tenant account', async () => {
    const a = await makeTenancy(ctx.db, { startDate: '2026-06-01', charges: [{ chargeType: 'rent', weeklyPence: 7000 }], joint: true })
    for (const week of ['2026-06-01', '2026-06-08', '2026-06-15']) await runRentDebits(ctx.db, { week, postingDate: week })
    // Ends Wednesday 17 June: the week of 15 June was debited in full, 3 of its 7 days are due.
    const ended = await ctx.db.transaction((tx) =>
      endTenancy(tx, { tenancyId: a.tenancyId, endDate: '2026-06-17', reason: 'notice_given', postingDate: '2026-06-18', actor: cliActor }),
    )
    expect(ended.transferredPence).toBe(7000 + 7000 + 3000)
    expect(await balanceOf(ctx.db, a.accountId)).toBe(0)
    expect(await balanceOf(ctx.db, ended.formerTenantAccountId!)).toBe(17000)
    const [acct] = await ctx.db.query<{ status: string; closed_on: string }>('select status, closed_on from accounts where id = $1', [a.accountId])
    expect(acct).toEqual({ status: 'closed', closed_on: '2026-06-17' })
    const parties = await ctx.db.query<{ party_id: number }>('select party_id from account_parties where account_id = $1 order by party_id', [ended.formerTenantAccountId])
    expect(parties.map((p) => p.party_id)).toEqual([...a.partyIds].sort((x, y) => x - y))

    const rent = await getAccountStatement(ctx.db, a.accountNumber, { from: '2026-06-01', to: '2026-06-30' })
    expect(rent.statement.lines.at(-1)).toMatchObject({ amountPence: -17000, balancePence: 0 })
    expect(rent.statement.lines.at(-1)!.description).toMatch(/transferred to former tenant account FTA/)
    const fta = await getAccountStatement(ctx.db, ended.formerTenantAccountId!, { from: '2026-06-01', to: '2026-06-30' })
    expect(fta.statement.lines).toHaveLength(1)
    expect(fta.statement.lines[0]!.description).toMatch(/transferred from account RNT/)
    expect(fta.statement.closingBalancePence).toBe(17000)

    // Later debit runs do not charge the ended tenancy.
    await runRentDebits(ctx.db, { week: '2026-06-22', postingDate: '2026-06-22' })
    expect(await balanceOf(ctx.db, a.accountId)).toBe(0)
  })

  it('refuses to end a tenancy twice', async () => {
    const a = await makeTenancy(ctx.db, { startDate: '2026-06-01', charges: [{ chargeType: 'rent', weeklyPence: 7000 }] })
    const end = () => ctx.db.transaction((tx) => endTenancy(tx, { tenancyId: a.tenancyId, endDate: '2026-06-07', reason: 'notice_given', postingDate: '2026-06-08', actor: cliActor }))
    await end()
    await expect(end()).rejects.toThrow(/already ended/)
  })
})
