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
      // A failed statement does not stop the queue: the transaction rolls back as a whole.
      await expect(ctx.db.transaction(async (tx) => Promise.all([tx.query('select 1/0'), tx.query('select 1')]))).rejects.toThrow(/division by zero/)
      await new Promise((r) => setTimeout(r, 10))
      expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([])
    } finally {
      process.off('warning', onWarning)
    }
  })
})
