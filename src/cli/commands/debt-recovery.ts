/**
 * Former tenant and sundry debt recovery on the command line: tracing, debt collection agencies, the Pre-Action
 * Protocol for Debt Claims letter of claim and replies, money claims and judgments, enforcement, written
 * acknowledgements (limitation), an account's position and the statute-barred write-off candidates.
 * Every option is validated (zod); bad input exits with status 2 naming the option; each command is one transaction.
 */
import type { Command } from 'commander'
import { z } from 'zod'
import type { Db, Queryable } from '../../db/client.ts'
import { ENFORCEMENT_KINDS, JUDGMENT_TERMS, REPLY_TYPES } from '../../domain/debt-recovery/index.ts'
import { formatPounds, MoneyParseError, parsePercentToBasisPoints } from '../../domain/money/pence.ts'
import { CHECKS } from '../../domain/recovery/index.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../../services/actor.ts'
import { ACKNOWLEDGEMENT_FORMS, recordAcknowledgement } from '../../services/debt-recovery/acknowledgement.ts'
import { endPlacement, PLACEMENT_ENDS, placeWithAgency, recordAgencyReturn } from '../../services/debt-recovery/agency.ts'
import { applyForEnforcement, ENFORCEMENT_OUTCOMES, recordEnforcementEnd, recordEnforcementOrder } from '../../services/debt-recovery/enforcement.ts'
import { getDebtRecoveryView } from '../../services/debt-recovery/get-debt-recovery-view.ts'
import { recordDisputeAnswered, recordDocumentsProvided, recordLetterReply, sendLetterOfClaim } from '../../services/debt-recovery/letter-of-claim.ts'
import { CLAIM_ROUTES, issueMoneyClaim, JUDGMENT_TYPES, recordJudgment } from '../../services/debt-recovery/money-claim.ts'
import { recordTraceResult, requestTrace, TRACE_REASONS } from '../../services/debt-recovery/tracing.ts'
import { listStatuteBarredCandidates } from '../../services/debt-recovery/write-off-candidates.ts'
import { ensureDefaultPathways } from '../../services/recovery/pathways.ts'
import { resolveCliActor } from '../actor.ts'
import { isoDate, parseOptions, pounds, today, withDb } from '../context.ts'

/** Enum options accept hyphens too (`--result not-traced`). */
const word = <T extends readonly [string, ...string[]]>(values: T) => z.string().transform((s) => s.replaceAll('-', '_')).pipe(z.enum(values))
const checks = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim().replaceAll('-', '_')).filter(Boolean))
  .pipe(z.array(z.enum(CHECKS)))
const id = z.coerce.number().int().positive()
const percent = z.string().transform((s, ctx) => {
  try {
    return parsePercentToBasisPoints(s)
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: e instanceof MoneyParseError ? e.message : 'not a percentage' })
    return z.NEVER
  }
})
const legal = { proportionality: z.string().optional(), equality: z.string().optional(), checks: checks.optional(), user: z.string().optional() }

async function accountId(db: Queryable, key: string): Promise<number> {
  const [a] = await db.query<{ id: number }>(`select id from accounts where (account_number = $1 or payment_reference = $1) and account_class = 'customer'`, [key])
  if (!a) throw new AppError('not_found', `No customer account ${key}`)
  return a.id
}

/** Runs one command in one transaction, as the --user named (or the CLI operator). */
async function act<T>(user: string | undefined, fn: (tx: Queryable, actor: Actor, db: Db) => Promise<T>): Promise<T> {
  return withDb(async (db) => {
    await ensureDefaultPathways(db)
    const actor = await resolveCliActor(db, user)
    return db.transaction((tx) => fn(tx, actor, db))
  })
}

