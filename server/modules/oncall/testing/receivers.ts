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

/**
 * A DingTalk custom robot on loopback, checking the request as DingTalk documents it: the access_token names the
 * robot; `timestamp` (ms) within an hour of `now()`; `sign` = urlencode(base64(HmacSHA256(secret, timestamp + "\n" +
 * secret))); a markdown body. Answers as DingTalk does: errcode 0, or 310000 for a bad signature.
 */
export async function dingTalkRobot(accessToken: string, secret: string, now: () => number) {
  const received: (Received & { mobiles: string[] })[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://robot');
      const timestamp = url.searchParams.get('timestamp') ?? '';
      const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
      const rawSign = /[?&]sign=([^&]*)/.exec(req.url ?? '')?.[1] ?? '';
      const signatureValid =
        url.searchParams.get('access_token') === accessToken && Math.abs(now() - Number(timestamp)) < 3_600_000 && url.searchParams.get('sign') === expected && rawSign === encodeURIComponent(expected);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { msgtype?: string; at?: { atMobiles?: string[] } };
      received.push({ body: body as Record<string, unknown>, signatureValid, headers: req.headers, mobiles: body.at?.atMobiles ?? [] });
      const answer = signatureValid && body.msgtype === 'markdown' ? { errcode: 0, errmsg: 'ok' } : { errcode: 310000, errmsg: 'sign not match' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot/send`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A plain HTTP endpoint (an SMS gateway) that records each request's URL and body and answers 200 "OK". */
export async function httpSink() {
  const requests: { url: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
