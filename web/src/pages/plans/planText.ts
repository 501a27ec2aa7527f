/** How a plan document reads in the console: texts in the reader's language, steps by phase with their numbers. */
import type { LocalText, PlanDocument, PlanStep } from './planApi';
import { STEP_PHASES } from './planApi';

/** The English text for English readers when the plan has one, else the Chinese (which every text has). */
export function inLocale(text: LocalText | undefined | null, locale: string): string {
  if (!text) return '';
  return locale === 'en' ? (text.en ?? text.zh) : text.zh;
}

export interface NumberedStep {
  /** 1-based place in the plan's order (the checklist's numbering) */
  number: number;
  step: PlanStep;
  /** a fallback names it as the step that enters its records (补录) */
  backfill: boolean;
}

/** The steps grouped by phase in the phases' order, each keeping its number in the whole plan; empty phases left out. */
export function stepsByPhase(doc: Pick<PlanDocument, 'steps' | 'fallbacks'>): { phase: PlanStep['phase']; steps: NumberedStep[] }[] {
  const backfill = new Set(doc.fallbacks.flatMap((f) => (f.backfillStep ? [f.backfillStep] : [])));
  const numbered = doc.steps.map((step, i) => ({ number: i + 1, step, backfill: backfill.has(step.key) }));
  return STEP_PHASES.map((phase) => ({ phase, steps: numbered.filter((s) => s.step.phase === phase) })).filter((g) => g.steps.length > 0);
}

/** The role's name in the reader's language, or its key when the plan has no such role. */
export function roleName(doc: Pick<PlanDocument, 'roles'>, key: string, locale: string): string {
  const role = doc.roles.find((r) => r.key === key);
  return role ? inLocale(role.name, locale) : key;
}

