import YAML from 'yaml';
import { ConflictError, DomainError, InvalidError, PayloadTooLargeError } from '../../errors.ts';
import { fieldProblem, invalidFields, type FieldProblem } from '../../field-problems.ts';
import type { ModuleContext } from '../../module.ts';
import { alertRuleKeys } from '../alerting/index.ts';
import { requirePermission, type RequestContext } from '../auth/index.ts';
import { readPlanDocument, type PlanDocument } from './plan-document.ts';
import type { PlanSummary } from './plans.schemas.ts';
import { createPlansService } from './plans.service.ts';
import type { PlanState } from './plans.tables.ts';

/**
 * Plan files (issue 12 item 7): the whole plan library as one YAML or JSON document a site keeps in version control,
 * written by `npx opsdesk plans export` and read back by `npx opsdesk plans apply`, as `opsdesk rules export|apply`
 * does for alert rules.
 *
 *     apiVersion: opsdesk/v1
 *     kind: Plans
 *     plans:
 *       - key: gate-failure
 *         state: active              # written for the reader; apply does not archive or restore
 *         publishedVersion: 1        # written for the reader
 *         draftChanged: false        # the draft differs from the newest published version
 *         document: { key: gate-failure, title: { zh: 验票闸机故障, en: … }, … }
 *
 * Applying goes through the plans service, so a plan from a file is checked (readPlanDocument against the alert rules
 * that exist), audited and versioned exactly as one saved in the console: a plan whose key is new is created as a
 * draft, one whose document differs from its draft has its draft updated, `publish` then publishes every draft of the
 * file that differs from its published version. Each plan is written in its own transactions: a bad plan is rejected
 * with its field problems (`plans.3.document.steps.2.role`) while the good ones are applied — plans do not refer to
 * each other, so nothing applied can depend on a rejected one. Plans the file leaves out are left alone.
 */

export const PLAN_FILE_API_VERSION = 'opsdesk/v1';
export const PLAN_FILE_KIND = 'Plans';
/** The 17 shipped plans export to ~300 KiB of YAML; a library of hundreds of plans fits with room to spare. */
export const MAX_PLAN_FILE_BYTES = 16 * 1_048_576;
export const MAX_PLAN_FILE_PLANS = 1_000;
/** YAML aliases may repeat a node this many times at most: an alias bomb stops here instead of filling memory. */
const MAX_ALIAS_COUNT = 100;
const PAGE = 200;

export type PlanFileFormat = 'yaml' | 'json';

export interface PlanFileEntry {
  key: string;
  state: PlanState;
  publishedVersion: number | null;
  draftChanged: boolean;
  document: PlanDocument;
}

export interface PlanFile {
  apiVersion: typeof PLAN_FILE_API_VERSION;
  kind: typeof PLAN_FILE_KIND;
  plans: PlanFileEntry[];
}

export interface PlanApplyResult {
  dryRun: boolean;
  created: string[];
  updated: string[];
  unchanged: string[];
  /** drafts published (or, in a dry run, that would be) */
  published: string[];
  rejected: { index: number; key: string | null; problems: FieldProblem[]; error?: { code: string; message: string } }[];
}

export interface PlanApplyOptions {
  dryRun: boolean;
  publish: boolean;
}

function unreadable(detail: string): InvalidError {
  return new InvalidError(`The plan file cannot be read: ${detail}`, [fieldProblem('file', 'fileUnreadable', { detail })], 'DOCUMENT_UNREADABLE');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A plan file's bytes as text: at most MAX_PLAN_FILE_BYTES, UTF-8 (a GBK file saved by an old editor is refused, not
 * read as mojibake), no NUL (PostgreSQL refuses it in text, and no plan holds one). A UTF-8 byte-order mark is dropped by the decoder.
 */
export function decodePlanFile(bytes: Uint8Array): string {
  if (bytes.length > MAX_PLAN_FILE_BYTES) {
    throw new PayloadTooLargeError(`The plan file is ${bytes.length} bytes; at most ${MAX_PLAN_FILE_BYTES} (16 MiB) are read`, 'DOCUMENT_TOO_LARGE');
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw unreadable('not UTF-8 text: save it as UTF-8');
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    throw new InvalidError(`The plan file cannot be read: it holds the NUL character (U+0000) on line ${line}`, [fieldProblem('file', 'nulCharacter')], 'DOCUMENT_UNREADABLE');
  }
  return text;
}

