import { expect, it } from 'vitest'
import { describeEachDb } from './databases.ts'

describeEachDb('database client', (ctx) => {
  it('runs queries started together inside a transaction one at a time on its connection, in order, without warnings', async () => {
    const warnings: string[] = []
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`)
    process.on('warning', onWarning)
    try {
      const results = await ctx.db.transaction(async (tx) => {
        await tx.exec('create temporary table serial_probe (n int) on commit drop')
        return Promise.all([
          tx.query<{ n: number }>('insert into serial_probe values (1) returning n'),
          tx.query<{ n: number }>('select count(*)::int as n from serial_probe'),
          tx.query<{ n: number }>('insert into serial_probe values (2) returning n'),
          tx.query<{ n: number }>('select count(*)::int as n from serial_probe'),
        ])
      })
      // In order: each statement sees exactly the rows of the statements started before it.
      expect(results.map((r) => r[0]!.n)).toEqual([1, 1, 2, 2])
      // A failed statement does not stop the queue, and the rollback waits for what is queued behind it: nothing of
      // the transaction is left, and no statement overtakes another on the connection.
      await ctx.db.exec('create table serial_probe_kept (n int)')
      await expect(
        ctx.db.transaction(async (tx) => Promise.all([tx.query('insert into serial_probe_kept values (1)'), tx.query('select 1/0'), tx.query('insert into serial_probe_kept values (2)')])),
      ).rejects.toThrow(/division by zero/)
      expect(await ctx.db.query('select n from serial_probe_kept')).toEqual([])
      // A query started after the transaction ended is refused, never run outside it.
      let leaked: { query: (sql: string) => Promise<unknown> } | undefined
      await ctx.db.transaction(async (tx) => {
        leaked = tx
      })
      await expect(leaked!.query('insert into serial_probe_kept values (3)')).rejects.toThrow()
      expect(await ctx.db.query('select n from serial_probe_kept')).toEqual([])
      await new Promise((r) => setTimeout(r, 10))
      expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([])
    } finally {
      process.off('warning', onWarning)
    }
  })
})
