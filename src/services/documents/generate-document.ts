/**
 * Letters from templates: render a template version for an account (one copy per named tenant, each addressed to
 * them, as the Pre-Action Protocol asks), draw it as a PDF with the letterhead, append its enclosures (a rent
 * statement), and store it with the merge data it was made from. `renderLetter` alone is the preview.
 */
import crypto from 'node:crypto'
import { PDFDocument } from 'pdf-lib'
import { loadWorkingDayCalendar } from '../../calendar-data.ts'
import type { Queryable } from '../../db/client.ts'
import { isIsoDate, type IsoDate } from '../../domain/calendar/dates.ts'
import { renderTemplateText } from '../../domain/templates/engine.ts'
import { formatDate, type Language } from '../../domain/templates/format.ts'
import { blocksToText, parseLetterBody } from '../../domain/templates/letter-body.ts'
import { councilLetterhead } from '../../documents/letterhead.ts'
import { renderLetterPdf, type LetterCopy } from '../../documents/letter-pdf.ts'
import { renderStatementPdf } from '../../documents/statement-pdf.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { getAccountStatement } from '../statements/get-account-statement.ts'
import { getLiveTemplate, type TemplateVersion } from '../templates/templates.ts'
import { loadAccountFacts, mergeDataFor, type AccountFacts, type MergeData } from './merge-data.ts'

export interface Council {
  name: string
  address: string[]
}

export interface RenderedLetter {
  pdf: Buffer
  bodyText: string
  mergeData: MergeData
  pageCount: number
}

export function defaultCouncil(): Council {
  const l = councilLetterhead()
  return { name: l.councilName, address: l.councilAddress }
}

/** Merges PDFs into one (pdf-lib): the letter, then its enclosures; or a batch's letters into one print file. */
export async function mergePdfs(parts: readonly Uint8Array[], title: string, producedOn: IsoDate): Promise<{ pdf: Buffer; pageCount: number }> {
  const out = await PDFDocument.create()
  for (const part of parts) {
    const src = await PDFDocument.load(part)
    for (const page of await out.copyPages(src, src.getPageIndices())) out.addPage(page)
  }
  out.setTitle(title)
  out.setProducer('Reeve (pdf-lib)')
  out.setCreator('Reeve')
  // Reproducible: fixed dates, so the same letters give the same file.
  out.setCreationDate(new Date(`${producedOn}T00:00:00Z`))
  out.setModificationDate(new Date(`${producedOn}T00:00:00Z`))
  const bytes = await out.save({ useObjectStreams: false })
  return { pdf: Buffer.from(bytes), pageCount: out.getPageCount() }
}

/** Renders a letter template (live or a draft being previewed) for an account on a day, without storing it. */
export async function renderLetter(db: Queryable, o: { template: TemplateVersion; facts: AccountFacts; today: IsoDate; council: Council; statement?: { from: IsoDate; to: IsoDate } }): Promise<RenderedLetter> {
  const t = o.template
  if (t.channel !== 'letter') throw new AppError('validation', `"${t.key}" is a ${t.channel} template, not a letter`)
  const ctx = { today: o.today, language: t.language, calendar: loadWorkingDayCalendar() }
  const recipients = o.facts.parties.length ? o.facts.parties : [null]
  const copies: LetterCopy[] = []
  const texts: string[] = []
  for (const party of recipients) {
    const data = mergeDataFor(o.facts, party)
    const blocks = parseLetterBody(await renderTemplateText(t.body, data, ctx))
    const name = party?.name ?? 'The account holder'
    copies.push({ addressBlock: [name, ...o.facts.addressLines], blocks })
    texts.push(blocksToText(blocks))
  }
  const letter = await renderLetterPdf({
    councilName: o.council.name,
    councilAddress: o.council.address,
    contactLines: [`Telephone ${(o.facts.base.council as { phone: string }).phone}`, (o.facts.base.council as { email: string }).email],
    title: t.title,
    dateText: formatDate(o.today, t.language),
    references: [
      { label: t.language === 'cy' ? 'Cyfrif' : 'Account', value: o.facts.accountNumber },
      { label: t.language === 'cy' ? 'Cyfeirnod talu' : 'Payment ref', value: String((o.facts.base.account as { payment_reference: string }).payment_reference) },
    ],
    producedOn: o.today,
    footer: `${t.title} - account ${o.facts.accountNumber}`,
    copies,
    language: t.language,
  })
  const parts: Uint8Array[] = [letter]
  if (t.encloses.includes('rent_statement')) {
    const period = o.statement ?? o.facts.statementPeriod
    const statement = await getAccountStatement(db, o.facts.accountId, period)
    parts.push(await renderStatementPdf(statement, { councilName: o.council.name, councilAddress: o.council.address, generatedOn: o.today }))
  }
  const merged = await mergePdfs(parts, `${t.title} - ${o.facts.accountNumber}`, o.today)
  return { pdf: merged.pdf, bodyText: texts.join('\n\n\f\n\n'), mergeData: mergeDataFor(o.facts, recipients[0] ?? null), pageCount: merged.pageCount }
}


