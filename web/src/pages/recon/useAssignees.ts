import { useMemo } from 'react';
import { useAsync } from '../../hooks/useAsync';
import { personOptions, type PersonOption } from './assignees';
import { reconApi, type AssigneeList } from './reconApi';

let cached: Promise<AssigneeList> | null = null;

/** The assignees, read once per page load (a card centre has tens of people who work reconciliation). */
function loadAssignees(): Promise<AssigneeList> {
  cached ??= reconApi.assignees().catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}

/**
 * The people a difference can be assigned to, as options, plus those `known` already names (the current assignee);
 * if the list cannot be read, the known people alone.
 */
export function useAssignees(known: Record<string, string> = {}): { options: PersonOption[]; loading: boolean } {
  const list = useAsync(loadAssignees, 'recon-assignees');
  const knownKey = JSON.stringify(known);
  return useMemo(() => ({ options: personOptions(list.data?.items ?? [], JSON.parse(knownKey) as Record<string, string>), loading: list.loading }), [list.data, list.loading, knownKey]);
}
