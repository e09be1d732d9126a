import type { Db } from '../../db/client.ts'
import { cliActor } from '../../services/actor.ts'
import { postTransaction } from '../../services/ledger/post-transaction.ts'
import { recordPayment } from '../../services/payments/record-payment.ts'
import { createTenancy } from '../../services/tenancies/create-tenancy.ts'

let n = 0

export interface WebAccountFixture {
  accountId: number
  accountNumber: string
  paymentReference: string
  tenancyRef: string
  postcode: string
}

/**
 * A let dwelling in its own patch with a named tenant, a rent charge of £95.20 on Monday 2 November 2026
 * and a £40.00 payment on Friday 6 November 2026 (so the balance runs £95.20 then £55.20).
 */
export async function makeAccountWithStatement(db: Db, tenant: { forename: string; surname: string }): Promise<WebAccountFixture> {
  const i = `${process.pid}x${++n}`
  const postcode = `ZZ${n} 9XY`
  const [patch] = await db.query<{ id: number }>('insert into patches (code, name) values ($1, $2) returning id', [`WP${i}`, `North ${i}`])
  const [party] = await db.query<{ id: number }>(
    `insert into parties (party_ref, title, forename, surname) values ($1, 'Ms', $2, $3) returning id`,
    [`WPTY${i}`, tenant.forename, tenant.surname],
  )
  const [property] = await db.query<{ id: number }>(
    `insert into properties (property_ref, kind, address_line1, town, postcode, patch_id)
     values ($1, 'dwelling', $2, 'Reevesby', $3, $4) returning id`,
    [`WPR${i}`, `${n} Acacia Avenue`, postcode, patch!.id],
  )
  const t = await createTenancy(db, {
    propertyId: property!.id,
    tenure: 'secure',
    startDate: '2026-04-06',
    partyIds: [party!.id],
    charges: [{ chargeType: 'rent', weeklyPence: 9520 }],
    actor: cliActor,
  })
  const [income] = await db.query<{ id: number }>(`select id from accounts where account_number = 'GL-INCOME-RENT'`)
  await postTransaction(db, {
    type: 'charge',
    idempotencyKey: `web-test-rent:${i}`,
    effectiveDate: '2026-11-02',
    postingDate: '2026-11-02',
    source: 'batch',
    actor: cliActor,
    description: 'Weekly rent',
    legs: [
      { accountId: t.account.id, amountPence: 9520, postingType: 'rent', periodStart: '2026-11-02' },
      { accountId: income!.id, amountPence: -9520, postingType: 'rent' },
    ],
  })
  await db.transaction((tx) =>
    recordPayment(tx, {
      accountId: t.account.id,
      method: 'card',
      amountPence: 4000,
      receivedOn: '2026-11-06',
      postingDate: '2026-11-06',
      idempotencyKey: `web-test-pay:${i}`,
      source: 'user',
      actor: cliActor,
    }),
  )
  const { id: accountId, accountNumber, paymentReference } = t.account
  return { accountId, accountNumber, paymentReference, tenancyRef: t.tenancyRef, postcode }
}
