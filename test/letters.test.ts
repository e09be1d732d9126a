import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { loadWorkingDayCalendar } from '../src/calendar-data.ts'
import type { Queryable } from '../src/db/client.ts'
import { addDays } from '../src/domain/calendar/dates.ts'
import { catalogueProblems } from '../src/domain/templates/catalogue.ts'
import { renderTemplateText } from '../src/domain/templates/engine.ts'
import { approveLetterBatch, createLetterBatches, listBatchItems, printLetterBatch } from '../src/jobs/letter-batch.ts'
import { runStatements } from '../src/jobs/statement-run.ts'
import { runTrawl } from '../src/jobs/trawl.ts'
import { seedCouncil } from '../src/seed/seed-council.ts'
import { cliActor, type Actor } from '../src/services/actor.ts'
import { setUpMandate } from '../src/services/direct-debit/set-up-mandate.ts'
import { generateLetter, renderLetter } from '../src/services/documents/generate-document.ts'
import { loadAccountFacts, mergeDataFor } from '../src/services/documents/merge-data.ts'
import { addHold } from '../src/services/recovery/holds.ts'
import { ensureDefaultPathways } from '../src/services/recovery/pathways.ts'
import { ensureDefaultTemplates, readShippedTemplates } from '../src/services/templates/load-default-templates.ts'
import { publishTemplate } from '../src/services/templates/publish-template.ts'
import { saveTemplate } from '../src/services/templates/save-template.ts'
import { findLiveTemplate, getLiveTemplate } from '../src/services/templates/templates.ts'
import { listAccountTimeline } from '../src/web/queries/account-timeline.ts'
import { describeEachDb } from './databases.ts'

// A small seeded council with a year of history to Friday 20 November 2026. The trawl runs on 13 November (taking its
// reminder steps itself) and on the 20th with the system's own steps switched off, so that every recommended letter
// waits for the team leader's approval.
const TODAY = '2026-11-20'
const COUNCIL = { name: 'Borough of Letterton Council', address: ['Income Team', 'Civic Centre', 'Letterton LT1 1AA'] }

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reeve-letters-'))
let fileNo = 0
/** The PDF's text as pdftotext reads it, with whitespace folded (lines wrap wherever the layout puts them). */
function pdfText(pdf: Uint8Array): string {
  const file = path.join(tmp, `${process.pid}-${++fileNo}.pdf`)
  fs.writeFileSync(file, pdf)
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
}

async function userActor(db: Queryable, username: string): Promise<Actor> {
  const [u] = await db.query<{ id: number }>('select id from users where username = $1', [username])
  return { userId: u!.id, label: `user:${username}` }
}

interface Sample {
  id: number
  number: string
  type: string
  firstName: string
}

