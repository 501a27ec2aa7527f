import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { fieldProblem, type FieldProblem } from '../../field-problems.ts';
import { createValidatorCompiler } from '../../http/validation.ts';
import { StringEnum } from '../../http/schemas.ts';

/**
 * One version of an emergency plan (预案, SPEC C6.1, issue 12 item 1) as a document: what the plan library stores per
 * version (a published version is immutable), what an incident keeps when it runs a plan, and what `plans export|apply`
 * writes and reads. The same schema accepts the shipped defaults (defaults/) and plans written by users, so every
 * text and list is bounded.
 *
 * Languages: a version is ONE document whose texts are `{ zh, en? }` pairs, not one document per language. Steps,
 * roles, checks and keys are the structure the checklist runs on; keeping both languages in the same version means a
 * translation can never describe a different set of steps, publishing freezes both together, and an incident that
 * keeps its version keeps both. `zh` (zh-CN) is required — Chinese is the default language; `en` is optional for a
 * user's plan and the console falls back to `zh`. The shipped defaults carry both.
 *
 * Beyond the schema, `planDocumentProblems` checks what a schema cannot: keys unique, steps naming roles that exist,
 * back-fill steps that exist, placeholders that are known and the same in both languages, trigger references
 * (alert rules, when the caller knows them).
 */

// ── The estate's and alerting's names ────────────────────────────────────────────────────────────────────────────
// The estate catalogue (estate/catalog.ts) and alert levels (alerting.tables.ts) are not on those modules' public
// surfaces; these copies are held equal to them by plan-document.test.ts.

/** Subsystems of the estate (SPEC §2). */
export const PLAN_SUBSYSTEMS = ['consumption', 'recharge', 'access', 'water', 'ticketing', 'selfpay', 'core', 'network'] as const;
export type PlanSubsystem = (typeof PLAN_SUBSYSTEMS)[number];

/** Device types of the estate (SPEC §2). */
export const PLAN_DEVICE_TYPES = [
  'pos', 'kiosk', 'recharge_kiosk', 'gate', 'handheld', 'door', 'water', 'ticket_pc', 'ups', 'switch', 'router', 'router_4g',
  'server', 'database', 'other',
] as const;
export type PlanDeviceType = (typeof PLAN_DEVICE_TYPES)[number];

/** Alert and incident levels: 1 severe (一级), 2 important (二级), 3 minor (三级). */
export const PLAN_LEVELS = [1, 2, 3] as const;

// ── Vocabularies of the plan itself ──────────────────────────────────────────────────────────────────────────────

/** What kind of emergency a plan is for (the library's filter). */
export const PLAN_CATEGORIES = [
  'equipment', // 设备故障: servers, ticket PCs, gates, kiosks
  'network', // 网络故障: lines, switches, routers
  'power', // 停电
  'data', // 数据: backup, restore, data errors
  'security', // 安全: harmful operations, viruses, account attacks
  'capacity', // 客流与容量: peak-hour checking, peak visitor flow
  'service', // 业务故障: a business service down (payment system, one-card key business, abnormal transactions)
] as const;
export type PlanCategory = (typeof PLAN_CATEGORIES)[number];

/**
 * When in the incident a step is done. `response`: confirm, assess, escalate, inform; `fallback`: keep the business
 * going by other means while the system is down; `recovery`: bring the system back and the books up to date (the
 * back-fill step is a recovery step); `verification`: prove it is back and right.
 */
export const STEP_PHASES = ['response', 'fallback', 'recovery', 'verification'] as const;
export type StepPhase = (typeof STEP_PHASES)[number];

/**
 * What is recorded by hand during a fallback and brought back into the books afterwards (补录, C6.2), with the
 * transaction each becomes: `ticket_sale` (a ticket sold by hand or on paper → transaction type ticket_sale),
 * `ticket_check` (a ticket checked on a handheld or by eye → ticket_check), `counter_payment` (a payment taken at a
 * manual counter, by POS or QR code, instead of at a kiosk → consume, channel as taken).
 */
export const BACKFILL_RECORD_KINDS = ['ticket_sale', 'ticket_check', 'counter_payment'] as const;
export type BackfillRecordKind = (typeof BACKFILL_RECORD_KINDS)[number];

