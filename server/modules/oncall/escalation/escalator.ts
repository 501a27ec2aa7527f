import type { Clock } from '../../../clock.ts';
import type { Db } from '../../../db/database.ts';
import type { Executor } from '../../../db/types.ts';
import type { AlertChangedEvent, AlertNotifyEvent, Delivered, DurableConsumer } from '../../../events/index.ts';
import { alertBriefs } from '../../alerting/index.ts';
import type { NotifyOrder, Outbox } from '../../notify/index.ts';
import type { EscalationsTable } from '../oncall.tables.ts';
import { escalationsRepository, policiesRepository, roleMembers } from '../policies/policies.repository.ts';
import type { EscalationStep } from '../policies/policies.schemas.ts';
import { matchingPolicy, parsePolicy } from '../policies/policy-match.ts';

/** Who is on duty on a roster at an instant (rosters.service.ts reads the roster and its overrides). */
export type OnDuty = (db: Executor, rosterId: string, at: number) => Promise<{ userIds: string[]; leaderUserId: string | null } | null>;

export interface EscalatorOptions {
  db: Db;
  clock: Clock;
  outbox: Outbox;
  onDuty: OnDuty;
  log?: { warn(obj: object, msg: string): void };
}

type AlertStates = Record<string, 'firing' | 'acknowledged' | 'resolved'>;
interface Paged {
  userId: string | null;
  channelId: string;
}

const TYPES = ['alert.notify', 'alert.changed', 'alerting.tick'] as const;
/** Escalations moved on per tick; more wait for the next one (five seconds later). */
const DUE_PER_TICK = 200;

const parse = <T>(text: string): T => JSON.parse(text) as T;

/**
 * Escalation (SPEC C4.2), a durable consumer of the alert events: when a notification group is due (alert.notify),
 * the first matching policy starts paging — step by step, each to its people (named users, whoever a roster has on
 * duty, a role's members) over its channels, waiting for an acknowledgement before the next, round again `repeat`
 * times — and stops once none of its alerts is still firing unanswered (alert.changed). Time passes with the
 * evaluator's alerting.tick events, so the schedule lives in the escalations table and in the event order: after a
 * restart, or on the other node, it goes on where it was, and a step already sent is not sent again (each step's
 * notifications carry a key made of the escalation, round and step, and are written in the transaction that moves
 * the escalation on). Escalations are keyed by the event that started them, so a replay starts nothing twice.
 */
