import { describe, expect, it } from 'vitest';
import { validateEnvelope } from '../envelope.validate.ts';
import { eventSeverity, hostnameToCode, normalizeAddress, syslogToEnvelope, type ResolveDevice } from './syslog.mapping.ts';
import { parseSyslog, type SyslogMessage } from './syslog.parser.ts';

const NOW = Date.parse('2026-11-20T03:32:05Z');
const unknown: ResolveDevice = async () => null;

function parsed(line: string): SyslogMessage {
  const r = parseSyslog(line, { now: NOW });
  if (!r.ok) throw new Error(r.error.message);
  return r.message;
}

describe('syslog → envelope', () => {
  it('maps syslog severities 0–2 to critical, 3–4 to warning, 5–7 to info', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(eventSeverity)).toEqual(['critical', 'critical', 'critical', 'warning', 'warning', 'info', 'info', 'info']);
  });

  it('makes an event envelope the pipeline accepts, with the syslog details in attrs', async () => {
    const msg = parsed('<187>Nov 20 2026 11:32:05+08:00 SW-CORE-1 %%01IFNET/4/LINK_STATE(l)[3]:The line protocol IP on the interface Vlanif10 has entered the DOWN state.');
    const env = await syslogToEnvelope(msg, { address: '10.20.0.1', receivedAt: NOW + 200, resolveDevice: async () => ({ code: 'SW-C1-CORE', siteCode: 'canteen-1' }) });
    expect(env).toMatchObject({ kind: 'event', ts: '2026-11-20T03:32:05.000Z', device: 'SW-C1-CORE', site: 'canteen-1' });
    expect(env.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(env.data).toEqual({
      type: 'syslog',
      severity: 'warning',
      message: '%%01IFNET/4/LINK_STATE(l)[3]:The line protocol IP on the interface Vlanif10 has entered the DOWN state.',
      attrs: { facility: 'local7', syslogSeverity: 'err', app: 'IFNET', procid: null, msgid: 'IFNET/4/LINK_STATE', hostname: 'SW-CORE-1', structuredData: null, address: '10.20.0.1', format: 'rfc3164' },
    });
    expect(validateEnvelope(env, { now: NOW, maxFutureMs: 600_000, maxAgeMs: 30 * 86_400_000 }).ok).toBe(true);
  });

  it('asks the estate first, then falls back to the hostname, then to ip-<address>', async () => {
    const queries: unknown[] = [];
    const known: ResolveDevice = async (q) => {
      queries.push(q);
      return q.address === '10.0.0.9' ? { code: 'POS-C1-017' } : null;
    };
    const msg = parsed('<14>Nov 20 11:32:05 kiosk-07 payd: ok');
    expect((await syslogToEnvelope(msg, { address: '10.0.0.9', receivedAt: NOW, resolveDevice: known })).device).toBe('POS-C1-017');
    expect(queries[0]).toEqual({ address: '10.0.0.9', hostname: 'kiosk-07' });
    expect((await syslogToEnvelope(msg, { address: '10.0.0.10', receivedAt: NOW, resolveDevice: known })).device).toBe('kiosk-07');
    const noHost = parsed('<14>Nov 20 11:32:05 payd: ok');
    expect((await syslogToEnvelope(noHost, { address: '::ffff:10.0.0.11', receivedAt: NOW, resolveDevice: known })).device).toBe('ip-10.0.0.11');
    // a hostname that is an address names the device like an unknown sender does, so one device is not two
    const ipHost = parsed('<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!');
    expect((await syslogToEnvelope(ipHost, { address: '10.0.0.99', receivedAt: NOW, resolveDevice: unknown })).device).toBe('ip-10.0.0.99');
    // a failing lookup does not lose the message
    const failing: ResolveDevice = async () => {
      throw new Error('database down');
    };
    expect((await syslogToEnvelope(msg, { address: '10.0.0.9', receivedAt: NOW, resolveDevice: failing })).device).toBe('kiosk-07');
    // an estate answer that is not a device code is not trusted
    expect((await syslogToEnvelope(msg, { address: '10.0.0.9', receivedAt: NOW, resolveDevice: async () => ({ code: '' }) })).device).toBe('kiosk-07');
  });

  it('turns hostnames and addresses into device codes the pipeline accepts', () => {
    expect(hostnameToCode('core-sw.campus.local')).toBe('core-sw.campus.local');
    expect(hostnameToCode('一食堂 POS 3')).toBe('POS-3');
    expect(hostnameToCode('一食堂')).toBeNull();
    expect(hostnameToCode('fe80::1')).toBe('ip-fe80::1');
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeAddress('::FFFF:192.168.1.2')).toBe('192.168.1.2');
  });

  it('uses the receive time when the message has none or the device clock is not believable', async () => {
    const ctx = { address: '10.0.0.1', receivedAt: NOW, resolveDevice: unknown };
    const noTime = await syslogToEnvelope(parsed('<189>52: *Mar  1 00:00:49.123: %SYS-5-CONFIG_I: Configured from console by vty0'), ctx);
    expect(noTime.ts).toBe(new Date(NOW).toISOString());
    expect(noTime.data.attrs).toMatchObject({ clockUnsynced: true, sequence: 52, msgid: 'SYS-5-CONFIG_I' });
    const y2k = await syslogToEnvelope(parsed('<14>1 2000-01-01T00:00:00Z h app - - - reset clock'), ctx);
    expect(y2k.ts).toBe(new Date(NOW).toISOString());
    expect(y2k.data.attrs).toMatchObject({ deviceTime: '2000-01-01T00:00:00.000Z' });
    const future = await syslogToEnvelope(parsed('<14>1 2026-11-20T11:32:05Z h app - - - logs UTC as local'), ctx);
    expect(future.ts).toBe(new Date(NOW).toISOString());
    const fine = await syslogToEnvelope(parsed('<14>1 2026-11-20T03:31:00Z h app - - - ok'), ctx);
    expect(fine.ts).toBe('2026-11-20T03:31:00.000Z');
  });

  it('keeps structured data and caps the message at what the pipeline stores', async () => {
    const msg = parsed(`<165>1 2026-11-20T03:32:05Z h evntslog - ID47 [exampleSDID@32473 iut="3"] ${'长'.repeat(5000)}`);
    const env = await syslogToEnvelope(msg, { address: '10.0.0.1', receivedAt: NOW, resolveDevice: unknown });
    expect((env.data.message as string).length).toBe(4000);
    expect(env.data.attrs).toMatchObject({ structuredData: { 'exampleSDID@32473': { iut: '3' } }, msgid: 'ID47', app: 'evntslog' });
    expect(validateEnvelope(env, { now: NOW, maxFutureMs: 600_000, maxAgeMs: 30 * 86_400_000 }).ok).toBe(true);
  });
});
