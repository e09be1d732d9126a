import type { FastifyReply, FastifyRequest } from 'fastify'
import { formatWeeks } from '../../../domain/recovery/index.ts'
import { listPatches, listWorktray } from '../../../services/recovery/worktray.ts'
import { recordPageView } from '../../page-views.ts'
import type { WebDeps } from '../../types.ts'
import { HOLD_FILTERS, paginationFor, validateWorktrayFilters } from './worktray-filters.validator.ts'

export const WORKTRAY_PAGE_SIZE = 25

type WorktrayRequest = FastifyRequest<{ Querystring: Record<string, unknown> }>

/**
 * The worktray: an income officer's own patches by default (only theirs); team leaders, debt recovery officers and
 * auditors any patch. Filters by patch, action, stage and hold; paged.
 */
export function worktrayController(deps: WebDeps) {
  return {
    async show(request: WorktrayRequest, reply: FastifyReply) {
      const user = request.user!
      const patches = await listPatches(deps.db)
      const seesAll = user.role !== 'income_officer'
      const visible = seesAll ? patches : patches.filter((p) => p.officerUserId === user.id)
      const filters = validateWorktrayFilters(request.query, visible.map((p) => p.id))
      const context = { patches: visible, seesAll, holdFilters: HOLD_FILTERS, input: filters.input }
      if (!filters.ok) return reply.code(400).view('pages/worktray/worktray.njk', { ...context, errors: filters.errors, worktray: null })
      const patchIds = filters.patchId !== null ? [filters.patchId] : seesAll ? null : visible.map((p) => p.id)
      const worktray = await listWorktray(deps.db, {
        patchIds,
        actionType: filters.actionType,
        stage: filters.stage,
        hold: filters.hold,
        page: filters.page,
        pageSize: WORKTRAY_PAGE_SIZE,
      })
      recordPageView(deps, request, { action: 'worktray.viewed', entityType: 'worktray', entityId: filters.patchId ?? (seesAll ? 'all' : 'own'), after: filters.input })
      const query = (page: number) => {
        const q = new URLSearchParams()
        for (const [k, v] of Object.entries({ patch: filters.input.patch, action: filters.input.action, stage: filters.input.stage, hold: filters.input.hold })) if (v) q.set(k, v)
        if (page > 1) q.set('page', String(page))
        const s = q.toString()
        return `/worktray${s ? `?${s}` : ''}`
      }
      const firstRow = (worktray.page - 1) * WORKTRAY_PAGE_SIZE + 1
      return reply.view('pages/worktray/worktray.njk', {
        ...context,
        errors: [],
        worktray: { ...worktray, rows: worktray.rows.map((r) => ({ ...r, weeksText: r.arrearsWeeksHundredths === null ? null : formatWeeks(r.arrearsWeeksHundredths) })) },
        firstRow,
        lastRow: firstRow + worktray.rows.length - 1,
        pagination: paginationFor(worktray.page, worktray.pageCount, query),
        noPatch: !seesAll && visible.length === 0,
      })
    },
  }
}
