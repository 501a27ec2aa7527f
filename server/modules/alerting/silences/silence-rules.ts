import { compileMatcher, type Matcher } from '../matchers.ts';
import type { SilenceState } from './silences.schemas.ts';

/** What a silence may be: the rules the service enforces, kept pure so they are tested without a database. */

export const silenceState = (startsAt: number, endsAt: number, now: number): SilenceState => (now < startsAt ? 'pending' : now < endsAt ? 'active' : 'expired');

/**
 * Values unlike each other: a pattern that accepts every one of them (and the empty string) is taken to match
 * everything. `.*` and `.+` do; `POS-.*`, `canteen-[12]` and `[a-z]+` do not. Deciding it exactly is not possible for
 * every regex; this catches the broad patterns people type.
 */
const UNLIKE_VALUES = ['x', '0', '-', 'Z9', '中', ' '];

/**
 * A matcher that narrows what a silence covers: `=` with a value, or `=~` with a pattern that neither matches the
 * empty string (it would match alerts without the label too) nor every value. Negative matchers (`!=`, `!~`) select
 * everything but something, so they never count. The regex must already have passed matcherProblems.
 */
export function selectsSomething(m: Matcher): boolean {
  if (m.op === '=') return m.value !== '';
  if (m.op !== '=~') return false;
  const test = compileMatcher(m);
  const valued = (value: string) => test({ [m.name]: value });
  return !valued('') && !UNLIKE_VALUES.every(valued);
}

/** A silence must select something, or one click would silence the whole estate. */
export const selectsTooMuch = (matchers: readonly Matcher[]): boolean => !matchers.some(selectsSomething);

/** The site codes a silence is pinned to: those named by `site = code`. */
export const pinnedSiteCodes = (matchers: readonly Matcher[]): string[] => matchers.filter((m) => m.name === 'site' && m.op === '=').map((m) => m.value);

/**
 * Whether a user limited to the sites `ownCodes` may see and change this silence: it must be pinned to one of them, so
 * it can only quiet alerts of a site they see (alerts carry the site's code as their `site` label).
 */
export const withinSites = (matchers: readonly Matcher[], ownCodes: ReadonlySet<string>): boolean => pinnedSiteCodes(matchers).some((code) => ownCodes.has(code));
