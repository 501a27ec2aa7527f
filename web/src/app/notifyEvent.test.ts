import { describe, expect, it } from 'vitest';
import { parseNotifyEvent, wantsSystemNotification } from './notifyEvent';

const message = { type: 'notify.console', notificationId: 'n1', userId: 'u1', kind: 'alert', level: 1, title: '【一级】二食堂 · POS 静默', alertIds: ['a1', 7], at: 1_700_000_000_000 };

describe('notify.console messages', () => {
  it('are read with what the bell needs, odd members dropped', () => {
    expect(parseNotifyEvent(JSON.stringify(message))).toEqual({ ...message, alertIds: ['a1'] });
    expect(parseNotifyEvent(JSON.stringify({ ...message, level: 9 }))?.level).toBeNull();
  });

  it('that are not one are refused', () => {
    expect(parseNotifyEvent('not json')).toBeNull();
    expect(parseNotifyEvent('[1]')).toBeNull();
    expect(parseNotifyEvent(JSON.stringify({ ...message, kind: 'gossip' }))).toBeNull();
    expect(parseNotifyEvent(JSON.stringify({ ...message, at: 'soon' }))).toBeNull();
  });

  it('make a system notification only for new level 1 and 2 alerts, when switched on and allowed', () => {
    const event = parseNotifyEvent(JSON.stringify(message))!;
    expect(wantsSystemNotification(event, true, 'granted')).toBe(true);
    expect(wantsSystemNotification({ ...event, level: 2 }, true, 'granted')).toBe(true);
    expect(wantsSystemNotification({ ...event, level: 3 }, true, 'granted')).toBe(false);
    expect(wantsSystemNotification({ ...event, kind: 'resolved' }, true, 'granted')).toBe(false);
    expect(wantsSystemNotification(event, false, 'granted')).toBe(false);
    expect(wantsSystemNotification(event, true, 'denied')).toBe(false);
    expect(wantsSystemNotification(event, true, 'unsupported')).toBe(false);
  });
});
