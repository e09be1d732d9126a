import type { Queryable } from '../../db/client.ts'
import { AppError } from '../../errors.ts'

export interface PaymentForCorrection {
  id: number
  method: string
  amountPence: number
  receivedOn: string
  reference: string | null
  receiptNumber: string | null
  reversed: boolean
  /** The customer account the payment is on now (the one holding most of it), if any. */
  account: { id: number; accountNumber: string; heldPence: number } | null
  /** Where the payment sits if not on a customer account, e.g. GL-SUSPENSE. */
  heldElsewhere: string | null
}

/** A payment with where it is now, for the reverse and move pages. Not found is a 404. */
export async function findPayment(db: Queryable, paymentId: number): Promise<PaymentForCorrection> {
  const [p] = await db.query<{
    id: number
    method: string
    amount_pence: number
    received_on: string
    reference: string | null
    receipt_number: string | null
    reversed: boolean
  }>(
    `select p.id, p.method, p.amount_pence, p.received_on, p.reference, p.receipt_number,
       exists (select 1 from payment_reversals r where r.payment_id = p.id) as reversed
     from payments p where p.id = $1`,
    [paymentId],
  )
  if (!p) throw new AppError('not_found', `No payment ${paymentId}`)
  const held = await db.query<{ account_id: number; account_number: string; account_class: string; held: number }>(
    `select a.id as account_id, a.account_number, a.account_class, sum(pa.amount_pence)::bigint as held
     from payment_allocations pa join accounts a on a.id = pa.account_id
     where pa.payment_id = $1 group by a.id, a.account_number, a.account_class having sum(pa.amount_pence) > 0
     order by held desc, a.id`,
    [paymentId],
  )
  const customer = held.find((h) => h.account_class === 'customer')
  return {
    id: p.id,
    method: p.method,
    amountPence: p.amount_pence,
    receivedOn: p.received_on,
    reference: p.reference,
    receiptNumber: p.receipt_number,
    reversed: p.reversed,
    account: customer ? { id: customer.account_id, accountNumber: customer.account_number, heldPence: customer.held } : null,
    heldElsewhere: customer ? null : (held[0]?.account_number ?? null),
  }
}
