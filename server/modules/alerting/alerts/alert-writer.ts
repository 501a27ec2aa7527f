import { sql } from 'kysely';
import type { Executor } from '../../../db/types.ts';
import type { AlertChangedEvent } from '../../../events/index.ts';
import { newId } from '../../../ids.ts';
import type { AlertState, AlertsTable } from '../alerting.tables.ts';

/**
 * Every write of an alert goes through here, so that each one leaves its line in the timeline (alert_events) and an
 * alert.changed event in the same transaction: the evaluator, external alerts, and people acknowledging, resolving
 * or raising the level all tell paging, incidents and the live stream the same way.
 *
 * The events are collected in `out` rather than appended here: the caller appends them once, last in its transaction
 * (`events.append(trx, ...out)`), so that on PostgreSQL the events lock is held only for the commit however many
 * alerts one transaction changes.
 */

/** The predicate of the unique index on open alerts' fingerprints, as a literal: SQLite matches the text of the index's. */
const OPEN_INDEX_PREDICATE = sql<boolean>`state <> 'resolved'`;

export type TimelineKind =
  | 'pending'
  | 'firing'
  | 'acknowledged'
  | 'resolved'
  | 'reopened'
  | 'level'
  | 'flapping'
  | 'steady'
  | 'suppressed'
  | 'unsuppressed'
  | 'attached';

export interface AlertChange {
  kind: TimelineKind;
  /** the user; null when opsdesk did it */
  actorId: string | null;
  detail?: Record<string, unknown>;
  at: number;
}

/** What a new alert is and how it started; newAlertRow fills in the rest. */
export type NewAlert = Pick<
  AlertsTable,
  'fingerprint' | 'rule_id' | 'source' | 'name' | 'state' | 'level' | 'labels' | 'detail' | 'site_id' | 'device_id' | 'subsystem' | 'parent_id' | 'group_key' | 'value' | 'threshold' | 'fires_at' | 'fired_at'
> &
  Partial<Pick<AlertsTable, 'annotations' | 'flapping' | 'external_id' | 'external_url'>>;

/**
 * A new alert's row, written at `at` and active since `activeAt` (an external alert's own start; otherwise `at`): its
 * level as the rule gave it, nothing of its later life (acknowledged, resolved…) yet.
 */
export function newAlertRow(alert: NewAlert, at: number, activeAt = at): AlertsTable {
  return {
    id: newId(),
    annotations: '{}',
    flapping: 0,
    external_id: null,
    external_url: null,
    ...alert,
    rule_level: alert.level,
    level_reason: null,
    active_at: activeAt,
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    resolved_by: null,
    clear_since: null,
    suppressed_by: null,
    created_at: at,
    updated_at: at,
  };
}

export function alertChangedEvent(row: AlertsTable, previous: AlertState | null, at: number): AlertChangedEvent {
  return {
    type: 'alert.changed',
    alertId: row.id,
    fingerprint: row.fingerprint,
    name: row.name,
    source: row.source,
    ruleId: row.rule_id,
    previous,
    state: row.state,
    level: row.level,
    siteId: row.site_id,
    deviceId: row.device_id,
    subsystem: row.subsystem,
    parentId: row.parent_id,
    groupKey: row.group_key,
    suppressed: row.suppressed_by !== null,
    flapping: row.flapping === 1,
    at,
  };
}

async function timeline(trx: Executor, alertId: string, change: AlertChange): Promise<void> {
  await trx
    .insertInto('alert_events')
    .values({ id: newId(), alert_id: alertId, at: change.at, kind: change.kind, actor_id: change.actorId, detail: change.detail ? JSON.stringify(change.detail) : null })
    .execute();
}

export const alertWriter = {
  /**
   * Inserts a new alert. Returns false, writing nothing, when an open alert with its fingerprint exists already (the
   * unique index decides: two writers racing raise it once).
   */
  async insert(trx: Executor, row: AlertsTable, change: AlertChange, out: AlertChangedEvent[]): Promise<boolean> {
    const inserted = await trx
      .insertInto('alerts')
      .values(row)
      .onConflict((oc) => oc.column('fingerprint').where(OPEN_INDEX_PREDICATE).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
    await timeline(trx, row.id, change);
    out.push(alertChangedEvent(row, null, change.at));
    return true;
  },

  /**
   * Applies a change to an alert read in this transaction. `expectState` guards against a change made meanwhile by
   * someone else (acknowledged by a person while the evaluator resolved it): false, and nothing written, when the
   * stored state is no longer the one read. A change without a timeline entry (a new value) tells nobody.
   */
  async update(trx: Executor, before: AlertsTable, patch: Partial<AlertsTable>, change: AlertChange | null, out: AlertChangedEvent[]): Promise<AlertsTable | null> {
    const after: AlertsTable = { ...before, ...patch, updated_at: change?.at ?? patch.updated_at ?? before.updated_at };
    const result = await trx
      .updateTable('alerts')
      .set({ ...patch, updated_at: after.updated_at })
      .where('id', '=', before.id)
      .where('state', '=', before.state)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    if (change) {
      await timeline(trx, before.id, change);
      out.push(alertChangedEvent(after, before.state, change.at));
    }
    return after;
  },
};
