/**
 * Everything an officer's recovery action is checked against: the account, the pathway it is on (the same choice
 * the trawl makes), its case, and the holds covering it.
 */
import type { Queryable } from '../../db/client.ts'
import type { IsoDate } from '../../domain/calendar/dates.ts'
import { findStage, startCandidates, type AccountType, type Hold, type Pathway, type Stage, type Tenure } from '../../domain/recovery/index.ts'
import { AppError } from '../../errors.ts'
import { choosePathway, type CaseState } from './evaluate-account.ts'
import { toDomainHold } from './holds.ts'
import { loadPathways } from './pathways.ts'
import { readRecoverySettings, type RecoverySettings } from './recovery-settings.ts'

export interface CaseContext {
  account: {
    id: number
    accountNumber: string
    accountType: AccountType
    tenure: Tenure | null
    socialHousing: boolean
    tenancyId: number | null
    tenancyStartDate: IsoDate | null
    partyIds: number[]
  }
  pathway: Pathway | null
  /** Why there is no pathway, when there is none. */
  pathwayError: string | null
  case: (CaseState & { cycleStartedOn: IsoDate | null }) | null
  currentStage: Stage | null
  /** The stages that may come next: the current stage's `next`, or the first stage of a case not started. */
  candidates: Stage[]
  holds: Hold[]
  settings: RecoverySettings
}

export async function loadCaseContext(db: Queryable, accountId: number, onDate: IsoDate): Promise<CaseContext> {
  const [a] = await db.query<{
    id: number
    account_number: string
    account_type: AccountType
    tenure: Tenure | null
    social_housing: boolean | null
    tenancy_id: number | null
    start_date: string | null
    party_ids: number[]
  }>(
    `select a.id, a.account_number, a.account_type, t.tenure, t.social_housing, a.tenancy_id, t.start_date,
       array(select party_id from account_parties where account_id = a.id order by party_id) as party_ids
     from accounts a left join tenancies t on t.id = a.tenancy_id
     where a.id = $1 and a.account_class = 'customer'`,
    [accountId],
  )
  if (!a) throw new AppError('not_found', `No customer account ${accountId}`)
  const [c] = await db.query<{ pathway_id: string; pathway_version: string; current_stage: string | null; stage_entered_on: string | null; cycle_started_on: string | null }>(
    'select pathway_id, pathway_version, current_stage, stage_entered_on, cycle_started_on from recovery_cases where account_id = $1',
    [accountId],
  )
  const holdRows = await db.query<{ id: number; hold_type: string; starts_on: string; ends_on: string | null; ended_on: string | null; treatment_ends_on: string | null; reason: string }>(
    `select id, hold_type, starts_on, ends_on, ended_on, treatment_ends_on, reason from holds
     where account_id = $1 or party_id in (select party_id from account_parties where account_id = $1)`,
    [accountId],
  )
  const [pathways, settings] = await Promise.all([loadPathways(db), readRecoverySettings(db, onDate)])
  const caseState = c ? { pathwayId: c.pathway_id, pathwayVersion: c.pathway_version, currentStage: c.current_stage, stageEnteredOn: c.stage_entered_on, cycleStartedOn: c.cycle_started_on } : null
  const chosen = choosePathway(
    { accountType: a.account_type, tenure: a.tenure, socialHousing: a.social_housing ?? true, case: caseState },
    { today: onDate, pathways, settings },
  )
  const pathway = 'error' in chosen ? null : chosen.pathway
  const currentStage = pathway && caseState?.currentStage ? (findStage(pathway, caseState.currentStage) ?? null) : null
  const candidates = !pathway ? [] : currentStage ? currentStage.next.map((id) => findStage(pathway, id)!) : startCandidates(pathway)
  return {
    account: {
      id: a.id,
      accountNumber: a.account_number,
      accountType: a.account_type,
      tenure: a.tenure,
      socialHousing: a.social_housing ?? true,
      tenancyId: a.tenancy_id,
      tenancyStartDate: a.start_date,
      partyIds: a.party_ids,
    },
    pathway,
    pathwayError: 'error' in chosen ? chosen.error : null,
    case: caseState,
    currentStage,
    candidates,
    holds: holdRows.map(toDomainHold),
    settings,
  }
}

/** The stage an action of `type` takes: the first candidate doing it, else (out of sequence) any stage doing it. */
export function stageForAction(ctx: CaseContext, matches: (s: Stage) => boolean): { stage: Stage; inSequence: boolean } | null {
  const next = ctx.candidates.find(matches)
  if (next) return { stage: next, inSequence: true }
  const any = ctx.pathway?.stages.find(matches)
  return any ? { stage: any, inSequence: false } : null
}
