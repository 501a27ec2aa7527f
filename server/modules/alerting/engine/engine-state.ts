import type { Db } from '../../../db/database.ts';
import type { Executor } from '../../../db/types.ts';
import type { AlertChangedEvent, AlertNotifyEvent, DomainEvents } from '../../../events/index.ts';
import type { AlertsTable } from '../alerting.tables.ts';
import { alertWriter, type AlertChange } from '../alerts/alert-writer.ts';
import type { Suppressions } from '../suppressions.ts';
import { engineRepository } from './engine.repository.ts';
import type { Outage } from './topology.ts';
import type { WakeTimer } from './wake-timer.ts';

/**
 * What the evaluator holds in memory between events and that its parts (rule alerts, topology, composites,
 * suppression) read and change together, and the writes they queue for one commit. Everything else stays with the
 * part that uses it.
 */
export interface EngineState {
  /** open alerts by fingerprint: rules', topology's and external ones */
  open: Map<string, AlertsTable>;
  /** the open topology outages by key */
  outages: Map<string, Outage>;
  /** devices the estate says are offline now */
  offline: Set<string>;
  /** silences and maintenance windows in force (null until loaded) */
  suppressions: Suppressions | null;
  /** wakes the evaluator when something falls due */
  wake: Pick<WakeTimer, 'at'>;
}

/** The writes of one delivered event, applied in one transaction by commitPending. */
export interface Pending {
  ops: ((trx: Executor, out: AlertChangedEvent[]) => Promise<void>)[];
  notify: AlertNotifyEvent[];
  /** fingerprints whose row must be read back after the commit (another writer won a race) */
  reload: Set<string>;
}

export const newPending = (): Pending => ({ ops: [], notify: [], reload: new Set() });

export const queue = (p: Pending, op: Pending['ops'][number]): void => {
  p.ops.push(op);
};

/** A new alert: open in memory at once, its row written with the commit (guarded: one open alert per fingerprint). */
export function insertAlert(s: EngineState, p: Pending, row: AlertsTable, change: AlertChange): void {
  s.open.set(row.fingerprint, row);
  if (row.state === 'pending') s.wake.at(row.fires_at);
  queue(p, async (trx, out) => {
    if (!(await alertWriter.insert(trx, row, change, out))) p.reload.add(row.fingerprint);
  });
}

/** A change to an open alert: applied in memory at once, written with the commit only if the row is still as read. */
export function updateAlert(s: EngineState, p: Pending, before: AlertsTable, patch: Partial<AlertsTable>, change: AlertChange | null): AlertsTable {
  const after: AlertsTable = { ...before, ...patch, updated_at: change?.at ?? before.updated_at };
  if (after.state === 'resolved') s.open.delete(before.fingerprint);
  else s.open.set(before.fingerprint, after);
  queue(p, async (trx, out) => {
    if (!(await alertWriter.update(trx, before, patch, change, out))) p.reload.add(before.fingerprint);
  });
  return after;
}

/** Applies the queued writes in one transaction with their events, then reads back the rows another writer changed. */
export async function commitPending(db: Db, events: DomainEvents, s: EngineState, p: Pending): Promise<void> {
  if (p.ops.length === 0 && p.notify.length === 0) return;
  const k = db.kysely;
  await k.transaction().execute(async (trx) => {
    const out: AlertChangedEvent[] = [];
    for (const op of p.ops) await op(trx, out);
    if (out.length > 0 || p.notify.length > 0) await events.append(trx, ...out, ...p.notify);
  });
  for (const fingerprint of p.reload) {
    const row = await engineRepository.openByFingerprint(k, fingerprint);
    if (row) s.open.set(fingerprint, row);
    else s.open.delete(fingerprint);
  }
}