/** Who a communication template is written for. */
export const AUDIENCES = [
  'client', // 甲方: the client's representatives (e-mail through the paging channels)
  'public', // the public notice board / status page, kiosk screens, paper notices
  'staff', // the people working the incident and the front-line staff (rosters, groups)
] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * The facts of an incident a communication template may name as {{placeholder}}; filled when the template is sent.
 * Anything else in double braces is refused.
 */
export const PLACEHOLDERS = {
  incidentNumber: 'the incident number, INC-000123',
  incidentTitle: "the incident's title",
  level: 'the level, 1–3',
  site: 'the site(s) affected, by name',
  device: 'the device(s) affected, by name and code',
  subsystem: 'the subsystem(s) affected',
  startedAt: 'when the fault began, local time',
  impact: "what people cannot do (the incident's, else the plan's impact)",
  workaround: 'the fallback in use (where to pay, which lane, which channel)',
  expectedRecovery: 'the expected time of recovery, or "to be announced"',
  hotline: "the deployment's emergency hotline",
  commander: "the incident commander's name",
  updatedAt: 'when this message was written, local time',
  planTitle: "the plan's title",
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;
export const PLACEHOLDER_NAMES = Object.keys(PLACEHOLDERS) as Placeholder[];

/**
 * Checks opsdesk can verify by itself; a step with one is ticked by opsdesk when it passes (a person may still tick
 * it). Few on purpose, each with one meaning:
 *
 * - `device-online` { device }: the device with this code reports health `online`.
 * - `devices-online` { deviceType }: at the incident's site(s) there is at least one device of this type and none of
 *   them is `offline`, `degraded` or `unknown` (devices in `maintenance` are out on purpose and not counted).
 * - `alert-resolved` { rule? }: at least one alert is linked to the incident and every linked alert (only those of
 *   the alert rule with this key, when given) is resolved.
 */
export const CHECK_KINDS = ['device-online', 'devices-online', 'alert-resolved'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

// ── Bounds ───────────────────────────────────────────────────────────────────────────────────────────────────────

export const LIMITS = {
  title: 200,
  detail: 2000,
  procedure: 4000,
  subject: 200,
  body: 4000,
  roles: 12,
  steps: 60,
  fallbacks: 10,
  communications: 12,
  prevention: 20,
  triggerItems: 20,
  stepMinutes: 1440,
} as const;

const SLUG = '^[a-z0-9][a-z0-9_.-]*$';
const Slug = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, pattern: SLUG, description });

/** A text in Chinese (required) and English (optional). */
export const LocalText = (maxLength: number, description?: string) =>
  Type.Object(
    {
      zh: Type.String({ minLength: 1, maxLength, description: 'zh-CN' }),
      en: Type.Optional(Type.String({ minLength: 1, maxLength, description: 'English; the console falls back to zh' })),
    },
    { additionalProperties: false, ...(description && { description }) },
  );
export type LocalText = { zh: string; en?: string };

const Level = Type.Unsafe<1 | 2 | 3>({ type: 'integer', enum: [...PLAN_LEVELS], description: '1 一级 (most severe), 2 二级, 3 三级' });
const List = <T extends TSchema>(item: T, maxItems: number, description: string) => Type.Array(item, { maxItems, uniqueItems: true, description });

// ── The parts ────────────────────────────────────────────────────────────────────────────────────────────────────

/** Which alerts suggest the plan (issue 12 item 3); any one matching list makes it a candidate, levels narrow it. */
export const PlanTrigger = Type.Object(
  {
    alertRules: List(Slug(100, 'an alert rule key'), LIMITS.triggerItems, "keys of opsdesk's alert rules (payment-failure-rate, terminal-silent…)"),
    alertTypes: List(
      Type.String({ minLength: 1, maxLength: 200 }),
      LIMITS.triggerItems,
      "alert names that are not opsdesk rules: the topology correlation's site-down and switch-down, external alertnames (Alertmanager, Grafana)",
    ),
    subsystems: List(StringEnum(PLAN_SUBSYSTEMS), PLAN_SUBSYSTEMS.length, 'subsystems of the alerting device or alert'),
    deviceTypes: List(StringEnum(PLAN_DEVICE_TYPES), PLAN_DEVICE_TYPES.length, 'device types of the alerting device'),
    levels: List(Level, PLAN_LEVELS.length, 'the levels it is suggested at (all when empty)'),
  },
  { additionalProperties: false },
);
export type PlanTrigger = Static<typeof PlanTrigger>;

