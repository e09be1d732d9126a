import { z } from 'zod'
import type { Db, Queryable } from '../../db/client.ts'
import { buildMatchIndex, matchPayment, type MatchResult } from '../../domain/payments/match-payment.ts'
import { contentHash, parsePaymentFile } from '../../formats/payments/index.ts'
import { PaymentFileError, type BenefitKind, type ParsedPayment, type PaymentFileFormat } from '../../formats/payments/types.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { getPolicyValue } from '../policy/get-policy-value.ts'
import { postPaymentBatch } from './post-payment-batch.ts'

export interface ImportPaymentFileOptions {
  text: string
  fileName: string
  format: PaymentFileFormat
  benefitKind?: BenefitKind
  today: string
  actor: Actor
  onProgress?: (stage: 'parse' | 'match' | 'post', done: number, total: number) => void
}

export interface ImportSummary {
  importId: number
  fileId: string | null
  count: number
  totalPence: number
  matched: number
  matchedPence: number
  suspense: number
  suspensePence: number
  byRule: Record<string, number>
}

const MatchRules = z.object({
  enabled: z.array(z.enum(['exact-reference', 'account-number', 'reference-typo', 'name-and-amount'])),
  maxWeeksMultiple: z.number().int().min(1).max(52),
})

/** Everything the matcher needs about customer accounts, in one set-based query. */
async function loadMatchRows(db: Queryable, onDate: string) {
  return db.query<{ account_id: number; payment_reference: string; account_number: string; status: 'open' | 'closed'; names: string[]; weekly: number }>(
    `select a.id as account_id, a.payment_reference, a.account_number, a.status,
       -- An organisation's whole name must appear in the payer name; the trailing comma marks it as a surname for the matcher.
       coalesce((select array_agg(coalesce(p.organisation_name || ',', concat_ws(' ', p.forename, p.surname))) from account_parties ap join parties p on p.id = ap.party_id
                 where ap.account_id = a.id), '{}') as names,
       coalesce((select sum(r.weekly_pence) from (
          select distinct on (cr.charge_type) cr.weekly_pence from charge_schedules cs join charge_rates cr on cr.schedule_id = cs.id
          where cs.account_id = a.id and cr.effective_from <= $1::date order by cr.charge_type, cr.effective_from desc) r), 0)::bigint as weekly
     from accounts a where a.account_class = 'customer' and a.payment_reference is not null`,
    [onDate],
  )
}

/**
 * Imports a payment file: posted whole or not at all, in one database transaction. A file whose content,
 * or whose own file id, was imported before is refused, so nothing is ever posted twice. Each payment is
 * matched by reference, then by the configured rules, else put in suspense. One ledger transaction holds the
 * whole file: a credit per payment and a debit per method and day to the receipts accounts.
 */
export async function importPaymentFile(db: Db, opts: ImportPaymentFileOptions): Promise<ImportSummary> {
  const sha = contentHash(opts.text)
  if (opts.format === 'benefit-schedule' && !opts.benefitKind) {
    throw new AppError('validation', 'Say whether the schedule is of Housing Benefit or Universal Credit payments', [{ field: 'format', message: 'Choose the kind of schedule' }])
  }
  let parsed
  try {
    parsed = parsePaymentFile(opts.text, opts.format, { ...(opts.benefitKind ? { kind: opts.benefitKind } : {}) })
  } catch (e) {
    if (e instanceof PaymentFileError) throw e.toAppError()
    throw e
  }
  const payments = parsed.payments
  opts.onProgress?.('parse', payments.length, payments.length)

  return db.transaction(async (tx) => {
    // Serialise imports of the same content so two simultaneous uploads cannot both pass the duplicate check.
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [sha])
    const [dup] = await tx.query<{ id: number; file_name: string; imported_at: Date; same_content: boolean }>(
      `select id, file_name, imported_at, content_sha256 = $1 as same_content from payment_imports
       where content_sha256 = $1 or (format = $2 and file_id = $3) limit 1`,
      [sha, opts.format, parsed.fileId],
    )
    if (dup) {
      throw new AppError(
        'conflict',
        `This file was already imported (import ${dup.id}, ${dup.file_name}, ${dup.imported_at.toISOString().slice(0, 10)}): ` +
          (dup.same_content ? 'same content' : `same file id ${parsed.fileId}`) + '. Nothing was posted.',
      )
    }
    const rules = await getPolicyValue(tx, 'payments.match_rules', opts.today, MatchRules)
    const index = buildMatchIndex(
      (await loadMatchRows(tx, opts.today)).map((r) => ({
        accountId: r.account_id,
        paymentReference: r.payment_reference,
        accountNumber: r.account_number,
        status: r.status,
        names: r.names,
        expectedWeeklyPence: r.weekly,
      })),
    )
    const [suspense] = await tx.query<{ id: number }>(`select id from accounts where account_number = 'GL-SUSPENSE'`)
    const results: MatchResult[] = []
    for (const [i, p] of payments.entries()) {
      results.push(matchPayment({ reference: p.reference, amountPence: p.amountPence, ...(p.payerName ? { payerName: p.payerName } : {}) }, index, rules))
      if (i % 1000 === 999) opts.onProgress?.('match', i + 1, payments.length)
    }
    opts.onProgress?.('match', payments.length, payments.length)
    const summary = await post(tx, { opts, sha, parsed, payments, results, suspenseId: suspense!.id })
    opts.onProgress?.('post', payments.length, payments.length)
    return summary
  })
}

