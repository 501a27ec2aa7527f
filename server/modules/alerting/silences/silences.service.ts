import { toIso } from '../../../clock.ts';
import { keysOf, type PageRequest } from '../../../db/keyset.ts';
import { fromJsonText, toJsonText } from '../../../db/types.ts';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '../../../errors.ts';
import { fieldProblem, invalidFields, throwIfProblems, type FieldProblem } from '../../../field-problems.ts';
import { cursorPage, type ListRequest } from '../../../http/cursor.ts';
import { newId } from '../../../ids.ts';
import type { SilencesTable } from '../alerting.tables.ts';
import type { ModuleContext } from '../../../module.ts';
import { requirePermission, type Actor, type RequestContext } from '../../auth/index.ts';
import { siteRecords } from '../../sites/index.ts';
import { compileMatchers, matcherProblems, type Matcher } from '../matchers.ts';
import { instantOf } from './instant.ts';
import { selectsTooMuch, silenceState, withinSites } from './silence-rules.ts';
import { SILENCES_ORDER, silencesRepository, type SilenceRow } from './silences.repository.ts';
import { PREVIEW_IDS, type CreateSilenceBody, type Silence, type SilencePreview, type SilenceState, type UpdateSilenceBody } from './silences.schemas.ts';

/** A silence lasts at most this long: a year, leap day included. Longer quiet is a rule to change, not a silence. */
export const MAX_SILENCE_DAYS = 366;
const DAY_MS = 86_400_000;
/** Rows read at a time where the list or the preview has to look at each one in JS. */
const BATCH = 500;

const matchersOf = (row: SilenceRow): Matcher[] => fromJsonText<Matcher[]>(row.matchers);
/** Stored with their three fields in one order, whatever order they were sent in. */
const matchersText = (matchers: readonly Matcher[]): string => toJsonText(matchers.map(({ name, op, value }) => ({ name, op, value })));

