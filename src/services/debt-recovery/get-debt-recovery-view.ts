/**
 * Everything the debt recovery page shows for one account: the limitation position, the letter of claim's
 * position, and every tracing request, agency placement (with its returns), letter of claim (with replies), money
 * claim (with its judgment and that judgment's position), enforcement step and acknowledgement.
 */
import type { Queryable } from '../../db/client.ts'
import { judgmentPosition, PAYMENT_POSTING_TYPES, type JudgmentPosition, type JudgmentTerms, type LetterPosition, type LimitationPosition } from '../../domain/debt-recovery/index.ts'
import { AppError } from '../../errors.ts'
import { loadCaseContext } from '../recovery/case-context.ts'
import { balanceOn, loadDebtFacts } from './debt-facts.ts'
import { readJudgmentTolerance } from './debt-settings.ts'

export interface DebtRecoveryView {
  account: { id: number; accountNumber: string; accountType: string; name: string; balancePence: number }
  today: string
  pathway: { id: string; version: string; name: string } | null
  currentStage: { id: string; name: string } | null
  nextStages: { id: string; name: string; actionType: string }[]
  limitation: LimitationPosition
  letterPosition: (LetterPosition & { letterId: number }) | null
  openPlacement: { id: number; agency: string; placedOn: string; commissionBasisPoints: number } | null
  traces: { id: number; agent: string; reason: string; requested_on: string; returned_on: string | null; result: string | null; forwarding_address: string | null }[]
  placements: {
    id: number
    agency: string
    agency_reference: string | null
    placed_on: string
    balance_placed_pence: number
    commission_basis_points: number
    ended_on: string | null
    end_kind: string | null
    end_reason: string | null
    returns: { id: number; statement_ref: string; collected_on: string; gross_collected_pence: number; commission_pence: number; remitted_pence: number; transaction_id: number }[]
  }[]
  letters: {
    id: number
    sent_on: string
    method: string
    amount_claimed_pence: number
    response_due_on: string
    document_ref: string
    enclosures: string[]
    replies: { id: number; received_on: string; reply_type: string; time_allowed_until: string | null; documents_provided_on: string | null; dispute_answered_on: string | null }[]
  }[]
  claims: {
    id: number
    route: string
    court: string
    claim_number: string | null
    issued_on: string
    claim_value_pence: number
    fee_pence: number
    fee_band: string
    fee_confirmed: boolean
    judgment: { id: number; judgment_type: string; entered_on: string; amount_pence: number; costs_pence: number; terms: string; position: JudgmentPosition } | null
  }[]
  enforcement: {
    id: number
    kind: string
    applied_on: string
    fee_pence: number
    fee_confirmed: boolean
    reference: string | null
    employer_name: string | null
    order_made_on: string | null
    normal_deduction_pence: number | null
    deduction_frequency: string | null
    ended_on: string | null
    outcome: string | null
  }[]
  acknowledgements: { id: number; acknowledged_on: string; form: string; amount_acknowledged_pence: number | null; document_ref: string | null }[]
}

