import { fieldProblem, type FieldProblem } from '../../../field-problems.ts';
import type { AlertRulesTable } from '../alerting.tables.ts';
import { compositeProblems, definitionProblems, type RuleCheckContext } from './rule-checks.ts';
import { readDefinition } from './rule-input.ts';
import { compositeRefs, definitionColumns, parseRule, sameDefinition, type DefinitionColumns } from './rule-rows.ts';
import type { RuleDefinition } from './rule.schemas.ts';
import type { ApplyOutcome } from './rules.api.schemas.ts';

/**
 * Applying a rule document (SPEC C3, issue 9 item 8): each rule is matched to the stored one by its key and checked on
 * its own. A rule with problems is rejected with them while the good ones beside it are applied — the codebase's rule
 * for batches, and right for documents too: rules are independent of each other except through composites, and a
 * composite that names a rejected rule is itself rejected (unless that rule already exists, unchanged), so nothing
 * applied ever refers to something that is not there. Rules the document does not mention are left as they are.
 */

export interface PlannedRule {
  index: number;
  key: string | null;
  outcome: ApplyOutcome;
  problems: FieldProblem[];
  error?: { code: string; message: string };
  /** what to write: present for created and updated rules */
  write?: { columns: DefinitionColumns; enabled: boolean; existing: AlertRulesTable | undefined };
  /** the stored rule, for unchanged and updated ones */
  existing?: AlertRulesTable;
}

export interface ApplyContext {
  rows: readonly AlertRulesTable[];
  check: RuleCheckContext;
  /** why the caller may not change this stored rule (it watches sites outside theirs), or null */
  refusal(row: AlertRulesTable): { code: string; message: string } | null;
}

interface Candidate {
  index: number;
  def: RuleDefinition;
  existing: AlertRulesTable | undefined;
}

const keyOf = (raw: unknown): string | null => {
  const key = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).key : undefined;
  return typeof key === 'string' && key.length <= 100 ? key : null;
};

/** The rule graph as stored: each key to the keys it combines (none for other kinds; unreadable rows count as none). */
function storedGraph(rows: readonly AlertRulesTable[]): Map<string, readonly string[]> {
  const graph = new Map<string, readonly string[]>();
  for (const row of rows) {
    let refs: readonly string[] = [];
    try {
      refs = compositeRefs(parseRule(row).condition);
    } catch {
      // A row whose JSON cannot be read combines nothing; the evaluator marks it broken.
    }
    graph.set(row.key, refs);
  }
  return graph;
}

/** Decides, rule by rule, what applying the document's entries would do. Reads nothing but `ctx`; writes nothing. */
export async function planApply(entries: readonly unknown[], ctx: ApplyContext): Promise<PlannedRule[]> {
  const byKey = new Map(ctx.rows.map((r) => [r.key, r]));
  const planned: PlannedRule[] = [];
  const reject = (index: number, key: string | null, problems: FieldProblem[], error?: { code: string; message: string }) =>
    planned.push({ index, key, outcome: 'rejected', problems, ...(error && { error }) });

  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  entries.forEach((raw, index) => {
    const read = readDefinition(raw, '');
    if (!read.definition) return reject(index, keyOf(raw), read.problems);
    const def = read.definition;
    // The second entry with a key would silently undo the first: both are the document's, so the later one is refused.
    if (seen.has(def.key)) return reject(index, def.key, [fieldProblem('key', 'keyTaken', { key: def.key })]);
    seen.add(def.key);
    candidates.push({ index, def, existing: byKey.get(def.key) });
  });

  const checked: Candidate[] = [];
  for (const c of candidates) {
    const refusal = c.existing ? ctx.refusal(c.existing) : null;
    if (refusal) {
      reject(c.index, c.def.key, [], refusal);
      continue;
    }
    const problems = await definitionProblems(c.def, ctx.check);
    if (problems.length > 0) reject(c.index, c.def.key, problems);
    else checked.push(c);
  }

  // Composites last, as long as one more can be taken: a composite may name a rule further down the document.
  const graph = storedGraph(ctx.rows);
  const accepted: Candidate[] = [];
  let pending: Candidate[] = [];
  for (const c of checked) {
    if (c.def.condition.kind === 'composite') pending.push(c);
    else {
      graph.set(c.def.key, []);
      accepted.push(c);
    }
  }
  for (let progress = true; progress; ) {
    progress = false;
    for (const c of pending) {
      if (compositeProblems(c.def, graph).length > 0) continue;
      graph.set(c.def.key, compositeRefs(c.def.condition));
      accepted.push(c);
      progress = true;
    }
    pending = pending.filter((c) => !accepted.includes(c));
  }
  for (const c of pending) reject(c.index, c.def.key, compositeProblems(c.def, graph));

  for (const c of accepted) {
    const columns = definitionColumns(c.def);
    const enabled = c.def.enabled ?? (c.existing ? c.existing.enabled === 1 : true);
    const base = { index: c.index, key: c.def.key, problems: [] };
    if (!c.existing) planned.push({ ...base, outcome: 'created', write: { columns, enabled, existing: undefined } });
    else if (sameDefinition(c.existing, columns, enabled)) planned.push({ ...base, outcome: 'unchanged', existing: c.existing });
    else planned.push({ ...base, outcome: 'updated', existing: c.existing, write: { columns, enabled, existing: c.existing } });
  }
  return planned.sort((a, b) => a.index - b.index);
}
