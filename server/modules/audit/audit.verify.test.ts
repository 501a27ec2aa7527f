import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '../../clock.ts';
import { systemContext } from '../auth/actor.ts';
import { createTestDb, type TestDb } from '../../testing/databases.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { createSigner, recordHash } from './audit.chain.ts';
import { createAuditLog, verifyChain } from './audit.service.ts';

const ctx = systemContext('tester');

describeEachDatabase('audit chain on %s', (dialect) => {
  let t: TestDb;
  afterEach(async () => t?.destroy());

  async function setup(records: number, checkpointEveryRecords = 1000) {
    t = await createTestDb(dialect);
    const clock = new ManualClock();
    const signer = createSigner(generateKeyPairSync('ed25519').privateKey);
    const audit = createAuditLog({ db: t.db, clock, signer, checkpointEveryRecords });
    for (let i = 1; i <= records; i++) {
      await t.db.kysely.transaction().execute((trx) =>
        audit.append(trx, ctx, { action: 'site.update', targetType: 'thing', targetId: `t${i}`, before: { n: i - 1, name: '旧' }, after: { n: i, name: '新' } }),
      );
      clock.advance(1000);
    }
    const keys = new Map([[signer.keyId, signer.publicKey]]);
    return { audit, clock, keys, signer };
  }

  it('a fresh chain verifies, with contiguous sequence numbers and signed checkpoints', async () => {
    const { keys } = await setup(25, 10);
    const report = await verifyChain(t.db, keys);
    expect(report).toMatchObject({ ok: true, recordsChecked: 25, firstSeq: 1, lastSeq: 25, checkpointsChecked: 2, lastCheckpointSeq: 20, problems: [] });
  });

  it('an empty log verifies', async () => {
    t = await createTestDb(dialect);
    expect((await verifyChain(t.db, new Map())).ok).toBe(true);
  });

  it('rolls back with the change it describes', async () => {
    const { audit } = await setup(3);
    await expect(
      t.db.kysely.transaction().execute(async (trx) => {
        await audit.append(trx, ctx, { action: 'role.delete' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const rows = await t.db.kysely.selectFrom('audit_log').select('action').execute();
    expect(rows.map((r) => r.action)).not.toContain('role.delete');
  });

  it('catches an edited record', async () => {
    const { keys } = await setup(10);
    await t.db.kysely.updateTable('audit_log').set({ after: '{"n":999}' }).where('seq', '=', 4).execute();
    const report = await verifyChain(t.db, keys);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ seq: 4, kind: 'altered' });
  });

  it('catches an edit whose hash was recomputed (the next record no longer follows)', async () => {
    const { keys } = await setup(10);
    const row = await t.db.kysely.selectFrom('audit_log').selectAll().where('seq', '=', 6).executeTakeFirstOrThrow();
    const forged = { ...row, actor_name: 'somebody-else' };
    await t.db.kysely.updateTable('audit_log').set({ actor_name: forged.actor_name, hash: recordHash(forged) }).where('seq', '=', 6).execute();
    const report = await verifyChain(t.db, keys);
    expect(report.problems[0]).toMatchObject({ seq: 7, kind: 'chain_broken' });
  });

  it('catches a record inserted in the middle', async () => {
    const { keys } = await setup(10);
    // Make room at seq 5 (descending, so the primary key never collides) and insert a well-formed record there.
    for (let seq = 10; seq >= 5; seq--) await t.db.kysely.updateTable('audit_log').set({ seq: seq + 1 }).where('seq', '=', seq).execute();
    const prev = await t.db.kysely.selectFrom('audit_log').selectAll().where('seq', '=', 4).executeTakeFirstOrThrow();
    const inserted = { ...prev, seq: 5, action: 'forged.entry', prev_hash: prev.hash };
    await t.db.kysely.insertInto('audit_log').values({ ...inserted, hash: recordHash(inserted) }).execute();
    const report = await verifyChain(t.db, keys);
    expect(report.ok).toBe(false);
    expect(report.problems[0]!.seq).toBe(6);
  });

  it('catches a record deleted from the middle', async () => {
    const { keys } = await setup(10);
    await t.db.kysely.deleteFrom('audit_log').where('seq', '=', 5).execute();
    const report = await verifyChain(t.db, keys);
    expect(report.problems[0]).toMatchObject({ seq: 5, kind: 'missing' });
  });

  it('catches a deleted tail that a checkpoint covers', async () => {
    const { keys } = await setup(12, 10);
    await t.db.kysely.deleteFrom('audit_log').where('seq', '>=', 8).execute();
    const report = await verifyChain(t.db, keys);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ seq: 8, kind: 'truncated' });
  });

  it('catches a forged checkpoint and one signed by an untrusted key', async () => {
    const { keys, audit } = await setup(5);
    expect(await audit.checkpoint()).toBe(5);
    await t.db.kysely.updateTable('audit_checkpoints').set({ ts: 1 }).where('seq', '=', 5).execute();
    expect((await verifyChain(t.db, keys)).problems[0]).toMatchObject({ seq: 5, kind: 'bad_signature' });
    const stranger = createSigner(generateKeyPairSync('ed25519').privateKey);
    expect((await verifyChain(t.db, new Map([[stranger.keyId, stranger.publicKey]]))).problems[0]).toMatchObject({ kind: 'unknown_key' });
  });

  it('writes a checkpoint on the timer only when there is something new', async () => {
    const { audit } = await setup(3);
    expect(await audit.checkpoint()).toBe(3);
    expect(await audit.checkpoint()).toBeNull();
  });

  it('reports a database it cannot read instead of crashing', async () => {
    t = await createTestDb(dialect);
    await sql`drop table audit_checkpoints`.execute(t.db.kysely);
    const report = await verifyChain(t.db, new Map());
    expect(report.ok).toBe(false);
    expect(report.problems[0]!.kind).toBe('unreadable');
  });

  it('keeps one chain when writers race', async () => {
    const { audit, keys } = await setup(0);
    // Two pools on PostgreSQL are two nodes. SQLite is one connection per process (better-sqlite3 blocks the thread
    // while it waits for a lock, so a second connection in the same process would wait on itself): race on one.
    const other = dialect === 'postgres' ? t.reopen() : t.db;
    const auditOther = createAuditLog({ db: other, clock: new ManualClock(), signer: createSigner(generateKeyPairSync('ed25519').privateKey), checkpointEveryRecords: 1000 });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? t.db : other).kysely.transaction().execute((trx) => (i % 2 === 0 ? audit : auditOther).append(trx, ctx, { action: 'site.update', targetId: `race.${i}` })),
      ),
    );
    const report = await verifyChain(t.db, keys);
    expect(report).toMatchObject({ ok: true, recordsChecked: 20, lastSeq: 20 });
  });
});
