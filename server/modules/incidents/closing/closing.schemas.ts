import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { IsoDateTime, NullableIsoDateTime, StringEnum } from '../../../http/schemas.ts';
import { NullablePersonalString } from '../../personal/index.ts';
import { KEY_LIMIT } from '../workflow/requests.ts';

const Id = Type.String({ minLength: 1, maxLength: KEY_LIMIT });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const WHY_LIMIT = 5;
const ItemText = Type.String({ minLength: 1, maxLength: 500 });
const Bone = (description: string) => Type.Array(ItemText, { maxItems: 10, default: [], description });

/** The fishbone's six categories (Ishikawa's 6M, the seed's 鱼骨图): the record prints them in this order. */
export const FISHBONE_CATEGORIES = ['man', 'machine', 'material', 'method', 'environment', 'measurement'] as const;
export type FishboneCategory = (typeof FISHBONE_CATEGORIES)[number];

export const Fishbone = Type.Object(
  {
    man: Bone('人: people, skills, operation'),
    machine: Bone('机: equipment, devices'),
    material: Bone('料: parts, consumables, data'),
    method: Bone('法: procedures, configuration'),
    environment: Bone('环: power, network, site conditions'),
    measurement: Bone('测: monitoring, thresholds, inspection'),
  },
  { additionalProperties: false },
);

export const RootCause = Type.Object({
  whys: Type.Array(ItemText, { minItems: 1, maxItems: WHY_LIMIT, description: 'the 5 whys, first to last (at most five)' }),
  fishbone: Fishbone,
  summary: Type.String({ minLength: 1, maxLength: 2000, description: 'the root cause in a sentence or two' }),
});
export type RootCause = Static<typeof RootCause>;

export const RootCauseBody = Type.Object(
  { ...RootCause.properties, version: Type.Integer({ minimum: 1, description: 'the incident version you read: 409 INCIDENT_CHANGED if it moved since' }) },
  { additionalProperties: false },
);
export type RootCauseBody = Static<typeof RootCauseBody>;

export const RootCauseResult = Type.Object({ incidentId: Type.String(), rootCause: RootCause, version: Type.Integer() });

export const PARTS_PER_REQUEST = 20;
export const PartLine = Type.Object(
  {
    partId: Id,
    warehouse: Type.String({ minLength: 1, maxLength: 64 }),
    quantity: Type.Integer({ minimum: 1, maximum: 10_000 }),
  },
  { additionalProperties: false },
);
export const UsePartsBody = Type.Object({ parts: Type.Array(PartLine, { minItems: 1, maxItems: PARTS_PER_REQUEST }) }, { additionalProperties: false });
export type UsePartsBody = Static<typeof UsePartsBody>;

export const UsedPart = Type.Object({
  id: Type.String(),
  partId: Type.String(),
  sku: Type.String(),
  name: Type.String(),
  unit: Type.String(),
  warehouse: Type.String(),
  quantity: Type.Integer(),
  movementId: Type.String(),
  by: Nullable(Type.String()),
  at: IsoDateTime,
});
export type UsedPart = Static<typeof UsedPart>;

export const UsedParts = Type.Object({ incidentId: Type.String(), parts: Type.Array(UsedPart), version: Type.Integer() });

export const RECORD_FORMATS = ['json', 'html'] as const;
export const RecordQuery = Type.Object({ format: Type.Optional(StringEnum(RECORD_FORMATS, { description: 'json (default), or html: a printable page (Content-Type text/html)' })) });

const Party = Nullable(Type.Object({ id: Type.String(), name: Type.String() }));

/**
 * The fault record (故障处理记录): every field the seed's 故障处理记录格式规范 asks of a record — when, where and what
 * (时间、地点、现象), the grade and its scope (影响范围), the cause and its analysis (5Why, 鱼骨图), the measures and their
 * result (处理措施、处理结果), who was responsible (责任人), the parts used, the client's confirmation and score, and
 * the SLA targets. The reporter's contacts are personal and masked like every personal field.
 */
export const FaultRecord = Type.Object({
  ref: Type.String(),
  title: Type.String(),
  site: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  device: Nullable(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), type: Type.String() })),
  subsystem: Nullable(Type.String()),
  source: Type.String(),
  reporterName: NullablePersonalString('name'),
  reporterPhone: NullablePersonalString('phone'),
  reporterEmail: NullablePersonalString('email'),
  occurredAt: IsoDateTime,
  symptom: Type.String({ description: '故障现象: the description as reported' }),
  level: Type.Integer(),
  impact: Type.String(),
  urgency: Type.String(),
  major: Type.Boolean(),
  state: Type.String(),
  assignee: Party,
  resolvedBy: Party,
  respondedAt: NullableIsoDateTime,
  arrivedAt: NullableIsoDateTime,
  resolvedAt: NullableIsoDateTime,
  confirmedAt: NullableIsoDateTime,
  closedAt: NullableIsoDateTime,
  causeCategory: Nullable(Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String() })),
  fix: Nullable(Type.String()),
  rootCause: Nullable(RootCause),
  parts: Type.Array(UsedPart),
  firstTimeFix: Nullable(Type.Boolean()),
  reopenCount: Type.Integer(),
  satisfaction: Nullable(Type.Integer()),
  review: Nullable(Type.String()),
  sla: Type.Array(Type.Object({ clock: Type.String(), dueAt: IsoDateTime, stoppedAt: NullableIsoDateTime, met: Nullable(Type.Boolean()) })),
  problems: Type.Array(Type.Object({ id: Type.String(), ref: Type.String(), title: Type.String(), state: Type.String() })),
  generatedAt: IsoDateTime,
});
export type FaultRecord = Static<typeof FaultRecord>;
