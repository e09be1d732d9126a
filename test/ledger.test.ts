import fc from 'fast-check'
import { expect, it } from 'vitest'
import { cliActor } from '../src/services/actor.ts'
import { postTransaction } from '../src/services/ledger/post-transaction.ts'
import { reverseTransaction } from '../src/services/ledger/reverse-transaction.ts'
import { recordPayment } from '../src/services/payments/record-payment.ts'
import { describeEachDb } from './databases.ts'
import { balanceOf, controlAccountId, makeTenancy } from './fixtures.ts'

describeEachDb('the ledger', (ctx) => {
  const post = (key: string, legs: { accountId: number; amountPence: number }[]) =>
    postTransaction(ctx.db, {
      type: 'adjustment',
      idempotencyKey: key,
      effectiveDate: '2026-04-06',
      postingDate: '2026-04-06',
      source: 'user',
      actor: cliActor,
      description: 'test',
      legs: legs.map((l) => ({ ...l, postingType: 'adjustment' })),
    })

  it('refuses to update, delete or truncate postings and transactions', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [{ chargeType: 'rent', weeklyPence: 10000 }] })
    const income = await controlAccountId(ctx.db, 'GL-INCOME-RENT')
    const posted = await post('immutable-1', [
      { accountId: t.accountId, amountPence: 500 },
      { accountId: income, amountPence: -500 },
    ])
    await expect(ctx.db.query('update postings set amount_pence = 1 where id = $1', [posted.postingIds[0]])).rejects.toThrow(/append-only/)
    await expect(ctx.db.query('delete from postings where id = $1', [posted.postingIds[0]])).rejects.toThrow(/append-only/)
    await expect(ctx.db.query('update ledger_transactions set description = $2 where id = $1', [posted.transactionId, 'x'])).rejects.toThrow(/append-only/)
    await expect(ctx.db.exec('truncate postings cascade')).rejects.toThrow(/append-only/)
    await expect(ctx.db.query('delete from audit_events')).rejects.toThrow(/append-only/)
    expect(await balanceOf(ctx.db, t.accountId)).toBe(500)
  })

  it('refuses, in the database itself, a transaction whose legs do not sum to zero', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    const [txn] = await ctx.db.query<{ id: number }>(
      `insert into ledger_transactions (txn_type, idempotency_key, effective_date, posting_date, source, description)
       values ('adjustment', 'raw-unbalanced', '2026-04-06', '2026-04-06', 'user', 'raw') returning id`,
    )
    await expect(
      ctx.db.query(
        `insert into postings (transaction_id, account_id, amount_pence, effective_date, posting_type) values ($1, $2, 700, '2026-04-06', 'x')`,
        [txn!.id, t.accountId],
      ),
    ).rejects.toThrow(/does not balance/)
    expect(await balanceOf(ctx.db, t.accountId)).toBe(0)
  })

  it('replays an idempotent post and refuses the same key with different legs', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    const income = await controlAccountId(ctx.db, 'GL-INCOME-RENT')
    const legs = [
      { accountId: t.accountId, amountPence: 1234 },
      { accountId: income, amountPence: -1234 },
    ]
    const first = await post('replay-1', legs)
    const again = await post('replay-1', legs)
    expect(again).toEqual({ ...first, replayed: true })
    await expect(post('replay-1', [{ ...legs[0]!, amountPence: 1 }, { ...legs[1]!, amountPence: -1 }])).rejects.toThrow(/already posted/)
    expect(await balanceOf(ctx.db, t.accountId)).toBe(1234)
  })

  it('reverses a transaction so it nets to zero on every account, once only, both visible', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    const paid = await ctx.db.transaction((tx) =>
      recordPayment(tx, {
        accountId: t.accountId,
        method: 'cheque',
        amountPence: 5000,
        receivedOn: '2026-04-08',
        postingDate: '2026-04-08',
        idempotencyKey: 'cheque-1',
        source: 'user',
        actor: cliActor,
      }),
    )
    expect(await balanceOf(ctx.db, t.accountId)).toBe(-5000)
    await ctx.db.transaction((tx) =>
      reverseTransaction(tx, { transactionId: paid.transactionId, effectiveDate: '2026-04-15', postingDate: '2026-04-15', reason: 'Cheque dishonoured', actor: cliActor }),
    )
    expect(await balanceOf(ctx.db, t.accountId)).toBe(0)
    const lines = await ctx.db.query<{ amount_pence: number }>('select amount_pence from postings where account_id = $1 order by id', [t.accountId])
    expect(lines.map((l) => l.amount_pence)).toEqual([-5000, 5000])
    await expect(
      ctx.db.transaction((tx) =>
        reverseTransaction(tx, { transactionId: paid.transactionId, effectiveDate: '2026-04-15', postingDate: '2026-04-15', reason: 'again', actor: cliActor }),
      ),
    ).rejects.toThrow(/already reversed/)
  })

  it('refuses a reversal that does not net its original to zero', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    const income = await controlAccountId(ctx.db, 'GL-INCOME-RENT')
    const original = await post('half-reversed', [
      { accountId: t.accountId, amountPence: 900 },
      { accountId: income, amountPence: -900 },
    ])
    await expect(
      postTransaction(ctx.db, {
        type: 'reversal',
        idempotencyKey: 'bad-reversal',
        reversesTransactionId: original.transactionId,
        effectiveDate: '2026-04-06',
        postingDate: '2026-04-06',
        source: 'user',
        actor: cliActor,
        description: 'partial',
        legs: [
          { accountId: t.accountId, amountPence: -400, postingType: 'x' },
          { accountId: income, amountPence: 400, postingType: 'x' },
        ],
      }),
    ).rejects.toThrow(/net its original/)
  })

  it('refuses a payment whose allocations do not sum to it', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    const receipts = await controlAccountId(ctx.db, 'GL-RECEIPTS-CASH')
    await expect(
      ctx.db.transaction(async (tx) => {
        const p = await postTransaction(tx, {
          type: 'payment',
          idempotencyKey: 'short-alloc',
          effectiveDate: '2026-04-06',
          postingDate: '2026-04-06',
          source: 'user',
          actor: cliActor,
          description: 'cash',
          legs: [
            { accountId: receipts, amountPence: 1000, postingType: 'cash' },
            { accountId: t.accountId, amountPence: -1000, postingType: 'cash' },
          ],
        })
        const [pay] = await tx.query<{ id: number }>(
          `insert into payments (method, amount_pence, received_on, source, transaction_id) values ('cash', 1000, '2026-04-06', 'user', $1) returning id`,
          [p.transactionId],
        )
        await tx.query('insert into payment_allocations (payment_id, account_id, amount_pence, posting_id) values ($1, $2, 600, $3)', [
          pay!.id,
          t.accountId,
          p.postingIds[1],
        ])
      }),
    ).rejects.toThrow(/not allocated in full/)
    // The whole transaction rolled back: nothing reached the account.
    expect(await balanceOf(ctx.db, t.accountId)).toBe(0)
  })

  it('keeps every account balance equal to the sum of its postings under random payments and reversals', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [] })
    let seq = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ amount: fc.integer({ min: 1, max: 500_000 }), reverse: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        async (ops) => {
          const before = await balanceOf(ctx.db, t.accountId)
          let expected = before
          for (const op of ops) {
            const key = `prop-${++seq}`
            const paid = await ctx.db.transaction((tx) =>
              recordPayment(tx, {
                accountId: t.accountId,
                method: 'card',
                amountPence: op.amount,
                receivedOn: '2026-05-01',
                postingDate: '2026-05-01',
                idempotencyKey: key,
                source: 'user',
                actor: cliActor,
              }),
            )
            expected -= op.amount
            if (op.reverse) {
              await ctx.db.transaction((tx) =>
                reverseTransaction(tx, { transactionId: paid.transactionId, effectiveDate: '2026-05-02', postingDate: '2026-05-02', reason: 'recalled', actor: cliActor }),
              )
              expected += op.amount
            }
          }
          expect(await balanceOf(ctx.db, t.accountId)).toBe(expected)
          const [total] = await ctx.db.query<{ s: number }>('select coalesce(sum(amount_pence), 0)::bigint as s from postings')
          expect(total!.s).toBe(0)
        },
      ),
      { numRuns: 15 },
    )
  })
})
