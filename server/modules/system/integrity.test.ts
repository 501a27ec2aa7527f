import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase, targetFromConfig } from '../../db/database.ts';
import { startServer } from '../../main.ts';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../../testing/app.ts';
import { createTestDb, type TestDb } from '../../testing/databases.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { systemContext } from '../auth/actor.ts';
import { createIntegrityMonitor } from './integrity.ts';

describeEachDatabase('the integrity check on %s', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    for (let i = 0; i < 5; i++) await t.services.audit.record(systemContext('test'), { action: 'site.update', targetType: 'thing', targetId: `t${i}` });
    expect(await t.services.audit.checkpoint()).not.toBeNull();
    // Records after the last checkpoint are checked too.
    for (let i = 5; i < 8; i++) await t.services.audit.record(systemContext('test'), { action: 'site.update', targetType: 'thing', targetId: `t${i}` });
  });
  afterEach(async () => {
    await t.close();
  });

  const monitor = () => createIntegrityMonitor({ db: t.db, sqliteFile: t.testDb.file, signer: t.signer, clock: t.clock, log: pino({ level: 'silent' }) });
  const checkpointSeq = async () => (await t.db.kysely.selectFrom('audit_checkpoints').select('seq').orderBy('seq', 'desc').executeTakeFirstOrThrow()).seq;

  it('passes on an intact database and says so on /readyz', async () => {
    const integrity = monitor();
    expect(await integrity.check()).toEqual({ status: 'ok', checkedAt: t.clock.now(), problems: [] });
    const { app } = await buildApp({ config: t.config, db: t.db, clock: t.clock, signer: t.signer, logger: false, serveWeb: false, integrity });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ready', integrity: { status: 'ok', checkedAt: t.clock.now() } });
    await app.close();
  });

  it('finds the record a signed checkpoint covers altered, and /readyz turns not ready without saying what was found', async () => {
    const seq = await checkpointSeq();
    await t.db.kysely.updateTable('audit_log').set({ actor_name: 'nobody' }).where('seq', '=', seq).execute();
    const integrity = monitor();
    expect((await integrity.check()).problems).toEqual([`audit record ${seq} was altered after it was written`]);
    const { app } = await buildApp({ config: t.config, db: t.db, clock: t.clock, signer: t.signer, logger: false, serveWeb: false, integrity });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'not_ready', database: dialect, pendingMigrations: [], integrity: { status: 'damaged', checkedAt: t.clock.now() }, problem: 'database damaged' });
    await app.close();
  });

  it('finds a record after the checkpoint altered, the log cut back below it, and a forged checkpoint', async () => {
    const seq = await checkpointSeq();
    await t.db.kysely.updateTable('audit_log').set({ target_id: 'other' }).where('seq', '=', seq + 2).execute();
    expect((await monitor().check()).problems).toEqual([`audit record ${seq + 2} was altered after it was written`]);

    await t.db.kysely.deleteFrom('audit_log').where('seq', '>=', seq).execute();
    expect((await monitor().check()).problems).toEqual([`the audit log ends before record ${seq}, which a signed checkpoint covers: records were removed`]);

    await t.db.kysely.updateTable('audit_checkpoints').set({ signature: Buffer.alloc(64, 1).toString('base64') }).where('seq', '=', seq).execute();
    expect((await monitor().check()).problems[0]).toBe(`the signed checkpoint at audit record ${seq} has an invalid signature`);
  });
});

describeEachDatabase('start-up on %s compares the audit chain with its last signed checkpoint', (dialect) => {
  let pgDb: TestDb | null = null;
  let dir: string;
  afterEach(async () => {
    await pgDb?.destroy();
    pgDb = null;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start when the record a checkpoint covers was altered, naming what to do', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-head-'));
    const env: Record<string, string> = { OPSDESK_DATA_DIR: dir, OPSDESK_PORT: '0', OPSDESK_HOST: '127.0.0.1', OPSDESK_LOG_LEVEL: 'silent', OPSDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, OPSDESK_AUDIT_CHECKPOINT_RECORDS: '1' };
    if (dialect === 'postgres') {
      pgDb = await createTestDb('postgres', { migrate: false });
      Object.assign(env, { OPSDESK_DATABASE_URL: pgDb.pg!.url, OPSDESK_DATABASE_SCHEMA: pgDb.pg!.schema });
    }
    const config = loadConfig(env, { demo: false }, dir);
    await (await startServer(config, { print: () => {} })).stop();

    const db = openDatabase(targetFromConfig(config));
    const { seq } = await db.kysely.selectFrom('audit_checkpoints').select('seq').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    await db.kysely.updateTable('audit_log').set({ actor_name: 'nobody' }).where('seq', '=', seq).execute();
    await db.close();

    const refused = startServer(config, { print: () => {} });
    const where = dialect === 'sqlite' ? `the database ${config.sqlitePath} is damaged` : `the audit log in PostgreSQL schema ${pgDb!.pg!.schema} is damaged`;
    await expect(refused).rejects.toThrow(`${where} (audit record ${seq} was altered after it was written). opsdesk will not start on it.`);
    await expect(refused).rejects.toThrow('opsdesk audit verify');
  }, 60_000);
});
