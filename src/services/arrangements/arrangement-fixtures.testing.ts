import type { Db, Queryable } from '../../db/client.ts'
import { cliActor } from '../../services/actor.ts'
import { openCustomerAccount } from '../../services/accounts/open-customer-account.ts'
import { postTransaction } from '../../services/ledger/post-transaction.ts'
import { recordPayment } from '../../services/payments/record-payment.ts'
import { controlAccountId, makeTenancy } from '../../../test/fixtures.ts'

let n = 0

/** A debit (rent for a week when `periodStart` is given) on a customer account, balanced against rent income. */
export async function debit(db: Queryable, accountId: number, date: string, pence: number, periodStart: string | null = null): Promise<void> {
  const income = await controlAccountId(db, 'GL-INCOME-RENT')
  await postTransaction(db, {
    type: 'charge',
    idempotencyKey: `arr-test-debit:${process.pid}:${++n}`,
    effectiveDate: date,
    postingDate: date,
    source: 'batch',
    actor: cliActor,
    description: 'Test debit',
    legs: [
      { accountId, amountPence: pence, postingType: periodStart ? 'rent' : 'sundry', ...(periodStart ? { periodStart } : {}) },
      { accountId: income, amountPence: -pence, postingType: 'rent' },
    ],
  })
}

export async function pay(db: Db, accountId: number, date: string, pence: number): Promise<void> {
  await db.transaction((tx) =>
    recordPayment(tx, { accountId, method: 'card', amountPence: pence, receivedOn: date, postingDate: date, idempotencyKey: `arr-test-pay:${process.pid}:${++n}`, source: 'user', actor: cliActor }),
  )
}

export interface PersonWithDebts {
  partyId: number
  partyRef: string
  rentAccountId: number
  rentAccountNumber: string
  councilTaxAccountId: number
  repairAccountId: number
}

/**
 * A tenant from Monday 5 October 2026 at £100.00 a week, with rent arrears of £200.00 before Monday 2 November
 * (four weeks debited, two paid), council tax arrears of £150.00 and a rechargeable repair of £50.00.
 */
export async function personWithDebts(db: Db, opts: { repair?: boolean; councilTax?: boolean } = {}): Promise<PersonWithDebts> {
  const t = await makeTenancy(db, { startDate: '2026-10-05', charges: [{ chargeType: 'rent', weeklyPence: 10000 }] })
  const partyId = t.partyIds[0]!
  for (const d of ['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26']) await debit(db, t.accountId, d, 10000, d)
  await pay(db, t.accountId, '2026-10-09', 10000)
  await pay(db, t.accountId, '2026-10-16', 10000)
  const ct = await openCustomerAccount(db, { type: 'council_tax', name: 'Council tax 2026/27', partyIds: [partyId], openedOn: '2026-04-01', actor: cliActor })
  if (opts.councilTax !== false) await debit(db, ct.id, '2026-10-01', 15000)
  const repair = await openCustomerAccount(db, { type: 'rechargeable_repair', name: 'Broken door', partyIds: [partyId], openedOn: '2026-09-01', actor: cliActor })
  if (opts.repair !== false) await debit(db, repair.id, '2026-09-15', 5000)
  const [p] = await db.query<{ party_ref: string }>('select party_ref from parties where id = $1', [partyId])
  return { partyId, partyRef: p!.party_ref, rentAccountId: t.accountId, rentAccountNumber: t.accountNumber, councilTaxAccountId: ct.id, repairAccountId: repair.id }
}
