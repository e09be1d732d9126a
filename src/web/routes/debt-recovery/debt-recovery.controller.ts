import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { isAppError } from '../../../errors.ts'
import { getDebtRecoveryView, type DebtRecoveryView } from '../../../services/debt-recovery/get-debt-recovery-view.ts'
import type { AccountSummary } from '../../../services/statements/get-account-statement.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { recordPageView } from '../../page-views.ts'
import { refusalOf } from '../../refusal.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { findCustomerAccount } from '../accounts/account.controller.ts'
import { mayActOnRecovery } from '../recovery/recovery-roles.ts'
import { findForm, FORMS, optionsOf, validateForm, type FormInput } from './debt-recovery-forms.ts'

type PageRequest = FastifyRequest<{ Params: { accountNumber: string; form?: string } }>

const pagePath = (accountNumber: string) => `/accounts/${encodeURIComponent(accountNumber)}/debt-recovery`

function render(deps: WebDeps, request: PageRequest, reply: FastifyReply, account: AccountSummary, v: DebtRecoveryView, status: number, state: { errors: FormError[]; form?: string; input?: FormInput }) {
  const forms = FORMS.map((f) => ({
    name: f.name,
    title: f.title,
    section: f.section,
    submit: f.submit,
    fields: f.fields.map((x) => ({ name: x.name, label: x.label, kind: x.kind, hint: x.hint ?? null, optional: x.optional ?? false, options: optionsOf(x, v) })),
  }))
  return reply.code(status).view('pages/debt-recovery/account-debt-recovery.njk', {
    account,
    v,
    forms,
    canAct: mayActOnRecovery(request.user?.role) || request.user?.role === 'finance',
    errors: state.errors,
    openForm: state.form ?? null,
    formInput: state.input ?? {},
    nextNames: v.nextStages.map((s) => s.name).join(', '),
  })
}

/** The debt recovery page (tracing, agency, letter of claim, money claim, enforcement, limitation) and its forms. */
export function debtRecoveryController(deps: WebDeps) {
  return {
    async show(request: PageRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      recordPageView(deps, request, { action: 'debt_recovery.viewed', entityType: 'account', entityId: account.id })
      const v = await getDebtRecoveryView(deps.db, account.id, todayInLondon(deps.now()))
      return render(deps, request, reply, account, v, 200, { errors: [] })
    },

    /** validate → the service in one transaction → flash and back (post-redirect-get); errors re-show the page at the form. */
    async post(request: PageRequest, reply: FastifyReply) {
      const spec = findForm(request.params.form ?? '')
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      if (!spec) return reply.code(404).send('Not found')
      const today = todayInLondon(deps.now())
      const v = await getDebtRecoveryView(deps.db, account.id, today)
      const first = `#${spec.name}-${spec.fields[0]!.name}${spec.fields[0]!.kind === 'date' ? '-day' : ''}`
      const result = validateForm(spec, request.body, v)
      if (!result.ok) return render(deps, request, reply, account, v, 400, { errors: result.errors, form: spec.name, input: result.input })
      let heading: string
      try {
        heading = await deps.db.transaction((tx) => spec.run(tx, result.values as never, { view: v, actor: requestActor(request) }))
      } catch (err) {
        const refused = refusalOf(err, first)
        const errors =
          isAppError(err) && err.details.length
            ? err.details.map((d) => {
                const field = spec.fields.find((f) => f.name === d.field)
                return { text: d.message, href: field ? `#${spec.name}-${field.name}${field.kind === 'date' ? '-day' : ''}` : first }
              })
            : refused.errors
        const fresh = await getDebtRecoveryView(deps.db, account.id, today)
        return render(deps, request, reply, account, fresh, refused.status, { errors, form: spec.name, input: result.input })
      }
      setFlash(request, { heading })
      return reply.redirect(`${pagePath(account.accountNumber)}#${spec.section}`, 303)
    },
  }
}
