/**
 * One view of debt (DESIGN.md principle 2): a person and every customer account they are liable for — rent, former
 * tenant, garage, council tax, HB overpayment, recharges, loans… — each with its balance, arrears, recovery stage,
 * holds in force and arrangement; with their referrals and (for the restricted roles only) safeguarding concerns.
 * Read in a handful of set-based queries, whatever the number of accounts.
 *
 * Arrears are the balance less the debits for the current rent week (not yet late). Of those, the technical arrears
 * are the part covered by Housing Benefit or Universal Credit housing costs due for periods already charged but not
 * yet received (`technical-arrears.ts`); the rest are collectable. Shown per account and in total.
 */
import type { Db } from '../../db/client.ts'
import { councilTaxStages } from '../council-tax/council-tax-stages.ts'
import { weekCommencing, type IsoDate } from '../../domain/calendar/index.ts'
import type { Actor } from '../actor.ts'
import { getArrangement, type ArrangementView } from '../arrangements/get-arrangement.ts'
import { technicalArrears, type TechnicalArrearsBasis } from './technical-arrears.ts'
import { listReferrals, readSafeguardingConcerns, type ReferralView, type SafeguardingView } from '../referrals/referrals.ts'
import type { Role } from '../users/create-user.ts'

export interface OneViewAccount {
  accountId: number
  accountNumber: string
  accountType: string
  name: string
  status: string
  balancePence: number
  /** The balance less this rent week's charge (not yet late), never below 0. */
  arrearsPence: number
  /** The part of the arrears covered by HB/UC due but not yet received (paid in arrears). */
  technicalArrearsPence: number
  /** Arrears less technical arrears: what the person is behind with. */
  collectableArrearsPence: number
  /** HB/UC expected more than the grace days ago and still not received (counted as collectable; to chase). */
  overdueBenefitPence: number
  /** Where the expected benefit was read from: recorded claims, the account's HB/UC payment history, or none. */
  technicalArrearsBasis: TechnicalArrearsBasis
  stage: string | null
  pathway: string | null
  holds: { id: number; type: string; startsOn: string; endsOn: string | null; scope: 'account' | 'person' }[]
  arrangement: { id: number; status: string; description: string; nextPayment: ArrangementView['nextPayment']; completesOn: string } | null
  benefitClaims: { id: number; kind: string; state: string }[]
}

export interface OneViewOfDebt {
  person: { id: number; partyRef: string; name: string }
  asOf: IsoDate
  accounts: OneViewAccount[]
  totals: { balancePence: number; arrearsPence: number; technicalArrearsPence: number; collectableArrearsPence: number; accounts: number; accountsInArrears: number }
  referrals: ReferralView[]
  safeguarding: SafeguardingView
}

const NAME_SQL = `coalesce(p.organisation_name, concat_ws(' ', p.title, p.forename, p.surname))`

