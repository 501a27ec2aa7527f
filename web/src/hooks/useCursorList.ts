import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import type { CursorPage } from '../api/types';

export interface CursorList<T> {
  items: T[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
  /** Replace one loaded item (after an edit) without reloading the list. */
  replace(match: (item: T) => boolean, next: T): void;
}

interface ListState<T> {
  key: string;
  items: T[];
  cursor: string | null;
  error: unknown;
}

/**
 * Cursor pagination with "load more": the first page is fetched whenever `key` (the serialised filters) changes;
 * later pages are appended using the server's `nextCursor`.
 */
export function useCursorList<T>(
  fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>,
  key: string,
  enabled = true,
): CursorList<T> {
  const [state, setState] = useState<ListState<T> | null>(null);
  const [generation, setGeneration] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  const requestKey = `${key}#${generation}`;
  const fetchFirst = useEffectEvent(() => fetchPage(undefined));

  useEffect(() => {
    if (!enabled) return;
    let current = true;
    fetchFirst().then(
      (page) => {
        if (current) setState({ key: requestKey, items: page.items, cursor: page.nextCursor, error: null });
      },
      (error: unknown) => {
        if (current) setState({ key: requestKey, items: [], cursor: null, error });
      },
    );
    return () => {
      current = false;
    };
  }, [requestKey, enabled]);

  const fresh = state?.key === requestKey ? state : null;
  const cursor = fresh?.cursor ?? null;

  const loadMore = useCallback(() => {
    if (!cursor) return;
    setLoadingMore(true);
    fetchPage(cursor).then(
      (page) => {
        setState((prev) =>
          prev && prev.key === requestKey
            ? { ...prev, items: [...prev.items, ...page.items], cursor: page.nextCursor, error: null }
            : prev,
        );
        setLoadingMore(false);
      },
      (error: unknown) => {
        setState((prev) => (prev && prev.key === requestKey ? { ...prev, error } : prev));
        setLoadingMore(false);
      },
    );
  }, [cursor, fetchPage, requestKey]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const replace = useCallback((match: (item: T) => boolean, next: T) => {
    setState((prev) => (prev ? { ...prev, items: prev.items.map((item) => (match(item) ? next : item)) } : prev));
  }, []);

  return {
    items: state?.items ?? [],
    loading: (enabled && !fresh) || loadingMore,
    error: fresh?.error ?? null,
    hasMore: cursor !== null,
    loadMore,
    reload,
    replace,
  };
}
