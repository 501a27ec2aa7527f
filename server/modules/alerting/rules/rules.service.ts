import { ConflictError, ForbiddenError, NotFoundError } from '../../../errors.ts';
import { fieldProblem, invalidFields, type FieldProblem } from '../../../field-problems.ts';
import { cursorPage, type ListRequest } from '../../../http/cursor.ts';
import { newId } from '../../../ids.ts';
import type { ModuleContext } from '../../../module.ts';
import type { Executor } from '../../../db/types.ts';
import { requirePermission, type Actor, type RequestContext } from '../../auth/index.ts';
import { siteRecords } from '../../sites/index.ts';
import type { AlertRulesTable } from '../alerting.tables.ts';
import { defaultRules } from './default-rules.ts';
import { isAlwaysKnownMetric, REPORTED_METRIC_DAYS } from './known-metrics.ts';
import { planApply } from './rule-apply.ts';
import { compositeProblems, definitionProblems, type RuleCheckContext } from './rule-checks.ts';
import { documentRules, documentText, parseDocumentText, ruleDocument, RuleDocumentText } from './rule-document.ts';
import { readDefinition } from './rule-input.ts';
import { compositeRefs, definitionColumns, parseRule, toDefinition, toRuleView, type DefinitionColumns } from './rule-rows.ts';
import type { AlertRule, RuleDefinition } from './rule.schemas.ts';
import type { ApplyResult, ExportFormat, RuleDocument } from './rules.api.schemas.ts';
import { alertRulesRepository as repo, RULES_ORDER, type RuleFilter } from './rules.repository.ts';

const DAY = 86_400_000;

/** The API's problems name the body's fields, as a schema refusal does (body.condition.metric). */
const inBody = (problems: FieldProblem[]): FieldProblem[] => problems.map((p) => ({ ...p, field: `body.${p.field}` }));

/** The rule graph: each key to the keys it combines. */
function graphOf(rows: readonly AlertRulesTable[]): Map<string, readonly string[]> {
  return new Map(rows.map((r) => [r.key, compositeRefs(parseRule(r).condition)]));
}

/**
 * Alert rules (SPEC C3.1–C3.2): CRUD, rule documents and the shipped defaults. Anyone with alerts:read reads every
 * rule — rules are not per-site objects — but a user limited to some sites writes only rules that watch some of their
 * sites and none other, and only changes rules that already do: nobody watches, or stops watching, what they cannot
 * see.
 */
