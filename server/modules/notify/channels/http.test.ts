import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelPlugin } from './channel.ts';
import { dingTalkChannel } from './dingtalk.ts';
import { feishuChannel } from './feishu.ts';
import { ANSWER_LIMIT_BYTES, closeHttpAgents, httpRequest, MAX_SOCKETS_PER_ORIGIN, parseJsonAnswer } from './http.ts';
import { aliyunSmsChannel } from './sms-aliyun.ts';
import { smsHttpChannel } from './sms-http.ts';
import { webhookChannel } from './webhook.ts';
import { weComChannel } from './wecom.ts';
import { closedPort, ctx, failureOf, message, person, startReceiver, type Answer, type Receiver } from './test-support.ts';

const receivers: Receiver[] = [];
const servers: http.Server[] = [];
afterEach(async () => {
  closeHttpAgents();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});
async function answering(answer: Answer) {
  const r = await startReceiver(() => answer);
  receivers.push(r);
  return r;
}

describe('http', () => {
  it('reads at most 64 KiB of an answer, and calls a cut answer not JSON', async () => {
    const server = await answering({ body: `{"a":"${'x'.repeat(1024 * 1024)}"}` });
    const answer = await httpRequest('Test', { method: 'GET', url: server.url }, ctx().signal);
    expect(answer.truncated).toBe(true);
    expect(Buffer.byteLength(answer.text)).toBeLessThanOrEqual(ANSWER_LIMIT_BYTES);
    expect(() => parseJsonAnswer('Test', answer)).toThrow(/larger than 64 KiB/);
  });

  it('keeps one connection to an origin alive from one request to the next', async () => {
    const server = await connectionCounting((_req, res) => res.end('{"ok":true}'));
    for (let i = 0; i < 5; i++) expect((await httpRequest('Test', { method: 'POST', url: server.url, body: `{"n":${i}}` }, ctx().signal)).status).toBe(200);
    expect(server.requests).toBe(5);
    expect(server.connections).toBe(1);
  });

  it(`opens at most ${MAX_SOCKETS_PER_ORIGIN} connections to one origin however many requests wait, and answers them all`, async () => {
    const server = await connectionCounting((_req, res) => setTimeout(() => res.end('{"ok":true}'), 20));
    const answers = await Promise.all(Array.from({ length: 60 }, () => httpRequest('Test', { method: 'GET', url: server.url }, ctx().signal)));
    expect(answers.every((a) => a.status === 200 && a.text === '{"ok":true}')).toBe(true);
    expect(server.requests).toBe(60);
    expect(server.mostOpen).toBeLessThanOrEqual(MAX_SOCKETS_PER_ORIGIN);
    expect(server.mostOpen).toBeGreaterThan(1);
  });

  it('sends once more on a fresh connection when the server dropped a kept-alive one as the request went out', async () => {
    // Every connection's second request is dropped unanswered, as a server closing an idle connection would.
    const server = await connectionCounting((req, res, nth) => (nth === 2 ? req.socket.destroy() : res.end('{"ok":true}')));
    expect((await httpRequest('Test', { method: 'GET', url: server.url }, ctx().signal)).status).toBe(200);
    const again = await httpRequest('Test', { method: 'GET', url: server.url }, ctx().signal);
    expect(again).toMatchObject({ status: 200, text: '{"ok":true}' });
    expect(server.connections).toBe(2);
  });

  it('on a fresh connection a dropped request is a retryable failure, not sent again', async () => {
    const server = await connectionCounting((req) => req.socket.destroy());
    const failure = await failureOf(httpRequest('Test', { method: 'GET', url: server.url }, ctx().signal));
    expect(failure).toMatchObject({ name: 'ChannelSendError', retryable: true });
    expect(failure.message).toMatch(/could not reach 127\.0\.0\.1:\d+ \(ECONNRESET\)/);
    expect(server.requests).toBe(1);
  });

  it('verifies the certificate of an https URL: a self-signed one is refused for good', async () => {
    const server = https.createServer({ key: SELF_SIGNED.key, cert: SELF_SIGNED.cert }, (_req, res) => res.end('{"ok":true}'));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const failure = await failureOf(httpRequest('Test', { method: 'POST', url, body: '{}' }, ctx().signal));
    expect(failure).toMatchObject({ name: 'ChannelSendError', retryable: false });
    expect(failure.message).toMatch(/^Test: the TLS certificate of 127\.0\.0\.1:\d+ cannot be trusted \(.*SELF_SIGNED.*\)$/);
  });

  it('closing the agents closes idle connections at once and a running request’s when it has its answer', async () => {
    const server = await connectionCounting((req, res) => setTimeout(() => res.end('{"ok":true}'), req.url === '/slow' ? 300 : 0));
    const slow = httpRequest('Test', { method: 'GET', url: `${server.url}/slow` }, ctx().signal);
    await httpRequest('Test', { method: 'GET', url: `${server.url}/fast` }, ctx().signal);
    expect(server.connections).toBe(2);
    closeHttpAgents();
    await until(() => server.closed === 1);
    expect((await slow).status).toBe(200);
    await until(() => server.closed === 2);
  });
});

