import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { openPglite, type Db } from '../../src/db/client.ts'
import { migrate } from '../../src/db/migrate.ts'
import { seedCouncil, type SeedResult } from '../../src/seed/seed-council.ts'
import { buildWebApp } from '../../src/web/app.ts'
import { testConfig } from '../../src/web/testing/web-test-client.ts'

/**
 * One world for the browser tests of a file: a PGlite database with a small seeded council, the real web app
 * listening on an ephemeral port, and one headless Chromium (Debian's, driven by playwright-core). See
 * docs/decisions/0006-browser-tests.md for why and how to watch it run (REEVE_BROWSER_HEADED=1).
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Seeded history ends on Sunday 22 November 2026; the app's clock is midday that day (London is on GMT). */
export const TODAY = '2026-11-22'
export const NOW = new Date('2026-11-22T12:00:00Z')
/** Every seeded user (officer1, teamleader, finance, auditor…) has this password. */
export const PASSWORD = 'browser-test-password'

/** Set REEVE_TEST_BROWSER=skip to leave the browser tests out (they are otherwise required, like the PostgreSQL tests). */
export const browserTestsSkipped = process.env.REEVE_TEST_BROWSER === 'skip'

const headed = process.env.REEVE_BROWSER_HEADED === '1'
const slowMo = Number(process.env.REEVE_BROWSER_SLOWMO ?? (headed ? 250 : 0))

export interface BrowserHarness {
  db: Db
  app: FastifyInstance
  seed: SeedResult
  baseUrl: string
  browser: Browser
  /** A fresh browser context (its own cookies) and page, watched for script errors and CSP violations. */
  newPage(): Promise<Page>
  /** Console errors, uncaught exceptions and CSP violations seen on any page so far. */
  pageProblems: string[]
  close(): Promise<void>
}

export async function startBrowserHarness(): Promise<BrowserHarness> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM_PATH}: install it (apt-get install chromium), set CHROMIUM_PATH, ` +
        'or set REEVE_TEST_BROWSER=skip to leave the browser tests out.',
    )
  }
  const db = await openPglite()
  let app: FastifyInstance | undefined
  let browser: Browser | undefined
  try {
    await migrate(db)
    const seed = await seedCouncil(db, { homes: 60, years: 1, seed: 3, today: TODAY, demoPassword: PASSWORD })
    app = await buildWebApp({
      db,
      config: testConfig(),
      now: () => NOW,
      // Only failures: a 500 in a journey shows its stack here.
      logger: { level: process.env.REEVE_BROWSER_LOG_LEVEL ?? 'error' },
      council: { name: 'Browser Test Borough Council', address: ['Town Hall', 'Testtown TT1 1AA'] },
    })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as AddressInfo
    const baseUrl = `http://127.0.0.1:${port}`
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: !headed,
      slowMo,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    const contexts: BrowserContext[] = []
    const pageProblems: string[] = []
    const b = browser
    const a = app
    return {
      db,
      app: a,
      seed,
      baseUrl,
      browser: b,
      pageProblems,
      async newPage() {
        const context = await b.newContext({ baseURL: baseUrl, locale: 'en-GB', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } })
        contexts.push(context)
        // Generous: two vitest workers may share two cores with a seeding database.
        context.setDefaultTimeout(20_000)
        const page = await context.newPage()
        page.on('pageerror', (err) => pageProblems.push(`${page.url()}: uncaught ${err.message}`))
        page.on('console', (msg) => {
          // A 4xx page (an error summary, the 404 page) is logged by Chromium as a failed load: that is the test's intent.
          if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageProblems.push(`${page.url()}: ${msg.text()}`)
        })
        return page
      },
      async close() {
        for (const c of contexts) await c.close().catch(() => {})
        await b.close()
        await a.close()
        await db.close()
      },
    }
  } catch (err) {
    await browser?.close().catch(() => {})
    await app?.close().catch(() => {})
    await db.close().catch(() => {})
    throw err
  }
}
