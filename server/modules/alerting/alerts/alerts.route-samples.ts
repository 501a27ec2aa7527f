import { newId } from '../../../ids.ts';
import type { SampleFactory } from '../../../testing/sample.ts';
import type { AlertsTable } from '../alerting.tables.ts';

/** Samples for what people do to an alert: each on an open alert of its own, inserted as the evaluator would. */
export const alertsRouteSamples: SampleFactory = (t, admin) => {
  const openAlert = async (): Promise<string> => {
    const now = t.clock.now();
    const id = newId();
    const row: AlertsTable = {
      id,
      fingerprint: `sample-${id}`,
      rule_id: null,
      source: 'alertmanager',
      name: 'SampleAlert',
      state: 'firing',
      level: 3,
      rule_level: 3,
      level_reason: null,
      labels: '{"alertname":"SampleAlert"}',
      annotations: '{}',
      detail: '{"code":"external","values":{}}',
      site_id: null,
      device_id: null,
      subsystem: null,
      parent_id: null,
      group_key: '{alertname="SampleAlert",site=""}',
      value: null,
      threshold: null,
      active_at: now,
      fires_at: null,
      fired_at: now,
      acknowledged_at: null,
      acknowledged_by: null,
      resolved_at: null,
      resolved_by: null,
      clear_since: null,
      flapping: 0,
      suppressed_by: null,
      external_id: null,
      external_url: null,
      created_at: now,
      updated_at: now,
    };
    await t.db.kysely.insertInto('alerts').values(row).execute();
    return id;
  };
  return {
    'POST /api/v1/alerts/:id/ack': async () => ({ caller: await admin(), method: 'POST', url: `/api/v1/alerts/${await openAlert()}/ack`, payload: { comment: '已到现场' } }),
    'POST /api/v1/alerts/:id/resolve': async () => ({ caller: await admin(), method: 'POST', url: `/api/v1/alerts/${await openAlert()}/resolve`, payload: {} }),
    'POST /api/v1/alerts/:id/level': async () => ({ caller: await admin(), method: 'POST', url: `/api/v1/alerts/${await openAlert()}/level`, payload: { level: 1, reason: '新生报到，重要时段' } }),
  };
};
