import { Type } from '@sinclair/typebox';
import { ListQuery, Page } from '../../http/schemas.ts';

export const AuditRecord = Type.Object({
  seq: Type.Integer(),
  ts: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.String(),
  actorRoles: Type.Array(Type.String()),
  ip: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  reason: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  hash: Type.String(),
  prevHash: Type.String(),
});

export const AuditPage = Page(AuditRecord);

export const AuditQuery = ListQuery({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  actor: Type.Optional(Type.String({ maxLength: 100 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  targetType: Type.Optional(Type.String({ maxLength: 100 })),
  targetId: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});

export const VerifyResponse = Type.Object({
  ok: Type.Boolean(),
  recordsChecked: Type.Integer(),
  firstSeq: Type.Union([Type.Integer(), Type.Null()]),
  lastSeq: Type.Union([Type.Integer(), Type.Null()]),
  checkpointsChecked: Type.Integer(),
  lastCheckpointSeq: Type.Union([Type.Integer(), Type.Null()]),
  signaturesUnchecked: Type.Boolean(),
  durationMs: Type.Integer(),
  problems: Type.Array(Type.Object({ seq: Type.Union([Type.Integer(), Type.Null()]), kind: Type.String(), message: Type.String() })),
});
