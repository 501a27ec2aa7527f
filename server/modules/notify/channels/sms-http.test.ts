import { afterEach, describe, expect, it } from 'vitest';
import { smsHttpChannel, type SmsHttpSettings } from './sms-http.ts';
import { ctx, failureOf, message, person, startReceiver, type Answer, type Receiver, type ReceivedRequest } from './test-support.ts';

/** A title and a first line with everything that breaks hand-made concatenation: & " = + % # newlines, Chinese. */
const awkward = message({
  title: '【一级】A&B "quoted" 北门=闸机 100% #3',
  lines: ['line one\nline two + more', '(second line is not sent)'],
  ackUrl: 'https://ops.example.edu.cn/ack/t?s=a%2Bb&n=1',
});
/** What the SMS says: the title and first line each made one line, 【】 as [], the link on its own line. */
const TEXT = '[一级]A&B "quoted" 北门=闸机 100% #3\nline one line two + more\n确认告警: https://ops.example.edu.cn/ack/t?s=a%2Bb&n=1';
const TITLE = '[一级]A&B "quoted" 北门=闸机 100% #3';

const TOKEN = 'Bearer gw-3f9c2a7d';
/** A gateway that wants its Authorization header, and says whether the request was understood. */
const gateway = (request: ReceivedRequest): Answer =>
  request.headers.authorization !== TOKEN ? { status: 401, body: '{"code":401,"msg":"unauthorized"}' } : { body: '{"result":{"code":0},"msg":"提交成功"}' };

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
async function receiver(answer: (request: ReceivedRequest) => Answer = gateway) {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}
const phone = [person({ address: '138 0013 8000' })];
const base = (url: string, overrides: Partial<SmsHttpSettings> = {}): SmsHttpSettings => ({
  method: 'POST',
  urlTemplate: `${url}/sms/send`,
  headerSecrets: { Authorization: TOKEN },
  ...overrides,
});

