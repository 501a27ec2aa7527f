import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecordingSink } from '../webhooks/recording-sink.testing.ts';
import { createSyslogServer, type SyslogServer, type SyslogServerOptions } from './syslog.server.ts';

/** 11:32:05 in Shanghai: the time the test messages are from */
const NOW = Date.parse('2026-11-20T03:32:05.500Z');
const clock = { now: () => NOW };

/** The recording sink stands in for our own ingest pipeline, which is being built in parallel. */
function setup(overrides: Partial<SyslogServerOptions> = {}) {
  const recording = createRecordingSink(clock);
  const lines: { level: string; obj: object; msg: string }[] = [];
  const log = {
    info: (obj: object, msg: string) => lines.push({ level: 'info', obj, msg }),
    warn: (obj: object, msg: string) => lines.push({ level: 'warn', obj, msg }),
    error: (obj: object, msg: string) => lines.push({ level: 'error', obj, msg }),
  };
  const server = createSyslogServer({
    udpPort: 0,
    tcpPort: 0,
    host: '127.0.0.1',
    sink: recording.sink,
    resolveDevice: async ({ hostname }) => (hostname === 'core-sw' ? { code: 'SW-CORE', siteCode: 'campus-north' } : null),
    clock,
    log,
    maxMessageBytes: 1024,
    ...overrides,
  });
  servers.push(server);
  return { server, recording, lines };
}

const servers: SyslogServer[] = [];
const clients: net.Socket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.stop();
});

function sendUdp(port: number, messages: (string | Buffer)[]): Promise<void> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve, reject) => {
    let left = messages.length;
    for (const m of messages) {
      socket.send(typeof m === 'string' ? Buffer.from(m) : m, port, '127.0.0.1', (error) => {
        if (error) reject(error);
        if (--left === 0) {
          socket.close();
          resolve();
        }
      });
    }
  });
}

async function connect(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  clients.push(socket);
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return socket;
}

