/**
 * Council tax recovery stages for the one view of debt: for each council tax account asked about, its current
 * statutory stage (the last one the council tax system reported) and the history, oldest first. One query,
 * whatever the number of accounts. Accounts with no recorded stage are absent from the map.
 *
 * Wiring (src/services/one-view/person-debt.ts): after reading the person's accounts, call
 *   const ct = await councilTaxStages(db, rows.filter((r) => r.account_type === 'council_tax').map((r) => r.id))
 * and for a council tax account use `ct.get(id)?.stageLabel` as its stage (its pathway is null: the council tax
 * system runs the recovery).
 */
import type { Queryable } from '../../db/client.ts'
import { COUNCIL_TAX_STAGE_LABELS, type CouncilTaxStage } from '../../formats/council-tax/stages.ts'

export interface CouncilTaxStageView {
  accountId: number
  ctAccountRef: string
  stage: CouncilTaxStage
  stageLabel: string
  stageDate: string
  history: { stage: CouncilTaxStage; stageLabel: string; stageDate: string; importId: number }[]
}

export async function councilTaxStages(db: Queryable, accountIds: readonly number[]): Promise<Map<number, CouncilTaxStageView>> {
  const out = new Map<number, CouncilTaxStageView>()
  if (accountIds.length === 0) return out
  const rows = await db.query<{ account_id: number; ct_account_ref: string; stage: CouncilTaxStage; stage_date: string; import_id: number }>(
    `select e.account_id, c.ct_account_ref, e.stage, e.stage_date, e.import_id
     from council_tax_stage_events e join council_tax_accounts c on c.account_id = e.account_id
     where e.account_id = any($1::int[]) order by e.account_id, e.id`,
    [accountIds],
  )
  for (const r of rows) {
    const entry = { stage: r.stage, stageLabel: COUNCIL_TAX_STAGE_LABELS[r.stage], stageDate: r.stage_date, importId: r.import_id }
    const v = out.get(r.account_id)
    if (v) {
      v.history.push(entry)
      Object.assign(v, { stage: r.stage, stageLabel: entry.stageLabel, stageDate: r.stage_date })
    } else {
      out.set(r.account_id, { accountId: r.account_id, ctAccountRef: r.ct_account_ref, stage: r.stage, stageLabel: entry.stageLabel, stageDate: r.stage_date, history: [entry] })
    }
  }
  return out
}