export async function getPersonDebt(db: Db, partyRef: string, opts: { role: Role | null; actor: Actor; today: IsoDate }): Promise<OneViewOfDebt | null> {
  const [p] = await db.query<{ id: number; party_ref: string; name: string }>(`select p.id, p.party_ref, ${NAME_SQL} as name from parties p where p.party_ref = $1`, [partyRef])
  if (!p) return null
  const monday = weekCommencing(opts.today)
  const rows = await db.query<{
    id: number
    account_number: string
    account_type: string
    name: string
    status: string
    balance: number
    this_week: number
    stage: string | null
    pathway: string | null
  }>(
    `select a.id, a.account_number, a.account_type, a.name, a.status,
       coalesce(b.balance, 0)::bigint as balance, coalesce(b.this_week, 0)::bigint as this_week,
       rc.current_stage as stage, rc.pathway_id as pathway
     from account_parties ap
     join accounts a on a.id = ap.account_id and a.account_class = 'customer'
     left join lateral (
       select sum(po.amount_pence) filter (where po.effective_date <= $2) as balance,
              sum(po.amount_pence) filter (where po.effective_date <= $2 and po.amount_pence > 0 and po.period_start >= $3::date) as this_week
       from postings po where po.account_id = a.id
     ) b on true
     left join recovery_cases rc on rc.account_id = a.id
     where ap.party_id = $1
     order by (a.status = 'open') desc, a.opened_on desc, a.account_number`,
    [p.id, opts.today, monday],
  )
  const ids = rows.map((r) => r.id)
  const holds = await db.query<{ id: number; account_id: number | null; hold_type: string; starts_on: string; ends_on: string | null; ended_on: string | null }>(
    `select h.id, h.account_id, h.hold_type, h.starts_on, h.ends_on, h.ended_on from holds h
     where (h.account_id = any($1::int[]) or h.party_id = $2) and h.starts_on <= $3
       and (h.ends_on is null or h.ends_on >= $3) and (h.ended_on is null or h.ended_on >= $3)
     order by h.starts_on`,
    [ids, p.id, opts.today],
  )
  const arrangementRows = await db.query<{ account_id: number; arrangement_id: number }>(
    'select account_id, arrangement_id from account_arrangement_status where account_id = any($1::int[])',
    [ids],
  )
  const arrangements = new Map<number, ArrangementView>()
  for (const id of new Set(arrangementRows.map((r) => r.arrangement_id))) {
    const v = await getArrangement(db, id, opts.today)
    if (v) arrangements.set(id, v)
  }
  const claims = await db.query<{ id: number; account_id: number; kind: string; state: string }>(
    `select id, account_id, kind, state from benefit_claims where account_id = any($1::int[]) order by claimed_on desc`,
    [ids],
  )
  const technical = await technicalArrears(
    db,
    rows.map((r) => ({ accountId: r.id, balancePence: r.balance, currentWeekDebitPence: r.this_week })),
    opts.today,
  )
  // Council tax is recovered by the council tax system: its statutory stage (reminder … liability order …) as imported.
  const councilTax = await councilTaxStages(db, rows.filter((r) => r.account_type === 'council_tax').map((r) => r.id))
  const accounts: OneViewAccount[] = rows.map((r) => {
    const t = technical.get(r.id)!
    const ct = r.account_type === 'council_tax' ? councilTax.get(r.id) : undefined
    const arrId = arrangementRows.find((x) => x.account_id === r.id)?.arrangement_id
    const arr = arrId !== undefined ? arrangements.get(arrId) : undefined
    return {
      accountId: r.id,
      accountNumber: r.account_number,
      accountType: r.account_type,
      name: r.name,
      status: r.status,
      balancePence: r.balance,
      arrearsPence: Math.max(0, r.balance - r.this_week),
      technicalArrearsPence: t.technicalArrearsPence,
      collectableArrearsPence: t.collectableArrearsPence,
      overdueBenefitPence: t.overdueBenefitPence,
      technicalArrearsBasis: t.basis,
      stage: ct ? ct.stageLabel : r.stage,
      pathway: ct ? null : r.pathway,
      holds: holds
        .filter((h) => h.account_id === r.id || h.account_id === null)
        .map((h) => ({ id: h.id, type: h.hold_type, startsOn: h.starts_on, endsOn: h.ended_on ?? h.ends_on, scope: h.account_id === null ? ('person' as const) : ('account' as const) })),
      arrangement: arr ? { id: arr.id, status: arr.status, description: arr.description, nextPayment: arr.nextPayment, completesOn: arr.completesOn } : null,
      benefitClaims: claims.filter((c) => c.account_id === r.id).map((c) => ({ id: c.id, kind: c.kind, state: c.state })),
    }
  })
  return {
    person: { id: p.id, partyRef: p.party_ref, name: p.name },
    asOf: opts.today,
    accounts,
    totals: {
      balancePence: accounts.reduce((s, a) => s + a.balancePence, 0),
      arrearsPence: accounts.reduce((s, a) => s + a.arrearsPence, 0),
      technicalArrearsPence: accounts.reduce((s, a) => s + a.technicalArrearsPence, 0),
      collectableArrearsPence: accounts.reduce((s, a) => s + a.collectableArrearsPence, 0),
      accounts: accounts.length,
      accountsInArrears: accounts.filter((a) => a.arrearsPence > 0).length,
    },
    referrals: await listReferrals(db, [p.id]),
    safeguarding: await readSafeguardingConcerns(db, { partyId: p.id, role: opts.role, actor: opts.actor }),
  }
}
