import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import nodemailer, { type Transporter } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../clock.ts';
import type { InboundMail } from './inbound-mail.ts';
import { createMailListener, type MailListener, type MailListenerOptions } from './mail-listener.ts';
import { TRUNCATION_MARKER } from './mail-text.ts';

const REQUEST_ADDRESS = 'helpdesk@ops.example.edu.cn';
const RECEIVED_AT = Date.parse('2026-11-20T02:00:00Z');

interface Started {
  listener: MailListener;
  port: number;
  dataDir: string;
  tempRoot: string;
  /** what onMessage saw, with what was on disk at that moment */
  received: { mail: InboundMail; files: { content: Buffer; mode: number; dirMode: number }[] }[];
  logs: { level: string; msg: string; obj: object }[];
}

const running: MailListener[] = [];
const transports: Transporter[] = [];
afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  await Promise.all(running.splice(0).map((l) => l.close()));
});

async function start(overrides: Partial<MailListenerOptions> = {}, onMessage?: (mail: InboundMail) => Promise<void>): Promise<Started> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-mail-'));
  const received: Started['received'] = [];
  const logs: Started['logs'] = [];
  const logger = (level: string) => (obj: object, msg: string) => logs.push({ level, msg, obj });
  const listener = createMailListener({
    host: '127.0.0.1',
    port: 0,
    addresses: [REQUEST_ADDRESS, 'Baoxiu@Ops.Example.edu.cn'],
    dataDir,
    clock: new ManualClock(RECEIVED_AT),
    log: { info: logger('info'), warn: logger('warn'), error: logger('error') },
    async onMessage(mail) {
      // the files exist while onMessage runs: read them as the incident service would
      const files = mail.attachments.map((a) => ({ content: fs.readFileSync(a.path), mode: fs.statSync(a.path).mode & 0o777, dirMode: fs.statSync(path.dirname(a.path)).mode & 0o777 }));
      received.push({ mail, files });
      await onMessage?.(mail);
    },
    ...overrides,
  });
  running.push(listener);
  const { port } = await listener.listen();
  return { listener, port, dataDir, tempRoot: path.join(dataDir, 'tmp', 'mail-intake'), received, logs };
}

function transport(port: number) {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 5000 });
  transports.push(t);
  return t;
}

const tempFiles = (root: string): string[] => (fs.existsSync(root) ? fs.readdirSync(root, { recursive: true }).map(String) : []);

/** What nodemailer reports when the server refused: the reply code and the text. */
async function refusal(promise: Promise<unknown>): Promise<{ responseCode?: number; response?: string; code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { responseCode?: number; response?: string; code?: string };
  }
  throw new Error('the server accepted what it should have refused');
}

/**
 * A hand-written SMTP conversation, for what a well-behaved client never does. A string ending in CRLF is a command
 * (its reply is awaited), a Buffer is written as is, a number waits that many milliseconds. Answers the replies.
 */
async function dialogue(port: number, steps: (string | Buffer | number)[], { endAbruptly = false } = {}): Promise<string[]> {
  const socket = net.connect(port, '127.0.0.1');
  const replies: string[] = [];
  let buffer = '';
  let waiting: ((reply: string) => void) | null = null;
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    // a complete reply ends with a line "NNN text" (no dash after the code)
    const match = /(^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(buffer);
    if (match && waiting) {
      const end = match.index + match[0].length;
      const reply = buffer.slice(0, end).trim();
      buffer = buffer.slice(end);
      const resolve = waiting;
      waiting = null;
      resolve(reply);
    }
  });
  const next = () => new Promise<string>((resolve, reject) => {
    waiting = resolve;
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`connection closed; so far: ${replies.join(' | ')}`)));
    socket.emit('data', Buffer.alloc(0));
  });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  replies.push(await next());
  for (const step of steps) {
    if (typeof step === 'number') {
      await new Promise((resolve) => setTimeout(resolve, step));
      continue;
    }
    socket.write(step);
    // a message body is written in pieces and answered only after its final "."
    if (typeof step === 'string' && !step.endsWith('\r\n')) continue;
    if (Buffer.isBuffer(step)) continue;
    replies.push(await next().catch((e: Error) => e.message));
  }
  if (endAbruptly) socket.destroy();
  else socket.end();
  return replies;
}

