import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FEISHU_HOOK_BASE, feishuCard, feishuChannel, type FeishuSettings } from './feishu.ts';
import { ctx, failureOf, message, NOW, person, startReceiver, type Answer, type Receiver, type ReceivedRequest } from './test-support.ts';

const TOKEN = '8fd7a3c5-2c11-4d3e-9b0b-7a4ef1c0d2aa';
const SECRET = 'qJbJvVd5Wn1rAbCdEf0123';

/**
 * Feishu's side as documented: the token in the path names the bot; with signature verification the body's
 * timestamp (seconds) must be within an hour and sign must equal base64(HmacSHA256(key = timestamp + "\n" + secret,
 * data = "")) with the bot's own secret, else code 19021.
 */
function feishu(request: ReceivedRequest, botSecret: string | null): Answer {
  if (request.method !== 'POST' || request.url !== `/open-apis/bot/v2/hook/${TOKEN}`) return { body: '{"code":19001,"msg":"param invalid: incoming webhook access token invalid","data":{}}' };
  const body = JSON.parse(request.body);
  if (botSecret) {
    const expected = createHmac('sha256', `${body.timestamp}\n${botSecret}`).update('').digest('base64');
    if (typeof body.timestamp !== 'string' || Math.abs(NOW / 1000 - Number(body.timestamp)) > 3600 || body.sign !== expected) {
      return { body: '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time","data":{}}' };
    }
  }
  if (body.msg_type !== 'interactive' || !body.card?.header) return { body: '{"code":9499,"msg":"Bad Request","data":{}}' };
  return { body: '{"code":0,"data":{},"msg":"success"}' };
}

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
async function bot(answer: (request: ReceivedRequest) => Answer) {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}
const settings = (base: string, overrides: Partial<FeishuSettings> = {}): FeishuSettings => ({ webhookUrl: `${base}/open-apis/bot/v2/hook/`, token: TOKEN, secret: SECRET, ...overrides });
const people = [person({ vendorId: 'ou_7d8a6e6df7621556ce0d21922b676706' }), person({ vendorId: null })];

describe('Feishu channel', () => {
  it('posts a signed interactive card: red header with the title, the lines in markdown, the two buttons, mentions', async () => {
    const server = await bot((r) => feishu(r, SECRET));
    await expect(feishuChannel.send(settings(server.url), message(), people, ctx())).resolves.toMatchObject({ outcome: 'sent' });
    const body = JSON.parse(server.requests[0]!.body);
    expect(body.timestamp).toBe(String(NOW / 1000));
    expect(body.msg_type).toBe('interactive');
    expect(body.card).toEqual({
      config: { wide_screen_mode: true },
      header: { template: 'red', title: { tag: 'plain_text', content: message().title } },
      elements: [
        { tag: 'markdown', content: '站点：二食堂 (Canteen 2)\n设备：POS-0231 & POS-0232\n自 09:02 起无心跳\n<at id=ou_7d8a6e6df7621556ce0d21922b676706></at>' },
        {
          tag: 'action',
          actions: [
            { tag: 'button', text: { tag: 'plain_text', content: '确认告警' }, type: 'danger', url: message().ackUrl },
            { tag: 'button', text: { tag: 'plain_text', content: '查看' }, type: 'default', url: message().url },
          ],
        },
      ],
    });
  });

  it('a bot configured with another secret than Feishu’s is refused (19021, not retryable)', async () => {
    const server = await bot((r) => feishu(r, 'the-bots-real-secret'));
    const failure = await failureOf(feishuChannel.send(settings(server.url), message(), people, ctx()));
    expect(failure).toMatchObject({ name: 'ChannelSendError', retryable: false, rateLimited: false });
    expect(failure.message).toContain('19021');
  });

  it('a wrong token is refused (not retryable) and not written in the error', async () => {
    const server = await bot((r) => feishu(r, SECRET));
    const failure = await failureOf(feishuChannel.send(settings(server.url, { token: 'not-the-token' }), message(), people, ctx()));
    expect(failure).toMatchObject({ retryable: false });
    expect(failure.message).toContain('19001');
    expect(failure.message).not.toContain('not-the-token');
  });

  it('a bot without signature verification gets no timestamp or sign', async () => {
    const server = await bot((r) => feishu(r, null));
    await expect(feishuChannel.send(settings(server.url, { secret: undefined }), message(), people, ctx())).resolves.toMatchObject({ outcome: 'sent' });
    const body = JSON.parse(server.requests[0]!.body);
    expect(body).not.toHaveProperty('timestamp');
    expect(body).not.toHaveProperty('sign');
  });

  it.each([
    ['{"code":11232,"msg":"frequency limited psm[lark.oapi.app_platform_runtime]appID[1]"}', { retryable: true, rateLimited: true }],
    ['{"StatusCode":0,"StatusMessage":"success"}', null],
    ['{"code":19024,"msg":"Key Words Not Found"}', { retryable: false }],
    ['{"data":{}}', { retryable: true }],
  ])('answer %s → %o', async (answer, expected) => {
    const server = await bot(() => ({ body: answer }));
    const sending = feishuChannel.send(settings(server.url), message(), people, ctx());
    if (expected === null) await expect(sending).resolves.toMatchObject({ outcome: 'sent' });
    else expect(await failureOf(sending)).toMatchObject({ name: 'ChannelSendError', ...expected });
  });

  it('header colours by level and kind; the message’s own < > cannot become markup', () => {
    expect(feishuCard(message({ level: 2 }), []).header.template).toBe('orange');
    expect(feishuCard(message({ level: 3 }), []).header.template).toBe('blue');
    expect(feishuCard(message({ kind: 'resolved' }), []).header.template).toBe('green');
    const card = feishuCard(message({ lines: ['设备 <at id=all></at>'] }), []);
    expect(card.elements[0]).toEqual({ tag: 'markdown', content: '设备 &#60;at id=all&#62;&#60;/at&#62;' });
  });

  it('validate: the base URL and the token', () => {
    expect(feishuChannel.validate({ webhookUrl: FEISHU_HOOK_BASE, token: TOKEN })).toEqual([]);
    expect(feishuChannel.validate({ webhookUrl: FEISHU_HOOK_BASE, token: '' })).toMatchObject([{ field: 'settings.token', code: 'required' }]);
    expect(feishuChannel.validate({ webhookUrl: 'https://bot:pw@open.feishu.cn/open-apis/bot/v2/hook/', token: TOKEN })).toMatchObject([{ field: 'settings.webhookUrl', code: 'urlCredentials' }]);
  });
});