/** The text as data: YAML 1.2 (core schema: no custom tags, nothing executed; JSON is YAML too), one document, unique keys. */
export function parsePlanFile(text: string): unknown {
  try {
    const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
    const error = doc.errors[0];
    // The first line says what and where ("… at line 3, column 1:"); the rest quotes the text.
    if (error) throw unreadable(`not valid YAML or JSON: ${error.message.split('\n')[0]}`);
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof InvalidError) throw error;
    // Excessive aliases, nesting deeper than the stack: the same answer as any other unreadable file.
    throw unreadable(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
}

/** Checks the file's envelope and hands back its entries, each still to be read on its own. */
function fileEntries(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidFields([{ field: 'file', code: 'type', params: { type: 'object' }, message: 'must be a plan file: { apiVersion, kind, plans }' }]);
  }
  const doc = value as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  if (doc.apiVersion !== PLAN_FILE_API_VERSION) problems.push(fieldProblem('apiVersion', 'enum', { allowedValues: PLAN_FILE_API_VERSION }));
  if (doc.kind !== PLAN_FILE_KIND) problems.push(fieldProblem('kind', 'enum', { allowedValues: PLAN_FILE_KIND }));
  if (!Array.isArray(doc.plans)) problems.push(fieldProblem('plans', 'required'));
  else if (doc.plans.length > MAX_PLAN_FILE_PLANS) problems.push(fieldProblem('plans', 'maxItems', { limit: MAX_PLAN_FILE_PLANS }));
  if (problems.length > 0) throw invalidFields(problems);
  return doc.plans as unknown[];
}

/** JSON with every object's keys sorted: two documents that differ only in the order of their fields are the same. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** The file as text: YAML for people and diffs, or JSON. */
export function planFileText(file: PlanFile, format: PlanFileFormat): string {
  if (format === 'json') return `${JSON.stringify(file, null, 2)}\n`;
  const yaml = new YAML.Document(file);
  // Short lists of scalars on one line (levels: [1, 2], records: [ticket_sale]): a trigger reads as a few lines.
  YAML.visit(yaml, {
    Seq(_, node) {
      if (node.items.every((item) => YAML.isScalar(item))) node.flow = true;
    },
  });
  // lineWidth 0: no folding, so a long procedure stays one line and diffs stay small.
  return `# opsdesk emergency plans. Apply with: npx opsdesk plans apply FILE [--publish]\n${yaml.toString({ lineWidth: 0, flowCollectionPadding: false })}`;
}

const keyOf = (raw: unknown): string | null => {
  if (typeof raw !== 'object' || raw === null) return null;
  const entry = raw as Record<string, unknown>;
  const key = typeof entry.key === 'string' ? entry.key : typeof entry.document === 'object' && entry.document !== null ? (entry.document as Record<string, unknown>).key : undefined;
  return typeof key === 'string' && key.length <= 100 ? key : null;
};

/** A refusal from the plans service: its field problems moved from the request body to the file entry. */
function refusalOf(error: DomainError, documentField: string): { problems: FieldProblem[]; error?: { code: string; message: string } } {
  if (error.code === 'VALIDATION_FAILED' && Array.isArray(error.details)) {
    // create and update name body.document.…, publish names draft.…
    return { problems: (error.details as FieldProblem[]).map((p) => ({ ...p, field: p.field.replace(/^body\.document\b|^draft\b/, documentField) })) };
  }
  return { problems: [], error: { code: error.code, message: error.message } };
}

/**
 * Plan files over the plans service (its own instance: create, update and publish with their checks and audit).
 * Export needs plans:read, apply plans:write — the service asks for each on every call.
 */
