import type { Queryable } from '../../db/client.ts'

export interface PaymentImportRow {
  id: number
  format: string
  fileName: string
  fileId: string | null
  importedAt: Date
  actor: string
  count: number
  totalPence: number
  matched: number
  matchedPence: number
  suspense: number
  suspensePence: number
  declaredCount: number | null
  declaredTotalPence: number | null
}

export interface PaymentImportDetail extends PaymentImportRow {
  /** How many payments each matching rule placed, and how many went to suspense. */
  byRule: { rule: string; count: number; totalPence: number }[]
}

type Row = {
  id: number
  format: string
  file_name: string
  file_id: string | null
  imported_at: Date
  actor: string
  payment_count: number
  total_pence: number
  matched_count: number
  matched_pence: number
  suspense_count: number
  suspense_pence: number
  declared_count: number | null
  declared_total_pence: number | null
}

const COLUMNS = `id, format, file_name, file_id, imported_at, actor, payment_count, total_pence, matched_count, matched_pence,
  suspense_count, suspense_pence, declared_count, declared_total_pence`

const toImport = (r: Row): PaymentImportRow => ({
  id: r.id,
  format: r.format,
  fileName: r.file_name,
  fileId: r.file_id,
  importedAt: r.imported_at,
  actor: r.actor,
  count: r.payment_count,
  totalPence: r.total_pence,
  matched: r.matched_count,
  matchedPence: r.matched_pence,
  suspense: r.suspense_count,
  suspensePence: r.suspense_pence,
  declaredCount: r.declared_count,
  declaredTotalPence: r.declared_total_pence,
})

export const RECENT_IMPORTS = 20

/** The latest payment files imported, newest first. */
export async function listRecentImports(db: Queryable, limit = RECENT_IMPORTS): Promise<PaymentImportRow[]> {
  const rows = await db.query<Row>(`select ${COLUMNS} from payment_imports order by id desc limit $1`, [limit])
  return rows.map(toImport)
}

/** One import with its payments counted by the rule that matched them (`suspense` for none). */
export async function findImport(db: Queryable, id: number): Promise<PaymentImportDetail | null> {
  const [row] = await db.query<Row>(`select ${COLUMNS} from payment_imports where id = $1`, [id])
  if (!row) return null
  const rules = await db.query<{ rule: string; count: number; total: number }>(
    `select coalesce(match_rule, 'suspense') as rule, count(*)::int as count, sum(amount_pence)::bigint as total
     from payments where import_id = $1 group by 1 order by 2 desc, 1`,
    [id],
  )
  return { ...toImport(row), byRule: rules.map((r) => ({ rule: r.rule, count: r.count, totalPence: r.total })) }
}
