/**
 * The step editor's values and the document they make. The form keeps the document's shape (steps.3.title.zh,
 * fallbacks.0.backfillStep), so the server's field problems (`body.document.steps.3.role`) land on the inputs they
 * name; the differences are few and made here: every text has both languages as strings ('' for no English), an
 * optional text (a step's detail, a role's duties) is there when either language is written, a step's check is a
 * kind ('none' for no check) with the fields of every kind, and the source is two optional strings.
 */
import type { NamePath } from '../../app/fieldPaths';
import type { LocalText, PlanDocument, PlanStep, StepCheck } from './planApi';

export interface TextValues {
  zh: string;
  en: string;
}

export type CheckKindValue = 'none' | StepCheck['kind'];

export interface StepValues {
  key: string;
  title: TextValues;
  detail: TextValues;
  role: string;
  expectedMinutes: number | null;
  phase: PlanStep['phase'];
  check: { kind: CheckKindValue; device: string; deviceType?: string; rule: string };
}

export interface RoleValues {
  key: string;
  name: TextValues;
  duties: TextValues;
}

export interface FallbackValues {
  key: string;
  title: TextValues;
  procedure: TextValues;
  records: PlanDocument['fallbacks'][number]['records'];
  backfillStep?: string | null;
}

export interface CommunicationValues {
  key: string;
  audience: PlanDocument['communications'][number]['audience'];
  subject: TextValues;
  body: TextValues;
}

export interface PlanFormValues {
  key: string;
  title: TextValues;
  category: PlanDocument['category'];
  scope: TextValues;
  impact: TextValues;
  trigger: PlanDocument['trigger'];
  roles: RoleValues[];
  steps: StepValues[];
  fallbacks: FallbackValues[];
  communications: CommunicationValues[];
  prevention: TextValues[];
  source: { document: string; section: string };
}

const textValues = (text?: LocalText): TextValues => ({ zh: text?.zh ?? '', en: text?.en ?? '' });

/** A required text: Chinese as written (trimmed; empty is for the server to refuse at its field), English when written. */
export function localText(values: TextValues | undefined): LocalText {
  const zh = (values?.zh ?? '').trim();
  const en = (values?.en ?? '').trim();
  return en ? { zh, en } : { zh };
}

/** An optional text: absent when neither language is written. */
export function optionalText(values: TextValues | undefined): LocalText | undefined {
  return (values?.zh ?? '').trim() || (values?.en ?? '').trim() ? localText(values) : undefined;
}

const checkValues = (check: StepCheck | undefined): StepValues['check'] => ({
  kind: check?.kind ?? 'none',
  device: check?.kind === 'device-online' ? check.device : '',
  ...(check?.kind === 'devices-online' && { deviceType: check.deviceType }),
  rule: check?.kind === 'alert-resolved' ? (check.rule ?? '') : '',
});

export function stepValues(step: PlanStep): StepValues {
  return {
    key: step.key,
    title: textValues(step.title),
    detail: textValues(step.detail),
    role: step.role,
    expectedMinutes: step.expectedMinutes,
    phase: step.phase,
    check: checkValues(step.check),
  };
}

export function documentToForm(doc: PlanDocument): PlanFormValues {
  return {
    key: doc.key,
    title: textValues(doc.title),
    category: doc.category,
    scope: textValues(doc.scope),
    impact: textValues(doc.impact),
    trigger: { alertRules: [...doc.trigger.alertRules], alertTypes: [...doc.trigger.alertTypes], subsystems: [...doc.trigger.subsystems], deviceTypes: [...doc.trigger.deviceTypes], levels: [...doc.trigger.levels] },
    roles: doc.roles.map((r) => ({ key: r.key, name: textValues(r.name), duties: textValues(r.duties) })),
    steps: doc.steps.map(stepValues),
    fallbacks: doc.fallbacks.map((f) => ({ key: f.key, title: textValues(f.title), procedure: textValues(f.procedure), records: [...f.records], backfillStep: f.backfillStep ?? null })),
    communications: doc.communications.map((c) => ({ key: c.key, audience: c.audience, subject: textValues(c.subject), body: textValues(c.body) })),
    prevention: doc.prevention.map(textValues),
    source: { document: doc.source?.document ?? '', section: doc.source?.section ?? '' },
  };
}

function stepCheck(check: StepValues['check'] | undefined): StepCheck | undefined {
  switch (check?.kind) {
    case 'device-online':
      return { kind: 'device-online', device: check.device.trim() };
    case 'devices-online':
      // An unchosen type goes as '' for the server to name at steps.N.check.deviceType.
      return { kind: 'devices-online', deviceType: (check.deviceType ?? '') as Extract<StepCheck, { kind: 'devices-online' }>['deviceType'] };
    case 'alert-resolved':
      return check.rule.trim() ? { kind: 'alert-resolved', rule: check.rule.trim() } : { kind: 'alert-resolved' };
    default:
      return undefined;
  }
}

