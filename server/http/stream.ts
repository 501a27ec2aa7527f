import type { FastifyRequest } from 'fastify';
import type { Delivered, DomainEvent } from '../events/index.ts';
import { UnauthenticatedError } from '../errors.ts';
import { can, canSeeSite, type Actor, type AuthService } from '../modules/auth/index.ts';
import { SESSION_COOKIE } from './auth.ts';
import { errorResponses } from './schemas.ts';
import { createStreamSlots } from './stream-slots.ts';
import { StreamMessages, type IngestRateMessage } from './stream.schemas.ts';
import type { App } from './types.ts';

const KEEPALIVE_MS = 15_000;
const RATE_EVERY_MS = 2_000;

/** What the stream was opened with, to be checked again while it stays open. */
type Credential = { kind: 'session' | 'token'; secret: string };

function credentialOf(request: FastifyRequest): Credential | null {
  if (request.principal?.session) {
    const secret = request.cookies[SESSION_COOKIE];
    return secret ? { kind: 'session', secret } : null;
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return request.ctx.actor.via === 'token' && bearer ? { kind: 'token', secret: bearer[1]! } : null;
}

/** Which live events this reader may receive, decided with their permissions and sites as of the last re-check. */
function mayReceive(actor: Actor, event: DomainEvent): boolean {
  switch (event.type) {
    case 'device.health':
      return can(actor, 'estate:read') && canSeeSite(actor, event.siteId);
    case 'alert.changed':
      // An alert of no site (an account's failed logins, a payment channel) only for those who see every site.
      return can(actor, 'alerts:read') && (event.siteId === null ? actor.siteIds === null : canSeeSite(actor, event.siteId));
    case 'incident.changed':
      return can(actor, 'incidents:read') && canSeeSite(actor, event.siteId);
    case 'recon.changed':
      // Reconciliation is the card centre's, estate-wide: no site to scope it by (server/modules/recon/README.md).
      return can(actor, 'recon:read');
    case 'notify.console':
      // A person's own notifications, to them alone.
      return actor.userId !== null && actor.userId === event.userId;
    default:
      // The evaluator's clock and the outbox's wake-ups are not for consoles.
      return false;
  }
}

/**
 * Live updates for the console over server-sent events: device health changes (to holders of estate:read, within
 * their site scope), alert changes (to holders of alerts:read, likewise) and the ingest rate every two seconds. Both come from the domain events (server/events): this
 * node's live tail, which carries what every node committed, so a console sees every change whichever node made it.
 *
 * A stream lives for hours, so what was true when it opened is not trusted for its whole life: every `recheckMs` the
 * session or token it was opened with is checked again (without touching the session: an open tab is not activity
 * and must not keep a session past its idle timeout) and the reader's permissions and sites are read afresh, so a
 * role or scope taken away stops the events it covered within one interval. A credential that is gone, revoked or
 * expired, or a user who was disabled, ends the stream. Open streams are capped per user and per client IP.
 */
export function streamRoutes(
  app: App,
  deps: { events: { subscribe(listener: (delivered: Delivered) => void): () => void }; auth: AuthService; limits: { maxPerUser: number; maxPerIp: number; recheckMs: number } },
) {
  const slots = createStreamSlots(deps.limits);

  app.get('/api/v1/stream', {
    config: { access: 'authenticated', passiveSession: true, rateLimit: false },
    schema: {
      tags: ['system'],
      summary: 'Server-sent events: device.health, ingest.rate (429 TOO_MANY_STREAMS past the per-user or per-IP cap)',
      response: { 200: StreamMessages, ...errorResponses },
    },
    handler: (request, reply) => {
      let actor = request.ctx.actor;
      const credential = credentialOf(request);
      if (!credential || actor.userId === null) throw new UnauthenticatedError('The live stream needs a session or an API token');
      const release = slots.take(actor.userId, request.ip);

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
      const unsubscribe = deps.events.subscribe(({ event }) => {
        if (event.type === 'ingest.batch') {
          rate.accepted += event.accepted;
          rate.duplicates += event.duplicates;
          rate.rejected += event.rejected;
        } else if (mayReceive(actor, event)) send(event.type, event);
      });

      let checking = false;
      async function recheck() {
        if (checking || !credential) return;
        checking = true;
        try {
          const found = credential.kind === 'session' ? await deps.auth.authenticateSession(credential.secret, { touch: false }) : await deps.auth.authenticateToken(credential.secret);
          if (found) actor = found.actor;
          else close();
        } catch (error) {
          // Fail closed: the client reconnects and is authenticated afresh.
          request.log.warn({ err: error }, 'live stream re-check failed; closing the stream');
          close();
        } finally {
          checking = false;
        }
      }

      const timers = [
        setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS),
        setInterval(() => {
          send('ingest.rate', { ...rate, perSecond: Math.round(rate.accepted / (RATE_EVERY_MS / 1000)) } satisfies IngestRateMessage);
          rate.accepted = rate.duplicates = rate.rejected = 0;
        }, RATE_EVERY_MS),
        setInterval(() => void recheck(), deps.limits.recheckMs),
      ];
      function close() {
        unsubscribe();
        for (const t of timers) clearInterval(t);
        release();
        if (!res.writableEnded) res.end();
      }
      request.raw.on('close', close);
    },
  });
}
