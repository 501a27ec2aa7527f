/** Estate reference data: the catalogue (static, fetched once) and the live estate tree. */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { estateApi } from '../api/estate';
import type { EstateCatalog, EstateSummary, EstateTreeSite } from '../api/types';
import { treeWithHealthEvent } from '../app/treeCounts';
import { useAsync, type AsyncState } from './useAsync';
import { useLiveHealth, useLiveResync } from './useLive';

let catalogPromise: Promise<EstateCatalog> | null = null;

function loadCatalog(): Promise<EstateCatalog> {
  catalogPromise ??= estateApi.catalog().catch((error: unknown) => {
    catalogPromise = null;
    throw error;
  });
  return catalogPromise;
}

export function useCatalog(): AsyncState<EstateCatalog> {
  return useAsync(loadCatalog, 'estate-catalog');
}

export interface CodeOption {
  value: string;
  label: string;
}

/** Labels for catalogue codes through `deviceType.<code>` / `subsystem.<code>`, the code itself when unknown. */
export function useCatalogLabels() {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      type: (code: string) => t(`deviceType.${code}`, { defaultValue: code }),
      subsystem: (code: string) => t(`subsystem.${code}`, { defaultValue: code }),
    }),
    [t],
  );
}

/** The catalogue as Select options, labelled in the user's language. */
export function useCatalogOptions(): { types: CodeOption[]; subsystems: CodeOption[]; loading: boolean } {
  const catalog = useCatalog();
  const labels = useCatalogLabels();
  return useMemo(
    () => ({
      types: (catalog.data?.deviceTypes ?? []).map((code) => ({ value: code, label: labels.type(code) })),
      subsystems: (catalog.data?.subsystems ?? []).map((code) => ({ value: code, label: labels.subsystem(code) })),
      loading: catalog.loading,
    }),
    [catalog.data, catalog.loading, labels],
  );
}

/** How long health changes are gathered before what they touched is fetched again. */
const RELOAD_DELAY_MS = 1_000;

/** `schedule()` reloads once after a burst of calls; the stream reconnecting reloads at once (changes were missed). */
function useCoalescedReload(reload: () => void): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const schedule = useCallback(() => {
    timer.current ??= setTimeout(() => {
      timer.current = null;
      reload();
    }, RELOAD_DELAY_MS);
  }, [reload]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useLiveResync(reload);
  return schedule;
}

/**
 * The estate at a glance (counts per site, latest changes), kept current by the live stream. Reloaded after a burst
 * of changes rather than patched: its list of latest changes names each device and its site, which a health event
 * does not carry.
 */
export function useEstateSummary(): AsyncState<EstateSummary> {
  const state = useAsync(() => estateApi.summary(), 'estate-summary');
  useLiveHealth(useCoalescedReload(state.reload));
  return state;
}

/**
 * Sites → subsystems → device counts by health, moved in place by each live health event (it names the state the
 * device left, its site and its subsystem). An event the tree cannot take (a site it does not list, a state with no
 * device left to move because the tree already counts the change) has it fetched again.
 */
export function useEstateTree(): AsyncState<EstateTreeSite[]> & { siteById: Map<string, EstateTreeSite> } {
  const state = useAsync(async () => (await estateApi.tree()).sites, 'estate-tree');
  const { setData } = state;
  const scheduleReload = useCoalescedReload(state.reload);
  // Set by the updater (it runs when React renders, not when the event arrives), read after that render.
  const stale = useRef(false);
  useLiveHealth((event) =>
    setData((sites) => {
      if (!sites) return sites; // still loading: the answer will count the change
      const next = treeWithHealthEvent(sites, event);
      if (next) return next;
      stale.current = true;
      return [...sites];
    }),
  );
  useEffect(() => {
    if (!stale.current) return;
    stale.current = false;
    scheduleReload();
  });
  const siteById = useMemo(() => new Map((state.data ?? []).map((s) => [s.id, s])), [state.data]);
  return { ...state, siteById };
}
