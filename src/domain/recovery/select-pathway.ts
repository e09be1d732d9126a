/**
 * Chooses the pathway version in force for an account on a date.
 *
 * A pathway applies to an account when the account type is listed, the tenure is listed (or the
 * pathway lists no tenures) and, if the pathway names `socialHousing`, the tenancy's flag matches.
 * A version is in force from its start: `effectiveFrom`, or for a version whose law commences on a
 * date not yet known (`commencement.key`) the later of `effectiveFrom` and the date configured for
 * the key; with no date configured it is not in force at all. Of the versions in force, the one
 * that started last wins: a new version, or a new legal regime, replaces the old one from its start.
 *
 * This is how the Renters' Rights Act switch works (DOMAIN.md §1.3): the pre-RRA assured pathway
 * applies to every assured tenancy; the RRA pathway for non-social assured tenancies starts
 * 2026-05-01 (SI 2026/421) and so replaces it for them from that day; the RRA pathway for social
 * housing assured tenancies waits for `commencements['rra2025.social-housing-assured']`, which is
 * unconfirmed [U], so social housing tenancies keep the pre-RRA rules until a council sets it.
 */
import { compareDates, maxDate, parseIsoDate, type IsoDate } from '../calendar/index.ts'
import type { Pathway, Problem } from './pathway-schema.ts'
import type { AccountType, Tenure } from './vocabulary.ts'

export interface AccountForPathway {
  accountType: AccountType
  /** The tenancy's tenure; null for accounts without a tenancy (former tenant, sundry). */
  tenure: Tenure | null
  /** `tenancies.social_housing`: decides the assured tenancy regime. */
  socialHousing: boolean
  onDate: IsoDate
}

export interface SelectOptions {
  /** Commencement dates configured for pathways with a `commencement.key`. */
  commencements?: Readonly<Record<string, IsoDate>>
}

export type SelectionResult = { ok: true; pathway: Pathway; explanation: string } | { ok: false; error: string }

function label(p: Pathway): string {
  return `"${p.name}" (${p.id} v${p.version})`
}

/** The first day the version is in force, or null if its commencement date is not configured. */
export function pathwayStartsOn(pathway: Pathway, options: SelectOptions = {}): IsoDate | null {
  if (!pathway.commencement) return pathway.effectiveFrom
  const configured = options.commencements?.[pathway.commencement.key]
  return configured ? maxDate(pathway.effectiveFrom, parseIsoDate(configured)) : null
}

export function pathwayApplies(pathway: Pathway, account: Omit<AccountForPathway, 'onDate'>): boolean {
  const { accountTypes, tenures, socialHousing } = pathway.appliesTo
  if (!accountTypes.includes(account.accountType)) return false
  if (tenures && (account.tenure === null || !tenures.includes(account.tenure))) return false
  if (socialHousing !== undefined && socialHousing !== account.socialHousing) return false
  return true
}

export function selectPathway(pathways: readonly Pathway[], account: AccountForPathway, options: SelectOptions = {}): SelectionResult {
  const onDate = parseIsoDate(account.onDate)
  const who = `${account.accountType} account${account.tenure ? ` (${account.tenure}${account.socialHousing ? ', social housing' : ', not social housing'})` : ''}`
  const applicable = pathways.filter((p) => pathwayApplies(p, account))
  if (applicable.length === 0) return { ok: false, error: `No recovery pathway applies to a ${who}` }

  const inForce = applicable
    .map((p) => ({ p, start: pathwayStartsOn(p, options) }))
    .filter((x): x is { p: Pathway; start: IsoDate } => x.start !== null && compareDates(x.start, onDate) <= 0)
  if (inForce.length === 0) {
    const pending = applicable.map((p) => {
      const start = pathwayStartsOn(p, options)
      return start ? `${label(p)} from ${start}` : `${label(p)} awaiting commencement "${p.commencement?.key}"`
    })
    return { ok: false, error: `No recovery pathway for a ${who} is in force on ${onDate}: ${pending.join('; ')}` }
  }

  inForce.sort((a, b) => compareDates(b.start, a.start))
  const [best, second] = inForce
  if (second && second.start === best!.start) {
    const tied = inForce.filter((x) => x.start === best!.start).map((x) => label(x.p))
    return { ok: false, error: `Ambiguous: ${tied.join(' and ')} all apply to a ${who} from ${best!.start}; give one a later effectiveFrom or narrow its appliesTo` }
  }
  const chosen = best!.p
  const replaced = inForce.slice(1).map((x) => label(x.p))
  return {
    ok: true,
    pathway: chosen,
    explanation: `${label(chosen)} in force from ${best!.start} applies to a ${who} on ${onDate}${replaced.length ? `; it replaces ${replaced.join(', ')}` : ''}`,
  }
}

/**
 * Problems with a set of pathways loaded together: the same id and version twice, or two
 * pathways that would tie for some account on the same start date (selectPathway would refuse).
 */
export function checkPathwaySet(pathways: readonly Pathway[]): Problem[] {
  const problems: Problem[] = []
  const seen = new Set<string>()
  for (const p of pathways) {
    const key = `${p.id}@${p.version}`
    if (seen.has(key)) problems.push({ path: key, message: `Pathway ${p.id} version ${p.version} is loaded twice` })
    seen.add(key)
  }
  const overlaps = (a: Pathway, b: Pathway) => {
    const x = a.appliesTo
    const y = b.appliesTo
    if (!x.accountTypes.some((t) => y.accountTypes.includes(t))) return false
    if (x.tenures && y.tenures && !x.tenures.some((t) => y.tenures!.includes(t))) return false
    if (x.socialHousing !== undefined && y.socialHousing !== undefined && x.socialHousing !== y.socialHousing) return false
    return true
  }
  for (let i = 0; i < pathways.length; i++) {
    for (let j = i + 1; j < pathways.length; j++) {
      const a = pathways[i]!
      const b = pathways[j]!
      const sameStart = a.effectiveFrom === b.effectiveFrom && a.commencement?.key === b.commencement?.key
      if (sameStart && overlaps(a, b) && `${a.id}@${a.version}` !== `${b.id}@${b.version}`) {
        problems.push({
          path: `${a.id}@${a.version}`,
          message: `${label(a)} and ${label(b)} start on the same day and apply to some of the same accounts`,
        })
      }
    }
  }
  return problems
}
