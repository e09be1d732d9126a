import fs from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { balanceText } from '../../src/web/view-filters.ts'
import { seriousAccessibilityProblems } from './accessibility.ts'
import { browserTestsSkipped, PASSWORD, startBrowserHarness, type BrowserHarness } from './harness.ts'
import { AccountPage } from './pages/AccountPage.ts'
import { AddNotePage } from './pages/AddNotePage.ts'
import { ArrangementCheckPage, ArrangementTermsPage } from './pages/ArrangementPages.ts'
import { CasePage } from './pages/CasePage.ts'
import { ForbiddenPage, NotFoundPage } from './pages/ErrorPages.ts'
import { ApprovalsPage, FinancePage, ImportsPage, ReconciliationPage, RefundsPage, SuspensePage } from './pages/FinancePages.ts'
import { PersonPage } from './pages/PersonPage.ts'
import { ReceiptPage } from './pages/ReceiptPage.ts'
import { RecordContactPage } from './pages/RecordContactPage.ts'
import { SearchPage } from './pages/SearchPage.ts'
import { SignInPage } from './pages/SignInPage.ts'
import { TakePaymentPage } from './pages/TakePaymentPage.ts'
import { WorktrayPage } from './pages/WorktrayPage.ts'

/**
 * Officers' journeys through the real app in a real browser (Chromium, headless), and an accessibility check of
 * every kind of page. One seeded council and one browser for the file; each user has their own browser context.
 * Today is Sunday 22 November 2026 (the app's clock): the seeded history ends that day.
 */

const JOURNEY = 90_000

/** An open rent account whose holder is liable for more than one account, so the person page has a whole to show. */
interface Subject {
  accountNumber: string
  holderRef: string
  holderName: string
  holderSurname: string
  balancePence: number
  /** Every account the holder is party to, with the total of their balances. */
  holderAccounts: string[]
  holderTotalPence: number
}

async function findSubject(h: BrowserHarness): Promise<Subject> {
  const [row] = await h.db.query<{ account_number: string; account_id: number; party_id: number; party_ref: string; name: string; surname: string }>(
    `select a.account_number, a.id as account_id, p.id as party_id, p.party_ref, p.surname,
       concat_ws(' ', p.title, p.forename, p.surname) as name
     from accounts a
     join account_parties ap on ap.account_id = a.id
     join parties p on p.id = ap.party_id
     where a.account_type = 'rent' and a.status = 'open'
       and (select count(*) from account_parties mine where mine.party_id = p.id) > 1
       and (select count(*) from account_parties holders where holders.account_id = a.id) = 1
     order by a.id limit 1`,
  )
  if (!row) throw new Error('the seeded council has no rent account whose holder has another account')
  const accounts = await h.db.query<{ account_number: string; balance: number }>(
    `select a.account_number, coalesce((select sum(amount_pence) from postings where account_id = a.id), 0)::bigint as balance
     from account_parties ap join accounts a on a.id = ap.account_id where ap.party_id = $1`,
    [row.party_id],
  )
  return {
    accountNumber: row.account_number,
    holderRef: row.party_ref,
    holderName: row.name,
    holderSurname: row.surname,
    balancePence: accounts.find((a) => a.account_number === row.account_number)!.balance,
    holderAccounts: accounts.map((a) => a.account_number),
    holderTotalPence: accounts.reduce((sum, a) => sum + a.balance, 0),
  }
}

