import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { AppError, isAppError } from '../../../errors.ts'
import { approveLetterBatch, getBatch, listBatches, listBatchItems, printLetterBatch } from '../../../jobs/letter-batch.ts'
import { requestActor } from '../../actor.ts'
import { sendAttachment } from '../../downloads.ts'
import { setFlash } from '../../flash.ts'
import type { WebDeps } from '../../types.ts'

type BatchRequest = FastifyRequest<{ Params: { id: string } }>

const batchId = (request: BatchRequest): number => {
  const id = Number(request.params.id)
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', 'No such letter batch')
  return id
}

/** Letter batches from the trawl: the list, one batch with its letters, approval (team leaders) and the print file. */
export function letterBatchesController(deps: WebDeps) {
  const showBatch = async (request: BatchRequest, reply: FastifyReply, status: number, errors: { text: string; href: string }[]) => {
    const id = batchId(request)
    const batch = await getBatch(deps.db, id)
    return reply.code(status).view('pages/documents/batch.njk', { batch, items: await listBatchItems(deps.db, id), canApprove: request.user?.role === 'team_leader', errors })
  }
  return {
    async list(_request: FastifyRequest, reply: FastifyReply) {
      return reply.view('pages/documents/batches.njk', { batches: await listBatches(deps.db) })
    },
    show: (request: BatchRequest, reply: FastifyReply) => showBatch(request, reply, 200, []),

    async approve(request: BatchRequest, reply: FastifyReply) {
      const id = batchId(request)
      try {
        const r = await approveLetterBatch(deps.db, { batchId: id, actor: requestActor(request), today: todayInLondon(deps.now()), council: { name: deps.council.name, address: deps.council.address ?? [] } })
        setFlash(request, { heading: r.alreadyApproved ? 'Batch already approved' : 'Batch approved', lines: [`${r.generated} letter${r.generated === 1 ? '' : 's'} produced, ${r.skipped} not sent.`] })
      } catch (err) {
        if (!isAppError(err) || err.code === 'not_found') throw err
        return showBatch(request, reply, err.code === 'forbidden' ? 403 : 422, [{ text: err.userMessage, href: '#approve' }])
      }
      return reply.redirect(`/letters/${id}`, 303)
    },

    async print(request: BatchRequest, reply: FastifyReply) {
      const id = batchId(request)
      if (request.user?.role !== 'team_leader') throw new AppError('forbidden', 'Only a team leader can print a letter batch')
      try {
        const r = await printLetterBatch(deps.db, { batchId: id, actor: requestActor(request) })
        return sendAttachment(reply, 'application/pdf', `letter-batch-${id}.pdf`, r.pdf)
      } catch (err) {
        if (!isAppError(err) || err.code !== 'invalid_state') throw err
        return showBatch(request, reply, 422, [{ text: err.userMessage, href: '#print' }])
      }
    },
  }
}
