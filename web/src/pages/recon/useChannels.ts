import { useMemo } from 'react';
import { useAsync } from '../../hooks/useAsync';
import { reconApi, type Channel } from './reconApi';

/** The channels' settings (names for the lists, choices for the filters and the run dialog). */
export function useChannels() {
  const loaded = useAsync(reconApi.channels, 'recon-channels');
  return useMemo(() => {
    const byId = new Map<string, Channel>((loaded.data ?? []).map((c) => [c.id, c]));
    return { ...loaded, items: loaded.data ?? [], name: (id: string) => byId.get(id)?.name ?? id };
  }, [loaded]);
}
