import { describe, expect, it } from 'vitest';
import { classify, fieldsOf, shortId, userIdsOf } from './auditValues';

describe('audit values', () => {
  it('show epoch milliseconds and ISO instants in time-named fields as times in Asia/Shanghai', () => {
    expect(classify('sessionExpiresAt', Date.UTC(2026, 10, 29, 2, 3, 4))).toEqual({ kind: 'time', text: '2026-11-29 10:03:04' });
    expect(classify('ts', 1_764_381_784_000)).toEqual({ kind: 'time', text: '2025-11-29 10:03:04' });
    expect(classify('createdAt', '2026-11-29T02:03:04.000Z')).toEqual({ kind: 'time', text: '2026-11-29 10:03:04' });
    // A duration is not an instant, and a number elsewhere stays a number.
    expect(classify('durationMs', 1500)).toEqual({ kind: 'text', text: '1500' });
    expect(classify('replaced', 1_764_381_784_000)).toEqual({ kind: 'text', text: '1764381784000' });
  });

  it('know roles, sites, users and ids', () => {
    expect(classify('roleIds', ['admin', 'night-shift'])).toEqual({ kind: 'roles', ids: ['admin', 'night-shift'] });
    expect(classify('siteIds', ['01JDS0000000000000000000AB'])).toEqual({ kind: 'sites', ids: ['01JDS0000000000000000000AB'] });
    expect(classify('siteIds', null)).toEqual({ kind: 'empty' });
    expect(classify('userId', '01JDU0000000000000000000CD')).toEqual({ kind: 'user', id: '01JDU0000000000000000000CD' });
    expect(classify('id', '01JDT0000000000000000000EF')).toEqual({ kind: 'id', id: '01JDT0000000000000000000EF' });
    expect(classify('name', 'night shift')).toEqual({ kind: 'text', text: 'night shift' });
    expect(classify('permissions', ['sites:read', 'estate:read'])).toEqual({ kind: 'text', text: 'sites:read, estate:read' });
    expect(classify('labels', { rack: 'A1' })).toEqual({ kind: 'text', text: '{"rack":"A1"}' });
  });

  it('shorten ids keeping their start and random end', () => {
    expect(shortId('01JDT0000000000000000XYZ12')).toBe('01JD…0XYZ12');
    expect(shortId('admin')).toBe('admin');
  });

  it('list fields and the users a record names', () => {
    expect(fieldsOf([1, 2])).toBeNull();
    expect(fieldsOf({ a: 1 })).toEqual([['a', 1]]);
    expect(userIdsOf({ userId: 'U1', name: 'x' }, null, { userId: 'U1', actorId: 'U2' })).toEqual(['U1', 'U2']);
  });
});
