import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Dialect } from '../db/database.ts';
import { buildApp } from '../app.ts';
import { ManualClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { loadOrCreateSigningKey } from '../modules/audit/index.ts';
import { systemContext } from '../modules/auth/index.ts';
import { ensureModuleDefaults } from '../modules.ts';
import { createTestDb, type TestDb } from './databases.ts';

export const ADMIN_PASSWORD = 'Correct-Horse-Battery-9';
export const USER_PASSWORD = 'Lantern-Orchid-Pebble-4';

export interface Caller {
  cookie: string;
  csrf: string;
  userId: string;
}

type InjectOptions = { method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; payload?: unknown; headers?: Record<string, string> };

/**
 * A real app on a real database (SQLite file or a PostgreSQL schema) with a manual clock, a bootstrapped admin and
 * helpers to sign in and call the API as somebody.
 */
export async function createTestApp(dialect: Dialect, env: Record<string, string> = {}) {
  const t: TestDb = await createTestDb(dialect);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-app-'));
  const config = loadConfig({ OPSDESK_DATA_DIR: dir, OPSDESK_RATE_LIMIT_PER_MINUTE: '0', ...env }, {}, dir);
  const clock = new ManualClock();
  const signer = loadOrCreateSigningKey(config.audit.signingKeyPath);
  const { app, services, metrics } = await buildApp({ config, db: t.db, clock, signer, logger: false, serveWeb: false });
  const system = systemContext('test');
  await services.roles.ensureBuiltIns(system);
  await services.alertRules.ensureDefaults(system);
  await ensureModuleDefaults(services, system);
  await services.users.bootstrapAdmin(system, ADMIN_PASSWORD);
  // As main.ts does: the live stream tails the domain events from here on.
  await services.events.start({ log: { warn: () => {}, error: () => {}, debug: () => {} } });

  async function login(username: string, password: string, ip = '127.0.0.1'): Promise<Caller> {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: ip });
    if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'opsdesk_session')!;
    const body = res.json() as { csrfToken: string; user: { id: string } };
    return { cookie: `opsdesk_session=${cookie.value}`, csrf: body.csrfToken, userId: body.user.id };
  }

  /** Calls the API as `caller` (cookie and CSRF header), or anonymously when caller is null. */
  function call(caller: Caller | null, options: InjectOptions) {
    const headers: Record<string, string> = { ...(caller ? { cookie: caller.cookie, 'x-csrf-token': caller.csrf } : {}), ...options.headers };
    return app.inject({ method: options.method, url: options.url, payload: options.payload as never, headers });
  }

  /** Creates a user with the given roles (and site scope) through the API and signs them in. */
  async function userWith(admin: Caller, roleIds: string[], siteIds: string[] | null = null): Promise<Caller & { username: string }> {
    const username = `u${Math.random().toString(36).slice(2, 10)}`;
    const res = await call(admin, { method: 'POST', url: '/api/v1/users', payload: { username, displayName: username, password: USER_PASSWORD, roleIds, siteIds } });
    if (res.statusCode !== 200) throw new Error(`creating ${username} failed: ${res.body}`);
    return { ...(await login(username, USER_PASSWORD)), username };
  }

  async function auditCount(): Promise<number> {
    const row = await t.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  return {
    app,
    services,
    metrics,
    config,
    clock,
    db: t.db,
    testDb: t,
    signer,
    login,
    call,
    userWith,
    auditCount,
    loginAdmin: () => login('admin', ADMIN_PASSWORD),
    async close() {
      await app.close();
      await t.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
