import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * For the outbox's tests only: a vendor on loopback whose answer a test changes while it runs — healthy, down, garbage,
 * or silent — recording every request it is given with the delivery id opsdesk put on it (X-Opsdesk-Delivery on
 * webhooks), so a test can say how many times each notification was handed over.
 */

/**
 * How the receiver answers: a status and a body, after `delayMs` (a slow vendor); `hang` never answers at all; `stall`
 * sends the head and a first chunk of body and never ends it. Only the sender's timeout can end the wait for either.
 */
export type Reply = { status: number; body: string; contentType?: string; delayMs?: number } | 'hang' | 'stall';

export interface Call {
  /** the value of X-Opsdesk-Delivery (webhooks), or null */
  delivery: string | null;
  url: string;
  raw: string;
  /** the body parsed as JSON, or null when it is not JSON */
  json: Record<string, unknown> | null;
}

export const OK_JSON: Reply = { status: 200, body: '{"ok":true}', contentType: 'application/json' };
/** what a DingTalk robot says when it took the message */
export const DINGTALK_OK: Reply = { status: 200, body: '{"errcode":0,"errmsg":"ok"}', contentType: 'application/json' };
export const DOWN: Reply = { status: 503, body: 'down for maintenance', contentType: 'text/plain' };

export interface ScriptedReceiver {
  url: string;
  calls: Call[];
  /** what the next requests get */
  reply: Reply;
  /** how many times each delivery id came */
  deliveries(): Map<string, number>;
  close(): Promise<void>;
}

export async function scriptedReceiver(initial: Reply = OK_JSON): Promise<ScriptedReceiver> {
  const calls: Call[] = [];
  const receiver = { reply: initial };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let json: Record<string, unknown> | null = null;
      try {
        json = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        json = null;
      }
      const delivery = req.headers['x-opsdesk-delivery'];
      calls.push({ delivery: typeof delivery === 'string' ? delivery : null, url: req.url ?? '', raw, json });
      const reply = receiver.reply;
      if (reply === 'hang') return;
      if (reply === 'stall') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"errcode":');
        return;
      }
      const answer = () => res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' }).end(reply.body);
      if (reply.delayMs) setTimeout(answer, reply.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    get reply() {
      return receiver.reply;
    },
    set reply(value: Reply) {
      receiver.reply = value;
    },
    deliveries() {
      const counts = new Map<string, number>();
      for (const c of calls) if (c.delivery) counts.set(c.delivery, (counts.get(c.delivery) ?? 0) + 1);
      return counts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // hanging and stalled requests hold their sockets open: close them, or close() waits for ever
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
