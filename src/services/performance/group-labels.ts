import type { Queryable } from '../../db/client.ts'
import type { Dimension } from './figures.sql.ts'

export const DIMENSION_LABELS: Record<Dimension, string> = {
  overall: 'Overall',
  patch: 'Patch',
  officer: 'Officer',
  tenure: 'Tenure',
  account_type: 'Account type',
}

const NONE_LABELS: Record<Dimension, string> = {
  overall: 'All accounts',
  patch: 'No patch',
  officer: 'No officer allocated',
  tenure: 'No tenancy (sundry debts)',
  account_type: 'No account type',
}

const WORDS: Record<string, string> = {
  ta_licence: 'TA licence',
  temporary_accommodation: 'Temporary accommodation',
  hb_overpayment: 'HB overpayment',
  non_secure: 'Non-secure',
  storage_removals: 'Storage and removals',
}

/** `assured_shorthold` → "Assured shorthold" (with the few words that need their own spelling). */
export function humaniseKey(key: string): string {
  const known = WORDS[key]
  if (known) return known
  const text = key.replaceAll('_', ' ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

export interface PatchOption {
  id: number
  name: string
  officerUserId: number | null
}

export interface OfficerOption {
  id: number
  displayName: string
}

/** Patches and the officers allocated to them: the filter choices and the names of patch and officer groups. */
export async function listPatchesAndOfficers(db: Queryable): Promise<{ patches: PatchOption[]; officers: OfficerOption[] }> {
  const patches = await db.query<{ id: number; name: string; officer_user_id: number | null }>('select id, name, officer_user_id from patches order by name, id')
  const officers = await db.query<{ id: number; display_name: string }>(
    `select u.id, u.display_name from users u where u.id in (select officer_user_id from patches where officer_user_id is not null)
     order by u.display_name, u.id`,
  )
  return {
    patches: patches.map((p) => ({ id: p.id, name: p.name, officerUserId: p.officer_user_id })),
    officers: officers.map((o) => ({ id: o.id, displayName: o.display_name })),
  }
}

/** Names a group for people: a patch's name, an officer's name, a tenure or account type in words. */
export function groupLabel(dimension: Dimension, key: string, names: { patches: readonly PatchOption[]; officers: readonly OfficerOption[] }): string {
  if (dimension === 'overall') return NONE_LABELS.overall
  if (key === 'none') return NONE_LABELS[dimension]
  if (dimension === 'patch') return names.patches.find((p) => String(p.id) === key)?.name ?? `Patch ${key}`
  if (dimension === 'officer') return names.officers.find((o) => String(o.id) === key)?.displayName ?? `User ${key}`
  return humaniseKey(key)
}
