import { describe, expect, it } from 'vitest';
import type { Envelope } from '../envelope.ts';
import { validateEnvelope } from '../envelope.validate.ts';
import type { MappingResult } from './alertmanager.mapping.ts';
import { grafanaLegacySample, grafanaUnifiedSample } from './fixtures/fixtures.ts';
import { mapGrafanaPayload } from './grafana.mapping.ts';

const NOW = Date.parse('2026-11-20T02:00:00Z');
const limits = { now: NOW, maxFutureMs: 600_000, maxAgeMs: 30 * 86_400_000 };

function envelopes(result: MappingResult): Envelope[] {
  if (!result.ok) throw new Error(result.reason);
  return result.items.map((item) => {
    if (!item.ok) throw new Error(item.error.message);
    return item.envelope;
  });
}

describe('Grafana payload → envelopes', () => {
  it('maps unified alerting like Alertmanager, keeping Grafana’s extra fields', () => {
    const [mem, nodata] = envelopes(mapGrafanaPayload(grafanaUnifiedSample(NOW), { receivedAt: NOW }));
    expect(mem).toMatchObject({
      kind: 'event',
      ts: new Date(NOW - 60_000).toISOString(),
      device: 'kiosk-12.campus',
      site: 'canteen-2',
      data: {
        type: 'alert',
        severity: 'warning',
        message: 'kiosk-12 memory 93%',
        attrs: { alertname: 'High memory usage', status: 'firing', fingerprint: 'c6eadffa33fcdf37', endsAt: null, values: { B: 93.1, C: 1 }, receiver: 'opsdesk', title: '[FIRING:1, RESOLVED:1] (High memory usage)' },
      },
    });
    expect(mem!.data.attrs).not.toHaveProperty('dashboardURL'); // empty strings are left out
    expect(nodata).toMatchObject({ device: 'grafana', data: { severity: 'info', message: 'DatasourceNoData', attrs: { status: 'resolved' } } });
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

  it('maps the legacy alert webhook: one event per notification, device from tags or the matched series', () => {
    const [alerting] = envelopes(mapGrafanaPayload(grafanaLegacySample, { receivedAt: NOW }));
    expect(alerting).toMatchObject({
      ts: new Date(NOW).toISOString(),
      device: 'KIOSK-C2-04',
      site: 'canteen-2',
      data: { type: 'alert', severity: 'critical', message: 'Kiosk payment failures', attrs: { alertname: 'Kiosk failures', status: 'firing', state: 'alerting', ruleId: 7 } },
    });
    expect(validateEnvelope(alerting, limits).ok).toBe(true);
    // the same notification again within the minute is the same event; ok later is a new (resolved) one
    expect(envelopes(mapGrafanaPayload(grafanaLegacySample, { receivedAt: NOW + 20_000 }))[0]!.id).toBe(alerting!.id);
    const [ok] = envelopes(mapGrafanaPayload({ ...grafanaLegacySample, state: 'ok', evalMatches: [] }, { receivedAt: NOW + 300_000 }));
    expect(ok!.id).not.toBe(alerting!.id);
    expect(ok).toMatchObject({ data: { attrs: { status: 'resolved' } }, device: 'grafana' });
    const [noData] = envelopes(mapGrafanaPayload({ ruleName: 'POS heartbeat', state: 'no_data', evalMatches: [] }, { receivedAt: NOW }));
    expect(noData).toMatchObject({ data: { severity: 'warning', message: 'POS heartbeat' } });
  });

  it('refuses a body that is neither shape', () => {
    expect(mapGrafanaPayload({ hello: 'world' }, { receivedAt: NOW })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    expect(mapGrafanaPayload('x', { receivedAt: NOW })).toMatchObject({ ok: false });
  });
});