export function createPlanFilesService(ctx: ModuleContext) {
  const plans = createPlansService(ctx);
  const k = ctx.db.kysely;

  async function summaries(rc: RequestContext): Promise<PlanSummary[]> {
    const all: PlanSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await plans.list(rc, {}, { cursor, limit: PAGE });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return all;
  }

  async function exportFile(rc: RequestContext): Promise<PlanFile> {
    requirePermission(rc.actor, 'plans:read');
    const entries: PlanFileEntry[] = [];
    for (const summary of await summaries(rc)) {
      const detail = await plans.get(rc, summary.id);
      entries.push({ key: detail.key, state: detail.state, publishedVersion: detail.publishedVersion, draftChanged: detail.draftChanged, document: detail.draft });
    }
    return { apiVersion: PLAN_FILE_API_VERSION, kind: PLAN_FILE_KIND, plans: entries };
  }

  async function apply(rc: RequestContext, value: unknown, options: PlanApplyOptions): Promise<PlanApplyResult> {
    requirePermission(rc.actor, 'plans:write');
    const entries = fileEntries(value);
    const ruleKeys = await alertRuleKeys(k);
    const stored = new Map((await summaries(rc)).map((s) => [s.key, s]));
    const result: PlanApplyResult = { dryRun: options.dryRun, created: [], updated: [], unchanged: [], published: [], rejected: [] };
    const seen = new Set<string>();

    for (const [index, raw] of entries.entries()) {
      const prefix = `plans.${index}`;
      const reject = (problems: FieldProblem[], error?: { code: string; message: string }) =>
        result.rejected.push({ index, key: keyOf(raw), problems, ...(error && { error }) });
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        reject([{ field: prefix, code: 'type', params: { type: 'object' }, message: 'must be an object: { key, document }' }]);
        continue;
      }
      const entry = raw as Record<string, unknown>;
      if (entry.document === undefined) {
        reject([fieldProblem(`${prefix}.document`, 'required')]);
        continue;
      }
      const read = readPlanDocument(entry.document, `${prefix}.document`, { ruleKeys });
      if (read.document === null) {
        reject(read.problems);
        continue;
      }
      const document = read.document;
      const key = document.key;
      if (entry.key !== undefined && entry.key !== key) {
        reject([fieldProblem(`${prefix}.key`, 'enum', { allowedValues: key })]);
        continue;
      }
      // A second entry with a key would silently undo the first: both are the file's, so the later one is refused.
      if (seen.has(key)) {
        reject([fieldProblem(`${prefix}.document.key`, 'duplicateValue', { value: key })]);
        continue;
      }
      seen.add(key);

      try {
        const existing = stored.get(key);
        let id: string | null = existing?.id ?? null;
        let version = existing?.version ?? 0;
        let differsFromPublished: boolean;
        if (!existing) {
          if (!options.dryRun) ({ id, version } = await plans.create(rc, { document }));
          result.created.push(key);
          differsFromPublished = true;
        } else {
          const detail = await plans.get(rc, existing.id);
          if (canonical(detail.draft) === canonical(document)) {
            result.unchanged.push(key);
            differsFromPublished = detail.draftChanged;
          } else {
            if (existing.state === 'archived') throw new ConflictError(`Plan ${key} is archived: it cannot be edited`, 'PLAN_ARCHIVED');
            if (options.dryRun) {
              const published = detail.publishedVersion === null ? null : await plans.version(rc, detail.id, detail.publishedVersion);
              differsFromPublished = published === null || canonical(published.document) !== canonical(document);
            } else {
              const after = await plans.update(rc, existing.id, { version: detail.version, document });
              version = after.version;
              differsFromPublished = after.draftChanged;
            }
            result.updated.push(key);
          }
        }
        if (options.publish && differsFromPublished && existing?.state !== 'archived') {
          if (!options.dryRun) await plans.publish(rc, id!, version);
          result.published.push(key);
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const refusal = refusalOf(error, `${prefix}.document`);
        reject(refusal.problems, refusal.error);
      }
    }
    return result;
  }

  return {
    exportFile,

    /** Every plan as one YAML (default) or JSON document. */
    exportText: async (rc: RequestContext, format: PlanFileFormat): Promise<string> => planFileText(await exportFile(rc), format),

    /** Applies a parsed plan file. */
    apply,

    /** The CLI's way in: a plan file's bytes (size, encoding and NUL checked before YAML reads them). */
    applyBytes: (rc: RequestContext, bytes: Uint8Array, options: PlanApplyOptions) => apply(rc, parsePlanFile(decodePlanFile(bytes)), options),
  };
}

export type PlanFilesService = ReturnType<typeof createPlanFilesService>;
