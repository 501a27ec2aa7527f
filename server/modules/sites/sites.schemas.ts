import { Type } from '@sinclair/typebox';
import { IsoDateTime, ListQuery, Page } from '../../http/schemas.ts';
import { TimeZone, WEEKDAYS } from '../calendar/index.ts';
import type { OpeningHours as OpeningHoursType } from './opening-hours.ts';

const Range = Type.Array(Type.String(), { minItems: 2, maxItems: 2, description: '["HH:MM", "HH:MM"], start before end; end may be 24:00' });

/** As stored and shown: all seven days, ranges sorted; null means always open. */
export const OpeningHours = Type.Union([
  Type.Unsafe<OpeningHoursType>(Type.Object(Object.fromEntries(WEEKDAYS.map((d) => [d, Type.Array(Range)])))),
  Type.Null(),
]);

/**
 * As sent: keys mon … sun (a day left out is closed), each a list of ranges; null: always open. The service checks the
 * keys and times and names the day and range at fault, which reads better than a schema error.
 */
const OpeningHoursInput = Type.Union(
  [
    Type.Unsafe<Partial<Record<string, unknown>>>({
      type: 'object',
      maxProperties: 7,
      additionalProperties: { type: 'array', maxItems: 24, items: { type: 'array', maxItems: 2, items: { type: 'string', maxLength: 5 } } },
    }),
    Type.Null(),
  ],
  { description: 'weekly opening hours in the site time zone, e.g. {"mon": [["06:30", "21:00"]]}; null: always open' },
);
const Description = Type.String({ maxLength: 2000 });

export const Site = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  timezone: Type.String(),
  openingHours: OpeningHours,
  description: Type.String(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

export const SitePage = Page(Site);

export const SiteListQuery = ListQuery({
  q: Type.Optional(Type.String({ maxLength: 100 })),
});

/** Site codes: what devices and telemetry name a site by. */
export const SITE_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

export const CreateSiteBody = Type.Object(
  {
    code: Type.String({ pattern: SITE_CODE_PATTERN, description: 'short code used by devices, e.g. canteen-1' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    timezone: Type.Optional(TimeZone),
    openingHours: Type.Optional(OpeningHoursInput),
    description: Type.Optional(Description),
  },
  { additionalProperties: false },
);

export const UpdateSiteBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    timezone: Type.Optional(TimeZone),
    openingHours: Type.Optional(OpeningHoursInput),
    description: Type.Optional(Description),
  },
  { additionalProperties: false, minProperties: 1 },
);
