import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Db } from '../src/db/client.ts'
import { runStatements } from '../src/jobs/statement-run.ts'
import { runTrawl } from '../src/jobs/trawl.ts'
import { cliActor } from '../src/services/actor.ts'
import { createNotifySender, type NotifySender } from '../src/services/messages/notify-client.ts'
import { loadAccountFacts } from '../src/services/documents/merge-data.ts'
import { pollMessageStatuses, sendMessage } from '../src/services/messages/send-message.ts'
import { sendTrawlReminders } from '../src/services/messages/send-trawl-reminders.ts'
import { addHold } from '../src/services/recovery/holds.ts'
import { ensureDefaultPathways } from '../src/services/recovery/pathways.ts'
import { debitWeeks, letProperty, pay, type ScenarioAccount } from '../src/services/recovery/recovery-fixtures.testing.ts'
import { ensureDefaultTemplates } from '../src/services/templates/load-default-templates.ts'
import { listAccountTimeline } from '../src/web/queries/account-timeline.ts'
import { describeEachDb } from './databases.ts'
import { startFakeNotify, type FakeNotify } from './support/fake-notify.ts'

// Secure tenancies let on Monday 6 July 2026 at £100 a week, debited to 31 August and paid down to 1.5 weeks of
// arrears on Friday 28 August (£250 owed with the week of 31 August): the trawl of Tuesday 1 September sends each a
// reminder (stage reminder_sms).
const TRAWL_DATE = '2026-09-01'

interface Person {
  key: string
  account: ScenarioAccount
  preferred: 'sms' | 'email' | 'letter' | 'phone'
  phone: string | null
  email: string | null
  language: 'en' | 'cy'
}

