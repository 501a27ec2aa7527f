import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskAccount, maskIp } from './mask.ts';
import { maskFreeText, maskTelemetryEvent } from './telemetry-mask.ts';

describe('account and address masks', () => {
  it('accounts keep their first character and last two', () => {
    expect(maskAccount('2023010123')).toBe('2*******23');
    expect(maskAccount('fw_zhangli')).toBe('f*******li');
    expect(maskAccount('T19900042')).toBe('T******42');
    expect(maskAccount('admin')).toBe('a****');
    expect(maskAccount('x')).toBe('*');
  });

  it('addresses keep their network', () => {
    expect(maskIp('10.200.17.5')).toBe('10.200.*.*');
    expect(maskIp('::ffff:10.200.17.5')).toBe('10.200.*.*');
    expect(maskIp('10.200.17.5:51234')).toBe('10.200.*.*:51234');
    expect(maskIp('117.136.4.9, 10.200.17.5')).toBe('117.136.*.*, 10.200.*.*');
    expect(maskIp('2408:8456:1:2::5')).toBe('2408:8456:*:*:*:*:*:*');
    expect(maskIp('[2408:8456::5]:443')).toBe('2408:8456:*:*:*:*:*:*');
    expect(maskIp('laptop-zhang')).toBe('***');
  });
});

describe('maskTelemetryEvent', () => {
  it('masks a transaction’s account, card and balances and leaves the rest', () => {
    const event = {
      id: 'e1',
      kind: 'txn',
      data: { txnId: 'T-1', type: 'consume', amountFen: 1250, account: '2023010123', card: '3100100007', channel: 'card', status: 'ok', cardCounter: 88, balanceBeforeFen: 9876543, balanceAfterFen: 9875293 },
    };
    expect(maskTelemetryEvent(event)).toEqual({
      id: 'e1',
      kind: 'txn',
      data: { txnId: 'T-1', type: 'consume', amountFen: 1250, account: '2*******23', card: '******0007', channel: 'card', status: 'ok', cardCounter: 88, balanceBeforeFen: null, balanceAfterFen: null },
    });
    expect(event.data.card).toBe('3100100007');
  });

  it('leaves absent balances absent, so the console tells "hidden" (null) from "not reported"', () => {
    const masked = maskTelemetryEvent({ kind: 'txn', data: { txnId: 'T-2', amountFen: 100, status: 'ok', channel: 'wechat' } }) as { data: Record<string, unknown> };
    expect(masked.data).toEqual({ txnId: 'T-2', amountFen: 100, status: 'ok', channel: 'wechat' });
  });

  it('masks a login’s account, address and client device', () => {
    const masked = maskTelemetryEvent({ kind: 'login', data: { account: 'fw_zhangli', ip: '10.200.17.5', deviceId: 'app-9e3779b1', userAgent: 'python-requests/2.31.0', result: 'fail', reason: 'bad_password' } });
    expect(masked).toEqual({ kind: 'login', data: { account: 'f*******li', ip: '10.200.*.*', deviceId: '********79b1', userAgent: 'python-requests/2.31.0', result: 'fail', reason: 'bad_password' } });
  });

  it('masks people in an event’s attrs, labels and message, not the estate’s own addresses', () => {
    const masked = maskTelemetryEvent({
      kind: 'event',
      labels: { subsystem: 'access', user: 'T19900042' },
      data: {
        type: 'alert',
        message: '卡 6222021234567890123 持卡人 13812345678 zhang.san@example.edu.cn 于 10.0.0.5',
        attrs: { account: '2023099988', client_ip: '172.16.9.8', address: '10.10.1.1', neighborIp: '10.10.1.2', labels: { instance: '10.10.8.5:9100', remote_addr: '117.136.4.9' }, deviceId: 'DOOR-1' },
      },
    });
    expect(masked).toEqual({
      kind: 'event',
      labels: { subsystem: 'access', user: 'T******42' },
      data: {
        type: 'alert',
        message: '卡 ***************0123 持卡人 138****5678 z***@example.edu.cn 于 10.0.0.5',
        attrs: { account: '2*******88', client_ip: '172.16.*.*', address: '10.10.1.1', neighborIp: '10.10.1.2', labels: { instance: '10.10.8.5:9100', remote_addr: '117.136.*.*' }, deviceId: 'DOOR-1' },
      },
    });
  });

  it('passes heartbeats, metrics and anything that is not an event through untouched', () => {
    const heartbeat = { kind: 'heartbeat', data: { status: 'ok', ip: '10.10.1.1' } };
    expect(maskTelemetryEvent(heartbeat)).toBe(heartbeat);
    expect(maskTelemetryEvent(null)).toBeNull();
    expect(maskTelemetryEvent('txn')).toBe('txn');
  });

  it('never lets a clear account, card, address or balance through', () => {
    const digits = fc.stringMatching(/^\d{8,19}$/);
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(digits, digits, fc.tuple(octet, octet, octet, octet), fc.integer({ min: 100_000, max: 99_999_999 }), (account, card, [a, b, c, d], balance) => {
        const ip = `${a}.${b}.${c}.${d}`;
        const events = [
          { kind: 'txn', data: { account, card, balanceBeforeFen: balance, balanceAfterFen: balance, amountFen: 1, txnId: 'x', status: 'ok' } },
          { kind: 'login', data: { account, ip, result: 'ok' } },
          { kind: 'event', data: { type: 'x', attrs: { account, card, ip } } },
        ];
        for (const event of events) {
          const text = JSON.stringify(maskTelemetryEvent(event));
          expect(text).not.toContain(account);
          expect(text).not.toContain(card);
          expect(text).not.toContain(ip);
          expect(text).not.toContain(String(balance));
        }
      }),
    );
  });

  it('finds card, ID and mobile numbers and e-mails in free text', () => {
    expect(maskFreeText('身份证 11010519491231002X，手机 13912345678')).toBe('身份证 110105********002X，手机 139****5678');
    expect(maskFreeText('ts 1732087925123 queue 12')).toBe('ts 1732087925123 queue 12');
  });
});
