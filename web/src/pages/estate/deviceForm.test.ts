import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { rowsToLabels, toCreateRequest, toFormValues, toUpdateRequest } from './deviceForm';

describe('device form', () => {
  const values = {
    code: ' POS-C1-017 ',
    name: ' 一号窗口 ',
    type: 'pos' as const,
    subsystem: 'consumption' as const,
    siteId: 's1',
    model: '',
    serial: ' SN1 ',
    ip: '10.0.0.7',
    firmware: undefined,
    installDate: dayjs('2024-03-05'),
    warrantyEnd: null,
    upstreamId: undefined,
    labels: [
      { key: 'floor', value: '2F' },
      { key: ' ', value: 'ignored' },
    ],
  };

  it('sends trimmed text, null for empty fields, dates as YYYY-MM-DD and labels as an object', () => {
    expect(toCreateRequest(values)).toEqual({
      code: 'POS-C1-017',
      name: '一号窗口',
      type: 'pos',
      subsystem: 'consumption',
      siteId: 's1',
      model: null,
      serial: 'SN1',
      ip: '10.0.0.7',
      firmware: null,
      installDate: '2024-03-05',
      warrantyEnd: null,
      upstreamId: null,
      labels: { floor: '2F' },
    });
    expect(toUpdateRequest(values)).not.toHaveProperty('code');
  });

  it('fills the form from a device', () => {
    const form = toFormValues({
      id: 'd1',
      code: 'POS-1',
      name: 'n',
      type: 'pos',
      subsystem: 'consumption',
      siteId: 's1',
      siteCode: 'c1',
      model: null,
      serial: null,
      ip: null,
      firmware: null,
      installDate: '2024-03-05',
      warrantyEnd: null,
      upstreamId: 'sw',
      labels: { a: 'b' },
      maintenance: false,
      health: 'online',
      healthSince: '2026-11-20T00:00:00Z',
      healthReason: null,
      lastSeenAt: null,
      createdAt: '2026-11-20T00:00:00Z',
      updatedAt: '2026-11-20T00:00:00Z',
    });
    expect(form.installDate?.format('YYYY-MM-DD')).toBe('2024-03-05');
    expect(form.labels).toEqual([{ key: 'a', value: 'b' }]);
    expect(rowsToLabels(form.labels)).toEqual({ a: 'b' });
  });
});
