import type { Command } from 'commander'
import { z } from 'zod'
import { formatPounds } from '../../domain/money/pence.ts'
import { AppError } from '../../errors.ts'
import { cliActor } from '../../services/actor.ts'
import { endTenancy } from '../../services/tenancies/end-tenancy.ts'
import { isoDate, parseOptions, today, withDb } from '../context.ts'

const Options = z.object({
  endDate: isoDate,
  reason: z.enum(['notice_given', 'transfer', 'deceased', 'eviction', 'abandonment', 'mutual_exchange', 'licence_ended', 'other']),
})

export function registerEndTenancy(program: Command): void {
  program
    .command('end-tenancy <tenancyRef>')
    .description('end a tenancy: final charges, close the rent account, transfer the balance to a former tenant account')
    .requiredOption('--end-date <date>', 'last day of the tenancy, YYYY-MM-DD')
    .requiredOption('--reason <reason>', 'notice_given, transfer, deceased, eviction, abandonment, mutual_exchange, licence_ended or other')
    .action(async (tenancyRef: string, raw) => {
      const o = parseOptions(Options, raw)
      await withDb(async (db) => {
        const [t] = await db.query<{ id: number }>('select id from tenancies where tenancy_ref = $1', [tenancyRef])
        if (!t) throw new AppError('not_found', `No tenancy ${tenancyRef}`)
        const r = await db.transaction((tx) => endTenancy(tx, { tenancyId: t.id, endDate: o.endDate, reason: o.reason, postingDate: today(), actor: cliActor }))
        console.log(
          r.formerTenantAccountId
            ? `Tenancy ${tenancyRef} ended on ${o.endDate}; ${formatPounds(r.transferredPence)} transferred to a former tenant account`
            : `Tenancy ${tenancyRef} ended on ${o.endDate}; the account was clear, so no former tenant account was needed`,
        )
      })
    })
}
