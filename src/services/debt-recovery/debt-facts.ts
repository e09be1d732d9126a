/**
 * One account's debt recovery facts on a date, read from the ledger and the debt recovery tables: what the pathway
 * conditions read (the same facts the trawl's query gathers for every account at once) and what the services check
 * before a step (not statute-barred, the letter of claim's time passed, no agency placement open).
 */
import type { Queryable } from '../../db/client.ts'
import {
  debtLimitation,
  letterOfClaimPosition,
  NOT_A_CAUSE_POSTING_TYPES,
  PAYMENT_POSTING_TYPES,
  type DebtFacts,
  type EnforcementKind,
  type JudgmentTerms,
  type LetterPosition,
  type LimitationPosition,
  type ReplyType,
} from '../../domain/debt-recovery/index.ts'
import { readJudgmentTolerance, readPapDebtRules } from './debt-settings.ts'

export interface AccountDebtFacts {
  facts: DebtFacts
  lastPaymentOn: string | null
  lastAcknowledgementOn: string | null
  limitation: LimitationPosition
  letter: (LetterPosition & { letterId: number }) | null
  openPlacement: { id: number; agency: string; placedOn: string; commissionBasisPoints: number } | null
}

export async function loadDebtFacts(db: Queryable, accountId: number, onDate: string): Promise<AccountDebtFacts> {
  const [ledger] = await db.query<{ cause_on: string | null; pay_dates: string[] }>(
    `select
       (select max(effective_date) from postings where account_id = $1 and effective_date <= $2 and amount_pence > 0 and posting_type <> all($3::text[])) as cause_on,
       array(select distinct effective_date::text from postings where account_id = $1 and effective_date <= $2 and amount_pence < 0 and posting_type = any($4::text[]) order by 1) as pay_dates`,
    [accountId, onDate, NOT_A_CAUSE_POSTING_TYPES, PAYMENT_POSTING_TYPES],
  )
  const [acks] = await db.query<{ dates: string[] }>(
    `select array(select distinct d::text from (
       select taken_on as d from recovery_actions where account_id = $1 and written_acknowledgement and taken_on <= $2
       union all select acknowledged_on from debt_acknowledgements where account_id = $1 and acknowledged_on <= $2) a order by 1) as dates`,
    [accountId, onDate],
  )
  const [claim] = await db.query<{ issued_on: string | null }>('select min(issued_on) as issued_on from money_claims where account_id = $1 and issued_on <= $2', [accountId, onDate])
  const [trace] = await db.query<{ requested_on: string; result: 'traced' | 'not_traced' | null }>(
    `select requested_on, case when returned_on <= $2 then result end as result from tracing_requests
     where account_id = $1 and requested_on <= $2 order by requested_on desc, id desc limit 1`,
    [accountId, onDate],
  )
  const [placement] = await db.query<{ id: number; agency: string; placed_on: string; commission_basis_points: number }>(
    `select id, agency, placed_on, commission_basis_points from agency_placements
     where account_id = $1 and placed_on <= $2 and (ended_on is null or ended_on > $2) order by placed_on desc, id desc limit 1`,
    [accountId, onDate],
  )
  const [letter] = await db.query<{ id: number; sent_on: string; response_due_on: string }>(
    'select id, sent_on, response_due_on from letters_of_claim where account_id = $1 and sent_on <= $2 order by sent_on desc, id desc limit 1',
    [accountId, onDate],
  )
  const replies = letter
    ? await db.query<{ received_on: string; reply_type: ReplyType; time_allowed_until: string | null; documents_provided_on: string | null; dispute_answered_on: string | null }>(
        `select received_on, reply_type, time_allowed_until,
           case when documents_provided_on <= $2 then documents_provided_on end as documents_provided_on,
           case when dispute_answered_on <= $2 then dispute_answered_on end as dispute_answered_on
         from letter_of_claim_replies where letter_id = $1 and received_on <= $2 order by received_on, id`,
        [letter.id, onDate],
      )
    : []
  const [judgment] = await db.query<{
    entered_on: string
    amount_pence: number
    terms: JudgmentTerms
    pay_by: string | null
    instalment_pence: number | null
    instalment_frequency: 'weekly' | 'monthly' | null
    first_instalment_on: string | null
    paid_since: number
  }>(
    `select j.entered_on, j.amount_pence, j.terms, j.pay_by, j.instalment_pence, j.instalment_frequency, j.first_instalment_on,
       (select coalesce(-sum(p.amount_pence), 0) from postings p where p.account_id = j.account_id and p.amount_pence < 0
          and p.posting_type = any($3::text[]) and p.effective_date > j.entered_on and p.effective_date <= $2)::bigint as paid_since
     from money_judgments j where j.account_id = $1 and j.entered_on <= $2 and (j.set_aside_on is null or j.set_aside_on > $2)
     order by j.entered_on desc, j.id desc limit 1`,
    [accountId, onDate, PAYMENT_POSTING_TYPES],
  )
  const [enforcement] = await db.query<{ kind: EnforcementKind; applied_on: string; order_made_on: string | null; ended_on: string | null; outcome: 'paid_in_full' | 'unsuccessful' | 'withdrawn' | null }>(
    `select kind, applied_on, case when order_made_on <= $2 then order_made_on end as order_made_on,
       case when ended_on <= $2 then ended_on end as ended_on, case when ended_on <= $2 then outcome end as outcome
     from enforcement_actions where account_id = $1 and applied_on <= $2 order by applied_on desc, id desc limit 1`,
    [accountId, onDate],
  )
  const rules = letter ? await readPapDebtRules(db, onDate) : null
  const tolerance = judgment ? await readJudgmentTolerance(db, onDate) : null

  const facts: DebtFacts = {
    causeOfActionOn: ledger!.cause_on,
    payments: ledger!.pay_dates,
    acknowledgements: acks!.dates,
    claimIssuedOn: claim?.issued_on ?? null,
    tracing: trace ? { requestedOn: trace.requested_on, result: trace.result } : null,
    agency: placement ? { agency: placement.agency, placedOn: placement.placed_on } : null,
    letter:
      letter && rules
        ? {
            sentOn: letter.sent_on,
            responseDueOn: letter.response_due_on,
            rules,
            replies: replies.map((r) => ({ receivedOn: r.received_on, replyType: r.reply_type, timeAllowedUntil: r.time_allowed_until, documentsProvidedOn: r.documents_provided_on, disputeAnsweredOn: r.dispute_answered_on })),
          }
        : null,
    judgment:
      judgment && tolerance
        ? {
            enteredOn: judgment.entered_on,
            amountPence: judgment.amount_pence,
            terms: judgment.terms,
            payBy: judgment.pay_by,
            instalmentPence: judgment.instalment_pence,
            instalmentFrequency: judgment.instalment_frequency,
            firstInstalmentOn: judgment.first_instalment_on,
            paidSincePence: judgment.paid_since,
            tolerance,
          }
        : null,
    enforcement: enforcement ? { kind: enforcement.kind, appliedOn: enforcement.applied_on, orderMadeOn: enforcement.order_made_on, endedOn: enforcement.ended_on, outcome: enforcement.outcome } : null,
  }
  const lastPaymentOn = ledger!.pay_dates.at(-1) ?? null
  const lastAcknowledgementOn = acks!.dates.at(-1) ?? null
  const limitation = debtLimitation({ today: onDate, lastPaymentOn, lastAcknowledgementOn, oldestUnpaidOn: null, debt: facts })
  const letterPosition = facts.letter && letter ? { ...letterOfClaimPosition(facts.letter, facts.letter.rules, onDate), letterId: letter.id } : null
  return {
    facts,
    lastPaymentOn,
    lastAcknowledgementOn,
    limitation,
    letter: letterPosition,
    openPlacement: placement ? { id: placement.id, agency: placement.agency, placedOn: placement.placed_on, commissionBasisPoints: placement.commission_basis_points } : null,
  }
}

/** The account's balance on a date (all postings up to it). */
export async function balanceOn(db: Queryable, accountId: number, onDate: string): Promise<number> {
  const [b] = await db.query<{ b: number }>('select coalesce(sum(amount_pence), 0)::bigint as b from postings where account_id = $1 and effective_date <= $2', [accountId, onDate])
  return b!.b
}
