/**
 * One-off device events that mark a fault's start and end (link down/up, UPS on battery/on mains), planned by the
 * scenarios and replayed in time order by a single process.
 */
import type { EdgeEvent } from '../scenarios.ts';
import { emit, type SimContext } from './context.ts';
import { isSilent } from './device.ts';
import type { Proc } from './processes.ts';

export function edge(ctx: SimContext, p: Proc): void {
  const edges = ctx.plan.edges;
  const e: EdgeEvent = edges[p.step]!;
  const dev = ctx.devs.get(e.device);
  if (dev && !isSilent(dev, e.at)) emit(ctx, 'event', p.at, dev, p.rng, { type: e.type, severity: e.severity, message: e.message, attrs: e.attrs });
  p.step++;
  p.at = p.step < edges.length ? Math.max(p.at, edges[p.step]!.at) : Infinity;
}
