import { aggregateRollups, samplesOf, toEventRow, toLoginRow, toTransactionRow, type Sample } from './derive.ts';
import type { IngestSource } from './envelope.ts';
import type { ValidEnvelope } from './envelope.validate.ts';
import { combine, signalOf, type HealthSignal } from './health.ts';
import type { EventsTable, LoginsTable, MetricRollupsTable, TransactionsTable } from './ingest.tables.ts';
import { createSignalsBuilder } from './signals.ts';

/**
 * A batch made ready to store on the thread that validated it: its event rows (data already JSON text) and everything
 * its events derive. On SQLite the writer thread is the limit of ingest (bench/README.md), so all it is left to do is
 * write; and rows of strings cross to it by structured clone far more cheaply than the envelopes' objects would.
 */
export interface PreparedBatch {
  /** the batch's events as the events table stores them, in the order of the batch */
  rows: EventsTable[];
  /** what the rows derive if every one of them is new (the writer derives again from the new ones if not) */
  derived: DerivedRows;
}

/** What a batch's new events derive besides their own rows. Plain data: it crosses to the writer thread. */
export interface DerivedRows {
  transactions: TransactionsTable[];
  logins: LoginsTable[];
  rollups: MetricRollupsTable[];
  /** per reporting device (by code): what the batch says of its liveness and health */
  activity: [string, DeviceActivity][];
  /** the signals alert rules judge (BatchSignals), as the JSON text the batch's ingest.batch event carries */
  signals: string | null;
}

export interface DeviceActivity {
  signal: HealthSignal;
  lastSeen: number;
  events: number;
  site: string | null;
  lastKind: string;
  address: string | null;
}

export function prepareBatch(envelopes: readonly ValidEnvelope[], source: IngestSource, now: number): PreparedBatch {
  return { rows: envelopes.map((e) => toEventRow(e, source, now)), derived: deriveRows(envelopes, source, now) };
}

/** What new events derive: transactions, logins, roll-ups, each device's activity, and the signals for the rules. */
export function deriveRows(envelopes: readonly ValidEnvelope[], source: IngestSource, now: number): DerivedRows {
  const derived: DerivedRows = { transactions: [], logins: [], rollups: [], activity: [], signals: null };
  // A monitoring system's alert about a device is kept in its history, but it is no sign of the device's life and
  // is an opsdesk alert already (alerting/external): no liveness, no health, no signals for the rules.
  if (source === 'alertmanager' || source === 'grafana') return derived;
  const samples: Sample[] = [];
  const activity = new Map<string, DeviceActivity>();
  const signals = createSignalsBuilder();
  for (const envelope of envelopes) {
    signals.add(envelope);
    if (envelope.kind === 'txn') derived.transactions.push(toTransactionRow(envelope, now, 'live'));
    else if (envelope.kind === 'login') derived.logins.push(toLoginRow(envelope));
    samplesOf(envelope, samples);
    const seen = activity.get(envelope.device);
    activity.set(envelope.device, {
      signal: combine(seen?.signal, signalOf(envelope)),
      lastSeen: Math.max(seen?.lastSeen ?? 0, Math.min(envelope.tsMs, now)),
      events: (seen?.events ?? 0) + 1,
      site: envelope.site ?? seen?.site ?? null,
      lastKind: envelope.kind,
      address: typeof envelope.labels?.address === 'string' ? envelope.labels.address : (seen?.address ?? null),
    });
  }
  derived.rollups = aggregateRollups(samples);
  derived.activity = [...activity];
  const built = signals.build();
  if (built) derived.signals = JSON.stringify(built);
  return derived;
}

/** A stored event row as the envelope it was: for deriving again from the rows of a batch that was partly re-sent. */
export function envelopeOfRow(row: EventsTable): ValidEnvelope {
  return {
    id: row.id,
    kind: row.kind as ValidEnvelope['kind'],
    ts: new Date(row.ts).toISOString(),
    tsMs: row.ts,
    device: row.device_code,
    ...(row.site_code !== null && { site: row.site_code }),
    ...(row.labels !== null && { labels: JSON.parse(row.labels) as ValidEnvelope['labels'] }),
    data: JSON.parse(row.data) as ValidEnvelope['data'],
  };
}