export const PlanRole = Type.Object(
  {
    key: Slug(64, 'stable within the plan: steps name it'),
    name: LocalText(LIMITS.title),
    duties: Type.Optional(LocalText(LIMITS.detail, 'what the role does in this plan')),
  },
  { additionalProperties: false },
);
export type PlanRole = Static<typeof PlanRole>;

export const DeviceOnlineCheck = Type.Object(
  { kind: Type.Literal('device-online'), device: Type.String({ minLength: 1, maxLength: 64, description: 'device code' }) },
  { additionalProperties: false, description: 'the device with this code reports health online' },
);
export const DevicesOnlineCheck = Type.Object(
  { kind: Type.Literal('devices-online'), deviceType: StringEnum(PLAN_DEVICE_TYPES) },
  { additionalProperties: false, description: "at the incident's sites, at least one device of this type and none offline, degraded or unknown" },
);
export const AlertResolvedCheck = Type.Object(
  { kind: Type.Literal('alert-resolved'), rule: Type.Optional(Slug(100, 'only the alerts of this rule key')) },
  { additionalProperties: false, description: "every alert linked to the incident (of this rule, when given) is resolved; at least one linked" },
);
const CHECK_SCHEMAS = [DeviceOnlineCheck, DevicesOnlineCheck, AlertResolvedCheck] as const;
export const StepCheck = Type.Unsafe<Static<(typeof CHECK_SCHEMAS)[number]>>({
  type: 'object',
  oneOf: [...CHECK_SCHEMAS],
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  description: 'a check opsdesk verifies by itself, by kind',
});
export type StepCheck = Static<typeof StepCheck>;

export const PlanStep = Type.Object(
  {
    key: Slug(64, 'stable within the plan: the checklist and back-fill refer to it'),
    title: LocalText(LIMITS.title),
    detail: Type.Optional(LocalText(LIMITS.detail, 'how, with the figures the procedure gives')),
    role: Slug(64, 'the key of the role that does it'),
    expectedMinutes: Type.Integer({ minimum: 1, maximum: LIMITS.stepMinutes, description: 'expected duration' }),
    phase: StringEnum(STEP_PHASES),
    check: Type.Optional(StepCheck),
  },
  { additionalProperties: false },
);
export type PlanStep = Static<typeof PlanStep>;

/** What is done by hand while the system is down, what it records, and which step brings the records back. */
export const FallbackProcedure = Type.Object(
  {
    key: Slug(64, 'stable within the plan'),
    title: LocalText(LIMITS.title),
    procedure: LocalText(LIMITS.procedure, 'what is done by hand'),
    records: List(StringEnum(BACKFILL_RECORD_KINDS), BACKFILL_RECORD_KINDS.length, 'what it records by hand for back-fill (none when nothing is recorded)'),
    backfillStep: Type.Optional(Slug(64, 'the key of the step that back-fills the records: required when records are made')),
  },
  { additionalProperties: false },
);
export type FallbackProcedure = Static<typeof FallbackProcedure>;

export const CommunicationTemplate = Type.Object(
  {
    key: Slug(64, 'stable within the plan'),
    audience: StringEnum(AUDIENCES),
    subject: LocalText(LIMITS.subject),
    body: LocalText(LIMITS.body, 'with {{placeholders}} for the incident facts'),
  },
  { additionalProperties: false },
);
export type CommunicationTemplate = Static<typeof CommunicationTemplate>;

