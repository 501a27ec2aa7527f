import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../ids.ts';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { HEALTH_REASONS, type HealthReason } from '../estate/health-reason.ts';

/**
 * A device's health history must not open with "reporting again": its first report after registration or adoption
 * reads as its first report, and only a device that was heard from before and then went silent is "reporting again".
 */
describeEachDatabase('the first report of a device on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let bearer: Record<string, string>;
  let siteId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    const token = await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'gateway', permissions: ['ingest:write'] } });
    bearer = { authorization: `Bearer ${token.json().secret}` };
    siteId = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'canteen-2', name: '第二食堂' } })).json().id;
  });
  afterAll(async () => t.close());

  const report = async (code: string, kind: 'heartbeat' | 'metric' = 'heartbeat') => {
    const data = kind === 'heartbeat' ? { status: 'ok', cpu: 10 } : { name: 'pos.txn_latency_ms', value: 120, unit: 'ms' };
    const item = { id: newId(), kind, ts: new Date(t.clock.now() - 500).toISOString(), device: code, site: 'canteen-2', data };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { ...bearer, 'content-type': 'application/json' }, payload: JSON.stringify([item]) });
    expect(res.json().accepted, res.body).toBe(1);
  };
  const register = async (code: string) => {
    const res = await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code, name: code, type: 'pos', subsystem: 'consumption', siteId } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().id as string;
  };
  /** The reasons of a device's history, oldest first. */
  const reasons = async (id: string) => {
    const res = await t.call(admin, { method: 'GET', url: `/api/v1/devices/${id}/health-history` });
    return (res.json().items as { reason: HealthReason | null }[]).map((i) => i.reason).reverse();
  };

  it('a registered device that reports for the first time: "first report", not "reporting again"', async () => {
    const id = await register('POS-FIRST-01');
    await report('POS-FIRST-01');
    expect(await reasons(id)).toEqual([HEALTH_REASONS.firstReport()]);
  });

  it('plain traffic (no heartbeat) as the first report reads the same', async () => {
    const id = await register('POS-FIRST-02');
    await report('POS-FIRST-02', 'metric');
    expect(await reasons(id)).toEqual([HEALTH_REASONS.firstReport()]);
  });

  it('an adopted device: its first report after adoption is its first report', async () => {
    await report('POS-FOUND-01');
    const adopted = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/discovered-devices/POS-FOUND-01/adopt',
      payload: { name: '发现的消费机', type: 'pos', subsystem: 'consumption', siteId },
    });
    expect(adopted.statusCode, adopted.body).toBe(200);
    await report('POS-FOUND-01');
    expect(await reasons(adopted.json().id)).toEqual([HEALTH_REASONS.firstReport()]);
  });

  it('maintenance before any report does not make the first report a return', async () => {
    const id = await register('POS-FIRST-03');
    for (const on of [true, false]) {
      const res = await t.call(admin, { method: 'POST', url: `/api/v1/devices/${id}/maintenance`, payload: { on, reason: '安装调试' } });
      expect(res.statusCode, res.body).toBe(200);
    }
    await report('POS-FIRST-03');
    expect((await reasons(id)).at(-1)).toEqual(HEALTH_REASONS.firstReport());
  });

  it('a device heard from before, silent, then back: "reporting again"', async () => {
    const id = await register('POS-BACK-01');
    await report('POS-BACK-01');
    t.clock.advance(t.config.ingest.deviceSilenceMs + 2000);
    expect(await t.services.ingest.sweepSilentDevices()).toBeGreaterThanOrEqual(1);
    await report('POS-BACK-01');
    const history = await reasons(id);
    expect(history).toHaveLength(3);
    expect(history[0]).toEqual(HEALTH_REASONS.firstReport());
    expect(history[1]).toMatchObject({ code: 'silent', values: { minutes: expect.any(Number) } });
    expect(history[2]).toEqual(HEALTH_REASONS.reportingAgain());
  });
});
