import { Type } from '@sinclair/typebox';
import { IsoDateTime, ListQuery, Page } from '../../http/schemas.ts';
import { CreateDeviceBody } from './devices.schemas.ts';

export const DiscoveredDevice = Type.Object({
  code: Type.String({ description: 'the code it reported under' }),
  siteCode: Type.Union([Type.String(), Type.Null()], { description: 'the site it said it is at, if any' }),
  siteId: Type.Union([Type.String(), Type.Null()], { description: 'the site that code names, when one exists' }),
  address: Type.Union([Type.String(), Type.Null()]),
  source: Type.String({ description: 'transport it came by: http, mqtt, syslog…' }),
  lastKind: Type.String(),
  events: Type.Integer(),
  firstSeenAt: IsoDateTime,
  lastSeenAt: IsoDateTime,
});

export const DiscoveredPage = Page(DiscoveredDevice);

export const DiscoveredListQuery = ListQuery();

export const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });

const { code: _code, siteId, ...deviceFields } = CreateDeviceBody.properties;

/** A device registration without the code (it keeps the one it reported) and with the site optional (defaults to the one it named). */
export const AdoptBody = Type.Object({ ...deviceFields, siteId: Type.Optional(siteId) }, { additionalProperties: false });
