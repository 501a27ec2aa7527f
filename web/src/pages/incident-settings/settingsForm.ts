/** The incident settings form: the document as the server shows it, the body it sends back, the server's words reworded. */
import { ApiError } from '../../api/client';
import type { IncidentSettings, UpdateIncidentSettingsBody } from './settingsApi';

export type SettingsFormValues = Omit<IncidentSettings, 'version'>;

export const settingsToForm = (settings: IncidentSettings): SettingsFormValues => ({
  grading: structuredClone(settings.grading),
  workflow: structuredClone(settings.workflow),
  intake: structuredClone(settings.intake),
});

/** The whole document at the version read; lists in a stable order so an unchanged setting reads as unchanged. */
export function formToSettings(values: SettingsFormValues, version: number): UpdateIncidentSettingsBody {
  return {
    grading: values.grading,
    workflow: { ...values.workflow, pausingWaitReasons: [...values.workflow.pausingWaitReasons].sort() },
    intake: { fromAlerts: { levels: [...values.intake.fromAlerts.levels].sort(), ruleIds: values.intake.fromAlerts.ruleIds.map((id) => id.trim()).filter(Boolean) } },
    version,
  };
}

/**
 * The server names the milder cell of a gradingOrder problem by its key (`medium.high`); the reader gets it in words.
 * Other problems and errors are returned as they are.
 */
export function rewordGradingProblems(error: unknown, label: (cell: string) => string): unknown {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return error;
  const details = (error.details as unknown[]).map((item) => {
    if (typeof item !== 'object' || item === null) return item;
    const problem = item as { code?: unknown; params?: Record<string, unknown> };
    if (problem.code !== 'gradingOrder' || typeof problem.params?.milder !== 'string') return item;
    return { ...problem, params: { ...problem.params, milder: label(problem.params.milder) } };
  });
  return new ApiError(error.status, error.code, error.message, details);
}

/**
 * A refusal whose details carry lists (CAUSE_CATEGORY_IN_USE's `codes`, TEAM_IN_USE's `incidentNumbers`) with each
 * list joined, so the translation's {{codes}} reads "hardware、power" instead of nothing.
 */
export function joinDetailLists(error: unknown, separator: string): unknown {
  if (!(error instanceof ApiError) || typeof error.details !== 'object' || error.details === null || Array.isArray(error.details)) return error;
  const details = Object.fromEntries(Object.entries(error.details).map(([key, value]) => [key, Array.isArray(value) ? value.map(String).join(separator) : value]));
  return new ApiError(error.status, error.code, error.message, details);
}
