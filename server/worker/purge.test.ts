import { afterEach, expect, it } from 'vitest';
import { newId } from '../ids.ts';
import { createTestDb, type TestDb } from '../testing/databases.ts';
import { describeEachDatabase } from '../testing/each-database.ts';
import { deleteFinishedJobs } from './jobs.repository.ts';

describeEachDatabase('finished-job purge on %s', (dialect) => {
  let t: TestDb;
  afterEach(async () => t?.destroy());

  it('removes old done and failed jobs, keeps recent and unfinished ones', async () => {
    t = await createTestDb(dialect);
    const job = (status: 'queued' | 'running' | 'done' | 'failed', finishedAt: number | null) => ({
      id: newId(), name: 'x', payload: '{}', status, run_at: 0, attempts: 1, max_attempts: 5, locked_by: null, locked_until: null,
      last_error: null, dedupe_key: null, created_at: 0, updated_at: 0, finished_at: finishedAt,
    });
    const rows = [job('done', 100), job('done', 900), job('failed', 100), job('failed', 400), job('queued', null), job('running', null)];
    await t.db.kysely.insertInto('jobs').values(rows).execute();
    expect(await deleteFinishedJobs(t.db.kysely, { doneBefore: 500, failedBefore: 200 })).toBe(2);
    const left = await t.db.kysely.selectFrom('jobs').select(['status', 'finished_at']).orderBy('status').orderBy('finished_at').execute();
    expect(left).toEqual([
      { status: 'done', finished_at: 900 },
      { status: 'failed', finished_at: 400 },
      { status: 'queued', finished_at: null },
      { status: 'running', finished_at: null },
    ]);
  });
});
