/** Reading a case's documents and messages (newest first), and one document's PDF. */
import type { Queryable } from '../../db/client.ts'
import { AppError } from '../../errors.ts'

export interface DocumentListItem {
  id: number
  title: string
  templateKey: string
  templateVersion: number
  language: string
  producedOn: string
  pageCount: number
  batchId: number | null
  statementRunId: number | null
  generatedBy: string
}

export async function listAccountDocuments(db: Queryable, accountId: number, limit = 200): Promise<DocumentListItem[]> {
  const rows = await db.query<{ id: number; title: string; template_key: string; template_version: number; language: string; produced_on: string; page_count: number; batch_id: number | null; statement_run_id: number | null; generated_by: string }>(
    `select id, title, template_key, template_version, language, produced_on, page_count, batch_id, statement_run_id, generated_by
     from generated_documents where account_id = $1 order by id desc limit $2`,
    [accountId, limit],
  )
  return rows.map((r) => ({ id: r.id, title: r.title, templateKey: r.template_key, templateVersion: r.template_version, language: r.language, producedOn: r.produced_on, pageCount: r.page_count, batchId: r.batch_id, statementRunId: r.statement_run_id, generatedBy: r.generated_by }))
}

export interface MessageListItem {
  id: number
  channel: 'sms' | 'email'
  recipient: string
  templateKey: string
  templateVersion: number
  status: string
  statusDetail: string | null
  sentAt: string | null
  createdAt: string
  body: string
}

const iso = (v: Date | string | null) => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString())

export async function listAccountMessages(db: Queryable, accountId: number, limit = 200): Promise<MessageListItem[]> {
  const rows = await db.query<{ id: number; channel: 'sms' | 'email'; recipient: string; template_key: string; template_version: number; status: string; status_detail: string | null; sent_at: Date | string | null; created_at: Date | string; body: string }>(
    `select id, channel, recipient, template_key, template_version, status, status_detail, sent_at, created_at, body
     from messages where account_id = $1 order by id desc limit $2`,
    [accountId, limit],
  )
  return rows.map((r) => ({ id: r.id, channel: r.channel, recipient: r.recipient, templateKey: r.template_key, templateVersion: r.template_version, status: r.status, statusDetail: r.status_detail, sentAt: iso(r.sent_at), createdAt: iso(r.created_at)!, body: r.body }))
}

export async function getDocumentPdf(db: Queryable, id: number): Promise<{ id: number; accountNumber: string; templateKey: string; pdf: Buffer }> {
  const [d] = await db.query<{ id: number; account_number: string; template_key: string; pdf: Uint8Array }>(
    'select d.id, a.account_number, d.template_key, d.pdf from generated_documents d join accounts a on a.id = d.account_id where d.id = $1',
    [id],
  )
  if (!d) throw new AppError('not_found', `No document ${id}`)
  return { id: d.id, accountNumber: d.account_number, templateKey: d.template_key, pdf: Buffer.from(d.pdf) }
}
