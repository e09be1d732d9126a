import { beforeAll, expect, it } from 'vitest'
import { describeEachDb } from '../../../test/databases.ts'
import { makeTenancy, type TenancyFixture } from '../../../test/fixtures.ts'
import { cliActor } from '../actor.ts'
import { addNote } from './add-note.ts'
import { recordContact, type RecordContactOptions } from './record-contact.ts'

// Sunday 22 November 2026, midday (GMT).
const NOW = new Date('2026-11-22T12:00:00Z')

describeEachDb('recordContact and addNote', (ctx) => {
  let joint: TenancyFixture
  let other: TenancyFixture
  const contact = (overrides: Partial<RecordContactOptions> = {}): RecordContactOptions => ({
    accountId: joint.accountId,
    partyId: joint.partyIds[1]!,
    direction: 'out',
    channel: 'visit',
    contactedAt: new Date('2026-11-20T10:30:00Z'),
    outcome: 'spoke_to_tenant',
    summary: '  Agreed to call back on Monday.  ',
    actor: { userId: null, label: 'user:tester' },
    now: NOW,
    ...overrides,
  })

  beforeAll(async () => {
    joint = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [{ chargeType: 'rent', weeklyPence: 9000 }], joint: true })
    other = await makeTenancy(ctx.db, { startDate: '2026-04-06', charges: [{ chargeType: 'rent', weeklyPence: 9000 }] })
  })

  it('records a contact with a joint tenant, trimmed, with its audit event', async () => {
    const { id } = await recordContact(ctx.db, contact())
    const [row] = await ctx.db.query<Record<string, unknown>>('select * from contacts where id = $1', [id])
    expect(row).toMatchObject({
      account_id: joint.accountId,
      party_id: joint.partyIds[1],
      direction: 'out',
      channel: 'visit',
      outcome: 'spoke_to_tenant',
      summary: 'Agreed to call back on Monday.',
      recorded_by: 'user:tester',
    })
    expect(new Date(row!.contacted_at as string).toISOString()).toBe('2026-11-20T10:30:00.000Z')
    const [audit] = await ctx.db.query<{ action: string; entity_type: string; entity_id: string; after: Record<string, unknown> }>(
      `select action, entity_type, entity_id, after from audit_events where action = 'contact.recorded' and entity_id = $1`,
      [String(joint.accountId)],
    )
    expect(audit).toMatchObject({ entity_type: 'account', after: { contactId: id, channel: 'visit', outcome: 'spoke_to_tenant' } })
    // The summary stays in the contact, not in the audit trail.
    expect(JSON.stringify(audit!.after)).not.toContain('Monday')
  })

  it('records a contact with someone other than the account holders', async () => {
    const { id } = await recordContact(ctx.db, contact({ partyId: null, direction: 'in', channel: 'phone', outcome: 'other' }))
    const [row] = await ctx.db.query<{ party_id: number | null }>('select party_id from contacts where id = $1', [id])
    expect(row!.party_id).toBeNull()
  })

  it.each([
    ['a contact in the future', { contactedAt: new Date('2026-11-22T12:01:00Z') }, 'contactedAt'],
    ['an empty summary', { summary: '   ' }, 'summary'],
    ['a summary over 2,000 characters', { summary: 'x'.repeat(2001) }, 'summary'],
    ['an unknown channel', { channel: 'pigeon' as never }, 'channel'],
    ['an unknown outcome', { outcome: 'maybe' as never }, 'outcome'],
    ['someone who is not an account holder', { partyId: -1 }, 'partyId'],
  ])('refuses %s, naming the field', async (_name, overrides, field) => {
    const refused = recordContact(ctx.db, contact(overrides))
    await expect(refused).rejects.toMatchObject({ code: 'validation', details: [expect.objectContaining({ field })] })
  })

  it('refuses a holder of another account, and the database refuses it too', async () => {
    await expect(recordContact(ctx.db, contact({ partyId: other.partyIds[0]! }))).rejects.toMatchObject({ code: 'validation' })
    await expect(
      ctx.db.query(
        `insert into contacts (account_id, party_id, direction, channel, contacted_at, outcome, summary, recorded_by)
         values ($1, $2, 'out', 'phone', now(), 'no_answer', 'x', 'cli')`,
        [joint.accountId, other.partyIds[0]],
      ),
    ).rejects.toThrow(/foreign key/)
  })

  it('refuses a general ledger account as not found', async () => {
    const [suspense] = await ctx.db.query<{ id: number }>(`select id from accounts where account_number = 'GL-SUSPENSE'`)
    await expect(recordContact(ctx.db, contact({ accountId: suspense!.id, partyId: null }))).rejects.toMatchObject({ code: 'not_found' })
    await expect(addNote(ctx.db, { accountId: suspense!.id, text: 'x', actor: cliActor })).rejects.toMatchObject({ code: 'not_found' })
  })

  it('adds a note with its audit event, and refuses an empty or overlong one', async () => {
    const { id } = await addNote(ctx.db, { accountId: joint.accountId, text: '\nTenant is in hospital until December.\n', actor: cliActor })
    const [row] = await ctx.db.query<{ text: string; recorded_by: string }>('select text, recorded_by from notes where id = $1', [id])
    expect(row).toEqual({ text: 'Tenant is in hospital until December.', recorded_by: 'cli' })
    const audits = await ctx.db.query(`select 1 from audit_events where action = 'note.added' and after ->> 'noteId' = $1`, [String(id)])
    expect(audits).toHaveLength(1)
    await expect(addNote(ctx.db, { accountId: joint.accountId, text: ' ', actor: cliActor })).rejects.toMatchObject({ details: [{ field: 'text' }] })
    await expect(addNote(ctx.db, { accountId: joint.accountId, text: 'x'.repeat(4001), actor: cliActor })).rejects.toMatchObject({ code: 'validation' })
  })

  it('keeps contacts and notes as recorded: no update, delete or truncate', async () => {
    for (const sql of [
      `update contacts set summary = 'changed'`,
      'delete from contacts',
      'truncate contacts',
      `update notes set text = 'changed'`,
      'delete from notes',
      'truncate notes',
    ]) {
      await expect(ctx.db.exec(sql), sql).rejects.toThrow(/append-only/)
    }
  })
})
