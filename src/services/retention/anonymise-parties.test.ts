import { expect, it } from 'vitest'
import { describeEachDb } from '../../../test/databases.ts'
import { makeTenancy } from '../../../test/fixtures.ts'
import { validateStatement } from '../../domain/affordability/statement.ts'
import { runAnonymise } from '../../jobs/anonymise.ts'
import { cliActor } from '../actor.ts'
import { recordIncomeExpenditure } from '../affordability/record-statement.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { addNote } from '../contacts/add-note.ts'
import { recordContact } from '../contacts/record-contact.ts'
import { importPaymentFile } from '../payments/import-payment-file.ts'
import { makeReferral, recordReferralOutcome } from '../referrals/referrals.ts'
import { ANONYMISED, ANONYMISED_MERGE_DATA, ANONYMISED_TEXT } from './anonymise-parties.ts'
import { REDACTED } from './redact-personal.ts'

describeEachDb('anonymising personal data after the retention period', (ctx) => {
  const closeAccount = (accountId: number, on: string) => ctx.db.query(`update accounts set status = 'closed', closed_on = $2 where id = $1`, [accountId, on])
  const ledgerTotals = async () =>
    (await ctx.db.query<{ n: number; s: number; a: number }>('select count(*)::int as n, coalesce(sum(abs(amount_pence)), 0)::bigint as s, coalesce(sum(amount_pence), 0)::bigint as a from postings'))[0]!

  it('replaces names, contact details and case text of people whose accounts all closed over six years ago, keeps the ledger, and audits it once', async () => {
    const old = await makeTenancy(ctx.db, { startDate: '2015-04-06', charges: [] })
    const recent = await makeTenancy(ctx.db, { startDate: '2015-04-06', charges: [] })
    const open = await makeTenancy(ctx.db, { startDate: '2015-04-06', charges: [] })
    const [oldParty, recentParty] = [old.partyIds[0]!, recent.partyIds[0]!]
    await ctx.db.query(`update parties set forename = 'Olwen', surname = 'Oldcastle', email = 'olwen@example.com', phone = '07700900123', date_of_birth = '1950-01-02' where id = $1`, [oldParty])
    const [ref] = await ctx.db.query<{ payment_reference: string }>('select payment_reference from accounts where id = $1', [old.accountId])
    await importPaymentFile(ctx.db, {
      text: `date,reference,amount,name,method\r\n06/05/2018,${ref!.payment_reference},10.00,OLWEN OLDCASTLE,bank_transfer\r\n`,
      fileName: `retention-${ctx.kind}.csv`,
      format: 'bank-csv',
      today: '2018-05-07',
      actor: cliActor,
    })
    await addNote(ctx.db, { accountId: old.accountId, text: 'Olwen said her daughter Megan pays', actor: cliActor })
    await recordContact(ctx.db, {
      accountId: old.accountId,
      partyId: oldParty,
      direction: 'in',
      channel: 'phone',
      contactedAt: new Date('2018-05-01T10:00:00Z'),
      outcome: 'spoke_to_tenant',
      summary: 'Olwen rang from 07700900123',
      actor: cliActor,
    } as Parameters<typeof recordContact>[1])
    await ctx.db.query(`insert into safeguarding_concerns (party_id, account_id, concern, raised_on, raised_by) values ($1, $2, 'Olwen is frail', '2018-05-01', 'cli')`, [oldParty, old.accountId])
    await closeAccount(old.accountId, '2019-03-31')
    await closeAccount(recent.accountId, '2021-03-31')
    const ledgerBefore = await ledgerTotals()

    // 2025-11-22: six years back is 2019-11-22, so the account closed on 2019-03-31 is past the period.
    const r = await runAnonymise(ctx.db, { date: '2025-11-22' })
    expect(r).toMatchObject({ cutoff: '2019-11-22', retentionYears: 6, anonymised: 1 })

    const [p] = await ctx.db.query<Record<string, unknown>>('select forename, surname, email, phone, date_of_birth from parties where id = $1', [oldParty])
    expect(p).toEqual({ forename: null, surname: ANONYMISED, email: null, phone: null, date_of_birth: null })
    const [kept] = await ctx.db.query<{ surname: string }>('select surname from parties where id = $1', [recentParty])
    expect(kept!.surname).not.toBe(ANONYMISED)
    expect((await ctx.db.query<{ text: string }>('select text from notes where account_id = $1', [old.accountId])).map((n) => n.text)).toEqual([ANONYMISED_TEXT])
    expect((await ctx.db.query<{ summary: string }>('select summary from contacts where account_id = $1', [old.accountId])).map((c) => c.summary)).toEqual([ANONYMISED_TEXT])
    expect((await ctx.db.query<{ concern: string }>('select concern from safeguarding_concerns where party_id = $1', [oldParty])).map((c) => c.concern)).toEqual([ANONYMISED_TEXT])
    const payers = await ctx.db.query<{ payer_name: string | null; amount_pence: number }>(
      'select p.payer_name, p.amount_pence from payments p join payment_allocations pa on pa.payment_id = p.id where pa.account_id = $1',
      [old.accountId],
    )
    expect(payers).toEqual([{ payer_name: null, amount_pence: 1000 }])
    // The ledger is untouched: same postings, same amounts, still balanced.
    expect(await ledgerTotals()).toEqual(ledgerBefore)
    // Nothing personal is left anywhere we can find it (the audit trail included).
    const leftovers = await ctx.db.query<{ n: number }>(
      `select (select count(*) from parties where surname ilike '%oldcastle%')
            + (select count(*) from audit_events where coalesce(before::text, '') || coalesce(after::text, '') || coalesce(reason, '') ilike '%olwen%' and action = 'party.anonymised')
            + (select count(*) from notes where text ilike '%olwen%') + (select count(*) from contacts where summary ilike '%07700900123%')
            + (select count(*) from payments where payer_name ilike '%oldcastle%') as n`,
    )
    expect(Number(leftovers[0]!.n)).toBe(0)
    const audits = await ctx.db.query<{ actor: string; reason: string }>(`select actor, reason from audit_events where action = 'party.anonymised' and entity_id = $1`, [String(oldParty)])
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({ actor: 'system:retention' })
    expect(audits[0]!.reason).toContain('2019-03-31')

    // A second run does nothing more; the open account's holder is never a candidate.
    expect((await runAnonymise(ctx.db, { date: '2025-11-22' })).anonymised).toBe(0)
    expect((await runAnonymise(ctx.db, { date: '2027-04-01', dryRun: true })).anonymised).toBe(1)
    void open
  })

  it('still refuses any other change to the append-only tables, even to the retention job', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2020-04-06', charges: [] })
    await addNote(ctx.db, { accountId: t.accountId, text: 'A note', actor: cliActor })
    await expect(ctx.db.query(`update notes set text = 'edited' where account_id = $1`, [t.accountId])).rejects.toThrow(/append-only/)
    await expect(
      ctx.db.transaction(async (tx) => {
        await tx.query(`select set_config('reeve.anonymising', 'on', true)`)
        await tx.query(`update notes set recorded_by = 'someone else' where account_id = $1`, [t.accountId])
      }),
    ).rejects.toThrow(/append-only/)
    await expect(
      ctx.db.transaction(async (tx) => {
        await tx.query(`select set_config('reeve.anonymising', 'on', true)`)
        await tx.query(`delete from notes where account_id = $1`, [t.accountId])
      }),
    ).rejects.toThrow(/append-only/)
  })

  it('replaces the free text of their statements, recovery actions, referrals, letters, messages and earlier audit events, keeping figures, hashes and the ledger', async () => {
    const t = await makeTenancy(ctx.db, { startDate: '2015-04-06', charges: [] })
    const party = t.partyIds[0]!
    await ctx.db.query(`update parties set forename = 'Gwladys', surname = 'Greystoke', email = 'gwladys@example.com', phone = '07700900555' where id = $1`, [party])

    // Income and expenditure, with free text in a line note, a debt, an explanation and the notes.
    const ie = await recordIncomeExpenditure(ctx.db, {
      partyId: party,
      accountId: t.accountId,
      statement: {
        takenOn: '2026-05-01',
        household: { adults: 1, childrenUnder16: 1, children16To18: 0, nonDependants: 0, vehicles: 0 },
        lines: [
          { subCategory: 'client_salary_wages', amountPence: 150000, frequency: 'monthly', note: 'Gwladys cleans at the school' },
          { subCategory: 'rent', amountPence: 9000, frequency: 'weekly' },
        ],
        debts: [{ creditor: 'Greystoke family loan', priority: false, balancePence: 50000, note: 'Owed to her brother Emrys' }],
        explanations: { care_health: 'Gwladys has coeliac disease' },
        notes: 'Gwladys cried on the phone about Emrys',
      },
      today: '2026-05-01',
      actor: cliActor,
    })
    // A recovery action with the notes an officer types, and one (a notice) with the legal step's records.
    await ctx.db.query(
      `insert into recovery_actions (account_id, action_type, taken_on, outcome, notes, proportionality_note, equality_note, actor)
       values ($1, 'call', '2026-06-01', 'Spoke to Gwladys: pays Friday', 'Gwladys says Emrys is in hospital', null, null, 'cli'),
              ($1, 'notice', '2026-07-01', 'NOSP served on Gwladys', null, 'Gwladys offered nothing', 'Gwladys has a disability: considered', 'cli')`,
      [t.accountId],
    )
    const referralId = await makeReferral(ctx.db, {
      partyId: party,
      accountId: t.accountId,
      service: 'other',
      serviceDetail: 'Greystoke Bereavement Group',
      reason: 'Gwladys lost her husband',
      referredOn: '2026-06-02',
      today: '2026-06-02',
      actor: cliActor,
    })
    await recordReferralOutcome(ctx.db, { referralId, outcome: 'engaged', outcomeOn: '2026-06-20', note: 'Gwladys goes weekly', actor: cliActor })
    // A letter (PDF, text, merge data) and a text message.
    const [tpl] = await ctx.db.query<{ id: number }>(
      `insert into document_templates (template_key, language, version, channel, title, body, status, origin, saved_by)
       values ('retention-test-${ctx.kind}', 'en', 1, 'letter', 'Arrears letter', 'Dear {{ person.name }}', 'draft', 'edited', 'cli') returning id`,
    )
    const letterPdf = Buffer.from('%PDF-1.7\n% Dear Gwladys Greystoke, 1 Acacia Avenue\n%%EOF\n', 'latin1')
    const [doc] = await ctx.db.query<{ id: number }>(
      `insert into generated_documents (account_id, template_id, template_key, template_version, language, title, merge_data, body_text, pdf, sha256, page_count, produced_on, generated_by)
       values ($1, $2, 'retention-test', 1, 'en', 'Arrears letter', $3::jsonb, 'Dear Gwladys Greystoke', $4, repeat('a', 64), 2, '2026-06-03', 'cli') returning id`,
      [t.accountId, tpl!.id, JSON.stringify({ person: { name: 'Gwladys Greystoke' }, account: { number: 'x' } }), letterPdf],
    )
    await ctx.db.query(
      `insert into messages (account_id, party_id, channel, template_id, template_key, template_version, language, purpose, recipient, body, merge_data, idempotency_key, status, created_by)
       values ($1, $2, 'sms', $3, 'retention-test', 1, 'en', 'arrears_reminder', '07700900555', 'Gwladys, your rent is late', $4::jsonb, $5, 'delivered', 'cli')`,
      [t.accountId, party, tpl!.id, JSON.stringify({ person: { name: 'Gwladys Greystoke' } }), `retention-test:${ctx.kind}:${party}`],
    )
    // Earlier audit events naming personal details (as a change of contact details or a matched payer would).
    await recordAuditEvent(ctx.db, cliActor, { action: 'party.contact_changed', entityType: 'party', entityId: party, before: { email: 'gwladys@example.com', phone: '07700900555' }, after: { email: 'gwladys@example.org', preferredChannel: 'email' } })
    await recordAuditEvent(ctx.db, cliActor, { action: 'payment.matched', entityType: 'account', entityId: t.accountId, after: { payerName: 'G GREYSTOKE', amountPence: 1234, names: ['Gwladys Greystoke'] } })
    await recordAuditEvent(ctx.db, cliActor, { action: 'dd_mandate.created', entityType: 'dd_mandate_request', entityId: 'x', after: { accountId: t.accountId, sortCode: '404784', accountName: 'GWLADYS GREYSTOKE', amountPence: 500 } })
    await ctx.db.query(`update accounts set status = 'closed', closed_on = '2026-10-31' where id = $1`, [t.accountId])
    const ledgerBefore = await ledgerTotals()
    const [ieBefore] = await ctx.db.query<{ disposable_income_pence: number; household: unknown; assessment: { disposableIncomePence: number } }>(
      'select disposable_income_pence, household, assessment from income_expenditure_statements where id = $1',
      [ie.id],
    )

    // Tuesday 4 January 2033: six years back is 4 January 2027, after the account closed on 31 October 2026.
    expect((await runAnonymise(ctx.db, { date: '2033-01-04' })).anonymised).toBeGreaterThanOrEqual(1)

    // No trace of her anywhere the job covers.
    const traces = await ctx.db.query<{ what: string }>(
      `select 'statement' as what from income_expenditure_statements where (lines::text || statement::text || assessment::text) ~* 'gwladys|emrys|greystoke|coeliac'
       union all select 'action' from recovery_actions where concat_ws(' ', outcome, notes, proportionality_note, equality_note) ~* 'gwladys|emrys|disability'
       union all select 'referral' from referrals where concat_ws(' ', reason, service_detail, outcome_note) ~* 'gwladys|greystoke'
       union all select 'document' from generated_documents where (merge_data::text || body_text || encode(pdf, 'escape')) ~* 'gwladys|greystoke|acacia'
       union all select 'message' from messages where concat_ws(' ', recipient, subject, body, merge_data::text) ~* 'gwladys|greystoke|07700900555'
       union all select 'audit' from audit_events where concat_ws(' ', before::text, after::text) ~* 'gwladys|greystoke|07700900555|404784'`,
    )
    expect(traces).toEqual([])

    // Statements: free text replaced, figures and shape kept (it still validates as a statement).
    const [ieAfter] = await ctx.db.query<{ statement: Record<string, unknown>; lines: unknown; disposable_income_pence: number; household: unknown; assessment: { disposableIncomePence: number } }>(
      'select statement, lines, disposable_income_pence, household, assessment from income_expenditure_statements where id = $1',
      [ie.id],
    )
    expect(ieAfter!.statement).toMatchObject({ notes: REDACTED, explanations: { care_health: REDACTED }, debts: [{ creditor: REDACTED, note: REDACTED, balancePence: 50000 }] })
    expect(ieAfter!.lines).toEqual([
      { subCategory: 'client_salary_wages', amountPence: 150000, frequency: 'monthly', note: REDACTED },
      { subCategory: 'rent', amountPence: 9000, frequency: 'weekly' },
    ])
    expect(validateStatement(ieAfter!.statement).ok).toBe(true)
    expect([ieAfter!.disposable_income_pence, ieAfter!.household, ieAfter!.assessment.disposableIncomePence]).toEqual([ieBefore!.disposable_income_pence, ieBefore!.household, ieBefore!.assessment.disposableIncomePence])

    const actions = await ctx.db.query('select action_type, outcome, notes, proportionality_note, equality_note from recovery_actions where account_id = $1 order by id', [t.accountId])
    expect(actions).toEqual([
      { action_type: 'call', outcome: ANONYMISED_TEXT, notes: ANONYMISED_TEXT, proportionality_note: null, equality_note: null },
      { action_type: 'notice', outcome: ANONYMISED_TEXT, notes: null, proportionality_note: ANONYMISED_TEXT, equality_note: ANONYMISED_TEXT },
    ])
    const [referral] = await ctx.db.query('select service, reason, service_detail, outcome, outcome_on, outcome_note from referrals where id = $1', [referralId])
    expect(referral).toEqual({ service: 'other', reason: ANONYMISED_TEXT, service_detail: ANONYMISED_TEXT, outcome: 'engaged', outcome_on: '2026-06-20', outcome_note: ANONYMISED_TEXT })

    // The letter: a placeholder PDF and text; its record (hash, pages, template, date) kept.
    const [letter] = await ctx.db.query<{ pdf: Uint8Array; body_text: string; merge_data: unknown; sha256: string; page_count: number; template_key: string; produced_on: string }>(
      'select pdf, body_text, merge_data, sha256, page_count, template_key, produced_on from generated_documents where id = $1',
      [doc!.id],
    )
    expect(Buffer.from(letter!.pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(Buffer.from(letter!.pdf).equals(letterPdf)).toBe(false)
    expect(letter).toMatchObject({ body_text: ANONYMISED_TEXT, merge_data: ANONYMISED_MERGE_DATA, sha256: 'a'.repeat(64), page_count: 2, template_key: 'retention-test', produced_on: '2026-06-03' })
    const [message] = await ctx.db.query('select recipient, body, status, channel from messages where account_id = $1', [t.accountId])
    expect(message).toEqual({ recipient: ANONYMISED, body: ANONYMISED_TEXT, status: 'delivered', channel: 'sms' })

    // Audit events: personal fields redacted by key, the rest (actions, amounts, ids) kept.
    const [contactChange] = await ctx.db.query<{ before: unknown; after: unknown }>(`select before, after from audit_events where action = 'party.contact_changed' and entity_id = $1`, [String(party)])
    expect(contactChange).toEqual({ before: { email: REDACTED, phone: REDACTED }, after: { email: REDACTED, preferredChannel: 'email' } })
    const [matched] = await ctx.db.query<{ after: unknown }>(`select after from audit_events where action = 'payment.matched' and entity_id = $1`, [String(t.accountId)])
    expect(matched!.after).toEqual({ payerName: REDACTED, amountPence: 1234, names: [REDACTED] })
    const [mandate] = await ctx.db.query<{ after: unknown }>(`select after from audit_events where action = 'dd_mandate.created' and after->>'accountId' = $1`, [String(t.accountId)])
    expect(mandate!.after).toEqual({ accountId: t.accountId, sortCode: REDACTED, accountName: REDACTED, amountPence: 500 })

    expect(await ledgerTotals()).toEqual(ledgerBefore)
  })

  it('lets the job change only the named columns of statements, actions, referrals, letters and audit events; everything else is still refused', async () => {
    // On the rows the test above made (tests in a file run in order): an update of no rows would fire no trigger.
    for (const table of ['generated_documents', 'recovery_actions', 'income_expenditure_statements', 'referrals']) {
      expect((await ctx.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n, table).toBeGreaterThan(0)
    }
    const asJob = (sql: string) =>
      ctx.db.transaction(async (tx) => {
        await tx.query(`select set_config('reeve.anonymising', 'on', true)`)
        await tx.query(sql)
      })
    for (const sql of [
      `update audit_events set action = 'edited' where id = (select max(id) from audit_events)`,
      `update audit_events set after = '{}' , reason = 'edited' where id = (select max(id) from audit_events)`,
      `delete from audit_events where id = (select max(id) from audit_events)`,
      `update generated_documents set sha256 = repeat('b', 64)`,
      `update recovery_actions set taken_on = '2000-01-01'`,
      `update income_expenditure_statements set disposable_income_pence = 0`,
      `update referrals set service = 'dwp'`,
    ]) {
      await expect(asJob(sql), sql).rejects.toThrow(/append-only|already recorded/)
    }
    // Without the job's setting, not even the named columns.
    await expect(ctx.db.query(`update audit_events set after = '{}' where id = (select max(id) from audit_events)`)).rejects.toThrow(/append-only/)
    await expect(ctx.db.query(`update generated_documents set body_text = 'x'`)).rejects.toThrow(/append-only/)
    await expect(ctx.db.query(`update referrals set reason = 'x'`)).rejects.toThrow(/already recorded/)
    await expect(ctx.db.query(`update recovery_actions set notes = 'x' where notes is not null`)).rejects.toThrow(/append-only/)
  })
})