function toView(row: SilenceRow, now: number): Silence {
  return {
    id: row.id,
    matchers: matchersOf(row),
    startsAt: toIso(row.starts_at),
    endsAt: toIso(row.ends_at),
    state: silenceState(row.starts_at, row.ends_at, now),
    comment: row.comment,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/** What is wrong with a silence running from startsAt to endsAt, decided at `now`. */
function periodProblems(startsAt: number, endsAt: number, now: number): FieldProblem[] {
  if (endsAt <= now) return [fieldProblem('endsAt', 'future')];
  if (endsAt <= startsAt) return [fieldProblem('endsAt', 'rangeOrder')];
  if (endsAt - startsAt > MAX_SILENCE_DAYS * DAY_MS) return [fieldProblem('endsAt', 'rangeTooLong', { days: MAX_SILENCE_DAYS })];
  return [];
}

/**
 * Silences (SPEC C3.5): alerts whose labels match every matcher stay quiet between startsAt and endsAt (the alert
 * engine reads them through ../suppressions.ts). Engineers on duty silence from the alert row, so creating, changing
 * and expiring need alerts:ack. A user limited to some sites only sees and touches silences pinned to one of their
 * sites by `site = code`: nobody silences what they may not see.
 */
export function createSilencesService(ctx: ModuleContext) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;

  /** The codes of the sites a scoped actor sees; null for an actor who sees every site. */
  async function ownSiteCodes(actor: Actor): Promise<Set<string> | null> {
    if (actor.siteIds === null) return null;
    return new Set((await siteRecords.allVisible(k, actor.siteIds)).map((s) => s.code));
  }

  async function visible(rc: RequestContext, id: string): Promise<SilenceRow> {
    const row = await silencesRepository.findById(k, id);
    const own = row && (await ownSiteCodes(rc.actor));
    // Out of scope answers as not found: a scoped user learns nothing about other sites' silences.
    if (!row || (own && !withinSites(matchersOf(row), own))) throw new NotFoundError('Silence', id);
    return row;
  }

  /** Regexes that compile and cannot run away, a matcher that narrows, and (for a scoped user) one of their sites. */
  async function checkMatchers(actor: Actor, matchers: Matcher[]): Promise<void> {
    throwIfProblems(matcherProblems(matchers, 'matchers'));
    if (selectsTooMuch(matchers)) {
      throw new InvalidError(
        'A silence needs at least one matcher that selects something: name = value, or name =~ a pattern that does not match everything',
        { field: 'matchers' },
        'SILENCE_TOO_BROAD',
      );
    }
    const own = await ownSiteCodes(actor);
    if (own && !withinSites(matchers, own)) {
      const codes = [...own].sort();
      throw new ForbiddenError(
        `You may only silence alerts of your sites: add the matcher site = one of ${codes.join(', ') || '(none)'}`,
        { field: 'matchers', siteCodes: codes },
        'SILENCE_OUTSIDE_SCOPE',
      );
    }
  }

  /** The user who made it: a token acts for its user; the system and the CLI by their names. */
  const creatorOf = (actor: Actor): string => actor.userId ?? actor.username;

  /** A page of the silences `keep` accepts, reading the order batch by batch past the ones it does not. */
  async function keptPage(states: SilenceState[] | undefined, now: number, keep: (row: SilenceRow) => boolean, page: PageRequest): Promise<SilenceRow[]> {
    const kept: SilenceRow[] = [];
    let after = page.after;
    for (;;) {
      const batch = await silencesRepository.list(k, { states, now }, { ...(after && { after }), limit: BATCH });
      for (const row of batch) {
        if (!keep(row)) continue;
        kept.push(row);
        if (kept.length === page.limit) return kept;
      }
      if (batch.length < BATCH) return kept;
      after = keysOf(SILENCES_ORDER, batch[batch.length - 1]!);
    }
  }

  async function write(
    rc: RequestContext,
    action: 'silence.update' | 'silence.expire',
    before: SilenceRow,
    patch: Partial<Pick<SilencesTable, 'matchers' | 'starts_at' | 'ends_at' | 'comment'>>,
    now: number,
  ): Promise<Silence> {
    return k.transaction().execute(async (trx) => {
      await silencesRepository.update(trx, before.id, { ...patch, updated_at: now });
      const after = toView((await silencesRepository.findById(trx, before.id))!, now);
      await audit.append(trx, rc, { action, targetType: 'silence', targetId: before.id, before: toView(before, now), after, reason: after.comment });
      return after;
    });
  }

  return {
    async list(rc: RequestContext, filter: { state?: string | undefined }, request: ListRequest) {
      requirePermission(rc.actor, 'alerts:read');
      const now = clock.now();
      const states = filter.state ? [...new Set(filter.state.split(','))].map((s) => s as SilenceState) : undefined;
      const own = await ownSiteCodes(rc.actor);
      const fetch = (page: PageRequest) =>
        own === null ? silencesRepository.list(k, { states, now }, page) : keptPage(states, now, (row) => withinSites(matchersOf(row), own), page);
      return cursorPage(SILENCES_ORDER, request, fetch, (rows) => rows.map((r) => toView(r, now)));
    },

    async get(rc: RequestContext, id: string): Promise<Silence> {
      requirePermission(rc.actor, 'alerts:read');
      return toView(await visible(rc, id), clock.now());
    },

    async create(rc: RequestContext, input: CreateSilenceBody): Promise<Silence> {
      requirePermission(rc.actor, 'alerts:ack');
      await checkMatchers(rc.actor, input.matchers);
      if (input.comment.trim() === '') throw invalidComment();
      const now = clock.now();
      // As in Alertmanager, a start in the past means now: a silence cannot reach back.
      const startsAt = Math.max(input.startsAt === undefined ? now : instantOf(input.startsAt), now);
      const endsAt = instantOf(input.endsAt);
      throwIfProblems(periodProblems(startsAt, endsAt, now));
      return k.transaction().execute(async (trx) => {
        const id = newId();
        await silencesRepository.insert(trx, {
          id,
          matchers: matchersText(input.matchers),
          starts_at: startsAt,
          ends_at: endsAt,
          comment: input.comment,
          created_by: creatorOf(rc.actor),
          created_at: now,
          updated_at: now,
        });
        const view = toView((await silencesRepository.findById(trx, id))!, now);
        await audit.append(trx, rc, { action: 'silence.create', targetType: 'silence', targetId: id, after: view, reason: view.comment });
        return view;
      });
    },

    /** Extends, shortens or changes a silence that has not ended. Its start moves only while it has not started. */
    async update(rc: RequestContext, id: string, input: UpdateSilenceBody): Promise<Silence> {
      requirePermission(rc.actor, 'alerts:ack');
      const before = await visible(rc, id);
      const now = clock.now();
      const state = silenceState(before.starts_at, before.ends_at, now);
      if (state === 'expired') throw new ConflictError('The silence has ended: create a new one', 'SILENCE_EXPIRED');
      const requestedStart = input.startsAt === undefined ? undefined : instantOf(input.startsAt);
      if (requestedStart !== undefined && state === 'active' && requestedStart !== before.starts_at) {
        throw new ConflictError('The silence has started: its start cannot move', 'SILENCE_STARTED', { field: 'startsAt' });
      }
      if (input.matchers) await checkMatchers(rc.actor, input.matchers);
      if (input.comment !== undefined && input.comment.trim() === '') throw invalidComment();
      const startsAt = requestedStart === undefined || state === 'active' ? before.starts_at : Math.max(requestedStart, now);
      const endsAt = input.endsAt === undefined ? before.ends_at : instantOf(input.endsAt);
      throwIfProblems(periodProblems(startsAt, endsAt, now));
      return write(rc, 'silence.update', before, {
        ...(input.matchers && { matchers: matchersText(input.matchers) }),
        starts_at: startsAt,
        ends_at: endsAt,
        ...(input.comment !== undefined && { comment: input.comment }),
      }, now);
    },

    /** Ends a silence now; one that had not started ends before it began. */
    async expire(rc: RequestContext, id: string): Promise<Silence> {
      requirePermission(rc.actor, 'alerts:ack');
      const before = await visible(rc, id);
      const now = clock.now();
      const state = silenceState(before.starts_at, before.ends_at, now);
      if (state === 'expired') throw new ConflictError('The silence has ended already', 'SILENCE_EXPIRED');
      return write(rc, 'silence.expire', before, { ...(state === 'pending' && { starts_at: now }), ends_at: now }, now);
    },

    /**
     * How many open alerts these matchers select now, among those the caller may see, and the newest of them: what a
     * silence would quiet before it is made. Matched in JS with the same compiled matchers the engine uses.
     */
    async preview(rc: RequestContext, matchers: Matcher[]): Promise<SilencePreview> {
      requirePermission(rc.actor, 'alerts:read');
      throwIfProblems(matcherProblems(matchers, 'matchers'));
      const matches = compileMatchers(matchers);
      const alertIds: string[] = [];
      let matched = 0;
      let beforeId: string | null = null;
      for (;;) {
        const batch = await silencesRepository.openAlertLabels(k, rc.actor.siteIds, beforeId, BATCH);
        for (const alert of batch) {
          if (!matches(fromJsonText<Record<string, string>>(alert.labels))) continue;
          matched += 1;
          if (alertIds.length < PREVIEW_IDS) alertIds.push(alert.id);
        }
        if (batch.length < BATCH) return { matched, alertIds };
        beforeId = batch[batch.length - 1]!.id;
      }
    },
  };
}

/** A comment of blanks says nothing: as if there were none. */
const invalidComment = () => invalidFields([fieldProblem('comment', 'required')]);

export type SilencesService = ReturnType<typeof createSilencesService>;
