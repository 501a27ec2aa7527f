import { useCallback, useEffect, useEffectEvent, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** Replace the data locally (after a write that returned the new value). */
  setData(update: (current: T | undefined) => T | undefined): void;
}

interface Result<T> {
  key: string;
  data: T | undefined;
  error: unknown;
}

/**
 * Runs `load` whenever `key` changes (and on reload); answers to superseded requests are dropped.
 * Pass `enabled = false` to skip loading (e.g. the user lacks the permission).
 */
export function useAsync<T>(load: () => Promise<T>, key: string, enabled = true): AsyncState<T> {
  const [result, setResult] = useState<Result<T> | null>(null);
  const [generation, setGeneration] = useState(0);
  const requestKey = `${key}#${generation}`;
  const runLoad = useEffectEvent(() => load());

  useEffect(() => {
    if (!enabled) return;
    let current = true;
    runLoad().then(
      (data) => {
        if (current) setResult({ key: requestKey, data, error: null });
      },
      (error: unknown) => {
        if (current) setResult((prev) => ({ key: requestKey, data: prev?.data, error }));
      },
    );
    return () => {
      current = false;
    };
  }, [requestKey, enabled]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const setData = useCallback(
    (update: (current: T | undefined) => T | undefined) =>
      setResult((prev) => (prev ? { ...prev, data: update(prev.data) } : prev)),
    [],
  );
  return {
    data: result?.data,
    error: result?.key === requestKey ? result.error : null,
    loading: enabled && result?.key !== requestKey,
    reload,
    setData,
  };
}
