import type { Queryable } from '../src/db/client.ts'
import { cliActor } from '../src/services/actor.ts'
import { createTenancy, type ChargeLine, type Tenure } from '../src/services/tenancies/create-tenancy.ts'

/** Small builders for database tests: each returns ids, with unique refs per call. */
let counter = 0
const next = () => ++counter

export async function makePatch(db: Queryable): Promise<number> {
  const n = next()
  const [r] = await db.query<{ id: number }>(`insert into patches (code, name) values ($1, $2) returning id`, [`P${n}`, `Patch ${n}`])
  return r!.id
}

export async function makeParty(db: Queryable, surname = 'Tenant'): Promise<number> {
  const n = next()
  const [r] = await db.query<{ id: number }>(
    `insert into parties (party_ref, title, forename, surname) values ($1, 'Ms', 'Test', $2) returning id`,
    [`PTY${n}`, surname],
  )
  return r!.id
}

export async function makeProperty(db: Queryable, kind: 'dwelling' | 'garage' | 'pitch' | 'ta_unit' = 'dwelling'): Promise<number> {
  const n = next()
  const patchId = await makePatch(db)
  const [r] = await db.query<{ id: number }>(
    `insert into properties (property_ref, kind, address_line1, town, postcode, patch_id) values ($1, $2, $3, 'Testtown', 'TT1 1AA', $4) returning id`,
    [`PR${n}`, kind, `${n} Test Street`, patchId],
  )
  return r!.id
}

export interface TenancyFixture {
  tenancyId: number
  accountId: number
  accountNumber: string
  partyIds: number[]
}

export async function makeTenancy(
  db: Queryable,
  opts: { startDate: string; charges: ChargeLine[]; tenure?: Tenure; joint?: boolean; rentFreeCalendar?: string },
): Promise<TenancyFixture> {
  const propertyId = await makeProperty(db)
  const partyIds = [await makeParty(db)]
  if (opts.joint) partyIds.push(await makeParty(db, 'Joint'))
  const t = await createTenancy(db, {
    propertyId,
    tenure: opts.tenure ?? 'secure',
    startDate: opts.startDate,
    partyIds,
    charges: opts.charges,
    rentFreeCalendar: opts.rentFreeCalendar ?? null,
    actor: cliActor,
  })
  return { tenancyId: t.tenancyId, accountId: t.account.id, accountNumber: t.account.accountNumber, partyIds }
}

export async function balanceOf(db: Queryable, accountId: number): Promise<number> {
  const [r] = await db.query<{ b: number }>('select coalesce(sum(amount_pence), 0)::bigint as b from postings where account_id = $1', [accountId])
  return r!.b
}

export async function controlAccountId(db: Queryable, accountNumber: string): Promise<number> {
  const [r] = await db.query<{ id: number }>('select id from accounts where account_number = $1', [accountNumber])
  if (!r) throw new Error(`no control account ${accountNumber}`)
  return r.id
}
