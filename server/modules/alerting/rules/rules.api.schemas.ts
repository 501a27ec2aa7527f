import { Type, type Static } from '@sinclair/typebox';
import { DocumentedBody } from '../../../http/documented-body.ts';
import { ListQuery, Page, StringEnum, TextBody } from '../../../http/schemas.ts';
import { AlertRule, RULE_KINDS, RuleDefinition } from './rule.schemas.ts';

/**
 * The alert-rules API's own schemas, beside the shared ones in rule.schemas.ts: the list's query, the enable switch,
 * rule documents and what applying one did.
 */

/** A rule as the API returns it. */
export const AlertRuleView = AlertRule;
export const AlertRulePage = Page(AlertRuleView);

export const AlertRuleListQuery = ListQuery({
  kind: Type.Optional(StringEnum(RULE_KINDS)),
  enabled: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'in the key, the name or the English name' })),
});

/**
 * The body of create and replace. The service reads it (rule-input.ts) rather than Fastify: the condition is a union
 * of objects that each refuse unknown fields, and Ajv's removeAdditional, trying the kinds one after another, strips
 * from a ratio every field a threshold does not have before it gets to the ratio's own schema. The schema is here for
 * the OpenAPI document.
 */
export const AlertRuleBody = DocumentedBody('an alert rule (AlertRuleDefinition)', { 'application/json': RuleDefinition });

export const EnableRuleBody = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });

export const RULE_DOCUMENT_API_VERSION = 'opsdesk/v1';
export const RULE_DOCUMENT_KIND = 'AlertRules';
/** A document holds at most this many rules: far more than an estate has, few enough to check in one request. */
export const MAX_DOCUMENT_RULES = 500;

/** All the rules of an estate as one document, for version control: `npx opsdesk rules export|apply`. */
export const RuleDocument = Type.Object(
  {
    apiVersion: Type.Literal(RULE_DOCUMENT_API_VERSION),
    kind: Type.Literal(RULE_DOCUMENT_KIND),
    rules: Type.Array(RuleDefinition, { maxItems: MAX_DOCUMENT_RULES }),
  },
  { $id: 'AlertRuleDocument' },
);
export type RuleDocument = Static<typeof RuleDocument>;

export const EXPORT_FORMATS = ['yaml', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const ExportQuery = Type.Object({ format: Type.Optional(StringEnum(EXPORT_FORMATS, { description: 'yaml (default) or json' })) });

export const YAML_MEDIA_TYPE = 'application/yaml';

/** The export in either format: the route sets the Content-Type; this lists both in the OpenAPI document. */
export const ExportResponse = {
  description: 'every rule as a document (apiVersion opsdesk/v1, kind AlertRules), in key order',
  content: {
    'application/json': { schema: RuleDocument },
    [YAML_MEDIA_TYPE]: { schema: TextBody(YAML_MEDIA_TYPE, 'the same document as YAML') },
  },
};

export const ApplyQuery = Type.Object({
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'check every rule and report what would change, write nothing' })),
});

export const ApplyBody = DocumentedBody('a rule document, as JSON or as YAML (application/yaml, text/yaml)', {
  'application/json': RuleDocument,
  [YAML_MEDIA_TYPE]: Type.String({ description: 'the same document as YAML' }),
});

const Problem = Type.Object({
  field: Type.String({ description: 'where in the rule: condition.metric, scope.sites.0…' }),
  code: Type.String({ description: 'what is wrong, for translation: unknownMetric, regexInvalid, minimum…' }),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  message: Type.String({ description: 'the same in English' }),
});

export const APPLY_OUTCOMES = ['created', 'updated', 'unchanged', 'rejected'] as const;
export type ApplyOutcome = (typeof APPLY_OUTCOMES)[number];

export const RejectedRule = Type.Object({
  index: Type.Integer({ description: 'the rule\'s place in the document, from 0' }),
  key: Type.Union([Type.String(), Type.Null()], { description: 'null when the entry has no usable key' }),
  problems: Type.Array(Problem, { description: 'what is wrong, field by field (relative to the rule)' }),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() }, { description: 'why, when no one field is at fault (RULE_OUTSIDE_YOUR_SITES)' })),
});

/** What applying a document did or, on a dry run, would do: the keys by outcome, and each rejected rule with why. */
export const ApplyResult = Type.Object({
  dryRun: Type.Boolean(),
  created: Type.Array(Type.String()),
  updated: Type.Array(Type.String()),
  unchanged: Type.Array(Type.String()),
  rejected: Type.Array(RejectedRule),
});
export type ApplyResult = Static<typeof ApplyResult>;