export function createEscalator(options: EscalatorOptions) {
  const { db, outbox, onDuty } = options;
  const log = options.log ?? { warn: () => {} };
  const k = db.kysely;

  /** The people a step pages at `at`, in order, each once. */
  async function peopleOf(trx: Executor, step: EscalationStep, at: number): Promise<string[]> {
    const people: string[] = [];
    const roles = await roleMembers(trx, step.targets.flatMap((t) => (t.kind === 'role' ? [t.roleId] : [])));
    for (const target of step.targets) {
      if (target.kind === 'user') people.push(target.userId);
      else if (target.kind === 'role') people.push(...(roles.get(target.roleId) ?? []));
      else {
        const duty = await onDuty(trx, target.rosterId, at);
        if (!duty) continue;
        const include = target.include ?? 'on-duty';
        if (include !== 'leader') people.push(...duty.userIds);
        if (include !== 'on-duty' && duty.leaderUserId) people.push(duty.leaderUserId);
      }
    }
    return [...new Set(people)];
  }

  const firingIds = (alerts: AlertStates) => Object.keys(alerts).filter((id) => alerts[id] === 'firing');

  /** Runs the escalation's next step now and schedules what comes after its wait: the next step, a new round, or the end. */
  async function runStep(trx: Executor, esc: EscalationsTable, at: number): Promise<void> {
    const policy = await policiesRepository.findById(trx, esc.policy_id);
    const steps = policy ? parsePolicy(policy).steps : [];
    const step = steps[esc.next_step];
    const alerts = parse<AlertStates>(esc.alerts);
    if (!policy || !step) {
      // Past the last step (its wait is up and nobody answered), or the policy lost its steps: out of steps.
      await escalationsRepository.advance(trx, esc, { state: 'exhausted', next_at: null, updated_at: at });
      return;
    }
    const userIds = await peopleOf(trx, step, at);
    const order: NotifyOrder = {
      key: `esc:${esc.id}:r${esc.round}:s${esc.next_step}`,
      kind: 'alert',
      alertIds: firingIds(alerts),
      level: esc.level as 1 | 2 | 3,
      siteId: esc.site_id,
      groupKey: esc.group_key,
      escalationId: esc.id,
      step: esc.next_step,
      userIds,
      channelIds: step.channelIds,
    };
    const created = await outbox.enqueue(trx, [order], at);
    const paged = parse<Paged[]>(esc.paged);
    for (const n of created) if (!paged.some((p) => p.userId === n.user_id && p.channelId === n.channel_id)) paged.push({ userId: n.user_id, channelId: n.channel_id });
    if (userIds.length === 0) log.warn({ escalation: esc.id, step: esc.next_step }, 'escalation: the step found nobody to page (an empty roster or role)');
    // The last step's people get its wait to answer like everyone else's: the escalation stays active, due once more
    // past its steps (exhausted then, above), unless another round starts over from the first step.
    const again = esc.next_step + 1 >= steps.length && esc.round < policy.repeat;
    const next: Partial<EscalationsTable> = { next_step: again ? 0 : esc.next_step + 1, round: again ? esc.round + 1 : esc.round, next_at: at + step.waitMinutes * 60_000 };
    await escalationsRepository.advance(trx, esc, { ...next, paged: JSON.stringify(paged), updated_at: at });
  }

  /** Tells everyone an escalation paged (the same people on the same channels) about some of its alerts. */
  async function tellPaged(trx: Executor, esc: EscalationsTable, key: string, kind: 'alert' | 'resolved', alertIds: string[], at: number): Promise<void> {
    const paged = parse<Paged[]>(esc.paged);
    const byChannel = new Map<string, string[]>();
    for (const p of paged) byChannel.set(p.channelId, [...(byChannel.get(p.channelId) ?? []), ...(p.userId ? [p.userId] : [])]);
    const orders: NotifyOrder[] = [...byChannel].map(([channelId, userIds]) => ({
      key: `${key}:${channelId}`,
      kind,
      alertIds,
      level: esc.level as 1 | 2 | 3,
      siteId: esc.site_id,
      groupKey: esc.group_key,
      escalationId: esc.id,
      step: null,
      userIds,
      channelIds: [channelId],
    }));
    if (orders.length > 0) await outbox.enqueue(trx, orders, at);
  }

  /** Ends the escalation when nothing it pages about still fires unanswered. */
  async function settleIfAnswered(trx: Executor, esc: EscalationsTable, alerts: AlertStates, at: number, by: string | null): Promise<void> {
    const states = Object.values(alerts);
    const patch: Partial<EscalationsTable> = { alerts: JSON.stringify(alerts), updated_at: at };
    if (!states.includes('firing') && (esc.state === 'active' || esc.state === 'exhausted')) {
      Object.assign(patch, { state: states.every((s) => s === 'resolved') ? 'resolved' : 'acknowledged', next_at: null, ended_at: at, ended_by: by });
    }
    await escalationsRepository.advance(trx, esc, patch);
  }

  async function onNotify(trx: Executor, event: AlertNotifyEvent, position: number): Promise<void> {
    const at = event.at;
    if (await escalationsRepository.findById(trx, `esc_${position}`)) return; // this event started one: a replay
    const current = await escalationsRepository.current(trx, event.groupKey);
    if (current) {
      const alerts = parse<AlertStates>(current.alerts);
      for (const id of event.resolved) if (id in alerts) alerts[id] = 'resolved';
      const fresh = event.newlyFiring.filter((id) => alerts[id] !== 'firing');
      for (const id of event.firing) alerts[id] = 'firing';
      // New alerts in a group being paged: the people already paged hear about them now; the steps go on.
      if (fresh.length > 0 && current.state === 'active') await tellPaged(trx, current, `upd:${position}`, 'alert', fresh, at);
      if (current.state === 'active' || event.firing.length === 0) {
        await settleIfAnswered(trx, current, alerts, at, null);
        return;
      }
      // Out of steps and still firing (the group's repeat interval): page again from the first step, below.
      await escalationsRepository.advance(trx, current, { state: 'superseded', ended_at: at, ended_by: 'repeat', alerts: JSON.stringify(alerts), updated_at: at });
    }
    if (event.firing.length === 0) return;
    const briefs = await alertBriefs(trx, event.firing);
    const first = briefs[0];
    const policy = matchingPolicy(await policiesRepository.enabled(trx), { level: event.level, siteId: first?.siteId ?? null, subsystem: first?.subsystem ?? null });
    if (!policy) {
      log.warn({ group: event.groupKey, level: event.level }, 'escalation: no policy matches this alert group; nobody is paged');
      return;
    }
    const esc: EscalationsTable = {
      id: `esc_${position}`,
      group_key: event.groupKey,
      policy_id: policy.id,
      level: event.level,
      site_id: new Set(briefs.map((b) => b.siteId)).size === 1 ? (first?.siteId ?? null) : null,
      labels: JSON.stringify(event.labels),
      state: 'active',
      alerts: JSON.stringify(Object.fromEntries(event.firing.map((id) => [id, 'firing']))),
      next_step: 0,
      round: 0,
      next_at: at,
      paged: '[]',
      started_at: at,
      updated_at: at,
      ended_at: null,
      ended_by: null,
    };
    await escalationsRepository.insert(trx, esc);
    await runStep(trx, esc, at);
  }

  async function onChanged(trx: Executor, event: AlertChangedEvent): Promise<void> {
    const answered = event.state === 'acknowledged' || event.state === 'resolved' || event.suppressed;
    if (!answered) return;
    if (event.state === 'resolved') {
      // Everyone paged about it hears that it resolved — also after it was acknowledged, when the group no longer
      // tells about it — once per escalation that paged about it (the key makes a replay add nothing).
      for (const esc of await escalationsRepository.latest(trx, event.groupKey, 3)) {
        if (event.alertId in parse<AlertStates>(esc.alerts)) await tellPaged(trx, esc, `res:${event.alertId}:${esc.id}`, 'resolved', [event.alertId], event.at);
      }
    }
    const current = await escalationsRepository.current(trx, event.groupKey);
    if (!current) return;
    const alerts = parse<AlertStates>(current.alerts);
    if (!(event.alertId in alerts) || alerts[event.alertId] !== 'firing') return;
    alerts[event.alertId] = event.state === 'resolved' ? 'resolved' : 'acknowledged';
    await settleIfAnswered(trx, current, alerts, event.at, event.state === 'resolved' ? 'resolved' : event.suppressed ? 'suppressed' : 'acknowledged');
  }

  async function onTick(at: number): Promise<void> {
    for (const esc of await escalationsRepository.due(k, at, DUE_PER_TICK)) {
      await k.transaction().execute(async (trx) => {
        const fresh = await escalationsRepository.findById(trx, esc.id);
        if (fresh && fresh.state === 'active' && fresh.next_at !== null && fresh.next_at <= at) await runStep(trx, fresh, at);
      });
    }
  }

  const consumer: DurableConsumer<(typeof TYPES)[number]> = {
    name: 'oncall.escalator',
    types: TYPES,
    leaseMs: 15_000,
    async handle({ event, position }: Delivered<AlertNotifyEvent | AlertChangedEvent | { type: 'alerting.tick'; at: number }>) {
      switch (event.type) {
        case 'alert.notify':
          await k.transaction().execute((trx) => onNotify(trx, event, position));
          return;
        case 'alert.changed':
          await k.transaction().execute((trx) => onChanged(trx, event));
          return;
        case 'alerting.tick':
          await onTick(event.at);
      }
    },
  };

  return { consumer };
}

export type Escalator = ReturnType<typeof createEscalator>;
