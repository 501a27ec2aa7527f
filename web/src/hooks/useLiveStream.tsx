import { App } from 'antd';
import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, request } from '../api/client';
import type { DeviceHealthEvent } from '../api/types';
import { liveBus } from '../app/liveBus';
import { connectLiveStream, type SessionProbe } from '../app/liveStream';
import { useAuth } from './useAuth';
import { useCan } from './usePermission';

/** Asks for the session the way any page would, so a 401 also drops the console's session and shows the login page. */
async function probeSession(): Promise<SessionProbe> {
  try {
    await request('/auth/session');
    return 'ok';
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return 'gone';
    return 'unreachable';
  }
}

/** Offline toasts are gathered for this long, so a site outage gives one toast rather than fifty. */
const OFFLINE_TOAST_WINDOW_MS = 1_500;
const OFFLINE_TOAST_NAMES = 5;

/**
 * Opens the console's one live stream while someone is signed in (mounted once, by the shell) and closes it on
 * logout. Pages listen through useLiveHealth / useLiveResync; the shell shows the ingest rate.
 */
export function useLiveStream(): void {
  const { status } = useAuth();
  const can = useCan();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const watchesEstate = can('estate:read');

  const toastOffline = useEffectEvent((codes: string[]) => {
    const shown = codes.slice(0, OFFLINE_TOAST_NAMES).join(t('common.listSeparator'));
    const text =
      codes.length === 1
        ? t('live.deviceOffline', { code: codes[0] })
        : t('live.devicesOffline', { count: codes.length, codes: shown });
    void message.warning({ content: <span data-testid="offline-toast">{text}</span>, key: 'device-offline' });
  });

  useEffect(() => {
    if (status !== 'authenticated') return;
    const handle = connectLiveStream({ bus: liveBus, probeSession });
    return () => handle.close();
  }, [status]);

  useEffect(() => {
    if (status !== 'authenticated' || !watchesEstate) return;
    let pending: string[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = liveBus.onHealth((event: DeviceHealthEvent) => {
      if (event.health !== 'offline') return;
      pending.push(event.code);
      timer ??= setTimeout(() => {
        toastOffline(pending);
        pending = [];
        timer = null;
      }, OFFLINE_TOAST_WINDOW_MS);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [status, watchesEstate]);
}
