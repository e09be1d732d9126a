import type { Command } from 'commander'
import { z } from 'zod'
import { formatPounds, parsePercentToBasisPoints } from '../../domain/money/pence.ts'
import { cliActor } from '../../services/actor.ts'
import { applyRentChange } from '../../services/charges/apply-rent-change.ts'
import { isoDate, parseOptions, withDb } from '../context.ts'

const CHARGE_TYPES = ['rent', 'service_charge', 'heating', 'water', 'electricity', 'support_charge', 'garage_rent', 'ta_charge'] as const

const Options = z.object({
  effectiveFrom: isoDate,
  noticeServed: isoDate,
  change: z.string().transform((s, ctx) => {
    try {
      return parsePercentToBasisPoints(s)
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : 'not a percentage' })
      return z.NEVER
    }
  }),
  chargeTypes: z
    .string()
    .default('rent,service_charge')
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(z.enum(CHARGE_TYPES)).min(1)),
})

export function registerRunRentChange(run: Command): void {
  run
    .command('rent-change')
    .description('apply the annual rent change from the first Monday in April (needs 4 weeks\' notice)')
    .requiredOption('--effective-from <date>', 'first Monday in April, YYYY-MM-DD')
    .requiredOption('--notice-served <date>', 'date written notice was served, YYYY-MM-DD')
    .requiredOption('--change <percent>', 'e.g. 4.8 for +4.8%')
    .option('--charge-types <list>', 'comma-separated charge types', 'rent,service_charge')
    .action(async (raw) => {
      const o = parseOptions(Options, raw)
      await withDb(async (db) => {
        const r = await applyRentChange(db, {
          effectiveFrom: o.effectiveFrom,
          noticeServedOn: o.noticeServed,
          changeBasisPoints: o.change,
          chargeTypes: o.chargeTypes,
          actor: cliActor,
        })
        console.log(
          `Changed ${r.ratesChanged} charge rates from ${o.effectiveFrom}: weekly ${formatPounds(r.weeklyBeforePence)} → ${formatPounds(r.weeklyAfterPence)}` +
            (r.alreadyChanged ? ` (${r.alreadyChanged} already changed on that date, left alone)` : ''),
        )
      })
    })
}
