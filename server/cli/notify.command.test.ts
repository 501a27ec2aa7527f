import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opsdesk } from '../testing/cli.ts';
import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { openDatabase, targetFromConfig } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { loadOrCreateSigningKey } from '../modules/audit/index.ts';
import { systemContext } from '../modules/auth/index.ts';
import { webhookReceiver } from '../modules/oncall/testing/receivers.ts';
import { createServices } from '../services.ts';

const SECRET = 'cli-test-secret-0123456789';


// The real command against a data directory set up through the services (SQLite: the command is the same on both).
describe('opsdesk notify test', () => {
  let dir: string;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;

  beforeAll(async () => {
    hook = await webhookReceiver(SECRET);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-notify-cli-'));
    const config = loadConfig({ OPSDESK_DATA_DIR: dir }, {}, dir);
    const db = openDatabase(targetFromConfig(config));
    await migrateToLatest(db);
    const services = createServices({ db, clock: systemClock, config, signer: loadOrCreateSigningKey(config.audit.signingKeyPath) });
    const rc = systemContext('test');
    await services.roles.ensureBuiltIns(rc);
    await services.channels.create(rc, { name: '值班群', kind: 'webhook', settings: { url: hook.url, secret: SECRET } });
    await services.channels.create(rc, { name: 'down', kind: 'webhook', settings: { url: 'http://127.0.0.1:9/hook', secret: SECRET } });
    await services.notifyCore.close();
    await db.close();
  });
  afterAll(async () => {
    await hook.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends a signed test message through the named channel and says what it answered', { timeout: 120_000 }, async () => {
    const ok = await opsdesk(['notify', 'test', '--channel', '值班群', '--data', dir]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/值班群 \(webhook\): sent in \d+ ms/);
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.signatureValid).toBe(true);
    expect(hook.received[0]!.body).toMatchObject({ kind: 'test' });

    const down = await opsdesk(['notify', 'test', '--channel', 'down', '--data', dir]);
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/down \(webhook\): FAILED/);

    const unknown = await opsdesk(['notify', 'test', '--channel', 'nope', '--data', dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/NOT_FOUND.*nope/);
  });
});
