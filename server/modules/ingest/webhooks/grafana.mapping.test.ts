import { describe, expect, it } from 'vitest';
import type { ExternalAlert } from '../../alerting/index.ts';
import type { Envelope } from '../envelope.ts';
import { validateEnvelope } from '../envelope.validate.ts';
import type { MappingResult } from './alertmanager.mapping.ts';
import { grafanaLegacySample, grafanaUnifiedSample } from './fixtures/fixtures.ts';
import { mapGrafanaPayload } from './grafana.mapping.ts';

const NOW = Date.parse('2026-11-20T02:00:00Z');
const limits = { now: NOW, maxFutureMs: 600_000, maxAgeMs: 30 * 86_400_000 };

function items(result: MappingResult) {
  if (!result.ok) throw new Error(result.reason);
  return result.items.map((item) => {
    if (!item.ok) throw new Error(item.error.message);
    return item;
  });
}
/** The events as they go into a registered device's history (the webhooks service adds the device and severity). */
const envelopes = (result: MappingResult): Envelope[] => items(result).map(({ event }) => ({ ...event, device: 'KIOSK-1', data: { ...event.data, severity: 'warning' } }));
const alerts = (result: MappingResult): ExternalAlert[] => items(result).map(({ alert }) => alert);

describe('Grafana payload → external alerts and their events', () => {
  it('reads unified alerting as Alertmanager’s shape', () => {
    const [mem, nodata] = alerts(mapGrafanaPayload(grafanaUnifiedSample(NOW), { receivedAt: NOW }));
    expect(mem).toEqual({
      fingerprint: 'c6eadffa33fcdf37',
      status: 'firing',
      labels: { alertname: 'High memory usage', team: 'blue', instance: 'kiosk-12.campus:9182', severity: 'warning', site: 'canteen-2' },
      annotations: { description: 'Memory above 90% for 5 minutes', runbook_url: 'https://wiki/runbooks/mem', summary: 'kiosk-12 memory 93%' },
      startsAt: NOW - 60_000,
      endsAt: null,
      generatorUrl: 'https://grafana.local/alerting/grafana/1afz29v7z/view',
    });
    expect(nodata).toMatchObject({ status: 'resolved', fingerprint: '0b5d3b1a2f4c8e90', endsAt: NOW - 1000, generatorUrl: null });
  });

  it('maps unified alerting events like Alertmanager’s, keeping Grafana’s extra fields', () => {
    const [mem, nodata] = envelopes(mapGrafanaPayload(grafanaUnifiedSample(NOW), { receivedAt: NOW }));
    expect(mem).toMatchObject({
      kind: 'event',
      ts: new Date(NOW - 60_000).toISOString(),
      data: {
        type: 'alert',
        message: 'kiosk-12 memory 93%',
        attrs: { alertname: 'High memory usage', status: 'firing', fingerprint: 'c6eadffa33fcdf37', endsAt: null, values: { B: 93.1, C: 1 }, receiver: 'opsdesk', title: '[FIRING:1, RESOLVED:1] (High memory usage)' },
      },
    });
    expect(mem!.data.attrs).not.toHaveProperty('dashboardURL'); // empty strings are left out
    expect(nodata).toMatchObject({ data: { message: 'DatasourceNoData', attrs: { status: 'resolved' } } });
    for (const env of [mem, nodata]) expect(validateEnvelope(env, limits).ok).toBe(true);
    // re-delivery: same ids
    expect(envelopes(mapGrafanaPayload(grafanaUnifiedSample(NOW), { receivedAt: NOW + 30_000 })).map((e) => e.id)).toEqual([mem!.id, nodata!.id]);
  });

  it('gives Grafana and Alertmanager alerts with the same fingerprint different ids', async () => {
    const { mapAlertmanagerPayload } = await import('./alertmanager.mapping.ts');
    const body = grafanaUnifiedSample(NOW);
    const fromGrafana = envelopes(mapGrafanaPayload(body, { receivedAt: NOW }))[0]!.id;
    const fromAlertmanager = envelopes(mapAlertmanagerPayload({ ...body, version: '4' }, { receivedAt: NOW }))[0]!.id;
    expect(fromGrafana).not.toBe(fromAlertmanager);
  });

  it('refuses an unknown unified version with the reason', () => {
    const refused = mapGrafanaPayload({ ...grafanaUnifiedSample(NOW), version: '2' }, { receivedAt: NOW });
    expect(refused).toMatchObject({ ok: false, code: 'UNSUPPORTED_VERSION' });
  });

  it('maps the legacy alert webhook: the rule is the alert, labels from tags and the matched series, ok resolves', () => {
    const [alert] = alerts(mapGrafanaPayload(grafanaLegacySample, { receivedAt: NOW }));
    expect(alert).toEqual({
      fingerprint: 'grafana-rule-7',
      status: 'firing',
      labels: { instance: '10.8.0.17:9100', device: 'KIOSK-C2-04', severity: 'critical', site: 'canteen-2', alertname: 'Kiosk failures' },
      annotations: { summary: 'Kiosk payment failures', title: '[Alerting] Kiosk failures' },
      startsAt: null,
      endsAt: null,
      generatorUrl: 'https://grafana.local/d/hZ7BuVbWz/kiosks?tab=alert&editPanel=2&orgId=1',
    });
    const [ok] = alerts(mapGrafanaPayload({ ...grafanaLegacySample, state: 'ok', evalMatches: [] }, { receivedAt: NOW + 300_000 }));
    expect(ok).toMatchObject({ fingerprint: 'grafana-rule-7', status: 'resolved' });
    const [noData] = alerts(mapGrafanaPayload({ ruleName: 'POS heartbeat', state: 'no_data', evalMatches: [] }, { receivedAt: NOW }));
    expect(noData).toMatchObject({ fingerprint: null, labels: { alertname: 'POS heartbeat', severity: 'warning' } });

    const [alerting] = envelopes(mapGrafanaPayload(grafanaLegacySample, { receivedAt: NOW }));
    expect(alerting).toMatchObject({
      ts: new Date(NOW).toISOString(),
      data: { type: 'alert', message: 'Kiosk payment failures', attrs: { alertname: 'Kiosk failures', status: 'firing', state: 'alerting', ruleId: 7 } },
    });
    expect(validateEnvelope(alerting, limits).ok).toBe(true);
    // the same notification again within the minute is the same event; ok later is a new (resolved) one
    expect(envelopes(mapGrafanaPayload(grafanaLegacySample, { receivedAt: NOW + 20_000 }))[0]!.id).toBe(alerting!.id);
    const [okEvent] = envelopes(mapGrafanaPayload({ ...grafanaLegacySample, state: 'ok', evalMatches: [] }, { receivedAt: NOW + 300_000 }));
    expect(okEvent!.id).not.toBe(alerting!.id);
    expect(okEvent).toMatchObject({ data: { attrs: { status: 'resolved' } } });
  });

  it('refuses a body that is neither shape', () => {
    expect(mapGrafanaPayload({ hello: 'world' }, { receivedAt: NOW })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    expect(mapGrafanaPayload('x', { receivedAt: NOW })).toMatchObject({ ok: false });
  });
});
