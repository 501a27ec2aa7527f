/**
 * What the event families share: the generator's state, passed explicitly rather than hidden in one large class, and
 * the helpers that turn a reading into an envelope on the output queue.
 */
import type { Envelope, EventKind } from '../../modules/ingest/index.ts';
import type { Rng } from '../random.ts';
import type { ScenarioPlan } from '../scenarios.ts';
import type { Dev } from './device.ts';
import type { Ledger } from './ledger.ts';
import type { TsFormatter } from './time.ts';

export interface SimContext {
  /** virtual start, epoch ms */
  readonly startMs: number;
  /** multiplier on transactions, access events and logins */
  readonly rate: number;
  readonly plan: ScenarioPlan;
  readonly devs: ReadonlyMap<string, Dev>;
  readonly ledger: Ledger;
  readonly ts: TsFormatter;
  /** events ready to hand out, in order */
  readonly queue: Envelope[];
}

function envelope(ctx: SimContext, kind: EventKind, at: number, dev: Dev, rng: Rng, data: Record<string, unknown>): Envelope {
  return { id: rng.ulid(at), kind, ts: ctx.ts.format(at), device: dev.code, site: dev.site, labels: dev.labels, data };
}

export function emit(ctx: SimContext, kind: EventKind, at: number, dev: Dev, rng: Rng, data: Record<string, unknown>): void {
  ctx.queue.push(envelope(ctx, kind, at, dev, rng, data));
}