function registerTrace(program: Command): void {
  const trace = program.command('trace').description('tracing a debtor who has gone away or not been in touch')
  trace
    .command('request <account>')
    .description('ask a tracing agent to trace the debtor (the pathway tracing stage)')
    .requiredOption('--agent <name>', 'the tracing agent or service')
    .requiredOption('--reason <reason>', TRACE_REASONS.join(', '))
    .requiredOption('--on <date>', 'date of the request')
    .option('--checks <list>', 'checks confirmed, comma separated')
    .option('--user <username>')
    .action(async (account: string, raw) => {
      const o = parseOptions(z.object({ agent: z.string().min(1), reason: word(TRACE_REASONS), on: isoDate, checks: checks.optional(), user: z.string().optional() }), raw)
      const r = await act(o.user, async (tx, actor) => requestTrace(tx, { accountId: await accountId(tx, account), agent: o.agent, reason: o.reason, requestedOn: o.on, checksConfirmed: o.checks ?? [], actor }))
      console.log(`Trace ${r.traceId} requested from ${o.agent} on ${o.on}.`)
    })
  trace
    .command('result <traceId>')
    .description('record what the tracing agent found')
    .requiredOption('--result <result>', 'traced or not-traced')
    .requiredOption('--on <date>', 'date the result came back')
    .option('--address <text>', 'the forwarding address found')
    .option('--note <text>')
    .option('--user <username>')
    .action(async (traceId: string, raw) => {
      const o = parseOptions(z.object({ result: word(['traced', 'not_traced'] as const), on: isoDate, address: z.string().optional(), note: z.string().optional(), user: z.string().optional() }), raw)
      await act(o.user, (tx, actor) => recordTraceResult(tx, { traceId: id.parse(traceId), returnedOn: o.on, result: o.result, forwardingAddress: o.address ?? null, note: o.note ?? null, actor }))
      console.log(`Trace ${traceId}: ${o.result.replaceAll('_', ' ')} (${o.on}).`)
    })
}

function registerAgency(program: Command): void {
  const agency = program.command('agency').description('debt collection agency placements, recalls and returns')
  agency
    .command('place <account>')
    .description('place the debt with an agency (the pathway agency stage): the council then sends no letters of its own')
    .requiredOption('--agency <name>')
    .requiredOption('--on <date>', 'date of the placement')
    .requiredOption('--commission <percent>', 'commission agreed with the agency, e.g. 15')
    .option('--reference <text>', "the agency's reference")
    .option('--checks <list>', 'checks confirmed, comma separated (vulnerability_considered, breathing_space_checked)')
    .option('--user <username>')
    .action(async (account: string, raw) => {
      const o = parseOptions(z.object({ agency: z.string().min(1), on: isoDate, commission: percent, reference: z.string().optional(), checks: checks.optional(), user: z.string().optional() }), raw)
      const r = await act(o.user, async (tx, actor) =>
        placeWithAgency(tx, { accountId: await accountId(tx, account), agency: o.agency, agencyReference: o.reference ?? null, placedOn: o.on, commissionBasisPoints: o.commission, checksConfirmed: o.checks ?? [], actor }),
      )
      console.log(`Placement ${r.placementId}: ${formatPounds(r.balancePlacedPence)} placed with ${o.agency} on ${o.on} at ${o.commission / 100}% commission.`)
    })
  agency
    .command('recall <placementId>')
    .description('end a placement: recalled by the council (default), returned by the agency, or paid in full')
    .requiredOption('--on <date>')
    .requiredOption('--reason <text>')
    .option('--kind <kind>', PLACEMENT_ENDS.join(', '), 'recalled')
    .option('--user <username>')
    .action(async (placementId: string, raw) => {
      const o = parseOptions(z.object({ on: isoDate, reason: z.string().min(1), kind: word(PLACEMENT_ENDS), user: z.string().optional() }), raw)
      await act(o.user, (tx, actor) => endPlacement(tx, { placementId: id.parse(placementId), endedOn: o.on, kind: o.kind, reason: o.reason, actor }))
      console.log(`Placement ${placementId} ended on ${o.on} (${o.kind.replaceAll('_', ' ')}).`)
    })
  agency
    .command('return <placementId>')
    .description("record an agency's return: what it collected and the commission it kept, posted through the ledger")
    .requiredOption('--statement <ref>', "the agency's statement or remittance reference")
    .requiredOption('--collected-on <date>')
    .requiredOption('--gross <amount>', 'what the agency collected from the debtor, in pounds')
    .requiredOption('--commission <amount>', 'the commission it kept, in pounds')
    .option('--user <username>')
    .action(async (placementId: string, raw) => {
      const o = parseOptions(z.object({ statement: z.string().min(1), collectedOn: isoDate, gross: pounds, commission: pounds, user: z.string().optional() }), raw)
      const commission = o.commission
      const r = await act(o.user, (tx, actor) => recordAgencyReturn(tx, { placementId: id.parse(placementId), statementRef: o.statement, collectedOn: o.collectedOn, grossCollectedPence: o.gross, commissionPence: commission, actor }))
      console.log(
        `Return ${r.returnId} posted (transaction ${r.transactionId}): ${formatPounds(o.gross)} credited to the debtor, ${formatPounds(commission)} commission, ${formatPounds(r.remittedPence)} remitted; balance now ${formatPounds(r.balanceAfterPence)}${r.paidInFull ? ' — paid in full, placement ended' : ''}.`,
      )
    })
}

