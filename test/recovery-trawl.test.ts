import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { runTrawl } from '../src/jobs/trawl.ts'
import { cliActor } from '../src/services/actor.ts'
import { ensureDefaultPathways, loadPathwayText, loadPathways } from '../src/services/recovery/pathways.ts'
import { debitWeeks, letProperty, pay, type ScenarioAccount } from '../src/services/recovery/recovery-fixtures.testing.ts'
import { describeEachDb } from './databases.ts'

const FIXTURES = path.resolve('src/domain/recovery/__fixtures__')
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8')

// Six secure tenancies let on 6 April 2026 at £100 a week, debited to 31 August; paid down to 0, 1.5, 3, 5, 8 and
// 12 weeks of arrears on Friday 28 August. Trawls run on dates in September.
describeEachDb('the nightly trawl', (ctx) => {
  const accounts: ScenarioAccount[] = []

  beforeAll(async () => {
    for (const weeks of [0, 1.5, 3, 5, 8, 12]) {
      const a = await letProperty(ctx.db, {})
      accounts.push(a)
      ;(a as ScenarioAccount & { weeks: number }).weeks = weeks
    }
    await debitWeeks(ctx.db, '2026-04-06', '2026-08-31')
    for (const a of accounts) {
      const weeks = (a as ScenarioAccount & { weeks: number }).weeks
      await pay(ctx.db, a.accountId, Math.round((21 - weeks) * 10_000), '2026-08-28')
    }
  }, 120_000)

  it('refuses to run before any pathway is loaded, then loads the shipped ones once', async () => {
    await expect(runTrawl(ctx.db, { date: '2026-09-01' })).rejects.toThrow(/No recovery pathways are loaded/)
    const first = await ensureDefaultPathways(ctx.db)
    expect(first.loaded).toHaveLength(11)
    expect((await ensureDefaultPathways(ctx.db)).loaded).toEqual([])
    expect(await loadPathways(ctx.db)).toHaveLength(11)
  })

  it('rejects broken pathway files with every problem and its path, storing nothing', async () => {
    const load = (text: string) => loadPathwayText(ctx.db, { text, fileName: 'council.json', actor: cliActor })
    expect(await load(fixture('broken-unknown-stage.json'))).toEqual({ ok: false, problems: [{ path: 'stages[1].next[0]', message: 'Stage "letter_2" names an unknown next stage "letter_3"' }] })
    const cycle = await load(fixture('broken-cycle.json'))
    expect(cycle.ok ? [] : cycle.problems.map((p) => p.path)).toEqual(['stages[3].next'])
    expect(cycle.ok ? '' : cycle.problems[0]!.message).toMatch(/^Cycle letter_2 → nosp → claim → letter_2/)
    expect(await load(fixture('broken-missing-action.json'))).toEqual({
      ok: false,
      problems: [{ path: 'stages[1].action', message: 'Missing action: every stage needs an action such as {"type": "letter"}' }],
    })
    expect(await load('{"id": ')).toMatchObject({ ok: false, problems: [{ path: '' }] })
    // Valid on its own, but it would tie with the shipped secure pathway from the same day.
    const tie = await load(fixture('valid-minimal.json'))
    expect(tie).toMatchObject({ ok: false, problems: [{ path: 'effectiveFrom', message: expect.stringMatching(/start on the same day and apply to some of the same accounts/) }] })
    expect(await loadPathways(ctx.db)).toHaveLength(11)
  })

  it('loads a council\'s own version, once; the same version with other content is refused', async () => {
    const doc = JSON.parse(fixture('valid-minimal.json')) as Record<string, unknown>
    const text = JSON.stringify({ ...doc, version: '2027-04', effectiveFrom: '2027-04-05' }, null, 2)
    expect(await loadPathwayText(ctx.db, { text, fileName: 'council.json', actor: cliActor })).toMatchObject({ ok: true, status: 'loaded' })
    expect(await loadPathwayText(ctx.db, { text, fileName: 'council.json', actor: cliActor })).toMatchObject({ ok: true, status: 'already_loaded' })
    const changed = JSON.stringify({ ...doc, version: '2027-04', effectiveFrom: '2027-04-05', name: 'Changed' })
    expect(await loadPathwayText(ctx.db, { text: changed, fileName: 'council.json', actor: cliActor })).toMatchObject({
      ok: false,
      problems: [{ path: 'version', message: expect.stringContaining('already loaded with different content') }],
    })
    await expect(ctx.db.query(`update pathways set name = 'x'`)).rejects.toThrow(/append-only/)
  })

  it('is idempotent per date: a second run returns the stored run, with progress shown once per chunk', async () => {
    const progress: [number, number][] = []
    const first = await runTrawl(ctx.db, { date: '2026-09-02', chunkSize: 3, onProgress: (d, t) => progress.push([d, t]) })
    expect(first).toMatchObject({ replayed: false, resumed: false })
    expect(first.counts.accounts).toBe(6)
    expect(first.counts.action + first.counts.blocked + first.counts.none + first.counts.reset).toBe(6)
    expect(progress[0]).toEqual([0, first.chunks])
    expect(progress.at(-1)).toEqual([first.chunks, first.chunks])
    const before = await ctx.db.query<{ n: number }>('select count(*)::int as n from recommendations')
    const second = await runTrawl(ctx.db, { date: '2026-09-02' })
    expect(second).toMatchObject({ runId: first.runId, replayed: true, counts: first.counts })
    expect(await ctx.db.query<{ n: number }>('select count(*)::int as n from recommendations')).toEqual(before)
    const actions = await ctx.db.query<{ n: number }>('select count(*)::int as n from recovery_actions')
    expect(actions[0]!.n).toBe(first.counts.applied - first.counts.reset)
  })

  it('resumes a crashed run at the first chunk not committed, each account trawled once', async () => {
    await expect(
      runTrawl(ctx.db, {
        date: '2026-09-09',
        chunkSize: 2,
        onProgress: (done) => {
          if (done === 1) throw new Error('simulated crash')
        },
      }),
    ).rejects.toThrow('simulated crash')
    const [failed] = await ctx.db.query<{ status: string }>(`select status from trawl_runs where run_date = '2026-09-09'`)
    expect(failed!.status).toBe('failed')
    const resumed = await runTrawl(ctx.db, { date: '2026-09-09', chunkSize: 2 })
    expect(resumed).toMatchObject({ resumed: true, chunksSkipped: 1 })
    expect(resumed.counts.accounts).toBe(6)
    const perAccount = await ctx.db.query<{ n: number }>(
      `select count(*)::int as n from recommendations r join trawl_runs t on t.id = r.run_id where t.run_date = '2026-09-09' group by r.account_id`,
    )
    expect(perAccount.map((p) => p.n)).toEqual([1, 1, 1, 1, 1, 1])
  })

  it('only recommends, taking no step itself, when asked to', async () => {
    const fresh = await letProperty(ctx.db, { startDate: '2026-08-31' })
    await debitWeeks(ctx.db, '2026-09-07', '2026-09-14')
    const r = await runTrawl(ctx.db, { date: '2026-09-16', applySystemSteps: false })
    expect(r.counts.applied - r.counts.reset).toBe(0)
    const [rec] = await ctx.db.query<{ kind: string; stage: string; applied: boolean }>(
      `select kind, stage, applied from recommendations where account_id = $1 and run_id = $2`,
      [fresh.accountId, r.runId],
    )
    expect(rec).toEqual({ kind: 'action', stage: 'reminder_sms', applied: false })
  })
})
