/** Estate reference data: the catalogue (static, fetched once) and the live estate tree. */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { estateApi } from '../api/estate';
import type { EstateCatalog, EstateSummary, EstateTreeSite } from '../api/types';
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

/** How long health changes are gathered before the tree's counts are fetched again. */
const TREE_RELOAD_DELAY_MS = 1_000;

/** Calls `reload` once after a burst of live health changes, and after the stream reconnects. */
function useReloadOnHealthChanges(reload: () => void): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const scheduleReload = useCallback(() => {
    timer.current ??= setTimeout(() => {
      timer.current = null;
      reload();
    }, TREE_RELOAD_DELAY_MS);
  }, [reload]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useLiveHealth(scheduleReload);
  useLiveResync(reload);
}

/** The estate at a glance (counts per site, latest changes), kept current by the live stream. */
export function useEstateSummary(): AsyncState<EstateSummary> {
  const state = useAsync(() => estateApi.summary(), 'estate-summary');
  useReloadOnHealthChanges(state.reload);
  return state;
}

/**
 * Sites → subsystems → device counts by health. The stream's health events carry neither the previous state nor the
 * subsystem, so the counts cannot be adjusted in place: a burst of changes triggers one reload instead.
 */
export function useEstateTree(): AsyncState<EstateTreeSite[]> & { siteById: Map<string, EstateTreeSite> } {
  const state = useAsync(async () => (await estateApi.tree()).sites, 'estate-tree');
  useReloadOnHealthChanges(state.reload);
  const siteById = useMemo(() => new Map((state.data ?? []).map((s) => [s.id, s])), [state.data]);
  return { ...state, siteById };
}