const octet = (msg: string) => `${Buffer.byteLength(msg)} ${msg}`;
const until = async (check: () => boolean, timeoutMs = 5000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('syslog server', () => {
  it('receives UDP datagrams and hands them to the sink as syslog events, batched', async () => {
    const { server, recording } = setup({ batchDelayMs: 500 });
    const { udpPort } = await server.start();
    await sendUdp(udpPort!, [
      '<187>Nov 20 11:32:05 core-sw %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down',
      '<14>1 2026-11-20T03:32:05Z kiosk-07 payd 811 - - card reader timeout',
      '<13>no header at all',
      '<165>1 - - - - - [x@1 a="b"] sd only',
      '<11>Nov 20 11:32:06 core-sw %SYS-3-CPUHOG: Task ran for 2000 msec',
    ]);
    await recording.waitFor(5);
    expect(recording.calls).toHaveLength(1);
    expect(recording.calls[0]!.source).toBe('syslog');
    const byMessage = new Map(recording.envelopes.map((e) => [e.data.message, e]));
    expect(byMessage.get('%LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down')).toMatchObject({ kind: 'event', device: 'SW-CORE', site: 'campus-north', data: { type: 'syslog', severity: 'warning' } });
    expect(byMessage.get('card reader timeout')).toMatchObject({ device: 'kiosk-07', ts: '2026-11-20T03:32:05.000Z' });
    expect(byMessage.get('no header at all')).toMatchObject({ device: 'ip-127.0.0.1', ts: new Date(NOW).toISOString(), data: { severity: 'info' } });
    await until(() => server.counters.accepted === 5);
    expect(server.counters).toMatchObject({ received: 5, accepted: 5, parseErrors: 0, rejected: 0 });
  });

  it('receives TCP streams in both framings, across connections', async () => {
    const { server, recording } = setup();
    const { tcpPort } = await server.start();
    const a = await connect(tcpPort!);
    const b = await connect(tcpPort!);
    a.write(octet('<14>1 2026-11-20T03:32:05Z h1 app - - - multi\nline') + octet('<14>1 - h1 app - - - second'));
    b.write('<14>Nov 20 11:32:05 h2 app: newline framed\n<14>Nov 20 11:32:05 h2 app: crlf\r\n');
    b.end('<14>Nov 20 11:32:05 h2 app: last line without LF');
    await recording.waitFor(5);
    expect(recording.envelopes.map((e) => e.data.message).sort()).toEqual(['crlf', 'last line without LF', 'multi\nline', 'newline framed', 'second']);
    expect(recording.calls.every((c) => c.source === 'syslog')).toBe(true);
  });

  it('does not let a slow or never-finishing TCP client hold up the others', async () => {
    const { server, recording } = setup();
    const { tcpPort } = await server.start();
    const slow = await connect(tcpPort!);
    slow.write('<14>Nov 20 11:32:05 slow app: this line never ends');
    const fast = await connect(tcpPort!);
    for (let i = 0; i < 20; i++) fast.write(`<14>Nov 20 11:32:05 fast app: message ${i}\n`);
    await recording.waitFor(20);
    expect(recording.envelopes.every((e) => e.device === 'fast')).toBe(true);
    expect(server.connections).toBe(2);
    slow.write(' … until now\n');
    await recording.waitFor(21);
    expect(recording.envelopes.at(-1)!.data.message).toBe('this line never ends … until now');
  });

  it('drops oversized lines and datagrams, counts them and logs once, and keeps going', async () => {
    const { server, recording, lines } = setup();
    const { tcpPort, udpPort } = await server.start();
    const client = await connect(tcpPort!);
    client.write(`<14>Nov 20 11:32:05 h app: ${'x'.repeat(5000)}\n`);
    client.write(octet(`<14>1 - h app - - - ${'y'.repeat(3000)}`));
    client.write('<14>Nov 20 11:32:05 h app: after the big ones\n');
    await sendUdp(udpPort!, [`<14>Nov 20 11:32:05 h app: ${'z'.repeat(2000)}`, '<14>Nov 20 11:32:05 h app: small datagram']);
    await recording.waitFor(2);
    await until(() => server.counters.oversized === 3);
    expect(recording.envelopes.map((e) => e.data.message).sort()).toEqual(['after the big ones', 'small datagram']);
    await server.stop();
    const warnings = lines.filter((l) => l.msg === 'syslog: messages dropped');
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings.length).toBeLessThanOrEqual(2); // one right away, the rest summed up later: not one per message
    expect(warnings.reduce((n, l) => n + ((l.obj as { syslogDropped: { oversized?: number } }).syslogDropped.oversized ?? 0), 0)).toBe(3);
  });

  it('counts garbage as parse errors without delivering it', async () => {
    const { server, recording } = setup();
    const { udpPort } = await server.start();
    await sendUdp(udpPort!, ['hello', '<999>bad', Buffer.from([0xff, 0x00, 0x13, 0x37]), '<13>good one']);
    await recording.waitFor(1);
    await until(() => server.counters.parseErrors === 3);
    expect(recording.envelopes.map((e) => e.data.message)).toEqual(['good one']);
  });

  it('refuses connections past the cap', async () => {
    const { server, recording } = setup({ maxConnections: 2 });
    const { tcpPort } = await server.start();
    await connect(tcpPort!);
    await connect(tcpPort!);
    const third = net.connect(tcpPort!, '127.0.0.1');
    clients.push(third);
    third.on('error', () => undefined);
    await new Promise<void>((resolve) => third.once('close', () => resolve()));
    await until(() => server.counters.connectionsRefused === 1);
    const ok = clients[0]!;
    ok.write('<14>Nov 20 11:32:05 h app: still served\n');
    await recording.waitFor(1);
  });

  it('bounds the pending batch: past it UDP messages are dropped and counted', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const recording = createRecordingSink(clock);
    const { server } = setup({
      maxPending: 5,
      maxBatch: 1,
      batchDelayMs: 1,
      sink: {
        ingest: async (items, source) => {
          await gate;
          return recording.sink.ingest(items, source);
        },
      },
    });
    const { udpPort } = await server.start();
    await sendUdp(udpPort!, Array.from({ length: 30 }, (_, i) => `<14>Nov 20 11:32:05 h app: m${i}`));
    await until(() => server.counters.received === 30);
    expect(server.counters.queueFull).toBeGreaterThanOrEqual(30 - 5 - 1);
    release();
    await until(() => recording.envelopes.length + server.counters.queueFull === 30);
  });

  it('counts a batch the pipeline refuses as a whole and carries on', async () => {
    const { server, recording } = setup();
    const { udpPort } = await server.start();
    recording.failNextWith(new Error('node saturated'));
    await sendUdp(udpPort!, ['<14>Nov 20 11:32:05 h app: lost']);
    await until(() => server.counters.sinkFailed === 1);
    await sendUdp(udpPort!, ['<14>Nov 20 11:32:05 h app: kept']);
    await recording.waitFor(1);
    expect(recording.envelopes.map((e) => e.data.message)).toEqual(['kept']);
  });

  it('delivers what is pending when stopped, and frees its ports', async () => {
    const { server, recording } = setup({ batchDelayMs: 10_000 });
    const { udpPort, tcpPort } = await server.start();
    await sendUdp(udpPort!, ['<14>Nov 20 11:32:05 h app: pending']);
    await until(() => server.counters.received === 1);
    expect(recording.envelopes).toHaveLength(0);
    await server.stop();
    expect(recording.envelopes.map((e) => e.data.message)).toEqual(['pending']);
    await expect(new Promise((resolve, reject) => net.connect(tcpPort!, '127.0.0.1').on('connect', resolve).on('error', reject))).rejects.toThrow();
  });
});
