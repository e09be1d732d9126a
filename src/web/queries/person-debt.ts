import type { Queryable } from '../../db/client.ts'

/** A person (or organisation) as the person page shows them. */
export interface PersonDetails {
  id: number
  partyRef: string
  kind: 'person' | 'organisation'
  name: string
  /** ISO date; restricted (see routes/people/restricted-data.ts). */
  dateOfBirth: string | null
  email: string | null
  phone: string | null
  preferredChannel: string
  /** A language tag such as `en` or `cy`. */
  language: string
}

export interface PartyLink {
  partyRef: string
  name: string
}

/** One account the person is party to, whatever its type (rent, former tenant, garage, pitch, sundry…). */
export interface PersonAccount {
  accountNumber: string
  accountType: string
  status: string
  openedOn: string
  closedOn: string | null
  tenancyRef: string | null
  address: string | null
  balancePence: number
  /** The other people liable for the account (a joint tenancy); empty when the person is sole liable. */
  jointParties: PartyLink[]
}

export interface DebtTotals {
  /** Every balance added up: positive is owed overall, negative is in credit overall. */
  balancePence: number
  /** The balances owed, added up. */
  owedPence: number
  /** The credit balances, added up, as a positive amount. */
  creditPence: number
  accountsOwing: number
  accountsInCredit: number
}

export interface PersonDebt {
  person: PersonDetails
  accounts: PersonAccount[]
  totals: DebtTotals
}

/** Pure: the totals of a person's balances, owed and in credit apart as well as together. */
export function totalDebt(accounts: readonly Pick<PersonAccount, 'balancePence'>[]): DebtTotals {
  const totals: DebtTotals = { balancePence: 0, owedPence: 0, creditPence: 0, accountsOwing: 0, accountsInCredit: 0 }
  for (const { balancePence } of accounts) {
    totals.balancePence += balancePence
    if (balancePence > 0) {
      totals.owedPence += balancePence
      totals.accountsOwing++
    } else if (balancePence < 0) {
      totals.creditPence -= balancePence
      totals.accountsInCredit++
    }
  }
  return totals
}

const NAME_SQL = `coalesce(p.organisation_name, concat_ws(' ', p.title, p.forename, p.surname))`

/**
 * One view of debt (DESIGN.md principle 2): a person and every customer account they are liable for, open ones
 * first, each with its balance and its joint parties. Null when no party has the reference.
 */
export async function getPersonDebt(db: Queryable, partyRef: string): Promise<PersonDebt | null> {
  const [p] = await db.query<{
    id: number
    party_ref: string
    kind: 'person' | 'organisation'
    name: string
    date_of_birth: string | null
    email: string | null
    phone: string | null
    preferred_channel: string
    language: string
  }>(
    `select p.id, p.party_ref, p.kind, ${NAME_SQL} as name, p.date_of_birth, p.email, p.phone, p.preferred_channel, p.language
     from parties p where p.party_ref = $1`,
    [partyRef],
  )
  if (!p) return null
  const rows = await db.query<{
    account_number: string
    account_type: string
    status: string
    opened_on: string
    closed_on: string | null
    tenancy_ref: string | null
    address: string | null
    balance: number
    joint: PartyLink[] | string | null
  }>(
    `select a.account_number, a.account_type, a.status, a.opened_on, a.closed_on, t.tenancy_ref,
       nullif(concat_ws(', ', pr.address_line1, pr.address_line2, pr.town, pr.postcode), '') as address,
       coalesce((select sum(po.amount_pence) from postings po where po.account_id = a.id), 0)::bigint as balance,
       (select json_agg(json_build_object('partyRef', p.party_ref, 'name', ${NAME_SQL}) order by p.id)
        from account_parties other join parties p on p.id = other.party_id
        where other.account_id = a.id and other.party_id <> $1) as joint
     from account_parties ap
     join accounts a on a.id = ap.account_id
     left join tenancies t on t.id = a.tenancy_id
     left join properties pr on pr.id = t.property_id
     where ap.party_id = $1 and a.account_class = 'customer'
     order by (a.status = 'open') desc, a.opened_on desc, a.account_number`,
    [p.id],
  )
  const accounts = rows.map((r) => ({
    accountNumber: r.account_number,
    accountType: r.account_type,
    status: r.status,
    openedOn: r.opened_on,
    closedOn: r.closed_on,
    tenancyRef: r.tenancy_ref,
    address: r.address,
    balancePence: r.balance,
    // Both drivers parse json; the string case is a safety net for a driver configured without the json parser.
    jointParties: (typeof r.joint === 'string' ? (JSON.parse(r.joint) as PartyLink[]) : r.joint) ?? [],
  }))
  return {
    person: {
      id: p.id,
      partyRef: p.party_ref,
      kind: p.kind,
      name: p.name,
      dateOfBirth: p.date_of_birth,
      email: p.email,
      phone: p.phone,
      preferredChannel: p.preferred_channel,
      language: p.language,
    },
    accounts,
    totals: totalDebt(accounts),
  }
}
