import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime } from '../../../http/schemas.ts';
import { IncidentListQuery } from '../incidents.schemas.ts';

/** The list's filters a view keeps: the query string without its paging. */
export const ViewQuery = Type.Omit(IncidentListQuery, ['cursor', 'limit'], { additionalProperties: false });
export type ViewQuery = Static<typeof ViewQuery>;

export const CreateViewBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    query: ViewQuery,
    shared: Type.Boolean({ default: false, description: 'offered to everyone who reads incidents (needs incidents:assign)' }),
  },
  { additionalProperties: false },
);
export type CreateViewBody = Static<typeof CreateViewBody>;

export const IncidentView = Type.Object({ id: Type.String(), name: Type.String(), query: ViewQuery, shared: Type.Boolean(), mine: Type.Boolean(), createdAt: IsoDateTime });
export const IncidentViewList = Type.Object({ items: Type.Array(IncidentView) });