describe('mail listener', () => {
  it('hands a plain message to onMessage with its fields, the clock’s time and the incident number', async () => {
    const smtp = await start();
    const info = await transport(smtp.port).sendMail({
      envelope: { from: 'zhangsan@example.edu.cn', to: ['HELPDESK@ops.example.edu.cn'] },
      from: '"张三 (食堂)" <ZhangSan@Example.edu.cn>',
      to: REQUEST_ADDRESS,
      subject: 'Re: 回复: [INC-000123] 二食堂 POS 无法刷卡',
      text: '您好，\r\n二食堂 3 号窗口的 POS 仍然无法刷卡。\r\n',
      messageId: '<reply-1@example.edu.cn>',
      inReplyTo: '<INC-000123.update-2@ops.example.edu.cn>',
      references: ['<INC-000123.open@ops.example.edu.cn>', '<INC-000123.update-2@ops.example.edu.cn>'],
      date: new Date('2026-11-20T01:58:00Z'),
    });

    expect(info.response).toMatch(/^250 OK: received <reply-1@example\.edu\.cn>/);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.mail).toEqual({
      messageId: '<reply-1@example.edu.cn>',
      from: { address: 'zhangsan@example.edu.cn', name: '张三 (食堂)' },
      returnPath: 'zhangsan@example.edu.cn',
      recipients: [REQUEST_ADDRESS],
      subject: 'Re: 回复: [INC-000123] 二食堂 POS 无法刷卡',
      text: '您好，\n二食堂 3 号窗口的 POS 仍然无法刷卡。',
      textTruncated: false,
      receivedAt: RECEIVED_AT,
      sentAt: Date.parse('2026-11-20T01:58:00Z'),
      incidentNumber: 123,
      inReplyTo: '<INC-000123.update-2@ops.example.edu.cn>',
      references: ['<INC-000123.open@ops.example.edu.cn>', '<INC-000123.update-2@ops.example.edu.cn>'],
      attachments: [],
      droppedAttachments: [],
      remoteAddress: '127.0.0.1',
    });
    expect(smtp.listener.counters.accepted).toBe(1);
  });

  it('decodes a GBK/GB2312 subject, sender name and body (encoded words, a charset=gb2312 part)', async () => {
    const smtp = await start();
    const gb = (text: string) => iconv.encode(text, 'gbk');
    const word = (text: string) => `=?gb2312?B?${gb(text).toString('base64')}?=`;
    // 镕 is outside GB2312 proper: mail clients label GBK text gb2312 all the time
    const body = '图书馆 2 号闸机离线，朱镕基楼的打印机也卡纸了。\r\n';
    const raw = Buffer.concat([
      Buffer.from(
        [
          `From: ${word('李四')} <lisi@example.edu.cn>`,
          `To: ${REQUEST_ADDRESS}`,
          `Subject: ${word('回复：')} =?GB2312?Q?=A1=BEINC-000045=A1=BF?= ${word('闸机离线')}`,
          'Message-ID: <gbk-1@example.edu.cn>',
          'MIME-Version: 1.0',
          'Content-Type: multipart/alternative; boundary="b1"',
          '',
          '--b1',
          'Content-Type: text/plain; charset=gb2312',
          'Content-Transfer-Encoding: 8bit',
          '',
          '',
        ].join('\r\n'),
      ),
      gb(body),
      Buffer.from(['--b1', 'Content-Type: text/html; charset="GB2312"', 'Content-Transfer-Encoding: base64', '', gb('<p>HTML 部分</p>').toString('base64'), '--b1--', ''].join('\r\n')),
    ]);
    await transport(smtp.port).sendMail({ envelope: { from: 'lisi@example.edu.cn', to: [REQUEST_ADDRESS] }, raw });

    const mail = smtp.received[0]!.mail;
    expect(mail.from).toEqual({ address: 'lisi@example.edu.cn', name: '李四' });
    expect(mail.subject).toBe('回复：【INC-000045】闸机离线');
    expect(mail.incidentNumber).toBe(45);
    expect(mail.text).toBe('图书馆 2 号闸机离线，朱镕基楼的打印机也卡纸了。');
  });

  it('turns an HTML-only body into text without markup, scripts or styles', async () => {
    const smtp = await start();
    await transport(smtp.port).sendMail({
      from: 'wangwu@example.edu.cn',
      to: REQUEST_ADDRESS,
      subject: '网页',
      html: '<html><head><style>p{color:red}</style><script>alert("x")</script></head><body><p>宿舍楼 <b>3 栋</b> 门禁失灵</p><img src="cid:x" onerror="alert(1)"></body></html>',
    });
    const { text } = smtp.received[0]!.mail;
    expect(text).toContain('宿舍楼 3 栋 门禁失灵');
    expect(text).not.toMatch(/alert|color:red|<[a-z]/i);
  });

  it('streams an attachment to a private file with its SHA-256, sanitises its name, and deletes it afterwards', async () => {
    const smtp = await start({ maxAttachmentBytes: 1024 * 1024 });
    const photo = randomBytes(700 * 1024);
    const big = randomBytes(1024 * 1024 + 1);
    await transport(smtp.port).sendMail({
      from: 'zhaoliu@example.edu.cn',
      to: REQUEST_ADDRESS,
      subject: '闸机照片',
      text: '见附件',
      attachments: [
        { filename: '../../etc/闸机\u0000照片.jpg', content: photo, contentType: 'image/jpeg' },
        { filename: 'dump.bin', content: big, contentType: 'application/octet-stream' },
        { filename: 'notes.txt', content: '二号闸机\n', contentType: 'text/plain; charset=utf-8' },
      ],
    });

    const { mail, files } = smtp.received[0]!;
    expect(mail.attachments).toEqual([
      { filename: '闸机照片.jpg', contentType: 'image/jpeg', size: photo.length, sha256: createHash('sha256').update(photo).digest('hex'), path: expect.any(String), contentId: null },
      { filename: 'notes.txt', contentType: 'text/plain', size: Buffer.byteLength('二号闸机\n'), sha256: createHash('sha256').update('二号闸机\n').digest('hex'), path: expect.any(String), contentId: null },
    ]);
    expect(mail.droppedAttachments).toEqual([{ filename: 'dump.bin', size: big.length, reason: 'attachmentTooLarge' }]);
    expect(files[0]!.content.equals(photo)).toBe(true);
    expect(files.map((f) => [f.mode.toString(8), f.dirMode.toString(8)])).toEqual([['600', '700'], ['600', '700']]);
    for (const a of mail.attachments) {
      expect(a.path.startsWith(smtp.tempRoot + path.sep)).toBe(true);
      expect(fs.existsSync(a.path)).toBe(false);
    }
    expect(tempFiles(smtp.tempRoot)).toEqual([]);
    expect(fs.statSync(smtp.tempRoot).mode & 0o777).toBe(0o700);
  });

  it('keeps attachments up to the count and per-message limits, listing the rest', async () => {
    const smtp = await start({ maxAttachments: 2, maxAttachmentsBytes: 3000 });
    const part = (n: number, size: number) => ({ filename: `p${n}.bin`, content: Buffer.alloc(size, n) });
    await transport(smtp.port).sendMail({ from: 'a@example.edu.cn', to: REQUEST_ADDRESS, subject: 'x', text: 'x', attachments: [part(1, 1000), part(2, 2500), part(3, 1500), part(4, 10)] });
    const { mail } = smtp.received[0]!;
    expect(mail.attachments.map((a) => a.filename)).toEqual(['p1.bin', 'p3.bin']);
    expect(mail.droppedAttachments).toEqual([
      { filename: 'p2.bin', size: 2500, reason: 'attachmentsTooLarge' },
      { filename: 'p4.bin', size: 10, reason: 'tooManyAttachments' },
    ]);
  });

  it('cuts a long body at maxTextBytes with the marker', async () => {
    const smtp = await start({ maxTextBytes: 1000 });
    await transport(smtp.port).sendMail({ from: 'a@example.edu.cn', to: REQUEST_ADDRESS, subject: 'x', text: '故障'.repeat(5000) });
    const { mail } = smtp.received[0]!;
    expect(mail.textTruncated).toBe(true);
    expect(mail.text.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(Buffer.byteLength(mail.text)).toBeLessThanOrEqual(1000);
  });

  it('refuses a message over the size limit with 552 while it streams in, and never calls onMessage', async () => {
    const smtp = await start({ maxMessageBytes: 64 * 1024 });
    const error = await refusal(
      transport(smtp.port).sendMail({ from: 'a@example.edu.cn', to: REQUEST_ADDRESS, subject: '大附件', text: 'x', attachments: [{ filename: 'big.bin', content: randomBytes(512 * 1024) }] }),
    );
    expect(error.responseCode).toBe(552);
    expect(smtp.received).toHaveLength(0);
    expect(smtp.listener.counters.tooLarge).toBe(1);
    expect(tempFiles(smtp.tempRoot)).toEqual([]);

    // SIZE is advertised, and a declared size over it is refused before a byte of the message is sent
    const replies = await dialogue(smtp.port, ['EHLO relay.example.edu.cn\r\n', `MAIL FROM:<a@example.edu.cn> SIZE=${64 * 1024 + 1}\r\n`, 'QUIT\r\n']);
    expect(replies[1]).toMatch(/^250[- ]SIZE 65536$/m);
    expect(replies[2]).toMatch(/^552 /);

    // and the listener goes on taking mail
    await transport(smtp.port).sendMail({ from: 'a@example.edu.cn', to: REQUEST_ADDRESS, subject: '小', text: 'ok' });
    expect(smtp.received).toHaveLength(1);
  });

  it('refuses recipients that are not request addresses with 550, and more than maxRecipients with 452', async () => {
    const smtp = await start({ maxRecipients: 2 });
    const error = await refusal(transport(smtp.port).sendMail({ from: 'a@example.edu.cn', to: 'someone.else@ops.example.edu.cn', subject: 'x', text: 'x' }));
    expect(error.code).toBe('EENVELOPE');
    expect(error.responseCode).toBe(550);
    expect(smtp.received).toHaveLength(0);

    const replies = await dialogue(smtp.port, [
      'EHLO relay\r\n',
      'MAIL FROM:<a@example.edu.cn>\r\n',
      `RCPT TO:<${REQUEST_ADDRESS}>\r\n`,
      'RCPT TO:<root@ops.example.edu.cn>\r\n',
      'RCPT TO:<baoxiu@ops.example.edu.cn>\r\n',
      'RCPT TO:<BAOXIU@OPS.EXAMPLE.EDU.CN>\r\n',
      'QUIT\r\n',
    ]);
    expect(replies.slice(3, 7).map((r) => r.slice(0, 3))).toEqual(['250', '550', '250', '452']);
    expect(smtp.listener.counters.recipientsRefused).toBe(3);
  });

  it('answers 451 when onMessage throws, so the relay keeps the message and retries; the files are deleted all the same', async () => {
    let fail = true;
    const smtp = await start({}, async () => {
      if (fail) throw new Error('database is locked');
    });
    const send = () =>
      transport(smtp.port).sendMail({ from: 'a@example.edu.cn', to: REQUEST_ADDRESS, subject: 'x', text: 'x', messageId: '<retry-1@example.edu.cn>', attachments: [{ filename: 'a.txt', content: 'a' }] });
    const error = await refusal(send());
    expect(error.responseCode).toBe(451);
    expect(error.response).not.toContain('database');
    expect(tempFiles(smtp.tempRoot)).toEqual([]);
    expect(smtp.logs.some((l) => l.level === 'error' && (l.obj as { messageId?: string }).messageId === '<retry-1@example.edu.cn>')).toBe(true);

    fail = false;
    await send();
    expect(smtp.received.map((r) => r.mail.messageId)).toEqual(['<retry-1@example.edu.cn>', '<retry-1@example.edu.cn>']);
    expect(smtp.listener.counters).toMatchObject({ deferred: 1, accepted: 1 });
  });

  it('accepts and drops auto-replies, list mail and bounces', async () => {
    const smtp = await start();
    const t = transport(smtp.port);
    const base = { from: 'a@example.edu.cn', to: REQUEST_ADDRESS, subject: '自动回复: [INC-000123] 收到', text: '我正在休假' };
    const outOfOffice = await t.sendMail({ ...base, headers: { 'Auto-Submitted': 'auto-replied' } });
    const bulk = await t.sendMail({ ...base, headers: { Precedence: 'bulk' } });
    const bounce = await t.sendMail({ ...base, envelope: { from: '', to: [REQUEST_ADDRESS] } });
    for (const info of [outOfOffice, bulk, bounce]) expect(info.response).toMatch(/^250 OK: automatic mail dropped/);
    expect(smtp.received).toHaveLength(0);
    expect(smtp.listener.counters.automatic).toBe(3);
    expect(tempFiles(smtp.tempRoot)).toEqual([]);

    // a person's mail that says Auto-Submitted: no is a person's mail
    await t.sendMail({ ...base, headers: { 'Auto-Submitted': 'no' } });
    expect(smtp.received).toHaveLength(1);
  });

  it('survives broken MIME and a client that leaves in the middle of a message', async () => {
    const smtp = await start();
    const broken = [
      `From: a@example.edu.cn`,
      `To: ${REQUEST_ADDRESS}`,
      'Subject: =?gb2312?B?not base64 at all!!?= broken',
      'Content-Type: multipart/mixed; boundary="never-closed"',
      '',
      '--never-closed',
      'Content-Type: text/plain; charset=x-unknown-charset',
      'Content-Transfer-Encoding: base64',
      '',
      '5L2g5aW9!!!@@@',
      '--never-closed',
      'Content-Type: application/octet-stream; name="\u0000evil"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '=ZZ=0',
      '',
    ].join('\r\n');
    await transport(smtp.port).sendMail({ envelope: { from: 'a@example.edu.cn', to: [REQUEST_ADDRESS] }, raw: broken });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.mail.subject).toContain('broken');

    await dialogue(
      smtp.port,
      ['EHLO relay\r\n', 'MAIL FROM:<a@example.edu.cn>\r\n', `RCPT TO:<${REQUEST_ADDRESS}>\r\n`, 'DATA\r\n', Buffer.from(`Subject: half\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: application/pdf\r\n\r\n${'A'.repeat(100_000)}`)],
      { endAbruptly: true },
    );
    await expect.poll(() => smtp.listener.counters.aborted).toBe(1);
    expect(tempFiles(smtp.tempRoot)).toEqual([]);
    expect(smtp.received).toHaveLength(1);

    await transport(smtp.port).sendMail({ from: 'a@example.edu.cn', to: REQUEST_ADDRESS, subject: 'after', text: 'still here' });
    expect(smtp.received.map((r) => r.mail.subject)).toEqual([expect.stringContaining('broken'), 'after']);
  });

  it('refuses clients that are not on the allow-list', async () => {
    const smtp = await start({ allowClients: ['10.0.0.0/8'] });
    const error = await refusal(transport(smtp.port).sendMail({ from: 'a@example.edu.cn', to: REQUEST_ADDRESS, subject: 'x', text: 'x' }));
    expect(String(error.response)).toMatch(/^554 /);
    expect(smtp.listener.counters.clientsRefused).toBe(1);

    const allowed = await start({ allowClients: ['127.0.0.0/8'] });
    await transport(allowed.port).sendMail({ from: 'a@example.edu.cn', to: REQUEST_ADDRESS, subject: 'x', text: 'x' });
    expect(allowed.received).toHaveLength(1);
  });

  it('answers 421 past maxConnections, and closes a connection past its lifetime', async () => {
    const smtp = await start({ maxConnections: 1, connectionTimeoutMs: 300 });
    const first = net.connect(smtp.port, '127.0.0.1');
    const greeting = await new Promise<string>((resolve) => first.once('data', (chunk) => resolve(chunk.toString())));
    expect(greeting).toMatch(/^220 /);
    const second = await dialogue(smtp.port, []).catch((e: Error) => e.message);
    expect(String(second)).toMatch(/421/);

    // the first one, silent, is told to go once its lifetime is over
    const farewell = await new Promise<string>((resolve) => first.once('data', (chunk) => resolve(chunk.toString())));
    expect(farewell).toMatch(/^421 /);
    await new Promise((resolve) => first.once('close', resolve));

    // a message trickling in past the lifetime is cut, without an answer: the relay keeps it and retries
    const trickle = await dialogue(
      smtp.port,
      ['EHLO relay\r\n', 'MAIL FROM:<a@example.edu.cn>\r\n', `RCPT TO:<${REQUEST_ADDRESS}>\r\n`, 'DATA\r\n', Buffer.from('Subject: slow\r\n\r\nfirst line\r\n'), 600, 'second line, much later\r\n.\r\n'],
    ).catch((e: Error) => e.message);
    expect(String(trickle)).toMatch(/connection closed|421/);
    await expect.poll(() => smtp.listener.counters.aborted).toBe(1);
    expect(smtp.received).toHaveLength(0);
  });

  it('close() stops accepting connections and waits for the message in progress, which the relay sees accepted', async () => {
    let release!: () => void;
    const handedOver = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inOnMessage = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const smtp = await start({}, async () => {
      entered();
      await handedOver;
    });
    const sending = transport(smtp.port).sendMail({ from: 'a@example.edu.cn', to: REQUEST_ADDRESS, subject: 'x', text: 'x', attachments: [{ filename: 'a.txt', content: 'a' }] });
    await inOnMessage;

    let closed = false;
    const closing = smtp.listener.close().then(() => {
      closed = true;
    });
    // no new connection gets in while the message is handed over
    await expect(new Promise((resolve, reject) => net.connect(smtp.port, '127.0.0.1').once('connect', resolve).once('error', reject))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    expect(fs.existsSync(smtp.received[0]!.mail.attachments[0]!.path)).toBe(true);

    release();
    const info = await sending;
    expect(info.response).toMatch(/^250 /);
    await closing;
    expect(closed).toBe(true);
    expect(tempFiles(smtp.tempRoot)).toEqual([]);
  });
});
