import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { IsoDateTime, ListQuery, NullableIsoDateTime, Page } from '../../../http/schemas.ts';
import { TimeZone } from '../../calendar/index.ts';

/**
 * Maintenance windows (SPEC C3.5): times when a site or a device is expected to be down, so its alerts stay quiet.
 * One-off (startsAt–endsAt) or recurring (a cron expression in `zone`, each run lasting durationMinutes).
 */

/** A month: the longest a recurring window's each run may last. */
export const MAX_DURATION_MINUTES = 31 * 24 * 60;

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const NullableString = Nullable(Type.String());
const Named = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() });

export const MaintenanceWindow = Type.Object({
  id: Type.String(),
  name: Type.String(),
  siteId: Type.Union([Type.String(), Type.Null()], { description: 'the site it covers (every alert of the site); null for a device window' }),
  deviceId: Type.Union([Type.String(), Type.Null()], { description: 'the device it covers; null for a site window' }),
  site: Type.Union([Named, Type.Null()], { description: 'the site concerned: the window\'s own, or its device\'s' }),
  device: Nullable(Named),
  startsAt: NullableIsoDateTime,
  endsAt: NullableIsoDateTime,
  cron: NullableString,
  durationMinutes: Nullable(Type.Integer()),
  zone: Type.String(),
  comment: Type.String(),
  enabled: Type.Boolean(),
  activeNow: Type.Boolean({ description: 'enabled and on now' }),
  nextStart: Type.Union([IsoDateTime, Type.Null()], { description: 'when it next switches on; null when never (or disabled)' }),
  nextEnd: Type.Union([IsoDateTime, Type.Null()], { description: 'when it next switches off: the end of the current period while on' }),
  createdBy: Type.String(),
  createdByName: NullableString,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type MaintenanceWindow = Static<typeof MaintenanceWindow>;
export const MaintenanceWindowPage = Page(MaintenanceWindow);

export const MaintenanceWindowListQuery = ListQuery({
  siteId: Type.Optional(Type.String({ maxLength: 64, description: 'windows of this site, its devices\' included' })),
  deviceId: Type.Optional(Type.String({ maxLength: 64 })),
});

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Instant = Type.String({ format: 'date-time' });
const Cron = Type.String({ minLength: 1, maxLength: 100, description: '5 fields (minute hour day month weekday), or 6 with seconds first, read in `zone`' });
const Duration = Type.Integer({ minimum: 1, maximum: MAX_DURATION_MINUTES, description: 'how long each run of a recurring window lasts' });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Comment = Type.String({ maxLength: 2000 });

export const CreateMaintenanceWindowBody = Type.Object(
  {
    name: Name,
    siteId: Type.Optional(Type.String({ ...Id, description: 'a site, or' })),
    deviceId: Type.Optional(Type.String({ ...Id, description: 'a device: exactly one of the two' })),
    startsAt: Type.Optional(Type.String({ ...Instant, description: 'one-off: from, with endsAt' })),
    endsAt: Type.Optional(Instant),
    cron: Type.Optional(Cron),
    durationMinutes: Type.Optional(Duration),
    zone: Type.Optional(TimeZone),
    comment: Type.Optional(Comment),
    enabled: Type.Optional(Type.Boolean({ description: 'default true' })),
  },
  { additionalProperties: false },
);
export type CreateMaintenanceWindowBody = Static<typeof CreateMaintenanceWindowBody>;

/** What is sent replaces what is stored; null clears (to move a window from a site to a device, or from one-off to recurring). */
export const UpdateMaintenanceWindowBody = Type.Object(
  {
    name: Type.Optional(Name),
    siteId: Type.Optional(Nullable(Id)),
    deviceId: Type.Optional(Nullable(Id)),
    startsAt: Type.Optional(Nullable(Instant)),
    endsAt: Type.Optional(Nullable(Instant)),
    cron: Type.Optional(Nullable(Cron)),
    durationMinutes: Type.Optional(Nullable(Duration)),
    zone: Type.Optional(TimeZone),
    comment: Type.Optional(Comment),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMaintenanceWindowBody = Static<typeof UpdateMaintenanceWindowBody>;
