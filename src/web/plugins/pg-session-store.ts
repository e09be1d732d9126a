import type { Session } from 'fastify'
import type { Queryable } from '../../db/client.ts'

type Callback = (err?: unknown) => void
type GetCallback = (err: unknown, session?: Session | null) => void

export interface PgSessionStoreOptions {
  /** Used when a session carries no cookie expiry of its own. */
  defaultMaxAgeMs: number
  /** Expired rows are deleted at most this often, piggybacking on a write (no timer to manage or leak). */
  cleanupIntervalMs?: number
  /** Wall clock, matching the one @fastify/session uses for cookie expiry. */
  clock?: () => number
  onError?: (err: unknown) => void
}

/**
 * The @fastify/session store interface (get/set/destroy with callbacks) over the `sessions` table, so sign-ins
 * survive a restart and work across several app processes. Rows past `expires_at` are never returned.
 */
export class PgSessionStore {
  private lastCleanup = 0
  private readonly db: Queryable
  private readonly opts: Required<Omit<PgSessionStoreOptions, 'onError'>> & Pick<PgSessionStoreOptions, 'onError'>

  constructor(db: Queryable, opts: PgSessionStoreOptions) {
    this.db = db
    this.opts = { cleanupIntervalMs: 15 * 60_000, clock: Date.now, ...opts }
  }

  get(sid: string, callback: GetCallback): void {
    this.db
      .query<{ data: Session }>('select data from sessions where sid = $1 and expires_at > $2', [sid, this.nowIso()])
      .then((rows) => callback(null, rows[0]?.data ?? null), (err: unknown) => callback(err))
  }

  set(sid: string, session: Session, callback: Callback): void {
    const expires = session.cookie?.expires
    const expiresAt = expires instanceof Date ? expires : new Date(this.opts.clock() + this.opts.defaultMaxAgeMs)
    this.db
      .query(
        `insert into sessions (sid, data, expires_at) values ($1, $2, $3)
         on conflict (sid) do update set data = excluded.data, expires_at = excluded.expires_at`,
        [sid, JSON.stringify(session), expiresAt.toISOString()],
      )
      .then(() => {
        callback()
        this.cleanUpExpired()
      }, (err: unknown) => callback(err))
  }

  destroy(sid: string, callback: Callback): void {
    this.db.query('delete from sessions where sid = $1', [sid]).then(() => callback(), (err: unknown) => callback(err))
  }

  /** Deletes expired rows now (also called opportunistically from `set`). */
  async deleteExpired(): Promise<void> {
    this.lastCleanup = this.opts.clock()
    await this.db.query('delete from sessions where expires_at <= $1', [this.nowIso()])
  }

  private cleanUpExpired(): void {
    if (this.opts.clock() - this.lastCleanup < this.opts.cleanupIntervalMs) return
    // Fire and forget: a failed clean-up only leaves rows that get() already ignores.
    this.deleteExpired().catch((err: unknown) => this.opts.onError?.(err))
  }

  private nowIso(): string {
    return new Date(this.opts.clock()).toISOString()
  }
}
