import { z } from 'zod'
import { HOLD_TYPES } from '../../domain/recovery/index.ts'
import { IsoDate, Pence } from './common.ts'

export const HoldSchema = z.object({
  id: z.number().int(),
  scope: z.enum(['account', 'party']),
  accountId: z.number().int().nullable(),
  partyId: z.number().int().nullable(),
  type: z.string(),
  label: z.string(),
  startsOn: IsoDate,
  endsOn: IsoDate.nullable(),
  treatmentEndsOn: IsoDate.nullable(),
  reason: z.string(),
  reference: z.string().nullable(),
  createdBy: z.string(),
  endedOn: IsoDate.nullable(),
  endReason: z.string().nullable(),
  lastDay: IsoDate.nullable(),
  activeOn: z.boolean(),
  description: z.string(),
})

export const HoldsResponse = z.object({ accountNumber: z.string(), onDate: IsoDate, holds: z.array(HoldSchema) })

export const PlaceHoldBody = z.strictObject({
  scope: z.enum(['account', 'person']).default('account').describe('This account only, or every account of one of its holders'),
  partyRef: z.string().max(40).optional().describe('With scope "person": which holder of the account'),
  type: z.enum(HOLD_TYPES),
  startsOn: IsoDate,
  endsOn: IsoDate.optional().describe('The end when known (e.g. from the Insolvency Service)'),
  treatmentEndsOn: IsoDate.optional(),
  reason: z.string().trim().min(1).max(500),
  reference: z.string().trim().max(60).optional(),
})

export const PlacedHoldResponse = z.object({ id: z.number().int(), endsOn: IsoDate.nullable() })

export const RecommendationResponse = z.object({
  accountNumber: z.string(),
  pathway: z.object({ id: z.string(), version: z.string(), name: z.string() }).nullable(),
  stage: z.object({ id: z.string(), name: z.string(), enteredOn: IsoDate.nullable() }).nullable(),
  recommendation: z
    .object({
      runDate: IsoDate,
      kind: z.string(),
      stage: z.string().nullable(),
      actionType: z.string().nullable(),
      reason: z.string(),
      requiredChecks: z.array(z.string()),
      cautions: z.array(z.string()),
      blockedBy: z.array(z.string()),
      arrearsPence: Pence,
      arrearsWeeksHundredths: z.number().int().nullable(),
      trend: z.string(),
      priority: z.number(),
      applied: z.boolean(),
    })
    .nullable(),
})

export const WorktrayQuery = z.strictObject({
  patch: z.coerce.number().int().min(1).optional().describe('A patch id (default: every patch)'),
  action: z.string().max(60).optional(),
  stage: z.string().max(60).optional(),
  hold: z.enum(['held', 'not_held']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
})

export const WorktrayResponse = z.object({
  run: z.object({ id: z.number().int(), date: IsoDate }).nullable(),
  total: z.number().int(),
  page: z.number().int(),
  pageCount: z.number().int(),
  rows: z.array(
    z.object({
      recommendationId: z.number().int(),
      accountNumber: z.string(),
      accountType: z.string(),
      patchName: z.string().nullable(),
      kind: z.enum(['action', 'blocked']),
      actionType: z.string(),
      stage: z.string(),
      stageName: z.string(),
      reason: z.string(),
      arrearsPence: Pence,
      balancePence: Pence,
      priority: z.number(),
      holdTypes: z.array(z.string()),
      blockedBy: z.array(z.string()),
    }),
  ),
})

export const ArrangementResponse = z.object({
  accountNumber: z.string(),
  arrangement: z
    .object({
      id: z.number().int(),
      status: z.enum(['kept', 'breached', 'completed', 'cancelled']),
      statusSince: IsoDate,
      version: z.number().int(),
      description: z.string(),
      completesOn: IsoDate,
      nextPayment: z.object({ dueOn: IsoDate, paymentPence: Pence, instalmentPence: Pence, chargePence: Pence }).nullable(),
      accounts: z.array(z.object({ accountNumber: z.string(), accountType: z.string(), tier: z.number().int(), startingBalancePence: Pence })),
      priority: z.string(),
      tolerance: z.string(),
      events: z.array(z.object({ version: z.number().int(), type: z.string(), on: IsoDate, text: z.string() })),
    })
    .nullable(),
})

export const PersonDebtResponse = z.object({
  person: z.object({ id: z.number().int(), partyRef: z.string(), name: z.string() }),
  asOf: IsoDate,
  accounts: z.array(
    z.object({
      accountNumber: z.string(),
      accountType: z.string(),
      name: z.string(),
      status: z.string(),
      balancePence: Pence,
      arrearsPence: Pence,
      stage: z.string().nullable(),
      pathway: z.string().nullable(),
      holds: z.array(z.object({ id: z.number().int(), type: z.string(), startsOn: IsoDate, endsOn: IsoDate.nullable(), scope: z.enum(['account', 'person']) })),
      arrangement: z.object({ id: z.number().int(), status: z.string(), description: z.string(), completesOn: IsoDate }).nullable(),
    }),
  ),
  totals: z.object({ balancePence: Pence, arrearsPence: Pence, accounts: z.number().int(), accountsInArrears: z.number().int() }),
})
