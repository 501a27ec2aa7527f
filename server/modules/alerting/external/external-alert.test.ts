import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boundAnnotations,
  boundedTime,
  boundLabels,
  deviceCandidates,
  externalFingerprint,
  isResolved,
  levelOf,
  MAX_ANNOTATIONS_BYTES,
  MAX_LABELS,
  safeUrl,
  stripPort,
  truncateUtf8,
} from './external-alert.ts';

describe('an external alert’s level', () => {
  it('takes a level label of 1–3 first, then the severity', () => {
    const cases: [Record<string, string>, number][] = [
      [{ level: '1' }, 1], [{ level: '2', severity: 'critical' }, 2], [{ level: 'level3' }, 3], [{ level: 'L1' }, 1], [{ level: '二级' }, 2],
      [{ level: 'urgent', severity: 'critical' }, 1], // a level that is not 1–3 gives way to the severity
      [{ severity: 'critical' }, 1], [{ severity: 'page' }, 1], [{ severity: 'P1' }, 1], [{ severity: 'level1' }, 1], [{ severity: '一级' }, 1],
      [{ severity: 'warning' }, 2], [{ severity: 'major' }, 2], [{ severity: 'high' }, 2], [{ severity: 'error' }, 2], [{ severity: 'p2' }, 2], [{ severity: 'Warning' }, 2],
      [{ severity: 'info' }, 3], [{ severity: 'none' }, 3], [{ severity: '' }, 3], [{}, 3], [{ priority: 'p1' }, 1],
    ];
    for (const [labels, level] of cases) expect(levelOf(labels), JSON.stringify(labels)).toBe(level);
  });
});

describe('identity and state', () => {
  it('is the sender’s fingerprint per source, else the sorted labels', () => {
    const a = externalFingerprint('alertmanager', { fingerprint: 'af208cd6f2b1f06e', labels: { x: '1' } });
    expect(externalFingerprint('alertmanager', { fingerprint: 'af208cd6f2b1f06e', labels: { y: '2' } })).toBe(a);
    expect(externalFingerprint('grafana', { fingerprint: 'af208cd6f2b1f06e', labels: { x: '1' } })).not.toBe(a);
    const byLabels = externalFingerprint('alertmanager', { fingerprint: null, labels: { b: '2', a: '1' } });
    expect(externalFingerprint('alertmanager', { fingerprint: null, labels: { a: '1', b: '2' } })).toBe(byLabels);
    expect(externalFingerprint('alertmanager', { fingerprint: null, labels: { a: '1', b: '3' } })).not.toBe(byLabels);
  });

  it('believes the sender’s status; without one, an end in the past resolves', () => {
    const now = 1_000_000;
    expect(isResolved({ status: 'resolved', endsAt: null }, now)).toBe(true);
    expect(isResolved({ status: 'firing', endsAt: now - 1 }, now)).toBe(false);
    expect(isResolved({ status: null, endsAt: now - 1 }, now)).toBe(true);
    expect(isResolved({ status: null, endsAt: now + 1 }, now)).toBe(false);
    expect(isResolved({ status: null, endsAt: null }, now)).toBe(false);
  });

  it('holds times between the earliest allowed and now', () => {
    expect(boundedTime(50, 100, 10)).toBe(50);
    expect(boundedTime(500, 100, 10)).toBe(100);
    expect(boundedTime(1, 100, 10)).toBe(10);
    expect(boundedTime(null, 100, 10)).toBe(100);
  });
});

describe('bounds', () => {
  it('keeps at most 50 labels, the telling ones first, values cut at 1 KB', () => {
    const many: Record<string, string> = { alertname: 'X', site: 'north', instance: 'db-1:9100' };
    for (let i = 0; i < 80; i++) many[`a${String(i).padStart(2, '0')}`] = 'v';
    many.long = 'é'.repeat(2000);
    const out = boundLabels(many);
    expect(Object.keys(out)).toHaveLength(MAX_LABELS);
    expect(out).toMatchObject({ alertname: 'X', site: 'north', instance: 'db-1:9100' });
    expect(Object.keys(out)).toEqual([...Object.keys(out)].sort());
    expect(boundLabels({ long: 'é'.repeat(2000) }).long).toMatch(/…$/);
    expect(Buffer.byteLength(boundLabels({ long: 'é'.repeat(2000) }).long!)).toBeLessThanOrEqual(1024);
    expect(boundLabels({ ['n'.repeat(101)]: 'x', ok: 'y' })).toEqual({ ok: 'y' });
  });

  it('keeps annotations within 16 KB in all, summary first', () => {
    const out = boundAnnotations({ zz: 'z'.repeat(20_000), summary: 'short', description: 'd'.repeat(10_000) });
    expect(out.summary).toBe('short');
    expect(out.description).toHaveLength(10_000);
    const bytes = Object.entries(out).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
    expect(bytes).toBeLessThanOrEqual(MAX_ANNOTATIONS_BYTES);
    expect(out.zz).toMatch(/…$/);
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 5000 }), { maxKeys: 20 }), (annotations) => {
        const bounded = boundAnnotations(annotations);
        const size = Object.entries(bounded).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
        expect(size).toBeLessThanOrEqual(MAX_ANNOTATIONS_BYTES);
      }),
    );
  });

  it('cuts UTF-8 on a character boundary', () => {
    expect(truncateUtf8('一二三四', 9)).toBe('一二三四'.slice(0, 2) + '…');
    expect(truncateUtf8('abc', 3)).toBe('abc');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 3, max: 300 }), (text, max) => {
        const cut = truncateUtf8(text, max);
        expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(Math.max(max, 3));
        expect(cut).not.toContain('\uFFFD');
      }),
    );
  });

  it('keeps only http(s) links', () => {
    expect(safeUrl('http://rules.local/r/1')).toBe('http://rules.local/r/1');
    expect(safeUrl('https://grafana.local/alerting/1/view')).toBe('https://grafana.local/alerting/1/view');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html,<script>')).toBeNull();
    expect(safeUrl('')).toBeNull();
    expect(safeUrl('not a url')).toBeNull();
    expect(safeUrl(`https://x/${'a'.repeat(3000)}`)).toBeNull();
  });
});

describe('the device an alert names', () => {
  it('strips ports and schemes from instance', () => {
    expect(stripPort('10.0.0.5:9100')).toBe('10.0.0.5');
    expect(stripPort('kiosk-7.campus:9182')).toBe('kiosk-7.campus');
    expect(stripPort('[::1]:9100')).toBe('::1');
    expect(stripPort('fe80::1')).toBe('fe80::1');
    expect(stripPort('http://kiosk-7:8080/health')).toBe('kiosk-7');
    expect(stripPort('db-1')).toBe('db-1');
  });

  it('looks at device, device_id, instance, host, hostname, nodename in that order, never job', () => {
    expect(deviceCandidates({ instance: '10.0.0.5:9100', device: 'POS-1', job: 'node', host: 'h' })).toEqual(['POS-1', '10.0.0.5', 'h']);
    expect(deviceCandidates({ device_id: 'POS-0042', alertname: 'X' })).toEqual(['POS-0042']);
    expect(deviceCandidates({ job: 'node', service: 'api' })).toEqual([]);
    expect(deviceCandidates({ device: ' ', instance: 'a:1', host: 'a' })).toEqual(['a']);
  });
});