export interface GenerateLetterOptions {
  accountId: number
  templateKey: string
  /** Default: the language of the first person named on the account. */
  language?: Language
  today: IsoDate
  actor: Actor
  council?: Council
  batchId?: number | null
  statementRunId?: number | null
  actionId?: number | null
  statement?: { from: IsoDate; to: IsoDate }
}

export interface GeneratedDocument {
  documentId: number
  templateId: number
  templateVersion: number
  pageCount: number
  sha256: string
}

/** Generates a letter from the live template and stores it (in the caller's transaction), with an audit event. */
export async function generateLetter(tx: Queryable, o: GenerateLetterOptions): Promise<GeneratedDocument> {
  if (!isIsoDate(o.today)) throw new AppError('validation', 'The date must be YYYY-MM-DD', [{ field: 'today', message: 'Enter a real date' }])
  const probe = await loadAccountFacts(tx, o.accountId, { today: o.today, statement: o.statement })
  const language = o.language ?? probe.parties[0]?.language ?? 'en'
  const template = await getLiveTemplate(tx, o.templateKey, language)
  const facts = template.language === 'en' ? probe : await loadAccountFacts(tx, o.accountId, { today: o.today, language: template.language, statement: o.statement })
  const rendered = await renderLetter(tx, { template, facts, today: o.today, council: o.council ?? defaultCouncil(), statement: o.statement })
  return storeDocument(tx, { ...o, template, rendered })
}

export async function storeDocument(
  tx: Queryable,
  o: { accountId: number; template: TemplateVersion; rendered: RenderedLetter; today: IsoDate; actor: Actor; batchId?: number | null; statementRunId?: number | null; actionId?: number | null },
): Promise<GeneratedDocument> {
  const sha256 = crypto.createHash('sha256').update(o.rendered.pdf).digest('hex')
  const [row] = await tx.query<{ id: number }>(
    `insert into generated_documents (account_id, template_id, template_key, template_version, language, title, merge_data, body_text, pdf, sha256,
       page_count, produced_on, batch_id, statement_run_id, action_id, generated_by, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) returning id`,
    [
      o.accountId,
      o.template.id,
      o.template.key,
      o.template.version,
      o.template.language,
      o.template.title,
      JSON.stringify(o.rendered.mergeData),
      o.rendered.bodyText,
      o.rendered.pdf,
      sha256,
      o.rendered.pageCount,
      o.today,
      o.batchId ?? null,
      o.statementRunId ?? null,
      o.actionId ?? null,
      o.actor.label,
      o.actor.userId,
    ],
  )
  await recordAuditEvent(tx, o.actor, {
    action: 'document.generated',
    entityType: 'account',
    entityId: o.accountId,
    after: { documentId: row!.id, template: o.template.key, version: o.template.version, language: o.template.language, sha256, batchId: o.batchId ?? null, statementRunId: o.statementRunId ?? null },
  })
  return { documentId: row!.id, templateId: o.template.id, templateVersion: o.template.version, pageCount: o.rendered.pageCount, sha256 }
}
