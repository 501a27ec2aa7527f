import type pg from 'pg';
import type { EventsLog } from './dispatcher.ts';
import { NOTIFY_CHANNEL } from './events.repository.ts';

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 10_000;

/**
 * LISTENs for appends on PostgreSQL over a connection of its own (a pooled one would be handed to queries and lose
 * the LISTEN), and calls `wake` for every commit that appended events in this node's schema. A lost connection is
 * reopened with back-off, and `wake` is called once it is back: notifications sent meanwhile were missed. The
 * dispatcher's poll covers the time in between.
 */
export function listenForAppends(options: { connect: () => pg.Client; wake: () => void; log: EventsLog }) {
  const { connect, wake, log } = options;
  let client: pg.Client | null = null;
  let stopped = false;
  let retryMs = FIRST_RETRY_MS;
  let retry: NodeJS.Timeout | null = null;
  let firstOpen: (() => void) | null = null;
  const opened = new Promise<void>((resolve) => (firstOpen = resolve));

  async function open(): Promise<void> {
    if (stopped) return;
    const c = connect();
    client = c;
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (client === c) client = null;
      c.removeAllListeners('notification');
      c.end().catch(() => {});
      if (stopped) return;
      log.warn({ err: error, retryInMs: retryMs }, 'events: the LISTEN connection to PostgreSQL was lost; reconnecting');
      retry = setTimeout(() => {
        retry = null;
        void open();
      }, retryMs);
      retry.unref();
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    };
    c.on('error', onLost);
    c.on('end', () => onLost(new Error('connection ended')));
    try {
      await c.connect();
      const { rows } = await c.query<{ schema: string }>('select current_schema() as schema');
      const schema = rows[0]?.schema;
      c.on('notification', (message) => {
        if (message.channel === NOTIFY_CHANNEL && message.payload === schema) wake();
      });
      await c.query(`listen ${NOTIFY_CHANNEL}`);
      if (lost) return;
      retryMs = FIRST_RETRY_MS;
      firstOpen?.();
      firstOpen = null;
      // Whatever was appended while we were not listening.
      wake();
    } catch (error) {
      onLost(error);
    }
  }

  void open();

  return {
    /** Resolves once the first LISTEN is in place (tests wait for it; a server does not need to). */
    opened,
    /** The backend serving the LISTEN, for tests that cut it. */
    async backendPid(): Promise<number | null> {
      if (!client) return null;
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      return rows[0]?.pid ?? null;
    },
    async stop(): Promise<void> {
      stopped = true;
      if (retry) clearTimeout(retry);
      firstOpen?.();
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners('notification');
        await c.end().catch(() => {});
      }
    },
  };
}
