import net, { type AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { settingsProblems } from '../channel-input.ts';
import { closeEmailTransports, DEFAULT_POOL_SIZE, emailChannel, MAX_POOL_SIZE, type EmailSettings } from './email.ts';
import { closedPort, ctx, failureOf, message, NOW, person } from './test-support.ts';

/** A real SMTP server on loopback (smtp-server) that keeps what it receives, parsed by mailparser. */
async function startMailServer(options: Partial<SMTPServerOptions> = {}) {
  const received: { envelopeTo: string[]; mail: ParsedMail; raw: string }[] = [];
  let connections = 0;
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((mail) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail, raw: raw.toString('utf8') });
          callback(null, 'queued as T1');
        }, callback);
      });
    },
    ...options,
  });
  // a client that gives up on the certificate closes the socket mid-handshake: smtp-server reports it as an error
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  servers.push(server);
  return { port, received, connections: () => connections };
}

const servers: SMTPServer[] = [];
afterEach(async () => {
  closeEmailTransports();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});
afterAll(() => closeEmailTransports());

const settings = (port: number, overrides: Partial<EmailSettings> = {}): EmailSettings => ({
  host: '127.0.0.1',
  port,
  from: '"运维值班" <noc@example.edu.cn>',
  ...overrides,
});
const to = (address: string | null = 'zhangsan@example.edu.cn') => [person({ address })];

