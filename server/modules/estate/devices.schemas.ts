import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, ListQuery, NullableIsoDateTime, Page, StringEnum } from '../../http/schemas.ts';
import { DEVICE_HEALTHS, DEVICE_TYPES, SUBSYSTEMS } from './catalog.ts';
import { DEVICE_CODE_PATTERN } from './device-fields.ts';
import { HealthReason } from './health-reason.ts';


const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const DeviceType = StringEnum(DEVICE_TYPES, { description: 'device type code (GET /estate/catalog)' });
export const Subsystem = StringEnum(SUBSYSTEMS, { description: 'subsystem code (GET /estate/catalog)' });
export const Health = StringEnum(DEVICE_HEALTHS);

export const DeviceCode = Type.String({ pattern: DEVICE_CODE_PATTERN, description: 'the code the device reports itself by, e.g. POS-C1-017' });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const ShortText = Type.String({ maxLength: 100 });
const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Ip = Type.String({ maxLength: 45, description: 'IPv4 or IPv6 address' });
const RefId = Type.String({ minLength: 1, maxLength: 64 });

/** Free labels for rules and filters ("line": "A"); keys are identifiers so rule scopes can name them. */
export const Labels = Type.Unsafe<Record<string, string>>({
  type: 'object',
  propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,62}$' },
  additionalProperties: { type: 'string', maxLength: 200 },
  maxProperties: 50,
  description: 'string labels; keys are letters, digits, _ . - (at most 50)',
});

export const Device = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  type: Type.String(),
  subsystem: Type.String(),
  siteId: Type.String(),
  siteCode: Type.String(),
  model: Type.Union([Type.String(), Type.Null()]),
  serial: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  firmware: Type.Union([Type.String(), Type.Null()]),
  installDate: Type.Union([Type.String(), Type.Null()]),
  warrantyEnd: Type.Union([Type.String(), Type.Null()]),
  upstreamId: Type.Union([Type.String(), Type.Null()]),
  labels: Type.Record(Type.String(), Type.String()),
  maintenance: Type.Boolean(),
  health: Health,
  healthSince: IsoDateTime,
  healthReason: Type.Union([HealthReason, Type.Null()]),
  lastSeenAt: NullableIsoDateTime,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

export const DeviceDetail = Type.Composite([
  Device,
  Type.Object({
    upstreamCode: Type.Union([Type.String(), Type.Null()]),
    downstreamCount: Type.Integer({ description: 'direct children you can see' }),
  }),
]);

export const DevicePage = Page(Device);

export const DeviceListQuery = ListQuery({
  siteId: Type.Optional(RefId),
  subsystem: Type.Optional(Subsystem),
  type: Type.Optional(DeviceType),
  health: Type.Optional(Health),
  upstreamId: Type.Optional(RefId),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'text in code, name, IP or serial' })),
  sort: Type.Optional(
    StringEnum(['problems', 'code'] as const, {
      description: 'problems (default): offline, degraded, unknown, online, maintenance, each by code; code: by code alone. A cursor belongs to its sort',
    }),
  ),
});

export const PageQuery = ListQuery();

const optionalFields = {
  model: Type.Optional(Nullable(ShortText)),
  serial: Type.Optional(Nullable(ShortText)),
  ip: Type.Optional(Nullable(Ip)),
  firmware: Type.Optional(Nullable(ShortText)),
  installDate: Type.Optional(Nullable(DateOnly)),
  warrantyEnd: Type.Optional(Nullable(DateOnly)),
  upstreamId: Type.Optional(Nullable(RefId)),
  labels: Type.Optional(Labels),
};

export const CreateDeviceBody = Type.Object(
  { code: DeviceCode, name: Name, type: DeviceType, subsystem: Subsystem, siteId: RefId, ...optionalFields },
  { additionalProperties: false },
);
export type CreateDeviceInput = Static<typeof CreateDeviceBody>;

/** Everything but the code, which telemetry and stored events refer to the device by. */
export const UpdateDeviceBody = Type.Object(
  { name: Type.Optional(Name), type: Type.Optional(DeviceType), subsystem: Type.Optional(Subsystem), siteId: Type.Optional(RefId), ...optionalFields },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateDeviceInput = Static<typeof UpdateDeviceBody>;

export const MaintenanceBody = Type.Object(
  { on: Type.Boolean({ description: 'true: into maintenance (silence expected); false: back to service' }), reason: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const HealthChange = Type.Object({ at: IsoDateTime, health: Health, reason: Type.Union([HealthReason, Type.Null()]) });
export const HealthHistoryPage = Page(HealthChange);

const HealthCounts = Type.Object(Object.fromEntries(DEVICE_HEALTHS.map((h) => [h, Type.Integer()])) as Record<(typeof DEVICE_HEALTHS)[number], ReturnType<typeof Type.Integer>>);

export const EstateTree = Type.Object({
  sites: Type.Array(
    Type.Object({
      id: Type.String(),
      code: Type.String(),
      name: Type.String(),
      total: Type.Integer(),
      health: HealthCounts,
      subsystems: Type.Array(Type.Object({ subsystem: Type.String(), total: Type.Integer(), health: HealthCounts })),
    }),
  ),
});

export const Catalog = Type.Object({
  deviceTypes: Type.Array(Type.String()),
  subsystems: Type.Array(Type.String()),
  healthStates: Type.Array(Type.String()),
});
