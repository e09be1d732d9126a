import { isIsoDate } from '../../../domain/calendar/dates.ts'
import type { FormError } from '../../types.ts'

export interface AuditFilterInput {
  user: string
  action: string
  entityType: string
  entityId: string
  from: string
  to: string
  page: string
}

export interface AuditFilters {
  /** An actor label (`user:jsmith`, `api:portal`, `system:trawl`, `cli`) or a bare username. */
  actor: string | null
  /** An exact action (`payment.reversed`) or a prefix ending in a dot (`payment.`), or a word (`payment`) for every `payment.*`. */
  action: string | null
  entityType: string | null
  entityId: string | null
  from: string | null
  to: string | null
  page: number
}

export type AuditFilterResult = { ok: true; filters: AuditFilters; input: AuditFilterInput } | { ok: false; errors: FormError[]; input: AuditFilterInput }

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '')

/** Pure: the audit search's filters from the query string. */
export function validateAuditFilters(query: Record<string, unknown>): AuditFilterResult {
  const input: AuditFilterInput = {
    user: str(query.user),
    action: str(query.action),
    entityType: str(query.entityType),
    entityId: str(query.entityId),
    from: str(query.from),
    to: str(query.to),
    page: str(query.page),
  }
  const errors: FormError[] = []
  if (input.user && !/^[a-z0-9._:-]{1,80}$/i.test(input.user)) errors.push({ text: 'Enter a username, such as jsmith, or an actor such as api:portal', href: '#user' })
  if (input.action && !/^[a-z0-9_.-]{1,80}$/i.test(input.action)) errors.push({ text: 'Enter an action such as payment.reversed, or its first part such as payment', href: '#action' })
  if (input.entityType && !/^[a-z_]{1,40}$/.test(input.entityType)) errors.push({ text: 'Enter a kind of record such as account or payment', href: '#entityType' })
  if (input.entityId && !/^[A-Za-z0-9_.:-]{1,80}$/.test(input.entityId)) errors.push({ text: 'Enter the record’s id as shown in the trail', href: '#entityId' })
  if (input.entityId && !input.entityType) errors.push({ text: 'Enter the kind of record the id belongs to', href: '#entityType' })
  if (input.from && !isIsoDate(input.from)) errors.push({ text: 'Enter the start date as YYYY-MM-DD, for example 2026-11-01', href: '#from' })
  if (input.to && !isIsoDate(input.to)) errors.push({ text: 'Enter the end date as YYYY-MM-DD, for example 2026-11-30', href: '#to' })
  if (input.from && input.to && isIsoDate(input.from) && isIsoDate(input.to) && input.from > input.to) errors.push({ text: 'The start date must be on or before the end date', href: '#from' })
  if (errors.length) return { ok: false, errors, input }
  return {
    ok: true,
    input,
    filters: {
      actor: input.user || null,
      action: input.action || null,
      entityType: input.entityType || null,
      entityId: input.entityId || null,
      from: input.from || null,
      to: input.to || null,
      page: /^[1-9]\d{0,5}$/.test(input.page) ? Number(input.page) : 1,
    },
  }
}
