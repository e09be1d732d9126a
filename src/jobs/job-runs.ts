import type { Db, Queryable } from '../db/client.ts'

export interface JobRun {
  id: number
  status: 'running' | 'completed' | 'failed'
  doneChunks: Set<number>
  resumed: boolean
}

/**
 * Starts (or picks up) the run with this key. A run left 'running' or 'failed' by a crash is resumed:
 * the chunks it committed are reported so the caller can skip them.
 */
export async function startJobRun(db: Db, job: string, runKey: string, params: object): Promise<JobRun> {
  return db.transaction(async (tx) => {
    await tx.query(
      `insert into job_runs (job, run_key, params, status) values ($1, $2, $3, 'running') on conflict (run_key) do nothing`,
      [job, runKey, JSON.stringify(params)],
    )
    const [run] = await tx.query<{ id: number; status: JobRun['status']; started_at: Date }>(
      'select id, status from job_runs where run_key = $1 for update',
      [runKey],
    )
    const chunks = await tx.query<{ chunk_no: number }>('select chunk_no from job_run_chunks where run_id = $1', [run!.id])
    const resumed = run!.status !== 'completed' && chunks.length > 0
    if (run!.status !== 'running') {
      await tx.query(`update job_runs set status = 'running', error = null, finished_at = null where id = $1`, [run!.id])
    }
    return { id: run!.id, status: run!.status, doneChunks: new Set(chunks.map((c) => c.chunk_no)), resumed }
  })
}

export async function recordChunkDone(tx: Queryable, runId: number, chunkNo: number, rows: number): Promise<void> {
  await tx.query(
    `insert into job_run_chunks (run_id, chunk_no, rows_done) values ($1, $2, $3)
     on conflict (run_id, chunk_no) do update set rows_done = job_run_chunks.rows_done + excluded.rows_done, completed_at = now()`,
    [runId, chunkNo, rows],
  )
}

export async function finishJobRun(db: Db, runId: number, counts: object): Promise<void> {
  await db.query(`update job_runs set status = 'completed', finished_at = now(), counts = $2 where id = $1`, [
    runId,
    JSON.stringify(counts),
  ])
}

export async function failJobRun(db: Db, runId: number, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error)
  await db.query(`update job_runs set status = 'failed', finished_at = now(), error = $2 where id = $1`, [runId, message])
}
