import { beforeAll, expect, it } from 'vitest'
import type { CustomerAccountType } from '../src/domain/accounts/payment-reference.ts'
import { openCustomerAccount } from '../src/services/accounts/open-customer-account.ts'
import { cliActor, type Actor } from '../src/services/actor.ts'
import { postTransaction } from '../src/services/ledger/post-transaction.ts'
import { recordPayment } from '../src/services/payments/record-payment.ts'
import { requestRefund } from '../src/services/payments/refunds.ts'
import { createUser, type Role } from '../src/services/users/create-user.ts'
import { decideWriteOffCase, decideWriteOffList } from '../src/services/write-off/decide-write-off.ts'
import { getWriteOffCase, getWriteOffList } from '../src/services/write-off/get-write-offs.ts'
import { postWriteOff, postWriteOffList } from '../src/services/write-off/post-write-off.ts'
import { prepareWriteOffList } from '../src/services/write-off/prepare-write-off-list.ts'
import { prepareWriteOff, type PrepareWriteOffOptions } from '../src/services/write-off/prepare-write-off.ts'
import { withdrawWriteOff } from '../src/services/write-off/withdraw-write-off.ts'
import { writeOffReport, writeOffReportCsv, writeOffReportRows } from '../src/services/write-off/write-off-report.ts'
import { listWriteOnCandidates, writeOn } from '../src/services/write-off/write-on.ts'
import { describeEachDb } from './databases.ts'
import { balanceOf, controlAccountId, makeParty } from './fixtures.ts'

// Sunday 22 November 2026 is "today" unless a test says otherwise; dated-limit tests use 2030, with their own
// policy rows, so they cannot change what the other tests see.
const TODAY = '2026-11-22'
let seq = 0

