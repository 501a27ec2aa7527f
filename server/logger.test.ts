import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { ManualClock } from './clock.ts';
import { ConfigError, loadConfig } from './config.ts';
import { RequestLogController, SLOW_REQUEST_MS } from './http/request-log.ts';
import { chooseLogFormat, createLogger, prettyLine } from './logger.ts';
import { startServer, type RunningServer } from './main.ts';
import { loadOrCreateSigningKey } from './modules/audit/audit.chain.ts';
import { createTestDb, type TestDb } from './testing/databases.ts';

/** A destination that keeps what was written. */
function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text, entries: () => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('log format', () => {
  it('auto is readable on a terminal and JSON anywhere else; json and pretty are what they say', () => {
    expect(chooseLogFormat('auto', true)).toBe('pretty');
    expect(chooseLogFormat('auto', false)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('pretty', false)).toBe('pretty');
  });

  it('OPSDESK_LOG_FORMAT is read and checked by the config', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(loadConfig({ OPSDESK_LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ OPSDESK_LOG_FORMAT: 'xml' })).toThrow(ConfigError);
    expect(() => loadConfig({ OPSDESK_LOG_FORMAT: 'xml' })).toThrow('OPSDESK_LOG_FORMAT must be one of auto, json, pretty, got "xml"');
  });

  it('a terminal gets readable lines, a pipe gets JSON', () => {
    const terminal = capture();
    createLogger({ logLevel: 'info', logFormat: 'auto' }, { destination: terminal.stream, isTTY: true }).child({ component: 'demo' }).warn({ sent: 1200, site: '东区食堂' }, 'history loaded');
    expect(terminal.text()).toMatch(/^\d\d:\d\d:\d\d WARN {2}\[demo\] history loaded sent=1200 site=东区食堂\n$/);

    const pipe = capture();
    createLogger({ logLevel: 'info', logFormat: 'auto' }, { destination: pipe.stream, isTTY: false }).info({ sent: 1200 }, 'history loaded');
    expect(pipe.entries()).toEqual([expect.objectContaining({ level: 30, msg: 'history loaded', sent: 1200 })]);
  });

  it('a readable line quotes values with spaces and puts an error stack under it', () => {
    const line = prettyLine(JSON.stringify({ level: 50, time: 0, msg: 'boom', url: '/a b', err: { message: 'x', stack: 'Error: x\n    at f (a.ts:1)' } }));
    expect(line).toMatch(/ ERROR boom url="\/a b"\n {4}Error: x\n {8}at f \(a\.ts:1\)$/);
  });
});

describe('request logging', () => {
  let t: TestDb | null = null;
  let dir: string | null = null;
  afterEach(async () => {
    await t?.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the app logs a normal request below info, a refused one at info, once each, without Fastify\'s two lines', async () => {
    t = await createTestDb('sqlite');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-log-'));
    const config = loadConfig({ OPSDESK_DATA_DIR: dir, OPSDESK_LOG_LEVEL: 'info', OPSDESK_LOG_FORMAT: 'json' }, {}, dir);
    const out = capture();
    const { app } = await buildApp({ config, db: t.db, clock: new ManualClock(), signer: loadOrCreateSigningKey(config.audit.signingKeyPath), logger: createLogger(config, { destination: out.stream }), serveWeb: false });
    try {
      for (let i = 0; i < 5; i++) expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect(out.text()).toBe('');
      expect((await app.inject({ method: 'GET', url: '/api/v1/users' })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/api/v1/no-such-thing' })).statusCode).toBe(404);
      expect(out.entries()).toEqual([
        expect.objectContaining({ level: 30, method: 'GET', url: '/api/v1/users', status: 401, ms: expect.any(Number) }),
        expect.objectContaining({ level: 30, url: '/api/v1/no-such-thing', status: 404 }),
      ]);
    } finally {
      await app.close();
    }
  });

  it('a failed request is logged at error and a slow one at warn; at debug, every request is', async () => {
    const out = capture();
    const app = Fastify({ loggerInstance: createLogger({ logLevel: 'debug', logFormat: 'json' }, { destination: out.stream }), logController: new RequestLogController(200) });
    app.get('/ok', async () => 'ok');
    app.get('/boom', async () => {
      throw new Error('kaput');
    });
    app.get('/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 250));
      return 'done';
    });
    try {
      for (const url of ['/ok', '/boom', '/slow']) await app.inject({ method: 'GET', url });
      const requests = out.entries().filter((e) => 'status' in e);
      expect(requests).toEqual([
        expect.objectContaining({ level: 20, url: '/ok', status: 200 }),
        expect.objectContaining({ level: 50, url: '/boom', status: 500 }),
        expect.objectContaining({ level: 40, url: '/slow', status: 200, msg: expect.stringMatching(/^slow request: GET \/slow → 200 in \d+ ms$/) }),
      ]);
      expect(SLOW_REQUEST_MS).toBe(1000);
    } finally {
      await app.close();
    }
  });
});

describe('after the start-up burst', () => {
  let server: RunningServer | null = null;
  let dir: string;
  afterEach(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('repeats where to go and, on a first start, the generated password', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-remind-'));
    const config = loadConfig({ OPSDESK_DATA_DIR: dir, OPSDESK_PORT: '0', OPSDESK_HOST: '127.0.0.1', OPSDESK_LOG_LEVEL: 'silent' }, { demo: false }, dir);
    const lines: string[] = [];
    server = await startServer(config, { print: (line) => lines.push(line), signInReminderAfterMs: 300 });
    const password = /password: (\S+)/.exec(lines.join('\n'))?.[1];
    expect(password).toBeDefined();
    const until = Date.now() + 10_000;
    while (!lines.some((line) => line.includes('opsdesk is ready')) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    const reminder = lines.slice(lines.findIndex((line) => line.includes('opsdesk is ready'))).join('\n');
    expect(reminder).toContain(`opsdesk is ready: open ${server.url}`);
    expect(reminder).toContain(`sign in as admin with the password generated on this first start: ${password}`);
  });
});
