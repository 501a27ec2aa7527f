import type { Static } from '@sinclair/typebox';
import { toIso, toIsoOrNull } from '../../clock.ts';
import type { Executor } from '../../db/types.ts';
import type { Freshness } from '../../http/answer-cache.ts';
import type { WorkingCalendar } from '../calendar/index.ts';
import { incidentSlaRepository } from './incident-sla.repository.ts';
import type { SlaTargetView } from './incidents.schemas.ts';
import type { IncidentsTable } from './incidents.tables.ts';
import { applyClockAction, fromSlaRow, markBreached, markWarned, retarget, slaNoticesDue, slaStanding, standingHoldsUntil, startTarget, toSlaRow, type SlaTargetState } from './sla/sla-engine.ts';
import { DEFAULT_WARN_SHARE, levelKey, policyCoversSite } from './sla/sla-policy.ts';
import { slaCalendarsRepository, slaPoliciesRepository } from './sla/sla.repository.ts';
import { parseSlaPolicyRow, type SlaPolicyRecord } from './sla/sla.service.ts';
import type { TimelineEntry } from './workflow/apply.ts';
import { SLA_CLOCKS, type Level } from './workflow/model.ts';

/**
 * The incidents' SLA targets as the incident service keeps them, in its transactions: started when an incident opens
 * (the policy that covers its site; each target on a copy of its calendar), moved by every timeline entry's clock
 * actions, re-aimed by a level change, and shown with their standing. The arithmetic is the SLA engine's
 * (sla/sla-engine.ts); this file only loads and stores.
 *
 * An incident without a policy (none covers its site) has no targets; one whose policy is deleted later keeps its
 * targets and is moved with the default warning share.
 */
