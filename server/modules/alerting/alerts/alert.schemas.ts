import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, ListQuery, NullableIsoDateTime, Page, StringEnum } from '../../../http/schemas.ts';
import { PersonalLabelMap } from '../../personal/index.ts';
import { ALERT_SOURCES, ALERT_STATES } from '../alerting.tables.ts';
import { Level } from '../rules/rule.schemas.ts';

/** The API's view of alerts (SPEC C3.3–C3.6): one schema per request and response. */

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** What fired it, for the console to say in the reader's language (web i18n `alertDetail.<code>`). */
export const AlertDetail = Type.Object(
  {
    code: Type.String({ description: 'threshold, ratio, absence, event, change, baseline, composite, switchDown, siteDown, external' }),
    values: PersonalLabelMap({ description: 'the values the message is made of (an event\'s message, an external alert\'s summary…)' }),
  },
  { description: 'what fired it' },
);
export type AlertDetail = Static<typeof AlertDetail>;

export const Alert = Type.Object(
  {
    id: Type.String(),
    fingerprint: Type.String(),
    ruleId: NullableString,
    source: StringEnum(ALERT_SOURCES),
    name: Type.String(),
    state: StringEnum(ALERT_STATES),
    level: Level,
    ruleLevel: Level,
    levelReason: NullableString,
    labels: PersonalLabelMap(),
    annotations: PersonalLabelMap({ description: 'an external alert\'s summary, description, runbook…' }),
    detail: AlertDetail,
    siteId: NullableString,
    deviceId: NullableString,
    subsystem: NullableString,
    parentId: NullableString,
    children: Type.Integer({ description: 'how many alerts are attached to this one' }),
    groupKey: Type.String(),
    value: Type.Union([Type.Number(), Type.Null()]),
    threshold: Type.Union([Type.Number(), Type.Null()]),
    activeAt: IsoDateTime,
    firedAt: NullableIsoDateTime,
    acknowledgedAt: NullableIsoDateTime,
    acknowledgedBy: NullableString,
    resolvedAt: NullableIsoDateTime,
    resolvedBy: NullableString,
    flapping: Type.Boolean(),
    suppressedBy: Type.Union([Type.String(), Type.Null()], { description: 'silence:<id>, inhibited:<alert id> or maintenance:<window id | device>' }),
    externalUrl: NullableString,
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  },
  { description: 'an alert' },
);
export type Alert = Static<typeof Alert>;

export const AlertTimelineEntry = Type.Object({
  at: IsoDateTime,
  kind: Type.String({ description: 'pending, firing, acknowledged, resolved, reopened, level, flapping, steady, suppressed, unsuppressed, attached' }),
  actorId: NullableString,
  actorName: NullableString,
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

export const AlertWithTimeline = Type.Object(
  {
    alert: Alert,
    timeline: Type.Array(AlertTimelineEntry),
    children: Type.Array(Alert, { description: 'the first 200 attached alerts' }),
  },
  { description: 'an alert with its timeline and children' },
);

const csv = (description: string) => Type.Optional(Type.String({ maxLength: 500, description }));
export const AlertListQuery = ListQuery({
  state: csv('comma-separated: pending, firing, acknowledged, resolved, or open (= pending, firing, acknowledged)'),
  level: csv('comma-separated levels: 1,2'),
  site: Type.Optional(Type.String({ maxLength: 64, description: 'site id' })),
  subsystem: Type.Optional(Type.String({ maxLength: 40 })),
  rule: Type.Optional(Type.String({ maxLength: 64, description: 'rule id' })),
  source: Type.Optional(StringEnum(ALERT_SOURCES)),
  device: Type.Optional(Type.String({ maxLength: 64, description: 'device id' })),
  parent: Type.Optional(Type.String({ maxLength: 64, description: 'children of this alert; "none" for top-level alerts only' })),
  from: Type.Optional(IsoDateTime),
  to: Type.Optional(IsoDateTime),
});
export type AlertListQuery = Static<typeof AlertListQuery>;
export const AlertPage = Page(Alert);

export const AlertCounts = Type.Object(
  {
    byLevel: Type.Record(Type.String(), Type.Integer(), { description: 'open top-level alerts per level' }),
    bySite: Type.Array(Type.Object({ siteId: NullableString, level1: Type.Integer(), level2: Type.Integer(), level3: Type.Integer() })),
    bySubsystem: Type.Array(Type.Object({ subsystem: NullableString, count: Type.Integer() })),
  },
  { description: 'open top-level alerts by level, site and subsystem' },
);

export const AckBody = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const ResolveBody = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const LevelBody = Type.Object({ level: Level, reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
