import { expect, it } from 'vitest'
import { cliActor, type Actor } from '../src/services/actor.ts'
import { cashReconciliation } from '../src/services/payments/cash-reconciliation.ts'
import { receiptPayment } from '../src/services/payments/receipt-payment.ts'
import { reallocatePayment } from '../src/services/payments/reallocate-payment.ts'
import { decideRefund, exportApprovedRefunds, requestRefund } from '../src/services/payments/refunds.ts'
import { reversePayment } from '../src/services/payments/reverse-payment.ts'
import { getAccountStatement } from '../src/services/statements/get-account-statement.ts'
import { openCustomerAccount } from '../src/services/accounts/open-customer-account.ts'
import { createUser, type Role } from '../src/services/users/create-user.ts'
import { runRentDebits } from '../src/jobs/rent-debit-run.ts'
import { describeEachDb } from './databases.ts'
import { balanceOf, makeTenancy } from './fixtures.ts'

let userSeq = 0
async function userActor(db: Parameters<typeof createUser>[0], role: Role): Promise<Actor> {
  const username = `${role.replace(/_/g, '')}${++userSeq}`
  const id = await createUser(db, { username, displayName: username, role, password: 'correct horse battery', actor: cliActor })
  return { userId: id, label: `user:${username}` }
}

describeEachDb('money in', (ctx) => {
  it('receipts cash collected on a site with a numbered receipt and the new balance', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [{ chargeType: 'rent', weeklyPence: 7500 }] })
    await runRentDebits(ctx.db, { week: '2026-04-06', postingDate: '2026-04-06' })
    const officer = await userActor(ctx.db, 'income_officer')
    const r = await receiptPayment(ctx.db, {
      accountId: t.accountId,
      method: 'cash',
      amountPence: 5000,
      receivedOn: '2026-04-08',
      postingDate: '2026-04-08',
      collectedAt: 'Riverside site office',
      actor: officer,
    })
    expect(r.receiptNumber).toMatch(/^RC26\d{7}$/)
    expect(r.balanceAfterPence).toBe(2500)
    expect(r.collectedAt).toBe('Riverside site office')
    const [p] = await ctx.db.query<{ receipt_number: string; collected_at: string; user_id: number }>('select receipt_number, collected_at, user_id from payments where id = $1', [r.paymentId])
    expect(p).toEqual({ receipt_number: r.receiptNumber, collected_at: 'Riverside site office', user_id: officer.userId })
    await expect(
      receiptPayment(ctx.db, { accountId: t.accountId, method: 'housing_benefit' as 'cash', amountPence: 1, receivedOn: '2026-04-08', postingDate: '2026-04-08', actor: officer }),
    ).rejects.toThrow(/arrive by file/)
  })

  it('reverses a dishonoured cheque: both the payment and its reversal show on the statement', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    const r = await receiptPayment(ctx.db, { accountId: t.accountId, method: 'cheque', amountPence: 12000, receivedOn: '2026-04-09', postingDate: '2026-04-09', reference: 'CHQ 100234', actor: cliActor })
    await ctx.db.transaction((tx) =>
      reversePayment(tx, { paymentId: r.paymentId, reason: 'cheque_dishonoured', effectiveDate: '2026-04-16', postingDate: '2026-04-16', actor: cliActor }),
    )
    expect(await balanceOf(ctx.db, t.accountId)).toBe(0)
    const s = await getAccountStatement(ctx.db, t.accountNumber, { from: '2026-04-01', to: '2026-04-30' })
    expect(s.statement.lines.map((l) => [l.effectiveDate, l.amountPence, l.balancePence])).toEqual([
      ['2026-04-09', -12000, -12000],
      ['2026-04-16', 12000, 0],
    ])
    expect(s.statement.lines[1]!.description).toMatch(/Cheque dishonoured/)
    await expect(
      ctx.db.transaction((tx) => reversePayment(tx, { paymentId: r.paymentId, reason: 'cheque_dishonoured', effectiveDate: '2026-04-16', postingDate: '2026-04-16', actor: cliActor })),
    ).rejects.toThrow(/already been reversed/)
  })

  it('moves a misposted payment to the right account, visible on both statements, allocations following it', async () => {
    const wrong = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    const right = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    const r = await receiptPayment(ctx.db, { accountId: wrong.accountId, method: 'card', amountPence: 8000, receivedOn: '2026-04-10', postingDate: '2026-04-10', actor: cliActor })
    await ctx.db.transaction((tx) =>
      reallocatePayment(tx, { paymentId: r.paymentId, fromAccountId: wrong.accountId, toAccountId: right.accountId, reason: 'keyed to wrong account', effectiveDate: '2026-04-11', postingDate: '2026-04-11', actor: cliActor, idempotencyKey: 'move-1' }),
    )
    expect(await balanceOf(ctx.db, wrong.accountId)).toBe(0)
    expect(await balanceOf(ctx.db, right.accountId)).toBe(-8000)
    const alloc = await ctx.db.query<{ account_id: number; net: number }>(
      'select account_id, sum(amount_pence)::bigint as net from payment_allocations where payment_id = $1 group by account_id order by account_id',
      [r.paymentId],
    )
    expect(alloc).toEqual([
      { account_id: wrong.accountId, net: 0 },
      { account_id: right.accountId, net: 8000 },
    ])
    const s = await getAccountStatement(ctx.db, wrong.accountNumber, { from: '2026-04-01', to: '2026-04-30' })
    expect(s.statement.lines.map((l) => l.description).join(' | ')).toMatch(/Payment moved to account/)
    await expect(
      ctx.db.transaction((tx) =>
        reallocatePayment(tx, { paymentId: r.paymentId, fromAccountId: wrong.accountId, toAccountId: right.accountId, reason: 'again', effectiveDate: '2026-04-11', postingDate: '2026-04-11', actor: cliActor, idempotencyKey: 'move-2' }),
      ),
    ).rejects.toThrow(/Only 0 pence/)
  })

  it("offsets a credit against the same person's other debts, then refunds the rest only with someone else's approval", async () => {
    const rent = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    const garage = await ctx.db.transaction((tx) =>
      openCustomerAccount(tx, { type: 'rechargeable_repair', name: 'Door repair', partyIds: rent.partyIds, openedOn: '2026-04-01', actor: cliActor }),
    )
    // A £30 recharge owed, and a £100 overpayment on the rent account.
    const [income] = await ctx.db.query<{ id: number }>(`select id from accounts where account_number = 'GL-INCOME-RENT'`)
    await ctx.db.query(
      `with t as (insert into ledger_transactions (txn_type, idempotency_key, effective_date, posting_date, source, description)
                  values ('adjustment', 'recharge-1', '2026-04-02', '2026-04-02', 'user', 'Recharge') returning id)
       insert into postings (transaction_id, account_id, amount_pence, effective_date, posting_type)
       select t.id, $1::int, 3000, date '2026-04-02', 'recharge' from t union all select t.id, $2::int, -3000, date '2026-04-02', 'recharge' from t`,
      [garage.id, income!.id],
    )
    await receiptPayment(ctx.db, { accountId: rent.accountId, method: 'bank_transfer', amountPence: 10000, receivedOn: '2026-04-10', postingDate: '2026-04-10', actor: cliActor })
    const officer = await userActor(ctx.db, 'income_officer')
    const req = await requestRefund(ctx.db, {
      accountNumber: rent.accountNumber,
      method: 'bacs',
      bankSortCode: '309430',
      bankAccountNumber: '00733445',
      reason: 'Overpaid',
      today: '2026-04-20',
      actor: officer,
    })
    expect(req.creditPence).toBe(10000)
    expect(req.offsets).toEqual([{ accountNumber: garage.accountNumber, amountPence: 3000 }])
    expect(req.refundPence).toBe(7000)
    expect(await balanceOf(ctx.db, garage.id)).toBe(0)

    await expect(decideRefund(ctx.db, { refundId: req.refundId!, approve: true, today: '2026-04-21', actor: officer })).rejects.toThrow(/Only team leader or finance/)
    const leader = await userActor(ctx.db, 'team_leader')
    await decideRefund(ctx.db, { refundId: req.refundId!, approve: true, today: '2026-04-21', actor: leader })
    expect(await balanceOf(ctx.db, rent.accountId)).toBe(0)

    const finance = await userActor(ctx.db, 'finance')
    const exp = await exportApprovedRefunds(ctx.db, { fileName: 'refunds.csv', actor: finance })
    expect(exp.count).toBeGreaterThanOrEqual(1)
    expect(exp.csv).toMatch(/refund_id,payee_name,method,sort_code,account_number,amount/)
    expect(exp.csv).toMatch(/309430,00733445,70\.00/)
    const again = await exportApprovedRefunds(ctx.db, { fileName: 'refunds2.csv', actor: finance })
    expect(again.count).toBe(0)
  })

  it('refuses a BACS refund without valid bank details and a refund for an account not in credit', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    await expect(
      requestRefund(ctx.db, { accountNumber: t.accountNumber, method: 'bacs', bankSortCode: '30-94', bankAccountNumber: '1', reason: 'x', today: '2026-04-20', actor: cliActor }),
    ).rejects.toThrow(/6-digit sort code/)
    await expect(
      requestRefund(ctx.db, { accountNumber: t.accountNumber, method: 'cheque', reason: 'x', today: '2026-04-20', actor: cliActor }),
    ).rejects.toThrow(/not in credit/)
  })

  it('reconciles each day and method to the ledger, net of reversals', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    const a = await receiptPayment(ctx.db, { accountId: t.accountId, method: 'postal_order', amountPence: 2000, receivedOn: '2026-05-05', postingDate: '2026-05-05', actor: cliActor })
    await receiptPayment(ctx.db, { accountId: t.accountId, method: 'postal_order', amountPence: 3500, receivedOn: '2026-05-05', postingDate: '2026-05-05', actor: cliActor })
    await ctx.db.transaction((tx) => reversePayment(tx, { paymentId: a.paymentId, reason: 'paid_in_error', effectiveDate: '2026-05-05', postingDate: '2026-05-05', actor: cliActor }))
    const r = await cashReconciliation(ctx.db, { from: '2026-05-05', to: '2026-05-05' })
    expect(r.rows.find((x) => x.method === 'postal_order')).toMatchObject({ payments: 2, receivedPence: 5500, reversedPence: 2000, netPence: 3500, ledgerPence: 3500, differencePence: 0 })
    expect(r.mismatches).toBe(0)
  })
})
