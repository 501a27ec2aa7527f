import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { dingTalkChannel, type DingTalkSettings } from './dingtalk.ts';
import { ctx, failureOf, message, NOW, person, startReceiver, type Answer, type Receiver, type ReceivedRequest } from './test-support.ts';

const TOKEN = 'a1b2c3d4e5f6';
const SECRET = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd';

/**
 * DingTalk's side as its documentation describes it: the access_token names the robot; with signature security the
 * timestamp must be within an hour of DingTalk's clock and sign must equal urlencode(base64(HmacSHA256(secret,
 * timestamp + "\n" + secret))) computed with the robot's own secret; otherwise errcode 310000.
 */
function dingTalk(request: ReceivedRequest, robotSecret: string | null): Answer {
  const query = new URL(request.url, 'http://x').searchParams;
  if (request.method !== 'POST' || !request.url.startsWith('/robot/send?')) return { status: 404, body: 'not found' };
  if (query.get('access_token') !== TOKEN) return { body: '{"errcode":300001,"errmsg":"token is not exist"}' };
  if (robotSecret) {
    const timestamp = query.get('timestamp') ?? '';
    const expected = createHmac('sha256', robotSecret).update(`${timestamp}\n${robotSecret}`).digest('base64');
    const rawSign = /[?&]sign=([^&]*)/.exec(request.url)?.[1] ?? '';
    const fresh = Math.abs(NOW - Number(timestamp)) < 3_600_000;
    if (!fresh || query.get('sign') !== expected || rawSign !== encodeURIComponent(expected)) {
      return { body: '{"errcode":310000,"errmsg":"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"}' };
    }
  }
  if (request.headers['content-type'] !== 'application/json; charset=utf-8') return { body: '{"errcode":43004,"errmsg":"无效的HTTP HEADER Content-Type"}' };
  return { body: '{"errcode":0,"errmsg":"ok"}' };
}

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
async function robot(answer: (request: ReceivedRequest) => Answer) {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}
const settings = (base: string, overrides: Partial<DingTalkSettings> = {}): DingTalkSettings => ({ webhookUrl: `${base}/robot/send`, accessToken: TOKEN, secret: SECRET, ...overrides });
const people = [person(), person({ userId: 'u-2', name: '李四', mobile: null, vendorId: 'manager4921' }), person({ userId: 'u-3', mobile: null, vendorId: null })];

