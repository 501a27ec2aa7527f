import type { Executor } from '../../db/types.ts';
import type { PlanTrigger } from './plan-document.ts';
import { plansRepository } from './plans.repository.ts';
import type { PublishedTrigger } from './suggestions.ts';

/**
 * Past this many changed plans at once (an import, `opsdesk plans apply`), one query of the whole library is cheaper
 * than naming each changed plan; it also bounds the ids bound in one query.
 */
const RELOAD_ALL_ABOVE = 100;

/**
 * The published triggers suggestions match against, parsed once and kept per node (issue 12 "≤ 20 ms").
 *
 * Every request reads the library's signature (count, newest edit, sum of edit counters: one cheap row); while it
 * stands, the parsed triggers are reused. When it moves — a plan written on any node, so no in-process message would
 * do — only the plans whose edit counter moved (or that appeared or went) are read and parsed again, not the whole
 * library: one small query of every plan's counter, then the changed plans' triggers (bench/README.md, plans). A
 * counter is bumped by every write of a plan (updateIfVersion), so a change cannot hide from it the way it could from
 * an `updated_at` written by a node whose clock lags.
 *
 * Reads are not one snapshot: a plan written between them is seen with a newer trigger than its recorded counter, or
 * its counter newer than its trigger; either way the next signature differs and that plan is read again.
 */
export function createTriggerCache(db: Executor) {
  let state: { signature: string; versions: Map<string, number>; triggers: Map<string, PublishedTrigger>; list: PublishedTrigger[] } | null = null;
  /** how many plans' triggers the last refresh read (tests and the bench see the partial reload with it) */
  let lastRead = 0;

  const toTrigger = (r: Awaited<ReturnType<typeof plansRepository.publishedTriggers>>[number]): PublishedTrigger => ({
    planId: r.id,
    key: r.key,
    title: r.title,
    category: r.category,
    version: r.number,
    trigger: JSON.parse(r.trigger) as PlanTrigger,
  });

  async function reloadAll(signature: string): Promise<PublishedTrigger[]> {
    const [versions, rows] = await Promise.all([plansRepository.planVersions(db), plansRepository.publishedTriggers(db)]);
    const triggers = new Map(rows.map((r) => [r.id, toTrigger(r)]));
    state = { signature, versions: new Map(versions.map((v) => [v.id, v.version])), triggers, list: [...triggers.values()] };
    lastRead = rows.length;
    return state.list;
  }

  return {
    /** The active plans' published triggers as the library stands now (its order is not meaningful: rankPlans sorts). */
    async get(): Promise<PublishedTrigger[]> {
      const signature = await plansRepository.librarySignature(db);
      if (state?.signature === signature) return state.list;
      if (!state) return reloadAll(signature);
      const now = await plansRepository.planVersions(db);
      const seen = new Set<string>();
      const changed: string[] = [];
      for (const { id, version } of now) {
        seen.add(id);
        if (state.versions.get(id) !== version) changed.push(id);
      }
      const gone = [...state.versions.keys()].filter((id) => !seen.has(id));
      if (changed.length + gone.length > RELOAD_ALL_ABOVE) return reloadAll(signature);
      const rows = changed.length === 0 ? [] : await plansRepository.publishedTriggers(db, changed);
      const triggers = new Map(state.triggers);
      // A changed plan is dropped first: archived, or its draft changed without a publish, it may have no row here.
      for (const id of [...changed, ...gone]) triggers.delete(id);
      for (const r of rows) triggers.set(r.id, toTrigger(r));
      state = { signature, versions: new Map(now.map((v) => [v.id, v.version])), triggers, list: [...triggers.values()] };
      lastRead = rows.length;
      return state.list;
    },

    /** How many plans' triggers the last refresh read from the database. */
    lastRead: () => lastRead,
  };
}

export type TriggerCache = ReturnType<typeof createTriggerCache>;