export function createAlertRulesService(ctx: ModuleContext) {
  const { db, clock, config, audit } = ctx;
  const k = db.kysely;
  const silenceMinutes = Math.ceil(config.ingest.deviceSilenceMs / 60_000);

  async function checkContext(trx: Executor, actor: Actor): Promise<RuleCheckContext> {
    const sites = await siteRecords.allVisible(trx, actor.siteIds);
    const since = clock.now() - REPORTED_METRIC_DAYS * DAY;
    const asked = new Map<string, Promise<boolean>>();
    return {
      silenceMinutes,
      siteCodes: new Set(sites.map((s) => s.code)),
      scoped: actor.siteIds !== null,
      knownMetric(metric) {
        if (isAlwaysKnownMetric(metric)) return Promise.resolve(true);
        if (!asked.has(metric)) asked.set(metric, repo.metricReportedSince(trx, metric, since));
        return asked.get(metric)!;
      },
    };
  }

  /** Why a scoped caller may not change a stored rule, or null: it must watch some of their sites and no other. */
  function refusal(check: RuleCheckContext, row: AlertRulesTable): { code: string; message: string } | null {
    if (!check.scoped) return null;
    const sites = parseRule(row).scope.sites ?? [];
    if (sites.length > 0 && sites.every((s) => check.siteCodes.has(s))) return null;
    return { code: 'RULE_OUTSIDE_YOUR_SITES', message: `The rule ${row.key} watches sites outside yours: only a user who sees them all may change it` };
  }

  async function changeable(trx: Executor, actor: Actor, id: string): Promise<{ row: AlertRulesTable; check: RuleCheckContext }> {
    const row = await repo.findById(trx, id);
    if (!row) throw new NotFoundError('Alert rule', id);
    const check = await checkContext(trx, actor);
    const refused = refusal(check, row);
    if (refused) throw new ForbiddenError(refused.message, { field: 'scope.sites' }, refused.code);
    return { row, check };
  }

  /** The body as a definition, or a 400 naming every field at fault (schema first: the rest needs a readable rule). */
  function definitionOf(body: unknown): RuleDefinition {
    const read = readDefinition(body, 'body');
    if (!read.definition) throw invalidFields(read.problems);
    return read.definition;
  }

  async function checkDefinition(def: RuleDefinition, check: RuleCheckContext, others: readonly AlertRulesTable[]): Promise<void> {
    const graph = graphOf(others);
    const problems = [...(await definitionProblems(def, check)), ...compositeProblems(def, graph)];
    if (problems.length > 0) throw invalidFields(inBody(problems));
  }

  const writtenColumns = (columns: DefinitionColumns, enabled: boolean, now: number) => ({ ...columns, enabled: enabled ? 1 : 0, broken: null, broken_at: null, updated_at: now });

  async function exportDocument(rctx: RequestContext): Promise<RuleDocument> {
    requirePermission(rctx.actor, 'alerts:read');
    return ruleDocument((await repo.all(k)).map(toDefinition));
  }

  async function apply(rctx: RequestContext, body: unknown, options: { dryRun: boolean }): Promise<ApplyResult> {
    requirePermission(rctx.actor, 'alerts:write');
    const entries = documentRules(body instanceof RuleDocumentText ? parseDocumentText(body.text) : body);
    return k.transaction().execute(async (trx) => {
      const rows = await repo.all(trx);
      const check = await checkContext(trx, rctx.actor);
      const planned = await planApply(entries, { rows, check, refusal: (row) => refusal(check, row) });
      const now = clock.now();
      const before: Record<string, AlertRule> = {};
      const after: Record<string, AlertRule> = {};
      for (const p of planned) {
        if (!p.write || options.dryRun) continue;
        const { columns, enabled, existing } = p.write;
        if (existing) {
          before[existing.key] = toRuleView(existing);
          await repo.update(trx, existing.id, { ...writtenColumns(columns, enabled, now), version: existing.version + 1 });
        } else {
          await repo.insert(trx, { id: newId(), ...writtenColumns(columns, enabled, now), builtin: 0, version: 1, created_by: rctx.actor.userId, created_at: now });
        }
        after[columns.key] = toRuleView((await repo.findByKey(trx, columns.key))!);
      }
      const keysOf = (outcome: string) => planned.filter((p) => p.outcome === outcome).map((p) => p.key ?? `#${p.index}`);
      const result: ApplyResult = {
        dryRun: options.dryRun,
        created: keysOf('created'),
        updated: keysOf('updated'),
        unchanged: keysOf('unchanged'),
        rejected: planned.filter((p) => p.outcome === 'rejected').map((p) => ({ index: p.index, key: p.key, problems: p.problems, ...(p.error && { error: p.error }) })),
      };
      // A dry run is recorded too: who checked which document is part of the trail (as estate imports do).
      const summary = { dryRun: result.dryRun, created: result.created, updated: result.updated, unchanged: result.unchanged.length, rejected: result.rejected.map((r) => r.key ?? `#${r.index}`) };
      await audit.append(trx, rctx, { action: 'alert_rule.apply', targetType: 'alert_rule', before: options.dryRun ? null : before, after: { ...summary, ...(!options.dryRun && { rules: after }) } });
      return result;
    });
  }

  return {
    list: (rctx: RequestContext, filter: RuleFilter, request: ListRequest) => {
      requirePermission(rctx.actor, 'alerts:read');
      return cursorPage(RULES_ORDER, request, (page) => repo.list(k, filter, page), (rows) => rows.map(toRuleView));
    },

    async get(rctx: RequestContext, id: string): Promise<AlertRule> {
      requirePermission(rctx.actor, 'alerts:read');
      const row = await repo.findById(k, id);
      if (!row) throw new NotFoundError('Alert rule', id);
      return toRuleView(row);
    },

    async create(rctx: RequestContext, body: unknown): Promise<AlertRule> {
      requirePermission(rctx.actor, 'alerts:write');
      const def = definitionOf(body);
      return k.transaction().execute(async (trx) => {
        const rows = await repo.all(trx);
        if (rows.some((r) => r.key === def.key)) throw invalidFields([fieldProblem('body.key', 'keyTaken', { key: def.key })]);
        await checkDefinition(def, await checkContext(trx, rctx.actor), rows);
        const now = clock.now();
        const row: AlertRulesTable = {
          id: newId(),
          ...writtenColumns(definitionColumns(def), def.enabled ?? true, now),
          builtin: 0,
          version: 1,
          created_by: rctx.actor.userId,
          created_at: now,
        };
        await repo.insert(trx, row);
        const view = toRuleView(row);
        await audit.append(trx, rctx, { action: 'alert_rule.create', targetType: 'alert_rule', targetId: row.id, after: view });
        return view;
      });
    },

    /** Replaces the definition (PUT); `enabled` left out keeps the rule's. The key is what documents match by: it stays. */
    async replace(rctx: RequestContext, id: string, body: unknown): Promise<AlertRule> {
      requirePermission(rctx.actor, 'alerts:write');
      const def = definitionOf(body);
      return k.transaction().execute(async (trx) => {
        const { row, check } = await changeable(trx, rctx.actor, id);
        if (def.key !== row.key) throw new ConflictError(`The key of a rule cannot change (it is ${row.key}): rule documents and composite rules name it`, 'RULE_KEY_FIXED', { field: 'body.key' });
        await checkDefinition(def, check, await repo.all(trx));
        const enabled = def.enabled ?? row.enabled === 1;
        await repo.update(trx, id, { ...writtenColumns(definitionColumns(def), enabled, clock.now()), version: row.version + 1 });
        const after = toRuleView((await repo.findById(trx, id))!);
        await audit.append(trx, rctx, { action: 'alert_rule.update', targetType: 'alert_rule', targetId: id, before: toRuleView(row), after });
        return after;
      });
    },

    /** Switches a rule on or off. Switching on a broken rule is how it is tried again: its error is cleared. */
    async setEnabled(rctx: RequestContext, id: string, enabled: boolean): Promise<AlertRule> {
      requirePermission(rctx.actor, 'alerts:write');
      return k.transaction().execute(async (trx) => {
        const { row } = await changeable(trx, rctx.actor, id);
        await repo.update(trx, id, { enabled: enabled ? 1 : 0, broken: null, broken_at: null, version: row.version + 1, updated_at: clock.now() });
        const after = toRuleView((await repo.findById(trx, id))!);
        await audit.append(trx, rctx, { action: 'alert_rule.update', targetType: 'alert_rule', targetId: id, before: toRuleView(row), after });
        return after;
      });
    },

    async remove(rctx: RequestContext, id: string): Promise<void> {
      requirePermission(rctx.actor, 'alerts:write');
      await k.transaction().execute(async (trx) => {
        const { row } = await changeable(trx, rctx.actor, id);
        if (row.builtin === 1) throw new ConflictError(`${row.key} ships with opsdesk: it can be edited or disabled, not deleted`, 'RULE_BUILTIN');
        const users = [...graphOf(await repo.all(trx))].filter(([, refs]) => refs.includes(row.key)).map(([key]) => key);
        if (users.length > 0) throw new ConflictError(`Composite rules combine ${row.key}: ${users.join(', ')}`, 'RULE_IN_USE', { rules: users });
        await repo.delete(trx, id);
        await audit.append(trx, rctx, { action: 'alert_rule.delete', targetType: 'alert_rule', targetId: id, before: toRuleView(row) });
      });
    },

    exportDocument,

    exportText: async (rctx: RequestContext, format: ExportFormat): Promise<string> => documentText(await exportDocument(rctx), format),

    /** Applies a document: parsed JSON, or its text (RuleDocumentText: YAML or JSON). */
    apply,

    /** The CLI's way in: a document file's text. */
    applyText: (rctx: RequestContext, text: string, options: { dryRun: boolean }) => apply(rctx, new RuleDocumentText(text), options),

    /**
     * Adds the shipped rules a database does not have yet (first start, or a release with a new one); never touches
     * one that is there, edited or disabled. Returns the keys added.
     */
    async ensureDefaults(rctx: RequestContext): Promise<string[]> {
      return k.transaction().execute(async (trx) => {
        const existing = new Set((await repo.all(trx)).map((r) => r.key));
        const missing = defaultRules(silenceMinutes).filter((d) => !existing.has(d.key));
        if (missing.length === 0) return [];
        const now = clock.now();
        for (const def of missing) {
          await repo.insert(trx, { id: newId(), ...writtenColumns(definitionColumns(def), true, now), builtin: 1, version: 1, created_by: null, created_at: now });
        }
        const keys = missing.map((d) => d.key);
        await audit.append(trx, rctx, { action: 'alert_rule.apply', targetType: 'alert_rule', after: { defaults: keys } });
        return keys;
      });
    },
  };
}

export type AlertRulesService = ReturnType<typeof createAlertRulesService>;
