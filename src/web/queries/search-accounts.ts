import type { Queryable } from '../../db/client.ts'

export interface AccountSearchResult {
  accountNumber: string
  accountType: string
  names: string[]
  address: string | null
  balancePence: number
  status: string
}

export interface AccountSearchResults {
  results: AccountSearchResult[]
  /** More accounts matched than are shown. */
  truncated: boolean
}

export const SEARCH_LIMIT = 50

/** Makes user text literal inside ILIKE: `%` and `_` would otherwise be wildcards, `\` the escape. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/**
 * Customer accounts whose account number, payment reference, tenancy reference, account holder's name,
 * address or postcode contains the query (case-insensitive; postcodes compared without spaces).
 * Exact account number or payment reference matches come first.
 *
 * At the scale of DESIGN §7 the `%…%` patterns want pg_trgm GIN indexes on these columns (a migration,
 * outside the web layer); without them this is a sequential scan.
 */
export async function searchAccounts(db: Queryable, query: string): Promise<AccountSearchResults> {
  const q = query.trim()
  const contains = `%${escapeLike(q)}%`
  const postcode = `%${escapeLike(q.replace(/\s+/g, ''))}%`
  const rows = await db.query<{
    account_number: string
    account_type: string
    names: string[] | null
    address: string | null
    balance: number
    status: string
  }>(
    `with matches as (
       select a.id, a.account_number, a.account_type, a.status, t.property_id,
         (upper(a.account_number) = upper($3) or upper(a.payment_reference) = upper($3)) as exact
       from accounts a
       left join tenancies t on t.id = a.tenancy_id
       left join properties pr on pr.id = t.property_id
       where a.account_class = 'customer' and (
         a.account_number ilike $1 escape '\\'
         or a.payment_reference ilike $1 escape '\\'
         or t.tenancy_ref ilike $1 escape '\\'
         or concat_ws(' ', pr.address_line1, pr.address_line2, pr.town) ilike $1 escape '\\'
         or replace(pr.postcode, ' ', '') ilike $2 escape '\\'
         or exists (
           select 1 from account_parties ap join parties p on p.id = ap.party_id
           where ap.account_id = a.id
             and (concat_ws(' ', p.forename, p.surname) ilike $1 escape '\\' or p.organisation_name ilike $1 escape '\\')))
       order by exact desc, a.account_number
       limit $4
     )
     select m.account_number, m.account_type, m.status,
       array(
         select coalesce(p.organisation_name, concat_ws(' ', p.title, p.forename, p.surname))
         from account_parties ap join parties p on p.id = ap.party_id
         where ap.account_id = m.id order by p.id
       ) as names,
       (select concat_ws(', ', pr.address_line1, pr.address_line2, pr.town, pr.postcode)
        from properties pr where pr.id = m.property_id) as address,
       coalesce((select sum(po.amount_pence) from postings po where po.account_id = m.id), 0)::bigint as balance
     from matches m
     order by m.exact desc, m.account_number`,
    [contains, postcode, q, SEARCH_LIMIT + 1],
  )
  return {
    truncated: rows.length > SEARCH_LIMIT,
    results: rows.slice(0, SEARCH_LIMIT).map((r) => ({
      accountNumber: r.account_number,
      accountType: r.account_type,
      names: r.names ?? [],
      address: r.address,
      balancePence: r.balance,
      status: r.status,
    })),
  }
}
