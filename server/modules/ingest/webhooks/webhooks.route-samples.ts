import type { SampleFactory } from '../../../testing/sample.ts';

/**
 * One successful call for each webhook route (both are audit-exempt telemetry, but the catalogue still wants a sample).
 * Times follow the test app's clock so that the pipeline does not refuse them as too old; fingerprints are unique per
 * call so that each sample stores a new event.
 */
export const webhooksRouteSamples: SampleFactory = (t, admin) => {
  const at = () => new Date(t.clock.now() - 60_000).toISOString();
  const fingerprint = () => Math.random().toString(16).slice(2, 18).padEnd(16, '0');
  return {
    'POST /api/v1/integrations/alertmanager': async () => ({
      caller: await admin(),
      method: 'POST',
      url: '/api/v1/integrations/alertmanager',
      payload: {
        receiver: 'opsdesk',
        status: 'firing',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'PaymentFailureRateHigh', device: 'POS-C1-017', site: 'canteen-1', severity: 'critical' },
            annotations: { summary: 'Payment failure rate 7.2% over 10m' },
            startsAt: at(),
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'http://prometheus.local/graph',
            fingerprint: fingerprint(),
          },
        ],
        groupLabels: { alertname: 'PaymentFailureRateHigh' },
        commonLabels: {},
        commonAnnotations: {},
        externalURL: 'http://alertmanager.local:9093',
        version: '4',
        groupKey: '{}:{alertname="PaymentFailureRateHigh"}',
        truncatedAlerts: 0,
      },
    }),
    'POST /api/v1/integrations/grafana': async () => ({
      caller: await admin(),
      method: 'POST',
      url: '/api/v1/integrations/grafana',
      payload: {
        receiver: 'opsdesk',
        status: 'firing',
        orgId: 1,
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'High memory usage', instance: 'kiosk-12:9182', severity: 'warning' },
            annotations: { summary: 'kiosk-12 memory 93%' },
            startsAt: at(),
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'https://grafana.local/alerting/grafana/1afz29v7z/view',
            fingerprint: fingerprint(),
            values: { B: 93.1 },
          },
        ],
        version: '1',
        groupKey: '{}:{alertname="High memory usage"}',
        title: '[FIRING:1] High memory usage',
      },
    }),
  };
};