describe('HTTP SMS gateway channel', () => {
  it('GET: the placeholders are percent-encoded in the URL and arrive intact', async () => {
    const server = await receiver();
    await expect(smsHttpChannel.send(base(server.url, { method: 'GET', urlTemplate: `${server.url}/sms/send?to={{phone}}&msg={{text}}&subject={{ title }}` }), awkward, phone, ctx())).resolves.toMatchObject({ outcome: 'sent' });
    const request = server.requests[0]!;
    expect(request.method).toBe('GET');
    const query = new URL(request.url, 'http://x').searchParams;
    expect(Object.fromEntries(query)).toEqual({ to: '13800138000', msg: TEXT, subject: TITLE });
  });

  it('POST form: the placeholders are form-encoded, the template’s own fields kept', async () => {
    const server = await receiver();
    await smsHttpChannel.send(base(server.url, { bodyTemplate: 'account=ops&mobile={{phone}}&content={{text}}&sign=%E6%A0%A1%E5%9B%AD', contentType: 'form' }), awkward, phone, ctx());
    const request = server.requests[0]!;
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ account: 'ops', mobile: '13800138000', content: TEXT, sign: '校园' });
  });

  it('POST JSON: the placeholders are JSON-escaped inside the template’s strings', async () => {
    const server = await receiver();
    await smsHttpChannel.send(
      base(server.url, { bodyTemplate: '{"to": ["{{phone}}"], "msg": "{{text}}", "meta": {"subject": "Alert: {{title}}", "n": 1}}', contentType: 'json' }),
      awkward,
      phone,
      ctx(),
    );
    const request = server.requests[0]!;
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(request.body)).toEqual({ to: ['13800138000'], msg: TEXT, meta: { subject: `Alert: ${TITLE}`, n: 1 } });
  });

  it('POST text: the placeholders as they are', async () => {
    const server = await receiver();
    await smsHttpChannel.send(base(server.url, { bodyTemplate: 'TO:{{phone}}\n{{text}}', contentType: 'text' }), awkward, phone, ctx());
    expect(server.requests[0]!.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(server.requests[0]!.body).toBe(`TO:13800138000\n${TEXT}`);
  });

  it('keeps the text within 140 characters (a Chinese character counts one), cutting the words and keeping the link', async () => {
    const server = await receiver();
    const long = message({ title: '【一级】'.concat('二食堂消费机离线'.repeat(30)) });
    await smsHttpChannel.send(base(server.url, { bodyTemplate: 'm={{phone}}&c={{text}}' }), long, phone, ctx());
    const text = new URLSearchParams(server.requests[0]!.body).get('c')!;
    expect(text.length).toBe(140);
    expect(text).toMatch(/^\[一级\]二食堂消费机离线二食堂.*…\n确认告警: https:\/\/ops\.example\.edu\.cn\/ack\/tok_abc123\?sig=x%2By&n=1$/s);
  });

  it('a secret header other than the gateway’s is refused (401, not retryable), and the secret is not in the error', async () => {
    const server = await receiver();
    const failure = await failureOf(smsHttpChannel.send(base(server.url, { bodyTemplate: 'm={{phone}}&c={{text}}', headerSecrets: { Authorization: 'Bearer wrong-token' } }), awkward, phone, ctx()));
    expect(failure).toMatchObject({ name: 'ChannelSendError', retryable: false });
    expect(failure.message).toContain('401');
    expect(failure.message).not.toContain('wrong-token');
  });

  it('success marks: a JSON value at a path, or a text the answer must contain; a 2xx without them is a refusal', async () => {
    const server = await receiver();
    const form = { bodyTemplate: 'm={{phone}}&c={{text}}' };
    await expect(smsHttpChannel.send(base(server.url, { ...form, successJsonPath: 'result.code', successJsonValue: '0' }), awkward, phone, ctx())).resolves.toMatchObject({ outcome: 'sent' });
    await expect(smsHttpChannel.send(base(server.url, { ...form, successContains: '提交成功' }), awkward, phone, ctx())).resolves.toMatchObject({ outcome: 'sent' });

    const wrongValue = await failureOf(smsHttpChannel.send(base(server.url, { ...form, successJsonPath: 'result.code', successJsonValue: '1' }), awkward, phone, ctx()));
    expect(wrongValue).toMatchObject({ retryable: false });
    expect(wrongValue.message).toContain('result.code is 0, not "1"');
    expect(await failureOf(smsHttpChannel.send(base(server.url, { ...form, successContains: '"ok"' }), awkward, phone, ctx()))).toMatchObject({ retryable: false });
  });

  it('an answer that is not JSON when a JSON path is expected is retryable, saying what came', async () => {
    const server = await receiver(() => ({ body: '<html><body>gateway maintenance</body></html>', headers: { 'content-type': 'text/html' } }));
    const failure = await failureOf(smsHttpChannel.send(base(server.url, { bodyTemplate: 'm={{phone}}&c={{text}}', successJsonPath: 'code', successJsonValue: '0' }), awkward, phone, ctx()));
    expect(failure).toMatchObject({ retryable: true });
    expect(failure.message).toContain('not JSON (HTTP 200 text/html): <html><body>gateway maintenance');
  });

  it('refuses a recipient without a phone number', async () => {
    const server = await receiver();
    expect(await failureOf(smsHttpChannel.send(base(server.url, { bodyTemplate: 'm={{phone}}&c={{text}}' }), awkward, [person({ address: null })], ctx()))).toMatchObject({ retryable: false });
    expect(server.requests).toHaveLength(0);
  });

  it('validate: the URL, the placeholders, a JSON body, the headers', () => {
    const ok = base('https://sms.example.edu.cn', { bodyTemplate: '{"to":"{{phone}}","msg":"{{text}}"}', contentType: 'json' });
    expect(smsHttpChannel.validate(ok)).toEqual([]);
    expect(smsHttpChannel.validate({ method: 'GET', urlTemplate: 'https://sms.example.edu.cn/s?to={{phone}}&m={{text}}' })).toEqual([]);
    expect(smsHttpChannel.validate({ method: 'GET', urlTemplate: '{{phone}}/s?m={{text}}' })).toMatchObject([{ field: 'settings.urlTemplate', code: 'urlInvalid' }]);
    expect(smsHttpChannel.validate({ method: 'GET', urlTemplate: 'https://u:p@sms.example.edu.cn/s?to={{phone}}&m={{text}}' })).toMatchObject([{ code: 'urlCredentials' }]);
    expect(smsHttpChannel.validate({ method: 'GET', urlTemplate: 'https://sms.example.edu.cn/s?to={{mobile}}&m={{text}}' })).toMatchObject([
      { field: 'settings.urlTemplate', code: 'placeholderUnknown', params: { name: '{{mobile}}', allowed: '{{phone}}, {{text}}, {{title}}' } },
      { field: 'settings.urlTemplate', code: 'placeholderMissing', params: { name: '{{phone}}' } },
    ]);
    expect(smsHttpChannel.validate({ ...ok, bodyTemplate: '{"to":"{{phone}}"}' })).toMatchObject([{ field: 'settings.bodyTemplate', code: 'placeholderMissing', params: { name: '{{text}}' } }]);
    expect(smsHttpChannel.validate({ ...ok, bodyTemplate: '{"to":"{{phone}}","msg":"{{text}}"' })).toMatchObject([{ field: 'settings.bodyTemplate', code: 'invalidJson' }]);
    expect(smsHttpChannel.validate({ ...ok, headers: { 'Content-Type': 'text/xml' } })).toMatchObject([{ field: 'settings.headers.Content-Type', code: 'headerReserved' }]);
    expect(smsHttpChannel.validate({ ...ok, successJsonPath: 'code' })).toMatchObject([{ field: 'settings.successJsonValue', code: 'required' }]);
  });
});
