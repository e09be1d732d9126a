/**
 * Imports a council tax extract (docs/sundry-debts.md): council tax accounts held in the council tax system become
 * Reeve customer accounts (type council_tax) linked to their people, so the one view of debt shows them with their
 * balance and statutory recovery stage.
 *
 * - Whole file or nothing, in one database transaction; every bad line is named (line and column) before anything
 *   is written. A file whose content was imported before is refused (SHA-256 of its bytes).
 * - Accounts are matched by the council tax account reference. A new one is opened for the person named by
 *   `party_ref`, else for a new person created from the name on the line.
 * - The balance: the council tax system holds the truth, so Reeve posts the difference between the file's balance
 *   and the account's ledger balance — an opening balance for a new account, an adjustment for a known one — each
 *   balanced against the GL-CTAX-EXTERNAL control account (one transaction per kind and balance date).
 * - The stage: a stage (and its date) different from the last one recorded is appended to the stage history.
 *
 * Set-based: a fixed number of statements whatever the size of the file.
 */
import type { Db, Queryable } from '../../db/client.ts'
import { accountNumberFor, paymentReferenceFor } from '../../domain/accounts/payment-reference.ts'
import type { Leg } from '../../domain/ledger/legs.ts'
import { contentHash } from '../../formats/payments/index.ts'
import { CouncilTaxFileError, parseCouncilTaxFile, type CouncilTaxRow } from '../../formats/council-tax/index.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { postTransaction } from '../ledger/post-transaction.ts'

export interface CouncilTaxImportSummary {
  importId: number
  rows: number
  accountsCreated: number
  partiesCreated: number
  stageChanges: number
  /** Net change to the council tax balances in Reeve (pence; positive = more owed). */
  balanceMovementPence: number
  transactionIds: number[]
}