describe('e-mail channel', () => {
  it('sends one message with the subject, an escaped HTML body with the acknowledge button, a text body and a Message-ID', async () => {
    const smtp = await startMailServer();
    const result = await emailChannel.send(settings(smtp.port), message(), to(), ctx());

    expect(result.outcome).toBe('sent');
    expect(result.providerId).toBe('<01JNOTIFY0000000000000001@example.edu.cn>');
    expect(smtp.received).toHaveLength(1);
    const { mail, envelopeTo, raw } = smtp.received[0]!;
    expect(envelopeTo).toEqual(['zhangsan@example.edu.cn']);
    expect(mail.subject).toBe(message().title);
    expect(mail.messageId).toBe('<01JNOTIFY0000000000000001@example.edu.cn>');
    expect(mail.from?.value).toEqual([{ name: '运维值班', address: 'noc@example.edu.cn' }]);
    expect(mail.date?.getTime()).toBe(NOW);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(raw).toMatch(/^X-Priority: 1 \(Highest\)/m);

    const html = mail.html as string;
    // the title's markup arrives as text, never as markup
    expect(html).toContain('【一级】二食堂 · POS 终端静默 3 分钟 &lt;b&gt;&amp;&quot;引号&quot;');
    expect(html).not.toContain('<b>&');
    expect(html).toContain('设备：POS-0231 &amp; POS-0232');
    expect(html).toMatch(/<a href="https:\/\/ops\.example\.edu\.cn\/ack\/tok_abc123\?sig=x%2By&amp;n=1" style="[^"]*background:#cf1322[^"]*">确认告警<\/a>/);
    expect(html).toContain('<a href="https://ops.example.edu.cn/alerts/01JABC?tab=timeline&amp;x=1"');
    expect(html).toContain('在控制台查看');
    expect(html).toContain('border-top:4px solid #cf1322');

    expect(mail.text).toContain('站点：二食堂 (Canteen 2)\n设备：POS-0231 & POS-0232\n自 09:02 起无心跳');
    expect(mail.text).toContain('确认告警: https://ops.example.edu.cn/ack/tok_abc123?sig=x%2By&n=1');
    expect(mail.text).toContain('在控制台查看: https://ops.example.edu.cn/alerts/01JABC?tab=timeline&x=1');
  });

  it('words the buttons in English for an English message, in the level’s colour, without a button when there is nothing to acknowledge', async () => {
    const smtp = await startMailServer();
    await emailChannel.send(settings(smtp.port), message({ locale: 'en', level: 3, title: 'Level 3: gate slow', lines: ['Site: North gate'] }), to(), ctx());
    await emailChannel.send(settings(smtp.port), message({ locale: 'en', kind: 'resolved', ackUrl: null, id: 'r-2' }), to(), ctx());

    const [alert, resolved] = smtp.received.map((r) => r.mail);
    expect(smtp.received[0]!.raw).not.toMatch(/^X-Priority/m);
    expect(alert!.html).toContain('>Acknowledge</a>');
    expect(alert!.html).toContain('>Open in the console</a>');
    expect(alert!.html).toContain('#096dd9');
    expect(resolved!.html).not.toContain('Acknowledge');
    expect(resolved!.text).not.toContain('Acknowledge');
    expect(resolved!.html).toContain('Open in the console');
  });

  it('keeps one pooled connection for several sends with the same settings', async () => {
    const smtp = await startMailServer();
    for (const address of ['a@example.edu.cn', 'b@example.edu.cn', 'c@example.edu.cn']) {
      await emailChannel.send(settings(smtp.port), message(), to(address), ctx());
    }
    expect(smtp.received.map((r) => r.envelopeTo[0])).toEqual(['a@example.edu.cn', 'b@example.edu.cn', 'c@example.edu.cn']);
    expect(smtp.connections()).toBe(1);
  });

  it(`sends a burst over ${DEFAULT_POOL_SIZE} connections by default, and over poolSize when the settings say so`, async () => {
    const burst = async (port: number, overrides: Partial<EmailSettings>) => {
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => emailChannel.send(settings(port, overrides), message({ id: `burst-${i}` }), to(`p${i}@example.edu.cn`), ctx())));
      expect(results.every((r) => r.outcome === 'sent')).toBe(true);
    };
    const byDefault = await startMailServer();
    await burst(byDefault.port, {});
    expect(byDefault.received).toHaveLength(12);
    expect(byDefault.connections()).toBe(DEFAULT_POOL_SIZE);

    const wider = await startMailServer();
    await burst(wider.port, { poolSize: 5 });
    expect(wider.received).toHaveLength(12);
    expect(wider.connections()).toBe(5);

    const one = await startMailServer();
    await burst(one.port, { poolSize: 1 });
    expect(one.connections()).toBe(1);
  });

  it(`poolSize is a whole number from 1 to ${MAX_POOL_SIZE}, checked by the settings schema`, () => {
    expect(settingsProblems(emailChannel.settingsSchema, { ...settings(25), poolSize: 8 })).toEqual([]);
    expect(settingsProblems(emailChannel.settingsSchema, { ...settings(25) })).toEqual([]);
    for (const [poolSize, code] of [[0, 'minimum'], [MAX_POOL_SIZE + 1, 'maximum'], [2.5, 'type'], ['4', 'type']] as const) {
      expect(settingsProblems(emailChannel.settingsSchema, { ...settings(25), poolSize }), `poolSize ${poolSize}`).toMatchObject([{ field: 'settings.poolSize', code }]);
    }
  });

  it('logs in with the user name and password; a refused login (535) is not retryable', async () => {
    const smtp = await startMailServer({
      allowInsecureAuth: true,
      authOptional: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'noc' && auth.password === 'right-授权码') callback(null, { user: 'noc' });
        else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      },
    });
    await expect(emailChannel.send(settings(smtp.port, { username: 'noc', password: 'right-授权码' }), message(), to(), ctx())).resolves.toMatchObject({ outcome: 'sent' });
    expect(smtp.received).toHaveLength(1);

    const refused = await failureOf(emailChannel.send(settings(smtp.port, { username: 'noc', password: 'wrong' }), message(), to(), ctx()));
    expect(refused).toMatchObject({ name: 'ChannelSendError', retryable: false });
    expect(refused.message).toContain('535');
    expect(refused.message).not.toContain('wrong');
    expect(smtp.received).toHaveLength(1);
  });

  it('a recipient the server refuses with 550 is not retryable; 451 (try later) is', async () => {
    const smtp = await startMailServer({
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('gone')) callback(Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 }));
        else if (address.address.startsWith('busy')) callback(Object.assign(new Error('4.7.1 Greylisted, try again later'), { responseCode: 451 }));
        else callback();
      },
    });
    const gone = await failureOf(emailChannel.send(settings(smtp.port), message(), to('gone@example.edu.cn'), ctx()));
    expect(gone).toMatchObject({ name: 'ChannelSendError', retryable: false });
    expect(gone.message).toMatch(/550.*Mailbox does not exist/);

    const busy = await failureOf(emailChannel.send(settings(smtp.port), message(), to('busy@example.edu.cn'), ctx()));
    expect(busy).toMatchObject({ name: 'ChannelSendError', retryable: true });
    expect(busy.message).toContain('451');
    // the pool carries on after a refusal
    await expect(emailChannel.send(settings(smtp.port), message(), to(), ctx())).resolves.toMatchObject({ outcome: 'sent' });
  });

  it('nothing listening is retryable', async () => {
    const failure = await failureOf(emailChannel.send(settings(await closedPort()), message(), to(), ctx()));
    expect(failure).toMatchObject({ name: 'ChannelSendError', retryable: true });
    expect(failure.message).toContain('ECONNREFUSED');
  });

  it('a server that accepts the connection and never greets is abandoned when the signal times out (retryable)', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const failure = await failureOf(emailChannel.send(settings(port), message(), to(), ctx(AbortSignal.timeout(300))));
      expect(failure).toMatchObject({ name: 'ChannelSendError', retryable: true });
      expect(failure.message).toContain('timed out');
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('speaks implicit TLS, and refuses an unverifiable certificate unless told not to verify', async () => {
    const smtp = await startMailServer({ secure: true });
    await expect(emailChannel.send(settings(smtp.port, { secure: true, rejectUnauthorized: false }), message(), to(), ctx())).resolves.toMatchObject({ outcome: 'sent' });
    expect(smtp.received).toHaveLength(1);

    const failure = await failureOf(emailChannel.send(settings(smtp.port, { secure: true }), message(), to(), ctx()));
    expect(failure).toMatchObject({ name: 'ChannelSendError', retryable: false });
    // smtp-server's bundled test certificate is self-signed (and expired)
    expect(failure.message).toMatch(/certificate/i);
    expect(smtp.received).toHaveLength(1);
  });

  it('with requireTls, upgrades with STARTTLS, and will not send in clear text to a server without it', async () => {
    const starttls = await startMailServer({ disabledCommands: [] });
    await expect(emailChannel.send(settings(starttls.port, { requireTls: true, rejectUnauthorized: false }), message(), to(), ctx())).resolves.toMatchObject({ outcome: 'sent' });
    expect(starttls.received).toHaveLength(1);

    const plain = await startMailServer();
    const failure = await failureOf(emailChannel.send(settings(plain.port, { requireTls: true }), message(), to(), ctx()));
    expect(failure).toMatchObject({ name: 'ChannelSendError', retryable: false });
    expect(plain.received).toHaveLength(0);
  });

  it('refuses a recipient without an e-mail address and a send to several at once, without connecting', async () => {
    const smtp = await startMailServer();
    expect(await failureOf(emailChannel.send(settings(smtp.port), message(), to(null), ctx()))).toMatchObject({ retryable: false });
    expect(await failureOf(emailChannel.send(settings(smtp.port), message(), to('not an address'), ctx()))).toMatchObject({ retryable: false });
    expect(await failureOf(emailChannel.send(settings(smtp.port), message(), [...to(), ...to('b@example.edu.cn')], ctx()))).toMatchObject({ retryable: false });
    expect(smtp.connections()).toBe(0);
  });

  it('validate: the From address, and both halves of a login', () => {
    expect(emailChannel.validate(settings(25))).toEqual([]);
    expect(emailChannel.validate(settings(25, { username: 'noc', password: 'p' }))).toEqual([]);
    expect(emailChannel.validate(settings(25, { from: 'noc at example' }))).toMatchObject([{ field: 'settings.from', code: 'emailAddress' }]);
    expect(emailChannel.validate(settings(25, { from: 'a@example.edu.cn, b@example.edu.cn' }))).toMatchObject([{ field: 'settings.from', code: 'emailAddress' }]);
    expect(emailChannel.validate(settings(25, { username: 'noc' }))).toMatchObject([{ field: 'settings.password', code: 'required' }]);
    expect(emailChannel.validate(settings(25, { password: 'p' }))).toMatchObject([{ field: 'settings.username', code: 'required' }]);
  });
});