describeEachDb('letters, notices, statements and batch runs', (ctx) => {
  const samples: Sample[] = []
  let ddAccount: Sample

  beforeAll(async () => {
    // No replayed recovery history (recoveryWeeks 0, where the seed offers it): these tests run the trawls themselves.
    const seedOptions = { homes: 40, years: 1, seed: 11, today: TODAY, demoPassword: 'letters-test-password', recoveryWeeks: 0 }
    await seedCouncil(ctx.db, seedOptions)
    await ensureDefaultPathways(ctx.db)
    expect((await ensureDefaultTemplates(ctx.db)).length).toBe(readShippedTemplates().length)
    // The account of each kind with the most arrears: a rent account, a former tenancy, a garage, temporary accommodation.
    const rows = await ctx.db.query<Sample & { bal: number }>(
      `select distinct on (a.account_type) a.id, a.account_number as number, a.account_type as type,
         (select coalesce(p.organisation_name, concat_ws(' ', p.title, p.forename, p.surname)) from account_parties ap join parties p on p.id = ap.party_id
          where ap.account_id = a.id order by p.id limit 1) as "firstName",
         (select coalesce(sum(amount_pence), 0) from postings where account_id = a.id)::bigint as bal
       from accounts a where a.account_class = 'customer' and a.account_type in ('rent', 'former_tenant', 'garage', 'temporary_accommodation')
       order by a.account_type, bal desc`,
    )
    samples.push(...rows)
    expect(samples.map((s) => s.type).sort()).toEqual(['former_tenant', 'garage', 'rent', 'temporary_accommodation'])
    // A Direct Debit on an up-to-date rent account, so the advance notice template has a notice to show.
    const [clear] = await ctx.db.query<Sample>(
      `select a.id, a.account_number as number, a.account_type as type, '' as "firstName" from accounts a
       where a.account_type = 'rent' and a.status = 'open' and a.id not in (select account_id from dd_mandates) order by a.id limit 1`,
    )
    ddAccount = clear!
    await setUpMandate(ctx.db, { account: ddAccount.number, sortCode: '30-94-30', accountNumber: '00733445', accountName: 'Ms Jo Payer', frequency: 'weekly', day: 1, today: TODAY, actor: cliActor })
  }, 180_000)

  it('renders every shipped letter template for a sample of accounts, with the merge fields filled in the PDF text', async () => {
    const letters = readShippedTemplates().filter((t) => t.channel === 'letter')
    expect(letters.length).toBeGreaterThanOrEqual(20)
    // Every template for the rent account with the most arrears; for the others, the letters of their own pathways
    // and the general ones (a full cross product takes too long for CI).
    const general = ['rent-statement-covering', 'arrangement-confirmation', 'debt-pap-letter-of-claim']
    const forType: Record<string, string[]> = {
      rent: letters.map((t) => t.key),
      former_tenant: ['fta-letter-1', 'fta-letter-2', ...general],
      garage: ['garage-reminder', 'garage-final-warning', ...general],
      temporary_accommodation: ['arrears-letter-1', 'arrears-letter-2', 'court-hearing-letter', ...general],
    }
    for (const s of [...samples, { ...ddAccount, type: 'dd' }]) {
      const facts = await loadAccountFacts(ctx.db, s.id, { today: TODAY, council: COUNCIL })
      // The merge data is exactly what the catalogue promises, so any template that validated renders.
      expect(catalogueProblems(mergeDataFor(facts, facts.parties[0]!))).toEqual([])
      const keys = forType[s.type] ?? ['dd-advance-notice']
      for (const shipped of letters.filter((t) => keys.includes(t.key))) {
        const template = (await findLiveTemplate(ctx.db, shipped.key, shipped.language))!
        const cyFacts = template.language === 'cy' ? await loadAccountFacts(ctx.db, s.id, { today: TODAY, council: COUNCIL, language: 'cy' }) : facts
        const r = await renderLetter(ctx.db, { template, facts: cyFacts, today: TODAY, council: COUNCIL })
        const text = pdfText(r.pdf)
        const where = `${shipped.key} (${shipped.language}) for ${s.number}`
        expect(text, where).toContain(COUNCIL.name)
        expect(text, where).toContain(s.number)
        expect(text, where).toContain(facts.parties[0]!.name)
        expect(text, where).toContain(template.title)
        expect(text, where).toContain(template.language === 'cy' ? '20 Tachwedd 2026' : '20 November 2026')
        expect(text, where).not.toMatch(/\{\{|\{%|undefined|\[object|NaN/)
        // Every arrears letter and notice states the arrears (the others mention them only in some cases).
        if (!['arrangement-confirmation', 'dd-advance-notice', 'rent-statement-covering'].includes(template.key)) {
          expect(text, where).toContain((facts.base.arrears as { amount: string }).amount)
        }
        if (template.encloses.includes('rent_statement')) expect(text, where).toMatch(/Rent statement|Statement of account/)
        expect(r.pageCount, where).toBeGreaterThanOrEqual(1)
      }
    }
    // What the statutory and pre-action documents must say, on the rent account with the most arrears.
    const rent = samples.find((s) => s.type === 'rent')!
    const facts = await loadAccountFacts(ctx.db, rent.id, { today: TODAY, council: COUNCIL })
    const text = async (key: string) => pdfText((await renderLetter(ctx.db, { template: await getLiveTemplate(ctx.db, key), facts, today: TODAY, council: COUNCIL })).pdf)
    const nosp = await text('nosp-secure')
    expect(nosp).toContain('must be in the form prescribed by the Secure Tenancies (Notices) Regulations 1987')
    expect(nosp).toContain('Ground 1, Schedule 2, Housing Act 1985')
    const lbc = await text('debt-pap-letter-of-claim')
    // 30 days after Friday 20 November 2026.
    expect(lbc).toMatch(/Information sheet.*Reply form/)
    expect(lbc).toContain('within 30 days of the date of this letter, by 20 December 2026')
    expect(await text('s128-notice-of-proceedings')).toContain('within 14 days of the day this notice was served')
    expect(await text('arrears-letter-2')).toContain(`Please contact us by ${loadWorkingDayCalendar().addWorkingDays(TODAY, 10) === '2026-12-04' ? '4 December 2026' : 'x'}`)
    const ddFacts = await loadAccountFacts(ctx.db, ddAccount.id, { today: TODAY, council: COUNCIL })
    const dd = pdfText((await renderLetter(ctx.db, { template: await getLiveTemplate(ctx.db, 'dd-advance-notice'), facts: ddFacts, today: TODAY, council: COUNCIL })).pdf)
    expect(dd).toContain('The Direct Debit Guarantee')
    expect(dd).toContain((ddFacts.base.direct_debit as { reference: string }).reference)
  }, 240_000)

  it('renders the text message and e-mail templates within their limits', async () => {
    const rent = samples.find((s) => s.type === 'rent')!
    const facts = await loadAccountFacts(ctx.db, rent.id, { today: TODAY })
    const calendar = loadWorkingDayCalendar()
    for (const shipped of readShippedTemplates().filter((t) => t.channel !== 'letter')) {
      const body = await renderTemplateText(shipped.body, mergeDataFor(facts, facts.parties[0]!), { today: TODAY, language: shipped.language, calendar })
      expect(body, shipped.key).toContain(rent.number)
      expect(body, shipped.key).not.toMatch(/\{\{|undefined/)
      if (shipped.channel === 'sms') expect(body.trim().length, shipped.key).toBeLessThanOrEqual(306)
    }
  })

  it('refuses a template that uses an unknown field or filter, naming it and its line; publishes a good one as the next version', async () => {
    const admin = await userActor(ctx.db, 'admin')
    const save = (body: string, actor: Actor = admin) =>
      ctx.db.transaction((tx) => saveTemplate(tx, { key: 'arrears-letter-1', language: 'en', title: 'Your rent account is behind', body, actor }))
    await expect(save('Dear {{ recipient.salutation }}\n\nYou owe {{ arrears.total }}.')).rejects.toMatchObject({
      code: 'validation',
      details: [{ field: 'body', line: 3, message: expect.stringContaining('"arrears.total" is not a merge field') }],
    })
    await expect(save('{{ tenant.name }}')).rejects.toMatchObject({ details: [{ message: 'Line 1: "tenant" is not a merge field' }] })
    await expect(save('{{ arrears.amount | shout }}')).rejects.toMatchObject({ details: [{ message: expect.stringMatching(/^Line 1: There is no filter "shout"/) }] })
    await expect(save('{% include "/etc/passwd" %}')).rejects.toMatchObject({ details: [{ message: expect.stringMatching(/The tag "include" is not allowed/) }] })
    await expect(save('Fine {{ account.number }}', await userActor(ctx.db, 'teamleader'))).rejects.toMatchObject({ code: 'forbidden' })

    const saved = await save('Dear {{ recipient.salutation }}\n\nVersion two: you owe {{ arrears.amount }} on {{ account.number }}. Reply by {{ 10 | working_days_from_today }}.')
    expect(saved).toMatchObject({ version: 2, fields: ['account.number', 'arrears.amount', 'recipient.salutation'] })
    // A draft is not used until it is published.
    expect((await getLiveTemplate(ctx.db, 'arrears-letter-1')).version).toBe(1)
    await ctx.db.transaction((tx) => publishTemplate(tx, { templateId: saved.id, actor: admin }))
    await expect(ctx.db.transaction((tx) => publishTemplate(tx, { templateId: saved.id, actor: admin }))).rejects.toMatchObject({ code: 'invalid_state' })
    expect((await getLiveTemplate(ctx.db, 'arrears-letter-1')).version).toBe(2)
    // A saved version's text can never be changed, even in the database.
    await expect(ctx.db.query(`update document_templates set body = 'changed' where id = $1`, [saved.id])).rejects.toThrow(/cannot be changed/)

    const rent = samples.find((s) => s.type === 'rent')!
    const doc = await ctx.db.transaction((tx) => generateLetter(tx, { accountId: rent.id, templateKey: 'arrears-letter-1', language: 'en', today: TODAY, actor: cliActor, council: COUNCIL }))
    expect(doc.templateVersion).toBe(2)
    const [stored] = await ctx.db.query<{ pdf: Uint8Array; merge_data: { account: { number: string } }; body_text: string }>('select pdf, merge_data, body_text from generated_documents where id = $1', [doc.documentId])
    // 10 working days after Friday 20 November 2026: Friday 4 December.
    expect(pdfText(stored!.pdf)).toContain('Version two: you owe')
    expect(stored!.body_text).toContain('Reply by 4 December 2026.')
    expect(stored!.merge_data.account.number).toBe(rent.number)
    const timeline = await listAccountTimeline(ctx.db, rent.id)
    expect(timeline.entries.find((e) => e.kind === 'contact' && e.channel === 'letter')).toMatchObject({ outcome: 'produced: Your rent account is behind', direction: 'out' })
  })

  it('turns the trawl\'s recommended letters into batches once, generates each letter once on approval, and prints one file', async () => {
    // A week earlier the trawl sent its reminders itself; today's recommends the first letters for an officer.
    await runTrawl(ctx.db, { date: addDays(TODAY, -7) })
    const trawl = await runTrawl(ctx.db, { date: TODAY, applySystemSteps: false })
    expect(trawl.replayed).toBe(false)
    expect(trawl.counts.action).toBeGreaterThan(0)
    const actor = cliActor
    const first = await createLetterBatches(ctx.db, { date: TODAY, actor })
    expect(first.created.length).toBeGreaterThan(0)
    const again = await createLetterBatches(ctx.db, { date: TODAY, actor })
    expect(again.created).toEqual([])
    expect(again.existing.map((b) => b.id)).toEqual(first.created.map((b) => b.id))
    const letterRecs = await ctx.db.query<{ n: number }>(`select count(*)::int as n from recommendations where run_id = $1 and kind = 'action' and action_type in ('letter', 'letter_before_claim') and required_checks = '{}'`, [trawl.runId])
    expect(first.created.reduce((n, b) => n + b.letterCount, 0)).toBe(letterRecs[0]!.n)

    const batch = first.created.sort((a, b) => b.letterCount - a.letterCount)[0]!
    const items = await listBatchItems(ctx.db, batch.id)
    expect(items.length).toBe(batch.letterCount)
    // An income officer cannot approve; nothing prints before approval.
    await expect(approveLetterBatch(ctx.db, { batchId: batch.id, actor: await userActor(ctx.db, 'officer1'), today: TODAY })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(printLetterBatch(ctx.db, { batchId: batch.id, actor })).rejects.toMatchObject({ code: 'invalid_state' })
    // A Breathing Space recorded after the trawl stops that person's letter.
    const held = items[0]!
    await ctx.db.transaction((tx) => addHold(tx, { accountId: held.accountId, type: 'breathing_space_standard', startsOn: TODAY, reason: 'Debt adviser notified us', actor }))

    const teamLeader = await userActor(ctx.db, 'teamleader')
    const approved = await approveLetterBatch(ctx.db, { batchId: batch.id, actor: teamLeader, today: TODAY, council: COUNCIL })
    expect(approved).toMatchObject({ alreadyApproved: false, generated: items.length - 1, skipped: 1 })
    const twice = await approveLetterBatch(ctx.db, { batchId: batch.id, actor: teamLeader, today: TODAY, council: COUNCIL })
    expect(twice).toMatchObject({ alreadyApproved: true, generated: 0, skipped: 0 })
    const after = await listBatchItems(ctx.db, batch.id)
    expect(after.find((i) => i.id === held.id)).toMatchObject({ status: 'skipped', skipReason: expect.stringMatching(/^Not sent: Breathing Space \(standard\) from 2026-11-20/), documentId: null })
    const docs = await ctx.db.query<{ account_id: number; n: number; action_id: number | null }>('select account_id, count(*)::int as n, min(action_id) as action_id from generated_documents where batch_id = $1 group by account_id', [batch.id])
    expect(docs.length).toBe(items.length - 1)
    expect(docs.every((d) => d.n === 1 && d.action_id !== null)).toBe(true)
    // Each letter is a recovery action on its case, recorded by the team leader, which moves the case on.
    const actions = await ctx.db.query<{ n: number }>(`select count(*)::int as n from recovery_actions where id = any($1) and actor = $2 and channel = 'letter'`, [docs.map((d) => d.action_id), teamLeader.label])
    expect(actions[0]!.n).toBe(docs.length)

    const printed = await printLetterBatch(ctx.db, { batchId: batch.id, actor })
    expect(printed.letters).toBe(items.length - 1)
    const pages = await ctx.db.query<{ n: number }>('select sum(page_count)::int as n from generated_documents where batch_id = $1', [batch.id])
    expect(printed.pages).toBe(pages[0]!.n)
    expect(printed.batch.status).toBe('printed')
    const text = pdfText(printed.pdf)
    for (const i of after.filter((x) => x.status === 'generated')) expect(text).toContain(i.accountNumber)
    expect(text).not.toContain(held.accountNumber)
    // Printing again gives the same file.
    expect((await printLetterBatch(ctx.db, { batchId: batch.id, actor })).pdf.equals(printed.pdf)).toBe(true)

    // The next day's trawl does not recommend the same letter again for the accounts that got it.
    const next = addDays(TODAY, 1)
    const nextRun = await runTrawl(ctx.db, { date: next, applySystemSteps: false })
    const repeats = await ctx.db.query<{ n: number }>(
      `select count(*)::int as n from recommendations r join letter_batch_items i on i.account_id = r.account_id and i.stage = r.stage
       where r.run_id = $1 and i.batch_id = $2 and i.status = 'generated' and r.kind = 'action'`,
      [nextRun.runId, batch.id],
    )
    expect(repeats[0]!.n).toBe(0)
  }, 240_000)

  it('sends rent statements to a selection once, each with its covering letter', async () => {
    const rent = samples.find((s) => s.type === 'rent')!
    const accounts = [rent.number, ddAccount.number]
    const run = await runStatements(ctx.db, null, { date: '2026-11-23', selection: { accounts }, actor: cliActor, council: COUNCIL })
    expect(run).toMatchObject({ replayed: false, period: { from: '2026-08-24', to: '2026-11-22' }, accounts: 2, documents: 2 })
    const again = await runStatements(ctx.db, null, { date: '2026-11-23', selection: { accounts: [...accounts].reverse() }, actor: cliActor, council: COUNCIL })
    expect(again).toMatchObject({ runId: run.runId, replayed: true, documents: 0 })
    const [doc] = await ctx.db.query<{ pdf: Uint8Array }>('select pdf from generated_documents where statement_run_id = $1 and account_id = $2', [run.runId, rent.id])
    const text = pdfText(doc!.pdf)
    expect(text).toContain('Your statement of account')
    expect(text).toContain('from 24 August 2026 to 22 November 2026')
    expect(text).toMatch(/Rent statement.*Closing balance/)
    await expect(runStatements(ctx.db, null, { date: '2026-11-23', selection: { accounts: ['NOPE1'] }, actor: cliActor })).rejects.toMatchObject({ code: 'validation', message: 'No open customer account NOPE1' })
  }, 120_000)
})
