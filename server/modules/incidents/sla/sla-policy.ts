/**
 * An SLA policy (issue 11, C5.3): for each level, the response, on-site and resolution targets, each on its own
 * calendar (7×24 or business hours); the share of a target after which it warns; the sites it covers. Pure: the
 * service stores policies and finds the one for an incident, the engine (sla-engine.ts) runs one target.
 */
import { fieldProblem, type FieldProblem } from '../../../field-problems.ts';
import { ROUND_THE_CLOCK, type SlaTarget, type TimeRange, type WorkingCalendar } from '../../calendar/index.ts';
import { integerProblems } from '../problems.ts';
import { SLA_CLOCKS, type Level, type SlaClock } from '../workflow/model.ts';

/** Levels as the policy's JSON keys them. */
export const SLA_LEVEL_KEYS = ['1', '2', '3'] as const;
export type SlaLevelKey = (typeof SLA_LEVEL_KEYS)[number];
export const levelKey = (level: Level): SlaLevelKey => String(level) as SlaLevelKey;

/** One target of a policy: how long, and on which calendar (by id; the incident keeps a copy when its clock starts). */
export interface SlaPolicyTarget {
  readonly target: SlaTarget;
  readonly calendarId: string;
}

export type SlaPolicyTargets = Readonly<Record<SlaLevelKey, Readonly<Record<SlaClock, SlaPolicyTarget>>>>;

export interface SlaPolicy {
  readonly targets: SlaPolicyTargets;
  /** the share of a target's business minutes after which it warns: 0.01–0.99 */
  readonly warnShare: number;
  /** the sites it applies to; null: every site */
  readonly siteIds: readonly string[] | null;
  /** lower first: the first policy by position that covers an incident's site applies */
  readonly position: number;
}

export const DEFAULT_WARN_SHARE = 0.75;
/**
 * The bounds of the warning share. The contract says "0 < share < 1"; a warning at 0.3 % or 99.9 % of a target is
 * no warning at all, and whole percent is what a form offers.
 */
export const WARN_SHARE_MIN = 0.01;
export const WARN_SHARE_MAX = 0.99;
/** Longest minute target: a year (366 days of 7×24). Longest day target: a year of working days. */
export const MAX_TARGET_MINUTES = 366 * 24 * 60;
export const MAX_TARGET_BUSINESS_DAYS = 366;
export const MAX_POSITION = 10_000;
export const MAX_POLICY_SITES = 500;

const HOUR = 60;

const NINE_TO_SIX: TimeRange[] = [['09:00', '18:00']];

/** Issue 11's default calendars, by the key the default policy refers to them with (names and descriptions are data in the deployment's language, as the built-in roles' are). */
export const DEFAULT_SLA_CALENDARS: Readonly<Record<'workingDays' | 'roundTheClock', { name: string; description: string; calendar: WorkingCalendar }>> = {
  workingDays: {
    name: '工作日',
    description: '周一至周五 09:00–18:00（Asia/Shanghai），法定节假日不计，调休上班日计入',
    calendar: { zone: 'Asia/Shanghai', weekly: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX }, chinaHolidays: true },
  },
  roundTheClock: { name: '7×24', description: '全天候：每天每分钟都计时', calendar: ROUND_THE_CLOCK },
};

export const DEFAULT_SLA_POLICY_NAME = '默认 SLA';

/**
 * Issue 11's default policy over the default calendars' ids: level 1 all 7×24 (respond 30 min, on site 1 h, resolve
 * 4 h); level 2 respond 30 min and on site 4 h 7×24, resolve 8 business hours; level 3 respond 2 business hours, on
 * site 1 business day, resolve 3 business days.
 */
