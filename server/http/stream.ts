import type { EventBus, LiveEvent } from '../events.ts';
import type { AuthService } from '../modules/auth/auth.service.ts';
import { can } from '../modules/auth/actor.ts';
import { SESSION_COOKIE } from './auth.ts';
import { errorResponses, TextBody } from './schemas.ts';
import type { App } from './types.ts';

const KEEPALIVE_MS = 15_000;
const RATE_EVERY_MS = 2_000;
const RECHECK_SESSION_MS = 60_000;

/**
 * Live updates for the console over server-sent events: device health changes (to holders of estate:read, within
 * their site scope) and
 * the ingest rate every two seconds. The stream is not user activity, so an open tab does not keep a session alive
 * past its idle timeout: the session is re-checked every minute without touching it, and the stream ends with it.
 */
export function streamRoutes(app: App, deps: { bus: EventBus; auth: AuthService }) {
  app.get('/api/v1/stream', {
    config: { access: 'authenticated', passiveSession: true, rateLimit: false },
    schema: {
      tags: ['system'],
      summary: 'Server-sent events: device.health, ingest.rate',
      response: { 200: TextBody('text/event-stream', 'an endless stream of events'), ...errorResponses },
    },
    handler: (request, reply) => {
      const { actor } = request.ctx;
      const seesDevices = can(actor, 'estate:read');
      const secret = request.cookies[SESSION_COOKIE];
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      res.write('retry: 3000\n\n');

      const rate = { accepted: 0, duplicates: 0, rejected: 0 };
      const unsubscribe = deps.bus.subscribe((event: LiveEvent) => {
        if (event.type === 'device.health') {
          if (seesDevices && (actor.siteIds === null || actor.siteIds.includes(event.siteId))) send('device.health', event);
        } else if (event.type === 'ingest.batch') {
          rate.accepted += event.accepted;
          rate.duplicates += event.duplicates;
          rate.rejected += event.rejected;
        }
      });
      const timers = [
        setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS),
        setInterval(() => {
          send('ingest.rate', { ...rate, perSecond: Math.round(rate.accepted / (RATE_EVERY_MS / 1000)) });
          rate.accepted = rate.duplicates = rate.rejected = 0;
        }, RATE_EVERY_MS),
        setInterval(() => {
          if (!secret) return;
          deps.auth.authenticateSession(secret, { touch: false }).then(
            (still) => {
              if (!still) close();
            },
            () => close(),
          );
        }, RECHECK_SESSION_MS),
      ];
      function close() {
        unsubscribe();
        for (const t of timers) clearInterval(t);
        if (!res.writableEnded) res.end();
      }
      request.raw.on('close', close);
    },
  });
}
