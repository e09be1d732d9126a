import { expect, it } from 'vitest'
import { cliActor, type Actor } from '../src/services/actor.ts'
import { cashReconciliation } from '../src/services/payments/cash-reconciliation.ts'
import { importPaymentFile } from '../src/services/payments/import-payment-file.ts'
import { decideSuspenseClearance, listSuspenseItems, requestSuspenseClearance } from '../src/services/payments/suspense.ts'
import { createUser } from '../src/services/users/create-user.ts'
import { describeEachDb } from './databases.ts'
import { balanceOf, makeTenancy } from './fixtures.ts'

const counts = async (db: { query: <T extends object>(s: string) => Promise<T[]> }) =>
  (await db.query<{ payments: number; postings: number }>('select (select count(*) from payments)::int as payments, (select count(*) from postings)::int as postings'))[0]!

describeEachDb('importing a payment file', (ctx) => {
  let seq = 0
  const user = async (role: 'team_leader' | 'income_officer' | 'finance'): Promise<Actor> => {
    const username = `imp${role.replace(/_/g, '')}${++seq}`
    return { userId: await createUser(ctx.db, { username, displayName: username, role, password: 'a long password', actor: cliActor }), label: `user:${username}` }
  }
  const refOf = async (accountId: number) =>
    (await ctx.db.query<{ payment_reference: string }>('select payment_reference from accounts where id = $1', [accountId]))[0]!.payment_reference

  it('posts a whole file, matching by reference and sending the unknown to suspense, then refuses it a second time', async () => {
    const a = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    const b = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    const text = [
      'date,reference,amount,name,method',
      `07/04/2026,${await refOf(a.accountId)},95.20,A Tenant,bank_transfer`,
      `07/04/2026,${a.accountNumber},10.00,A Tenant,cash`,
      `08/04/2026,${await refOf(b.accountId)},"1,200.00",B Tenant,cheque`,
      '08/04/2026,999999999,42.00,Nobody Known,bank_transfer',
    ].join('\r\n')
    const s = await importPaymentFile(ctx.db, { text, fileName: 'bank-2026-04-08.csv', format: 'bank-csv', today: '2026-04-08', actor: cliActor })
    expect(s).toMatchObject({ count: 4, totalPence: 134720, matched: 3, matchedPence: 130520, suspense: 1, suspensePence: 4200 })
    expect(s.byRule).toEqual({ 'exact-reference': 2, 'account-number': 1, suspense: 1 })
    expect(await balanceOf(ctx.db, a.accountId)).toBe(-10520)
    expect(await balanceOf(ctx.db, b.accountId)).toBe(-120000)

    const before = await counts(ctx.db)
    await expect(importPaymentFile(ctx.db, { text, fileName: 'renamed.csv', format: 'bank-csv', today: '2026-04-09', actor: cliActor })).rejects.toThrow(
      /already imported.*same content.*Nothing was posted/,
    )
    expect(await counts(ctx.db)).toEqual(before)

    const rec = await cashReconciliation(ctx.db, { from: '2026-04-07', to: '2026-04-08' })
    expect(rec.mismatches).toBe(0)
    expect(rec.rows.find((r) => r.date === '2026-04-08' && r.method === 'bank_transfer')?.ledgerPence).toBe(4200)
  })

  it('posts nothing from a file with a bad line, naming the line and field', async () => {
    const a = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    const before = await counts(ctx.db)
    const text = ['date,reference,amount', `07/04/2026,${await refOf(a.accountId)},95.20`, `31/02/2026,${await refOf(a.accountId)},10.00`, `07/04/2026,${a.accountNumber},ten`].join('\n')
    const err = await importPaymentFile(ctx.db, { text, fileName: 'bad.csv', format: 'bank-csv', today: '2026-04-08', actor: cliActor }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'validation' })
    const details = (err as { details: { line: number; field: string }[] }).details
    expect(details.map((d) => [d.line, d.field])).toEqual([
      [3, 'date'],
      [4, 'amount'],
    ])
    expect(await counts(ctx.db)).toEqual(before)
    expect(await balanceOf(ctx.db, a.accountId)).toBe(0)
  })

  it('clears suspense at once under the limit, and above it only with a second person’s approval', async () => {
    const a = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    const text = ['date,reference,amount,name', '09/04/2026,12345,30.00,Small Payer', '09/04/2026,67890,750.00,Big Payer'].join('\n')
    await importPaymentFile(ctx.db, { text, fileName: 'suspense.csv', format: 'bank-csv', today: '2026-04-09', actor: cliActor })
    const items = (await listSuspenseItems(ctx.db)).filter((i) => ['12345', '67890'].includes(i.reference ?? ''))
    const small = items.find((i) => i.reference === '12345')!
    const big = items.find((i) => i.reference === '67890')!
    const officer = await user('income_officer')
    const r1 = await requestSuspenseClearance(ctx.db, { suspenseId: small.id, targetAccountNumber: a.accountNumber, note: 'Tenant phoned: her reference', today: '2026-04-10', actor: officer })
    expect(r1.status).toBe('cleared')
    expect(await balanceOf(ctx.db, a.accountId)).toBe(-3000)

    const r2 = await requestSuspenseClearance(ctx.db, { suspenseId: big.id, targetAccountNumber: a.accountNumber, note: 'Bank confirmed payer', today: '2026-04-10', actor: officer })
    expect(r2).toEqual({ status: 'pending_approval', limitPence: 50000 })
    expect(await balanceOf(ctx.db, a.accountId)).toBe(-3000)
    await expect(decideSuspenseClearance(ctx.db, { suspenseId: big.id, approve: true, today: '2026-04-10', actor: officer })).rejects.toThrow(/Only team leader or finance/)
    const leader = await user('team_leader')
    await decideSuspenseClearance(ctx.db, { suspenseId: big.id, approve: true, today: '2026-04-11', actor: leader })
    expect(await balanceOf(ctx.db, a.accountId)).toBe(-78000)
    const [suspenseBalance] = await ctx.db.query<{ n: number }>(
      `select count(*)::int as n from suspense_items where id = any($1::bigint[]) and status = 'cleared'`,
      [[small.id, big.id]],
    )
    expect(suspenseBalance!.n).toBe(2)
    const audit = await ctx.db.query<{ action: string }>(`select action from audit_events where entity_type = 'suspense_item' and entity_id = $1 order by id`, [String(big.id)])
    expect(audit.map((x) => x.action)).toEqual(['suspense.clearance_requested', 'suspense.clearance_approved'])
  })

  it('refuses a team leader approving their own clearance', async () => {
    const a = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    await importPaymentFile(ctx.db, { text: 'date,reference,amount\n10/04/2026,55555,900.00', fileName: 's2.csv', format: 'bank-csv', today: '2026-04-10', actor: cliActor })
    const item = (await listSuspenseItems(ctx.db)).find((i) => i.reference === '55555')!
    const leader = await user('team_leader')
    await requestSuspenseClearance(ctx.db, { suspenseId: item.id, targetAccountNumber: a.accountNumber, note: 'mine', today: '2026-04-10', actor: leader })
    await expect(decideSuspenseClearance(ctx.db, { suspenseId: item.id, approve: true, today: '2026-04-10', actor: leader })).rejects.toThrow(/cannot approve a clearance you asked for/)
  })

  it('imports a benefit schedule as Housing Benefit credits for the period', async () => {
    const a = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    const text = ['reference,period_start,period_end,amount', `${await refOf(a.accountId)},2026-04-06,2026-05-03,380.80`].join('\n')
    await expect(importPaymentFile(ctx.db, { text, fileName: 'hb.csv', format: 'benefit-schedule', today: '2026-05-04', actor: cliActor })).rejects.toThrow(/Housing Benefit or Universal Credit/)
    const s = await importPaymentFile(ctx.db, { text, fileName: 'hb.csv', format: 'benefit-schedule', benefitKind: 'housing_benefit', today: '2026-05-04', actor: cliActor })
    expect(s.matched).toBe(1)
    const [p] = await ctx.db.query<{ method: string; received_on: string }>('select method, received_on from payments where import_id = $1', [s.importId])
    expect(p).toEqual({ method: 'housing_benefit', received_on: '2026-05-03' })
  })
})
