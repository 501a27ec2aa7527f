import { uid, type SampleFactory } from '../../../testing/sample.ts';
import { newAlertRow } from './alert-writer.ts';

/** Samples for what people do to an alert: each on an open alert of its own, inserted as the evaluator would. */
export const alertsRouteSamples: SampleFactory = (t, admin) => {
  const openAlert = async (): Promise<string> => {
    const now = t.clock.now();
    const row = newAlertRow(
      {
        fingerprint: `sample-${uid()}`,
        rule_id: null,
        source: 'alertmanager',
        name: 'SampleAlert',
        state: 'firing',
        level: 3,
        labels: '{"alertname":"SampleAlert"}',
        detail: '{"code":"external","values":{}}',
        site_id: null,
        device_id: null,
        subsystem: null,
        parent_id: null,
        group_key: '{alertname="SampleAlert",site=""}',
        value: null,
        threshold: null,
        fires_at: null,
        fired_at: now,
      },
      now,
    );
    await t.db.kysely.insertInto('alerts').values(row).execute();
    return row.id;
  };
  return {
    'POST /api/v1/alerts/:id/ack': async () => ({ caller: await admin(), method: 'POST', url: `/api/v1/alerts/${await openAlert()}/ack`, payload: { comment: '已到现场' } }),
    'POST /api/v1/alerts/:id/resolve': async () => ({ caller: await admin(), method: 'POST', url: `/api/v1/alerts/${await openAlert()}/resolve`, payload: {} }),
    'POST /api/v1/alerts/:id/level': async () => ({ caller: await admin(), method: 'POST', url: `/api/v1/alerts/${await openAlert()}/level`, payload: { level: 1, reason: '新生报到，重要时段' } }),
  };
};
