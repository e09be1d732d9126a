import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { AppError, isAppError } from '../../../errors.ts'
import { generateLetter } from '../../../services/documents/generate-document.ts'
import { listAccountDocuments, listAccountMessages, getDocumentPdf } from '../../../services/documents/list-documents.ts'
import { ensureDefaultTemplates } from '../../../services/templates/load-default-templates.ts'
import { listTemplates } from '../../../services/templates/templates.ts'
import type { AccountSummary } from '../../../services/statements/get-account-statement.ts'
import { requestActor } from '../../actor.ts'
import { safeFilename, sendAttachment } from '../../downloads.ts'
import { setFlash } from '../../flash.ts'
import { fieldsOf, textOf } from '../../form-fields.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { findCustomerAccount } from '../accounts/account.controller.ts'
import { canWriteDocuments, DOCUMENT_READ_ROLES } from './documents-roles.ts'

type AccountRequest = FastifyRequest<{ Params: { accountNumber: string } }>
type DocumentRequest = FastifyRequest<{ Params: { id: string } }>

export const documentsPath = (accountNumber: string) => `/accounts/${encodeURIComponent(accountNumber)}/documents`

/** A case's letters and messages, and the form to produce a letter from a live template. */
export function accountDocumentsController(deps: WebDeps) {
  const render = async (request: AccountRequest, reply: FastifyReply, account: AccountSummary, status: number, errors: FormError[], chosen = '') => {
    await ensureDefaultTemplates(deps.db)
    const templates = (await listTemplates(deps.db, 'letter')).filter((t) => t.liveVersion !== null && t.language === 'en')
    return reply.code(status).view('pages/documents/account-documents.njk', {
      account,
      documents: await listAccountDocuments(deps.db, account.id),
      messages: await listAccountMessages(deps.db, account.id),
      templates: templates.map((t) => ({ value: t.key, text: t.title + ' (' + t.key + ')', selected: t.key === chosen })),
      canWrite: canWriteDocuments(request.user?.role),
      errors,
    })
  }
  return {
    async show(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      return render(request, reply, account, 200, [])
    },

    async generate(request: AccountRequest, reply: FastifyReply) {
      if (!canWriteDocuments(request.user?.role)) throw new AppError('forbidden', 'You do not have permission to produce letters')
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const key = textOf(fieldsOf(request.body), 'template')
      if (!key) return render(request, reply, account, 400, [{ text: 'Choose a letter', href: '#template' }])
      try {
        const doc = await deps.db.transaction((tx) =>
          generateLetter(tx, { accountId: account.id, templateKey: key, today: todayInLondon(deps.now()), actor: requestActor(request), council: { name: deps.council.name, address: deps.council.address ?? [] } }),
        )
        setFlash(request, { heading: 'Letter produced', lines: [`Document ${doc.documentId}: ${doc.pageCount} page${doc.pageCount === 1 ? '' : 's'}, from version ${doc.templateVersion}.`] })
      } catch (err) {
        if (!isAppError(err) || (err.code !== 'not_found' && err.code !== 'validation')) throw err
        return render(request, reply, account, 400, [{ text: err.userMessage, href: '#template' }], key)
      }
      return reply.redirect(documentsPath(account.accountNumber), 303)
    },

    async download(request: DocumentRequest, reply: FastifyReply) {
      if (!request.user || !(DOCUMENT_READ_ROLES as readonly string[]).includes(request.user.role)) throw new AppError('forbidden', 'You do not have permission to see this page')
      const id = Number(request.params.id)
      if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', 'No such document')
      const doc = await getDocumentPdf(deps.db, id)
      return sendAttachment(reply, 'application/pdf', safeFilename(`${doc.templateKey}-${doc.accountNumber}-${doc.id}.pdf`), doc.pdf)
    },
  }
}
