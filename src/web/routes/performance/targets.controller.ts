import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { TARGETABLE_MEASURES, measureById } from '../../../domain/performance/measures.ts'
import { isAppError } from '../../../errors.ts'
import { listPatchesAndOfficers } from '../../../services/performance/group-labels.ts'
import { displayTarget } from '../../../services/performance/performance-report.ts'
import { listTargets, setPerformanceTarget } from '../../../services/performance/targets.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { formErrorsFrom, partsOfIso } from '../../form-fields.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { MAX_REASON, validateSetTarget, type SetTargetInput } from './set-target.validator.ts'

const UNIT_HINT = { percent: 'a percentage, like 98.5', pence: 'an amount in pounds, like 25000', count: 'a whole number, like 12' }

/** Setting targets (team leaders and administrators): the form, and every target set so far, newest first. */
export function targetsController(deps: WebDeps) {
  async function render(reply: FastifyReply, status: number, input: SetTargetInput, errors: FormError[]) {
    const [targets, names] = await Promise.all([listTargets(deps.db), listPatchesAndOfficers(deps.db)])
    const opt = (value: string, text: string, current: string) => ({ value, text, selected: value === current })
    return reply.code(status).view('pages/performance/targets.njk', {
      input,
      errors,
      maxReason: MAX_REASON,
      measureItems: [opt('', 'Choose a measure', input.measure), ...TARGETABLE_MEASURES.map((m) => opt(m.id, `${m.label} (${UNIT_HINT[m.unit]}; ${m.direction} is better)`, input.measure))],
      patchItems: [opt('', 'Overall (every patch without its own target)', input.patch), ...names.patches.map((p) => opt(String(p.id), p.name, input.patch))],
      targets: [...targets].reverse().map((t) => {
        const m = measureById(t.measure)
        return { ...t, measureLabel: m?.label ?? t.measure, valueText: m ? displayTarget(m, t.value) : String(t.value) }
      }),
    })
  }

  return {
    async show(_request: FastifyRequest, reply: FastifyReply) {
      const today = todayInLondon(deps.now())
      return render(reply, 200, { measure: '', patch: '', effectiveFrom: partsOfIso(today), value: '', reason: '' }, [])
    },

    async set(request: FastifyRequest, reply: FastifyReply) {
      const { patches } = await listPatchesAndOfficers(deps.db)
      const result = validateSetTarget(request.body, patches.map((p) => p.id))
      if (!result.ok) return render(reply, 400, result.input, result.errors)
      try {
        await setPerformanceTarget(deps.db, {
          measure: result.measure,
          patchId: result.patchId,
          effectiveFrom: result.effectiveFrom,
          value: result.value,
          reason: result.reason,
          actor: requestActor(request),
        })
      } catch (err) {
        if (!isAppError(err) || err.code !== 'validation') throw err
        return render(reply, 400, result.input, formErrorsFrom(err, { measure: '#measure', patch: '#patch', value: '#value', effectiveFrom: '#effectiveFrom-day', reason: '#reason' }, '#measure'))
      }
      const m = measureById(result.measure)!
      const patchName = result.patchId === null ? 'overall' : (patches.find((p) => p.id === result.patchId)?.name ?? 'the patch')
      setFlash(request, { heading: 'Target set', lines: [`${m.label}: ${displayTarget(m, result.value)} for ${patchName}, from ${result.effectiveFrom}.`] })
      return reply.redirect('/performance/targets', 303)
    },
  }
}