describe.skipIf(browserTestsSkipped)('Reeve in a browser', () => {
  let h: BrowserHarness
  let subject: Subject
  const signedIn = new Map<string, Page>()

  /** A page signed in as a seeded user, through the sign-in form; one per user for the whole file. */
  async function pageFor(username: string): Promise<Page> {
    const existing = signedIn.get(username)
    if (existing) return existing
    const page = await h.newPage()
    const signIn = await SignInPage.open(page)
    await signIn.signIn(username, PASSWORD)
    await SearchPage.verifyOnPage(page)
    signedIn.set(username, page)
    return page
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect(await seriousAccessibilityProblems(page)).toEqual([])
  }

  beforeAll(async () => {
    h = await startBrowserHarness()
    subject = await findSubject(h)
  }, 120_000)

  afterAll(async () => {
    await h?.close()
  })

  describe('signing in and out', () => {
    it('explains a sign-in without a password GOV.UK style: error summary focused, its link focusing the field', { timeout: JOURNEY }, async () => {
      const page = await h.newPage()
      const signIn = await SignInPage.open(page)
      await signIn.signIn('officer1', '')
      await SignInPage.verifyOnPage(page)
      expect(await page.title()).toMatch(/^Error: Sign in/)
      expect(await signIn.errorSummaryLinks()).toEqual([['Enter your password', '#password']])
      expect(await signIn.fieldError('password')).toBe('Enter your password')
      // govuk-frontend moves focus to the summary so a screen reader announces it; its link moves focus to the field.
      await page.waitForFunction('document.activeElement && document.activeElement.classList.contains("govuk-error-summary")')
      await signIn.errorSummary.getByRole('link', { name: 'Enter your password' }).click()
      expect(await signIn.focused()).toBe('password')
      // The username typed is kept.
      expect(await page.locator('#username').inputValue()).toBe('officer1')
    })

    it('refuses a wrong password without saying which of the two was wrong', { timeout: JOURNEY }, async () => {
      const page = await h.newPage()
      const signIn = await SignInPage.open(page)
      await signIn.signIn('officer1', 'not the password')
      await SignInPage.verifyOnPage(page)
      expect(await signIn.errorSummaryLinks()).toEqual([['The username or password is not right', '#username']])
      await signIn.errorSummary.getByRole('link').click()
      expect(await signIn.focused()).toBe('username')
      await page.close()
    })

    it('signs in and lands on search', { timeout: JOURNEY }, async () => {
      const page = await pageFor('officer1')
      const search = await SearchPage.verifyOnPage(page)
      expect(await page.locator('.govuk-footer').innerText()).toContain('Signed in as')
      expect(await search.errorSummary.count()).toBe(0)
    })
  })

  describe("an income officer's journeys", () => {
    it('searches, opens the account, chooses a statement period and downloads it as CSV', { timeout: JOURNEY }, async () => {
      const page = await pageFor('officer1')
      const search = await SearchPage.open(page)
      await search.search(subject.holderSurname)
      expect(await search.results.count()).toBeGreaterThan(0)
      await search.openAccount(subject.accountNumber)

      const account = await AccountPage.verifyOnPage(page)
      expect(await account.accountNumber()).toBe(subject.accountNumber)
      expect(await account.balance()).toBe(`Balance: ${balanceText(subject.balancePence)}`)
      expect(await account.statement.locator('caption').innerText()).toContain('Transactions from 23 August 2026 to 22 November 2026')

      // A date that does not exist: the GOV.UK error, and no statement.
      await account.showStatement(['31', '2', '2026'], ['', '11', '2026'])
      await AccountPage.verifyOnPage(page)
      expect(await account.errorSummaryLinks()).toEqual([
        ['Start date must be a real date', '#from-day'],
        ['End date must include a day', '#to-day'],
      ])
      expect(await account.statement.count()).toBe(0)

      await account.showStatement(['1', '9', '2026'], ['22', '11', '2026'])
      expect(await account.statement.locator('caption').innerText()).toContain('Transactions from 1 September 2026 to 22 November 2026')
      const download = await account.downloadCsv()
      expect(download.suggestedFilename()).toBe(`statement-${subject.accountNumber}-2026-09-01-to-2026-11-22.csv`)
      const csv = await fs.readFile((await download.path())!, 'utf8')
      const lines = csv.trimEnd().split('\r\n')
      expect(lines[0]).toBe('effective_date,posting_date,description,debit,credit,balance')
      expect(lines[1]).toMatch(/^2026-09-01,,Opening balance,,,-?\d+\.\d{2}$/)
      expect(lines.at(-1)).toMatch(/^2026-11-22,,Closing balance,,,-?\d+\.\d{2}$/)

      // The same link fetched with the page's cookies: a CSV attachment.
      const href = (await account.csvLink.getAttribute('href'))!
      const res = await page.context().request.get(href)
      expect(res.status()).toBe(200)
      expect(res.headers()['content-type']).toBe('text/csv; charset=utf-8')
      expect(res.headers()['content-disposition']).toBe(`attachment; filename="${download.suggestedFilename()}"`)
      expect(await res.text()).toBe(csv)
    })

    it('takes a payment: a wrong amount is explained at the field, then the receipt', { timeout: JOURNEY }, async () => {
      const page = await pageFor('officer1')
      await page.goto(`/accounts/${subject.accountNumber}`)
      const account = await AccountPage.verifyOnPage(page)
      const before = await h.db.query<{ b: number }>(
        'select coalesce(sum(amount_pence), 0)::bigint as b from postings p join accounts a on a.id = p.account_id where a.account_number = $1',
        [subject.accountNumber],
      )
      await account.takePayment()

      const form = await TakePaymentPage.verifyOnPage(page)
      await form.choose('Cash')
      await form.enterAmount('ten pounds')
      await form.submit()
      await TakePaymentPage.verifyOnPage(page)
      expect(await form.errorSummaryLinks()).toEqual([['Amount received must be an amount of money, like 25.50', '#amount']])
      expect(await form.fieldError('amount')).toBe('Amount received must be an amount of money, like 25.50')
      expect(await page.locator('#amount').getAttribute('class')).toContain('govuk-input--error')
      // What was chosen is kept.
      expect(await page.getByLabel('Cash', { exact: true }).isChecked()).toBe(true)

      await form.enterAmount('12.34')
      await form.submit()
      const receipt = await ReceiptPage.verifyOnPage(page)
      const details = await receipt.details()
      for (const text of ['£12.34', 'Cash', '22 November 2026', subject.accountNumber, subject.holderName]) expect(details).toContain(text)

      await receipt.backToAccount()
      const after = await AccountPage.verifyOnPage(page)
      expect(await after.balance()).toBe(`Balance: ${balanceText(before[0]!.b - 1234)}`)
      subject.balancePence = before[0]!.b - 1234
      subject.holderTotalPence -= 1234
    })

    it('goes from the account to the person (one view of their debt) and back', { timeout: JOURNEY }, async () => {
      const page = await pageFor('officer1')
      await page.goto(`/accounts/${subject.accountNumber}`)
      const account = await AccountPage.verifyOnPage(page)
      expect(await account.holderNames()).toEqual([subject.holderName])
      await account.openHolder(subject.holderName)

      const person = await PersonPage.verifyOnPage(page)
      expect(await person.h1.innerText()).toBe(subject.holderName)
      expect((await person.accountNumbers()).sort()).toEqual([...subject.holderAccounts].sort())
      expect(await person.total()).toBe(balanceText(subject.holderTotalPence))
      // An income officer sees the date of birth.
      expect(await person.detail('Date of birth')).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/)

      await person.back()
      const back = await AccountPage.verifyOnPage(page)
      expect(await back.accountNumber()).toBe(subject.accountNumber)
    })

    it('records contacts and a note, shown on the account timeline newest first', { timeout: JOURNEY }, async () => {
      const page = await pageFor('officer1')
      await page.goto(`/accounts/${subject.accountNumber}`)
      let account = await AccountPage.verifyOnPage(page)
      expect(await account.qa('timeline-empty').innerText()).toContain('No contacts or notes')
      await account.recordContact()

      let form = await RecordContactPage.verifyOnPage(page)
      await form.submit()
      await RecordContactPage.verifyOnPage(page)
      expect((await form.errorSummaryLinks()).map(([, href]) => href)).toEqual(['#direction', '#channel', '#outcome', '#summary'])

      await form.fill({
        who: subject.holderName,
        direction: 'We contacted them',
        channel: 'Phone call',
        time: '10:30',
        outcome: 'Promise to pay',
        summary: 'Spoke about the arrears.\nWill pay £20 on Friday from wages.',
      })
      await form.submit()
      account = await AccountPage.verifyOnPage(page)
      expect(await account.successBanner.innerText()).toContain('Contact recorded')
      const first = account.timelineEntries.first()
      expect(await first.locator('h3').innerText()).toBe('Phone call: promise to pay')
      const firstText = await first.innerText()
      for (const text of ['22 November 2026 at 10:30', `Outgoing, with ${subject.holderName}`, 'Recorded by officer1', 'Will pay £20 on Friday from wages.']) {
        expect(firstText).toContain(text)
      }

      // A later visit goes above it.
      await account.recordContact()
      form = await RecordContactPage.verifyOnPage(page)
      await form.fill({ who: 'Someone else', direction: 'We contacted them', channel: 'Home visit', time: '11:15', outcome: 'Left a calling card', summary: 'No answer; neighbour says they are at work.' })
      await form.submit()
      account = await AccountPage.verifyOnPage(page)
      expect(await account.timelineEntries.locator('h3').allInnerTexts()).toEqual(['Home visit: left a calling card', 'Phone call: promise to pay'])

      await account.addNote()
      const note = await AddNotePage.verifyOnPage(page)
      await note.add('Tenant asked for letters in large print.')
      account = await AccountPage.verifyOnPage(page)
      expect(await account.successBanner.innerText()).toContain('Note added')
      const noteEntry = account.page.locator('[data-qa="timeline-entry"][data-kind="note"]')
      expect(await noteEntry.innerText()).toContain('Tenant asked for letters in large print.')
      expect(await account.timelineEntries.count()).toBe(3)
    })

    it('goes from the worktray to a case, sets up an arrangement there, and comes back to the worktray', { timeout: JOURNEY }, async () => {
      const page = await pageFor('teamleader')
      await page.goto('/worktray')
      let worktray = await WorktrayPage.verifyOnPage(page)
      if ((await worktray.caseLinks.count()) === 0) {
        await runTrawl(h, '2026-11-22')
        await page.reload()
        worktray = await WorktrayPage.verifyOnPage(page)
      }
      await expectAccessible(page)
      // The first case on the worktray with no arrangement in force (one in force is amended, not set up again).
      const hrefs = await worktray.caseLinks.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))
      const open = await h.db.query<{ account_number: string }>(
        `select a.account_number from accounts a
          where a.account_number = any($1::text[])
            and not exists (select 1 from account_arrangement_status s where s.account_id = a.id and s.status in ('kept', 'breached'))`,
        [hrefs.map((href) => decodeURIComponent(href.split('/')[2] ?? ''))],
      )
      const free = new Set(open.map((r) => r.account_number))
      const href = hrefs.find((x) => free.has(decodeURIComponent(x.split('/')[2] ?? '')))
      expect(href, 'a case on the worktray without an arrangement').toBeDefined()
      await worktray.caseLinks.and(page.locator(`[href="${href}"]`)).first().click()
      let casePage = await CasePage.verifyOnPage(page)
      const accountNumber = await casePage.accountNumber()
      expect(href).toBe(`/accounts/${encodeURIComponent(accountNumber)}/recovery`)
      await expectAccessible(page)

      // From the case, straight to the arrangement: a mistake is explained at the field first.
      await casePage.qa('case-actions').getByRole('link', { name: 'set up an arrangement' }).click()
      let terms = await ArrangementTermsPage.verifyOnPage(page)
      await terms.enterTerms({ frequency: 'Weekly', instalment: 'five pounds', firstPayment: ['30', '11', '2026'], method: 'Standing order' })
      await terms.continue()
      terms = await ArrangementTermsPage.verifyOnPage(page)
      expect((await terms.errorSummaryLinks()).map(([, link]) => link)).toContain('#instalment')
      expect(await terms.fieldError('instalment')).not.toBe('')
      await expectAccessible(page)
      await page.locator('#instalment').fill('50.00')
      await terms.continue()
      const check = await ArrangementCheckPage.verifyOnPage(page).catch(async (err: Error) => {
        throw new Error(`${err.message}; its errors: ${JSON.stringify(await terms.errorSummaryLinks())}`)
      })
      expect(await check.completesOn()).toMatch(/^\d{1,2} [A-Z][a-z]+ 20\d\d$/)
      await expectAccessible(page)
      await check.confirm()

      // Saved: the account says so, the case shows it, and the worktray is one click away.
      const account = await AccountPage.verifyOnPage(page)
      expect(await account.accountNumber()).toBe(accountNumber)
      expect(await account.successBanner.innerText()).toContain('Arrangement set up')
      const [saved] = await h.db.query<{ status: string; instalment_pence: number }>(
        `select s.status, v.instalment_pence from account_arrangement_status s
           join arrangement_versions v on v.arrangement_id = s.arrangement_id
          where s.account_id = (select id from accounts where account_number = $1) order by v.version desc limit 1`,
        [accountNumber],
      )
      expect(saved).toEqual({ status: 'kept', instalment_pence: 5000 })
      await account.qa('case-actions').getByRole('link', { name: /^Recovery case/ }).click()
      casePage = await CasePage.verifyOnPage(page)
      expect(await casePage.accountNumber()).toBe(accountNumber)
      await page.getByRole('navigation').getByRole('link', { name: 'Worktray', exact: true }).first().click()
      await WorktrayPage.verifyOnPage(page)
    })

    it('signs out, after which pages ask for sign-in again', { timeout: JOURNEY }, async () => {
      const page = await h.newPage()
      await (await SignInPage.open(page)).signIn('recovery', PASSWORD)
      const search = await SearchPage.verifyOnPage(page)
      await search.signOut()
      await SignInPage.verifyOnPage(page)
      await page.goto(`/accounts/${subject.accountNumber}`)
      await SignInPage.verifyOnPage(page)
      expect(new URL(page.url()).searchParams.get('returnTo')).toBe(`/accounts/${subject.accountNumber}`)
    })
  })

  describe('every kind of page meets WCAG 2.2 AA (no serious or critical axe violations)', () => {
    const A11Y = 60_000

    it('sign in, and its error state', { timeout: A11Y }, async () => {
      const page = await h.newPage()
      const signIn = await SignInPage.open(page)
      await expectAccessible(page)
      await signIn.signIn('', '')
      await SignInPage.verifyOnPage(page)
      await expectAccessible(page)
    })

    it('search with results', { timeout: A11Y }, async () => {
      const page = await pageFor('officer1')
      await page.goto(`/search?q=${encodeURIComponent(subject.holderSurname)}`)
      const search = await SearchPage.verifyOnPage(page)
      expect(await search.results.count()).toBeGreaterThan(0)
      await expectAccessible(page)
    })

    it('account, and its statement error state', { timeout: A11Y }, async () => {
      const page = await pageFor('officer1')
      await page.goto(`/accounts/${subject.accountNumber}`)
      await AccountPage.verifyOnPage(page)
      await expectAccessible(page)
      await page.goto(`/accounts/${subject.accountNumber}?from-day=31&from-month=2&from-year=2026&to-day=&to-month=11&to-year=2026`)
      const account = await AccountPage.verifyOnPage(page)
      expect(await account.errorSummary.count()).toBe(1)
      await expectAccessible(page)
    })

    it('take a payment, its error state, and the receipt', { timeout: A11Y }, async () => {
      const page = await pageFor('officer1')
      await page.goto(`/accounts/${subject.accountNumber}/payments/new`)
      const form = await TakePaymentPage.verifyOnPage(page)
      await expectAccessible(page)
      await form.submit()
      await TakePaymentPage.verifyOnPage(page)
      expect(await form.errorSummary.count()).toBe(1)
      await expectAccessible(page)
      await form.choose('Cheque')
      await form.enterAmount('5.00')
      await form.submit()
      await ReceiptPage.verifyOnPage(page)
      await expectAccessible(page)
    })

    it('person', { timeout: A11Y }, async () => {
      const page = await pageFor('officer1')
      await page.goto(`/people/${subject.holderRef}?from=${subject.accountNumber}`)
      await PersonPage.verifyOnPage(page)
      await expectAccessible(page)
    })

    it('record a contact and add a note, and their error states', { timeout: A11Y }, async () => {
      const page = await pageFor('officer1')
      await page.goto(`/accounts/${subject.accountNumber}/contacts/new`)
      const contact = await RecordContactPage.verifyOnPage(page)
      await expectAccessible(page)
      await page.locator('#contactedTime').fill('25:00')
      await contact.submit()
      await RecordContactPage.verifyOnPage(page)
      expect(await contact.fieldError('contactedTime')).toBe('Time of the contact must be a real time, like 14:30')
      await expectAccessible(page)

      await page.goto(`/accounts/${subject.accountNumber}/notes/new`)
      const note = await AddNotePage.verifyOnPage(page)
      await expectAccessible(page)
      await note.add('')
      await AddNotePage.verifyOnPage(page)
      expect(await note.fieldError('note')).toBe('Enter the note')
      await expectAccessible(page)
    })

    it('page not found, and no access', { timeout: A11Y }, async () => {
      const page = await pageFor('officer1')
      const missing = await page.goto('/no-such-page')
      expect(missing?.status()).toBe(404)
      await NotFoundPage.verifyOnPage(page)
      await expectAccessible(page)
      // Refunds are for finance and team leaders, not income officers.
      const refused = await page.goto('/finance/refunds')
      expect(refused?.status()).toBe(403)
      await ForbiddenPage.verifyOnPage(page)
      await expectAccessible(page)
    })

    it('sundry debts, write-off, letters and documents, debt recovery, benefits, performance, audit and templates', { timeout: 180_000 }, async () => {
      const [fta] = await h.db.query<{ account_number: string }>(`select account_number from accounts where account_type = 'former_tenant' order by id limit 1`)
      const acct = `/accounts/${subject.accountNumber}`
      const visits: [string, string][] = [
        ['officer1', `${acct}/invoices`],
        ['officer1', `${acct}/invoices/new`],
        ['officer1', `${acct}/invoices/repairs/new`],
        ['officer1', `${acct}/invoices/care-plans/new`],
        ['officer1', `${acct}/invoices/loans/new`],
        ['officer1', `${acct}/invoices/storage/new`],
        ['officer1', `${acct}/invoices/claims/new`],
        ['officer1', `${acct}/invoices/hb-overpayments/new`],
        ['officer1', `${acct}/write-off`],
        ['officer1', `${acct}/documents`],
        ['officer1', `${acct}/benefits`],
        ['officer1', `${acct}/arrangement`],
        ['officer1', `${acct}/arrangement/income-expenditure`],
        ['officer1', `/accounts/${fta?.account_number ?? subject.accountNumber}/debt-recovery`],
        ['teamleader', '/write-offs'],
        ['teamleader', '/write-offs/report'],
        ['teamleader', '/write-ons'],
        ['teamleader', '/letters'],
        ['teamleader', '/performance'],
        ['teamleader', '/performance/targets'],
        ['teamleader', '/audit'],
        ['teamleader', `${acct}/audit`],
        ['admin', '/templates'],
        ['admin', '/templates/arrears-letter-1/en'],
      ]
      for (const [user, path] of visits) {
        const page = await pageFor(user)
        const res = await page.goto(path)
        expect(res?.status(), `${user} opening ${path}`).toBe(200)
        const problems = await seriousAccessibilityProblems(page)
        expect(problems, `axe on ${path}`).toEqual([])
      }
    })

    it('finance pages and approvals', { timeout: 60_000 }, async () => {
      const page = await pageFor('teamleader')
      for (const [path, pageObject] of [
        ['/finance', FinancePage],
        ['/finance/suspense', SuspensePage],
        ['/finance/refunds', RefundsPage],
        ['/finance/reconciliation', ReconciliationPage],
        ['/finance/imports', ImportsPage],
        ['/approvals', ApprovalsPage],
      ] as const) {
        await page.goto(path)
        await pageObject.verifyOnPage(page)
        await expectAccessible(page)
      }
    })
  })

  it('saw no script errors or Content Security Policy violations on any page', () => {
    expect(h.pageProblems).toEqual([])
  })
})

/**
 * Runs the nightly trawl so the worktray has cases. The recovery code is being built alongside these tests, so it is
 * loaded by name at run time rather than imported: a change there cannot break the compile of this file, only this
 * one test, with a message saying what to change.
 */
async function runTrawl(h: BrowserHarness, date: string): Promise<void> {
  const pathwaysModule: string = '../../src/services/recovery/pathways.ts'
  const trawlModule: string = '../../src/jobs/trawl.ts'
  const pathways = (await import(pathwaysModule)) as { ensureDefaultPathways?: (db: unknown) => Promise<unknown> }
  const trawl = (await import(trawlModule)) as { runTrawl?: (db: unknown, opts: { date: string; applySystemSteps: boolean }) => Promise<unknown> }
  if (!pathways.ensureDefaultPathways || !trawl.runTrawl) {
    throw new Error('The worktray is empty and the trawl could not be run: update runTrawl() in test/browser/officer-journeys.test.ts')
  }
  await pathways.ensureDefaultPathways(h.db)
  // Steps the system takes itself (reminder texts) would leave the worktray: keep them as steps due.
  await trawl.runTrawl(h.db, { date, applySystemSteps: false })
}
