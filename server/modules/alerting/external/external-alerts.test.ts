import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { estateFixtures } from '../../estate/estate.fixtures.ts';
import { capturedDeliveries, grafanaUnifiedSample } from '../../ingest/webhooks/fixtures/fixtures.ts';
import { mapAlertmanagerPayload } from '../../ingest/webhooks/alertmanager.mapping.ts';
import { mapGrafanaPayload } from '../../ingest/webhooks/grafana.mapping.ts';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import type { Alert } from '../alerts/alert.schemas.ts';
import { createExternalAlerts, type ExternalAlert, type ExternalAlerts } from './external-alerts.ts';

/**
 * External alerts on a real database, seen through the alerts API as an operator sees them. The alerts come from the
 * real captured Alertmanager deliveries (and Grafana's documented shape) through the webhooks' own mapping.
 */
const RECEIVED = Date.parse('2026-11-22T06:06:20Z');
const MIN = 60_000;

function alertsOf(mapped: ReturnType<typeof mapAlertmanagerPayload>): ExternalAlert[] {
  if (!mapped.ok) throw new Error(mapped.reason);
  return mapped.items.map((item) => {
    if (!item.ok) throw new Error(item.error.message);
    return item.alert;
  });
}
const delivery = (i: number, at = RECEIVED) => alertsOf(mapAlertmanagerPayload(capturedDeliveries[i], { receivedAt: at }));

const bare = (labels: Record<string, string>, extra: Partial<ExternalAlert> = {}): ExternalAlert => ({
  fingerprint: null,
  status: 'firing',
  labels,
  annotations: {},
  startsAt: null,
  endsAt: null,
  generatorUrl: null,
  ...extra,
});

