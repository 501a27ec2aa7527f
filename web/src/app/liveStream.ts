/**
 * The one connection to GET /api/v1/stream (server-sent events). The browser reconnects an EventSource by itself
 * after a dropped connection; after a refused one (any non-200 answer) it gives up, and then we ask the server
 * whether the session is still there: if it is gone (401) we stop for good — the API client has already sent the user
 * to the login page — otherwise we try again with a growing delay.
 */
import { parseIncidentEvent } from './incidentEvent';
import { parseAlertEvent, parseHealthEvent, parseRateEvent, type LiveBus } from './liveBus';
import { parseNotifyEvent } from './notifyEvent';
import { parseReconEvent } from './reconEvent';

export const STREAM_URL = '/api/v1/stream';

/** What the session probe found: the session is fine, gone (401), or the server could not be asked. */
export type SessionProbe = 'ok' | 'gone' | 'unreachable';

/** The part of EventSource this module uses, so that tests can hand in a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export interface LiveStreamOptions {
  bus: LiveBus;
  probeSession: () => Promise<SessionProbe>;
  createSource?: (url: string) => EventSourceLike;
  /** Delay before reopening after a refused connection; doubled each time up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  schedule?: (run: () => void, ms: number) => () => void;
}

const CLOSED = 2;

export interface LiveStreamHandle {
  close(): void;
}

export function connectLiveStream(options: LiveStreamOptions): LiveStreamHandle {
  const {
    bus,
    probeSession,
    createSource = (url) => new EventSource(url, { withCredentials: true }),
    baseDelayMs = 2_000,
    maxDelayMs = 60_000,
    schedule = (run, ms) => {
      const timer = setTimeout(run, ms);
      return () => clearTimeout(timer);
    },
  } = options;

  let source: EventSourceLike | null = null;
  let cancelRetry: (() => void) | null = null;
  let stopped = false;
  let everOpened = false;
  let failures = 0;

  const open = () => {
    if (stopped) return;
    bus.setStatus('connecting');
    const es = createSource(STREAM_URL);
    source = es;
    es.onopen = () => {
      if (stopped) return;
      failures = 0;
      bus.setStatus('open');
      if (everOpened) bus.emitResync();
      everOpened = true;
    };
    es.addEventListener('device.health', (message) => {
      const event = parseHealthEvent(message.data);
      if (event) bus.emitHealth(event);
    });
    es.addEventListener('alert.changed', (message) => {
      const event = parseAlertEvent(message.data);
      if (event) bus.emitAlert(event);
    });
    es.addEventListener('incident.changed', (message) => {
      const event = parseIncidentEvent(message.data);
      if (event) bus.emitIncident(event);
    });
    es.addEventListener('recon.changed', (message) => {
      const event = parseReconEvent(message.data);
      if (event) bus.emitRecon(event);
    });
    es.addEventListener('notify.console', (message) => {
      const event = parseNotifyEvent(message.data);
      if (event) bus.emitNotify(event);
    });
    es.addEventListener('ingest.rate', (message) => {
      const rate = parseRateEvent(message.data);
      if (rate) bus.setRate(rate);
    });
    es.onerror = () => {
      if (stopped || source !== es) return;
      if (es.readyState !== CLOSED) {
        // A dropped connection: the browser is already reconnecting.
        bus.setStatus('connecting');
        return;
      }
      es.close();
      source = null;
      bus.setStatus('closed');
      void probeSession().then((probe) => {
        if (stopped) return;
        if (probe === 'gone') {
          stopped = true;
          return;
        }
        const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** failures);
        failures += 1;
        cancelRetry = schedule(() => {
          cancelRetry = null;
          open();
        }, delay);
      });
    };
  };

  open();

  return {
    close() {
      stopped = true;
      cancelRetry?.();
      cancelRetry = null;
      source?.close();
      source = null;
      bus.setStatus('idle');
    },
  };
}
