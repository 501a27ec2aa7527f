import { deterministicId, isObject, readAlert, stringMap, type MappingResult } from './alertmanager.mapping.ts';

/**
 * Grafana → external alerts and their events (as alertmanager.mapping.ts). Two shapes arrive at the same URL:
 * - unified alerting (Grafana ≥ 8): Alertmanager's shape with `version: "1"`, `orgId`, `title`, `state`, `message`,
 *   and per alert `values`, `valueString`, `silenceURL`, `dashboardURL`, `panelURL`, `imageURL`;
 * - the legacy dashboard alert webhook (Grafana ≤ 10): one rule per call with `ruleId`, `ruleName`, `state`
 *   (`alerting`, `ok`, `no_data`, `pending`, `paused`), `evalMatches`, `tags`, and no time and no fingerprint: the
 *   rule is the alert (fingerprint `grafana-rule-<ruleId>`), `ok` resolves it, and `no_data` without a severity tag is
 *   a warning.
 */

export const GRAFANA_UNIFIED_VERSION = '1';
const GRAFANA_ALERT_FIELDS = ['values', 'valueString', 'silenceURL', 'dashboardURL', 'panelURL', 'imageURL', 'orgId'] as const;

/** Legacy notifications carry no time of their own: a repeat inside the same minute counts as the same delivery. */
const LEGACY_IDEMPOTENCY_WINDOW_MS = 60_000;

export function mapGrafanaPayload(body: unknown, options: { receivedAt: number }): MappingResult {
  if (!isObject(body)) return { ok: false, code: 'INVALID_PAYLOAD', reason: 'The Grafana webhook body must be a JSON object' };
  if (Array.isArray(body.alerts)) return mapUnified(body, options.receivedAt);
  if (body.ruleId !== undefined || body.ruleName !== undefined || Array.isArray(body.evalMatches)) return mapLegacy(body, options.receivedAt);
  return {
    ok: false,
    code: 'INVALID_PAYLOAD',
    reason: 'Not a Grafana alert webhook: expected an `alerts` array (unified alerting) or `ruleId`/`ruleName`/`evalMatches` (legacy alerting)',
  };
}

function mapUnified(body: Record<string, unknown>, receivedAt: number): MappingResult {
  const version = body.version;
  if (version !== undefined && version !== null && String(version) !== GRAFANA_UNIFIED_VERSION) {
    return {
      ok: false,
      code: 'UNSUPPORTED_VERSION',
      reason: `Grafana webhook payload version ${JSON.stringify(version)} is not supported: opsdesk reads version ${GRAFANA_UNIFIED_VERSION} (unified alerting) and the legacy alert webhook`,
      details: { version, supported: [GRAFANA_UNIFIED_VERSION] },
    };
  }
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const common = {
    receiver: str(body.receiver),
    groupKey: str(body.groupKey),
    externalURL: str(body.externalURL),
    title: str(body.title),
  };
  const alerts = body.alerts as unknown[];
  return { ok: true, items: alerts.map((alert) => readAlert(alert, { source: 'grafana', receivedAt, common, extraFields: GRAFANA_ALERT_FIELDS })) };
}

function mapLegacy(body: Record<string, unknown>, receivedAt: number): MappingResult {
  const tags = stringMap(body.tags);
  const evalMatches = Array.isArray(body.evalMatches) ? body.evalMatches.slice(0, 100) : [];
  const firstMatchTags = stringMap(evalMatches.find((m) => isObject(m) && isObject(m.tags))?.tags);
  const state = typeof body.state === 'string' ? body.state : 'alerting';
  const status = state === 'ok' ? ('resolved' as const) : ('firing' as const);
  const ruleName = typeof body.ruleName === 'string' && body.ruleName !== '' ? body.ruleName : null;
  const title = typeof body.title === 'string' && body.title !== '' ? body.title : null;
  const text = typeof body.message === 'string' && body.message !== '' ? body.message : null;
  const labels: Record<string, string> = { ...firstMatchTags, ...tags, ...(ruleName ? { alertname: ruleName } : {}) };
  if (state === 'no_data' && !labels.severity) labels.severity = 'warning';
  const message = text ?? title ?? ruleName ?? 'Grafana alert';
  const window = Math.floor(receivedAt / LEGACY_IDEMPOTENCY_WINDOW_MS);
  const key = ['grafana-legacy', body.orgId, body.dashboardId, body.panelId, body.ruleId, state, JSON.stringify(evalMatches), window].map((v) => String(v ?? '')).join('\n');
  const fingerprint = body.ruleId === undefined || body.ruleId === null ? null : `grafana-rule-${String(body.ruleId)}`;
  const ruleUrl = typeof body.ruleUrl === 'string' ? body.ruleUrl : null;
  const annotations: Record<string, string> = { ...(text && { summary: text }), ...(title && { title }) };
  return {
    ok: true,
    items: [
      {
        ok: true,
        alert: { fingerprint, status, labels, annotations, startsAt: null, endsAt: null, generatorUrl: ruleUrl },
        event: {
          id: deterministicId(window * LEGACY_IDEMPOTENCY_WINDOW_MS, key),
          kind: 'event',
          ts: new Date(receivedAt).toISOString(),
          data: {
            type: 'alert',
            message: message.length > 4000 ? `${message.slice(0, 3999)}…` : message,
            attrs: {
              alertname: ruleName,
              status,
              state,
              fingerprint,
              startsAt: null,
              endsAt: null,
              generatorURL: ruleUrl,
              labels,
              annotations: {},
              title,
              evalMatches,
              orgId: body.orgId ?? null,
              dashboardId: body.dashboardId ?? null,
              panelId: body.panelId ?? null,
              ruleId: body.ruleId ?? null,
              imageUrl: typeof body.imageUrl === 'string' ? body.imageUrl : null,
            },
          },
        },
      },
    ],
  };
}
