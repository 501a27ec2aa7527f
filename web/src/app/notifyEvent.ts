/**
 * The bell's live side: reading a `notify.console` message off the stream, and the browser's own notification for the
 * new severe ones (level 1 and 2) while the console is open, for those who switched it on.
 */
import type { NotifyConsoleEvent } from '../api/notify';
import { jsonObject } from './liveJson';

const KINDS: readonly string[] = ['alert', 'resolved', 'digest', 'test'];

/** A `notify.console` message's data, or null when it is not one. */
export function parseNotifyEvent(data: string): NotifyConsoleEvent | null {
  const e = jsonObject(data);
  if (!e) return null;
  if (typeof e.notificationId !== 'string' || typeof e.userId !== 'string' || typeof e.title !== 'string' || typeof e.at !== 'number') return null;
  if (typeof e.kind !== 'string' || !KINDS.includes(e.kind)) return null;
  const level = e.level === 1 || e.level === 2 || e.level === 3 ? e.level : null;
  return {
    type: 'notify.console',
    notificationId: e.notificationId,
    userId: e.userId,
    kind: e.kind as NotifyConsoleEvent['kind'],
    level,
    title: e.title,
    alertIds: Array.isArray(e.alertIds) ? e.alertIds.filter((id): id is string => typeof id === 'string') : [],
    at: e.at,
  };
}

export const BROWSER_NOTIFY_STORAGE_KEY = 'opsdesk.browserNotify';

/** Whether this person asked for the browser's notifications (remembered in this browser). */
export function readBrowserNotify(): boolean {
  try {
    return window.localStorage.getItem(BROWSER_NOTIFY_STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

export function storeBrowserNotify(on: boolean): void {
  try {
    window.localStorage.setItem(BROWSER_NOTIFY_STORAGE_KEY, on ? '1' : '0');
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

/** The browser's Notification permission, or 'unsupported' (an old browser, an insecure origin). */
export function browserPermission(): NotificationPermission | 'unsupported' {
  return typeof window !== 'undefined' && 'Notification' in window ? window.Notification.permission : 'unsupported';
}

/** A system notification is for a new alert page of level 1 or 2, when asked for and allowed. */
export function wantsSystemNotification(event: NotifyConsoleEvent, on: boolean, permission: NotificationPermission | 'unsupported'): boolean {
  return on && permission === 'granted' && event.kind === 'alert' && (event.level === 1 || event.level === 2);
}
