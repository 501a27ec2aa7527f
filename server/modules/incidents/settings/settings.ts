import type { Executor } from '../../../db/types.ts';
import { fieldProblem, type FieldProblem } from '../../../field-problems.ts';
import { checkGradingMatrix, DEFAULT_GRADING_MATRIX, IMPACTS, URGENCIES, type GradingMatrix } from '../grading/matrix.ts';
import { LEVELS, WAITING_REASONS, type Level, type WaitingReason } from '../workflow/model.ts';
import { checkWorkflowPolicy, DEFAULT_WORKFLOW_POLICY, type WorkflowPolicy } from '../workflow/policy.ts';
import { settingsRepository } from './settings.repository.ts';

/**
 * The incidents module's settings, one row per deployment (id 'default'): the grading matrix, the workflow policy (the
 * major-incident policy inside) and which alerts open an incident by themselves. The incident service reads them on
 * every transition through `loadIncidentSettings`; the settings service edits them.
 */

/** Alerts of these levels, or raised by these rules, open an incident automatically: one per alert group. */
export interface IntakeSettings {
  fromAlerts: { levels: Level[]; ruleIds: string[] };
}

/** 一级 alerts open an incident by themselves (the seeds: a level-1 fault starts the response flow within 30 minutes). */
export const DEFAULT_INTAKE: IntakeSettings = Object.freeze({ fromAlerts: Object.freeze({ levels: [1 as Level], ruleIds: [] as string[] }) });

export interface IncidentSettings {
  grading: GradingMatrix;
  workflow: WorkflowPolicy;
  intake: IntakeSettings;
  /** 0 while nothing is stored yet (the defaults); the stored row starts at 1 and each saved change adds one */
  version: number;
}

export const SETTINGS_ID = 'default';
export const INTAKE_RULE_LIMIT = 200;
export const RULE_ID_LIMIT = 64;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every problem with proposed intake settings: levels 1–3 and rule ids, each at most once. */
export function checkIntakeSettings(value: unknown, field = 'intake'): FieldProblem[] {
  if (!isRecord(value)) return [fieldProblem(field, 'type', { type: 'object' })];
  const fromAlerts = value.fromAlerts;
  if (fromAlerts === undefined) return [fieldProblem(`${field}.fromAlerts`, 'required')];
  if (!isRecord(fromAlerts)) return [fieldProblem(`${field}.fromAlerts`, 'type', { type: 'object' })];
  return [
    ...listProblems(`${field}.fromAlerts.levels`, fromAlerts.levels, (item, at) => (LEVELS.includes(item as Level) ? [] : [fieldProblem(at, 'enum', { allowedValues: LEVELS.join(', ') })])),
    ...listProblems(`${field}.fromAlerts.ruleIds`, fromAlerts.ruleIds, (item, at) => {
      if (typeof item !== 'string' || item === '') return [fieldProblem(at, 'type', { type: 'string' })];
      return item.length > RULE_ID_LIMIT ? [fieldProblem(at, 'maxLength', { limit: RULE_ID_LIMIT })] : [];
    }),
  ];
}

/** A list of at most INTAKE_RULE_LIMIT distinct items, each passing `itemProblems`. */
function listProblems(field: string, items: unknown, itemProblems: (item: unknown, field: string) => FieldProblem[]): FieldProblem[] {
  if (items === undefined) return [fieldProblem(field, 'required')];
  if (!Array.isArray(items)) return [fieldProblem(field, 'type', { type: 'array' })];
  if (items.length > INTAKE_RULE_LIMIT) return [fieldProblem(field, 'maxItems', { limit: INTAKE_RULE_LIMIT })];
  const problems = items.flatMap((item, i) => itemProblems(item, `${field}.${i}`));
  const repeated = items.find((item, i) => items.indexOf(item) !== i);
  if (repeated !== undefined) problems.push(fieldProblem(field, 'duplicateValue', { value: String(repeated) }));
  return problems;
}

/** Checked values as plain, frozen copies holding only the fields opsdesk knows (nothing stray from a stored document). */
export const tidyGrading = (matrix: GradingMatrix): GradingMatrix =>
  Object.freeze(Object.fromEntries(IMPACTS.map((impact) => [impact, Object.freeze(Object.fromEntries(URGENCIES.map((u) => [u, matrix[impact][u]])))]))) as GradingMatrix;

export const tidyWorkflow = (policy: WorkflowPolicy): WorkflowPolicy =>
  Object.freeze({
    autoCloseAfterDays: policy.autoCloseAfterDays,
    reopenWindowDays: policy.reopenWindowDays,
    // in the order the workflow lists them, so that equal policies are stored alike
    pausingWaitReasons: Object.freeze(WAITING_REASONS.filter((r) => policy.pausingWaitReasons.includes(r))) as readonly WaitingReason[],
    major: Object.freeze({ communicationEveryMinutes: policy.major.communicationEveryMinutes, reviewRequired: policy.major.reviewRequired }),
  });

export const tidyIntake = (intake: IntakeSettings): IntakeSettings =>
  Object.freeze({ fromAlerts: Object.freeze({ levels: LEVELS.filter((l) => intake.fromAlerts.levels.includes(l)), ruleIds: [...new Set(intake.fromAlerts.ruleIds)] }) });

/** A stored JSON document through its check; the default when it is unreadable or no longer passes. */
function storedOr<T>(text: string, check: (value: unknown) => FieldProblem[], tidy: (value: T) => T, fallback: T): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fallback;
  }
  return check(value).length === 0 ? tidy(value as T) : fallback;
}

/**
 * The settings as stored, or the defaults while none are (a new database before `ensureDefaults`). A damaged row —
 * unreadable JSON, a document that no longer passes its check — gives the default for that part alone and never
 * throws: a bad matrix must not stop incidents from moving.
 */
export async function loadIncidentSettings(db: Executor): Promise<IncidentSettings> {
  const row = await settingsRepository.find(db);
  if (!row) return { grading: DEFAULT_GRADING_MATRIX, workflow: DEFAULT_WORKFLOW_POLICY, intake: DEFAULT_INTAKE, version: 0 };
  // Every list page reads the settings; checking the same documents again each time was ~2 % of a page's CPU. The
  // parsed settings are frozen, so the last ones are shared while the stored texts stay the same.
  const texts = [row.version, row.grading, row.workflow, row.intake].join('\u0000');
  if (lastParsed?.texts === texts) return lastParsed.settings;
  const settings: IncidentSettings = Object.freeze({
    grading: storedOr(row.grading, checkGradingMatrix, tidyGrading, DEFAULT_GRADING_MATRIX),
    workflow: storedOr(row.workflow, checkWorkflowPolicy, tidyWorkflow, DEFAULT_WORKFLOW_POLICY),
    intake: storedOr(row.intake, checkIntakeSettings, tidyIntake, DEFAULT_INTAKE),
    version: row.version,
  });
  lastParsed = { texts, settings };
  return settings;
}

let lastParsed: { texts: string; settings: IncidentSettings } | null = null;
