import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** What a receiver in a test got: the parsed body, and whether its signature held. */
export interface Received {
  body: Record<string, unknown>;
  signatureValid: boolean;
  headers: http.IncomingHttpHeaders;
}

/**
 * A webhook receiver on loopback that checks opsdesk's documented signature as a real receiver would
 * (X-Opsdesk-Signature: sha256=HMAC-SHA256(secret, timestamp + "." + raw body)). `failing` makes it answer 503, as a
 * receiver that is down; every request is recorded either way.
 */
export async function webhookReceiver(secret: string) {
  const received: Received[] = [];
  const state = { failing: false, requests: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests += 1;
      if (state.failing) {
        res.writeHead(503).end('down for maintenance');
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-opsdesk-timestamp'] ?? '');
      const given = String(req.headers['x-opsdesk-signature'] ?? '').replace(/^sha256=/, '');
      const expected = createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex');
      const signatureValid = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      received.push({ body: JSON.parse(raw) as Record<string, unknown>, signatureValid, headers: req.headers });
      res.writeHead(signatureValid ? 200 : 401, { 'content-type': 'application/json' }).end(signatureValid ? '{"ok":true}' : '{"error":"bad signature"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/opsdesk`,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An SMTP sink on loopback (no TLS, no auth) that parses every message it is given. */
export async function smtpSink() {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