/** A local server that counts the connections it accepted, how many were open at once and closed, and the requests. */
async function connectionCounting(handle: (req: http.IncomingMessage, res: http.ServerResponse, nthOnConnection: number) => void) {
  const counts = { url: '', connections: 0, open: 0, mostOpen: 0, closed: 0, requests: 0 };
  const perSocket = new WeakMap<object, number>();
  const server = http.createServer((req, res) => {
    counts.requests += 1;
    const nth = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, nth);
    req.resume();
    req.on('end', () => handle(req, res, nth));
  });
  server.on('connection', (socket) => {
    counts.connections += 1;
    counts.open += 1;
    counts.mostOpen = Math.max(counts.mostOpen, counts.open);
    socket.on('close', () => {
      counts.open -= 1;
      counts.closed += 1;
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  counts.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return counts;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

/** A self-signed certificate for 127.0.0.1 (P-256, valid until 2126), made with openssl req -x509. */
const SELF_SIGNED = {
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgUk78YcAwi9v4ZQp/
VwCt2Zqnjd7eoBdmUwiwCJ3fpO2hRANCAARfkCZSnMfaQMJ2n6T93p/lIH7W7DGP
iALC1uQD484d2dPTcII7LtjO+sSX69pyIQNwMbndMIKVh61XQS2mtTJw
-----END PRIVATE KEY-----
`,
  cert: `-----BEGIN CERTIFICATE-----
MIIBkDCCATagAwIBAgIUDmCxznUgn/MuM/LQ34W/hPjUXXUwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEzMDE1NTk1MloYDzIxMjYxMTA2
MTU1OTUyWjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAARfkCZSnMfaQMJ2n6T93p/lIH7W7DGPiALC1uQD484d2dPTcII7LtjO
+sSX69pyIQNwMbndMIKVh61XQS2mtTJwo2QwYjAdBgNVHQ4EFgQU6BTtMT+azwj4
n3xmJsfqUqXcZ/YwHwYDVR0jBBgwFoAU6BTtMT+azwj4n3xmJsfqUqXcZ/YwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUC
ICIzMQK4+l9CwiBLib7ZYMvuH4vejTzzCFfZBfDKqfGtAiEAtLNmVcw/MecvXzT2
NmOgQF08r2VzJHP1MFAHsXOZB98=
-----END CERTIFICATE-----
`,
};

/** Each HTTP vendor's settings pointing at a local server, with a recipient it can send to. */
const VENDORS: [string, ChannelPlugin, (base: string) => Record<string, unknown>][] = [
  ['dingtalk', dingTalkChannel, (base) => ({ webhookUrl: `${base}/robot/send`, accessToken: 't', secret: 'SECx' })],
  ['wecom', weComChannel, (base) => ({ webhookUrl: `${base}/cgi-bin/webhook/send`, key: 'k' })],
  ['feishu', feishuChannel, (base) => ({ webhookUrl: `${base}/open-apis/bot/v2/hook/`, token: 't', secret: 's' })],
  ['sms-aliyun', aliyunSmsChannel, (base) => ({ endpoint: base, accessKeyId: 'id', accessKeySecret: 's', signName: '校园', templateCode: 'SMS_1' })],
  ['sms-http', smsHttpChannel, (base) => ({ method: 'GET', urlTemplate: `${base}/send?to={{phone}}&m={{text}}`, successJsonPath: 'code', successJsonValue: '0' })],
];
const recipients = [person({ address: '13800138000' })];

describe.each(VENDORS)('%s: answers that are not the vendor’s', (_kind, plugin, settingsAt) => {
  it.each([
    ['an HTML page with 200', { body: '<!DOCTYPE html><html><body>Portal login</body></html>', headers: { 'content-type': 'text/html' } }, /not JSON \(HTTP 200 text\/html\): <!DOCTYPE html>/],
    ['an empty 200', { body: '' }, /empty answer \(HTTP 200/],
    ['broken JSON', { body: '{"errcode":0,' }, /not JSON \(HTTP 200 application\/json\): \{"errcode":0,/],
    ['a 502 from a proxy', { status: 502, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } }, /HTTP 502: <html>Bad Gateway/],
  ] as const)('%s is retryable and says what came', async (_what, answer, said) => {
    const server = await answering(answer);
    const failure = await failureOf(plugin.send(settingsAt(server.url), message(), recipients, ctx()));
    expect(failure).toMatchObject({ name: 'ChannelSendError', retryable: true, rateLimited: false });
    expect(failure.message).toMatch(said);
  });

  it('a 404 page is not retryable (the URL is wrong)', async () => {
    const server = await answering({ status: 404, body: '<html>Not Found</html>', headers: { 'content-type': 'text/html' } });
    expect(await failureOf(plugin.send(settingsAt(server.url), message(), recipients, ctx()))).toMatchObject({ name: 'ChannelSendError', retryable: false });
  });

  it('HTTP 429 is rate limited', async () => {
    const server = await answering({ status: 429, body: 'slow down' });
    expect(await failureOf(plugin.send(settingsAt(server.url), message(), recipients, ctx()))).toMatchObject({ retryable: true, rateLimited: true });
  });

  it('a server that never answers: abandoned when the signal times out, retryable "timed out"', async () => {
    const server = await answering('hang');
    const failure = await failureOf(plugin.send(settingsAt(server.url), message(), recipients, ctx(AbortSignal.timeout(150))));
    expect(failure).toMatchObject({ name: 'ChannelSendError', retryable: true });
    expect(failure.message).toContain('timed out');
  });

  it('nothing listening is retryable', async () => {
    const failure = await failureOf(plugin.send(settingsAt(`http://127.0.0.1:${await closedPort()}`), message(), recipients, ctx()));
    expect(failure).toMatchObject({ name: 'ChannelSendError', retryable: true });
    expect(failure.message).toMatch(/could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });
});

it('a receiver that sends its head and then stalls in the body is abandoned too', async () => {
  const server = await answering({ status: 200, body: '{"ok":', stall: true });
  const failure = await failureOf(webhookChannel.send({ url: server.url, secret: '0123456789abcdef' }, message(), [], ctx(AbortSignal.timeout(150))));
  expect(failure).toMatchObject({ name: 'ChannelSendError', retryable: true });
  expect(failure.message).toContain('timed out');
});