describeEachDb('GOV.UK Notify: reminders and statements by text and e-mail', (ctx) => {
  let fake: FakeNotify
  let sender: NotifySender
  const people: Record<string, Person> = {}
  const sentTo = (to: string) => fake.received.filter((n) => n.to === to)

  async function person(db: Db, key: string, p: Omit<Person, 'key' | 'account'>): Promise<void> {
    const account = await letProperty(db, { surname: `Notify${key}`, startDate: '2026-07-06' })
    await db.query('update parties set preferred_channel = $2, phone = $3, email = $4, language = $5 where id = $1', [account.partyIds[0], p.preferred, p.phone, p.email, p.language])
    people[key] = { key, account, ...p }
  }

  beforeAll(async () => {
    fake = await startFakeNotify()
    sender = createNotifySender({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, smsTemplateId: fake.smsTemplateId, emailTemplateId: fake.emailTemplateId })
    await person(ctx.db, 'texter', { preferred: 'sms', phone: '07700 900001', email: 'texter@example.com', language: 'en' })
    await person(ctx.db, 'emailer', { preferred: 'email', phone: '07700 900002', email: 'emailer@example.com', language: 'en' })
    await person(ctx.db, 'welsh', { preferred: 'phone', phone: '07700 900003', email: null, language: 'cy' })
    await person(ctx.db, 'held', { preferred: 'sms', phone: '07700 900004', email: null, language: 'en' })
    await person(ctx.db, 'letters', { preferred: 'letter', phone: '07700 900005', email: 'letters@example.com', language: 'en' })
    await person(ctx.db, 'landline', { preferred: 'sms', phone: '01234 900006', email: null, language: 'en' })
    await debitWeeks(ctx.db, '2026-07-06', '2026-08-31')
    for (const p of Object.values(people)) await pay(ctx.db, p.account.accountId, 65_000, '2026-08-28')
    // Breathing Space from 25 August: no demand may be made while it lasts.
    await ctx.db.transaction((tx) => addHold(tx, { partyId: people.held!.account.partyIds[0]!, type: 'breathing_space_standard', startsOn: '2026-08-25', reason: 'Notified by the Insolvency Service', actor: cliActor }))
    await ensureDefaultPathways(ctx.db)
    await ensureDefaultTemplates(ctx.db)
    await runTrawl(ctx.db, { date: TRAWL_DATE })
  }, 180_000)

  afterAll(async () => {
    await fake?.close()
  })

  it('sends each reminder the trawl queued by the person\'s preferred channel and language, none during a hold, and never twice', async () => {
    const steps = await ctx.db.query<{ account_id: number; stage: string }>(
      `select r.account_id, r.stage from recommendations r join trawl_runs t on t.id = r.run_id where t.run_date = $1 and r.kind = 'action' and r.applied`,
      [TRAWL_DATE],
    )
    // The held account's reminder is blocked by the trawl itself; every other account has its reminder step taken.
    expect(steps.filter((s) => s.stage === 'reminder_sms').map((s) => s.account_id).sort()).toEqual(
      Object.values(people).filter((p) => p.key !== 'held').map((p) => p.account.accountId).sort(),
    )
    const r = await sendTrawlReminders(ctx.db, sender, { date: TRAWL_DATE, actor: cliActor })
    expect(r.counts).toEqual({ sent: 3, failed: 0, queued: 0, already_sent: 0, withheld: 0, no_channel: 2 })
    expect(fake.refused).toEqual([])

    const [text] = sentTo('07700 900001')
    expect(text).toMatchObject({ type: 'sms', templateId: fake.smsTemplateId })
    expect(text!.personalisation.body).toMatch(new RegExp(`^Borough of .*: your account ${people.texter!.account.accountNumber} is £250\\.00 behind\\.`))
    expect(text!.reference).toMatch(/^action:\d+:party:\d+$/)
    const [mail] = sentTo('emailer@example.com')
    expect(mail).toMatchObject({ type: 'email', templateId: fake.emailTemplateId, personalisation: { subject: `Your account ${people.emailer!.account.accountNumber} is behind`, attachment: '' } })
    expect(mail!.personalisation.body).toContain('Dear Ms Notifyemailer')
    const [welsh] = sentTo('07700 900003')
    expect(welsh!.personalisation.body).toContain('£250.00 mewn ôl-ddyledion')
    // Nothing to the person in Breathing Space, the one who prefers letters, or to a landline.
    expect(sentTo('07700 900004')).toEqual([])
    expect(sentTo('07700 900005').concat(sentTo('letters@example.com'))).toEqual([])
    expect(fake.received).toHaveLength(3)

    const again = await sendTrawlReminders(ctx.db, sender, { date: TRAWL_DATE, actor: cliActor })
    expect(again.counts).toMatchObject({ sent: 0, already_sent: 3 })
    expect(fake.received).toHaveLength(3)
  })

  it('withholds a reminder when a hold begins after the trawl', async () => {
    // The texter's debt is disputed after the trawl: a reminder sent now (under a new key) is withheld.
    const texter = people.texter!
    await ctx.db.transaction((tx) => addHold(tx, { accountId: texter.account.accountId, type: 'dispute', startsOn: TRAWL_DATE, reason: 'Disputes the charges', actor: cliActor }))
    const [action] = await ctx.db.query<{ id: number }>(`select id from recovery_actions where account_id = $1 and action_type = 'sms'`, [texter.account.accountId])
    const facts = await loadAccountFacts(ctx.db, texter.account.accountId, { today: TRAWL_DATE })
    const r = await sendMessage(ctx.db, sender, { facts, party: facts.parties[0]!, kind: 'arrears_reminder', today: TRAWL_DATE, actor: cliActor, idempotencyKey: `action:${action!.id}:retry`, actionId: action!.id })
    expect(r).toEqual({ outcome: 'withheld', reason: expect.stringMatching(/^Withheld: Dispute from 2026-09-01/) })
    expect(fake.received).toHaveLength(3)
    const [audit] = await ctx.db.query<{ reason: string }>(`select reason from audit_events where action = 'message.withheld' order by id desc limit 1`)
    expect(audit!.reason).toMatch(/Dispute/)
  })

  it('records delivery statuses from Notify, with their history, and shows messages on the case timeline', async () => {
    const [text] = sentTo('07700 900001')
    const [mail] = sentTo('emailer@example.com')
    fake.setStatus(text!.id, 'delivered')
    fake.setStatus(mail!.id, 'permanent-failure')
    expect(await pollMessageStatuses(ctx.db, sender)).toEqual({ checked: 3, changed: 2, failed: 0 })
    // Nothing changed since: the final ones are not asked about again.
    expect(await pollMessageStatuses(ctx.db, sender)).toEqual({ checked: 1, changed: 0, failed: 0 })
    const history = await ctx.db.query<{ status: string; source: string }>(
      'select e.status, e.source from message_status_events e join messages m on m.id = e.message_id where m.notify_id = $1 order by e.id',
      [text!.id],
    )
    expect(history).toEqual([
      { status: 'queued', source: 'send' },
      { status: 'created', source: 'send' },
      { status: 'delivered', source: 'poll' },
    ])
    const [m] = await ctx.db.query<{ status: string; template_key: string; language: string }>('select status, template_key, language from messages where notify_id = $1', [mail!.id])
    expect(m).toEqual({ status: 'permanent-failure', template_key: 'arrears-reminder-email', language: 'en' })
    const timeline = await listAccountTimeline(ctx.db, people.texter!.account.accountId)
    expect(timeline.entries.find((e) => e.kind === 'contact' && e.channel === 'sms')).toMatchObject({ outcome: 'delivered', direction: 'out', text: expect.stringContaining('To 07700 900001') })
  })

  it('records a message Notify refuses, and a client with the wrong key is refused', async () => {
    const emailer = people.emailer!
    fake.failNext(400, 'ValidationError', 'email_address Not a valid email address')
    const run = await runStatements(ctx.db, sender, { date: '2026-09-07', selection: { accounts: [emailer.account.accountNumber] }, actor: cliActor })
    expect(run.emails).toMatchObject({ failed: 1 })
    const [failed] = await ctx.db.query<{ status: string; status_detail: string; notify_id: string | null }>(`select status, status_detail, notify_id from messages where purpose = 'statement'`)
    expect(failed).toEqual({ status: 'failed_to_send', status_detail: 'Notify 400: ValidationError email_address Not a valid email address', notify_id: null })

    const wrong = createNotifySender({ apiKey: `reeve_test-${fake.serviceId}-${crypto.randomUUID()}`, baseUrl: fake.baseUrl, smsTemplateId: fake.smsTemplateId, emailTemplateId: fake.emailTemplateId })
    await expect(wrong.sendSms('07700 900001', { body: 'x' }, 'ref')).rejects.toMatchObject({ response: { status: 403 } })
    expect(fake.refused.at(-1)).toMatchObject({ status: 403, error: 'Invalid token: signature, api token not found' })
  })

  it('e-mails a statement with the PDF as a Notify file link to a person who prefers e-mail, once', async () => {
    const emailer = people.emailer!
    const before = fake.received.length
    const run = await runStatements(ctx.db, sender, { date: '2026-09-14', selection: { accounts: [emailer.account.accountNumber, people.texter!.account.accountNumber] }, actor: cliActor })
    expect(run).toMatchObject({ accounts: 2, documents: 2, emails: { sent: 1 } })
    const mails = fake.received.slice(before)
    expect(mails).toHaveLength(1)
    expect(mails[0]).toMatchObject({ type: 'email', to: 'emailer@example.com', personalisation: { subject: `Your statement for account ${emailer.account.accountNumber}` } })
    const attachment = mails[0]!.personalisation.attachment as { file: string; filename: string; confirm_email_before_download: boolean }
    expect(attachment.filename).toBe(`statement-${emailer.account.accountNumber}.pdf`)
    expect(attachment.confirm_email_before_download).toBe(true)
    expect(Buffer.from(attachment.file, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const again = await runStatements(ctx.db, sender, { date: '2026-09-14', selection: { accounts: [emailer.account.accountNumber, people.texter!.account.accountNumber] }, actor: cliActor })
    expect(again).toMatchObject({ replayed: true, documents: 0, emails: { sent: 0, already_sent: 1 } })
    expect(fake.received.length).toBe(before + 1)
  })
})
