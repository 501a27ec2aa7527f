import { EventEmitter } from 'node:events';

/**
 * Things that happened, for the live console (SSE) and, later, for alert rules on this node. Published after the
 * transaction that caused them commits. In-process: every node streams what it processed itself.
 */
export type LiveEvent =
  | {
      type: 'device.health';
      deviceId: string;
      code: string;
      siteId: string;
      /** e.g. consumption, access, network: what alert rules and the console group by */
      subsystem: string;
      /** the state it left */
      previous: string;
      health: string;
      reason: string | null;
      at: number;
    }
  | { type: 'ingest.batch'; source: string; accepted: number; duplicates: number; rejected: number; at: number };

export interface EventBus {
  publish(event: LiveEvent): void;
  subscribe(listener: (event: LiveEvent) => void): () => void;
}

export function createEventBus(): EventBus {
  const emitter = new EventEmitter();
  // Every open console holds one listener; a few hundred is normal for a busy operations floor.
  emitter.setMaxListeners(0);
  return {
    publish: (event) => emitter.emit('event', event),
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
  };
}
