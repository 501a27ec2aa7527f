import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime } from '../../../http/schemas.ts';
import { TimeZone } from '../../calendar/index.ts';
import { DutyNowAndNextResponse, HolidayDutyBody, MAX_HOLIDAY_DUTIES, MAX_LAYERS, RosterLayerBody, RosterWarningResponse } from '../roster/index.ts';

const Hotline = Type.Union([Type.String({ minLength: 3, maxLength: 40, pattern: '^[0-9+() -]+$' }), Type.Null()], { description: 'the 7×24 duty telephone shown beside the roster' });
const HandOver = Type.String({ minLength: 1, maxLength: 5, description: "local time 'HH:MM' a holiday duty day starts and ends at" });

export const RosterOverride = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  userName: Type.Union([Type.String(), Type.Null()]),
  replacesUserId: Type.Union([Type.String(), Type.Null()]),
  replacesUserName: Type.Union([Type.String(), Type.Null()]),
  startAt: IsoDateTime,
  endAt: IsoDateTime,
  reason: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTime,
});
export const RosterOverrideList = Type.Object({ items: Type.Array(RosterOverride) });

export const Roster = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  zone: Type.String(),
  hotline: Type.Union([Type.String(), Type.Null()]),
  chinaHolidays: Type.Boolean(),
  holidayHandover: Type.String(),
  layers: Type.Array(RosterLayerBody),
  holidays: Type.Array(HolidayDutyBody),
  version: Type.Integer(),
  warnings: Type.Array(RosterWarningResponse, { description: 'gaps, holidays without a leader on duty, dates beyond the holiday data: saved, but worth a look' }),
  duty: DutyNowAndNextResponse,
  people: Type.Record(Type.String(), Type.String(), { description: 'user id → display name of everyone the roster names' }),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Roster = Static<typeof Roster>;
export const RosterList = Type.Object({ items: Type.Array(Roster) });

const rosterFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  zone: Type.Optional(TimeZone),
  hotline: Type.Optional(Hotline),
  chinaHolidays: Type.Optional(Type.Boolean({ description: "China's public holidays are holiday days (default true)" })),
  holidayHandover: Type.Optional(HandOver),
  layers: Type.Array(RosterLayerBody, { maxItems: MAX_LAYERS, description: 'bottom first: a later layer wins where it is in force' }),
  holidays: Type.Optional(Type.Array(HolidayDutyBody, { maxItems: MAX_HOLIDAY_DUTIES, description: 'holiday duty days with the leader on duty (领导带班)' })),
};
export const CreateRosterBody = Type.Object(rosterFields, { additionalProperties: false });
export type CreateRosterBody = Static<typeof CreateRosterBody>;
export const UpdateRosterBody = Type.Partial(Type.Object(rosterFields), { additionalProperties: false, minProperties: 1 });
export type UpdateRosterBody = Static<typeof UpdateRosterBody>;

export const OnDutyQuery = Type.Object({ at: Type.Optional(IsoDateTime) });
export const IcsQuery = Type.Object({
  userId: Type.Optional(Type.String({ maxLength: 64, description: "only this person's shifts (their phone's calendar)" })),
  lang: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])),
});
export const OverrideIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), overrideId: Type.String({ minLength: 1, maxLength: 64 }) });
