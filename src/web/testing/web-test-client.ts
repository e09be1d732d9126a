import { Writable } from 'node:stream'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Config } from '../../config.ts'
import type { Db } from '../../db/client.ts'
import { cliActor } from '../../services/actor.ts'
import { createUser, type Role } from '../../services/users/create-user.ts'
import { buildWebApp } from '../app.ts'
import { SESSION_COOKIE } from '../middleware/set-up-web-session.ts'

/**
 * Helpers for inject-based web tests: a cookie-keeping client that picks up the CSRF token from each
 * page it fetches, an app with its logs captured, and a signed-in officer in one call.
 */

export const TEST_PASSWORD = 'a long test password'
/** Sunday 22 November 2026, midday in London: the default "today" for web tests. */
export const TEST_NOW = new Date('2026-11-22T12:00:00Z')

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    databaseUrl: undefined,
    dataDir: '/tmp/reeve-web-test',
    pgliteDir: '/tmp/reeve-web-test/pglite',
    port: 0,
    host: '127.0.0.1',
    sessionSecret: 'test-session-secret-that-is-at-least-32-chars',
    logLevel: 'info',
    production: false,
    ...overrides,
  }
}

export interface TestWebApp {
  app: FastifyInstance
  /** Every log line the app wrote, as text, for asserting that nothing personal was logged. */
  logs: string[]
}

export interface TestWebAppOptions {
  config?: Partial<Config>
  now?: () => Date
  trustProxy?: boolean
}

export async function buildTestWebApp(db: Db, opts: TestWebAppOptions = {}): Promise<TestWebApp> {
  const logs: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'))
      done()
    },
  })
  const app = await buildWebApp({
    db,
    config: testConfig(opts.config),
    now: opts.now ?? (() => TEST_NOW),
    logger: { level: 'trace', stream },
    council: { name: 'Test Borough Council', address: ['Town Hall', 'Testtown TT1 1AA'] },
    trustProxy: opts.trustProxy,
  })
  return { app, logs }
}

let userCounter = 0

/** A new active user with a unique username; returns what a test needs to sign in as them. */
export interface TestUser {
  id: number
  username: string
  password: string
  displayName: string
}

export async function createTestUser(db: Db, opts: { role?: Role; displayName?: string } = {}): Promise<TestUser> {
  const username = `officer${process.pid}${++userCounter}`
  const displayName = opts.displayName ?? `Officer Number${userCounter}`
  const id = await createUser(db, { username, displayName, role: opts.role ?? 'income_officer', password: TEST_PASSWORD, actor: cliActor })
  return { id, username, password: TEST_PASSWORD, displayName }
}

const CSRF_FIELD = /name="_csrf" value="([^"]+)"/

export class WebTestClient {
  cookie: string | undefined
  csrfToken: string | undefined
  readonly app: FastifyInstance

  constructor(app: FastifyInstance) {
    this.app = app
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: this.headers() }))
  }

  /** Posts a form; the `_csrf` field is the last token seen unless `fields` says otherwise (or `_csrf: null` omits it). */
  async post(url: string, fields: Record<string, string | null> = {}): Promise<LightMyRequestResponse> {
    const form = new URLSearchParams()
    const all = { _csrf: this.csrfToken ?? null, ...fields }
    for (const [k, v] of Object.entries(all)) if (v !== null) form.set(k, v)
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    })
    return this.keep(res)
  }

  /**
   * Posts a multipart form with one file, as a browser's file upload does; `_csrf` is handled as in `post`.
   * The fields go before the file, as in the page's form.
   */
  async postFile(
    url: string,
    fields: Record<string, string | null>,
    file: { field: string; name: string; content: string | Buffer; type?: string },
  ): Promise<LightMyRequestResponse> {
    const boundary = `----reevetest${Math.random().toString(16).slice(2)}`
    const parts: Buffer[] = []
    const all = { _csrf: this.csrfToken ?? null, ...fields }
    for (const [k, v] of Object.entries(all)) {
      if (v !== null) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
    }
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type ?? 'text/csv'}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    )
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { ...this.headers(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(parts),
    })
    return this.keep(res)
  }

  /** Opens the sign-in page (for its CSRF token) and signs in; throws unless it worked. */
  async signIn(user: { username: string; password: string }): Promise<this> {
    await this.get('/sign-in')
    const res = await this.post('/sign-in', { username: user.username, password: user.password })
    if (res.statusCode !== 303) throw new Error(`sign-in failed with ${res.statusCode}`)
    // The session was regenerated at sign-in; fetch a page to get the new session's CSRF token.
    await this.get('/search')
    return this
  }

  private headers(): Record<string, string> {
    return this.cookie ? { cookie: `${SESSION_COOKIE}=${this.cookie}` } : {}
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    const set = res.cookies.find((c) => c.name === SESSION_COOKIE)
    if (set) this.cookie = set.value || undefined
    const token = CSRF_FIELD.exec(res.body)?.[1]
    if (token) this.csrfToken = token
    return res
  }
}

export async function signedInClient(app: FastifyInstance, user: { username: string; password: string }): Promise<WebTestClient> {
  return new WebTestClient(app).signIn(user)
}