describeEachDb('write-off and write-on', (ctx) => {
  const users: Record<string, Actor & { username: string }> = {}

  async function user(name: string, role: Role) {
    const username = `wo${process.pid}${name}${++seq}`.toLowerCase().slice(0, 40)
    const id = await createUser(ctx.db, { username, displayName: name, role, password: 'a long test password', actor: cliActor })
    users[name] = { userId: id, label: `user:${username}`, username }
  }

  /** A customer account owing `pence` from a charge on `chargeOn`, optionally a payment, optionally closed. */
  async function debt(opts: { pence: number; chargeOn?: string; type?: CustomerAccountType; paid?: { on: string; pence: number }; closed?: boolean }) {
    const party = await makeParty(ctx.db, 'Debtor')
    const a = await openCustomerAccount(ctx.db, { type: opts.type ?? 'former_tenant', name: 'Former tenancy', partyIds: [party], openedOn: '2017-01-02', actor: cliActor })
    const income = await controlAccountId(ctx.db, 'GL-INCOME-RENT')
    const chargeOn = opts.chargeOn ?? '2026-10-05'
    await postTransaction(ctx.db, {
      type: 'charge',
      idempotencyKey: `wo-test-charge:${a.id}`,
      effectiveDate: chargeOn,
      postingDate: chargeOn,
      source: 'batch',
      actor: cliActor,
      description: 'Charge',
      legs: [
        { accountId: a.id, amountPence: opts.pence + (opts.paid?.pence ?? 0), postingType: 'rent', periodStart: chargeOn },
        { accountId: income, amountPence: -(opts.pence + (opts.paid?.pence ?? 0)), postingType: 'rent' },
      ],
    })
    if (opts.paid) await pay(a.id, opts.paid.pence, opts.paid.on)
    if (opts.closed) await ctx.db.query(`update accounts set status = 'closed', closed_on = $2 where id = $1`, [a.id, chargeOn])
    return a
  }

  async function pay(accountId: number, pence: number, on: string) {
    await ctx.db.transaction((tx) =>
      recordPayment(tx, { accountId, method: 'bank_transfer', amountPence: pence, receivedOn: on, postingDate: on, idempotencyKey: `wo-test-pay:${accountId}:${++seq}`, source: 'user', actor: cliActor }),
    )
  }

  const prepare = (accountNumber: string, actor: Actor, extra: Partial<PrepareWriteOffOptions> = {}) =>
    prepareWriteOff(ctx.db, {
      accountNumber,
      amountPence: null,
      reason: 'gone_away_untraceable',
      insolvencyKind: null,
      reasonText: null,
      evidenceNote: 'Tracing agent report 2026-10: no trace; DCA returned the debt after 3 months',
      today: TODAY,
      actor,
      ...extra,
    })

  const writeOffGl = () => controlAccountId(ctx.db, 'GL-WRITE-OFF')

  beforeAll(async () => {
    await user('officer', 'income_officer')
    await user('recovery', 'debt_recovery_officer')
    await user('leader', 'team_leader')
    await user('leader2', 'team_leader')
    await user('finance', 'finance')
    await user('senior', 'finance')
    await user('auditor', 'auditor')
    await ctx.db.query(
      `insert into policy_values (key, effective_from, value, source) values
         ('write_off.approval_limits', '2030-01-01', '{"roles": {"team_leader": {"casePence": 50000, "listTotalPence": 100000}, "finance": {"casePence": 1000000, "listTotalPence": 5000000}}, "named": []}', 'test: 2030 scheme'),
         ('write_off.approval_limits', '2030-04-01', '{"roles": {"team_leader": {"casePence": 10000, "listTotalPence": 6000}, "finance": {"casePence": 1000000, "listTotalPence": 5000000}}, "named": []}', 'test: April 2030 scheme')`,
    )
  }, 60_000)

  it('prepares a case for the whole balance or part of it, and refuses what does not add up', async () => {
    const a = await debt({ pence: 30_000 })
    const part = await prepare(a.accountNumber, users.recovery!, { amountPence: 10_000 })
    expect(part.amountPence).toBe(10_000)
    const { writeOffCase } = await getWriteOffCase(ctx.db, part.caseId)
    expect(writeOffCase).toMatchObject({ status: 'prepared', wholeBalance: false, balanceWhenPreparedPence: 30_000, preparedBy: users.recovery!.label })
    await expect(prepare(a.accountNumber, users.officer!)).rejects.toThrow(/already open/)
    await withdrawWriteOff(ctx.db, { caseId: part.caseId, reason: 'Prepared for the wrong amount', actor: users.recovery! })
    await expect(prepare(a.accountNumber, users.officer!, { amountPence: 30_001 })).rejects.toThrow(/more than the balance of £300.00/)
    const whole = await prepare(a.accountNumber, users.officer!)
    expect((await getWriteOffCase(ctx.db, whole.caseId)).writeOffCase).toMatchObject({ amountPence: 30_000, wholeBalance: true })

    const clear = await debt({ pence: 5_000 })
    await pay(clear.id, 5_000, '2026-10-12')
    await expect(prepare(clear.accountNumber, users.officer!)).rejects.toThrow(/owes nothing to write off/)
    const b = await debt({ pence: 5_000 })
    await expect(prepare(b.accountNumber, users.officer!, { reason: 'other' })).rejects.toThrow(/Enter the reason for the write-off/)
    await expect(prepare(b.accountNumber, users.officer!, { reason: 'insolvency' })).rejects.toThrow(/Select the kind of insolvency/)
    await expect(prepare(b.accountNumber, users.officer!, { evidenceNote: '  ' })).rejects.toThrow(/Enter the evidence/)
    await expect(prepare(b.accountNumber, cliActor)).rejects.toThrow(/Only a named user can prepare write-offs/)
    await expect(prepare(b.accountNumber, users.auditor!)).rejects.toThrow(/Only income officer or debt recovery officer or team leader or finance users/)
    const dro = await prepare(b.accountNumber, users.officer!, { reason: 'insolvency', insolvencyKind: 'dro' })
    expect((await getWriteOffCase(ctx.db, dro.caseId)).writeOffCase).toMatchObject({ reason: 'insolvency', insolvencyKind: 'dro' })
  })

  it('accepts statute-barred only six years after the last payment or charge', async () => {
    const recent = await debt({ pence: 4_000, chargeOn: '2018-06-04', paid: { on: '2021-02-01', pence: 1_000 } })
    await expect(prepare(recent.accountNumber, users.recovery!, { reason: 'statute_barred' })).rejects.toThrow(
      /Not statute-barred: the last payment, acknowledgement or charge was on 2021-02-01, so the debt is barred only from 2027-02-02/,
    )
    const old = await debt({ pence: 4_000, chargeOn: '2018-06-04', paid: { on: '2019-02-01', pence: 1_000 } })
    const ok = await prepare(old.accountNumber, users.recovery!, { reason: 'statute_barred' })
    expect(ok.amountPence).toBe(4_000)
  })

  it('treats a payment after the bar as not reviving the debt (s29(7)), as debt recovery does', async () => {
    // Charged Monday 4 June 2018: barred from 5 June 2024. £10 paid on 1 July 2025 comes after the bar.
    const late = await debt({ pence: 4_000, chargeOn: '2018-06-04', paid: { on: '2025-07-01', pence: 1_000 } })
    const ok = await prepare(late.accountNumber, users.recovery!, { reason: 'statute_barred' })
    expect(ok.amountPence).toBe(4_000)
    const { loadDebtFacts } = await import('../src/services/debt-recovery/debt-facts.ts')
    const seen = (await loadDebtFacts(ctx.db, late.id, TODAY)).limitation
    expect(seen).toMatchObject({ statuteBarred: true, barredFrom: '2024-06-05' })
    expect(seen.text).toContain('does not revive it (s29(7))')
  })

  it('lets only roles with a limit approve, each up to its limit; nobody approves their own case', async () => {
    const small = await debt({ pence: 100_000 }) // exactly the team leader's £1,000
    const over = await debt({ pence: 100_001 })
    const big = await debt({ pence: 2_000_000 }) // £20,000: over finance's £10,000
    const cSmall = await prepare(small.accountNumber, users.leader!)
    const cOver = await prepare(over.accountNumber, users.officer!)
    const cBig = await prepare(big.accountNumber, users.officer!)
    const decide = (caseId: number, actor: Actor, today = TODAY) => decideWriteOffCase(ctx.db, { caseId, approve: true, today, actor })

    await expect(decide(cSmall.caseId, users.leader!)).rejects.toThrow(/cannot approve or reject a write-off you prepared/)
    await expect(decide(cSmall.caseId, users.officer!)).rejects.toThrow(/income officer may prepare write-offs but not approve them/)
    await expect(decide(cSmall.caseId, users.recovery!)).rejects.toThrow(/debt recovery officer may prepare write-offs but not approve them/)
    await expect(decide(cSmall.caseId, users.auditor!)).rejects.toThrow(/auditor may prepare write-offs but not approve them/)
    await expect(decide(cSmall.caseId, cliActor)).rejects.toThrow(/Only a named user/)
    expect((await decide(cSmall.caseId, users.leader2!)).status).toBe('approved')

    await expect(decide(cOver.caseId, users.leader!)).rejects.toThrow(/£1,000.01 is over your limit of £1,000.00 a case/)
    expect((await decide(cOver.caseId, users.finance!)).status).toBe('approved')

    await expect(decide(cBig.caseId, users.finance!)).rejects.toThrow(/over your limit of £10,000.00/)
    // The council names its s151 officer in a new dated row; from that day the senior officer may approve.
    await ctx.db.query(
      `insert into policy_values (key, effective_from, value, source) values ('write_off.approval_limits', '2026-11-20', $1, 'test: s151 officer named')`,
      [
        JSON.stringify({
          roles: { team_leader: { casePence: 100_000, listTotalPence: 500_000 }, finance: { casePence: 1_000_000, listTotalPence: 5_000_000 } },
          named: [{ username: users.senior!.username, title: 'Section 151 officer', casePence: null, listTotalPence: null }],
        }),
      ],
    )
    await expect(decide(cBig.caseId, users.senior!, '2026-11-19')).rejects.toThrow(/over your limit of £10,000.00/)
    const ok = await decide(cBig.caseId, users.senior!)
    const [approval] = await ctx.db.query<{ authority: string; limit_case_pence: number | null; policy_effective_from: string; decided_by: string }>(
      'select authority, limit_case_pence, policy_effective_from, decided_by from write_off_approvals where id = $1',
      [ok.approvalId],
    )
    expect(approval).toEqual({ authority: 'named', limit_case_pence: null, policy_effective_from: '2026-11-20', decided_by: users.senior!.label })

    // The database refuses it too, whatever the caller.
    const self = await debt({ pence: 1_000 })
    const cSelf = await prepare(self.accountNumber, users.leader!)
    await expect(
      ctx.db.query(`update write_off_cases set status = 'approved', decided_by = prepared_by, decided_at = now() where id = $1`, [cSelf.caseId]),
    ).rejects.toThrow(/check constraint/)
  })

  it('applies the limits in force on the day of the decision', async () => {
    const a = await debt({ pence: 30_000 })
    const c = await prepare(a.accountNumber, users.officer!)
    await expect(decideWriteOffCase(ctx.db, { caseId: c.caseId, approve: true, today: '2030-04-01', actor: users.leader! })).rejects.toThrow(/over your limit of £100.00 a case/)
    const r = await decideWriteOffCase(ctx.db, { caseId: c.caseId, approve: true, today: '2030-03-31', actor: users.leader! })
    expect(r.status).toBe('approved')
  })

  it('records a rejection with its reason; a rejected case is never posted', async () => {
    const a = await debt({ pence: 7_500 })
    const c = await prepare(a.accountNumber, users.officer!)
    await expect(decideWriteOffCase(ctx.db, { caseId: c.caseId, approve: false, reason: ' ', today: TODAY, actor: users.leader! })).rejects.toThrow(/reason for rejecting/)
    await decideWriteOffCase(ctx.db, { caseId: c.caseId, approve: false, reason: 'Trace the forwarding address first', today: TODAY, actor: users.leader! })
    const { writeOffCase, approvals } = await getWriteOffCase(ctx.db, c.caseId)
    expect(writeOffCase.status).toBe('rejected')
    expect(approvals).toMatchObject([{ decision: 'rejected', reason: 'Trace the forwarding address first', decidedBy: users.leader!.label, role: 'team_leader' }])
    await expect(postWriteOff(ctx.db, { caseId: c.caseId, today: TODAY, actor: users.officer! })).rejects.toThrow(/only an approved case can be posted/)
    expect(await balanceOf(ctx.db, a.id)).toBe(7_500)
  })

  it('posts an approved case as one balanced transaction: Cr the customer, Dr GL-WRITE-OFF', async () => {
    const gl = await writeOffGl()
    const a = await debt({ pence: 12_345 })
    const c = await prepare(a.accountNumber, users.recovery!, { amountPence: 10_000, reason: 'uneconomical_to_pursue' })
    await expect(postWriteOff(ctx.db, { caseId: c.caseId, today: TODAY, actor: users.recovery! })).rejects.toThrow(/only an approved case/)
    await decideWriteOffCase(ctx.db, { caseId: c.caseId, approve: true, today: TODAY, actor: users.leader! })
    const glBefore = await balanceOf(ctx.db, gl)
    const { transactionId } = await postWriteOff(ctx.db, { caseId: c.caseId, today: TODAY, actor: users.recovery! })
    expect(await balanceOf(ctx.db, a.id)).toBe(2_345)
    expect(await balanceOf(ctx.db, gl)).toBe(glBefore + 10_000)
    const legs = await ctx.db.query<{ account_id: number; amount_pence: number; txn_type: string }>(
      `select p.account_id, p.amount_pence, t.txn_type from postings p join ledger_transactions t on t.id = p.transaction_id where t.id = $1 order by p.id`,
      [transactionId],
    )
    expect(legs).toEqual([
      { account_id: a.id, amount_pence: -10_000, txn_type: 'write_off' },
      { account_id: gl, amount_pence: 10_000, txn_type: 'write_off' },
    ])
    await expect(postWriteOff(ctx.db, { caseId: c.caseId, today: TODAY, actor: users.recovery! })).rejects.toThrow(/is posted/)
    const audit = await ctx.db.query<{ action: string }>(`select action from audit_events where entity_type = 'write_off_case' and entity_id = $1 order by id`, [String(c.caseId)])
    expect(audit.map((e) => e.action)).toEqual(['write_off.prepared', 'write_off.approved', 'write_off.posted'])
  })

  it('refuses to post more than the account now owes', async () => {
    const a = await debt({ pence: 9_000 })
    const c = await prepare(a.accountNumber, users.officer!)
    await decideWriteOffCase(ctx.db, { caseId: c.caseId, approve: true, today: TODAY, actor: users.leader! })
    await pay(a.id, 2_000, '2026-11-21')
    await expect(postWriteOff(ctx.db, { caseId: c.caseId, today: TODAY, actor: users.officer! })).rejects.toThrow(/now owes £70.00, less than the £90.00 approved/)
    expect(await balanceOf(ctx.db, a.id)).toBe(7_000)
  })

  it('prepares a bulk list by rule, decides it as one within the list limit, and posts it in one step', async () => {
    // Statute-barred former tenant debts under £50 (closed accounts, nothing for over six years)…
    const barred = [
      await debt({ pence: 1_250, chargeOn: '2019-03-04', closed: true }),
      await debt({ pence: 4_999, chargeOn: '2018-01-01', paid: { on: '2019-06-01', pence: 500 }, closed: true }),
      await debt({ pence: 2_000, chargeOn: '2017-05-01', closed: true }),
    ]
    // …and what must be left out: recent payment, over £50, still open, another type.
    // (a payment after a debt is barred does not revive it, s29(7): charged 2018, barred 2024, paid 2025 — still barred)
    const paidLate = await debt({ pence: 1_000, chargeOn: '2018-01-01', paid: { on: '2025-01-10', pence: 100 }, closed: true })
    const recent = await debt({ pence: 1_000, chargeOn: '2020-03-02', paid: { on: '2025-01-10', pence: 100 }, closed: true })
    const large = await debt({ pence: 5_001, chargeOn: '2018-01-01', closed: true })
    const open = await debt({ pence: 1_000, chargeOn: '2018-01-01' })
    const garage = await debt({ pence: 1_000, chargeOn: '2018-01-01', type: 'garage', closed: true })

    const listDate = '2030-02-01' // limits of the 2030 scheme: team leader £500 a case, £1,000 a list
    const list = await prepareWriteOffList(ctx.db, {
      name: 'Statute-barred FTA under £50',
      reason: 'statute_barred',
      insolvencyKind: null,
      reasonText: null,
      evidenceNote: 'No payment or acknowledgement for over six years; limitation checked per account',
      accountTypes: ['former_tenant'],
      maxBalancePence: 5_000,
      today: listDate,
      actor: users.recovery!,
    })
    const { cases } = await getWriteOffList(ctx.db, list.listId)
    const ids = cases.map((c) => c.accountId)
    for (const b of [...barred, paidLate]) expect(ids).toContain(b.id)
    for (const x of [recent, large, open, garage]) expect(ids).not.toContain(x.id)
    expect(cases.every((c) => c.status === 'prepared' && c.wholeBalance)).toBe(true)

    // A case on a list is decided with the list, never alone; the preparer cannot decide the list.
    await expect(decideWriteOffCase(ctx.db, { caseId: cases[0]!.id, approve: true, today: listDate, actor: users.leader! })).rejects.toThrow(/decide the list/)
    await expect(decideWriteOffList(ctx.db, { listId: list.listId, approve: true, today: listDate, actor: users.recovery! })).rejects.toThrow(/you prepared/)

    // Leave only our three barred cases (other tests' accounts may match the rule too), then check the list limit.
    for (const c of cases.filter((c) => !barred.some((b) => b.id === c.accountId))) {
      await withdrawWriteOff(ctx.db, { caseId: c.id, reason: 'Not part of this test', actor: users.recovery! })
    }
    const mine = (await getWriteOffList(ctx.db, list.listId)).list
    expect(mine).toMatchObject({ caseCount: 3, totalPence: 1_250 + 4_999 + 2_000 })
    // From April 2030 a team leader's list limit is £60: £82.49 needs finance.
    await expect(decideWriteOffList(ctx.db, { listId: list.listId, approve: true, today: '2030-04-02', actor: users.leader! })).rejects.toThrow(
      /This list totals £82.49, over your limit of £60.00 for a list/,
    )
    const decided = await decideWriteOffList(ctx.db, { listId: list.listId, approve: true, today: listDate, actor: users.leader! })
    expect(decided).toMatchObject({ status: 'approved', caseCount: 3, totalPence: 8_249 })

    const gl = await writeOffGl()
    const glBefore = await balanceOf(ctx.db, gl)
    const txnsBefore = await ctx.db.query<{ n: number }>(`select count(*)::int as n from ledger_transactions where txn_type = 'write_off'`)
    const posted = await postWriteOffList(ctx.db, { listId: list.listId, today: listDate, actor: users.recovery! })
    expect(posted).toEqual({ caseCount: 3, totalPence: 8_249 })
    for (const b of barred) expect(await balanceOf(ctx.db, b.id)).toBe(0)
    expect(await balanceOf(ctx.db, gl)).toBe(glBefore + 8_249)
    const txnsAfter = await ctx.db.query<{ n: number }>(`select count(*)::int as n from ledger_transactions where txn_type = 'write_off'`)
    expect(txnsAfter[0]!.n - txnsBefore[0]!.n).toBe(3)
    // Every one of the list's transactions balances on its own: two legs netting to zero.
    const perTxn = await ctx.db.query<{ legs: number; total: number }>(
      `select count(*)::int as legs, sum(p.amount_pence)::bigint as total from write_off_cases c join postings p on p.transaction_id = c.transaction_id
       where c.list_id = $1 and c.status = 'posted' group by c.transaction_id`,
      [list.listId],
    )
    expect(perTxn).toHaveLength(3)
    expect(perTxn.every((t) => t.legs === 2 && t.total === 0)).toBe(true)
    expect((await getWriteOffList(ctx.db, list.listId)).list.status).toBe('posted')
    await expect(postWriteOffList(ctx.db, { listId: list.listId, today: listDate, actor: users.recovery! })).rejects.toThrow(/only an approved list/)
  })

  it('refuses to post a list when an account on it has since paid, naming it, and posts nothing', async () => {
    const a = await debt({ pence: 1_500, closed: true, type: 'rechargeable_repair' })
    const b = await debt({ pence: 1_600, closed: true, type: 'rechargeable_repair' })
    const list = await prepareWriteOffList(ctx.db, {
      name: 'Small recharges',
      reason: 'uneconomical_to_pursue',
      insolvencyKind: null,
      reasonText: null,
      evidenceNote: 'Under £20: the cost of recovery exceeds the debt',
      accountTypes: ['rechargeable_repair'],
      maxBalancePence: 2_000,
      today: TODAY,
      actor: users.officer!,
    })
    await decideWriteOffList(ctx.db, { listId: list.listId, approve: true, today: TODAY, actor: users.finance! })
    await pay(b.id, 600, '2026-11-22')
    await expect(postWriteOffList(ctx.db, { listId: list.listId, today: TODAY, actor: users.officer! })).rejects.toThrow(/owes £10.00, case £16.00/)
    expect(await balanceOf(ctx.db, a.id)).toBe(1_500)
    const bCase = (await getWriteOffList(ctx.db, list.listId)).cases.find((c) => c.accountId === b.id)!
    await withdrawWriteOff(ctx.db, { caseId: bCase.id, reason: 'Debtor paid part', actor: users.officer! })
    const posted = await postWriteOffList(ctx.db, { listId: list.listId, today: TODAY, actor: users.officer! })
    expect(posted.caseCount).toBeGreaterThanOrEqual(1)
    expect(await balanceOf(ctx.db, a.id)).toBe(0)
    expect(await balanceOf(ctx.db, b.id)).toBe(1_000)
  })

  it('refuses a refund of a written-off account’s credit until the debt is written back on, then refunds only what is left', async () => {
    const a = await debt({ pence: 30_000 })
    const c = await prepare(a.accountNumber, users.officer!)
    await decideWriteOffCase(ctx.db, { caseId: c.caseId, approve: true, today: TODAY, actor: users.leader! })
    await postWriteOff(ctx.db, { caseId: c.caseId, today: TODAY, actor: users.officer! })
    await pay(a.id, 35_000, '2026-11-23') // £350 paid after £300 was written off: £350 in credit
    const refund = { accountNumber: a.accountNumber, method: 'cheque' as const, reason: 'Overpaid', today: '2026-11-24', actor: users.officer! }
    await expect(requestRefund(ctx.db, refund)).rejects.toThrow(`Account ${a.accountNumber} has written-off debt: write £300.00 back on first (write-on), then refund any credit left`)
    expect(await balanceOf(ctx.db, a.id)).toBe(-35_000) // nothing offset or refunded
    expect(await ctx.db.query('select 1 from refunds where account_id = $1', [a.id])).toEqual([])
    await writeOn(ctx.db, { accountNumber: a.accountNumber, basis: 'payment_received', reason: 'Debtor paid after write-off', today: '2026-11-24', actor: users.officer! })
    expect(await balanceOf(ctx.db, a.id)).toBe(-5_000)
    const r = await requestRefund(ctx.db, refund)
    expect(r).toMatchObject({ creditPence: 5_000, refundPence: 5_000 })
    expect(r.refundId).not.toBeNull()
  })

  it('proposes a write-on when a payment puts a written-off account in credit, and writes on by officer action', async () => {
    const gl = await writeOffGl()
    const a = await debt({ pence: 30_000 })
    const c = await prepare(a.accountNumber, users.officer!)
    await decideWriteOffCase(ctx.db, { caseId: c.caseId, approve: true, today: TODAY, actor: users.leader! })
    await postWriteOff(ctx.db, { caseId: c.caseId, today: TODAY, actor: users.officer! })
    expect(await balanceOf(ctx.db, a.id)).toBe(0)
    expect((await listWriteOnCandidates(ctx.db)).some((x) => x.accountId === a.id)).toBe(false)

    await pay(a.id, 10_000, '2026-11-23')
    expect(await balanceOf(ctx.db, a.id)).toBe(-10_000)
    const candidate = (await listWriteOnCandidates(ctx.db)).find((x) => x.accountId === a.id)
    expect(candidate).toMatchObject({ balancePence: -10_000, writtenOffPence: 30_000, proposedPence: 10_000, lastPaymentOn: '2026-11-23' })

    const base = { accountNumber: a.accountNumber, reason: 'Debtor paid £100 after write-off', today: '2026-11-24', actor: users.officer! }
    await expect(writeOn(ctx.db, { ...base, basis: 'payment_received', amountPence: 10_001 })).rejects.toThrow(/at most £100.00/)
    await expect(writeOn(ctx.db, { ...base, basis: 'payment_received', reason: '' })).rejects.toThrow(/reason for the write-on/)
    const glBefore = await balanceOf(ctx.db, gl)
    const r = await writeOn(ctx.db, { ...base, basis: 'payment_received' })
    expect(r).toMatchObject({ totalPence: 10_000, balanceAfterPence: 0, writeOns: [{ caseId: c.caseId, amountPence: 10_000 }] })
    expect(await balanceOf(ctx.db, a.id)).toBe(0)
    expect(await balanceOf(ctx.db, gl)).toBe(glBefore - 10_000)
    expect((await listWriteOnCandidates(ctx.db)).some((x) => x.accountId === a.id)).toBe(false)
    await expect(writeOn(ctx.db, { ...base, basis: 'payment_received' })).rejects.toThrow(/not in credit/)
    const [txn] = await ctx.db.query<{ txn_type: string; total: number }>(
      `select t.txn_type, sum(p.amount_pence)::bigint as total from ledger_transactions t join postings p on p.transaction_id = t.id where t.id = $1 group by t.txn_type`,
      [r.writeOns[0]!.transactionId],
    )
    expect(txn).toEqual({ txn_type: 'write_on', total: 0 })

    // The debtor is traced: the rest is written on in full by choice, and is owed again.
    const full = await writeOn(ctx.db, { ...base, basis: 'full_by_choice', reason: 'Debtor traced to a new address' })
    expect(full.totalPence).toBe(20_000)
    expect(await balanceOf(ctx.db, a.id)).toBe(20_000)
    const { writeOffCase, writeOns } = await getWriteOffCase(ctx.db, c.caseId)
    expect(writeOffCase.writtenOnPence).toBe(30_000)
    expect(writeOns.map((w) => [w.basis, w.amountPence])).toEqual([
      ['payment_received', 10_000],
      ['full_by_choice', 20_000],
    ])
    await expect(writeOn(ctx.db, { ...base, basis: 'full_by_choice' })).rejects.toThrow(/no written-off debt/)
    // Never more than the case wrote off, even bypassing the service.
    await expect(
      ctx.db.query(
        `insert into write_ons (case_id, account_id, amount_pence, basis, reason, transaction_id, effective_date, actor) values ($1, $2, 1, 'full_by_choice', 'x', $3, $4, 'test')`,
        [c.caseId, a.id, (await getWriteOffCase(ctx.db, c.caseId)).writeOffCase.transactionId, TODAY],
      ),
    ).rejects.toThrow(/exceed what it wrote off/)
  })

  it('after a partial write-off, a payment clears the rest first and only the excess is written on', async () => {
    const a = await debt({ pence: 50_000 })
    const c = await prepare(a.accountNumber, users.officer!, { amountPence: 20_000, reason: 'vulnerability', evidenceNote: 'Support plan agreed; part written off' })
    await decideWriteOffCase(ctx.db, { caseId: c.caseId, approve: true, today: TODAY, actor: users.leader! })
    await postWriteOff(ctx.db, { caseId: c.caseId, today: TODAY, actor: users.officer! })
    await pay(a.id, 29_000, '2026-11-23')
    expect((await listWriteOnCandidates(ctx.db)).some((x) => x.accountId === a.id)).toBe(false)
    await pay(a.id, 6_000, '2026-11-24')
    const candidate = (await listWriteOnCandidates(ctx.db)).find((x) => x.accountId === a.id)
    expect(candidate?.proposedPence).toBe(5_000)
    await writeOn(ctx.db, { accountNumber: a.accountNumber, basis: 'payment_received', reason: 'Paid beyond the remaining debt', today: '2026-11-24', actor: users.recovery! })
    expect(await balanceOf(ctx.db, a.id)).toBe(0)
  })

  it('reports write-offs and write-ons by reason, type, approver and month that sum to the GL-WRITE-OFF movements', async () => {
    // Its own period (January 2031): two write-offs, one write-on, so the figures are exact.
    const day = '2031-01-15'
    const a = await debt({ pence: 4_000, type: 'garage' })
    const b = await debt({ pence: 6_000 })
    const ca = await prepare(a.accountNumber, users.officer!, { reason: 'deceased_no_estate', evidenceNote: 'Death certificate seen; no estate' })
    const cb = await prepare(b.accountNumber, users.officer!, { reason: 'other', reasonText: 'Debt cannot be proved', evidenceNote: 'No signed agreement' })
    for (const [c, by] of [[ca, users.leader!], [cb, users.finance!]] as const) {
      await decideWriteOffCase(ctx.db, { caseId: c.caseId, approve: true, today: day, actor: by })
      await postWriteOff(ctx.db, { caseId: c.caseId, today: day, actor: users.officer! })
    }
    await pay(b.id, 1_500, '2031-01-20')
    await writeOn(ctx.db, { accountNumber: b.accountNumber, basis: 'payment_received', reason: 'Paid after write-off', today: '2031-01-21', actor: users.officer! })

    const jan = await writeOffReport(ctx.db, '2031-01-01', '2031-01-31')
    expect(jan.writeOffs).toMatchObject({ count: 2, totalPence: 10_000 })
    expect(jan.writeOffs.byReason).toEqual([
      { key: 'other', count: 1, totalPence: 6_000 },
      { key: 'deceased_no_estate', count: 1, totalPence: 4_000 },
    ])
    expect(jan.writeOffs.byAccountType).toEqual([
      { key: 'former_tenant', count: 1, totalPence: 6_000 },
      { key: 'garage', count: 1, totalPence: 4_000 },
    ])
    expect(jan.writeOffs.byApprover).toEqual([
      { key: users.finance!.label, count: 1, totalPence: 6_000 },
      { key: users.leader!.label, count: 1, totalPence: 4_000 },
    ])
    expect(jan.writeOns).toMatchObject({ count: 1, totalPence: 1_500, byReason: [{ key: 'other', count: 1, totalPence: 1_500 }] })
    expect(jan.netPence).toBe(8_500)
    expect(jan.ledgerMovementPence).toBe(8_500)

    // Over everything the other tests posted too, the report still sums to the ledger's GL-WRITE-OFF movements.
    const all = await writeOffReport(ctx.db, '2000-01-01', '2031-12-31')
    expect(all.ledgerMovementPence).toBe(all.netPence)
    const sum = (lines: { totalPence: number }[]) => lines.reduce((s, l) => s + l.totalPence, 0)
    for (const by of [all.writeOffs.byReason, all.writeOffs.byAccountType, all.writeOffs.byApprover, all.writeOffs.byMonth]) {
      expect(sum(by)).toBe(all.writeOffs.totalPence)
    }

    const rows = await writeOffReportRows(ctx.db, '2031-01-01', '2031-01-31')
    const lines = writeOffReportCsv(rows).trim().split('\n')
    expect(lines[0]).toBe('date,kind,case,list,account,account_type,reason,insolvency_kind,amount,prepared_by,approved_by,posted_by,transaction')
    expect(lines).toHaveLength(4)
    expect(lines[1]).toContain(`2031-01-15,write-off,${ca.caseId},,${a.accountNumber},garage,deceased_no_estate,,40.00,${users.officer!.label},${users.leader!.label}`)
    expect(lines[3]).toContain(`2031-01-21,write-on,${cb.caseId},,${b.accountNumber},former_tenant,other,,-15.00`)
    await expect(writeOffReport(ctx.db, '2026-12-01', '2026-11-01')).rejects.toThrow(/end of the period/)
  })
})
