import type { Queryable } from '../../db/client.ts'
import type { CustomerAccountType } from '../../domain/accounts/payment-reference.ts'
import { isIsoDate, weekCommencing } from '../../domain/calendar/dates.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { openCustomerAccount, type OpenedAccount } from '../accounts/open-customer-account.ts'

export type Tenure =
  | 'secure'
  | 'introductory'
  | 'flexible'
  | 'assured'
  | 'assured_shorthold'
  | 'non_secure'
  | 'ta_licence'
  | 'private_sector_lease'
  | 'garage_licence'
  | 'pitch_licence'

export type ChargeType =
  | 'rent'
  | 'service_charge'
  | 'heating'
  | 'water'
  | 'electricity'
  | 'support_charge'
  | 'garage_rent'
  | 'ta_charge'

export interface ChargeLine {
  chargeType: ChargeType
  weeklyPence: number
}

export interface CreateTenancyOptions {
  propertyId: number
  tenure: Tenure
  startDate: string
  /** Lead tenant first; joint tenants after. */
  partyIds: readonly number[]
  charges: readonly ChargeLine[]
  socialHousing?: boolean
  rentFreeCalendar?: string | null
  actor: Actor
}

export interface CreatedTenancy {
  tenancyId: number
  tenancyRef: string
  account: OpenedAccount
}

const ACCOUNT_TYPE_BY_PROPERTY: Record<string, CustomerAccountType> = {
  dwelling: 'rent',
  garage: 'garage',
  pitch: 'pitch',
  ta_unit: 'temporary_accommodation',
}

/**
 * Lets a property: the tenancy, its named tenants, the account the charges go to, and the charge
 * schedule with its first rates (effective from the Monday of the start week; the debit run
 * charges a part first week pro rata).
 */
export async function createTenancy(tx: Queryable, opts: CreateTenancyOptions): Promise<CreatedTenancy> {
  if (!isIsoDate(opts.startDate)) throw new AppError('validation', `Start date ${opts.startDate} is not a date`)
  if (opts.partyIds.length === 0) throw new AppError('validation', 'A tenancy needs at least one tenant')
  for (const c of opts.charges) {
    if (!Number.isSafeInteger(c.weeklyPence) || c.weeklyPence < 0) {
      throw new AppError('validation', `Weekly ${c.chargeType} must be a whole number of pence, 0 or more`)
    }
  }
  const [property] = await tx.query<{ id: number; kind: string; patch_id: number; address_line1: string }>(
    'select id, kind, patch_id, address_line1 from properties where id = $1',
    [opts.propertyId],
  )
  if (!property) throw new AppError('not_found', `Property ${opts.propertyId} does not exist`)
  const [overlap] = await tx.query<{ tenancy_ref: string }>(
    `select tenancy_ref from tenancies where property_id = $1 and (end_date is null or end_date >= $2)`,
    [opts.propertyId, opts.startDate],
  )
  if (overlap) throw new AppError('conflict', `The property is still let under tenancy ${overlap.tenancy_ref}`)

  const [seq] = await tx.query<{ id: number }>(`select nextval('tenancies_id_seq')::int as id`)
  const tenancyId = seq!.id
  const tenancyRef = `T${String(tenancyId).padStart(7, '0')}`
  await tx.query(
    `insert into tenancies (id, tenancy_ref, property_id, tenure, social_housing, start_date) values ($1, $2, $3, $4, $5, $6)`,
    [tenancyId, tenancyRef, opts.propertyId, opts.tenure, opts.socialHousing ?? true, opts.startDate],
  )
  await tx.query(
    `insert into tenancy_parties (tenancy_id, party_id, role)
     select $1, p, case when ord = 1 then 'lead' else 'joint' end from unnest($2::int[]) with ordinality as u(p, ord)`,
    [tenancyId, opts.partyIds],
  )
  const accountType = ACCOUNT_TYPE_BY_PROPERTY[property.kind] ?? 'rent'
  const account = await openCustomerAccount(tx, {
    type: accountType,
    name: property.address_line1,
    partyIds: opts.partyIds,
    openedOn: opts.startDate,
    tenancyId: tenancyId,
    patchId: property.patch_id,
    actor: opts.actor,
  })
  const [schedule] = await tx.query<{ id: number }>(
    'insert into charge_schedules (account_id, rent_free_calendar) values ($1, $2) returning id',
    [account.id, opts.rentFreeCalendar ?? null],
  )
  const firstMonday = weekCommencing(opts.startDate)
  await tx.query(
    `insert into charge_rates (schedule_id, charge_type, effective_from, weekly_pence, reason, created_by)
     select $1, c, $2, w, 'new_agreement', $3 from unnest($4::text[], $5::bigint[]) as u(c, w)`,
    [schedule!.id, firstMonday, opts.actor.userId, opts.charges.map((c) => c.chargeType), opts.charges.map((c) => c.weeklyPence)],
  )
  await recordAuditEvent(tx, opts.actor, {
    action: 'tenancy.created',
    entityType: 'tenancy',
    entityId: tenancyId,
    after: { ...opts, actor: undefined, accountId: account.id },
  })
  return { tenancyId: tenancyId, tenancyRef, account }
}
