/**
 * Whom the console offers as a difference's assignee: the people GET /recon/assignees lists (holders of recon:write,
 * so that holders of recon:write without users:read can assign too), plus whoever a difference already names, so a
 * current assignee who lost the permission still shows by name. Pure, for recon.assignees.test.ts.
 */
import type { Assignee } from './reconApi';
import { ASSIGNED_TO_ME, UNASSIGNED } from './reconFilters';

export interface PersonOption {
  value: string;
  label: string;
}

const byLabel = new Intl.Collator('zh-CN');

/** The assignees and the known people as options, one per id (the list's name wins), sorted by name. */
export function personOptions(assignees: readonly Assignee[], known: Readonly<Record<string, string>> = {}): PersonOption[] {
  const names = new Map(Object.entries(known));
  for (const a of assignees) names.set(a.id, a.displayName);
  return [...names].map(([value, label]) => ({ value, label })).sort((a, b) => byLabel.compare(a.label, b.label) || (a.value < b.value ? -1 : 1));
}

/** The assign dialog's choices: the signed-in person first (as "me"), then everyone else. */
export function assignChoices(people: readonly PersonOption[], myId: string, meLabel: string): PersonOption[] {
  return [{ value: myId, label: meLabel }, ...people.filter((p) => p.value !== myId)];
}

/** The list's assignee filter: assigned to me, nobody assigned, then everyone else. */
export function assigneeFilterChoices(people: readonly PersonOption[], myId: string, labels: { me: string; unassigned: string }): PersonOption[] {
  return [{ value: ASSIGNED_TO_ME, label: labels.me }, { value: UNASSIGNED, label: labels.unassigned }, ...people.filter((p) => p.value !== myId)];
}
