import { expect, it } from 'vitest'
import { AppError } from '../../src/errors.ts'
import { personWithDebts } from '../../src/services/arrangements/arrangement-fixtures.testing.ts'
import { amendArrangement, setUpArrangement } from '../../src/services/arrangements/arrangements.ts'
import { getAccountArrangement } from '../../src/services/arrangements/get-arrangement.ts'
import { describeEachDb } from '../databases.ts'

/**
 * Two officers open the same arrangement (version 1) and both amend it. The first change is saved as version 2; the
 * second, made against version 1, is refused with a clear conflict instead of silently replacing the first officer's
 * terms (a lost update). Both at once: the row lock serialises them, and the version check refuses the second.
 */
const TODAY = '2026-11-02'
const weekly = { frequency: 'weekly' as const, startDate: TODAY, paymentMethod: 'direct_debit' as const, today: TODAY }

describeEachDb('two officers amending the same arrangement', (ctx) => {
  it('saves the first amendment and refuses the second, made against the version it replaced', async () => {
    const p = await personWithDebts(ctx.db)
    const { arrangementId } = await setUpArrangement(ctx.db, { ...weekly, partyId: p.partyId, accountIds: [p.rentAccountId], instalmentPence: 1000, actor: { userId: null, label: 'user:first' } })
    const seen = (await getAccountArrangement(ctx.db, p.rentAccountId, TODAY))!.version
    expect(seen).toBe(1)

    const alice = amendArrangement(ctx.db, { arrangementId, expectedVersion: seen, effectiveFrom: '2026-11-09', instalmentPence: 1500, reason: 'Pay rise', today: TODAY, actor: { userId: null, label: 'user:alice' } })
    const bob = amendArrangement(ctx.db, { arrangementId, expectedVersion: seen, effectiveFrom: '2026-11-09', instalmentPence: 500, reason: 'Hours cut', today: TODAY, actor: { userId: null, label: 'user:bob' } })
    const results = await Promise.allSettled([alice, bob])
    const saved = results.filter((r) => r.status === 'fulfilled')
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(saved).toHaveLength(1)
    expect(refused).toHaveLength(1)
    const err = refused[0]!.reason as AppError
    expect(err).toBeInstanceOf(AppError)
    expect(err.code).toBe('conflict')
    expect(err.userMessage).toContain('Someone else changed this arrangement')

    const now = (await getAccountArrangement(ctx.db, p.rentAccountId, TODAY))!
    expect(now.version).toBe(2)
    const winner = saved[0]!.status === 'fulfilled' && results[0]!.status === 'fulfilled' ? 1500 : 500
    expect(now.terms.instalmentPence).toBe(winner)
    const [audits] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'arrangement.amended' and entity_id = $1`, [String(arrangementId)])
    expect(audits!.n).toBe(1)

    // Against the current version, the second officer's change goes through.
    const retry = await amendArrangement(ctx.db, { arrangementId, expectedVersion: 2, effectiveFrom: '2026-11-16', instalmentPence: 800, reason: 'Agreed after reload', today: TODAY, actor: { userId: null, label: 'user:bob' } })
    expect(retry.version).toBe(3)
  })
})
