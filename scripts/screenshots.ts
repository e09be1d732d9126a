/**
 * Takes the README screenshots from a running demo: `npm start`, then
 *   npx tsx scripts/screenshots.ts [http://localhost:3000]
 * Uses Debian's Chromium (`apt-get install chromium`) through playwright-core.
 */
import { chromium } from 'playwright-core'

const base = process.argv[2] ?? 'http://localhost:3000'
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
await page.goto(`${base}/sign-in`)
await page.fill('#username', process.env.REEVE_SCREENSHOT_USER ?? 'officer1')
await page.fill('#password', process.env.REEVE_DEMO_PASSWORD ?? 'reeve-demo-2026')
await page.click('button[type=submit]')
const shots: [string, string][] = [
  ['worktray', '/worktray'],
  ['search', '/search?q=road'],
]
for (const [name, path] of shots) {
  const res = await page.goto(`${base}${path}`)
  if (res && res.ok()) await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: false })
}
// The performance dashboard down to its trend chart and stage funnel.
await page.goto(`${base}/performance`)
await page.screenshot({ path: 'docs/screenshots/performance.png', fullPage: true, clip: { x: 0, y: 760, width: 1280, height: 1800 } })
// A recovery case: the first case on the worktray (its recommendation with the reason, holds, notices, court).
await page.goto(`${base}/worktray`)
const firstCase = await page.locator('main a[href$="/recovery"]').first().getAttribute('href')
if (firstCase) {
  await page.goto(`${base}${firstCase}`)
  await page.screenshot({ path: 'docs/screenshots/case.png', fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1500 } })
}
// A rent account in arrears: the first rent account in the search results with a balance owed.
await page.goto(`${base}/search?q=RNT01`)
const rows = page.locator('table tbody tr')
let href: string | null = null
for (let i = 0; i < (await rows.count()); i++) {
  const row = rows.nth(i)
  if ((await row.innerText()).includes('owed')) {
    href = await row.locator('a[href^="/accounts/"]').first().getAttribute('href')
    break
  }
}
if (href) {
  await page.goto(`${base}${href}`)
  await page.screenshot({ path: 'docs/screenshots/account.png', fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 2100 } })
}
await browser.close()