function registerClaim(program: Command): void {
  const claim = program.command('claim').description('Pre-Action Protocol for Debt Claims, money claims and judgments')
  claim
    .command('letter <account>')
    .description('record the letter of claim sent, with the statement of account, Information Sheet, Reply Form and financial statement')
    .requiredOption('--sent <date>')
    .option('--method <method>', 'post or email', 'post')
    .option('--amount <amount>', 'amount claimed in pounds (default: the balance)')
    .option('--document <ref>', 'the letter produced (default: template debt-pap-letter-of-claim)')
    .option('--checks <list>', 'checks confirmed, comma separated')
    .option('--user <username>')
    .action(async (account: string, raw) => {
      const o = parseOptions(z.object({ sent: isoDate, method: word(['post', 'email'] as const), amount: pounds.optional(), document: z.string().optional(), checks: checks.optional(), user: z.string().optional() }), raw)
      const r = await act(o.user, async (tx, actor) =>
        sendLetterOfClaim(tx, { accountId: await accountId(tx, account), sentOn: o.sent, method: o.method, amountClaimedPence: o.amount ?? null, documentRef: o.document ?? null, checksConfirmed: o.checks ?? [], actor }),
      )
      console.log(`Letter of claim ${r.letterId} for ${formatPounds(r.amountClaimedPence)}: reply due by ${r.responseDueOn}; no claim before ${r.claimPossibleFrom}.`)
    })
  claim
    .command('reply <letterId>')
    .description('record the debtor\'s reply: admits, admits-part, asks-for-time, requests-documents, disputes (a dispute adds a dispute hold)')
    .requiredOption('--received <date>')
    .requiredOption('--type <type>', REPLY_TYPES.join(', '))
    .option('--admitted <amount>', 'admits part: the amount admitted')
    .option('--time-until <date>', 'asks for time: the date agreed')
    .option('--signed', 'the Reply Form is signed (an admission then restarts the limitation clock)')
    .option('--note <text>')
    .option('--user <username>')
    .action(async (letterId: string, raw) => {
      const o = parseOptions(
        z.object({ received: isoDate, type: word(REPLY_TYPES), admitted: pounds.optional(), timeUntil: isoDate.optional(), signed: z.boolean().optional(), note: z.string().optional(), user: z.string().optional() }),
        raw,
      )
      const r = await act(o.user, (tx, actor) =>
        recordLetterReply(tx, { letterId: id.parse(letterId), receivedOn: o.received, replyType: o.type, admittedPence: o.admitted ?? null, timeAllowedUntil: o.timeUntil ?? null, signed: o.signed ?? false, note: o.note ?? null, actor }),
      )
      console.log(`Reply ${r.replyId} recorded${r.holdId ? `; dispute hold ${r.holdId} added` : ''}${r.acknowledgementId ? `; acknowledgement ${r.acknowledgementId} recorded` : ''}.`)
    })
  claim
    .command('documents <replyId>')
    .description('the documents the debtor asked for were sent')
    .requiredOption('--on <date>')
    .option('--user <username>')
    .action(async (replyId: string, raw) => {
      const o = parseOptions(z.object({ on: isoDate, user: z.string().optional() }), raw)
      await act(o.user, (tx, actor) => recordDocumentsProvided(tx, { replyId: id.parse(replyId), providedOn: o.on, actor }))
      console.log(`Documents sent on ${o.on}.`)
    })
  claim
    .command('dispute-answered <replyId>')
    .description('the council answered the dispute (its dispute hold ends that day)')
    .requiredOption('--on <date>')
    .option('--user <username>')
    .action(async (replyId: string, raw) => {
      const o = parseOptions(z.object({ on: isoDate, user: z.string().optional() }), raw)
      await act(o.user, (tx, actor) => recordDisputeAnswered(tx, { replyId: id.parse(replyId), answeredOn: o.on, actor }))
      console.log(`Dispute answered on ${o.on}.`)
    })
  claim
    .command('issue <account>')
    .description('record a money claim issued (a legal step: a team leader, with the proportionality and Equality Act records)')
    .requiredOption('--route <route>', CLAIM_ROUTES.join(', '))
    .requiredOption('--issued <date>')
    .option('--court <name>')
    .option('--number <claimNumber>')
    .option('--value <amount>', 'amount claimed including interest, in pounds (default: the balance)')
    .option('--proportionality <text>')
    .option('--equality <text>')
    .option('--checks <list>')
    .option('--user <username>')
    .action(async (account: string, raw) => {
      const o = parseOptions(z.object({ route: word(CLAIM_ROUTES), issued: isoDate, court: z.string().optional(), number: z.string().optional(), value: pounds.optional(), ...legal }), raw)
      const r = await act(o.user, async (tx, actor) =>
        issueMoneyClaim(tx, {
          accountId: await accountId(tx, account),
          route: o.route,
          court: o.court ?? null,
          claimNumber: o.number ?? null,
          issuedOn: o.issued,
          claimValuePence: o.value ?? null,
          checksConfirmed: o.checks ?? [],
          proportionalityNote: o.proportionality ?? null,
          equalityNote: o.equality ?? null,
          actor,
        }),
      )
      console.log(`Money claim ${r.moneyClaimId} for ${formatPounds(r.claimValuePence)}: fee ${formatPounds(r.feePence)} (${r.feeBand}${r.feeConfirmed ? '' : '; fee table unconfirmed [U]'}).`)
    })
  claim
    .command('judgment <moneyClaimId>')
    .description('record the judgment: default, on admission or after a hearing, with its terms')
    .requiredOption('--type <type>', JUDGMENT_TYPES.join(', '))
    .requiredOption('--on <date>')
    .requiredOption('--amount <amount>', 'the judgment sum including costs, in pounds')
    .option('--costs <amount>', 'the costs included, in pounds')
    .requiredOption('--terms <terms>', JUDGMENT_TERMS.join(', '))
    .option('--pay-by <date>')
    .option('--instalment <amount>')
    .option('--frequency <frequency>', 'weekly or monthly')
    .option('--first <date>', 'first instalment date')
    .option('--user <username>')
    .action(async (moneyClaimId: string, raw) => {
      const o = parseOptions(
        z.object({
          type: word(JUDGMENT_TYPES),
          on: isoDate,
          amount: pounds,
          costs: pounds.optional(),
          terms: word(JUDGMENT_TERMS),
          payBy: isoDate.optional(),
          instalment: pounds.optional(),
          frequency: word(['weekly', 'monthly'] as const).optional(),
          first: isoDate.optional(),
          user: z.string().optional(),
        }),
        raw,
      )
      const r = await act(o.user, (tx, actor) =>
        recordJudgment(tx, {
          moneyClaimId: id.parse(moneyClaimId),
          judgmentType: o.type,
          enteredOn: o.on,
          amountPence: o.amount,
          costsPence: o.costs ?? 0,
          terms: o.terms,
          payBy: o.payBy ?? null,
          instalmentPence: o.instalment ?? null,
          instalmentFrequency: o.frequency ?? null,
          firstInstalmentOn: o.first ?? null,
          actor,
        }),
      )
      console.log(`Judgment ${r.judgmentId} recorded: ${formatPounds(o.amount)}, ${o.terms.replaceAll('_', ' ')}.`)
    })
}

