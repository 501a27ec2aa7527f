import { useEffect, useRef, useState } from 'react';

const SEARCH_DELAY_MS = 300;

export interface DebouncedSearch<T> {
  /** what the last answered search found (for the current key) */
  found: T[];
  searching: boolean;
  /** the last search failed (the list is empty because of that, not because nothing matched) */
  failed: boolean;
  /** asks again after the user stops typing for a moment; only the newest answer is kept */
  search: (q: string) => void;
}

/**
 * Typing-to-search for the console's pickers: waits until the user pauses, keeps only the answer to the newest
 * question (an older one arriving late never replaces it), and forgets results when `key` changes (a device picker
 * whose site changed must not offer the old site's devices).
 */
export function useDebouncedSearch<T>(fetch: (q: string) => Promise<T[]>, key = ''): DebouncedSearch<T> {
  const [answer, setAnswer] = useState<{ key: string; items: T[]; failed: boolean } | null>(null);
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(0);
  const current = useRef({ fetch, key });
  useEffect(() => {
    current.current = { fetch, key };
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const ticket = ++latest.current;
      const asked = current.current;
      setSearching(true);
      asked
        .fetch(q.trim())
        .then(
          (items) => ticket === latest.current && setAnswer({ key: asked.key, items, failed: false }),
          () => ticket === latest.current && setAnswer({ key: asked.key, items: [], failed: true }),
        )
        .finally(() => ticket === latest.current && setSearching(false));
    }, SEARCH_DELAY_MS);
  };

  const mine = answer && answer.key === key ? answer : null;
  return { found: mine?.items ?? [], failed: mine?.failed ?? false, searching, search };
}
