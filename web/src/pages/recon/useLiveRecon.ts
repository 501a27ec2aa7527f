import { liveBus } from '../../app/liveBus';
import type { ReconChangedEvent } from '../../app/reconEvent';
import { useBurstReload } from '../../hooks/useLive';

/**
 * Calls `reload` once after a burst of reconciliation changes (`recon.changed` on the live stream) for which
 * `concerns` is true, and when the stream reconnects (changes may have been missed meanwhile).
 */
export function useReconReload(reload: () => void, concerns: (event: ReconChangedEvent) => boolean): void {
  useBurstReload(liveBus.onRecon, reload, concerns);
}
