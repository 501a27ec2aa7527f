import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { aliyunSmsChannel, percentEncode, type AliyunSmsSettings } from './sms-aliyun.ts';
import { ctx, failureOf, message, NOW, person, startReceiver, type Answer, type Receiver, type ReceivedRequest } from './test-support.ts';

const KEY_ID = 'LTAI5tExampleKeyId';
const KEY_SECRET = 'testsecretQWERTYuiop1234';

/**
 * Aliyun's RFC 3986 encoding written independently of the plug-in: every UTF-8 byte outside A–Z a–z 0–9 - _ . ~
 * becomes %XX (upper case).
 */
function rfc3986(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Aliyun's side as its signature documentation describes it: decode the query, drop Signature, sort, re-encode,
 * StringToSign = GET&%2F&encode(canonical), HMAC-SHA1 with the key's secret + "&", compare; then the SendSms checks.
 */
function aliyun(request: ReceivedRequest, secret: string, seenNonces: Set<string>): Answer {
  const query = new URL(request.url, 'http://x').searchParams;
  const refuse = (status: number, Code: string, Message: string): Answer => ({ status, body: JSON.stringify({ RequestId: 'R-1', HostId: 'dysmsapi.aliyuncs.com', Code, Message }) });
  if (request.method !== 'GET' || new URL(request.url, 'http://x').pathname !== '/') return refuse(404, 'InvalidAction.NotFound', 'Specified api is not found');
  const params = [...query.entries()].filter(([name]) => name !== 'Signature').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = params.map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`).join('&');
  const stringToSign = `GET&${rfc3986('/')}&${rfc3986(canonical)}`;
  const expected = createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
  if (query.get('AccessKeyId') !== KEY_ID) return refuse(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  if (query.get('Signature') !== expected) return refuse(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
  const nonce = query.get('SignatureNonce') ?? '';
  if (seenNonces.has(nonce)) return refuse(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
  seenNonces.add(nonce);
  const expect = { Action: 'SendSms', Version: '2017-05-25', Format: 'JSON', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0' };
  for (const [name, value] of Object.entries(expect)) if (query.get(name) !== value) return refuse(400, 'MissingParameter', `${name} is wrong`);
  const timestamp = query.get('Timestamp') ?? '';
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(timestamp) || Math.abs(Date.parse(timestamp) - NOW) > 15 * 60_000) return refuse(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
  return { body: JSON.stringify({ Message: 'OK', RequestId: 'F655A8D5-B967-440B-8683-DAD6FF8DE990', Code: 'OK', BizId: '900619746936498440^0' }) };
}

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
async function aliyunServer(secret = KEY_SECRET) {
  const nonces = new Set<string>();
  const r = await startReceiver((request) => aliyun(request, secret, nonces));
  receivers.push(r);
  return r;
}
async function answering(answer: Answer) {
  const r = await startReceiver(() => answer);
  receivers.push(r);
  return r;
}

const settings = (endpoint: string, overrides: Partial<AliyunSmsSettings> = {}): AliyunSmsSettings => ({
  endpoint,
  accessKeyId: KEY_ID,
  accessKeySecret: KEY_SECRET,
  signName: '校园运维',
  templateCode: 'SMS_154950909',
  templateParamNames: { title: 'title', level: 'lvl', link: 'link' },
  ...overrides,
});
const phone = [person({ address: '13800138000' })];

describe('Aliyun SMS channel', () => {
  it('sends SendSms signed exactly as Aliyun recomputes it, with the template variables; the answer’s BizId is the provider id', async () => {
    const server = await aliyunServer();
    // ! ' ( ) * ~ and Chinese: the characters where encodeURIComponent and RFC 3986 disagree, and multi-byte UTF-8
    const title = "【一级】Gate (north) down! it's *urgent* ~ 北门";
    const result = await aliyunSmsChannel.send(settings(server.url, { paramMaxChars: 100 }), message({ title }), phone, ctx());
    expect(result).toEqual({ outcome: 'sent', providerId: '900619746936498440^0' });

    const query = new URL(server.requests[0]!.url, 'http://x').searchParams;
    expect(Object.fromEntries([...query].filter(([k]) => k !== 'Signature' && k !== 'SignatureNonce'))).toEqual({
      AccessKeyId: KEY_ID,
      Action: 'SendSms',
      Format: 'JSON',
      PhoneNumbers: '13800138000',
      RegionId: 'cn-hangzhou',
      SignName: '校园运维',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_154950909',
      TemplateParam: JSON.stringify({ title: "[一级]Gate (north) down! it's *urgent* ~ 北门", lvl: '一级', link: message().ackUrl }),
      Timestamp: '2026-03-02T01:02:03Z',
      Version: '2017-05-25',
    });
    expect(query.get('SignatureNonce')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('each attempt has its own nonce, so a retry is not refused as a replay', async () => {
    const server = await aliyunServer();
    await aliyunSmsChannel.send(settings(server.url), message(), phone, ctx());
    await expect(aliyunSmsChannel.send(settings(server.url), message(), phone, ctx())).resolves.toMatchObject({ outcome: 'sent' });
  });

  it('an AccessKey secret other than Aliyun’s fails SignatureDoesNotMatch (HTTP 400), not retryable', async () => {
    const server = await aliyunServer('the-real-secret');
    const failure = await failureOf(aliyunSmsChannel.send(settings(server.url), message(), phone, ctx()));
    expect(failure).toMatchObject({ name: 'ChannelSendError', retryable: false });
    expect(failure.message).toContain('SignatureDoesNotMatch');
  });

  it('percentEncode is RFC 3986', () => {
    expect(percentEncode("a b*c~d!e'f(g)h+i/j=k")).toBe('a%20b%2Ac~d%21e%27f%28g%29h%2Bi%2Fj%3Dk');
    expect(percentEncode('北')).toBe('%E5%8C%97');
  });

  it('cuts text variables to paramMaxChars and keeps the link whole', async () => {
    const server = await aliyunServer();
    await aliyunSmsChannel.send(settings(server.url, { paramMaxChars: 10, templateParamNames: { title: 'title', detail: 'd', link: 'link' } }), message(), phone, ctx());
    const param = JSON.parse(new URL(server.requests[0]!.url, 'http://x').searchParams.get('TemplateParam')!);
    expect(param).toEqual({ title: '[一级]二食堂 ·…', d: '站点：二食堂 (C…', link: message().ackUrl });
  });

  it('a template without variables sends no TemplateParam', async () => {
    const server = await aliyunServer();
    await aliyunSmsChannel.send(settings(server.url, { templateParamNames: undefined }), message(), phone, ctx());
    expect(new URL(server.requests[0]!.url, 'http://x').searchParams.has('TemplateParam')).toBe(false);
  });

  it.each([
    [{ body: '{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发分钟级流控Permits:1"}' }, { retryable: true, rateLimited: true }],
    [{ body: '{"Code":"isv.MOBILE_NUMBER_ILLEGAL","Message":"非法手机号"}' }, { retryable: false, rateLimited: false }],
    [{ body: '{"Code":"isv.AMOUNT_NOT_ENOUGH","Message":"账户余额不足"}' }, { retryable: false }],
    [{ status: 400, body: '{"Code":"Throttling.User","Message":"Request was denied due to user flow control."}' }, { retryable: true, rateLimited: true }],
    [{ body: '{"Code":"isp.SYSTEM_ERROR","Message":"系统错误"}' }, { retryable: true, rateLimited: false }],
    [{ status: 503, body: '{"Code":"ServiceUnavailable"}' }, { retryable: true }],
    [{ body: 'OK' }, { retryable: true }],
  ])('answer %o → %o', async (answer, expected) => {
    const server = await answering(answer);
    const failure = await failureOf(aliyunSmsChannel.send(settings(server.url), message(), phone, ctx()));
    expect(failure).toMatchObject({ name: 'ChannelSendError', ...expected });
  });

  it('refuses a recipient without a phone number without calling Aliyun', async () => {
    const server = await aliyunServer();
    expect(await failureOf(aliyunSmsChannel.send(settings(server.url), message(), [person({ address: null })], ctx()))).toMatchObject({ retryable: false });
    expect(await failureOf(aliyunSmsChannel.send(settings(server.url), message(), [person({ address: 'zhangsan@example.edu.cn' })], ctx()))).toMatchObject({ retryable: false });
    expect(server.requests).toHaveLength(0);
  });

  it('validate: the endpoint URL and the credentials', () => {
    const ok = settings('https://dysmsapi.aliyuncs.com');
    expect(aliyunSmsChannel.validate(ok)).toEqual([]);
    expect(aliyunSmsChannel.validate({ ...ok, endpoint: undefined })).toEqual([]);
    expect(aliyunSmsChannel.validate({ ...ok, endpoint: 'dysmsapi.aliyuncs.com' })).toMatchObject([{ field: 'settings.endpoint', code: 'urlInvalid' }]);
    expect(aliyunSmsChannel.validate({ ...ok, accessKeySecret: ' ' })).toMatchObject([{ field: 'settings.accessKeySecret', code: 'required' }]);
  });
});
