import type { FormError } from '../../types.ts'

export const HOLD_FILTERS = [
  { value: '', text: 'Held or not' },
  { value: 'held', text: 'Held' },
  { value: 'not_held', text: 'Not held' },
] as const

export interface WorktrayFilterInput {
  patch: string
  action: string
  stage: string
  hold: string
  page: string
}

export type WorktrayFilterResult =
  | { ok: true; patchId: number | null; actionType: string | null; stage: string | null; hold: 'held' | 'not_held' | null; page: number; input: WorktrayFilterInput }
  | { ok: false; errors: FormError[]; input: WorktrayFilterInput }

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '')

/** Pure: the worktray filters from the query string; a patch must be one the officer may see. */
export function validateWorktrayFilters(query: Record<string, unknown>, allowedPatchIds: readonly number[]): WorktrayFilterResult {
  const input = { patch: str(query.patch), action: str(query.action), stage: str(query.stage), hold: str(query.hold), page: str(query.page) }
  const errors: FormError[] = []
  let patchId: number | null = null
  if (input.patch) {
    patchId = /^[1-9]\d{0,9}$/.test(input.patch) ? Number(input.patch) : null
    if (patchId === null || !allowedPatchIds.includes(patchId)) errors.push({ text: 'Choose one of your patches', href: '#patch' })
  }
  if (input.action && !/^[a-z_]{2,40}$/.test(input.action)) errors.push({ text: 'Choose an action from the list', href: '#action' })
  if (input.stage && !/^[a-z][a-z0-9_]{0,60}$/.test(input.stage)) errors.push({ text: 'Choose a stage from the list', href: '#stage' })
  if (input.hold && input.hold !== 'held' && input.hold !== 'not_held') errors.push({ text: 'Choose held or not held', href: '#hold' })
  const page = input.page && /^[1-9]\d{0,5}$/.test(input.page) ? Number(input.page) : 1
  if (errors.length) return { ok: false, errors, input }
  return {
    ok: true,
    patchId,
    actionType: input.action || null,
    stage: input.stage || null,
    hold: input.hold === 'held' || input.hold === 'not_held' ? input.hold : null,
    page,
    input,
  }
}

/** GOV.UK pagination: previous/next and numbered items with ellipses around the current page. */
export function paginationFor(page: number, pageCount: number, hrefFor: (page: number) => string) {
  if (pageCount <= 1) return null
  const shown = new Set([1, pageCount, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pageCount))
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = []
  let last = 0
  for (const p of [...shown].sort((a, b) => a - b)) {
    if (p - last > 1) items.push({ ellipsis: true })
    items.push({ number: p, href: hrefFor(p), current: p === page })
    last = p
  }
  return {
    items,
    ...(page > 1 ? { previous: { href: hrefFor(page - 1) } } : {}),
    ...(page < pageCount ? { next: { href: hrefFor(page + 1) } } : {}),
  }
}
