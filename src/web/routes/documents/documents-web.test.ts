import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../../../test/databases.ts'
import { createLetterBatches } from '../../../jobs/letter-batch.ts'
import { runTrawl } from '../../../jobs/trawl.ts'
import { cliActor } from '../../../services/actor.ts'
import { ensureDefaultPathways } from '../../../services/recovery/pathways.ts'
import { debitWeeks, letProperty, pay, type ScenarioAccount } from '../../../services/recovery/recovery-fixtures.testing.ts'
import { buildTestWebApp, createTestUser, signedInClient, type TestWebApp, type WebTestClient } from '../../testing/web-test-client.ts'

// Today is Sunday 22 November 2026 (TEST_NOW). Three secure tenancies let on Monday 7 September at £100 a week,
// debited to 16 November and paid down to 3, 4 and 5 weeks of arrears; the trawl of Friday 13 November sends
// reminders itself, the trawl of Sunday 22 November recommends the first letters for approval.
const pdfText = (pdf: Buffer): string => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reeve-web-letters-')), 'x.pdf')
  fs.writeFileSync(file, pdf)
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
}

describeEachDb('web: templates, letters on a case, letter batches', (ctx) => {
  let t: TestWebApp
  let admin: WebTestClient
  let officer: WebTestClient
  let leader: WebTestClient
  let auditor: WebTestClient
  const accounts: ScenarioAccount[] = []
  let batchId: number

  beforeAll(async () => {
    t = await buildTestWebApp(ctx.db)
    admin = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'administrator' }))
    officer = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'income_officer' }))
    leader = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'team_leader' }))
    auditor = await signedInClient(t.app, await createTestUser(ctx.db, { role: 'auditor' }))
    for (const weeks of [3, 4, 5]) accounts.push(await letProperty(ctx.db, { surname: `Webletter${weeks}`, startDate: '2026-09-07' }))
    await debitWeeks(ctx.db, '2026-09-07', '2026-11-16')
    for (const [i, a] of accounts.entries()) await pay(ctx.db, a.accountId, (11 - 3 - i) * 10_000, '2026-11-06')
    await ensureDefaultPathways(ctx.db)
    await runTrawl(ctx.db, { date: '2026-11-13' })
    await runTrawl(ctx.db, { date: '2026-11-22', applySystemSteps: false })
    const r = await createLetterBatches(ctx.db, { date: '2026-11-22', actor: cliActor })
    batchId = r.created.find((b) => b.templateKey === 'arrears-letter-1')!.id
  }, 180_000)
  afterAll(async () => {
    await t?.app.close()
  })

  it('lets only an administrator see and edit templates, refusing an unknown merge field by name and line', async () => {
    expect((await officer.get('/templates')).statusCode).toBe(403)
    const list = await admin.get('/templates')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('href="/templates/arrears-letter-1/en">Your rent account is behind</a>')
    expect(list.body).toContain('href="/templates/arrears-letter-1/cy"')

    const page = await admin.get('/templates/arrears-letter-1/en')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Version 1 is live.')
    const bad = await admin.post('/templates/arrears-letter-1/en', { title: 'Your rent account is behind', body: 'Dear {{ recipient.salutation }}\n\nYou owe {{ arrears.total }}.', description: '' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('There is a problem')
    expect(bad.body).toContain('<a href="#body">Line 3: &quot;arrears.total&quot; is not a merge field')
    // What was typed is kept.
    expect(bad.body).toContain('You owe {{ arrears.total }}.')

    const good = await admin.post('/templates/arrears-letter-1/en', { title: 'Your rent account is behind', body: 'Dear {{ recipient.salutation }}\n\nWeb version: you owe {{ arrears.amount }}.', description: '' })
    expect(good.statusCode).toBe(303)
    const saved = await admin.get('/templates/arrears-letter-1/en')
    expect(saved.body).toContain('Version 2 saved as a draft')
    expect(saved.body).toContain('Version 1 is live. Version 2 is a draft.')
    const id = /versions\/(\d+)\/publish/.exec(saved.body)![1]

    const preview = await admin.get(`/templates/arrears-letter-1/en/versions/${id}/preview?account=${accounts[0]!.accountNumber}`)
    expect(preview.statusCode).toBe(200)
    expect(preview.headers['content-type']).toBe('application/pdf')
    const text = pdfText(preview.rawPayload)
    expect(text).toContain('Web version: you owe £')
    expect(text).toContain('Test Borough Council')
    const nobody = await admin.get(`/templates/arrears-letter-1/en/versions/${id}/preview?account=NOSUCH1`)
    expect(nobody.statusCode).toBe(400)
    expect(nobody.body).toContain('<a href="#account">No account NOSUCH1</a>')
    const sms = await admin.get('/templates/arrears-reminder-sms/cy')
    const smsId = /versions\/(\d+)\/preview/.exec(sms.body)![1]
    const smsPreview = await admin.get(`/templates/arrears-reminder-sms/cy/versions/${smsId}/preview?account=${accounts[0]!.accountNumber}`)
    expect(smsPreview.body).toContain(`mae eich cyfrif ${accounts[0]!.accountNumber}`)

    expect((await admin.post(`/templates/arrears-letter-1/en/versions/${id}/publish`)).statusCode).toBe(303)
    expect((await admin.get('/templates/arrears-letter-1/en')).body).toContain('Version 2 is live.')
  })

  it('produces a letter on a case, lists it with its download, and puts it on the timeline', async () => {
    const a = accounts[1]!
    const page = await officer.get(`/accounts/${a.accountNumber}/documents`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('No letters have been produced for this account.')
    expect((await officer.post(`/accounts/${a.accountNumber}/documents`, { template: '' })).body).toContain('<a href="#template">Choose a letter</a>')
    const made = await officer.post(`/accounts/${a.accountNumber}/documents`, { template: 'court-hearing-letter' })
    expect(made.statusCode).toBe(303)
    const after = await officer.get(`/accounts/${a.accountNumber}/documents`)
    expect(after.body).toContain('Letter produced')
    const id = /href="\/documents\/(\d+)\/pdf"/.exec(after.body)![1]
    const pdf = await officer.get(`/documents/${id}/pdf`)
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="court-hearing-letter-${a.accountNumber}-${id}.pdf"`)
    expect(pdfText(pdf.rawPayload)).toContain('No hearing is listed for this account yet.')
    const account = await officer.get(`/accounts/${a.accountNumber}`)
    expect(account.body).toContain('Letter: produced: Your court hearing')
    // Auditors read, never produce.
    expect((await auditor.get(`/accounts/${a.accountNumber}/documents`)).body).not.toContain('data-qa="generate-letter"')
    expect((await auditor.post(`/accounts/${a.accountNumber}/documents`, { template: 'court-hearing-letter' })).statusCode).toBe(403)
  })

  it('lets a team leader approve a batch once and download its print file', async () => {
    expect((await officer.get('/letters')).statusCode).toBe(403)
    const list = await leader.get('/letters')
    expect(list.body).toContain(`href="/letters/${batchId}">Batch ${batchId}</a>`)
    const page = await leader.get(`/letters/${batchId}`)
    expect(page.body).toContain('Approve and produce the letters')
    expect((await auditor.post(`/letters/${batchId}/approve`)).statusCode).toBe(403)
    const approved = await leader.post(`/letters/${batchId}/approve`)
    expect(approved.statusCode).toBe(303)
    const after = await leader.get(`/letters/${batchId}`)
    expect(after.body).toContain('Batch approved')
    expect(after.body).not.toContain('Approve and produce the letters')
    const produced = after.body.match(/Produced \(PDF\)/g) ?? []
    expect(produced.length).toBeGreaterThan(0)
    const print = await leader.get(`/letters/${batchId}/print`)
    expect(print.statusCode).toBe(200)
    expect(print.headers['content-disposition']).toBe(`attachment; filename="letter-batch-${batchId}.pdf"`)
    expect(pdfText(print.rawPayload)).toContain('Web version: you owe')
    const [docs] = await ctx.db.query<{ n: number }>('select count(*)::int as n from generated_documents where batch_id = $1', [batchId])
    expect(docs!.n).toBe(produced.length)
    // Approving again produces nothing more.
    await leader.post(`/letters/${batchId}/approve`)
    const [again] = await ctx.db.query<{ n: number }>('select count(*)::int as n from generated_documents where batch_id = $1', [batchId])
    expect(again!.n).toBe(produced.length)
  })
})