describe('DingTalk channel', () => {
  it('posts a markdown message signed so DingTalk accepts it, with the lines, the links and the @mentions', async () => {
    const server = await robot((r) => dingTalk(r, SECRET));
    await expect(dingTalkChannel.send(settings(server.url), message(), people, ctx())).resolves.toMatchObject({ outcome: 'sent' });

    const request = server.requests[0]!;
    expect(new URL(request.url, 'http://x').searchParams.get('timestamp')).toBe(String(NOW));
    const body = JSON.parse(request.body);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe(message().title);
    expect(body.markdown.text).toBe(
      [
        `#### ${message().title}`,
        '> 站点：二食堂 (Canteen 2)',
        '> 设备：POS-0231 & POS-0232',
        '> 自 09:02 起无心跳',
        '[确认告警](https://ops.example.edu.cn/ack/tok_abc123?sig=x%2By&n=1)　[查看](https://ops.example.edu.cn/alerts/01JABC?tab=timeline&x=1)',
        '@13800138000 @manager4921',
      ].join('\n\n'),
    );
    expect(body.at).toEqual({ atMobiles: ['13800138000'], atUserIds: ['manager4921'], isAtAll: false });
  });

  it('puts the level in front of a title that lacks it, in the message’s language', async () => {
    const server = await robot((r) => dingTalk(r, SECRET));
    await dingTalkChannel.send(settings(server.url), message({ locale: 'en', level: 2, title: 'Gate 3 slow', ackUrl: null }), [], ctx());
    const body = JSON.parse(server.requests[0]!.body);
    expect(body.markdown.title).toBe('[Level 2] Gate 3 slow');
    expect(body.markdown.text).toContain('[View](https://ops.example.edu.cn/alerts/01JABC?tab=timeline&x=1)');
    expect(body.markdown.text).not.toContain('Acknowledge');
    expect(body.at).toEqual({ atMobiles: [], isAtAll: false });
  });

  it('a robot configured with a different secret than DingTalk’s refuses the signature (310000, not retryable)', async () => {
    const server = await robot((r) => dingTalk(r, 'SECthe-robots-real-secret'));
    const failure = await failureOf(dingTalkChannel.send(settings(server.url), message(), people, ctx()));
    expect(failure).toMatchObject({ name: 'ChannelSendError', retryable: false, rateLimited: false });
    expect(failure.message).toContain('310000');
    expect(failure.message).toContain('sign not match');
  });

  it('a clock more than an hour off is refused the same way', async () => {
    const server = await robot((r) => dingTalk(r, SECRET));
    expect(await failureOf(dingTalkChannel.send(settings(server.url), message(), people, { ...ctx(), now: NOW - 2 * 3_600_000 }))).toMatchObject({ retryable: false });
  });

  it('a robot with keyword security has no secret: no timestamp or sign on the URL', async () => {
    const server = await robot((r) => dingTalk(r, null));
    await expect(dingTalkChannel.send(settings(server.url, { secret: undefined }), message(), people, ctx())).resolves.toMatchObject({ outcome: 'sent' });
    expect(server.requests[0]!.url).toBe(`/robot/send?access_token=${TOKEN}`);
  });

  it.each([
    ['{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}', { retryable: true, rateLimited: true }],
    ['{"errcode":660026,"errmsg":"robot send too fast"}', { retryable: true, rateLimited: true }],
    ['{"errcode":300001,"errmsg":"token is not exist"}', { retryable: false, rateLimited: false }],
    ['{"errcode":-1,"errmsg":"系统繁忙"}', { retryable: true, rateLimited: false }],
    ['{"errmsg":"ok"}', { retryable: true }],
  ])('answer %s → %o', async (answer, expected) => {
    const server = await robot(() => ({ body: answer }));
    const failure = await failureOf(dingTalkChannel.send(settings(server.url), message(), people, ctx()));
    expect(failure).toMatchObject({ name: 'ChannelSendError', ...expected });
  });

  it('the error message names the host, never the access token', async () => {
    const server = await robot(() => ({ status: 502, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } }));
    const failure = await failureOf(dingTalkChannel.send(settings(server.url), message(), people, ctx()));
    expect(failure).toMatchObject({ retryable: true });
    expect(failure.message).toContain('502');
    expect(failure.message).not.toContain(TOKEN);
  });

  it('validate: the robot API without its access_token, which is a secret of its own', () => {
    const ok = settings('https://oapi.dingtalk.com');
    expect(dingTalkChannel.validate(ok)).toEqual([]);
    expect(dingTalkChannel.validate({ ...ok, webhookUrl: '' })).toEqual([]); // the default API
    expect(dingTalkChannel.validate({ ...ok, webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc' })).toMatchObject([
      { field: 'settings.webhookUrl', code: 'urlParameterSeparate', params: { name: 'access_token' } },
    ]);
    expect(dingTalkChannel.validate({ webhookUrl: ok.webhookUrl } as never)).toMatchObject([{ field: 'settings.accessToken', code: 'required' }]);
    expect(dingTalkChannel.validate({ ...ok, webhookUrl: 'oapi.dingtalk.com/robot/send' })).toMatchObject([{ code: 'urlInvalid' }]);
    expect(dingTalkChannel.validate({ ...ok, webhookUrl: 'file:///etc/passwd' })).toMatchObject([{ code: 'urlScheme' }]);
  });
});
