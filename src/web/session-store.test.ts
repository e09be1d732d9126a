import { expect, it, vi } from 'vitest'
import type { Session } from 'fastify'
import { describeEachDb } from '../../test/databases.ts'
import { PgSessionStore } from './plugins/pg-session-store.ts'

const call = <T>(fn: (cb: (err: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))))

describeEachDb('PgSessionStore', (ctx) => {
  const hour = 3600_000
  const session = (expires: Date, extra: object = {}) => ({ cookie: { expires, originalMaxAge: 8 * hour }, ...extra }) as unknown as Session

  it('stores, returns and destroys a session, until it expires', async () => {
    let now = Date.parse('2026-11-22T09:00:00Z')
    const store = new PgSessionStore(ctx.db, { defaultMaxAgeMs: 8 * hour, clock: () => now })
    await call((cb) => store.set('sid-1', session(new Date(now + hour), { userId: 7 }), cb))
    expect(await call((cb) => store.get('sid-1', cb))).toMatchObject({ userId: 7 })

    now += 2 * hour
    expect(await call((cb) => store.get('sid-1', cb))).toBeNull()

    now -= 2 * hour
    await call((cb) => store.destroy('sid-1', cb))
    expect(await call((cb) => store.get('sid-1', cb))).toBeNull()
  })

  it('deletes expired rows while writing, at most once per interval', async () => {
    let now = Date.parse('2026-11-22T09:00:00Z')
    const store = new PgSessionStore(ctx.db, { defaultMaxAgeMs: 8 * hour, clock: () => now, cleanupIntervalMs: 15 * 60_000 })
    await ctx.db.query(`insert into sessions (sid, data, expires_at) values ('old-1', '{}', $1)`, [new Date(now - hour).toISOString()])
    await call((cb) => store.set('fresh-1', session(new Date(now + hour)), cb))
    const sids = async () => (await ctx.db.query<{ sid: string }>('select sid from sessions order by sid')).map((r) => r.sid)
    // The clean-up runs in the background after the write's callback.
    await vi.waitFor(async () => expect(await sids()).not.toContain('old-1'))
    expect(await sids()).toContain('fresh-1')

    // Within the interval, a write does not clean up again.
    now += 60_000
    await ctx.db.query(`insert into sessions (sid, data, expires_at) values ('old-2', '{}', $1)`, [new Date(now - hour).toISOString()])
    await call((cb) => store.set('fresh-2', session(new Date(now + hour)), cb))
    await new Promise((r) => setTimeout(r, 20))
    expect(await sids()).toContain('old-2')
  })
})