/** Where a plan was drawn from (the defaults name their seed document and section). */
export const PlanSource = Type.Object(
  {
    document: Type.String({ minLength: 1, maxLength: 200 }),
    section: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const PlanDocument = Type.Object(
  {
    key: Slug(100, 'stable slug of the plan across its versions'),
    title: LocalText(LIMITS.title, 'the scenario, 预案名称'),
    category: StringEnum(PLAN_CATEGORIES),
    scope: LocalText(LIMITS.detail, 'what the plan covers (适用范围)'),
    impact: LocalText(LIMITS.detail, 'what stops working (影响范围)'),
    trigger: PlanTrigger,
    roles: Type.Array(PlanRole, { minItems: 1, maxItems: LIMITS.roles }),
    steps: Type.Array(PlanStep, { minItems: 1, maxItems: LIMITS.steps, description: 'in the order they are done' }),
    fallbacks: Type.Array(FallbackProcedure, { maxItems: LIMITS.fallbacks }),
    communications: Type.Array(CommunicationTemplate, { maxItems: LIMITS.communications }),
    prevention: Type.Array(LocalText(LIMITS.detail), { maxItems: LIMITS.prevention, description: 'preventive measures (预防措施): not steps of an incident' }),
    source: Type.Optional(PlanSource),
  },
  { additionalProperties: false, description: 'one version of an emergency plan' },
);
export type PlanDocument = Static<typeof PlanDocument>;

// ── Reading a document ───────────────────────────────────────────────────────────────────────────────────────────

type AjvIssue = { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string };
type Validate = ((data: unknown) => boolean) & { errors?: AjvIssue[] | null };

/**
 * The check as "kind is one of these, and the schema of that kind" (as alerting's rule-input.ts does for conditions):
 * an unknown kind is one `enum` problem naming the kinds, a known kind's faults are that kind's only.
 */
const CheckByKind = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { type: 'string', enum: [...CHECK_KINDS] } },
  allOf: (CHECK_SCHEMAS as readonly TObject[]).map((branch) => ({
    if: { type: 'object', required: ['kind'], properties: { kind: { const: (branch.properties.kind as TSchema & { const: string }).const } } },
    then: branch,
  })),
};

const CheckedStep = { ...PlanStep, properties: { ...PlanStep.properties, check: CheckByKind } };
const CheckedDocument = {
  ...PlanDocument,
  properties: { ...PlanDocument.properties, steps: { ...PlanDocument.properties.steps, items: CheckedStep } },
};

const validate = createValidatorCompiler()({ schema: CheckedDocument, httpPart: 'body', method: 'POST', url: 'plan document' } as never) as Validate;

function readableParams(params: Record<string, unknown>): Record<string, string | number> | undefined {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' || typeof value === 'number') out[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) out[key] = value.join(', ');
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const join = (prefix: string, path: string) => [prefix, path].filter(Boolean).join('.');

function fieldOf(issue: AjvIssue, prefix: string): string {
  const missing = issue.params.missingProperty;
  const path = `${issue.instancePath}${typeof missing === 'string' ? `/${missing}` : ''}`.replace(/^\//, '').replace(/\//g, '.');
  return join(prefix, path) || 'plan';
}

/** What the caller knows to check references against; without it, only the document's own references are checked. */
export interface PlanCheckContext {
  /** the keys of the alert rules that exist */
  ruleKeys?: ReadonlySet<string>;
}

export type PlanRead = { document: PlanDocument; problems: [] } | { document: null; problems: FieldProblem[] };

/**
 * The document, checked, or every problem with it named by field (`steps.3.role`, `communications.0.body.en`), under
 * `prefix` when it sits inside a request ("body"). Like a request body, unknown fields are dropped from the value it
 * is given; the schema first (types, bounds), then — when the shape is right — the references between its parts.
 */
export function readPlanDocument(value: unknown, prefix = '', ctx: PlanCheckContext = {}): PlanRead {
  if (!validate(value)) {
    const problems = (validate.errors ?? [])
      .filter((issue) => issue.keyword !== 'if')
      .map((issue): FieldProblem => {
        const params = readableParams(issue.params);
        return { field: fieldOf(issue, prefix), code: issue.keyword, ...(params && { params }), message: issue.message ?? 'is invalid' };
      });
    return { document: null, problems };
  }
  const document = value as PlanDocument;
  const problems = planDocumentProblems(document, ctx).map((p) => ({ ...p, field: join(prefix, p.field) }));
  return problems.length > 0 ? { document: null, problems } : { document, problems: [] };
}

// ── References between the parts ─────────────────────────────────────────────────────────────────────────────────

/** {{ name }}, spaces inside the braces allowed, as the notification channels' templates write them. */
const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;
const KNOWN = new Set<string>(PLACEHOLDER_NAMES);
const ALLOWED = PLACEHOLDER_NAMES.map((name) => `{{${name}}}`).join(', ');

/** The placeholders a text uses, and the problems with it: unknown names, and braces that open or close nothing. */
function placeholdersOf(text: string, field: string, problems: FieldProblem[]): Set<string> {
  const used = new Set<string>();
  for (const [, name] of text.matchAll(PLACEHOLDER)) {
    if (KNOWN.has(name!)) used.add(name!);
    else problems.push(fieldProblem(field, 'placeholderUnknown', { name: `{{${name}}}`, allowed: ALLOWED }));
  }
  const stray = text.replace(PLACEHOLDER, '').match(/\{\{[^{}]{0,40}|[^{}]{0,40}\}\}/);
  if (stray) problems.push(fieldProblem(field, 'placeholderUnknown', { name: stray[0], allowed: ALLOWED }));
  return used;
}

/** Repeated keys in a list: each repeat is named at its own place (`steps.4.key`). */
function duplicateKeys(items: readonly { key: string }[], list: string, problems: FieldProblem[]): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.key)) problems.push(fieldProblem(`${list}.${i}.key`, 'duplicateValue', { value: item.key }));
    seen.add(item.key);
  });
}

