import { alertChangedEvent, newAlertRow } from '../modules/alerting/alerts/alert-writer.ts';
import type { AlertState } from '../modules/alerting/index.ts';
import type { TestApp } from './app.ts';

export interface FiringAlert {
  level: 1 | 2 | 3;
  groupKey: string;
  siteId?: string | null;
  subsystem?: string | null;
  parentId?: string;
  /** the state the alert.changed event says it came from (default pending: it starts firing now) */
  previous?: AlertState | null;
}

/**
 * A firing alert committed as the evaluator commits one: the row and its alert.changed event in one transaction, so
 * that durable consumers (paging, the incident intake) hear of it. For other modules' tests and route samples.
 */
export async function insertFiringAlert(t: TestApp, alert: FiringAlert): Promise<string> {
  const now = t.clock.now();
  const row = newAlertRow(
    {
      fingerprint: `fp-${Math.random().toString(36).slice(2)}`,
      rule_id: null,
      source: 'rule',
      name: 'pos_silent',
      state: 'firing',
      level: alert.level,
      labels: '{}',
      detail: '{"code":"external","values":{}}',
      site_id: alert.siteId ?? null,
      device_id: null,
      subsystem: alert.subsystem ?? null,
      parent_id: alert.parentId ?? null,
      group_key: alert.groupKey,
      value: null,
      threshold: null,
      fires_at: null,
      fired_at: now,
    },
    now,
  );
  await t.db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('alerts').values(row).execute();
    await t.services.events.append(trx, alertChangedEvent(row, alert.previous === undefined ? 'pending' : alert.previous, now));
  });
  return row.id;
}
