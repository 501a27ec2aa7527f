/**
 * The root-cause form's rules, apart from the form: a draft as the editor holds it, the request it becomes, and what is
 * missing before it may be sent (the server's limits: 1–5 whys, none empty, ≤ 10 causes per bone, a summary).
 */
import type { Fishbone, FishboneCategory, RootCause, RootCauseBody } from './closingApi';

export const WHY_LIMIT = 5;
export const CAUSES_PER_BONE = 10;
export const ITEM_LIMIT = 500;
export const SUMMARY_LIMIT = 2000;

/** The seed's 人机料法环测, in the order the fault record prints them. */
export const FISHBONE_CATEGORIES: readonly FishboneCategory[] = ['man', 'machine', 'material', 'method', 'environment', 'measurement'];

export interface RootCauseDraft {
  whys: string[];
  fishbone: Record<FishboneCategory, string[]>;
  summary: string;
}

export type DraftProblem =
  | { field: 'whys'; index: number; code: 'required' | 'tooLong' }
  | { field: 'whys'; code: 'none' | 'tooMany' }
  | { field: 'summary'; code: 'required' | 'tooLong' }
  | { field: 'fishbone'; category: FishboneCategory; code: 'tooMany' | 'tooLong' };

const emptyFishbone = (): Record<FishboneCategory, string[]> => ({ man: [], machine: [], material: [], method: [], environment: [], measurement: [] });

/** The editor's starting point: what was recorded, or one empty why to begin the chain. */
export function draftFrom(rootCause: RootCause | null | undefined): RootCauseDraft {
  if (!rootCause) return { whys: [''], fishbone: emptyFishbone(), summary: '' };
  const fishbone = emptyFishbone();
  for (const category of FISHBONE_CATEGORIES) fishbone[category] = [...(rootCause.fishbone[category] ?? [])];
  return { whys: rootCause.whys.length ? [...rootCause.whys] : [''], fishbone, summary: rootCause.summary };
}

const tidy = (items: readonly string[] | undefined) => (items ?? []).map((s) => s.trim()).filter((s) => s !== '');

/**
 * Empty whys at the end are dropped (an unfilled "why?" the person added and left), but one in the middle is a gap in
 * the chain and is reported; the fishbone's blank entries are dropped; repeated causes on a bone kept once.
 */
export function normalise(draft: RootCauseDraft): RootCauseDraft {
  const whys = draft.whys.map((w) => (w ?? '').trim());
  while (whys.length > 0 && whys.at(-1) === '') whys.pop();
  const fishbone = emptyFishbone();
  for (const category of FISHBONE_CATEGORIES) fishbone[category] = [...new Set(tidy(draft.fishbone[category]))];
  return { whys, fishbone, summary: (draft.summary ?? '').trim() };
}

/** What keeps the draft from being sent, each pointing at its place in the form. Empty: it may be saved. */
export function draftProblems(draft: RootCauseDraft): DraftProblem[] {
  const tidyDraft = normalise(draft);
  const problems: DraftProblem[] = [];
  if (tidyDraft.whys.length === 0) problems.push({ field: 'whys', code: 'none' });
  if (tidyDraft.whys.length > WHY_LIMIT) problems.push({ field: 'whys', code: 'tooMany' });
  tidyDraft.whys.forEach((why, index) => {
    if (why === '') problems.push({ field: 'whys', index, code: 'required' });
    else if (why.length > ITEM_LIMIT) problems.push({ field: 'whys', index, code: 'tooLong' });
  });
  for (const category of FISHBONE_CATEGORIES) {
    const causes = tidyDraft.fishbone[category];
    if (causes.length > CAUSES_PER_BONE) problems.push({ field: 'fishbone', category, code: 'tooMany' });
    if (causes.some((c) => c.length > ITEM_LIMIT)) problems.push({ field: 'fishbone', category, code: 'tooLong' });
  }
  if (tidyDraft.summary === '') problems.push({ field: 'summary', code: 'required' });
  else if (tidyDraft.summary.length > SUMMARY_LIMIT) problems.push({ field: 'summary', code: 'tooLong' });
  return problems;
}

/** The PUT body for a draft with no problems, against the incident version the page read. */
export function toRootCauseBody(draft: RootCauseDraft, version: number): RootCauseBody {
  const tidyDraft = normalise(draft);
  return { whys: tidyDraft.whys, fishbone: tidyDraft.fishbone as Fishbone, summary: tidyDraft.summary, version };
}

/** Whether the person may add another "why?" (the method stops at five). */
export const canAddWhy = (draft: Pick<RootCauseDraft, 'whys'>): boolean => draft.whys.length < WHY_LIMIT;

/** How many causes the fishbone holds in all: the diagram is drawn only when there is something on it. */
export const causeCount = (fishbone: Partial<Record<FishboneCategory, readonly string[]>>): number =>
  FISHBONE_CATEGORIES.reduce((sum, c) => sum + (fishbone[c]?.length ?? 0), 0);