function registerEnforcement(program: Command): void {
  const enforcement = program.command('enforcement').description('enforcing a money judgment: attachment of earnings, warrant of control, High Court writ, charging order')
  enforcement
    .command('apply <judgmentId>')
    .description('apply for enforcement (a legal step: a team leader, with the proportionality and Equality Act records)')
    .requiredOption('--kind <kind>', ENFORCEMENT_KINDS.join(', '))
    .requiredOption('--on <date>')
    .option('--employer <name>', 'attachment of earnings: the employer')
    .option('--employer-address <text>')
    .option('--property <address>', 'charging order: the property')
    .option('--reference <text>')
    .option('--fee <amount>', 'the court fee, if not the one in the fee table')
    .option('--proportionality <text>')
    .option('--equality <text>')
    .option('--checks <list>')
    .option('--user <username>')
    .action(async (judgmentId: string, raw) => {
      const o = parseOptions(
        z.object({ kind: word(ENFORCEMENT_KINDS), on: isoDate, employer: z.string().optional(), employerAddress: z.string().optional(), property: z.string().optional(), reference: z.string().optional(), fee: pounds.optional(), ...legal }),
        raw,
      )
      const r = await act(o.user, (tx, actor) =>
        applyForEnforcement(tx, {
          judgmentId: id.parse(judgmentId),
          kind: o.kind,
          appliedOn: o.on,
          employerName: o.employer ?? null,
          employerAddress: o.employerAddress ?? null,
          propertyAddress: o.property ?? null,
          reference: o.reference ?? null,
          feePence: o.fee ?? null,
          checksConfirmed: o.checks ?? [],
          proportionalityNote: o.proportionality ?? null,
          equalityNote: o.equality ?? null,
          actor,
        }),
      )
      console.log(`Enforcement ${r.enforcementId} (${o.kind.replaceAll('_', ' ')}) applied for on ${o.on}; fee ${formatPounds(r.feePence)}${r.feeConfirmed ? '' : ' (unconfirmed [U])'}.`)
    })
  enforcement
    .command('order <enforcementId>')
    .description('the order made or warrant issued (attachment of earnings: the deduction rates)')
    .requiredOption('--on <date>')
    .option('--deduction <amount>', 'normal deduction rate')
    .option('--frequency <frequency>', 'weekly or monthly')
    .option('--protected <amount>', 'protected earnings rate')
    .option('--reference <text>')
    .option('--user <username>')
    .action(async (enforcementId: string, raw) => {
      const o = parseOptions(z.object({ on: isoDate, deduction: pounds.optional(), frequency: word(['weekly', 'monthly'] as const).optional(), protected: pounds.optional(), reference: z.string().optional(), user: z.string().optional() }), raw)
      await act(o.user, (tx, actor) =>
        recordEnforcementOrder(tx, { enforcementId: id.parse(enforcementId), orderMadeOn: o.on, normalDeductionPence: o.deduction ?? null, deductionFrequency: o.frequency ?? null, protectedEarningsPence: o.protected ?? null, reference: o.reference ?? null, actor }),
      )
      console.log(`Enforcement ${enforcementId}: order made on ${o.on}.`)
    })
  enforcement
    .command('end <enforcementId>')
    .description('how the enforcement ended')
    .requiredOption('--on <date>')
    .requiredOption('--outcome <outcome>', ENFORCEMENT_OUTCOMES.join(', '))
    .option('--note <text>')
    .option('--user <username>')
    .action(async (enforcementId: string, raw) => {
      const o = parseOptions(z.object({ on: isoDate, outcome: word(ENFORCEMENT_OUTCOMES), note: z.string().optional(), user: z.string().optional() }), raw)
      await act(o.user, (tx, actor) => recordEnforcementEnd(tx, { enforcementId: id.parse(enforcementId), endedOn: o.on, outcome: o.outcome, note: o.note ?? null, actor }))
      console.log(`Enforcement ${enforcementId} ended on ${o.on} (${o.outcome.replaceAll('_', ' ')}).`)
    })
}