const list = <T>(values: T[] | undefined | null): T[] => values ?? [];

export function formToDocument(v: PlanFormValues): PlanDocument {
  const source = { document: (v.source?.document ?? '').trim(), section: (v.source?.section ?? '').trim() };
  return {
    key: (v.key ?? '').trim(),
    title: localText(v.title),
    category: v.category,
    scope: localText(v.scope),
    impact: localText(v.impact),
    trigger: {
      alertRules: list(v.trigger?.alertRules),
      alertTypes: list(v.trigger?.alertTypes),
      subsystems: list(v.trigger?.subsystems),
      deviceTypes: list(v.trigger?.deviceTypes),
      levels: list(v.trigger?.levels),
    },
    roles: list(v.roles).map((r) => {
      const duties = optionalText(r.duties);
      return { key: (r.key ?? '').trim(), name: localText(r.name), ...(duties && { duties }) };
    }),
    steps: list(v.steps).map((s) => {
      const detail = optionalText(s.detail);
      const check = stepCheck(s.check);
      return {
        key: (s.key ?? '').trim(),
        title: localText(s.title),
        ...(detail && { detail }),
        role: s.role ?? '',
        // No number goes as 0, which the server refuses at the field (at least 1 minute).
        expectedMinutes: s.expectedMinutes ?? 0,
        phase: s.phase,
        ...(check && { check }),
      };
    }),
    fallbacks: list(v.fallbacks).map((f) => ({
      key: (f.key ?? '').trim(),
      title: localText(f.title),
      procedure: localText(f.procedure),
      records: list(f.records),
      ...(f.backfillStep && { backfillStep: f.backfillStep }),
    })),
    communications: list(v.communications).map((c) => ({ key: (c.key ?? '').trim(), audience: c.audience, subject: localText(c.subject), body: localText(c.body) })),
    prevention: list(v.prevention).map(localText),
    ...(source.document || source.section ? { source } : {}),
  };
}

/** A key not yet used in a list: `step-4`, `step-5`… */
export function nextKey(prefix: string, used: readonly (string | undefined)[]): string {
  const taken = new Set(used);
  for (let n = used.length + 1; ; n++) if (!taken.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

/** A new plan: one commanding role and one step for it, the rest to fill in. */
export function newPlanForm(): PlanFormValues {
  const empty = { zh: '', en: '' };
  return {
    key: '',
    title: empty,
    category: 'equipment',
    scope: empty,
    impact: empty,
    trigger: { alertRules: [], alertTypes: [], subsystems: [], deviceTypes: [], levels: [] },
    roles: [{ key: 'commander', name: { zh: '应急指挥', en: 'Incident commander' }, duties: empty }],
    steps: [newStep([], 'commander')],
    fallbacks: [],
    communications: [],
    prevention: [],
    source: { document: '', section: '' },
  };
}

/** A new step after the others: a free key, the given role, the last step's phase (steps are written in order). */
export function newStep(steps: readonly Partial<StepValues>[], role: string): StepValues {
  return {
    key: nextKey('step', steps.map((s) => s?.key)),
    title: { zh: '', en: '' },
    detail: { zh: '', en: '' },
    role,
    expectedMinutes: 10,
    phase: steps.at(-1)?.phase ?? 'response',
    check: { kind: 'none', device: '', rule: '' },
  };
}

// ── The server's problems ──

/** The editor's parts, as its tabs show them. */
export const SECTIONS = ['basics', 'trigger', 'roles', 'steps', 'fallbacks', 'communications', 'prevention'] as const;
export type Section = (typeof SECTIONS)[number];

/**
 * A problem's place in the form: the server names it under the request body (`body.document.steps.3.role`, read by
 * fieldPaths.namePathOf as ['document', 'steps', 3, 'role']), or — when publishing checks the stored draft again —
 * under `draft`; the form is the document itself. Anything else (the plan's `version`) has no field and is left to
 * the list.
 */
export function formPathOf(path: NamePath): NamePath | null {
  return path[0] === 'document' || path[0] === 'draft' ? path.slice(1) : null;
}

/** Where in the editor a form path is: its tab, the item of a list (0-based) and the rest of the path. */
export function locate(path: NamePath): { section: Section; index: number | null; rest: NamePath } {
  const [head, second, ...tail] = path;
  if (head === 'trigger') return { section: 'trigger', index: null, rest: path.slice(1) };
  if (head === 'roles' || head === 'steps' || head === 'fallbacks' || head === 'communications' || head === 'prevention') {
    return typeof second === 'number' ? { section: head, index: second, rest: tail } : { section: head, index: null, rest: path.slice(1) };
  }
  return { section: 'basics', index: null, rest: path };
}