export function defaultSlaPolicy(calendarIds: { workingDays: string; roundTheClock: string }): SlaPolicy {
  const always = (minutes: number): SlaPolicyTarget => ({ target: { minutes }, calendarId: calendarIds.roundTheClock });
  const office = (target: SlaTarget): SlaPolicyTarget => ({ target, calendarId: calendarIds.workingDays });
  return {
    targets: {
      '1': { respond: always(30), on_site: always(HOUR), resolve: always(4 * HOUR) },
      '2': { respond: always(30), on_site: always(4 * HOUR), resolve: office({ minutes: 8 * HOUR }) },
      '3': { respond: office({ minutes: 2 * HOUR }), on_site: office({ businessDays: 1 }), resolve: office({ businessDays: 3 }) },
    },
    warnShare: DEFAULT_WARN_SHARE,
    siteIds: null,
    position: 10,
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const TARGET_SHAPE = '{"minutes": n} or {"businessDays": n}';

/** Problems of one target of unknown shape, or none. */
export function checkSlaTarget(input: unknown, field: string): FieldProblem[] {
  if (!isRecord(input)) return [fieldProblem(field, 'type', { type: TARGET_SHAPE })];
  const keys = Object.keys(input);
  if (keys.length !== 1 || !(keys[0] === 'minutes' || keys[0] === 'businessDays')) return [fieldProblem(field, 'type', { type: TARGET_SHAPE })];
  return 'minutes' in input
    ? integerProblems(`${field}.minutes`, input.minutes, 1, MAX_TARGET_MINUTES)
    : integerProblems(`${field}.businessDays`, input.businessDays, 1, MAX_TARGET_BUSINESS_DAYS);
}

function targetsProblems(input: unknown, knownCalendarIds: ReadonlySet<string> | undefined): FieldProblem[] {
  if (!isRecord(input)) return [fieldProblem('targets', 'type', { type: 'object' })];
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(input)) {
    if (!(SLA_LEVEL_KEYS as readonly string[]).includes(key)) problems.push(fieldProblem(`targets.${key}`, 'enum', { allowedValues: SLA_LEVEL_KEYS.join(', ') }));
  }
  for (const level of SLA_LEVEL_KEYS) {
    const clocks = input[level];
    if (clocks === undefined) {
      problems.push(fieldProblem(`targets.${level}`, 'required'));
      continue;
    }
    if (!isRecord(clocks)) {
      problems.push(fieldProblem(`targets.${level}`, 'type', { type: 'object' }));
      continue;
    }
    for (const key of Object.keys(clocks)) {
      if (!(SLA_CLOCKS as readonly string[]).includes(key)) problems.push(fieldProblem(`targets.${level}.${key}`, 'enum', { allowedValues: SLA_CLOCKS.join(', ') }));
    }
    for (const clock of SLA_CLOCKS) {
      const at = `targets.${level}.${clock}`;
      const entry = clocks[clock];
      if (entry === undefined) {
        problems.push(fieldProblem(at, 'required'));
      } else if (!isRecord(entry)) {
        problems.push(fieldProblem(at, 'type', { type: 'object' }));
      } else {
        problems.push(...(entry.target === undefined ? [fieldProblem(`${at}.target`, 'required')] : checkSlaTarget(entry.target, `${at}.target`)));
        problems.push(...calendarIdProblems(entry.calendarId, `${at}.calendarId`, knownCalendarIds));
      }
    }
  }
  return problems;
}

function calendarIdProblems(value: unknown, field: string, known: ReadonlySet<string> | undefined): FieldProblem[] {
  if (value === undefined) return [fieldProblem(field, 'required')];
  if (typeof value !== 'string' || value === '') return [fieldProblem(field, 'type', { type: 'string' })];
  // No code names a calendar yet; "must be one of …" lists the calendars there are, which is what a form offers.
  if (known && !known.has(value)) return [fieldProblem(field, 'enum', { allowedValues: [...known].join(', ') })];
  return [];
}

function siteIdsProblems(value: unknown): FieldProblem[] {
  if (value === null) return [];
  if (!Array.isArray(value) || value.length === 0 || value.some((s) => typeof s !== 'string' || s === '')) {
    return [fieldProblem('siteIds', 'type', { type: 'null (every site) or a list of site ids' })];
  }
  if (value.length > MAX_POLICY_SITES) return [fieldProblem('siteIds', 'maxItems', { limit: MAX_POLICY_SITES })];
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  value.forEach((s: string, i) => {
    if (seen.has(s)) problems.push(fieldProblem(`siteIds.${i}`, 'duplicateValue', { value: s }));
    seen.add(s);
  });
  return problems;
}

function warnShareProblems(value: unknown): FieldProblem[] {
  if (typeof value !== 'number' || !Number.isFinite(value)) return [fieldProblem('warnShare', 'type', { type: 'number' })];
  if (value < WARN_SHARE_MIN) return [fieldProblem('warnShare', 'minimum', { limit: WARN_SHARE_MIN })];
  if (value > WARN_SHARE_MAX) return [fieldProblem('warnShare', 'maximum', { limit: WARN_SHARE_MAX })];
  return [];
}

/**
 * Checks a policy of unknown shape (a request body, a stored row) and answers problems naming each field
 * (`targets.2.resolve.target.minutes`, `warnShare`, `siteIds.3`), never an exception. `warnShare` may be left out
 * (0.75), `siteIds` too (every site). With `knownCalendarIds`, a target's calendar must be one of them. `policy` is
 * the checked value when there are no problems, else null.
 */
export function checkSlaPolicy(
  input: unknown,
  knownCalendarIds?: ReadonlySet<string>,
): { policy: SlaPolicy | null; problems: FieldProblem[] } {
  if (!isRecord(input)) return { policy: null, problems: [fieldProblem('', 'type', { type: 'object' })] };
  const warnShare = input.warnShare === undefined ? DEFAULT_WARN_SHARE : input.warnShare;
  const siteIds = input.siteIds === undefined ? null : input.siteIds;
  const problems = [
    ...(input.targets === undefined ? [fieldProblem('targets', 'required')] : targetsProblems(input.targets, knownCalendarIds)),
    ...warnShareProblems(warnShare),
    ...siteIdsProblems(siteIds),
    ...(input.position === undefined ? [fieldProblem('position', 'required')] : integerProblems('position', input.position, 0, MAX_POSITION)),
  ];
  if (problems.length > 0) return { policy: null, problems };
  const raw = input.targets as Record<SlaLevelKey, Record<SlaClock, { target: Record<string, number>; calendarId: string }>>;
  const targets = Object.fromEntries(
    SLA_LEVEL_KEYS.map((level) => [
      level,
      Object.fromEntries(
        SLA_CLOCKS.map((clock) => {
          const { target, calendarId } = raw[level][clock];
          const clean: SlaTarget = 'minutes' in target ? { minutes: target.minutes! } : { businessDays: target.businessDays! };
          return [clock, { target: clean, calendarId }];
        }),
      ),
    ]),
  ) as unknown as SlaPolicyTargets;
  return {
    policy: { targets, warnShare: warnShare as number, siteIds: siteIds === null ? null : [...(siteIds as string[])], position: input.position as number },
    problems: [],
  };
}

/** Every calendar a policy's targets use, each once. */
export const policyCalendarIds = (policy: Pick<SlaPolicy, 'targets'>): string[] => [
  ...new Set(SLA_LEVEL_KEYS.flatMap((level) => SLA_CLOCKS.map((clock) => policy.targets[level][clock].calendarId))),
];

/** Whether a policy covers a site. */
export const policyCoversSite = (policy: Pick<SlaPolicy, 'siteIds'>, siteId: string): boolean => policy.siteIds === null || policy.siteIds.includes(siteId);
