import type { FastifyReply, FastifyRequest } from 'fastify'
import { catalogueEntries } from '../../../domain/templates/catalogue.ts'
import { AppError, isAppError } from '../../../errors.ts'
import { renderTemplateText } from '../../../domain/templates/engine.ts'
import { loadWorkingDayCalendar } from '../../../calendar-data.ts'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { renderLetter } from '../../../services/documents/generate-document.ts'
import { loadAccountFacts, mergeDataFor } from '../../../services/documents/merge-data.ts'
import { ensureDefaultTemplates } from '../../../services/templates/load-default-templates.ts'
import { publishTemplate } from '../../../services/templates/publish-template.ts'
import { saveTemplate } from '../../../services/templates/save-template.ts'
import { getTemplateVersion, listTemplates, listTemplateVersions, type TemplateVersion } from '../../../services/templates/templates.ts'
import { requestActor } from '../../actor.ts'
import { safeFilename } from '../../downloads.ts'
import { setFlash } from '../../flash.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { findCustomerAccount } from '../accounts/account.controller.ts'
import { languageParam, validateTemplateForm, type TemplateFormInput } from './template-form.validator.ts'

type KeyRequest = FastifyRequest<{ Params: { key: string; language: string } }>
type VersionRequest = FastifyRequest<{ Params: { key: string; language: string; id: string }; Querystring: { account?: string } }>

const editPath = (key: string, language: string) => `/templates/${encodeURIComponent(key)}/${language}`
const LANGUAGE_NAMES: Record<string, string> = { en: 'English', cy: 'Welsh' }

async function versionsOf(deps: WebDeps, key: string, language: string): Promise<TemplateVersion[]> {
  const lang = languageParam(language)
  const versions = lang ? (await listTemplateVersions(deps.db, key)).filter((v) => v.language === lang) : []
  if (!versions.length) throw new AppError('not_found', `No template ${key} (${language})`)
  return versions
}

function renderEdit(reply: FastifyReply, status: number, versions: TemplateVersion[], input: TemplateFormInput, errors: FormError[], preview?: { account: string; error?: FormError }) {
  const latest = versions[0]!
  const live = versions.find((v) => v.status === 'live') ?? null
  return reply.code(status).view('pages/templates/edit.njk', {
    template: latest,
    live,
    versions,
    input,
    errors: preview?.error ? [preview.error] : errors,
    previewAccount: preview?.account ?? '',
    languageName: LANGUAGE_NAMES[latest.language],
    catalogue: catalogueEntries(),
  })
}

/** Templates for administrators: the list, a key's versions with an edit form, preview with a real account, publish. */
export function templatesController(deps: WebDeps) {
  return {
    async list(_request: FastifyRequest, reply: FastifyReply) {
      await ensureDefaultTemplates(deps.db)
      const templates = await listTemplates(deps.db)
      return reply.view('pages/templates/list.njk', { templates, languageNames: LANGUAGE_NAMES })
    },

    async show(request: KeyRequest, reply: FastifyReply) {
      const versions = await versionsOf(deps, request.params.key, request.params.language)
      const v = versions[0]!
      return renderEdit(reply, 200, versions, { title: v.title, subject: v.subject ?? '', body: v.body, description: v.description ?? '' }, [])
    },

    async save(request: KeyRequest, reply: FastifyReply) {
      const versions = await versionsOf(deps, request.params.key, request.params.language)
      const t = versions[0]!
      const form = validateTemplateForm(request.body, t.channel)
      if (!form.ok) return renderEdit(reply, 400, versions, form.input, form.errors)
      try {
        const saved = await deps.db.transaction((tx) =>
          saveTemplate(tx, { key: t.key, language: t.language, title: form.input.title, subject: form.input.subject, body: form.input.body, description: form.input.description, encloses: t.encloses, actor: requestActor(request) }),
        )
        setFlash(request, { heading: `Version ${saved.version} saved as a draft`, lines: ['Preview it with a real account, then publish it to put it into use.'] })
      } catch (err) {
        if (!isAppError(err) || err.code !== 'validation') throw err
        const errors = err.details.map((d) => ({ text: d.field === 'subject' ? `Subject: ${d.message}` : d.message, href: d.field === 'subject' ? '#subject' : d.field === 'title' ? '#title' : '#body' }))
        return renderEdit(reply, 400, versions, form.input, errors)
      }
      return reply.redirect(editPath(t.key, t.language), 303)
    },

    async publish(request: VersionRequest, reply: FastifyReply) {
      const id = Number(request.params.id)
      if (!Number.isSafeInteger(id)) throw new AppError('not_found', 'No such version')
      const v = await getTemplateVersion(deps.db, id)
      if (v.key !== request.params.key || v.language !== request.params.language) throw new AppError('not_found', 'No such version')
      try {
        const r = await deps.db.transaction((tx) => publishTemplate(tx, { templateId: id, actor: requestActor(request) }))
        setFlash(request, { heading: `Version ${r.version} is live`, lines: ['Letters and messages from now on use this version.'] })
      } catch (err) {
        if (!isAppError(err) || (err.code !== 'invalid_state' && err.code !== 'validation')) throw err
        const versions = await versionsOf(deps, v.key, v.language)
        return renderEdit(reply, 422, versions, { title: v.title, subject: v.subject ?? '', body: v.body, description: v.description ?? '' }, [{ text: err.userMessage, href: '#versions' }])
      }
      return reply.redirect(editPath(v.key, v.language), 303)
    },

    /** A version rendered for a real account (by account number): the PDF for a letter, the text for a message. */
    async preview(request: VersionRequest, reply: FastifyReply) {
      const id = Number(request.params.id)
      const v = Number.isSafeInteger(id) ? await getTemplateVersion(deps.db, id) : null
      if (!v || v.key !== request.params.key || v.language !== request.params.language) throw new AppError('not_found', 'No such version')
      const number = (request.query.account ?? '').trim()
      const previewError = async (text: string) => {
        const versions = await versionsOf(deps, v.key, v.language)
        return renderEdit(reply, 400, versions, { title: v.title, subject: v.subject ?? '', body: v.body, description: v.description ?? '' }, [], { account: number, error: { text, href: '#account' } })
      }
      if (!number) return previewError('Enter an account number to preview with')
      let account
      try {
        account = await findCustomerAccount(deps, number)
      } catch (err) {
        if (isAppError(err) && err.code === 'not_found') return previewError(`No account ${number}`)
        throw err
      }
      const today = todayInLondon(deps.now())
      const facts = await loadAccountFacts(deps.db, account.id, { today, language: v.language, council: { name: deps.council.name, address: deps.council.address ?? [] } })
      if (v.channel === 'letter') {
        const r = await renderLetter(deps.db, { template: v, facts, today, council: { name: deps.council.name, address: deps.council.address ?? [] } })
        return reply.type('application/pdf').header('content-disposition', `inline; filename="${safeFilename(`preview-${v.key}-v${v.version}-${account.accountNumber}.pdf`)}"`).send(r.pdf)
      }
      const party = facts.parties[0] ?? null
      const data = mergeDataFor(facts, party)
      const ctx = { today, language: v.language, calendar: loadWorkingDayCalendar() }
      const body = await renderTemplateText(v.body, data, ctx)
      const subject = v.subject === null ? null : await renderTemplateText(v.subject, data, ctx)
      return reply.view('pages/templates/preview.njk', { template: v, account, body: body.trim(), subject, recipient: party?.name ?? '', backPath: editPath(v.key, v.language), length: body.trim().length })
    },
  }
}

