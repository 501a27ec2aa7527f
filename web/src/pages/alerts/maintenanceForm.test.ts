import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '../../api/alerts';
import { formToRequest, windowToForm } from './maintenanceForm';

const recurring: MaintenanceWindow = {
  id: 'w1',
  name: '周日凌晨机房维护',
  siteId: null,
  deviceId: 'd1',
  site: { id: 's1', code: 'canteen-2', name: '第二食堂' },
  device: { id: 'd1', code: 'SW-01', name: '核心交换机' },
  startsAt: null,
  endsAt: null,
  cron: '0 2 * * 0',
  durationMinutes: 90,
  zone: 'Asia/Shanghai',
  comment: '',
  enabled: true,
  activeNow: false,
  nextStart: null,
  nextEnd: null,
  createdBy: 'u1',
  createdByName: null,
  createdAt: '2025-03-01T00:00:00.000Z',
  updatedAt: '2025-03-01T00:00:00.000Z',
};

describe('the maintenance window form', () => {
  it('opens a recurring device window as such and sends it back unchanged', () => {
    const values = windowToForm(recurring);
    expect(values).toMatchObject({ target: 'device', schedule: 'recurring', cron: '0 2 * * 0', durationMinutes: 90 });
    expect(formToRequest(values)).toEqual({
      name: recurring.name,
      siteId: null,
      deviceId: 'd1',
      startsAt: null,
      endsAt: null,
      cron: '0 2 * * 0',
      durationMinutes: 90,
      zone: 'Asia/Shanghai',
      comment: '',
      enabled: true,
    });
  });

  it('clears the other target and the other kind of schedule when switched, so an edit does not keep both', () => {
    const values = { ...windowToForm(recurring), target: 'site' as const, siteId: 's1', schedule: 'oneOff' as const, range: [dayjs('2025-03-02T01:00:00Z'), dayjs('2025-03-02T03:00:00Z')] as [dayjs.Dayjs, dayjs.Dayjs] };
    expect(formToRequest(values)).toMatchObject({
      siteId: 's1',
      deviceId: null,
      startsAt: '2025-03-02T01:00:00.000Z',
      endsAt: '2025-03-02T03:00:00.000Z',
      cron: null,
      durationMinutes: null,
    });
  });

  it('leaves out what a new window does not use, as creation takes no nulls', () => {
    const values = { ...windowToForm(null), name: 'x', siteId: 's1' };
    const body = formToRequest(values, true);
    expect(body).toMatchObject({ name: 'x', siteId: 's1', zone: 'Asia/Shanghai' });
    expect(Object.values(body)).not.toContain(null);
    expect(Object.keys(body).sort()).toEqual(['comment', 'enabled', 'endsAt', 'name', 'siteId', 'startsAt', 'zone']);
  });

  it('starts a new window as a two-hour one-off at the next full hour', () => {
    const values = windowToForm(null);
    expect(values.schedule).toBe('oneOff');
    expect(values.range![1].diff(values.range![0], 'minute')).toBe(120);
    expect(values.range![0].minute()).toBe(0);
  });
});
