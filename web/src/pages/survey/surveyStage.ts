/** What the survey page shows, decided apart from React: from the link's view, its load error and the answer's outcome. */
import { ApiError } from '../../api/client';
import type { SurveyView } from './surveyApi';

export type SurveyStage =
  | { kind: 'loading' }
  | { kind: 'invalid' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'open'; view: SurveyView }
  | { kind: 'answered'; view: SurveyView | null }
  | { kind: 'expired'; view: SurveyView | null }
  | { kind: 'thanks'; view: SurveyView };

export interface SurveyInputs {
  loading: boolean;
  view?: SurveyView;
  loadError?: unknown;
  /** the server's answer to the person's submission */
  answered?: SurveyView | null;
  /** why the submission was refused */
  answerError?: unknown;
  now: number;
}

const code = (error: unknown) => (error instanceof ApiError ? error.code : '');

/** A link that is not one: every wrong, altered or unknown token is one 404; a token of the wrong shape is a 400. */
export const isInvalidLink = (error: unknown): boolean => error instanceof ApiError && (error.status === 404 || error.code === 'VALIDATION_FAILED');

/**
 * The stage, most final first: thanks once the answer is in; the server's refusal of it (answered meanwhile — on another
 * phone, say — or expired while the page was open); then the link as loaded. A link past its expiry is expired on the
 * page too, before the server would refuse it.
 */
export function surveyStage({ loading, view, loadError, answered, answerError, now }: SurveyInputs): SurveyStage {
  if (answered) return { kind: 'thanks', view: answered };
  if (code(answerError) === 'SURVEY_ANSWERED') return { kind: 'answered', view: view ?? null };
  if (code(answerError) === 'SURVEY_EXPIRED') return { kind: 'expired', view: view ?? null };
  if (isInvalidLink(answerError)) return { kind: 'invalid' };
  if (loading && !view) return { kind: 'loading' };
  if (!view) return isInvalidLink(loadError) ? { kind: 'invalid' } : { kind: 'failed', error: loadError };
  if (view.status === 'answered') return { kind: 'answered', view };
  if (view.status === 'expired' || Date.parse(view.expiresAt) <= now) return { kind: 'expired', view };
  return { kind: 'open', view };
}
