import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { isAppError } from '../src/errors.ts'
import { cliActor } from '../src/services/actor.ts'
import { councilTaxStages } from '../src/services/council-tax/council-tax-stages.ts'
import { importCouncilTax } from '../src/services/council-tax/import-council-tax.ts'
import { getPersonDebt } from '../src/services/one-view/person-debt.ts'
import { describeEachDb } from './databases.ts'
import { balanceOf, controlAccountId, makeParty } from './fixtures.ts'

const GOOD = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus/council-tax/good-council-tax.csv'))
const TODAY = '2026-11-22'
const H = 'account_ref,title,forename,surname,organisation,party_ref,property_address,balance,balance_date,stage,stage_date'

async function accountFor(db: Parameters<typeof balanceOf>[0], ref: string) {
  const [a] = await db.query<{ account_id: number; account_number: string; account_type: string; parties: string[] }>(
    `select c.account_id, a.account_number, a.account_type,
       array(select coalesce(p.organisation_name, concat_ws(' ', p.title, p.forename, p.surname)) from account_parties ap join parties p on p.id = ap.party_id where ap.account_id = a.id) as parties
     from council_tax_accounts c join accounts a on a.id = c.account_id where c.ct_account_ref = $1`,
    [ref],
  )
  return a!
}

describeEachDb('council tax import', (ctx) => {
  it('creates council tax accounts and people, posts the balances against the control account and records the stages', async () => {
    const s = await importCouncilTax(ctx.db, { text: GOOD, fileName: 'ctax-2026-11-20.csv', today: TODAY, actor: cliActor })
    expect(s).toMatchObject({ rows: 4, accountsCreated: 4, partiesCreated: 4, stageChanges: 4, balanceMovementPence: 41250 + 120400 - 1200 })
    const ann = await accountFor(ctx.db, 'CT00012345')
    expect(ann).toMatchObject({ account_type: 'council_tax', parties: ['Mrs Ann Example'] })
    expect(ann.account_number).toMatch(/^CTX\d{7}$/)
    expect(await balanceOf(ctx.db, ann.account_id)).toBe(41250)
    expect((await accountFor(ctx.db, 'CT00012347')).parties).toEqual(['Reevesby Lettings Ltd'])
    expect(await balanceOf(ctx.db, (await accountFor(ctx.db, 'CT00012347')).account_id)).toBe(-1200)
    expect(await balanceOf(ctx.db, await controlAccountId(ctx.db, 'GL-CTAX-EXTERNAL'))).toBe(-(41250 + 120400 - 1200))
    const [txn] = await ctx.db.query<{ txn_type: string; effective_date: string; source: string }>('select txn_type, effective_date, source from ledger_transactions where id = $1', [s.transactionIds[0]])
    expect(txn).toEqual({ txn_type: 'opening_balance', effective_date: '2026-11-20', source: 'file' })
    const stages = await councilTaxStages(ctx.db, [ann.account_id, (await accountFor(ctx.db, 'CT00012346')).account_id])
    expect(stages.get(ann.account_id)).toMatchObject({ ctAccountRef: 'CT00012345', stage: 'final_notice', stageLabel: 'Final notice', stageDate: '2026-10-30' })
    expect([...stages.values()].map((v) => v.stage).sort()).toEqual(['final_notice', 'liability_order'])
  })

  it('refuses the same file a second time, changing nothing', async () => {
    const before = await ctx.db.query<{ n: number }>('select count(*)::int as n from postings')
    await expect(importCouncilTax(ctx.db, { text: GOOD, fileName: 'renamed.csv', today: TODAY, actor: cliActor })).rejects.toThrow(/already imported/)
    expect(await ctx.db.query('select count(*)::int as n from postings')).toEqual(before)
  })

  it('updates known accounts: adjusts the ledger to the new balance and appends a changed stage to the history', async () => {
    const text = [H, 'CT00012345,Mrs,Ann,Example,,,"4 Mill Lane, Reevesby RV2 3CD",512.50,2026-12-04,summons,2026-12-01', 'CT00012348,Ms,Cat,Person,,,"22 Oak Road, Reevesby RV3 1QQ",0.00,2026-12-04,enforcement_agent,2026-11-02'].join('\n')
    const s = await importCouncilTax(ctx.db, { text, fileName: 'ctax-2026-12-04.csv', today: '2026-12-05', actor: cliActor })
    expect(s).toMatchObject({ accountsCreated: 0, partiesCreated: 0, stageChanges: 1, balanceMovementPence: 10000 })
    const ann = await accountFor(ctx.db, 'CT00012345')
    expect(await balanceOf(ctx.db, ann.account_id)).toBe(51250)
    const [txn] = await ctx.db.query<{ txn_type: string; effective_date: string }>('select txn_type, effective_date from ledger_transactions where id = $1', [s.transactionIds[0]])
    expect(txn).toEqual({ txn_type: 'adjustment', effective_date: '2026-12-04' })
    const view = (await councilTaxStages(ctx.db, [ann.account_id])).get(ann.account_id)!
    expect(view.stage).toBe('summons')
    expect(view.history.map((h) => [h.stage, h.stageDate])).toEqual([['final_notice', '2026-10-30'], ['summons', '2026-12-01']])
    // The one view of debt shows the council tax account with its statutory stage beside the person's other debts.
    const [{ party_ref }] = (await ctx.db.query<{ party_ref: string }>(
      'select p.party_ref from account_parties ap join parties p on p.id = ap.party_id where ap.account_id = $1',
      [ann.account_id],
    )) as [{ party_ref: string }]
    const debt = await getPersonDebt(ctx.db, party_ref, { today: '2026-12-05', role: 'team_leader', actor: cliActor })
    expect(debt!.accounts.find((a) => a.accountId === ann.account_id)).toMatchObject({ accountType: 'council_tax', balancePence: 51250, stage: 'Summons', pathway: null })
  })

  it('links a new account to a person Reeve knows by party_ref, and refuses the whole file for one it does not know', async () => {
    const partyId = await makeParty(ctx.db, 'Known')
    const [p] = await ctx.db.query<{ party_ref: string }>('select party_ref from parties where id = $1', [partyId])
    const text = [H, `CT77000001,,,,,${p!.party_ref},"1 Known Road",25.00,2026-11-20,reminder,2026-11-10`, 'CT77000002,,,,,NOBODY-1,"2 Known Road",25.00,2026-11-20,reminder,2026-11-10'].join('\n')
    const err = await importCouncilTax(ctx.db, { text, fileName: 'x.csv', today: TODAY, actor: cliActor }).catch((e: unknown) => e)
    expect(isAppError(err) && err.details).toEqual([{ line: 3, field: 'party_ref', message: expect.stringContaining('No person NOBODY-1') }])
    const [none] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from council_tax_accounts where ct_account_ref like 'CT77%'`)
    expect(none!.n).toBe(0)
    const ok = await importCouncilTax(ctx.db, { text: text.split('\n').slice(0, 2).join('\n'), fileName: 'y.csv', today: TODAY, actor: cliActor })
    expect(ok).toMatchObject({ accountsCreated: 1, partiesCreated: 0 })
    const [link] = await ctx.db.query<{ party_id: number }>('select ap.party_id from account_parties ap join council_tax_accounts c on c.account_id = ap.account_id where c.ct_account_ref = $1', ['CT77000001'])
    expect(link!.party_id).toBe(partyId)
  })

  it('refuses a bad file whole, naming each bad line and column', async () => {
    const text = [H, 'CT88000001,Mr,A,Good,,,"1 Road",1.00,2026-11-20,reminder,2026-11-10', 'CT88000002,Mr,B,Bad,,,"2 Road",lots,2026-11-20,reminder,2026-11-10', 'CT88000003,Mr,C,Bad,,,"3 Road",1.00,2026-11-20,bailiff,2026-11-10'].join('\n')
    const err = await importCouncilTax(ctx.db, { text, fileName: 'bad.csv', today: TODAY, actor: cliActor }).catch((e: unknown) => e)
    expect(isAppError(err) && err.details.map((d) => [d.line, d.field])).toEqual([[3, 'balance'], [4, 'stage']])
    const [none] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from council_tax_accounts where ct_account_ref like 'CT88%'`)
    expect(none!.n).toBe(0)
  })
})