async function post(
  tx: Queryable,
  a: {
    opts: ImportPaymentFileOptions
    sha: string
    parsed: { fileId: string | null; declaredCount?: number; declaredTotalPence?: number }
    payments: ParsedPayment[]
    results: MatchResult[]
    suspenseId: number
  },
): Promise<ImportSummary> {
  const { opts, payments, results } = a
  const accountFor = (i: number) => {
    const r = results[i]!
    return r.kind === 'matched' ? r.accountId : a.suspenseId
  }
  const n = payments.length
  const total = payments.reduce((s, p) => s + p.amountPence, 0)
  const matchedIdx = results.flatMap((r, i) => (r.kind === 'matched' ? [i] : []))
  const matchedPence = matchedIdx.reduce((s, i) => s + payments[i]!.amountPence, 0)
  let importId = 0
  const { paymentIds } = await postPaymentBatch(tx, {
    idempotencyKey: `import:${a.sha}`,
    effectiveDate: opts.today,
    postingDate: opts.today,
    source: 'file',
    actor: opts.actor,
    description: `Payment file ${opts.fileName}`,
    payments: payments.map((p, i) => {
      const r = results[i]!
      return {
        accountId: accountFor(i),
        amountPence: p.amountPence,
        method: p.method,
        receivedOn: p.receivedOn,
        reference: p.reference,
        postingDescription: r.kind === 'suspense' ? `Unmatched payment, reference ${p.reference}` : null,
        importLine: p.line,
        payerName: p.payerName ?? null,
        externalId: p.externalId ?? null,
        matchRule: r.kind === 'matched' ? r.rule : null,
      }
    }),
    // The import row points at the transaction, and the payments at the import.
    importIdFor: async (transactionId) => {
      const [imp] = await tx.query<{ id: number }>(
        `insert into payment_imports (format, file_name, file_id, content_sha256, user_id, actor, payment_count, total_pence, matched_count, matched_pence,
           suspense_count, suspense_pence, declared_count, declared_total_pence, transaction_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning id`,
        [
          opts.format,
          opts.fileName,
          a.parsed.fileId,
          a.sha,
          opts.actor.userId,
          opts.actor.label,
          n,
          total,
          matchedIdx.length,
          matchedPence,
          n - matchedIdx.length,
          total - matchedPence,
          a.parsed.declaredCount ?? null,
          a.parsed.declaredTotalPence ?? null,
          transactionId,
        ],
      )
      importId = imp!.id
      return importId
    },
  })
  const suspenseIdx = results.flatMap((r, i) => (r.kind === 'suspense' ? [i] : []))
  if (suspenseIdx.length > 0) {
    await tx.query(
      `insert into suspense_items (payment_id, amount_pence, reason) select * from unnest($1::bigint[], $2::bigint[], $3::text[])`,
      [
        suspenseIdx.map((i) => paymentIds[i]),
        suspenseIdx.map((i) => payments[i]!.amountPence),
        suspenseIdx.map((i) => {
          const r = results[i]!
          return r.kind === 'suspense' ? r.reason : ''
        }),
      ],
    )
  }
  const byRule: Record<string, number> = {}
  for (const r of results) {
    const k = r.kind === 'matched' ? r.rule : 'suspense'
    byRule[k] = (byRule[k] ?? 0) + 1
  }
  const summary: ImportSummary = {
    importId,
    fileId: a.parsed.fileId,
    count: n,
    totalPence: total,
    matched: matchedIdx.length,
    matchedPence,
    suspense: suspenseIdx.length,
    suspensePence: total - matchedPence,
    byRule,
  }
  await recordAuditEvent(tx, opts.actor, { action: 'payments.imported', entityType: 'payment_import', entityId: importId, after: { fileName: opts.fileName, ...summary } })
  return summary
}