function registerAcknowledgement(program: Command): void {
  const ack = program.command('acknowledgement').description('signed written acknowledgements of a debt (restart the limitation clock)')
  ack
    .command('add <account>')
    .description('record a written acknowledgement signed by the debtor (Limitation Act 1980 ss29(5), 30)')
    .requiredOption('--on <date>')
    .requiredOption('--form <form>', ACKNOWLEDGEMENT_FORMS.join(', '))
    .option('--signed', 'it is in writing and signed by the debtor (required)')
    .option('--amount <amount>')
    .option('--document <ref>')
    .option('--note <text>')
    .option('--user <username>')
    .action(async (account: string, raw) => {
      const o = parseOptions(z.object({ on: isoDate, form: word(ACKNOWLEDGEMENT_FORMS), signed: z.boolean().optional(), amount: pounds.optional(), document: z.string().optional(), note: z.string().optional(), user: z.string().optional() }), raw)
      const r = await act(o.user, async (tx, actor) =>
        recordAcknowledgement(tx, { accountId: await accountId(tx, account), acknowledgedOn: o.on, form: o.form, signed: o.signed ?? false, amountPence: o.amount ?? null, documentRef: o.document ?? null, note: o.note ?? null, actor }),
      )
      console.log(`Acknowledgement ${r.acknowledgementId} recorded. ${r.restartsClock ? 'The clock restarts' : 'It does not restart the clock'}: ${r.limitation.text}.`)
    })
}

