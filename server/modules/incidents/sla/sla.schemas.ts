/**
 * SLA calendars and policies over HTTP. The schemas bound sizes and basic types; the checks that word a problem in
 * the reader's language (a range that is no time, two ranges that overlap, a target with both minutes and days, a
 * calendar that does not exist) are checkBusinessCalendar's and checkSlaPolicy's, which name the field.
 */
import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, StringEnum } from '../../../http/schemas.ts';
import { MAX_CUSTOM_DATES, MAX_RANGES_PER_DAY, TimeZone, WEEKDAYS, type SlaTarget, type WorkingCalendar } from '../../calendar/index.ts';
import { SLA_CLOCKS } from '../workflow/model.ts';
import { MAX_POLICY_SITES, MAX_POSITION, SLA_LEVEL_KEYS, type SlaPolicyTargets } from './sla-policy.ts';

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Description = Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]);
const Version = Type.Integer({ minimum: 1, description: 'the version you read: a write over a newer one is refused (409)' });

const Range = Type.Array(Type.String({ maxLength: 5 }), { maxItems: 2, description: '["HH:MM", "HH:MM"], start before end; end may be 24:00' });
const Ranges = Type.Array(Range, { maxItems: MAX_RANGES_PER_DAY });

/** As sent: the service's check names the day and range at fault. */
const WorkingCalendarInput = Type.Unsafe<WorkingCalendar>(
  Type.Object(
    {
      zone: TimeZone,
      weekly: Type.Unsafe<Partial<Record<string, unknown>>>({ type: 'object', maxProperties: 7, additionalProperties: Ranges, description: 'mon … sun: a day left out has no business hours' }),
      chinaHolidays: Type.Boolean({ description: "China's public holidays off and make-up workdays (调休) on, from chinese-days" }),
      customDates: Type.Optional(
        Type.Unsafe<Record<string, unknown>>({
          type: 'object',
          maxProperties: MAX_CUSTOM_DATES,
          additionalProperties: Type.Object({ working: Type.Boolean(), ranges: Type.Optional(Ranges) }, { additionalProperties: false }),
          description: 'YYYY-MM-DD → {working: false} (closed) or {working: true, ranges?} (open; without ranges, the workday hours): the campus’s own vacations and openings',
        }),
      ),
    },
    { additionalProperties: false },
  ),
);

/** As stored and shown: all seven days, ranges sorted. */
const WorkingCalendarView = Type.Unsafe<WorkingCalendar>(
  Type.Object({
    zone: Type.String(),
    weekly: Type.Object(Object.fromEntries(WEEKDAYS.map((d) => [d, Type.Array(Type.Array(Type.String()))]))),
    chinaHolidays: Type.Boolean(),
    customDates: Type.Optional(Type.Record(Type.String(), Type.Object({ working: Type.Boolean(), ranges: Type.Optional(Type.Array(Type.Array(Type.String()))) }))),
  }),
);

