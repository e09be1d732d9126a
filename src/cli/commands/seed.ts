import type { Command } from 'commander'
import { z } from 'zod'
import type { Db } from '../../db/client.ts'
import { seedCouncil, type SeedResult } from '../../seed/seed-council.ts'
import { isoDate, parseOptions, today, withDb } from '../context.ts'
import { makeProgress } from '../progress.ts'

export const DEMO_PASSWORD = 'reeve-demo-2026'

export const SeedOptions = z.object({
  homes: z.coerce.number().int().min(10).max(500_000).default(5000),
  years: z.coerce.number().int().min(1).max(10).default(2),
  seed: z.coerce.number().int().min(0).default(1),
  today: isoDate.optional(),
  recoveryWeeks: z.coerce.number().int().min(0).max(52).default(16),
  password: z.string().min(8).optional(),
})

export async function seedWithProgress(db: Db, o: z.infer<typeof SeedOptions>): Promise<SeedResult> {
  let stage = ''
  let progress: ReturnType<typeof makeProgress> | undefined
  const result = await seedCouncil(db, {
    homes: o.homes,
    years: o.years,
    seed: o.seed,
    today: o.today ?? today(),
    recoveryWeeks: o.recoveryWeeks,
    demoPassword: o.password ?? process.env.REEVE_DEMO_PASSWORD ?? DEMO_PASSWORD,
    onProgress: (s, done, total) => {
      if (s !== stage) {
        progress?.stop()
        stage = s
        progress = makeProgress(s)
      }
      progress!.update(done, total)
    },
  })
  progress?.stop()
  return result
}

export function describeSeed(r: SeedResult): string {
  const c = r.recovery
  return (
    `Seeded ${r.properties} properties, ${r.tenancies} tenancies, ${r.accounts} accounts (${r.formerTenantAccounts} former tenant), ` +
    `${r.postings} postings, ${r.payments} payments in ${(r.millis / 1000).toFixed(1)} s` +
    (c
      ? `\nRecovery history: ${c.trawls} weekly trawls, ${c.officerSteps} officer steps, ${c.notices} notices, ${c.claims} claims, ` +
        `${c.hearingOutcomes} hearing outcomes, ${c.holds} holds, ${c.benefitClaims} benefit claims, ${c.arrangements} arrangements, ` +
        `${c.contacts} contacts, ${c.notes} notes (${(c.millis / 1000).toFixed(1)} s of the total)`
      : '')
  )
}

export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('generate a realistic synthetic council (deterministic for a seed) into an empty database')
    .option('--homes <n>', 'number of homes', '5000')
    .option('--years <n>', 'years of history', '2')
    .option('--seed <n>', 'random seed', '1')
    .option('--today <date>', 'last day of history (default today)')
    .option('--recovery-weeks <n>', 'weekly trawls to replay with officers acting on them (0: none)', '16')
    .option('--password <password>', 'password for the demo users (default: REEVE_DEMO_PASSWORD or the demo password)')
    .action(async (raw) => {
      const o = parseOptions(SeedOptions, raw)
      await withDb(async (db) => console.log(describeSeed(await seedWithProgress(db, o))))
    })
}
