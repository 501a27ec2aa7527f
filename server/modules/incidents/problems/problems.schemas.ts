import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { IsoDateTime, ListQuery, NullableIsoDateTime, Page, StringEnum } from '../../../http/schemas.ts';
import { INCIDENT_STATES } from '../workflow/model.ts';
import { KEY_LIMIT } from '../workflow/requests.ts';
import { PROBLEM_STATES } from './problem-states.ts';

const Id = Type.String({ minLength: 1, maxLength: KEY_LIMIT });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const LongText = (description: string) => Type.String({ minLength: 1, maxLength: 5000, description });

export const ProblemStateSchema = StringEnum(PROBLEM_STATES, { description: 'open → known_error → resolved → closed (resolved may go back to open)' });

export const CreateProblemBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.String({ maxLength: 20_000, default: '' }),
    rootCause: Type.Optional(LongText('the root cause, once known')),
    workaround: Type.Optional(LongText('what the service desk does meanwhile')),
    ownerId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type CreateProblemBody = Static<typeof CreateProblemBody>;

export const UpdateProblemBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'the version you read: 409 PROBLEM_CHANGED if it moved since' }),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 20_000 })),
    state: Type.Optional(ProblemStateSchema),
    rootCause: Type.Optional(Nullable(LongText('the root cause; known_error and resolved need one'))),
    workaround: Type.Optional(Nullable(LongText('what the service desk does meanwhile'))),
    ownerId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export type UpdateProblemBody = Static<typeof UpdateProblemBody>;

export const Problem = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  ref: Type.String({ description: 'PRB-000123' }),
  title: Type.String(),
  description: Type.String(),
  state: ProblemStateSchema,
  rootCause: Nullable(Type.String()),
  workaround: Nullable(Type.String()),
  owner: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  incidentCount: Type.Integer({ description: 'linked incidents, of every site' }),
  version: Type.Integer(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Problem = Static<typeof Problem>;

export const IncidentBrief = Type.Object({
  id: Type.String(),
  ref: Type.String(),
  title: Type.String(),
  state: StringEnum(INCIDENT_STATES),
  siteId: Type.String(),
  deviceId: Nullable(Type.String()),
  causeCategory: Nullable(Type.String()),
  closedAt: NullableIsoDateTime,
});

export const LinkedIncident = Type.Object({ ...IncidentBrief.properties, linkedAt: IsoDateTime });

export const ProblemDetail = Type.Object({ problem: Problem, incidents: Type.Array(LinkedIncident, { description: 'the linked incidents of your sites' }) });
export type ProblemDetail = Static<typeof ProblemDetail>;

export const ProblemPage = Page(Problem);

export const ProblemListQuery = ListQuery({
  state: Type.Optional(Type.String({ maxLength: 100, description: 'comma-separated states' })),
  owner: Type.Optional(Type.String({ maxLength: KEY_LIMIT, description: "a user id, or 'me'" })),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'words of the title, or the number (PRB-000123)' })),
});
export type ProblemListQuery = Static<typeof ProblemListQuery>;

export const LinkIncidentBody = Type.Object({ incidentId: Id }, { additionalProperties: false });
export const ProblemIncidentParams = Type.Object({ id: Id, incidentId: Id });

export const SuggestionsQuery = Type.Object({ incidentId: Id });
export const Suggestions = Type.Object({
  basis: Type.Object({
    incidentId: Type.String(),
    causeCategory: Nullable(Type.String({ description: 'null: the incident has no cause yet, so nothing is suggested' })),
    deviceId: Nullable(Type.String()),
    deviceType: Nullable(Type.String()),
    subsystem: Nullable(Type.String({ description: 'used only for an incident of no device' })),
    closedSince: IsoDateTime,
  }),
  items: Type.Array(Type.Object({ ...IncidentBrief.properties, problems: Type.Array(Type.String({ description: 'PRB-… it is linked to already' })) })),
});
export type Suggestions = Static<typeof Suggestions>;
