import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { IsoDateTime, StringEnum } from '../../../http/schemas.ts';
import { TimeZone } from '../../calendar/index.ts';
import { MAX_PARTICIPANTS, MAX_SHIFT_HOURS, ROTATION_KINDS } from './roster.types.ts';

/**
 * Request and response bodies of the roster API. As elsewhere (sites' opening hours), the schemas bound the text and
 * the shapes; the times, dates, zones and everything that needs the calendar are checked by checkRoster, which names
 * the field at fault in words the console translates (hhmm, calendarDate, timeZone, overrideOverlap…).
 * Instants are ISO date-times here and epoch ms in the roster functions: the service converts.
 */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Layers a roster may have: a day layer, a nights layer, a weekend layer and a few more. */
export const MAX_LAYERS = 10;
/** Holiday duty rows a roster may hold: a year and more of public holidays and the campus's own days. */
export const MAX_HOLIDAY_DUTIES = 400;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const UserId = Type.String({ minLength: 1, maxLength: 64, description: 'a user id' });
const HandOver = Type.String({ minLength: 1, maxLength: 5, description: "local time 'HH:MM' (00:00–23:59)" });
const LocalDate = Type.String({ minLength: 1, maxLength: 10, description: "local date 'YYYY-MM-DD'" });

/** As sent: keys mon … sun (a day left out has no range), each a list of ["HH:MM", "HH:MM"]; checked by checkRoster. */
const WeeklyRangesInput = Type.Unsafe<Partial<Record<string, [string, string][]>>>({
  type: 'object',
  maxProperties: 7,
  additionalProperties: { type: 'array', maxItems: 24, items: { type: 'array', maxItems: 2, items: { type: 'string', maxLength: 5 } } },
  description: 'weekly local time ranges when the layer is in force, e.g. {"sat": [["00:00", "24:00"]], "mon": [["18:00", "24:00"]]}',
});

export const RotationBody = Type.Object(
  {
    kind: StringEnum(ROTATION_KINDS, { description: 'daily: 1-day shifts; weekly: 7-day shifts; custom: shiftHours of real time' }),
    shiftHours: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SHIFT_HOURS, description: 'custom only: shift length in hours' })),
    handover: HandOver,
    startDate: Type.String({ ...LocalDate, description: "local date 'YYYY-MM-DD' the first participant's first shift starts, at the hand-over" }),
    participants: Type.Array(UserId, { minItems: 1, maxItems: MAX_PARTICIPANTS, description: 'user ids in turn order' }),
    activeRanges: Type.Optional(Nullable(WeeklyRangesInput)),
  },
  { additionalProperties: false },
);
export type RotationBody = Static<typeof RotationBody>;

export const RosterLayerBody = Type.Object(
  {
    id: Type.Optional(Type.String({ ...Id, description: 'kept when editing a layer; a new layer gets one' })),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    rotation: RotationBody,
  },
  { additionalProperties: false },
);
export type RosterLayerBody = Static<typeof RosterLayerBody>;

export const HolidayDutyBody = Type.Object(
  {
    date: LocalDate,
    leaderUserId: Type.Union([UserId, Type.Null()], { description: '领导带班: the leader on duty that day' }),
    userIds: Type.Union([Type.Array(UserId, { minItems: 1, maxItems: MAX_PARTICIPANTS }), Type.Null()], {
      description: "who is on duty that day instead of the rotation; null: the rotation's people",
    }),
  },
  { additionalProperties: false },
);
export type HolidayDutyBody = Static<typeof HolidayDutyBody>;

/** The calendar part of a roster (its name, team and the like are the service's). Layers: later ones win. */
export const RosterDefinitionBody = Type.Object(
  {
    zone: Type.Optional(TimeZone),
    layers: Type.Array(RosterLayerBody, { maxItems: MAX_LAYERS, description: 'bottom first: a later layer wins where it is in force' }),
    holidays: Type.Optional(Type.Array(HolidayDutyBody, { maxItems: MAX_HOLIDAY_DUTIES })),
    chinaHolidays: Type.Optional(Type.Boolean({ description: "China's public holidays are holiday days (default true)" })),
    holidayHandover: Type.Optional(Type.String({ ...HandOver, description: "local time 'HH:MM' a holiday duty day starts and ends at" })),
  },
  { additionalProperties: false },
);
export type RosterDefinitionBody = Static<typeof RosterDefinitionBody>;

export const RosterOverrideBody = Type.Object(
  {
    userId: UserId,
    replacesUserId: Type.Union([UserId, Type.Null()], { description: 'the person covered for; null: added beside whoever is on' }),
    startAt: IsoDateTime,
    endAt: IsoDateTime,
    reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);
export type RosterOverrideBody = Static<typeof RosterOverrideBody>;

export const ShiftsQuery = Type.Object({
  from: IsoDateTime,
  to: Type.String({ format: 'date-time', description: 'exclusive; at most 92 days after from' }),
  userId: Type.Optional(Type.String({ maxLength: 64, description: "only that user's shifts (the .ics export's personal feed)" })),
});
export type ShiftsQuery = Static<typeof ShiftsQuery>;

const DutySourceSchema = StringEnum(['rotation', 'override', 'holiday', 'none'] as const);
const HolidayRefSchema = Nullable(Type.Object({ date: Type.String(), name: Nullable(Type.String({ description: 'the public holiday, e.g. 国庆节; null: a day of the campus' })) }));
const DutyFields = {
  userIds: Type.Array(Type.String()),
  leaderUserId: Nullable(Type.String()),
  source: DutySourceSchema,
  layerId: Nullable(Type.String()),
  holiday: HolidayRefSchema,
};

export const ShiftResponse = Type.Object({ start: IsoDateTime, end: IsoDateTime, ...DutyFields });
export type ShiftResponse = Static<typeof ShiftResponse>;

export const DutyNowResponse = Type.Object({
  at: IsoDateTime,
  ...DutyFields,
  shiftStart: Type.Union([IsoDateTime, Type.Null()], { description: 'since when the same duty holds; null: more than 35 days ago' }),
  shiftEnd: Type.Union([IsoDateTime, Type.Null()], { description: 'until when; null: more than 35 days ahead' }),
});
export type DutyNowResponse = Static<typeof DutyNowResponse>;

export const DutyNowAndNextResponse = Type.Object({ now: DutyNowResponse, next: Nullable(DutyNowResponse) });

/** A warning of checkRoster as the API shows it; the console words it by code (rosterWarning.<code>). */
export const RosterWarningResponse = Type.Object({
  code: StringEnum(['gap', 'holidayWithoutLeader', 'notAHoliday', 'beyondHolidayData'] as const),
  field: Type.Optional(Nullable(Type.String())),
  from: Type.Optional(IsoDateTime),
  to: Type.Optional(IsoDateTime),
  date: Type.Optional(Type.String()),
  holiday: Type.Optional(Nullable(Type.String())),
  lastYear: Type.Optional(Type.Integer()),
  message: Type.String(),
});
export type RosterWarningResponse = Static<typeof RosterWarningResponse>;
