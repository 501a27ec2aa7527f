import YAML from 'yaml';
import { InvalidError } from '../../../errors.ts';
import { fieldProblem, invalidFields, type FieldProblem } from '../../../field-problems.ts';
import type { RuleDefinition } from './rule.schemas.ts';
import { MAX_DOCUMENT_RULES, RULE_DOCUMENT_API_VERSION, RULE_DOCUMENT_KIND, type ExportFormat, type RuleDocument } from './rules.api.schemas.ts';

/**
 * Rule documents: every rule of an estate as one YAML or JSON file a site keeps in version control
 * (`npx opsdesk rules export|apply`, GET …/export, POST …/apply).
 *
 *     apiVersion: opsdesk/v1
 *     kind: AlertRules
 *     rules:
 *       - key: server-disk-full
 *         name: 服务器磁盘空间不足
 *         condition: { kind: threshold, metric: diskPct, aggregate: max, windowMinutes: 5, operator: '>', threshold: 90 }
 *         level: 2
 */

/** A document's text as it arrived (YAML, or JSON, which YAML reads too), not parsed yet. */
export class RuleDocumentText {
  constructor(readonly text: string) {}
}

/** YAML aliases may repeat a node this many times at most: an alias bomb stops here instead of filling memory. */
const MAX_ALIAS_COUNT = 100;

function unreadable(detail: string): InvalidError {
  const problem = fieldProblem('body', 'fileUnreadable', { detail });
  return new InvalidError(`The rule document cannot be read: ${detail}`, [problem], 'DOCUMENT_UNREADABLE');
}

/** The text as data: YAML 1.2 (core schema: no custom tags, nothing executed), one document, unique keys. */
export function parseDocumentText(text: string): unknown {
  try {
    const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
    const error = doc.errors[0];
    // The first line says what and where ("… at line 3, column 1:"); the rest quotes the text.
    if (error) throw unreadable(`not valid YAML or JSON: ${error.message.split('\n')[0]}`);
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof InvalidError) throw error;
    // Excessive aliases, nesting deeper than the stack: the same answer as any other unreadable document.
    throw unreadable(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
}

/** Checks the document's envelope and hands back its rules, each still to be read on its own (rule-input.ts). */
export function documentRules(value: unknown): unknown[] {
  const problems: FieldProblem[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidFields([{ field: 'body', code: 'type', params: { type: 'object' }, message: 'must be a rule document: { apiVersion, kind, rules }' }]);
  }
  const doc = value as Record<string, unknown>;
  if (doc.apiVersion !== RULE_DOCUMENT_API_VERSION) problems.push(fieldProblem('apiVersion', 'enum', { allowedValues: RULE_DOCUMENT_API_VERSION }));
  if (doc.kind !== RULE_DOCUMENT_KIND) problems.push(fieldProblem('kind', 'enum', { allowedValues: RULE_DOCUMENT_KIND }));
  if (!Array.isArray(doc.rules)) problems.push(fieldProblem('rules', 'required'));
  else if (doc.rules.length > MAX_DOCUMENT_RULES) problems.push({ field: 'rules', code: 'maxItems', params: { limit: MAX_DOCUMENT_RULES }, message: `must NOT have more than ${MAX_DOCUMENT_RULES} items` });
  if (problems.length > 0) throw invalidFields(problems);
  return doc.rules as unknown[];
}

export const ruleDocument = (rules: RuleDefinition[]): RuleDocument => ({ apiVersion: RULE_DOCUMENT_API_VERSION, kind: RULE_DOCUMENT_KIND, rules });

const YAML_HEADER = '# opsdesk alert rules. Apply with: npx opsdesk rules apply FILE (or POST /api/v1/alert-rules/apply)\n';

/** The document as text: YAML for people and diffs, or JSON. */
export function documentText(doc: RuleDocument, format: ExportFormat): string {
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  const yaml = new YAML.Document(doc);
  // Short lists on one line (groupBy: [alertname, site], hours: [[7, 9], [17, 19]]): a rule reads as a screenful.
  YAML.visit(yaml, {
    Seq(_, node) {
      if (node.items.every((item) => YAML.isScalar(item) || (YAML.isSeq(item) && item.items.every((inner) => YAML.isScalar(inner))))) node.flow = true;
    },
  });
  // lineWidth 0: no folding, so a long description stays one line and diffs stay small.
  return YAML_HEADER + yaml.toString({ lineWidth: 0, flowCollectionPadding: false });
}
