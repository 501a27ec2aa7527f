import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('config', () => {
  it('has defaults that run on a fresh machine', () => {
    const config = loadConfig({}, {}, '/srv/opsdesk');
    expect(config).toMatchObject({ port: 8080, dataDir: '/srv/opsdesk/data', databaseUrl: null, demo: true, role: 'all' });
    expect(config.sqlitePath).toBe(path.join('/srv/opsdesk/data', 'opsdesk.sqlite'));
    expect(config.session).toMatchObject({ idleTimeoutMs: 15 * 60_000, absoluteTimeoutMs: 12 * 3_600_000 });
    expect(config.audit.signingKeyPath).toBe('/srv/opsdesk/data/audit-signing-key.pem');
  });

  it('takes flags over the environment', () => {
    const config = loadConfig({ OPSDESK_PORT: '9000', OPSDESK_DATA_DIR: 'env-data' }, { port: '9100', data: 'flag-data', demo: false }, '/x');
    expect(config).toMatchObject({ port: 9100, dataDir: '/x/flag-data', demo: false });
  });

  it('switches to PostgreSQL on a postgres:// URL', () => {
    const config = loadConfig({ OPSDESK_DATABASE_URL: 'postgres://u@db:5432/opsdesk', OPSDESK_DATABASE_SCHEMA: 'campus_a' });
    expect(config).toMatchObject({ databaseUrl: 'postgres://u@db:5432/opsdesk', databaseSchema: 'campus_a' });
  });

  it('names every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({
        OPSDESK_PORT: 'eighty',
        OPSDESK_DATABASE_URL: 'mysql://root:secret@db/x',
        OPSDESK_ADMIN_PASSWORD: 'short',
        OPSDESK_ROLE: 'boss',
        OPSDESK_SESSION_IDLE_MINUTES: '0',
        OPSDESK_COOKIE_SECURE: 'maybe',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/OPSDESK_PORT.*eighty/);
    // The password in a database URL never reaches the message.
    expect((error as ConfigError).message).not.toContain('secret');
  });

  it('gives each worker lane its concurrency, from the environment when set', () => {
    expect(loadConfig({}).worker.lanes).toEqual({ urgent: 4, default: 2, bulk: 1 });
    const config = loadConfig({ OPSDESK_WORKER_URGENT_CONCURRENCY: '8', OPSDESK_WORKER_BULK_CONCURRENCY: '2' });
    expect(config.worker.lanes).toEqual({ urgent: 8, default: 2, bulk: 2 });
    expect(() => loadConfig({ OPSDESK_WORKER_DEFAULT_CONCURRENCY: '0', OPSDESK_WORKER_BULK_CONCURRENCY: 'many' })).toThrow(
      /OPSDESK_WORKER_DEFAULT_CONCURRENCY must be between 1 and 64[\s\S]*OPSDESK_WORKER_BULK_CONCURRENCY must be a whole number/,
    );
  });

  it('is frozen', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.session)).toBe(true);
  });
});