function registerDebtShow(program: Command): void {
  const debt = program.command('debt').description('an account\'s debt recovery position; statute-barred write-off candidates')
  debt
    .command('show <account>')
    .description('limitation, the letter of claim, agency, claims, judgments and enforcement for one account')
    .option('--date <date>', 'as of (default today)')
    .action(async (account: string, raw) => {
      const o = parseOptions(z.object({ date: isoDate.optional() }), raw)
      await withDb(async (db) => {
        await ensureDefaultPathways(db)
        const v = await getDebtRecoveryView(db, await accountId(db, account), o.date ?? today())
        const lines = [
          `${v.account.accountNumber} ${v.account.name}: balance ${formatPounds(v.account.balancePence)}`,
          `Pathway: ${v.pathway ? `${v.pathway.name} v${v.pathway.version}` : 'none'}; stage: ${v.currentStage?.name ?? 'not started'}; next: ${v.nextStages.map((s) => s.name).join(', ') || 'none'}`,
          `Limitation: ${v.limitation.text}`,
          v.letterPosition ? `Letter of claim: ${v.letterPosition.text}` : 'Letter of claim: none',
          v.openPlacement ? `Agency: placed with ${v.openPlacement.agency} since ${v.openPlacement.placedOn}` : 'Agency: not placed',
          ...v.claims.map((c) => `Claim ${c.id} (${c.route}, ${c.issued_on}): ${formatPounds(c.claim_value_pence)}, fee ${formatPounds(c.fee_pence)}${c.judgment ? `; ${c.judgment.position.text}` : ''}`),
          ...v.enforcement.map((e) => `Enforcement ${e.id}: ${e.kind.replaceAll('_', ' ')} applied ${e.applied_on}${e.order_made_on ? `, made ${e.order_made_on}` : ''}${e.ended_on ? `, ended ${e.ended_on} (${e.outcome})` : ''}`),
        ]
        console.log(lines.join('\n'))
      })
    })
  debt
    .command('statute-barred')
    .description('write-off candidates with reason statute_barred: open debts whose six years have run out')
    .option('--date <date>', 'as of (default today)')
    .action(async (raw) => {
      const o = parseOptions(z.object({ date: isoDate.optional() }), raw)
      await withDb(async (db) => {
        const rows = await listStatuteBarredCandidates(db, o.date ?? today())
        for (const r of rows) console.log(`${r.accountNumber}\t${r.accountType}\t${formatPounds(r.balancePence)}\t${r.evidence}`)
        console.log(`${rows.length} statute-barred debt${rows.length === 1 ? '' : 's'}.`)
      })
    })
}

export function registerDebtRecovery(program: Command): void {
  registerTrace(program)
  registerAgency(program)
  registerClaim(program)
  registerEnforcement(program)
  registerAcknowledgement(program)
  registerDebtShow(program)
}
