import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, publicUrlWarning } from './config.ts';

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

  it('runs no mail intake unless its port is set, and then needs the request addresses', () => {
    expect(loadConfig({}).mailIntake).toEqual({ port: null, host: '127.0.0.1', addresses: [], maxMessageBytes: 25 * 1_048_576, allowClients: [], site: null });
    const config = loadConfig({
      OPSDESK_MAIL_INTAKE_PORT: '2525',
      OPSDESK_MAIL_INTAKE_HOST: '0.0.0.0',
      OPSDESK_MAIL_INTAKE_ADDRESSES: ' HelpDesk@ops.example.edu.cn, baoxiu@ops.example.edu.cn ,',
      OPSDESK_MAIL_INTAKE_MAX_BYTES: '10485760',
      OPSDESK_MAIL_INTAKE_ALLOW: '10.0.0.25, 10.1.0.0/16,fd00::/8',
      OPSDESK_MAIL_INTAKE_SITE: 'canteen-1',
    });
    expect(config.mailIntake).toEqual({
      port: 2525,
      host: '0.0.0.0',
      addresses: ['helpdesk@ops.example.edu.cn', 'baoxiu@ops.example.edu.cn'],
      maxMessageBytes: 10_485_760,
      allowClients: ['10.0.0.25', '10.1.0.0/16', 'fd00::/8'],
      site: 'canteen-1',
    });
    expect(Object.isFrozen(config.mailIntake.addresses)).toBe(true);

    expect(() => loadConfig({ OPSDESK_MAIL_INTAKE_PORT: '2525' })).toThrow(/OPSDESK_MAIL_INTAKE_ADDRESSES is required when OPSDESK_MAIL_INTAKE_PORT is set/);
    let error: unknown;
    try {
      loadConfig({ OPSDESK_MAIL_INTAKE_PORT: '70000', OPSDESK_MAIL_INTAKE_ADDRESSES: 'helpdesk, ok@example.edu.cn', OPSDESK_MAIL_INTAKE_MAX_BYTES: '10', OPSDESK_MAIL_INTAKE_ALLOW: '10.0.0.0/33,relay.example.edu.cn', OPSDESK_MAIL_INTAKE_SITE: '../食堂' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([
      'OPSDESK_MAIL_INTAKE_PORT must be between 0 and 65535, got 70000',
      'OPSDESK_MAIL_INTAKE_ADDRESSES must be e-mail addresses separated by commas, got "helpdesk"',
      'OPSDESK_MAIL_INTAKE_ALLOW must be IP addresses or CIDR prefixes (10.0.0.0/24) separated by commas, got "10.0.0.0/33"',
      'OPSDESK_MAIL_INTAKE_ALLOW must be IP addresses or CIDR prefixes (10.0.0.0/24) separated by commas, got "relay.example.edu.cn"',
      'OPSDESK_MAIL_INTAKE_SITE must be a site code (letters, digits, . _ -), got "../食堂"',
      'OPSDESK_MAIL_INTAKE_MAX_BYTES must be between 1024 and 268435456, got 10',
    ]);
  });

  it('limits one incident attachment to 20 MiB unless OPSDESK_ATTACHMENT_MAX_BYTES says otherwise', () => {
    expect(loadConfig({}).incidents).toEqual({ attachmentMaxBytes: 20 * 1_048_576 });
    expect(loadConfig({ OPSDESK_ATTACHMENT_MAX_BYTES: '4096' }).incidents.attachmentMaxBytes).toBe(4096);
    expect(() => loadConfig({ OPSDESK_ATTACHMENT_MAX_BYTES: '10' })).toThrow(/OPSDESK_ATTACHMENT_MAX_BYTES must be between 1024 and 1073741824, got 10/);
    expect(() => loadConfig({ OPSDESK_ATTACHMENT_MAX_BYTES: '20MB' })).toThrow(/OPSDESK_ATTACHMENT_MAX_BYTES must be a whole number/);
  });

  it('warns when it listens beyond this machine and links would point at localhost', () => {
    expect(publicUrlWarning(loadConfig({ OPSDESK_HOST: '0.0.0.0' }))).toContain('OPSDESK_PUBLIC_URL is not set');
    expect(publicUrlWarning(loadConfig({ OPSDESK_HOST: '0.0.0.0', OPSDESK_PUBLIC_URL: 'https://ops.example.edu.cn' }))).toBeNull();
    expect(publicUrlWarning(loadConfig({ OPSDESK_HOST: '127.0.0.1' }))).toBeNull();
  });

  it('is frozen', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.session)).toBe(true);
  });
});
