import { describe, expect, it } from 'vitest';
import { canAcknowledge, MAX_MATCHERS, silenceMatchersFor, suppressionOf } from './alertValues';

describe('a silence made from an alert', () => {
  it('matches each of its labels exactly, the identifying ones first, leaving out the level (it is changed by hand)', () => {
    const matchers = silenceMatchersFor({ zone: 'north', level: '1', device: 'POS-1', alertname: 'pos-silent', site: 'canteen-2' });
    expect(matchers).toEqual([
      { name: 'alertname', op: '=', value: 'pos-silent' },
      { name: 'site', op: '=', value: 'canteen-2' },
      { name: 'device', op: '=', value: 'POS-1' },
      { name: 'zone', op: '=', value: 'north' },
    ]);
  });

  it('skips label names the server would refuse and stays within the server’s limit', () => {
    const labels: Record<string, string> = { 'bad name': 'x', '9lives': 'y' };
    for (let i = 0; i < 30; i++) labels[`l${String(i).padStart(2, '0')}`] = String(i);
    const matchers = silenceMatchersFor(labels);
    expect(matchers).toHaveLength(MAX_MATCHERS);
    expect(matchers.map((m) => m.name)).not.toContain('bad name');
    expect(matchers.map((m) => m.name)).not.toContain('9lives');
  });
});

describe('alert values', () => {
  it('read what suppresses an alert', () => {
    expect(suppressionOf(null)).toBeNull();
    expect(suppressionOf('silence:01J')).toEqual({ kind: 'silence', ref: '01J' });
    expect(suppressionOf('inhibited:01K')).toEqual({ kind: 'inhibited', ref: '01K' });
    expect(suppressionOf('maintenance:device')).toEqual({ kind: 'maintenance', ref: 'device' });
    expect(suppressionOf('something')).toEqual({ kind: 'other', ref: '' });
  });

  it('offer acknowledging only while an alert is pending or firing', () => {
    expect(canAcknowledge({ state: 'firing' })).toBe(true);
    expect(canAcknowledge({ state: 'pending' })).toBe(true);
    expect(canAcknowledge({ state: 'acknowledged' })).toBe(false);
    expect(canAcknowledge({ state: 'resolved' })).toBe(false);
  });
});
