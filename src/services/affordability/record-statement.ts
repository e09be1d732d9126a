/**
 * Recording an income and expenditure statement (Standard Financial Statement): validated by the domain,
 * assessed against the spending guidelines in force on the date it was taken, stored as taken with the
 * assessment and the guideline version used (append-only), and audited — one transaction.
 */
import type { Db, Queryable } from '../../db/client.ts'
import { assessStatement, validateStatement, type IncomeExpenditureStatement, type StatementAssessment } from '../../domain/affordability/index.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { guidelinesOn } from './spending-guidelines-loader.ts'

export interface RecordStatementOptions {
  partyId: number
  accountId?: number | null
  /** The statement as entered (validated here); `takenBy` defaults to the actor's label. */
  statement: Omit<IncomeExpenditureStatement, 'takenBy'> & { takenBy?: string }
  today: string
  actor: Actor
}

export interface StoredStatement {
  id: number
  partyId: number
  accountId: number | null
  takenOn: string
  takenBy: string
  statement: IncomeExpenditureStatement
  assessment: StatementAssessment
}

export async function recordIncomeExpenditure(db: Db, opts: RecordStatementOptions): Promise<StoredStatement> {
  const v = validateStatement({ ...opts.statement, takenBy: opts.statement.takenBy ?? opts.actor.label }, { today: opts.today })
  if (!v.ok) {
    throw new AppError(
      'validation',
      v.errors.map((e) => e.text).join('. '),
      v.errors.map((e) => ({ field: e.field, message: e.text })),
    )
  }
  const statement = v.statement
  const assessment = assessStatement(statement, guidelinesOn(statement.takenOn))
  return db.transaction(async (tx) => {
    const [party] = await tx.query('select 1 from parties where id = $1', [opts.partyId])
    if (!party) throw new AppError('not_found', `No party ${opts.partyId}`)
    if (opts.accountId != null) {
      const [a] = await tx.query('select 1 from account_parties where account_id = $1 and party_id = $2', [opts.accountId, opts.partyId])
      if (!a) throw new AppError('validation', 'The account is not one of this person’s', [{ field: 'accountId', message: 'Choose one of the person’s accounts' }])
    }
    const [row] = await tx.query<{ id: number }>(
      `insert into income_expenditure_statements (party_id, account_id, taken_on, taken_by, taken_user_id, household, lines, statement, assessment,
         guidelines_id, guidelines_version, disposable_income_pence, trigger_flag_count)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
      [
        opts.partyId,
        opts.accountId ?? null,
        statement.takenOn,
        statement.takenBy,
        opts.actor.userId,
        JSON.stringify(statement.household),
        JSON.stringify(statement.lines),
        JSON.stringify(statement),
        JSON.stringify(assessment),
        assessment.guidelines.id,
        assessment.guidelines.version,
        assessment.disposableIncomePence,
        assessment.triggerFlags.length,
      ],
    )
    await recordAuditEvent(tx, opts.actor, {
      action: 'income_expenditure.recorded',
      entityType: 'party',
      entityId: opts.partyId,
      after: {
        statementId: row!.id,
        takenOn: statement.takenOn,
        disposableIncomePence: assessment.disposableIncomePence,
        triggerFlags: assessment.triggerFlags.map((f) => f.category),
        guidelines: `${assessment.guidelines.id}@${assessment.guidelines.version}`,
      },
    })
    return { id: row!.id, partyId: opts.partyId, accountId: opts.accountId ?? null, takenOn: statement.takenOn, takenBy: statement.takenBy, statement, assessment }
  })
}

interface StatementRow {
  id: number
  party_id: number
  account_id: number | null
  taken_on: string
  taken_by: string
  statement: IncomeExpenditureStatement
  assessment: StatementAssessment
}

const toStored = (r: StatementRow): StoredStatement => ({
  id: r.id,
  partyId: r.party_id,
  accountId: r.account_id,
  takenOn: r.taken_on,
  takenBy: r.taken_by,
  statement: r.statement,
  assessment: r.assessment,
})

export async function getIncomeExpenditure(db: Queryable, id: number): Promise<StoredStatement | null> {
  const [r] = await db.query<StatementRow>(
    'select id, party_id, account_id, taken_on, taken_by, statement, assessment from income_expenditure_statements where id = $1',
    [id],
  )
  return r ? toStored(r) : null
}

/** The person's most recent statement, if any. */
export async function latestIncomeExpenditure(db: Queryable, partyId: number): Promise<StoredStatement | null> {
  const [r] = await db.query<StatementRow>(
    `select id, party_id, account_id, taken_on, taken_by, statement, assessment from income_expenditure_statements
     where party_id = $1 order by taken_on desc, id desc limit 1`,
    [partyId],
  )
  return r ? toStored(r) : null
}
