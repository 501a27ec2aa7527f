import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelPlugin } from './channel.ts';
import { dingTalkChannel } from './dingtalk.ts';
import { feishuChannel } from './feishu.ts';
import { ANSWER_LIMIT_BYTES, httpRequest, parseJsonAnswer } from './http.ts';
import { aliyunSmsChannel } from './sms-aliyun.ts';
import { smsHttpChannel } from './sms-http.ts';
import { webhookChannel } from './webhook.ts';
import { weComChannel } from './wecom.ts';
import { closedPort, ctx, failureOf, message, person, startReceiver, type Answer, type Receiver } from './test-support.ts';

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
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
});

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