/**
 * What a well-shaped document must also satisfy. Field names are relative to the document.
 *
 * - role, step, fallback and template keys are unique in their lists;
 * - each step names a role of the plan;
 * - a fallback that records something names its back-fill step, and that step exists;
 * - every {{placeholder}} is a known one, and a template's Chinese and English texts use the same ones;
 * - trigger alert rules exist (when `ctx.ruleKeys` is given), as do `alert-resolved` checks' rules.
 */
export function planDocumentProblems(doc: PlanDocument, ctx: PlanCheckContext = {}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  duplicateKeys(doc.roles, 'roles', problems);
  duplicateKeys(doc.steps, 'steps', problems);
  duplicateKeys(doc.fallbacks, 'fallbacks', problems);
  duplicateKeys(doc.communications, 'communications', problems);

  const roles = new Set(doc.roles.map((r) => r.key));
  const steps = new Set(doc.steps.map((s) => s.key));
  const rules = ctx.ruleKeys;

  doc.steps.forEach((step, i) => {
    if (!roles.has(step.role)) problems.push(fieldProblem(`steps.${i}.role`, 'unknownRole', { role: step.role }));
    const rule = step.check?.kind === 'alert-resolved' ? step.check.rule : undefined;
    if (rule !== undefined && rules && !rules.has(rule)) problems.push(fieldProblem(`steps.${i}.check.rule`, 'unknownRule', { rule }));
  });

  doc.fallbacks.forEach((fallback, i) => {
    const field = `fallbacks.${i}.backfillStep`;
    if (fallback.backfillStep === undefined) {
      if (fallback.records.length > 0) problems.push(fieldProblem(field, 'required'));
    } else if (!steps.has(fallback.backfillStep)) {
      problems.push(fieldProblem(field, 'enum', { allowedValues: [...steps].join(', ') }));
    }
  });

  doc.communications.forEach((template, i) => {
    for (const part of ['subject', 'body'] as const) {
      const field = `communications.${i}.${part}`;
      const zh = placeholdersOf(template[part].zh, `${field}.zh`, problems);
      if (template[part].en === undefined) continue;
      const en = placeholdersOf(template[part].en, `${field}.en`, problems);
      // A translation that drops the hotline, or names a fact the Chinese does not, tells the two audiences different things.
      for (const name of zh) if (!en.has(name)) problems.push(fieldProblem(`${field}.en`, 'placeholderMissing', { name: `{{${name}}}` }));
      for (const name of en) if (!zh.has(name)) problems.push(fieldProblem(`${field}.zh`, 'placeholderMissing', { name: `{{${name}}}` }));
    }
  });

  if (rules) {
    doc.trigger.alertRules.forEach((rule, i) => {
      if (!rules.has(rule)) problems.push(fieldProblem(`trigger.alertRules.${i}`, 'unknownRule', { rule }));
    });
  }
  return problems;
}

/** The back-fill steps of a plan: the steps its fallbacks name (the incident cannot close while one is open). */
export const backfillSteps = (doc: PlanDocument): string[] => [...new Set(doc.fallbacks.flatMap((f) => (f.backfillStep ? [f.backfillStep] : [])))];
