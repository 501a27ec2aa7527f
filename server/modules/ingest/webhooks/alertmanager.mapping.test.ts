import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExternalAlert } from '../../alerting/index.ts';
import type { Envelope } from '../envelope.ts';
import { validateEnvelope } from '../envelope.validate.ts';
import { deterministicId, mapAlertmanagerPayload, type AlertEventDraft, type MappingResult } from './alertmanager.mapping.ts';
import { capturedDeliveries } from './fixtures/fixtures.ts';

const RECEIVED = Date.parse('2026-11-22T06:06:20Z');
const limits = { now: RECEIVED, maxFutureMs: 600_000, maxAgeMs: 30 * 86_400_000 };

function mapped(result: MappingResult): { alert: ExternalAlert; event: AlertEventDraft }[] {
  if (!result.ok) throw new Error(result.reason);
  return result.items.map((item) => {
    if (!item.ok) throw new Error(item.error.message);
    return item;
  });
}
/** The events as they go into a registered device's history (the webhooks service adds the device and severity). */
const envelopes = (result: MappingResult): Envelope[] => mapped(result).map(({ event }) => ({ ...event, device: 'POS-0042', data: { ...event.data, severity: 'critical' } }));
const alerts = (result: MappingResult): ExternalAlert[] => mapped(result).map(({ alert }) => alert);

describe('Alertmanager payload → external alerts', () => {
  it('reads the first delivery: labels, annotations, their fingerprint, start, no end (Go zero time)', () => {
    const [a42, a43] = alerts(mapAlertmanagerPayload(capturedDeliveries[0], { receivedAt: RECEIVED }));
    expect(a42).toEqual({
      fingerprint: 'af208cd6f2b1f06e',
      status: 'firing',
      labels: { alertname: 'PaymentFailureRateHigh', device_id: 'POS-0042', device_type: 'pos', severity: 'level1', site: 'campus-north' },
      annotations: { summary: 'Payment failure rate 7.2% over 10m' },
      startsAt: Date.parse('2026-11-22T06:06:10Z'),
      endsAt: null,
      generatorUrl: 'http://rules.local/r/1',
    });
    expect(a43).toMatchObject({ fingerprint: '065fc3ec122c5cc3', generatorUrl: null });
  });

  it('reads the second delivery: one alert resolved inside a group that still fires', () => {
    const [a42, a43] = alerts(mapAlertmanagerPayload(capturedDeliveries[1], { receivedAt: RECEIVED }));
    expect(a42).toMatchObject({ status: 'resolved', endsAt: Date.parse('2026-11-22T06:06:14Z') });
    expect(a43).toMatchObject({ status: 'firing', endsAt: null });
  });

  it('leaves status and fingerprint out when the sender does (the alerting module decides), and reads odd label values', () => {
    const [a, b] = alerts(mapAlertmanagerPayload({ alerts: [{ labels: { alertname: 'Up', count: 3, flag: true, nested: { x: 1 } } }, { labels: { alertname: 'X' }, startsAt: '2026-11-22T06:00:00Z', endsAt: '2026-11-22T06:05:00Z' }] }, { receivedAt: RECEIVED }));
    expect(a).toEqual({ fingerprint: null, status: null, labels: { alertname: 'Up', count: '3', flag: 'true' }, annotations: {}, startsAt: null, endsAt: null, generatorUrl: null });
    expect(b).toMatchObject({ status: null, endsAt: Date.parse('2026-11-22T06:05:00Z') });
  });
});

