import { Type } from '@sinclair/typebox';
import { Cursor, IsoDateTime, Limit, Page } from '../../http/schemas.ts';

export const Site = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  timezone: Type.String(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

export const SitePage = Page(Site);

export const SiteListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});

const Timezone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, default Asia/Shanghai' });

export const CreateSiteBody = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'short code used by devices, e.g. canteen-1' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    timezone: Type.Optional(Timezone),
  },
  { additionalProperties: false },
);

export const UpdateSiteBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), timezone: Type.Optional(Timezone) },
  { additionalProperties: false, minProperties: 1 },
);
