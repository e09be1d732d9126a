import { z } from 'zod'
import { formatPounds } from '../money/pence.ts'

/**
 * Who may approve a write-off, and up to how much: the council's scheme of delegation as data (the dated policy
 * value `write_off.approval_limits`). Each role listed has a limit per case and a limit for the total of a bulk
 * list; named senior officers (the s151 officer or a nominee) may be authorised above them, with their own limits
 * (null: no upper limit). Roles not listed (income and debt recovery officers) prepare cases but never approve.
 * Pure: no I/O.
 */
const limitPence = z.number().int().nonnegative().nullable()
const limits = z.object({ casePence: limitPence, listTotalPence: limitPence })

export const approvalLimitsSchema = z.object({
  roles: z.record(z.string(), limits),
  named: z.array(limits.extend({ username: z.string().min(1), title: z.string().min(1) })),
})
export type ApprovalLimits = z.infer<typeof approvalLimitsSchema>

export interface Authority {
  basis: 'role' | 'named'
  /** For a named officer, their title (e.g. "Section 151 officer"); for a role, the role. */
  title: string
  casePence: number | null
  listTotalPence: number | null
}

/** The widest authority the approver holds: their role's limits, or their named delegation if it is wider. */
export function authorityOf(limitsInForce: ApprovalLimits, approver: { role: string; username: string }): Authority | null {
  const candidates: Authority[] = []
  const byRole = limitsInForce.roles[approver.role]
  if (byRole) candidates.push({ basis: 'role', title: approver.role, ...byRole })
  for (const n of limitsInForce.named) {
    if (n.username === approver.username) candidates.push({ basis: 'named', title: n.title, casePence: n.casePence, listTotalPence: n.listTotalPence })
  }
  if (candidates.length === 0) return null
  // Wider first on the case limit, then on the list limit (null is unlimited).
  const width = (p: number | null) => (p === null ? Number.POSITIVE_INFINITY : p)
  return candidates.sort((a, b) => width(b.casePence) - width(a.casePence) || width(b.listTotalPence) - width(a.listTotalPence))[0]!
}

export type ApprovalCheck = { ok: true; authority: Authority } | { ok: false; message: string }

/**
 * Whether an approver may approve cases of these amounts: one case (a single decision) or a bulk list, where each
 * case must be within the case limit and their total within the list limit.
 */
export function checkApprovalAuthority(
  limitsInForce: ApprovalLimits,
  approver: { role: string; username: string },
  amountsPence: readonly number[],
  kind: 'case' | 'list',
): ApprovalCheck {
  if (amountsPence.length === 0) return { ok: false, message: 'There is nothing to approve' }
  const authority = authorityOf(limitsInForce, approver)
  if (!authority) {
    return { ok: false, message: `A ${approver.role.replaceAll('_', ' ')} may prepare write-offs but not approve them` }
  }
  const largest = Math.max(...amountsPence)
  const total = amountsPence.reduce((s, a) => s + a, 0)
  if (authority.casePence !== null && largest > authority.casePence) {
    return {
      ok: false,
      message: `${kind === 'case' ? 'This write-off' : 'A case in this list'} of ${formatPounds(largest)} is over your limit of ${formatPounds(authority.casePence)} a case: it needs a more senior approver`,
    }
  }
  if (kind === 'list' && authority.listTotalPence !== null && total > authority.listTotalPence) {
    return {
      ok: false,
      message: `This list totals ${formatPounds(total)}, over your limit of ${formatPounds(authority.listTotalPence)} for a list: it needs a more senior approver`,
    }
  }
  return { ok: true, authority }
}

/** Who could approve a case of this amount under these limits, in words (for the case page). */
export function approversFor(limitsInForce: ApprovalLimits, amountPence: number): string[] {
  const out: string[] = []
  const width = (p: number | null) => (p === null ? Number.POSITIVE_INFINITY : p)
  const roles = Object.entries(limitsInForce.roles).sort(([, a], [, b]) => width(a.casePence) - width(b.casePence))
  for (const [role, l] of roles) {
    if (l.casePence === null || l.casePence >= amountPence) out.push(`${role.replaceAll('_', ' ')} (up to ${l.casePence === null ? 'any amount' : formatPounds(l.casePence)})`)
  }
  for (const n of limitsInForce.named) {
    if (n.casePence === null || n.casePence >= amountPence) out.push(`${n.title}${n.casePence === null ? '' : ` (up to ${formatPounds(n.casePence)})`}`)
  }
  return out
}
