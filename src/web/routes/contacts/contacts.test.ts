import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../../../test/databases.ts'
import { makeTenancy, type TenancyFixture } from '../../../../test/fixtures.ts'
import { makeAccountWithStatement, type WebAccountFixture } from '../../testing/account-fixture.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestWebApp, type WebTestClient } from '../../testing/web-test-client.ts'

// Today is Sunday 22 November 2026, 12:00 in London (TEST_NOW).
const contactFields = {
  partyId: '',
  direction: 'out',
  channel: 'phone',
  'contactedOn-day': '22',
  'contactedOn-month': '11',
  'contactedOn-year': '2026',
  contactedTime: '10:30',
  outcome: 'promise_to_pay',
  summary: 'Will pay £20 on Friday.',
}

/** The timeline section of an account page, from its heading on. */
const timelineOf = (html: string) => html.slice(html.indexOf('id="contacts-and-notes"'))

describeEachDb('web contacts and notes', (ctx) => {
  let t: TestWebApp
  let officer: WebTestClient
  let auditor: WebTestClient
  let acct: WebAccountFixture
  let joint: TenancyFixture
  let holderId: string

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    officer = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'income_officer' }))
    auditor = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'auditor' }))
    acct = await makeAccountWithStatement(ctx.db, { forename: 'Halina', surname: 'Contactable' })
    joint = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [{ chargeType: 'rent', weeklyPence: 9000 }], joint: true })
    const [holder] = await ctx.db.query<{ party_id: number }>('select party_id from account_parties where account_id = $1', [acct.accountId])
    holderId = String(holder!.party_id)
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('shows an empty "Contacts and notes" section on the account page, with the ways to add to it', async () => {
    const html = timelineOf((await officer.get(`/accounts/${acct.accountNumber}`)).body)
    expect(html).toContain('No contacts or notes have been recorded on this account.')
    expect(html).toContain(`href="/accounts/${acct.accountNumber}/contacts/new"`)
    expect(html).toContain(`href="/accounts/${acct.accountNumber}/notes/new"`)
  })

  it('offers the form with now as the date and time, and the only account holder chosen', async () => {
    const res = await officer.get(`/accounts/${acct.accountNumber}/contacts/new`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<h1 class="govuk-heading-l">Record a contact or visit</h1>')
    expect(res.body).toMatch(/name="contactedOn-day" type="text" value="22"/)
    expect(res.body).toMatch(/id="contactedTime" name="contactedTime" type="text" spellcheck="false" value="12:00"/)
    expect(res.body).toMatch(new RegExp(`name="partyId" type="radio" value="${holderId}" checked`))
    for (const text of ['Phone call', 'Home visit', 'Letter', 'Email', 'Text message', 'In person', 'No answer', 'Left a calling card', 'Arrangement agreed', 'Refused']) {
      expect(res.body).toContain(text)
    }
  })

  it('records a contact, then shows it on the timeline with a success banner', async () => {
    const res = await officer.post(`/accounts/${acct.accountNumber}/contacts/new`, { ...contactFields, partyId: holderId, summary: 'Will pay £20 on Friday.\r\n<script>alert(1)</script>' })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/accounts/${acct.accountNumber}#contacts-and-notes`)

    const page = (await officer.get(`/accounts/${acct.accountNumber}`)).body
    expect(page).toContain('Contact recorded')
    expect(page).toContain('Phone call: promise to pay.')
    const timeline = timelineOf(page)
    expect(timeline).toContain('<h3 class="govuk-heading-s govuk-!-margin-bottom-1">Phone call: promise to pay</h3>')
    expect(timeline).toContain('<time datetime="2026-11-22T10:30:00.000Z">22 November 2026 at 10:30</time>')
    expect(timeline).toContain('Outgoing, with Ms Halina Contactable.')
    expect(timeline).toMatch(/Recorded by officer\d+\./)
    // Each line its own paragraph, and nothing typed is markup.
    expect(timeline).toContain('<p class="govuk-body">Will pay £20 on Friday.</p>')
    expect(timeline).toContain('<p class="govuk-body">&lt;script&gt;alert(1)&lt;/script&gt;</p>')
    // The banner shows once.
    expect((await officer.get(`/accounts/${acct.accountNumber}`)).body).not.toContain('Contact recorded')
  })

  it('lists contacts and notes newest first', async () => {
    await officer.post(`/accounts/${acct.accountNumber}/contacts/new`, { ...contactFields, partyId: 'other', direction: 'in', channel: 'letter', contactedTime: '09:00', outcome: 'other', summary: 'Letter from the tenant’s support worker.' })
    await officer.post(`/accounts/${acct.accountNumber}/notes/new`, { note: 'First note.' })
    await officer.post(`/accounts/${acct.accountNumber}/notes/new`, { note: 'Second note.' })
    const timeline = timelineOf((await officer.get(`/accounts/${acct.accountNumber}`)).body)
    const headings = [...timeline.matchAll(/<h3[^>]*>([^<]+)<\/h3>/g)].map((m) => m[1])
    // The notes were written today (the database clock), after both contacts happened.
    expect(headings).toEqual(['Note', 'Note', 'Phone call: promise to pay', 'Letter: other'])
    expect(timeline.indexOf('Second note.')).toBeLessThan(timeline.indexOf('First note.'))
    expect(timeline).toContain('Incoming, with someone other than the account holders.')
  })

  it('explains an empty form GOV.UK style, keeping what was typed', async () => {
    const res = await officer.post(`/accounts/${acct.accountNumber}/contacts/new`, { partyId: holderId, contactedTime: '25:00', summary: '' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('<title>Error: Record a contact or visit')
    for (const [text, href] of [
      ['Select whether you contacted them or they contacted you', '#direction'],
      ['Select how the contact was made', '#channel'],
      ['Enter the date of the contact', '#contactedOn-day'],
      ['Time of the contact must be a real time, like 14:30', '#contactedTime'],
      ['Select the outcome of the contact', '#outcome'],
      ['Enter a summary of the contact', '#summary'],
    ]) {
      expect(res.body).toContain(`<a href="${href}">${text}</a>`)
    }
    expect(res.body).toMatch(/id="contactedTime-error"/)
    expect(res.body).toMatch(/name="contactedTime" type="text" spellcheck="false" value="25:00"/)
  })

  it('offers each joint tenant and someone else, and refuses a person from another account', async () => {
    const form = await officer.get(`/accounts/${joint.accountNumber}/contacts/new`)
    for (const id of joint.partyIds) expect(form.body).toMatch(new RegExp(`name="partyId" type="radio" value="${id}">`))
    expect(form.body).toContain('value="other"')
    const res = await officer.post(`/accounts/${joint.accountNumber}/contacts/new`, { ...contactFields, partyId: holderId })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('<a href="#partyId">Select who the contact was with</a>')
  })

  it('adds a note, and explains an empty one', async () => {
    const empty = await officer.post(`/accounts/${joint.accountNumber}/notes/new`, { note: '  ' })
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('<a href="#note">Enter the note</a>')
    const res = await officer.post(`/accounts/${joint.accountNumber}/notes/new`, { note: 'Joint tenants have separated.' })
    expect(res.statusCode).toBe(303)
    const page = (await officer.get(`/accounts/${joint.accountNumber}`)).body
    expect(page).toContain('Note added')
    expect(timelineOf(page)).toContain('Joint tenants have separated.')
  })

  it('lets an auditor read the timeline but not add to it', async () => {
    const page = timelineOf((await auditor.get(`/accounts/${acct.accountNumber}`)).body)
    expect(page).toContain('Phone call: promise to pay')
    expect(page).not.toContain('/contacts/new')
    for (const path of ['contacts', 'notes']) {
      expect((await auditor.get(`/accounts/${acct.accountNumber}/${path}/new`)).statusCode).toBe(403)
      expect((await auditor.post(`/accounts/${acct.accountNumber}/${path}/new`, { ...contactFields, note: 'x' })).statusCode).toBe(403)
    }
  })

  it('gives a 404 page for an unknown account or a general ledger account', async () => {
    for (const key of ['RNT0000000', 'GL-SUSPENSE']) {
      expect((await officer.get(`/accounts/${key}/contacts/new`)).statusCode).toBe(404)
      expect((await officer.post(`/accounts/${key}/notes/new`, { note: 'x' })).statusCode).toBe(404)
    }
  })

  it('refuses a form without its CSRF token', async () => {
    const res = await officer.post(`/accounts/${acct.accountNumber}/notes/new`, { _csrf: null, note: 'Forged.' })
    expect(res.statusCode).toBe(403)
    const [n] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from notes where text = 'Forged.'`)
    expect(n!.n).toBe(0)
  })
})
