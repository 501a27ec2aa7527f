import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookChannel, type WebhookSettings } from './webhook.ts';
import { closedPort, ctx, failureOf, message, NOW, person, startReceiver, type Answer, type Receiver, type ReceivedRequest } from './test-support.ts';

const SECRET = 'whsec_0123456789abcdef';

/**
 * A receiver doing what channels/README.md tells webhook receivers to do: recompute the HMAC over the raw body with
 * its own copy of the secret, compare in constant time, refuse a timestamp more than 5 minutes from its clock.
 */
function verify(request: ReceivedRequest, secret: string, clockMs: number): Answer | null {
  const timestamp = String(request.headers['x-opsdesk-timestamp'] ?? '');
  const signature = String(request.headers['x-opsdesk-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
  if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) return { status: 401, body: '{"error":"bad signature"}' };
  if (Math.abs(clockMs / 1000 - Number(timestamp)) > 300) return { status: 401, body: '{"error":"stale"}' };
  return null;
}

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
async function receiver(answer: (request: ReceivedRequest) => Answer = () => ({ status: 204 })) {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}
const verifying = (secret = SECRET, then: Answer = { status: 200, body: '{"ok":true}' }) => receiver((request) => verify(request, secret, NOW) ?? then);

const settings = (url: string, overrides: Partial<WebhookSettings> = {}): WebhookSettings => ({ url: `${url}/hooks/opsdesk`, secret: SECRET, ...overrides });
const people = [person({ address: 'zhangsan@example.edu.cn' }), person({ userId: 'u-2', name: 'Li Si', address: '13900139000', mobile: '13900139000', vendorId: null })];

describe('webhook channel', () => {
  it('POSTs the documented JSON with a signature the receiver verifies, and no phone number or e-mail address', async () => {
    const hook = await verifying();
    const result = await webhookChannel.send(settings(hook.url, { headers: { 'X-Route': 'campus-noc' } }), message(), people, ctx());

    expect(result.outcome).toBe('sent');
    const request = hook.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/hooks/opsdesk');
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.headers['x-opsdesk-timestamp']).toBe(String(NOW / 1000));
    expect(request.headers['x-opsdesk-delivery']).toBe('01JNOTIFY0000000000000001');
    expect(request.headers['x-route']).toBe('campus-noc');
    expect(JSON.parse(request.body)).toEqual({
      id: '01JNOTIFY0000000000000001',
      kind: 'alert',
      level: 1,
      locale: 'zh-CN',
      title: message().title,
      lines: message().lines,
      url: message().url,
      ackUrl: message().ackUrl,
      at: message().at,
      recipients: [
        { userId: 'u-1', name: '张三' },
        { userId: 'u-2', name: 'Li Si' },
      ],
    });
    expect(request.body).not.toMatch(/13800138000|13900139000|zhangsan@/);
  });

  it('a webhook configured with another secret than the receiver’s is refused (401) and not retried', async () => {
    const hook = await verifying('whsec_the-receivers-own-secret');
    const failure = await failureOf(webhookChannel.send(settings(hook.url), message(), people, ctx()));
    expect(failure).toMatchObject({ name: 'ChannelSendError', retryable: false });
    expect(failure.message).toContain('HTTP 401');
  });

  it('a signature from an old clock is refused by a receiver checking the timestamp', async () => {
    const hook = await verifying();
    const old = { ...ctx(), now: NOW - 10 * 60_000 };
    expect(await failureOf(webhookChannel.send(settings(hook.url), message(), people, old))).toMatchObject({ retryable: false });
  });

  it.each([
    [429, { retryable: true, rateLimited: true }],
    [410, { retryable: false }],
    [404, { retryable: false }],
    [400, { retryable: false }],
    [500, { retryable: true, rateLimited: false }],
    [503, { retryable: true }],
  ])('HTTP %i from the receiver → %o', async (status, expected) => {
    const hook = await receiver(() => ({ status, body: 'no' }));
    expect(await failureOf(webhookChannel.send(settings(hook.url), message(), people, ctx()))).toMatchObject({ name: 'ChannelSendError', ...expected });
  });

  it('does not follow a redirect (the signed body stays with the host the settings name)', async () => {
    const elsewhere = await receiver();
    const hook = await receiver(() => ({ status: 307, headers: { location: `${elsewhere.url}/steal` } }));
    const failure = await failureOf(webhookChannel.send(settings(hook.url), message(), people, ctx()));
    expect(failure).toMatchObject({ retryable: false });
    expect(failure.message).toContain('redirect');
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('a receiver that never answers is abandoned when the signal times out (retryable); nothing listening is retryable', async () => {
    const hook = await receiver(() => 'hang');
    const hung = await failureOf(webhookChannel.send(settings(hook.url), message(), people, ctx(AbortSignal.timeout(200))));
    expect(hung).toMatchObject({ name: 'ChannelSendError', retryable: true });
    expect(hung.message).toContain('timed out');

    const nobody = await failureOf(webhookChannel.send(settings(`http://127.0.0.1:${await closedPort()}`), message(), people, ctx()));
    expect(nobody).toMatchObject({ name: 'ChannelSendError', retryable: true });
    expect(nobody.message).toContain('ECONNREFUSED');
  });

  it('validate: http(s) URLs without credentials, a secret, headers that are valid and not opsdesk’s own', () => {
    const ok = settings('https://hooks.example.edu.cn');
    expect(webhookChannel.validate(ok)).toEqual([]);
    expect(webhookChannel.validate({ ...ok, url: 'ftp://hooks.example.edu.cn/x' })).toMatchObject([{ field: 'settings.url', code: 'urlScheme', params: { scheme: 'ftp:' } }]);
    expect(webhookChannel.validate({ ...ok, url: 'javascript:alert(1)' })).toMatchObject([{ field: 'settings.url', code: 'urlScheme' }]);
    expect(webhookChannel.validate({ ...ok, url: 'hooks.example.edu.cn/x' })).toMatchObject([{ field: 'settings.url', code: 'urlInvalid' }]);
    expect(webhookChannel.validate({ ...ok, url: 'https://admin:hunter2@hooks.example.edu.cn/x' })).toMatchObject([{ field: 'settings.url', code: 'urlCredentials' }]);
    expect(webhookChannel.validate({ ...ok, url: '' })).toMatchObject([{ field: 'settings.url', code: 'required' }]);
    expect(webhookChannel.validate({ ...ok, secret: '' })).toMatchObject([{ field: 'settings.secret', code: 'required' }]);
    expect(webhookChannel.validate({ ...ok, headers: { 'X-Opsdesk-Signature': 'x', 'Bad Header': 'y', 'X-Fine': 'z' } })).toMatchObject([
      { field: 'settings.headers.X-Opsdesk-Signature', code: 'headerReserved' },
      { field: 'settings.headers.Bad Header', code: 'headerName' },
    ]);
  });
});
