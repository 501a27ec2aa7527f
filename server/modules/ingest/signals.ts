import type { BatchSignals } from '../../events/index.ts';
import { HEARTBEAT_VITALS, vitalOf } from './derive.ts';
import type { ValidEnvelope } from './envelope.validate.ts';

/**
 * Folds a batch's new envelopes into the signals alert rules judge (BatchSignals in server/events/catalog.ts): one
 * sample row per device, metric and minute, one row of numbers per heartbeat (its vitals), one count per device,
 * minute and kind of transaction or login, and each device event with its attributes as short text. It runs on the
 * ingest writer thread for every batch, and its JSON is stored and parsed again by the evaluator: keep it lean.
 */
const MINUTE = 60_000;
type VitalsRow = NonNullable<BatchSignals['vitals']>[number];
/** A vital's column in a vitals row: [device, ts, ...HEARTBEAT_VITALS]. */
const VITAL_COLUMN = new Map<string, number>(HEARTBEAT_VITALS.map((vital, i) => [vital, 2 + i]));
/** An event's attributes are for matching, not for keeping: a few short values are enough and bound the event's size. */
const MAX_ATTRIBUTES = 20;
const MAX_TEXT = 200;

export function createSignalsBuilder() {
  const devices: string[] = [];
  const deviceIndex = new Map<string, number>();
  const samples = new Map<string, BatchSignals['samples'][number] & { lastTs?: number }>();
  const lastTs = new Map<string, number>();
  const txns = new Map<string, BatchSignals['txns'][number]>();
  const logins = new Map<string, BatchSignals['logins'][number]>();
  const events: BatchSignals['events'] = [];
  const vitals: VitalsRow[] = [];
  let vitalsInOrder = true;

  /** A vitals row, kept oldest first so that the evaluator, folding them in order, takes a minute's last by time. */
  function vitalsRow(device: number, ts: number): VitalsRow {
    const row: VitalsRow = [device, ts, null, null, null, null, null];
    if (vitals.length > 0 && ts < vitals[vitals.length - 1]![1]) vitalsInOrder = false;
    vitals.push(row);
    return row;
  }

  const indexOf = (code: string): number => {
    let i = deviceIndex.get(code);
    if (i === undefined) {
      i = devices.length;
      devices.push(code);
      deviceIndex.set(code, i);
    }
    return i;
  };

  function sample(device: number, metric: string, ts: number, value: number): void {
    const minute = Math.floor(ts / MINUTE) * MINUTE;
    const key = `${device}\u0000${metric}\u0000${minute}`;
    const row = samples.get(key);
    if (!row) {
      samples.set(key, [device, metric, minute, 1, value, value, value, value]);
      lastTs.set(key, ts);
      return;
    }
    row[3] += 1;
    row[4] += value;
    if (value < row[5]) row[5] = value;
    if (value > row[6]) row[6] = value;
    if (ts >= (lastTs.get(key) ?? 0)) {
      row[7] = value;
      lastTs.set(key, ts);
    }
  }

  return {
    add(e: ValidEnvelope): void {
      const device = indexOf(e.device);
      const minute = Math.floor(e.tsMs / MINUTE) * MINUTE;
      const d = e.data;
      switch (e.kind) {
        case 'heartbeat': {
          let row: VitalsRow | null = null;
          for (let i = 0; i < HEARTBEAT_VITALS.length; i++) {
            const value = vitalOf(d, HEARTBEAT_VITALS[i]!);
            if (value !== null) (row ??= vitalsRow(device, e.tsMs))[2 + i] = value;
          }
          return;
        }
        case 'metric': {
          // A metric named like a vital goes where the vital goes, so that the two fold into one series in time order.
          const column = VITAL_COLUMN.get(d.name as string);
          if (column === undefined) sample(device, d.name as string, e.tsMs, d.value as number);
          else vitalsRow(device, e.tsMs)[column] = d.value as number;
          return;
        }
        case 'txn': {
          const channel = typeof d.channel === 'string' ? d.channel : null;
          const key = `${device}\u0000${minute}\u0000${d.type as string}\u0000${channel ?? ''}\u0000${d.status as string}`;
          const row = txns.get(key);
          if (row) row[5] += 1;
          else txns.set(key, [device, minute, d.type as string, channel, d.status as string, 1]);
          return;
        }
        case 'login': {
          const key = `${device}\u0000${minute}\u0000${d.account as string}\u0000${d.result as string}`;
          const row = logins.get(key);
          if (row) row[4] += 1;
          else logins.set(key, [device, minute, d.account as string, d.result as string, 1]);
          return;
        }
        case 'event':
          events.push([device, e.tsMs, d.type as string, typeof d.severity === 'string' ? d.severity : 'info', typeof d.message === 'string' ? d.message.slice(0, 1000) : '', eventAttributes(d.attrs, e.labels)]);
          return;
      }
    },

    /** The signals, or undefined when the batch held nothing new. */
    build(): BatchSignals | undefined {
      if (devices.length === 0) return undefined;
      // Stable: rows of one instant keep the batch's order, as a sample's last did (the later item wins a tie).
      if (!vitalsInOrder) vitals.sort((a, b) => a[1] - b[1]);
      return { devices, samples: [...samples.values()], ...(vitals.length > 0 && { vitals }), txns: [...txns.values()], logins: [...logins.values()], events };
    },
  };
}

/**
 * An event's attributes and the envelope's labels as text: what event rules match (live here, and in a backtest from
 * the stored event). Nested values are left out.
 */
export function eventAttributes(attrs: unknown, labels: Readonly<Record<string, unknown>> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  const put = (k: string, v: unknown) => {
    if (n >= MAX_ATTRIBUTES || k in out) return;
    if (typeof v === 'string') out[k] = v.slice(0, MAX_TEXT);
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else return;
    n++;
  };
  if (attrs && typeof attrs === 'object') for (const [k, v] of Object.entries(attrs)) put(k, v);
  if (labels) for (const [k, v] of Object.entries(labels)) put(k, v);
  return out;
}
