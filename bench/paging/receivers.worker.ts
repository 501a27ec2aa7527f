/**
 * The benchmark's receivers, on a thread of their own (receivers.ts starts it): a webhook receiver that checks
 * opsdesk's documented signature as a real receiver must (channels/README.md, "The webhook, for receivers"), and an
 * SMTP sink. Each arrival is stamped with the wall clock (Date.now(), the clock the server stamps its rows with) the
 * moment its last byte is in — the webhook's body read, the mail's DATA ended — on this thread's event loop, which the
 * load generator and the database poller on the main thread cannot hold up.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { SMTPServer } from 'smtp-server';
import type { Arrival, ReceiverMessage } from './receivers.ts';

const { secret } = workerData as { secret: string };
/** What a receiver accepts: a timestamp more than 5 minutes from its clock is a replay. */
const TOLERANCE_SEC = 300;

let pending: Arrival[] = [];
const post = (message: ReceiverMessage) => parentPort!.postMessage(message);
// Arrivals go to the main thread in small batches: 20,000 messages one by one would cost it more than the sends.
const flusher = setInterval(() => {
  if (pending.length === 0) return;
  post({ type: 'arrivals', arrivals: pending });
  pending = [];
}, 20);

function verify(raw: Buffer, headers: http.IncomingHttpHeaders, now: number): { id: string | null; valid: boolean } {
  const timestamp = String(headers['x-opsdesk-timestamp'] ?? '');
  const given = String(headers['x-opsdesk-signature'] ?? '').replace(/^sha256=/, '');
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest('hex');
  const signed = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  const fresh = /^\d+$/.test(timestamp) && Math.abs(now / 1000 - Number(timestamp)) <= TOLERANCE_SEC;
  let id: string | null = null;
  try {
    id = (JSON.parse(raw.toString('utf8')) as { id?: unknown }).id as string;
  } catch {
    // not JSON: invalid below
  }
  const delivery = String(headers['x-opsdesk-delivery'] ?? '');
  return { id: typeof id === 'string' ? id : null, valid: signed && fresh && typeof id === 'string' && delivery === id };
}

const webhook = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = Date.now();
    const { id, valid } = verify(Buffer.concat(chunks), req.headers, at);
    pending.push({ channel: 'webhook', id, at, valid });
    res.writeHead(valid ? 200 : 401, { 'content-type': 'application/json' }).end(valid ? '{"ok":true}' : '{"error":"bad signature"}');
  });
});

/** The notification id from the mail's Message-ID (email.ts: `<id@sender's domain>`), read from the header block only. */
function messageIdOf(mail: Buffer): string | null {
  const end = mail.indexOf('\r\n\r\n');
  const head = mail.subarray(0, end < 0 ? mail.length : end).toString('utf8');
  return /^Message-ID:\s*<([^@>\s]+)@/im.exec(head)?.[1] ?? null;
}

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  // opsdesk keeps two pooled connections per channel; room for more, as a real relay would have
  maxClients: 64,
  // the server's pooled connections stay open a minute; the benchmark does not wait for them to leave
  closeTimeout: 500,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const at = Date.now();
      const id = messageIdOf(Buffer.concat(chunks));
      pending.push({ channel: 'email', id, at, valid: id !== null && !stream.sizeExceeded });
      callback();
    });
  },
});

await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
post({ type: 'ready', webhookUrl: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hooks/opsdesk`, smtpPort: (smtp.server.address() as AddressInfo).port });

parentPort!.on('message', (m: { type: string }) => {
  if (m.type !== 'close') return;
  clearInterval(flusher);
  if (pending.length > 0) post({ type: 'arrivals', arrivals: pending });
  pending = [];
  webhook.closeAllConnections();
  webhook.close();
  smtp.close(() => post({ type: 'closed' }));
});
