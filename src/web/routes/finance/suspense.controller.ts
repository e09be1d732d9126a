import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { formatPounds } from '../../../domain/money/pence.ts'
import { AppError } from '../../../errors.ts'
import { listSuspenseItems, requestSuspenseClearance, type SuspenseItem } from '../../../services/payments/suspense.ts'
import { requestActor } from '../../actor.ts'
import { formErrorsFrom } from '../../form-fields.ts'
import { setFlash } from '../../flash.ts'
import { recordPageView } from '../../page-views.ts'
import { refusalOf } from '../../refusal.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { validateSuspenseClear, type SuspenseClearInput } from './suspense-clear.validator.ts'

type ItemRequest = FastifyRequest<{ Params: { suspenseId: string } }>

/** The suspense page: money that matched no account, with a way to clear each item. Also shown after a refused decision. */
export async function renderSuspensePage(deps: Pick<WebDeps, 'db'>, reply: FastifyReply, status: number, errors: FormError[]) {
  const items = await listSuspenseItems(deps.db)
  const totalPence = items.reduce((sum, i) => sum + i.amountPence, 0)
  return reply.code(status).view('pages/finance/suspense.njk', { items, totalPence, errors })
}

async function outstandingItem(deps: Pick<WebDeps, 'db'>, request: ItemRequest): Promise<SuspenseItem> {
  const { suspenseId } = request.params
  const item = /^[1-9]\d{0,14}$/.test(suspenseId) ? (await listSuspenseItems(deps.db)).find((i) => i.id === Number(suspenseId)) : undefined
  if (!item) throw new AppError('not_found', `No outstanding suspense item ${suspenseId}`)
  return item
}

function renderClear(reply: FastifyReply, status: number, item: SuspenseItem, input: SuspenseClearInput, errors: FormError[]) {
  return reply.code(status).view('pages/finance/suspense-clear.njk', { item, input, errors })
}

/** Clearing a suspense item: at or under the limit it clears at once; above it, it waits for someone else to approve. */
export function suspenseController(deps: WebDeps) {
  return {
    async list(request: FastifyRequest, reply: FastifyReply) {
      recordPageView(deps, request, { action: 'suspense.viewed', entityType: 'suspense_item', entityId: 'outstanding' })
      return renderSuspensePage(deps, reply, 200, [])
    },

    async showClear(request: ItemRequest, reply: FastifyReply) {
      const item = await outstandingItem(deps, request)
      return renderClear(reply, 200, item, { account: '', note: '' }, [])
    },

    async clear(request: ItemRequest, reply: FastifyReply) {
      const item = await outstandingItem(deps, request)
      const result = validateSuspenseClear(request.body)
      if (!result.ok) return renderClear(reply, 400, item, result.input, result.errors)
      let outcome
      try {
        outcome = await requestSuspenseClearance(deps.db, {
          suspenseId: item.id,
          targetAccountNumber: result.form.account,
          note: result.form.note,
          today: todayInLondon(deps.now()),
          actor: requestActor(request),
        })
      } catch (err) {
        const refused = refusalOf(err, '#account')
        const errors = err instanceof AppError && err.details.length ? formErrorsFrom(err, { account: '#account', note: '#note' }, '#account') : refused.errors
        return renderClear(reply, refused.status, item, result.input, errors)
      }
      const amount = formatPounds(item.amountPence)
      setFlash(
        request,
        outcome.status === 'cleared'
          ? { heading: `Payment of ${amount} cleared to account ${result.form.account}` }
          : {
              heading: `Clearing ${amount} to account ${result.form.account} is waiting for approval`,
              lines: [`It is over the ${formatPounds(outcome.limitPence)} limit, so a team leader or finance officer other than you must approve it.`],
            },
      )
      return reply.redirect('/finance/suspense', 303)
    },
  }
}
