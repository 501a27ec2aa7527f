import { describe, expect, it } from 'vitest';
import { createBody, prefillFromParams, requestLinkForAlert } from './requestForm';

describe('the request form', () => {
  it('is prefilled from the alert page’s link: the alert to link, its title, site, device and subsystem', () => {
    const link = requestLinkForAlert({ id: 'a1', title: '磁盘将满 & 告警', siteId: 's1', deviceId: 'd1', subsystem: 'core' });
    expect(link.startsWith('/incidents/new?')).toBe(true);
    const prefill = prefillFromParams(new URLSearchParams(link.split('?')[1]));
    expect(prefill).toEqual({ alertIds: ['a1'], values: { channel: 'form', siteId: 's1', deviceId: 'd1', subsystem: 'core', title: '磁盘将满 & 告警' } });
    expect(requestLinkForAlert({ id: 'a2', title: 'x', siteId: null, deviceId: null, subsystem: null })).toBe('/incidents/new?alertIds=a2&title=x');
  });

  it('takes the phone channel from the link, and nothing it does not know', () => {
    expect(prefillFromParams(new URLSearchParams('channel=phone')).values).toEqual({ channel: 'phone' });
    expect(prefillFromParams(new URLSearchParams('channel=fax&alertIds=a,a,,b')).values.channel).toBe('form');
    expect(prefillFromParams(new URLSearchParams('alertIds=a,a,,b')).alertIds).toEqual(['a', 'b']);
  });

  it('sends what was filled in, trimmed, without empty optional fields', () => {
    expect(createBody({ channel: 'phone', siteId: 's1', impact: 'high', urgency: 'low', title: ' 闸机不开 ', description: '', reporterName: ' 李老师 ', reporterPhone: '  ' }, ['a1'])).toEqual({
      title: '闸机不开',
      description: '',
      siteId: 's1',
      impact: 'high',
      urgency: 'low',
      channel: 'phone',
      reporterName: '李老师',
      alertIds: ['a1'],
    });
    expect(createBody({ channel: 'form', siteId: 's1', impact: 'low', urgency: 'low', title: 't', deviceId: 'd1', subsystem: 'water' }, [])).toEqual({
      title: 't',
      description: '',
      siteId: 's1',
      impact: 'low',
      urgency: 'low',
      channel: 'form',
      deviceId: 'd1',
      subsystem: 'water',
    });
  });
});