export async function getDebtRecoveryView(db: Queryable, accountId: number, today: string): Promise<DebtRecoveryView> {
  const [a] = await db.query<{ id: number; account_number: string; account_type: string; name: string }>(
    `select id, account_number, account_type, name from accounts where id = $1 and account_class = 'customer'`,
    [accountId],
  )
  if (!a) throw new AppError('not_found', `No customer account ${accountId}`)
  const [facts, ctx, balance] = await Promise.all([loadDebtFacts(db, accountId, today), loadCaseContext(db, accountId, today), balanceOn(db, accountId, today)])
  const traces = await db.query<DebtRecoveryView['traces'][number]>(
    'select id, agent, reason, requested_on, returned_on, result, forwarding_address from tracing_requests where account_id = $1 order by requested_on desc, id desc',
    [accountId],
  )
  const placements = await db.query<Omit<DebtRecoveryView['placements'][number], 'returns'>>(
    `select id, agency, agency_reference, placed_on, balance_placed_pence, commission_basis_points, ended_on, end_kind, end_reason
     from agency_placements where account_id = $1 order by placed_on desc, id desc`,
    [accountId],
  )
  const returns = await db.query<DebtRecoveryView['placements'][number]['returns'][number] & { placement_id: number }>(
    `select id, placement_id, statement_ref, collected_on, gross_collected_pence, commission_pence, remitted_pence, transaction_id
     from agency_returns where account_id = $1 order by collected_on, id`,
    [accountId],
  )
  const letters = await db.query<Omit<DebtRecoveryView['letters'][number], 'replies'>>(
    'select id, sent_on, method, amount_claimed_pence, response_due_on, document_ref, enclosures from letters_of_claim where account_id = $1 order by sent_on desc, id desc',
    [accountId],
  )
  const replies = await db.query<DebtRecoveryView['letters'][number]['replies'][number] & { letter_id: number }>(
    'select id, letter_id, received_on, reply_type, time_allowed_until, documents_provided_on, dispute_answered_on from letter_of_claim_replies where account_id = $1 order by received_on, id',
    [accountId],
  )
  const claims = await db.query<Omit<DebtRecoveryView['claims'][number], 'judgment'>>(
    `select m.id, m.route, c.court, c.claim_number, m.issued_on, m.claim_value_pence, m.fee_pence, m.fee_band, m.fee_confirmed
     from money_claims m join court_claims c on c.id = m.court_claim_id where m.account_id = $1 order by m.issued_on desc, m.id desc`,
    [accountId],
  )
  const judgments = await db.query<{
    id: number
    money_claim_id: number
    judgment_type: string
    entered_on: string
    amount_pence: number
    costs_pence: number
    terms: JudgmentTerms
    pay_by: string | null
    instalment_pence: number | null
    instalment_frequency: 'weekly' | 'monthly' | null
    first_instalment_on: string | null
    paid_since: number
  }>(
    `select j.id, j.money_claim_id, j.judgment_type, j.entered_on, j.amount_pence, j.costs_pence, j.terms, j.pay_by, j.instalment_pence, j.instalment_frequency, j.first_instalment_on,
       (select coalesce(-sum(p.amount_pence), 0) from postings p where p.account_id = j.account_id and p.amount_pence < 0
          and p.effective_date > j.entered_on and p.effective_date <= $2 and p.posting_type = any($3::text[]))::bigint as paid_since
     from money_judgments j where j.account_id = $1 and j.set_aside_on is null`,
    [accountId, today, PAYMENT_POSTING_TYPES],
  )
  const tolerance = judgments.length ? await readJudgmentTolerance(db, today) : null
  const enforcement = await db.query<DebtRecoveryView['enforcement'][number]>(
    `select id, kind, applied_on, fee_pence, fee_confirmed, reference, employer_name, order_made_on, normal_deduction_pence, deduction_frequency, ended_on, outcome
     from enforcement_actions where account_id = $1 order by applied_on desc, id desc`,
    [accountId],
  )
  const acknowledgements = await db.query<DebtRecoveryView['acknowledgements'][number]>(
    'select id, acknowledged_on, form, amount_acknowledged_pence, document_ref from debt_acknowledgements where account_id = $1 order by acknowledged_on desc, id desc',
    [accountId],
  )
  return {
    account: { id: a.id, accountNumber: a.account_number, accountType: a.account_type, name: a.name, balancePence: balance },
    today,
    pathway: ctx.pathway ? { id: ctx.pathway.id, version: ctx.pathway.version, name: ctx.pathway.name } : null,
    currentStage: ctx.currentStage ? { id: ctx.currentStage.id, name: ctx.currentStage.name } : null,
    nextStages: ctx.candidates.map((s) => ({ id: s.id, name: s.name, actionType: s.action.type })),
    limitation: facts.limitation,
    letterPosition: facts.letter,
    openPlacement: facts.openPlacement,
    traces,
    placements: placements.map((p) => ({ ...p, returns: returns.filter((r) => r.placement_id === p.id) })),
    letters: letters.map((l) => ({ ...l, replies: replies.filter((r) => r.letter_id === l.id) })),
    claims: claims.map((c) => {
      const j = judgments.find((x) => x.money_claim_id === c.id)
      return {
        ...c,
        judgment: j
          ? {
              id: j.id,
              judgment_type: j.judgment_type,
              entered_on: j.entered_on,
              amount_pence: j.amount_pence,
              costs_pence: j.costs_pence,
              terms: j.terms,
              position: judgmentPosition(
                { enteredOn: j.entered_on, amountPence: j.amount_pence, terms: j.terms, payBy: j.pay_by, instalmentPence: j.instalment_pence, instalmentFrequency: j.instalment_frequency, firstInstalmentOn: j.first_instalment_on, paidSincePence: j.paid_since },
                tolerance!,
                today,
              ),
            }
          : null,
      }
    }),
    enforcement,
    acknowledgements,
  }
}
