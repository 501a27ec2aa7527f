import { describe, expect, it } from 'vitest';
import type { Matcher } from '../matchers.ts';
import { pinnedSiteCodes, selectsSomething, selectsTooMuch, silenceState, withinSites } from './silence-rules.ts';

const m = (name: string, op: Matcher['op'], value: string): Matcher => ({ name, op, value });

describe('silenceState', () => {
  it('is pending before the start, active from it, expired from the end', () => {
    expect(silenceState(100, 200, 99)).toBe('pending');
    expect(silenceState(100, 200, 100)).toBe('active');
    expect(silenceState(100, 200, 199)).toBe('active');
    expect(silenceState(100, 200, 200)).toBe('expired');
  });
});

describe('selectsSomething', () => {
  it('counts an equality with a value, and a pattern that leaves something out', () => {
    for (const narrow of [m('site', '=', 'canteen-1'), m('device', '=~', 'POS-.*'), m('site', '=~', 'canteen-[12]'), m('x', '=~', '[a-z]+'), m('level', '=~', '1|2')]) {
      expect(selectsSomething(narrow), `${narrow.name}${narrow.op}${narrow.value}`).toBe(true);
    }
  });

  it('does not count negatives, empty values or patterns that match everything', () => {
    for (const broad of [m('site', '=', ''), m('site', '!=', 'a'), m('site', '!~', 'a.*'), m('x', '=~', '.*'), m('x', '=~', '.+'), m('x', '=~', 'a|.*'), m('x', '=~', '(|a)')]) {
      expect(selectsSomething(broad), `${broad.name}${broad.op}${broad.value}`).toBe(false);
    }
  });

  it('lets one narrow matcher carry broad ones', () => {
    expect(selectsTooMuch([m('x', '=~', '.*'), m('site', '!=', 'a')])).toBe(true);
    expect(selectsTooMuch([m('x', '=~', '.*'), m('site', '=', 'a')])).toBe(false);
  });
});

describe('site scope', () => {
  it('takes only site = code as pinning a silence to a site', () => {
    const matchers = [m('site', '=', 'A'), m('site', '=~', 'B'), m('site', '!=', 'C'), m('device', '=', 'A')];
    expect(pinnedSiteCodes(matchers)).toEqual(['A']);
    expect(withinSites(matchers, new Set(['A']))).toBe(true);
    expect(withinSites(matchers, new Set(['B', 'C']))).toBe(false);
    expect(withinSites([m('device', '=', 'POS-1')], new Set(['A']))).toBe(false);
  });
});
