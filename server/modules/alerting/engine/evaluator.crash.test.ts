import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../../../ids.ts';
import { ADMIN_PASSWORD } from '../../../testing/app.ts';
import { createToken, startServerProcess, type ServerProcess } from '../../../testing/server-process.ts';

const SILENCE_SECONDS = 10;
const ABSENCE_MINUTES = 1;

/**
 * kill -9 of a real server while one alert fires and another is pending: after the restart nothing fires twice,
 * the pending one fires when its `for` is up, and an absence alert still fires within its minutes + 5 s of the
 * device's last heartbeat (plus the silence sweep's 5 s), although the process that heard that heartbeat is dead.
 */
describe('the alert evaluator across kill -9', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-alert-crash-'));
  let server: ServerProcess | null = null;
  afterAll(async () => {
    await server?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fires each alert once, keeps the pending one, and times the absence from the last heartbeat', { timeout: 150_000 }, async () => {
    const env = { OPSDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, OPSDESK_RATE_LIMIT_PER_MINUTE: '0', OPSDESK_DEVICE_SILENCE_SECONDS: String(SILENCE_SECONDS) };
    server = await startServerProcess({ dataDir: dir, env });
    const token = await createToken(server.url, ADMIN_PASSWORD, ['ingest:write']);
    const db = new SQLite(path.join(dir, 'opsdesk.sqlite'));
    try {
      // The estate and the rules straight into the file (the server reads rules again on its next tick).
      const now = Date.now();
      const siteId = newId();
      db.prepare(`insert into sites (id, code, name, timezone, description, created_at, updated_at) values (?, 'crash', 'crash', 'Asia/Shanghai', '', ?, ?)`).run(siteId, now, now);
      for (const [code, type] of [['SRV-K', 'server'], ['POS-K', 'pos']] as const) {
        db.prepare(`insert into devices (id, code, name, type, site_id, subsystem, labels, maintenance, health, health_since, created_at, updated_at) values (?, ?, ?, ?, ?, 'core', '{}', 0, 'unknown', ?, ?, ?)`).run(newId(), code, code, type, siteId, now, now, now);
      }
      const rule = (key: string, condition: object, scope: object, forMs: number) =>
        db
          .prepare(
            `insert into alert_rules (id, key, name, kind, condition, scope, overrides, level, for_ms, keep_firing_ms, group_by, labels, enabled, builtin, version, created_at, updated_at)
             values (?, ?, ?, ?, ?, ?, '[]', 2, ?, 0, '["alertname","site"]', '{}', 1, 0, 1, ?, ?)`,
          )
          .run(newId(), key, key, (condition as { kind: string }).kind, JSON.stringify(condition), JSON.stringify(scope), forMs, now, now);
      rule('k-hot', { kind: 'threshold', metric: 'cpu', aggregate: 'max', windowMinutes: 10, operator: '>', threshold: 90 }, { devices: ['SRV-K'] }, 0);
      rule('k-hot-later', { kind: 'threshold', metric: 'cpu', aggregate: 'max', windowMinutes: 10, operator: '>', threshold: 90 }, { devices: ['SRV-K'] }, 30_000);
      rule('k-silent', { kind: 'absence', minutes: ABSENCE_MINUTES }, { devices: ['POS-K'] }, 0);

      const alerts = () =>
        db.prepare(`select a.*, r.key as rule_key from alerts a join alert_rules r on r.id = a.rule_id where r.key like 'k-%' order by a.created_at`).all() as {
          rule_key: string;
          state: string;
          active_at: number;
          fired_at: number | null;
        }[];
      const waitFor = async (what: string, ok: () => boolean, ms: number) => {
        const deadline = Date.now() + ms;
        while (!ok()) {
          if (Date.now() > deadline) throw new Error(`${what} did not happen in ${ms} ms: ${JSON.stringify(alerts())}\n${server?.output()}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      };

      // Let a tick load the rules, then send the heartbeats the alerts are about.
      await new Promise((r) => setTimeout(r, 6_000));
      const heartbeatAt = Date.now();
      const items = [
        { id: newId(), kind: 'heartbeat', ts: new Date(heartbeatAt).toISOString(), device: 'SRV-K', site: 'crash', data: { status: 'ok', cpu: 97 } },
        { id: newId(), kind: 'heartbeat', ts: new Date(heartbeatAt).toISOString(), device: 'POS-K', site: 'crash', data: { status: 'ok' } },
      ];
      const res = await fetch(`${server.url}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(items) });
      expect(res.status).toBe(200);
      await waitFor('k-hot firing and k-hot-later pending', () => alerts().some((a) => a.rule_key === 'k-hot' && a.state === 'firing') && alerts().some((a) => a.rule_key === 'k-hot-later' && a.state === 'pending'), 10_000);

      await server.kill();
      server = await startServerProcess({ dataDir: dir, env });

      await waitFor('k-hot-later firing', () => alerts().some((a) => a.rule_key === 'k-hot-later' && a.state === 'firing'), 60_000);
      await waitFor('k-silent firing', () => alerts().some((a) => a.rule_key === 'k-silent' && a.state === 'firing'), 90_000);

      const all = alerts();
      expect(all.filter((a) => a.rule_key === 'k-hot')).toHaveLength(1);
      const later = all.filter((a) => a.rule_key === 'k-hot-later');
      expect(later).toHaveLength(1);
      expect(later[0]!.fired_at! - later[0]!.active_at).toBeGreaterThanOrEqual(30_000);
      const silent = all.filter((a) => a.rule_key === 'k-silent');
      expect(silent).toHaveLength(1);
      // The sweep notices the silence within 5 s of the threshold and the tick within 5 s of the absence's minutes.
      expect(silent[0]!.fired_at! - heartbeatAt).toBeGreaterThanOrEqual(ABSENCE_MINUTES * 60_000);
      expect(silent[0]!.fired_at! - heartbeatAt).toBeLessThanOrEqual(ABSENCE_MINUTES * 60_000 + 5_000);
    } finally {
      db.close();
    }
  });
});