export const SlaCalendar = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Description,
  calendar: WorkingCalendarView,
  /** the SLA policies whose targets run on it (it cannot be deleted while any does) */
  usedBy: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  version: Type.Integer(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type SlaCalendar = Static<typeof SlaCalendar>;
export const SlaCalendarList = Type.Object({
  items: Type.Array(SlaCalendar),
  holidaysKnownUntil: Type.Integer({ description: 'the last year whose public holidays and make-up workdays opsdesk knows (chinese-days); later years count as ordinary years' }),
});

export const CreateSlaCalendarBody = Type.Object({ name: Name, description: Type.Optional(Description), calendar: WorkingCalendarInput }, { additionalProperties: false });
export type CreateSlaCalendarBody = Static<typeof CreateSlaCalendarBody>;
export const UpdateSlaCalendarBody = Type.Object({ name: Name, description: Type.Optional(Description), calendar: WorkingCalendarInput, version: Version }, { additionalProperties: false });
export type UpdateSlaCalendarBody = Static<typeof UpdateSlaCalendarBody>;

/** One of minutes or businessDays (checkSlaTarget says so when both or neither are sent). */
const TargetInput = Type.Unsafe<SlaTarget>(
  Type.Object(
    {
      minutes: Type.Optional(Type.Integer({ description: 'business minutes on the calendar (hours are 60 of them)' })),
      businessDays: Type.Optional(Type.Integer({ description: 'business days: the day the clock starts does not count; due at the close of the last (民法典 第二百零一条)' })),
    },
    { additionalProperties: false },
  ),
);
const PolicyTargetInput = Type.Object({ target: TargetInput, calendarId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const LevelTargetsInput = Type.Object(Object.fromEntries(SLA_CLOCKS.map((c) => [c, PolicyTargetInput])), { additionalProperties: false });
const TargetsInput = Type.Unsafe<SlaPolicyTargets>(
  Type.Object(Object.fromEntries(SLA_LEVEL_KEYS.map((l) => [l, LevelTargetsInput])), {
    additionalProperties: false,
    description: 'per level ("1" most severe), per clock (respond, on_site, resolve): the target and the calendar it runs on',
  }),
);

const TargetView = Type.Union([Type.Object({ minutes: Type.Number() }), Type.Object({ businessDays: Type.Integer() })]);
const PolicyTargetView = Type.Object({ target: TargetView, calendarId: Type.String() });
const TargetsView = Type.Unsafe<SlaPolicyTargets>(
  Type.Object(Object.fromEntries(SLA_LEVEL_KEYS.map((l) => [l, Type.Object(Object.fromEntries(SLA_CLOCKS.map((c) => [c, PolicyTargetView])))]))),
);

const SiteIds = Type.Union([Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: MAX_POLICY_SITES }), Type.Null()], {
  description: 'the sites it applies to; null: every site',
});

export const SlaPolicy = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Description,
  targets: TargetsView,
  warnShare: Type.Number({ description: 'the share of a target after which it warns' }),
  siteIds: Type.Union([Type.Array(Type.String()), Type.Null()]),
  position: Type.Integer({ description: 'lower first: the first policy by position that covers an incident’s site applies' }),
  version: Type.Integer(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type SlaPolicy = Static<typeof SlaPolicy>;
export const SlaPolicyList = Type.Object({ items: Type.Array(SlaPolicy) });

const policyFields = {
  name: Name,
  description: Type.Optional(Description),
  targets: TargetsInput,
  warnShare: Type.Optional(Type.Number({ description: 'the share of a target after which it warns, 0.01–0.99; default 0.75' })),
  siteIds: Type.Optional(SiteIds),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_POSITION, description: 'default: after the last policy' })),
};
export const CreateSlaPolicyBody = Type.Object(policyFields, { additionalProperties: false });
export type CreateSlaPolicyBody = Static<typeof CreateSlaPolicyBody>;
export const UpdateSlaPolicyBody = Type.Object({ ...policyFields, version: Version }, { additionalProperties: false, description: 'the whole policy (fields left out take their defaults; position left out stays)' });
export type UpdateSlaPolicyBody = Static<typeof UpdateSlaPolicyBody>;

export const DeleteQuery = Type.Object({ version: Type.Optional(Version) });

export const SlaPreviewQuery = Type.Object({
  openedAt: IsoDateTime,
  level: Type.Optional(StringEnum(SLA_LEVEL_KEYS, { description: 'one level; default: all three' })),
});
export type SlaPreviewQuery = Static<typeof SlaPreviewQuery>;

const PreviewTarget = Type.Object({
  clock: StringEnum(SLA_CLOCKS),
  target: TargetView,
  calendarId: Type.String(),
  calendarName: Type.String(),
  dueAt: IsoDateTime,
  warnAt: IsoDateTime,
});
export const SlaPreview = Type.Object({
  policyId: Type.String(),
  openedAt: IsoDateTime,
  levels: Type.Array(Type.Object({ level: StringEnum(SLA_LEVEL_KEYS), targets: Type.Array(PreviewTarget) })),
  holidaysKnownUntil: Type.Integer({ description: 'due instants in later years count them as ordinary years: say so beside them' }),
});
export type SlaPreview = Static<typeof SlaPreview>;
