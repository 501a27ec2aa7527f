import { Type } from '@sinclair/typebox';
import { IsoDateTime, StringEnum } from '../../http/schemas.ts';
import { DEVICE_HEALTHS } from './catalog.ts';
import { HealthReason } from './health-reason.ts';

const HealthCounts = Type.Object(Object.fromEntries(DEVICE_HEALTHS.map((h) => [h, Type.Integer()])) as Record<(typeof DEVICE_HEALTHS)[number], ReturnType<typeof Type.Integer>>);

export const EstateSummary = Type.Object({
  total: Type.Integer({ description: 'devices in the sites you may see' }),
  health: HealthCounts,
  sites: Type.Array(
    Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), total: Type.Integer(), health: HealthCounts }),
    { description: 'every site you may see, those with offline then degraded devices first' },
  ),
  recent: Type.Array(
    Type.Object({
      deviceId: Type.String(),
      code: Type.String(),
      name: Type.String(),
      siteId: Type.String(),
      siteCode: Type.String(),
      health: StringEnum(DEVICE_HEALTHS),
      reason: Type.Union([HealthReason, Type.Null()]),
      at: IsoDateTime,
    }),
    { description: "the devices whose health changed last, newest first (each device's latest change)" },
  ),
});
