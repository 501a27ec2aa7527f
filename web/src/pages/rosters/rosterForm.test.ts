import { describe, expect, it } from 'vitest';
import type { Roster } from '../../api/oncall';
import { formToRoster, rosterToForm } from './rosterForm';

const stored = {
  id: 'r1',
  name: '一卡通值班',
  description: null,
  zone: 'Asia/Shanghai',
  hotline: '0571-88888888',
  chinaHolidays: true,
  holidayHandover: '08:30',
  layers: [
    { id: 'l1', name: '白班', rotation: { kind: 'daily', handover: '08:30', startDate: '2026-10-01', participants: ['u1', 'u2'], activeRanges: { mon: [['08:00', '18:00']] } } },
    { id: 'l2', name: '夜班', rotation: { kind: 'custom', shiftHours: 12, handover: '20:00', startDate: '2026-10-01', participants: ['u3'] } },
  ],
  holidays: [{ date: '2026-10-01', leaderUserId: 'boss', userIds: null }],
  version: 3,
  warnings: [],
  duty: { now: { at: '', userIds: [], leaderUserId: null, source: 'none', layerId: null, holiday: null, shiftStart: null, shiftEnd: null }, next: null },
  people: {},
  createdAt: '',
  updatedAt: '',
} as unknown as Roster;

describe('roster form', () => {
  it('starts a new roster with one daily layer from today in Beijing time', () => {
    const values = rosterToForm(null, { layerName: '主班', today: '2026-12-01' });
    expect(values).toMatchObject({ zone: 'Asia/Shanghai', chinaHolidays: true, holidayHandover: '08:30', holidays: [] });
    expect(values.layers).toEqual([{ name: '主班', rotation: { kind: 'daily', handover: '08:30', startDate: '2026-12-01', participants: [] } }]);
  });

  it('gives back a stored roster unchanged: layer ids, order, active ranges, the holiday rows', () => {
    const body = formToRoster(rosterToForm(stored, { layerName: 'x', today: '2026-12-01' }));
    expect(body).toEqual({
      name: '一卡通值班',
      description: null,
      zone: 'Asia/Shanghai',
      hotline: '0571-88888888',
      chinaHolidays: true,
      holidayHandover: '08:30',
      layers: [
        { id: 'l1', name: '白班', rotation: { kind: 'daily', handover: '08:30', startDate: '2026-10-01', participants: ['u1', 'u2'], activeRanges: { mon: [['08:00', '18:00']] } } },
        { id: 'l2', name: '夜班', rotation: { kind: 'custom', shiftHours: 12, handover: '20:00', startDate: '2026-10-01', participants: ['u3'] } },
      ],
      holidays: [{ date: '2026-10-01', leaderUserId: 'boss', userIds: null }],
    });
  });

  it("edits a layer's active ranges as rows, and a layer without rows is always in force", () => {
    const values = rosterToForm(stored, { layerName: 'x', today: '2026-12-01' });
    expect(values.layers.map((l) => l.rotation.activeWeek)).toEqual([[{ days: ['mon'], from: '08:00', to: '18:00' }], []]);
    values.layers[0]!.rotation.activeWeek = [];
    values.layers[1]!.rotation.activeWeek = [{ days: ['fri'], from: '20:00', to: '08:00' }];
    const body = formToRoster(values);
    expect(body.layers[0]!.rotation).not.toHaveProperty('activeRanges');
    expect(body.layers[1]!.rotation.activeRanges).toEqual({ fri: [['20:00', '24:00']], sat: [['00:00', '08:00']] });
  });

  it('sends shift hours for custom rotations only, and empty texts and lists as null', () => {
    const values = rosterToForm(null, { layerName: '主班', today: '2026-12-01' });
    values.name = '  网络值班 ';
    values.hotline = ' ';
    values.layers[0]!.rotation.shiftHours = 12;
    values.holidays = [{ date: '2026-12-31', userIds: [] }, { date: '2027-01-01', leaderUserId: 'boss', userIds: ['u1'] }];
    const body = formToRoster(values);
    expect(body.name).toBe('网络值班');
    expect(body.hotline).toBeNull();
    expect(body.description).toBeNull();
    expect(body.layers[0]!.rotation).not.toHaveProperty('shiftHours');
    expect(body.holidays).toEqual([
      { date: '2026-12-31', leaderUserId: null, userIds: null },
      { date: '2027-01-01', leaderUserId: 'boss', userIds: ['u1'] },
    ]);
  });
});
