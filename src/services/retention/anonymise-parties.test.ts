import { expect, it } from 'vitest'
import { describeEachDb } from '../../../test/databases.ts'
import { makeTenancy } from '../../../test/fixtures.ts'
import { runAnonymise } from '../../jobs/anonymise.ts'
import { cliActor } from '../actor.ts'
import { addNote } from '../contacts/add-note.ts'
import { recordContact } from '../contacts/record-contact.ts'
import { importPaymentFile } from '../payments/import-payment-file.ts'
import { ANONYMISED, ANONYMISED_TEXT } from './anonymise-parties.ts'

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
})
