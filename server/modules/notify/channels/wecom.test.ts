import { afterEach, describe, expect, it } from 'vitest';
import { utf8Bytes } from './format.ts';
import { WECOM_WEBHOOK, weComChannel, weComContent, type WeComSettings } from './wecom.ts';
import { ctx, failureOf, message, person, startReceiver, type Answer, type Receiver, type ReceivedRequest } from './test-support.ts';

const KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';

/** WeCom's side: the key names the robot (errcode 93000 otherwise); the body is JSON markdown of ≤ 4096 bytes. */
function weCom(request: ReceivedRequest, robotKey: string): Answer {
  const url = new URL(request.url, 'http://x');
  if (request.method !== 'POST' || url.pathname !== '/cgi-bin/webhook/send') return { status: 404, body: 'not found' };
  if (url.searchParams.get('key') !== robotKey) return { body: '{"errcode":93000,"errmsg":"invalid webhook url, hint: [1700000000_1], more info at https://open.work.weixin.qq.com/devtool/query?e=93000"}' };
  const body = JSON.parse(request.body);
  if (body.msgtype !== 'markdown' || typeof body.markdown?.content !== 'string') return { body: '{"errcode":40008,"errmsg":"invalid message type"}' };
  if (Buffer.byteLength(body.markdown.content, 'utf8') > 4096) return { body: '{"errcode":40058,"errmsg":"markdown.content exceed max length 4096"}' };
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
const settings = (base: string, overrides: Partial<WeComSettings> = {}): WeComSettings => ({ webhookUrl: `${base}/cgi-bin/webhook/send`, key: KEY, ...overrides });
const people = [person(), person({ userId: 'u-2', vendorId: 'LiSi' }), person({ userId: 'u-3', vendorId: null })];

describe('WeCom channel', () => {
  it('posts WeCom markdown with the coloured title, the lines, the links and <@userid> mentions to the robot’s key', async () => {
    const server = await robot((r) => weCom(r, KEY));
    await expect(weComChannel.send(settings(server.url), message(), people, ctx())).resolves.toMatchObject({ outcome: 'sent' });
    const body = JSON.parse(server.requests[0]!.body);
    expect(body).toEqual({
      msgtype: 'markdown',
      markdown: {
        content: [
          `**<font color="warning">${message().title}</font>**`,
          '> 站点：二食堂 (Canteen 2)',
          '> 设备：POS-0231 & POS-0232',
          '> 自 09:02 起无心跳',
          '[确认告警](https://ops.example.edu.cn/ack/tok_abc123?sig=x%2By&n=1)　[查看](https://ops.example.edu.cn/alerts/01JABC?tab=timeline&x=1)',
          '<@zhangsan> <@LiSi>',
        ].join('\n'),
      },
    });
  });

  it('a robot key other than the robot’s is refused (93000, not retryable), and the key is not in the message', async () => {
    const server = await robot((r) => weCom(r, 'the-robots-real-key'));
    const failure = await failureOf(weComChannel.send(settings(server.url), message(), people, ctx()));
    expect(failure).toMatchObject({ name: 'ChannelSendError', retryable: false });
    expect(failure.message).toContain('93000');
    expect(failure.message).not.toContain(KEY);
  });

  it('45009 (over 20 a minute) is rate limited; -1 (busy) retryable', async () => {
    let answer = '{"errcode":45009,"errmsg":"api freq out of limit"}';
    const server = await robot(() => ({ body: answer }));
    expect(await failureOf(weComChannel.send(settings(server.url), message(), people, ctx()))).toMatchObject({ retryable: true, rateLimited: true });
    answer = '{"errcode":-1,"errmsg":"system busy"}';
    expect(await failureOf(weComChannel.send(settings(server.url), message(), people, ctx()))).toMatchObject({ retryable: true, rateLimited: false });
  });

  it('cuts a long message to 4096 bytes between characters, keeping the title, the links and the mentions', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `第 ${i} 台设备：食堂 POS 终端静默 😀 三分钟以上`);
    const content = weComContent(message({ lines }), people);
    expect(utf8Bytes(content)).toBeLessThanOrEqual(4096);
    expect(utf8Bytes(content)).toBeGreaterThan(4000);
    expect(content).not.toContain('\uFFFD');
    expect(content).toMatch(/^\*\*<font color="warning">【一级】/);
    expect(content).toMatch(/…\n\[确认告警\]\(https:\/\/ops\.example\.edu\.cn\/ack\/tok_abc123\?sig=x%2By&n=1\)\u3000\[查看\]\([^)]+\)\n<@zhangsan> <@LiSi>$/);
    // no half surrogate pair left at the cut
    expect(() => encodeURIComponent(content)).not.toThrow();

    const server = await robot((r) => weCom(r, KEY));
    await expect(weComChannel.send(settings(server.url), message({ lines }), people, ctx())).resolves.toMatchObject({ outcome: 'sent' });
  });

  it('colours by level and kind: grey for level 3, green when resolved', () => {
    expect(weComContent(message({ level: 3 }), [])).toMatch(/^\*\*<font color="comment">/);
    expect(weComContent(message({ kind: 'resolved' }), [])).toMatch(/^\*\*<font color="info">/);
  });

  it('validate: the key in its own field, not in the URL', () => {
    expect(weComChannel.validate({ webhookUrl: WECOM_WEBHOOK, key: KEY })).toEqual([]);
    expect(weComChannel.validate({ webhookUrl: `${WECOM_WEBHOOK}?key=${KEY}`, key: KEY })).toMatchObject([{ field: 'settings.webhookUrl', code: 'urlParameterSeparate', params: { name: 'key' } }]);
    expect(weComChannel.validate({ webhookUrl: WECOM_WEBHOOK, key: '' })).toMatchObject([{ field: 'settings.key', code: 'required' }]);
    expect(weComChannel.validate({ webhookUrl: 'gopher://qyapi.weixin.qq.com/', key: KEY })).toMatchObject([{ field: 'settings.webhookUrl', code: 'urlScheme' }]);
  });
});