describeEachDatabase('external alerts on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let external: ExternalAlerts;
  let north: { id: string; code: string };
  let pos42: { id: string; code: string };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(RECEIVED);
    admin = await t.loginAdmin();
    external = createExternalAlerts({ db: t.db, clock: t.clock, events: t.services.events });
    const estate = estateFixtures(t);
    north = await estate.site(admin, { code: 'campus-north' });
    pos42 = await estate.device(admin, north.id, { code: 'POS-0042', ip: '10.8.0.42' });
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    // every test starts from no alerts, at the time of the captured deliveries
    await t.db.kysely.deleteFrom('alert_events').execute();
    await t.db.kysely.deleteFrom('alerts').execute();
    t.clock.set(RECEIVED);
    admin = await t.loginAdmin(); // a session of this time: tests move the clock
  });

  const list = async (query = '') => {
    const res = await t.call(admin, { method: 'GET', url: `/api/v1/alerts?limit=200${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Alert[];
  };
  const one = async (id: string) => {
    const res = await t.call(admin, { method: 'GET', url: `/api/v1/alerts/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { alert: Alert; timeline: { kind: string; at: string; detail: Record<string, unknown> | null }[] };
  };
  const changedEvents = async () =>
    (await t.db.kysely.selectFrom('domain_events').select(['payload']).where('type', '=', 'alert.changed').orderBy('position').execute()).map(
      (r) => JSON.parse(r.payload) as { alertId: string; previous: string | null; state: string; source: string },
    );
  const discovered = async () => (await t.db.kysely.selectFrom('discovered_devices').select('code').execute()).map((r) => r.code);

  it('raises a captured Alertmanager delivery as alerts with its labels, annotations, fingerprint, start and source', async () => {
    const before = (await changedEvents()).length;
    const results = await external.receive('alertmanager', delivery(0));
    expect(results.map((r) => r.outcome)).toEqual(['raised', 'raised']);
    expect(results[0]!.device).toEqual({ id: pos42.id, code: 'POS-0042' });
    expect(results[1]!.device).toBeNull();

    const alerts = await list('&source=alertmanager');
    expect(alerts).toHaveLength(2);
    const a42 = alerts.find((a) => a.id === results[0]!.alertId)!;
    expect(a42).toMatchObject({
      source: 'alertmanager',
      name: 'PaymentFailureRateHigh',
      state: 'firing',
      level: 1, // severity "level1"
      ruleLevel: 1,
      ruleId: null,
      siteId: north.id,
      deviceId: pos42.id,
      subsystem: 'consumption',
      firedAt: '2026-11-22T06:06:10.000Z',
      activeAt: '2026-11-22T06:06:10.000Z',
      externalUrl: 'http://rules.local/r/1',
      annotations: { summary: 'Payment failure rate 7.2% over 10m' },
      detail: { code: 'external', values: { source: 'alertmanager', summary: 'Payment failure rate 7.2% over 10m', startsAt: '2026-11-22T06:06:10.000Z' } },
      groupKey: '{alertname="PaymentFailureRateHigh",site="campus-north"}',
      suppressedBy: null,
    });
    expect(a42.labels).toEqual({
      alertname: 'PaymentFailureRateHigh',
      device: 'POS-0042', // added: the device its device_id names
      device_id: 'POS-0042',
      device_type: 'pos',
      level: '1',
      severity: 'level1',
      site: 'campus-north',
      source: 'alertmanager',
      subsystem: 'consumption',
    });
    // POS-0043 is not registered: the alert belongs to its site, and no device is made up for it
    const a43 = alerts.find((a) => a.id === results[1]!.alertId)!;
    expect(a43).toMatchObject({ siteId: north.id, deviceId: null, subsystem: null, externalUrl: null });
    expect(a43.labels).not.toHaveProperty('device');
    expect(await discovered()).toEqual([]);

    const { timeline } = await one(a42.id);
    expect(timeline.map((e) => [e.kind, e.at])).toEqual([['firing', '2026-11-22T06:06:10.000Z']]);
    const events = (await changedEvents()).slice(before);
    expect(events.map((e) => [e.alertId, e.previous, e.state, e.source])).toEqual(results.map((r) => [r.alertId, null, 'firing', 'alertmanager']));
  });

  it('refreshes an open alert on a repeat, keeping it acknowledged, without a timeline line or an event', async () => {
    const [first] = await external.receive('alertmanager', delivery(0));
    const ack = await t.call(admin, { method: 'POST', url: `/api/v1/alerts/${first!.alertId}/ack`, payload: {} });
    expect(ack.statusCode, ack.body).toBe(200);
    const events = (await changedEvents()).length;
    t.clock.advance(5 * MIN);

    const repeat = delivery(0, t.clock.now());
    repeat[0] = { ...repeat[0]!, annotations: { summary: 'Payment failure rate 9.9% over 10m', runbook_url: 'http://wiki/pay' } };
    const again = await external.receive('alertmanager', repeat);
    expect(again.map((r) => [r.outcome, r.alertId])).toEqual([['refreshed', first!.alertId], ['refreshed', again[1]!.alertId]]);
    expect(await list()).toHaveLength(2);
    const { alert, timeline } = await one(first!.alertId!);
    expect(alert).toMatchObject({
      state: 'acknowledged',
      annotations: { summary: 'Payment failure rate 9.9% over 10m', runbook_url: 'http://wiki/pay' },
      detail: { values: { summary: 'Payment failure rate 9.9% over 10m', startsAt: '2026-11-22T06:06:10.000Z' } },
      updatedAt: new Date(t.clock.now()).toISOString(),
    });
    expect(timeline.map((e) => e.kind)).toEqual(['firing', 'acknowledged']);
    expect(await changedEvents()).toHaveLength(events);
  });

  it('resolves on `resolved` at the alert’s end; a resolution of what is not open is ignored', async () => {
    const [a42, a43] = await external.receive('alertmanager', delivery(0));
    t.clock.advance(5000);
    // the second delivery: POS-0042's alert resolved inside a group that still fires
    const second = await external.receive('alertmanager', delivery(1, t.clock.now()));
    expect(second.map((r) => [r.outcome, r.alertId])).toEqual([['resolved', a42!.alertId], ['refreshed', a43!.alertId]]);
    const { alert, timeline } = await one(a42!.alertId!);
    expect(alert).toMatchObject({ state: 'resolved', resolvedAt: '2026-11-22T06:06:14.000Z', resolvedBy: null });
    expect(timeline.map((e) => [e.kind, e.detail])).toEqual([['firing', { source: 'alertmanager' }], ['resolved', { source: 'alertmanager', reason: 'resolved' }]]);
    expect((await changedEvents()).at(-1)).toMatchObject({ alertId: a42!.alertId, previous: 'firing', state: 'resolved' });

    // delivered again: nothing open to resolve any more
    const again = await external.receive('alertmanager', delivery(1, t.clock.now()));
    expect(again[0]).toMatchObject({ outcome: 'ignored', alertId: null, error: { code: 'notOpen' } });
    const neverSeen = await external.receive('alertmanager', [bare({ alertname: 'Gone' }, { status: 'resolved', fingerprint: 'f-unknown' })]);
    expect(neverSeen[0]).toMatchObject({ outcome: 'ignored', alertId: null });
    expect(await list()).toHaveLength(2);
  });

  it('raises a new alert when a resolved one fires again', async () => {
    const [first] = await external.receive('alertmanager', delivery(0));
    await external.receive('alertmanager', delivery(1));
    t.clock.advance(10 * MIN);
    const refire = delivery(0, t.clock.now()).slice(0, 1);
    refire[0] = { ...refire[0]!, startsAt: t.clock.now() - MIN };
    const [again] = await external.receive('alertmanager', refire);
    expect(again).toMatchObject({ outcome: 'raised' });
    expect(again!.alertId).not.toBe(first!.alertId);
    const states = (await list()).filter((a) => a.deviceId === pos42.id).map((a) => [a.id, a.state]);
    expect(states).toEqual(expect.arrayContaining([[first!.alertId, 'resolved'], [again!.alertId, 'firing']]));
  });

  it('tells occurrences apart by their start: a later start re-fires, a notice about an earlier one changes nothing', async () => {
    const labels = { alertname: 'DiskFull', instance: '10.8.0.42:9100', severity: 'warning' };
    const start1 = RECEIVED - 60 * MIN;
    const [first] = await external.receive('alertmanager', [bare(labels, { fingerprint: 'disk', startsAt: start1 })]);
    // its resolution was lost; the same alert fires again later
    const start2 = RECEIVED - 10 * MIN;
    const [second] = await external.receive('alertmanager', [bare(labels, { fingerprint: 'disk', startsAt: start2 })]);
    expect(second).toMatchObject({ outcome: 'raised' });
    const { alert: old, timeline } = await one(first!.alertId!);
    expect(old).toMatchObject({ state: 'resolved', resolvedAt: new Date(start2).toISOString() });
    expect(timeline.at(-1)).toMatchObject({ kind: 'resolved', detail: { reason: 'refired' } });
    // the first occurrence's resolution arrives late: the second stays open
    const [late] = await external.receive('alertmanager', [bare(labels, { fingerprint: 'disk', startsAt: start1, status: 'resolved', endsAt: start1 + MIN })]);
    expect(late).toMatchObject({ outcome: 'ignored', alertId: second!.alertId, error: { code: 'stale' } });
    const [lateFiring] = await external.receive('alertmanager', [bare(labels, { fingerprint: 'disk', startsAt: start1 })]);
    expect(lateFiring).toMatchObject({ outcome: 'ignored', error: { code: 'stale' } });
    expect((await one(second!.alertId!)).alert.state).toBe('firing');
  });

  it('attaches a site-wide alert (no instance) to its site, never to a made-up device', async () => {
    const [siteWide, unknownSite] = await external.receive('alertmanager', [
      bare({ alertname: 'SiteNetworkDown', site: 'campus-north', severity: 'critical' }, { fingerprint: 'net-north' }),
      bare({ alertname: 'SiteNetworkDown', site: 'no-such-site' }, { fingerprint: 'net-nowhere' }),
    ]);
    const { alert } = await one(siteWide!.alertId!);
    expect(alert).toMatchObject({ siteId: north.id, deviceId: null, level: 1, labels: { site: 'campus-north', alertname: 'SiteNetworkDown' } });
    const nowhere = (await one(unknownSite!.alertId!)).alert;
    expect(nowhere).toMatchObject({ siteId: null, deviceId: null, level: 3, labels: { site: 'no-such-site' } });
    expect(await discovered()).toEqual([]);
    expect(await list(`&site=${north.id}`)).toEqual([expect.objectContaining({ id: siteWide!.alertId })]);
  });

  it('finds the device by instance address, code in another case, or device label, and labels the alert with it', async () => {
    const results = await external.receive('alertmanager', [
      bare({ alertname: 'NodeDown', instance: '10.8.0.42:9100' }),
      bare({ alertname: 'NodeDown', instance: 'pos-0042:9100' }),
      bare({ alertname: 'Other', device: 'POS-0042', subsystem: 'payments' }),
      bare({ alertname: 'NodeDown', instance: '10.9.9.9:9100', job: 'POS-0042' }),
    ]);
    expect(results.map((r) => r.device?.code ?? null)).toEqual(['POS-0042', 'POS-0042', 'POS-0042', null]);
    const first = (await one(results[0]!.alertId!)).alert;
    expect(first).toMatchObject({ deviceId: pos42.id, siteId: north.id, subsystem: 'consumption', labels: { device: 'POS-0042', site: 'campus-north', subsystem: 'consumption', instance: '10.8.0.42:9100' } });
    // the sender's own labels are kept as they are
    expect((await one(results[2]!.alertId!)).alert.labels).toMatchObject({ device: 'POS-0042', subsystem: 'payments' });
    expect((await one(results[3]!.alertId!)).alert).toMatchObject({ deviceId: null, siteId: null });
    expect(await discovered()).toEqual([]);
  });

  it('bounds times: a start in the future is now, one months ago is 30 days ago', async () => {
    const [future, ancient] = await external.receive('alertmanager', [
      bare({ alertname: 'Skewed' }, { startsAt: RECEIVED + 3_600_000 }),
      bare({ alertname: 'Ancient' }, { startsAt: RECEIVED - 90 * 86_400_000 }),
    ]);
    expect((await one(future!.alertId!)).alert.firedAt).toBe(new Date(RECEIVED).toISOString());
    expect((await one(ancient!.alertId!)).alert.firedAt).toBe(new Date(RECEIVED - 30 * 86_400_000).toISOString());
    // an end before it fired (as bounded) resolves it when it fired, not before
    const [ended] = await external.receive('alertmanager', [bare({ alertname: 'Ancient' }, { status: 'resolved', startsAt: RECEIVED - 90 * 86_400_000, endsAt: RECEIVED - 80 * 86_400_000 })]);
    expect(ended!.outcome).toBe('resolved');
    expect((await one(ancient!.alertId!)).alert.resolvedAt).toBe(new Date(RECEIVED - 30 * 86_400_000).toISOString());
  });

  it('changes the level when the sender does, unless somebody set it by hand', async () => {
    const [a] = await external.receive('grafana', [bare({ alertname: 'Kiosk failures', severity: 'warning' }, { fingerprint: 'grafana-rule-7' })]);
    expect((await one(a!.alertId!)).alert.level).toBe(2);
    await external.receive('grafana', [bare({ alertname: 'Kiosk failures', severity: 'critical' }, { fingerprint: 'grafana-rule-7' })]);
    const raised = await one(a!.alertId!);
    expect(raised.alert).toMatchObject({ level: 1, ruleLevel: 1, labels: { level: '1', severity: 'critical' } });
    expect(raised.timeline.at(-1)).toMatchObject({ kind: 'level', detail: { from: 2, to: 1, source: 'grafana' } });

    const byHand = await t.call(admin, { method: 'POST', url: `/api/v1/alerts/${a!.alertId}/level`, payload: { level: 2, reason: '只影响一台' } });
    expect(byHand.statusCode, byHand.body).toBe(200);
    await external.receive('grafana', [bare({ alertname: 'Kiosk failures', severity: 'info' }, { fingerprint: 'grafana-rule-7' })]);
    expect((await one(a!.alertId!)).alert).toMatchObject({ level: 2, ruleLevel: 3, levelReason: '只影响一台' });
  });

  it('rejects an alert with nothing to tell it apart by, keeping the others', async () => {
    const results = await external.receive('alertmanager', [bare({}), bare({ alertname: 'Fine' })]);
    expect(results.map((r) => r.outcome)).toEqual(['rejected', 'raised']);
    expect(results[0]!.error?.code).toBe('NO_IDENTITY');
  });

  it('keeps what it stores within bounds', async () => {
    const labels: Record<string, string> = { alertname: 'Noisy' };
    for (let i = 0; i < 200; i++) labels[`l${i}`] = 'x'.repeat(5000);
    const [r] = await external.receive('alertmanager', [
      bare(labels, { annotations: { summary: 's'.repeat(100_000), other: 'o'.repeat(100_000) }, generatorUrl: 'javascript:alert(1)', fingerprint: 'f'.repeat(5000) }),
    ]);
    const row = await t.db.kysely.selectFrom('alerts').selectAll().where('id', '=', r!.alertId!).executeTakeFirstOrThrow();
    expect(Object.keys(JSON.parse(row.labels))).toHaveLength(50);
    expect(Buffer.byteLength(row.annotations)).toBeLessThan(17 * 1024);
    expect(row.external_url).toBeNull();
    expect(row.external_id).toHaveLength(200);
  });

  it('raises an alert once when two notifications of it arrive at the same time', async () => {
    const alert = bare({ alertname: 'Twice', site: 'campus-north' }, { fingerprint: 'twice', startsAt: RECEIVED - MIN });
    const [a, b] = await Promise.all([external.receive('alertmanager', [alert]), external.receive('alertmanager', [alert])]);
    expect([a![0]!.outcome, b![0]!.outcome].sort()).toEqual(['raised', 'refreshed']);
    expect(a![0]!.alertId).toBe(b![0]!.alertId);
    expect(await list()).toHaveLength(1);
  });

  it('raises Grafana alerts likewise, shown with their source', async () => {
    const mapped = mapGrafanaPayload(grafanaUnifiedSample(RECEIVED), { receivedAt: RECEIVED });
    const [memory, noData] = await external.receive('grafana', alertsOf(mapped));
    expect(memory).toMatchObject({ outcome: 'raised', device: null });
    expect(noData).toMatchObject({ outcome: 'ignored' }); // resolved, never seen
    const alerts = await list('&source=grafana');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      source: 'grafana',
      name: 'High memory usage',
      level: 2,
      siteId: null, // canteen-2 is not a site here
      externalUrl: 'https://grafana.local/alerting/grafana/1afz29v7z/view',
      annotations: { summary: 'kiosk-12 memory 93%', runbook_url: 'https://wiki/runbooks/mem' },
      labels: { source: 'grafana', site: 'canteen-2', team: 'blue' },
    });
    expect(await list('&source=alertmanager')).toEqual([]);
  });

  it('lists a source’s open alerts for the module that raises them, which resolves one by sending it back', async () => {
    const condition = (day: string) =>
      bare({ alertname: 'recon-bill-missing', channel: 'alipay', day, kind: 'bill-missing', level: '2' }, { fingerprint: `recon:alipay:bill-missing:${day}`, annotations: { summary: `支付宝 ${day} 账单未到` } });
    await external.receive('recon', [condition('2026-11-20'), condition('2026-11-21')]);
    await external.receive('alertmanager', [bare({ alertname: 'Other', site: 'campus-north' }, { fingerprint: 'other' })]);
    const open = (await external.open('recon')).sort((a, b) => (a.fingerprint! < b.fingerprint! ? -1 : 1));
    expect(open.map((a) => a.fingerprint)).toEqual(['recon:alipay:bill-missing:2026-11-20', 'recon:alipay:bill-missing:2026-11-21']);
    expect(open[0]).toMatchObject({ state: 'firing', labels: { alertname: 'recon-bill-missing', channel: 'alipay', source: 'recon', level: '2' }, annotations: { summary: '支付宝 2026-11-20 账单未到' } });
    // A site-less, device-less alert of level 2, listed under its source.
    expect(await list('&source=recon')).toEqual([
      expect.objectContaining({ source: 'recon', level: 2, siteId: null, deviceId: null }),
      expect.objectContaining({ source: 'recon', level: 2, siteId: null, deviceId: null }),
    ]);

    const [first] = open;
    const [resolved] = await external.receive('recon', [{ ...bare(first!.labels, { fingerprint: first!.fingerprint, annotations: first!.annotations }), status: 'resolved' }]);
    expect(resolved).toMatchObject({ outcome: 'resolved', alertId: first!.alertId });
    expect((await one(first!.alertId)).alert).toMatchObject({ state: 'resolved', annotations: { summary: '支付宝 2026-11-20 账单未到' } });
    expect((await external.open('recon')).map((a) => a.fingerprint)).toEqual(['recon:alipay:bill-missing:2026-11-21']);
    expect((await external.open('alertmanager')).map((a) => a.fingerprint)).toEqual(['other']);
  });
});
