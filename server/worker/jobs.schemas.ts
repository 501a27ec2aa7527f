import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, ListQuery, NullableIsoDateTime, Page } from '../http/schemas.ts';
import { LANES } from './registry.ts';

const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const JobLane = Type.Union(
  LANES.map((lane) => Type.Literal(lane)),
  { description: 'urgent: escalations, SLA checks; default; bulk: reconciliation, reports' },
);
export const JobStatus = Type.Union(
  (['queued', 'running', 'done', 'failed', 'cancelled'] as const).map((status) => Type.Literal(status)),
);

/** A background job as the jobs page shows it. The payload is left out: it is the module's business, not the page's. */
export const JobView = Type.Object({
  id: Type.String(),
  name: Type.String({ description: '<module>.<what>' }),
  lane: JobLane,
  status: JobStatus,
  progress: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'as last reported by the running handler, 0..1' }),
  message: nullable(Type.String({ description: 'what the handler last said it was doing' })),
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  runAt: IsoDateTime,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  finishedAt: NullableIsoDateTime,
  lockedBy: nullable(Type.String({ description: 'the worker node running it' })),
  lockedUntil: NullableIsoDateTime,
  lastError: nullable(Type.String()),
  cancelRequestedAt: NullableIsoDateTime,
  /** Whether a cancel request would do anything: the job is queued or running and not already being cancelled. */
  cancellable: Type.Boolean(),
});
export type JobView = Static<typeof JobView>;

export const JobsQuery = ListQuery({
  status: Type.Optional(JobStatus),
  lane: Type.Optional(JobLane),
});
export type JobsQuery = Static<typeof JobsQuery>;

export const JobsPage = Page(JobView);