export function createSlaLedger() {
  async function calendarsOf(db: Executor, ids: readonly string[]): Promise<Map<string, { name: string; calendar: WorkingCalendar }>> {
    const rows = await slaCalendarsRepository.findByIds(db, [...new Set(ids)]);
    return new Map(rows.map((r) => [r.id, { name: r.name, calendar: JSON.parse(r.calendar) as WorkingCalendar }]));
  }

  async function targetsFor(db: Executor, policy: SlaPolicyRecord, level: Level) {
    const specs = policy.targets[levelKey(level)];
    const calendars = await calendarsOf(db, SLA_CLOCKS.map((c) => specs[c].calendarId));
    return { specs, calendars };
  }

  async function policyOf(db: Executor, id: string | null): Promise<SlaPolicyRecord | null> {
    if (id === null) return null;
    const row = await slaPoliciesRepository.findById(db, id);
    return row ? parseSlaPolicyRow(row) : null;
  }

  return {
    /** The first policy by position that covers the site, or null. */
    async policyIdFor(db: Executor, siteId: string): Promise<string | null> {
      const policies = (await slaPoliciesRepository.list(db)).map(parseSlaPolicyRow);
      return policies.find((p) => policyCoversSite(p, siteId))?.id ?? null;
    },

    /** Starts the three targets of a new incident at `at` on its policy (none without a policy). */
    async start(db: Executor, incident: IncidentsTable, at: number): Promise<void> {
      const policy = await policyOf(db, incident.sla_policy_id);
      if (!policy) return;
      const { specs, calendars } = await targetsFor(db, policy, incident.level);
      for (const clock of SLA_CLOCKS) {
        const spec = specs[clock];
        const calendar = calendars.get(spec.calendarId);
        // A policy naming a deleted calendar cannot be saved (the policies service checks); skip rather than guess.
        if (!calendar) continue;
        await incidentSlaRepository.insert(db, incident.id, toSlaRow(startTarget(clock, spec.target, calendar.calendar, at, policy.warnShare, spec.calendarId)));
      }
    },

    /** Moves the targets by one timeline entry: its clock actions in order, then its level change. */
    async apply(db: Executor, incident: IncidentsTable, entry: TimelineEntry): Promise<void> {
      if (entry.clocks.length === 0 && entry.levelChange === null) return;
      const rows = await incidentSlaRepository.targetsOf(db, [incident.id]);
      if (rows.length === 0) return;
      const policy = await policyOf(db, incident.sla_policy_id);
      const warnShare = policy?.warnShare ?? DEFAULT_WARN_SHARE;
      const states = new Map<string, SlaTargetState>(rows.map((r) => [r.clock, fromSlaRow(r)]));
      const before = new Map(states);
      for (const action of entry.clocks) {
        const state = states.get(action.clock);
        if (state && action.action !== 'start') states.set(action.clock, applyClockAction(state, action, warnShare));
      }
      if (entry.levelChange && policy) {
        const { specs, calendars } = await targetsFor(db, policy, entry.levelChange.to);
        for (const [clock, state] of states) {
          const spec = specs[clock as keyof typeof specs];
          const calendar = spec && calendars.get(spec.calendarId);
          if (state.status !== 'stopped' && calendar) states.set(clock, retarget(state, spec.target, calendar.calendar, warnShare, spec.calendarId));
        }
      }
      for (const [clock, state] of states) {
        if (state !== before.get(clock)) await incidentSlaRepository.update(db, incident.id, toSlaRow(state));
      }
    },

    /** Running targets owing a warning or a breach notice at `now` (the SLA sweep's work list). */
    due: async (db: Executor, now: number, limit: number) => (await incidentSlaRepository.due(db, now, limit)).map((r) => ({ incidentId: r.incident_id, clock: r.clock })),

    /**
     * Marks what one target owes at `now` — read again in the caller's transaction, so two sweeps never tell it twice —
     * and says what it was: a breach (which needs no separate warning), a warning, or nothing.
     */
    async mark(db: Executor, incidentId: string, clock: string, now: number): Promise<{ notice: 'warning' | 'breach'; dueAt: number } | null> {
      const row = (await incidentSlaRepository.targetsOf(db, [incidentId])).find((r) => r.clock === clock);
      if (!row) return null;
      const state = fromSlaRow(row);
      const owed = slaNoticesDue(state, now);
      if (!owed.warn && !owed.breach) return null;
      await incidentSlaRepository.update(db, incidentId, toSlaRow(owed.breach ? markBreached(state, now) : markWarned(state, now)));
      return { notice: owed.breach ? 'breach' : 'warning', dueAt: state.dueAt };
    },

    /**
     * Each incident's targets with their standing at `now`, in the clocks' order. `freshness.until` is lowered to the
     * instant the first of these views would read differently (standingHoldsUntil).
     */
    async views(db: Executor, incidentIds: readonly string[], now: number, freshness?: Freshness): Promise<Map<string, Static<typeof SlaTargetView>[]>> {
      const rows = await incidentSlaRepository.targetsOf(db, incidentIds);
      const names = await calendarsOf(db, rows.flatMap((r) => (r.calendar_id ? [r.calendar_id] : [])));
      const out = new Map<string, Static<typeof SlaTargetView>[]>();
      for (const row of rows) {
        const state = fromSlaRow(row);
        const standing = slaStanding(state, now);
        if (freshness) freshness.until = Math.min(freshness.until, standingHoldsUntil(state, standing, now));
        const list = out.get(row.incident_id) ?? [];
        list.push({
          clock: state.clock,
          status: state.status,
          standing: standing.standing,
          startedAt: toIso(state.startedAt),
          dueAt: toIso(state.dueAt),
          stoppedAt: toIsoOrNull(state.stoppedAt),
          // Whole minutes: a running clock's exact count has a fraction; the minute under way is not yet used up.
          elapsedMinutes: Math.floor(standing.elapsedMinutes),
          remainingMinutes: Math.ceil(standing.remainingMinutes),
          met: state.met,
          breachedAt: toIsoOrNull(state.breachedAt),
          calendarName: state.calendarId ? (names.get(state.calendarId)?.name ?? null) : null,
        });
        out.set(row.incident_id, list);
      }
      for (const list of out.values()) list.sort((a, b) => SLA_CLOCKS.indexOf(a.clock) - SLA_CLOCKS.indexOf(b.clock));
      return out;
    },
  };
}

export type SlaLedger = ReturnType<typeof createSlaLedger>;
