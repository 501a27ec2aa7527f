import { useMemo } from 'react';
import { useAsync } from '../../hooks/useAsync';
import { reconApi, type Channel } from './reconApi';

const NONE: Channel[] = [];

/** The channels' settings (names for the lists, choices for the filters and the run dialog). */
export function useChannels() {
  const { data, error, loading, reload } = useAsync(reconApi.channels, 'recon-channels');
  const name = useMemo(() => {
    const byId = new Map<string, Channel>((data ?? []).map((c) => [c.id, c]));
    return (id: string) => byId.get(id)?.name ?? id;
  }, [data]);
  return { data, error, loading, reload, items: data ?? NONE, name };
}