export async function importCouncilTax(db: Db, opts: { text: string | Buffer; fileName: string; today: string; actor: Actor }): Promise<CouncilTaxImportSummary> {
  const sha = contentHash(opts.text)
  const text = typeof opts.text === 'string' ? opts.text : opts.text.toString('utf8')
  let rows: CouncilTaxRow[]
  try {
    rows = parseCouncilTaxFile(text, { today: opts.today })
  } catch (e) {
    if (e instanceof CouncilTaxFileError) throw e.toAppError()
    throw e
  }
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`council-tax:${sha}`])
    const [dup] = await tx.query<{ id: number; file_name: string; imported_at: Date }>('select id, file_name, imported_at from council_tax_imports where content_sha256 = $1', [sha])
    if (dup) {
      throw new AppError('conflict', `This file was already imported (import ${dup.id}, ${dup.file_name}, ${new Date(dup.imported_at).toISOString().slice(0, 10)}): nothing was imported again`)
    }

    const known = new Map(
      (await tx.query<{ ct_account_ref: string; account_id: number; balance: number; stage: string | null; stage_date: string | null }>(
        `select c.ct_account_ref, c.account_id,
           coalesce((select sum(p.amount_pence) from postings p where p.account_id = c.account_id), 0)::bigint as balance,
           s.stage, s.stage_date
         from council_tax_accounts c
         left join lateral (select e.stage, e.stage_date from council_tax_stage_events e where e.account_id = c.account_id order by e.id desc limit 1) s on true
         where c.ct_account_ref = any($1::text[])`,
        [rows.map((r) => r.accountRef)],
      )).map((k) => [k.ct_account_ref, k]),
    )
    const fresh = rows.filter((r) => !known.has(r.accountRef))
    const partyRefs = [...new Set(fresh.flatMap((r) => (r.partyRef ? [r.partyRef] : [])))]
    const linked = new Map((await tx.query<{ party_ref: string; id: number }>('select party_ref, id from parties where party_ref = any($1::text[])', [partyRefs])).map((p) => [p.party_ref, p.id]))
    const unknown = fresh.filter((r) => r.partyRef && !linked.has(r.partyRef))
    if (unknown.length) {
      throw new AppError(
        'validation',
        `The council tax file names ${unknown.length === 1 ? 'a person' : `${unknown.length} people`} Reeve does not know: nothing was imported`,
        unknown.map((r) => ({ line: r.line, field: 'party_ref', message: `No person ${r.partyRef} in Reeve: correct the reference or leave it empty to create the person` })),
      )
    }

    // Counts first, so the import row (which everything else points to) is written once, complete.
    const movements = rows.map((r) => ({ row: r, delta: r.balancePence - (known.get(r.accountRef)?.balance ?? 0) })).filter((m) => m.delta !== 0)
    const stageRows = rows.filter((r) => {
      const k = known.get(r.accountRef)
      if (!k) return true
      // "No recovery action" without a date is the same state from one file to the next.
      if (r.stage === 'none' && !r.stageDate) return k.stage !== 'none'
      return k.stage !== r.stage || k.stage_date !== r.stageDate
    })
    const newPeople = fresh.filter((r) => !r.partyRef)
    const [imp] = await tx.query<{ id: number }>(
      `insert into council_tax_imports (file_name, content_sha256, actor, user_id, row_count, accounts_created, parties_created, stage_changes, balance_movement_pence)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
      [opts.fileName, sha, opts.actor.label, opts.actor.userId, rows.length, fresh.length, newPeople.length, stageRows.length, movements.reduce((s, m) => s + m.delta, 0)],
    )
    const importId = imp!.id

    // New people, then new accounts, in a handful of statements.
    const partyOf = new Map<string, number>() // account ref → party id
    for (const r of fresh) if (r.partyRef) partyOf.set(r.accountRef, linked.get(r.partyRef)!)
    if (newPeople.length) {
      const created = await tx.query<{ id: number; party_ref: string }>(
        `insert into parties (party_ref, kind, title, forename, surname, organisation_name)
         select p.ref, case when p.surname is null then 'organisation' else 'person' end, p.title, p.forename, p.surname, case when p.surname is null then p.organisation end
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as p(ref, title, forename, surname, organisation)
         returning id, party_ref`,
        [newPeople.map((r) => `CT-${r.accountRef}`), newPeople.map((r) => r.title), newPeople.map((r) => r.forename), newPeople.map((r) => r.surname), newPeople.map((r) => r.organisation)],
      ).catch((e: unknown) => {
        if (e instanceof Error && /party_ref|parties_party_ref_key/.test(e.message)) {
          throw new AppError('conflict', 'A person created by an earlier council tax import has the same reference as one this file would create; link them with party_ref')
        }
        throw e
      })
      const byRef = new Map(created.map((c) => [c.party_ref, c.id]))
      for (const r of newPeople) partyOf.set(r.accountRef, byRef.get(`CT-${r.accountRef}`)!)
    }
    const accountOf = new Map<string, number>([...known].map(([ref, k]) => [ref, k.account_id]))
    if (fresh.length) {
      const serials = await tx.query<{ n: number }>(`select nextval('account_number_seq')::bigint as n from generate_series(1, $1::int)`, [fresh.length])
      const numbers = serials.map((s) => accountNumberFor('council_tax', s.n))
      const refs = serials.map((s) => paymentReferenceFor('council_tax', s.n))
      const opened = await tx.query<{ id: number; account_number: string }>(
        `insert into accounts (account_number, payment_reference, account_class, account_type, name, opened_on)
         select a.num, a.ref, 'customer', 'council_tax', a.name, a.opened from unnest($1::text[], $2::text[], $3::text[], $4::date[]) as a(num, ref, name, opened)
         returning id, account_number`,
        [numbers, refs, fresh.map((r) => `Council tax, ${r.propertyAddress}`.slice(0, 200)), fresh.map((r) => r.balanceDate)],
      )
      const idOf = new Map(opened.map((o) => [o.account_number, o.id]))
      fresh.forEach((r, i) => accountOf.set(r.accountRef, idOf.get(numbers[i]!)!))
      await tx.query('insert into account_parties (account_id, party_id) select * from unnest($1::int[], $2::int[])', [fresh.map((r) => accountOf.get(r.accountRef)!), fresh.map((r) => partyOf.get(r.accountRef)!)])
      await tx.query(
        `insert into council_tax_accounts (account_id, ct_account_ref, property_address, first_import_id, last_import_id)
         select a.id, a.ref, a.address, $1, $1 from unnest($2::int[], $3::text[], $4::text[]) as a(id, ref, address)`,
        [importId, fresh.map((r) => accountOf.get(r.accountRef)!), fresh.map((r) => r.accountRef), fresh.map((r) => r.propertyAddress)],
      )
      await tx.query(
        `insert into audit_events (user_id, actor, action, entity_type, entity_id, after, reason)
         select $1, $2, 'account.opened', 'account', a.id::text, jsonb_build_object('type', 'council_tax', 'ctAccountRef', a.ref, 'importId', $3::bigint), 'Council tax import'
         from unnest($4::int[], $5::text[]) as a(id, ref)`,
        [opts.actor.userId, opts.actor.label, importId, fresh.map((r) => accountOf.get(r.accountRef)!), fresh.map((r) => r.accountRef)],
      )
    }
    const knownRows = rows.filter((r) => known.has(r.accountRef))
    if (knownRows.length) {
      await tx.query(
        `update council_tax_accounts c set last_import_id = $1, property_address = u.address
         from unnest($2::text[], $3::text[]) as u(ref, address) where c.ct_account_ref = u.ref`,
        [importId, knownRows.map((r) => r.accountRef), knownRows.map((r) => r.propertyAddress)],
      )
    }

    const transactionIds = await postMovements(tx, importId, movements.map((m) => ({ accountId: accountOf.get(m.row.accountRef)!, delta: m.delta, date: m.row.balanceDate, opening: !known.has(m.row.accountRef) })), opts)

    if (stageRows.length) {
      await tx.query(
        `insert into council_tax_stage_events (account_id, stage, stage_date, import_id, import_line)
         select s.account_id, s.stage, s.stage_date, $1, s.line from unnest($2::int[], $3::text[], $4::date[], $5::int[]) as s(account_id, stage, stage_date, line)
         on conflict (account_id, stage, stage_date) do nothing`,
        [importId, stageRows.map((r) => accountOf.get(r.accountRef)!), stageRows.map((r) => r.stage), stageRows.map((r) => r.stageDate ?? r.balanceDate), stageRows.map((r) => r.line)],
      )
    }
    const summary: CouncilTaxImportSummary = {
      importId,
      rows: rows.length,
      accountsCreated: fresh.length,
      partiesCreated: newPeople.length,
      stageChanges: stageRows.length,
      balanceMovementPence: movements.reduce((s, m) => s + m.delta, 0),
      transactionIds,
    }
    await recordAuditEvent(tx, opts.actor, { action: 'council_tax.imported', entityType: 'council_tax_import', entityId: importId, after: { fileName: opts.fileName, ...summary } })
    return summary
  })
}

/** One balanced transaction per kind (opening balance / adjustment) and balance date, contra GL-CTAX-EXTERNAL. */
async function postMovements(
  tx: Queryable,
  importId: number,
  moves: { accountId: number; delta: number; date: string; opening: boolean }[],
  opts: { today: string; actor: Actor },
): Promise<number[]> {
  if (moves.length === 0) return []
  const [control] = await tx.query<{ id: number }>(`select id from accounts where account_number = 'GL-CTAX-EXTERNAL'`)
  const groups = new Map<string, typeof moves>()
  for (const m of moves) {
    const key = `${m.opening ? 'opening' : 'adjustment'}:${m.date}`
    groups.set(key, [...(groups.get(key) ?? []), m])
  }
  const ids: number[] = []
  for (const [key, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const opening = key.startsWith('opening')
    const description = opening ? 'Council tax balance brought in from the council tax system' : 'Council tax balance change reported by the council tax system'
    const legs: Leg[] = group.map((m) => ({ accountId: m.accountId, amountPence: m.delta, postingType: 'council_tax_balance', description }))
    const net = group.reduce((s, m) => s + m.delta, 0)
    if (net !== 0) legs.push({ accountId: control!.id, amountPence: -net, postingType: 'council_tax_balance', description })
    if (legs.length < 2) continue // cannot happen: one non-zero movement always has its contra leg
    const posted = await postTransaction(tx, {
      type: opening ? 'opening_balance' : 'adjustment',
      idempotencyKey: `council-tax-import:${importId}:${key}`,
      effectiveDate: group[0]!.date,
      postingDate: opts.today,
      source: 'file',
      actor: opts.actor,
      description,
      legs,
    })
    ids.push(posted.transactionId)
  }
  return ids
}
