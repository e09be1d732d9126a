import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runTrawl } from '../src/jobs/trawl.ts'
import { cliActor } from '../src/services/actor.ts'
import { addHold } from '../src/services/recovery/holds.ts'
import { ensureDefaultPathways } from '../src/services/recovery/pathways.ts'
import { debitWeeks, letProperty, makePatch, pay, placeCase, type ScenarioAccount } from '../src/services/recovery/recovery-fixtures.testing.ts'
import { SESSION_COOKIE } from '../src/web/middleware/set-up-web-session.ts'
import { paginationFor, validateWorktrayFilters } from '../src/web/routes/worktray/worktray-filters.validator.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestUser, type TestWebApp, type WebTestClient } from '../src/web/testing/web-test-client.ts'
import { describeEachDb } from './databases.ts'

// Tenancies let on 6 April 2026 at £100 a week, debited every Monday to 16 November (33 weeks), trawled on
// Wednesday 18 November. Web "today" is Sunday 22 November 2026 (TEST_NOW).
const SECURE = { id: 'secure-rent', version: '2026-04' }
const RUN_DATE = '2026-11-18'

/** Posts a form with repeated fields (checkboxes), as a browser does; the client keeps the session and CSRF token. */
async function postForm(client: WebTestClient, url: string, fields: [string, string][]) {
  const form = new URLSearchParams([['_csrf', client.csrfToken ?? ''], ...fields])
  return client.app.inject({
    method: 'POST',
    url,
    headers: { cookie: `${SESSION_COOKIE}=${client.cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: form.toString(),
  })
}

const date = (name: string, iso: string): [string, string][] => [
  [`${name}-day`, String(Number(iso.slice(8, 10)))],
  [`${name}-month`, String(Number(iso.slice(5, 7)))],
  [`${name}-year`, iso.slice(0, 4)],
]
const ALL_CHECKS = ['contact_attempted', 'benefits_checked', 'arrangement_offered', 'vulnerability_considered', 'rent_statement_sent', 'breathing_space_checked'].map((c): [string, string] => ['checks', c])
const NOTES: [string, string][] = [
  ['proportionalityNote', 'Eight weeks of arrears and no response to letters, calls or the visit.'],
  ['equalityNote', 'No protected characteristic bears on the decision.'],
]

describeEachDb('web: worktray and account recovery pages', (ctx) => {
  let t: TestWebApp
  let officerA: TestUser
  let leader: TestUser
  let auditor: TestUser
  let finance: TestUser
  let asA: WebTestClient
  let asLeader: WebTestClient
  const acct: Record<'due' | 'held' | 'other' | 'sms', ScenarioAccount> = {} as never
  let patchA: number
  let patchB: number

  beforeAll(async () => {
    const db = ctx.db
    t = await buildTestWebApp(db)
    officerA = await createTestUser(db, { role: 'income_officer', displayName: 'Alice Officer' })
    leader = await createTestUser(db, { role: 'team_leader' })
    auditor = await createTestUser(db, { role: 'auditor' })
    finance = await createTestUser(db, { role: 'finance' })
    patchA = await makePatch(db, officerA.id)
    patchB = await makePatch(db, null)
    await ensureDefaultPathways(db)
    acct.due = await letProperty(db, { patchId: patchA, surname: 'Duebury' })
    acct.held = await letProperty(db, { patchId: patchA, surname: 'Heldon' })
    acct.other = await letProperty(db, { patchId: patchB, surname: 'Otherly' })
    acct.sms = await letProperty(db, { patchId: patchB, surname: 'Smith' })
    await debitWeeks(db, '2026-04-06', '2026-11-16')
    const arrears = { due: 8, held: 9, other: 10, sms: 2 } as const
    for (const [name, weeks] of Object.entries(arrears) as [keyof typeof arrears, number][]) {
      await pay(db, acct[name].accountId, (33 - 1 - weeks) * 10_000, '2026-11-13')
      if (name !== 'sms') await placeCase(db, acct[name].accountId, SECURE, 'home_visit', '2026-10-28')
    }
    await addHold(db, { partyId: acct.held.partyIds[0]!, type: 'breathing_space_standard', startsOn: '2026-11-10', reason: 'Insolvency Service notification', actor: cliActor })
    await runTrawl(db, { date: RUN_DATE })
    asA = await signedInClient(t.app, officerA)
    asLeader = await signedInClient(t.app, leader)
  }, 180_000)
  afterAll(async () => {
    await t?.app.close()
  })

  const rowsOf = (html: string) => [...html.matchAll(/data-qa="worktray-row" data-account="([^"]+)"/g)].map((m) => m[1])

  it('shows an income officer the accounts of their own patch needing action, most urgent first, with the reason', async () => {
    const res = await asA.get('/worktray')
    expect(res.statusCode).toBe(200)
    expect(rowsOf(res.body)).toEqual([acct.due.accountNumber, acct.held.accountNumber])
    expect(res.body).toContain('Notice of Seeking Possession (s83)')
    expect(res.body).toContain('arrears £800.00 (8.00 weeks) ≥ 7 weeks')
    expect(res.body).toContain(`href="/accounts/${acct.due.accountNumber}/recovery"`)
    expect(res.body).toContain('Duebury')
    expect(res.body).toContain('8.00 weeks')
    expect(res.body).toMatch(/(Rising|Falling|Steady) over 4 weeks, (rising|falling|steady) over 13/)
    expect(res.body).toMatch(/Blocked<\/strong>|govuk-tag--yellow">\s*Blocked/)
    expect(res.body).toContain('is blocked by Breathing Space (standard)')
    expect(res.body).toMatch(/next step: notice: \+15/)
    expect(res.body).toMatch(/href="\/worktray" aria-current="true"/)
  })

  it('filters by hold, action and stage', async () => {
    expect(rowsOf((await asA.get('/worktray?hold=held')).body)).toEqual([acct.held.accountNumber])
    expect(rowsOf((await asA.get('/worktray?hold=not_held')).body)).toEqual([acct.due.accountNumber])
    expect(rowsOf((await asA.get('/worktray?action=notice&stage=nosp')).body)).toEqual([acct.due.accountNumber, acct.held.accountNumber])
    const none = await asA.get('/worktray?action=warrant')
    expect(rowsOf(none.body)).toEqual([])
    expect(none.body).toContain('No accounts need action with these filters.')
  })

  it('keeps an income officer to their own patches; a team leader sees every patch and can filter by one', async () => {
    const refused = await asA.get(`/worktray?patch=${patchB}`)
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('<a href="#patch">Choose one of your patches</a>')
    const all = rowsOf((await asLeader.get('/worktray')).body)
    expect(all).toEqual(expect.arrayContaining([acct.due.accountNumber, acct.held.accountNumber, acct.other.accountNumber]))
    // The reminder SMS was sent by the trawl itself: nothing for an officer to do.
    expect(all).not.toContain(acct.sms.accountNumber)
    expect(rowsOf((await asLeader.get(`/worktray?patch=${patchB}`)).body)).toEqual([acct.other.accountNumber])
  })

  it('is for recovery roles only', async () => {
    const asFinance = await signedInClient(t.app, finance)
    expect((await asFinance.get('/worktray')).statusCode).toBe(403)
    expect((await asFinance.get(`/accounts/${acct.due.accountNumber}/recovery`)).statusCode).toBe(403)
    expect((await asA.get('/search')).body).toContain('href="/worktray"')
    expect((await asFinance.get('/search')).body).not.toContain('href="/worktray"')
  })

  it('shows the account recovery page: stage, recommendation with its reason and priority, checklist and court pack links', async () => {
    const res = await asA.get(`/accounts/${acct.due.accountNumber}/recovery`)
    expect(res.statusCode).toBe(200)
    const html = res.body
    expect(html).toContain('Secure tenancy rent (v2026-04)')
    expect(html).toContain('Home visit since 28 October 2026')
    expect(html).toMatch(/data-qa="reason">Arrangement none, not kept and arrears £800\.00 \(8\.00 weeks\) ≥ 7 weeks; 21 days since &quot;Home visit&quot; \(wait 14\)/)
    expect(html).toContain('Priority ')
    expect(html).toContain('Missing: contact attempts (0 of 2)')
    expect(html).toContain(`/accounts/${acct.due.accountNumber}/recovery/court-pack.pdf`)
    expect(html).toContain('Record a notice served')
  })

  it('records a notice from the page; the step then drops off the worktray', async () => {
    const url = `/accounts/${acct.due.accountNumber}/recovery/notices`
    const missing = await postForm(asA, url, [['kind', 'nosp_secure'], ['method', 'hand'], ['parties', String(acct.due.partyIds[0])]])
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('<a href="#notice-deliveredOn-day">Enter the date served</a>')
    const noChecks = await postForm(asA, url, [['kind', 'nosp_secure'], ...date('deliveredOn', '2026-11-20'), ['method', 'hand'], ['parties', String(acct.due.partyIds[0])]])
    expect(noChecks.statusCode).toBe(400)
    expect(noChecks.body).toContain('Confirm: contact attempted')
    const ok = await postForm(asA, url, [['kind', 'nosp_secure'], ...date('deliveredOn', '2026-11-20'), ['method', 'hand'], ['parties', String(acct.due.partyIds[0])], ...ALL_CHECKS, ...NOTES])
    expect(ok.statusCode).toBe(303)
    expect(ok.headers.location).toBe(`/accounts/${acct.due.accountNumber}/recovery#notices`)
    const page = await asA.get(`/accounts/${acct.due.accountNumber}/recovery`)
    expect(page.body).toContain('Notice recorded: proceedings may begin from 20 December 2026; in force until 19 December 2027')
    expect(page.body).toContain('Notice of Seeking Possession (s83) since 20 November 2026')
    expect(rowsOf((await asA.get('/worktray')).body)).toEqual([acct.held.accountNumber])
  })

  it('adds a hold for every account of a person, and refuses a notice while it is in force', async () => {
    const base = `/accounts/${acct.other.accountNumber}/recovery`
    const added = await postForm(asLeader, `${base}/holds`, [['scope', `party:${acct.other.partyIds[0]}`], ['type', 'breathing_space_standard'], ...date('startsOn', '2026-11-21'), ['reason', 'Notified by the Insolvency Service'], ['reference', 'BS-42']])
    expect(added.statusCode).toBe(303)
    const page = await asLeader.get(base)
    expect(page.body).toContain('Hold added, from 21 November 2026 to 20 January 2027')
    expect(page.body).toContain('Every account of Ms Test Otherly')
    const refused = await postForm(asLeader, `${base}/notices`, [['kind', 'nosp_secure'], ...date('deliveredOn', '2026-11-22'), ['method', 'hand'], ['parties', String(acct.other.partyIds[0])], ...ALL_CHECKS, ...NOTES])
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('cannot be taken: it is blocked by Breathing Space (standard) from 21 November 2026 to 20 January 2027')
    const [hold] = await ctx.db.query<{ id: number }>('select id from holds where party_id = $1', [acct.other.partyIds[0]])
    const ended = await postForm(asLeader, `${base}/holds/end`, [['holdId', String(hold!.id)], ...date('endedOn', '2026-11-21'), ['endReason', 'Cancelled by the debt adviser']])
    expect(ended.statusCode).toBe(303)
  })

  it('lets an auditor read the recovery page without any forms, and refuses their posts', async () => {
    const asAuditor = await signedInClient(t.app, auditor)
    const page = await asAuditor.get(`/accounts/${acct.held.accountNumber}/recovery`)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('Record a notice served')
    expect(page.body).not.toContain('Add a hold')
    const post = await postForm(asAuditor, `/accounts/${acct.held.accountNumber}/recovery/pap`, [['item', 'benefits_checked'], ...date('doneOn', '2026-11-20')])
    expect(post.statusCode).toBe(403)
  })

  it('shows the reason for a mental health crisis or vulnerability hold only to roles that may see restricted data', async () => {
    const reason = 'Debt adviser: in crisis care at the Riverside unit'
    await addHold(ctx.db, { accountId: acct.sms.accountId, type: 'breathing_space_mental_health', startsOn: '2026-11-18', reason, reference: 'BS-MH-0042', actor: cliActor })
    const url = `/accounts/${acct.sms.accountNumber}/recovery`
    const asAuditor = await signedInClient(t.app, auditor)
    const hidden = (await asAuditor.get(url)).body
    expect(hidden).toContain('Breathing Space')
    expect(hidden).toContain('Restricted: ask a team leader')
    expect(hidden).not.toContain('Riverside')
    expect(hidden).not.toContain('BS-MH-0042')
    const shown = (await asLeader.get(url)).body
    expect(shown).toContain(reason)
    expect(shown).toContain('BS-MH-0042')
  })

  it('records a Pre-Action Protocol item and downloads the court pack', async () => {
    const base = `/accounts/${acct.held.accountNumber}/recovery`
    expect((await postForm(asA, `${base}/pap`, [['item', 'benefits_checked'], ...date('doneOn', '2026-11-20'), ['detail', 'UC claim checked']])).statusCode).toBe(303)
    expect((await asA.get(base)).body).toMatch(/Benefits checked and help offered with any HB\/UC claim\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*20 November 2026/)
    const csv = await asA.get(`${base}/court-pack.csv`)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="rent-schedule-${acct.held.accountNumber}-to-2026-11-22.csv"`)
    expect(csv.body.split('\r\n')[1]).toBe('2026-04-06,Arrears brought forward,,,0.00')
    const pdf = await asA.get(`${base}/court-pack.pdf`)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  })
})

describe('worktray filters and pagination (pure)', () => {
  it('accepts only the patches the officer may see', () => {
    expect(validateWorktrayFilters({ patch: '7', hold: 'held', page: '2' }, [7])).toMatchObject({ ok: true, patchId: 7, hold: 'held', page: 2 })
    expect(validateWorktrayFilters({ patch: '8' }, [7])).toMatchObject({ ok: false, errors: [{ href: '#patch' }] })
    expect(validateWorktrayFilters({ hold: 'maybe', action: 'DROP TABLE' }, [])).toMatchObject({ ok: false })
  })

  it('pages GOV.UK style with ellipses around the current page', () => {
    expect(paginationFor(1, 1, String)).toBeNull()
    const p = paginationFor(5, 9, (n) => `?page=${n}`)!
    expect(p.items).toEqual([
      { number: 1, href: '?page=1', current: false },
      { ellipsis: true },
      { number: 4, href: '?page=4', current: false },
      { number: 5, href: '?page=5', current: true },
      { number: 6, href: '?page=6', current: false },
      { ellipsis: true },
      { number: 9, href: '?page=9', current: false },
    ])
    expect(p).toMatchObject({ previous: { href: '?page=4' }, next: { href: '?page=6' } })
  })
})