describe('Alertmanager payload → events for a device’s history', () => {
  it('maps every captured delivery to events the pipeline accepts', () => {
    expect(capturedDeliveries.length).toBeGreaterThanOrEqual(2);
    for (const body of capturedDeliveries) {
      const out = envelopes(mapAlertmanagerPayload(body, { receivedAt: RECEIVED }));
      expect(out).toHaveLength((body.alerts as unknown[]).length);
      for (const env of out) {
        const checked = validateEnvelope(env, limits);
        expect(checked.ok, JSON.stringify(checked)).toBe(true);
        expect(env).toMatchObject({ kind: 'event', data: { type: 'alert' } });
        expect(env).not.toHaveProperty('site');
        expect(env.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      }
    }
  });

  it('reads the first delivery: the summary as message, Go zero time as no end', () => {
    const [first] = envelopes(mapAlertmanagerPayload(capturedDeliveries[0], { receivedAt: RECEIVED }));
    expect(first).toMatchObject({
      ts: '2026-11-22T06:06:10.000Z',
      data: {
        message: 'Payment failure rate 7.2% over 10m',
        attrs: {
          alertname: 'PaymentFailureRateHigh',
          status: 'firing',
          fingerprint: 'af208cd6f2b1f06e',
          startsAt: '2026-11-22T06:06:10Z',
          endsAt: null,
          generatorURL: 'http://rules.local/r/1',
          receiver: 'ops-webhook',
          groupKey: '{}:{alertname="PaymentFailureRateHigh", site="campus-north"}',
          externalURL: 'http://vm:19093',
          labels: { alertname: 'PaymentFailureRateHigh', device_id: 'POS-0042', device_type: 'pos', severity: 'level1', site: 'campus-north' },
          annotations: { summary: 'Payment failure rate 7.2% over 10m' },
        },
      },
    });
  });

  it('gives the resolved alert a new id, and the unchanged alert of the same group the id it already had', () => {
    const [firstA, firstB] = envelopes(mapAlertmanagerPayload(capturedDeliveries[0], { receivedAt: RECEIVED }));
    // the group is still "firing" while POS-0042's alert inside it is resolved
    const [secondA, secondB] = envelopes(mapAlertmanagerPayload(capturedDeliveries[1], { receivedAt: RECEIVED + 5000 }));
    expect(secondA!.data.attrs).toMatchObject({ status: 'resolved', endsAt: '2026-11-22T06:06:14Z' });
    expect(secondA!.ts).toBe('2026-11-22T06:06:14.000Z');
    expect(secondA!.id).not.toBe(firstA!.id);
    expect(secondB!.id).toBe(firstB!.id);
  });

  it('gives the same delivery the same ids however often and whenever it comes', () => {
    for (const body of capturedDeliveries) {
      const once = envelopes(mapAlertmanagerPayload(body, { receivedAt: RECEIVED })).map((e) => e.id);
      const again = envelopes(mapAlertmanagerPayload(structuredClone(body), { receivedAt: RECEIVED + 3_600_000 })).map((e) => e.id);
      expect(again).toEqual(once);
    }
  });

  it('gives a re-fired alert (new startsAt) a new id', () => {
    const body = structuredClone(capturedDeliveries[0]!) as { alerts: { startsAt: string }[] };
    const before = envelopes(mapAlertmanagerPayload(body, { receivedAt: RECEIVED }))[0]!.id;
    body.alerts[0]!.startsAt = '2026-11-22T07:00:00Z';
    expect(envelopes(mapAlertmanagerPayload(body, { receivedAt: RECEIVED }))[0]!.id).not.toBe(before);
  });

  it('accepts a missing version and newer fields; refuses other versions with the reason', () => {
    const body = capturedDeliveries[0]!;
    const { version: _v, ...noVersion } = body;
    expect(mapAlertmanagerPayload(noVersion, { receivedAt: RECEIVED }).ok).toBe(true);
    const newer = { ...body, truncatedAlerts: 3, notification_reason: 'resolved', routeLabels: { team: 'ops' }, alerts: (body.alerts as object[]).map((a) => ({ ...a, silencedBy: [], inhibitedBy: [] })) };
    expect(envelopes(mapAlertmanagerPayload(newer, { receivedAt: RECEIVED }))).toHaveLength(2);
    for (const version of ['3', '5', 3, 'four']) {
      const refused = mapAlertmanagerPayload({ ...body, version }, { receivedAt: RECEIVED });
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.code).toBe('UNSUPPORTED_VERSION');
        expect(refused.reason).toContain('version 4');
      }
    }
    expect(mapAlertmanagerPayload({ version: '4' }, { receivedAt: RECEIVED }).ok).toBe(false);
    expect(mapAlertmanagerPayload([], { receivedAt: RECEIVED }).ok).toBe(false);
  });

  it('rejects a malformed alert on its own and keeps the others', () => {
    const body = { ...capturedDeliveries[0]!, alerts: ['not an alert', null, (capturedDeliveries[0]!.alerts as unknown[])[0]] };
    const result = mapAlertmanagerPayload(body, { receivedAt: RECEIVED });
    expect(result.ok && result.items.map((i) => i.ok)).toEqual([false, false, true]);
  });

  it('copes with a bare alert: no fingerprint, no times, no status', () => {
    const result = mapAlertmanagerPayload({ alerts: [{ labels: { alertname: 'Up', instance: '[fe80::1]:9100', count: 3 } }, { labels: { alertname: 'Up' } }] }, { receivedAt: RECEIVED });
    const [a, b] = envelopes(result);
    expect(a).toMatchObject({ ts: new Date(RECEIVED).toISOString(), data: { message: 'Up', attrs: { status: 'firing', startsAt: null, labels: { count: '3' } } } });
    expect(a!.data.attrs).toHaveProperty('fingerprint', expect.stringMatching(/^[0-9a-f]{16}$/));
    expect(a!.id).not.toBe(b!.id);
    expect(validateEnvelope(a, limits).ok && validateEnvelope(b, limits).ok).toBe(true);
    // a status-less alert whose end has passed is resolved
    const ended = envelopes(mapAlertmanagerPayload({ alerts: [{ labels: { alertname: 'X' }, startsAt: '2026-11-22T06:00:00Z', endsAt: '2026-11-22T06:05:00Z' }] }, { receivedAt: RECEIVED }));
    expect(ended[0]!.data.attrs).toMatchObject({ status: 'resolved' });
  });

  it('uses the receive time for the envelope when the alert started long ago, but keeps the id stable', () => {
    const old = { alerts: [{ status: 'firing', labels: { alertname: 'DiskFull', instance: 'db-1:9100' }, startsAt: '2026-09-01T00:00:00Z', endsAt: '0001-01-01T00:00:00Z', fingerprint: 'aa' }] };
    const [a] = envelopes(mapAlertmanagerPayload(old, { receivedAt: RECEIVED }));
    const [b] = envelopes(mapAlertmanagerPayload(old, { receivedAt: RECEIVED + 86_400_000 }));
    expect(a!.ts).toBe(new Date(RECEIVED).toISOString());
    expect(a!.data.attrs).toMatchObject({ startsAt: '2026-09-01T00:00:00Z' });
    expect(b!.id).toBe(a!.id);
    expect(validateEnvelope(a, limits).ok).toBe(true);
  });
});

describe('event ids', () => {
  it('derives ULID-shaped ids that keep the time and differ for different keys', () => {
    const id = deterministicId(Date.parse('2026-11-22T06:06:10Z'), 'k');
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(deterministicId(Date.parse('2026-11-22T06:06:10Z'), 'k')).toBe(id);
    expect(deterministicId(Date.parse('2026-11-22T06:06:11Z'), 'k') > id).toBe(true);
    expect(deterministicId(-1, 'k')).toMatch(/^0{10}/);
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 0, max: 2 ** 48 - 1 }), (a, b, t) => {
        fc.pre(a !== b);
        expect(deterministicId(t, a)).not.toBe(deterministicId(t, b));
        expect(deterministicId(t, a)).toHaveLength(26);
      }),
    );
  });
});
