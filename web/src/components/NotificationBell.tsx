import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { notificationsApi, type NotifyConsoleEvent } from '../api/notify';
import { liveBus } from '../app/liveBus';
import { browserPermission, readBrowserNotify, wantsSystemNotification } from '../app/notifyEvent';
import { useLiveResync } from '../hooks/useLive';
import { InboxDrawer } from './InboxDrawer';

/**
 * The header's bell: how many of the signed-in person's in-console notifications are unread, counted up live as the
 * stream brings `notify.console` (and read again after a reconnect); opens the inbox drawer. With the browser opt-in,
 * a new level 1 or 2 alert also shows as a system notification while the console is open.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);

  const load = useCallback(() => {
    notificationsApi.unread().then(
      (answer) => setUnread(answer.unread),
      () => undefined, // the badge keeps its count; a lost session is handled by the client
    );
  }, []);
  useEffect(load, [load]);
  useLiveResync(load);

  const onNotify = useEffectEvent((event: NotifyConsoleEvent) => {
    setUnread((n) => n + 1);
    if (!wantsSystemNotification(event, readBrowserNotify(), browserPermission())) return;
    const shown = new window.Notification(event.title, { body: t('bell.systemBody'), tag: event.notificationId, lang: document.documentElement.lang });
    shown.onclick = () => {
      window.focus();
      navigate(event.alertIds.length === 1 ? `/alerts/${encodeURIComponent(event.alertIds[0]!)}` : '/alerts');
      shown.close();
    };
  });
  useEffect(() => liveBus.onNotify((event) => onNotify(event)), []);

  return (
    <>
      <Badge count={unread} size="small" offset={[-6, 6]} data-testid="bell-count" data-count={unread}>
        <Button type="text" icon={<BellOutlined />} onClick={() => setOpen(true)} aria-label={t('bell.open', { count: unread })} title={t('bell.open', { count: unread })} data-testid="bell" />
      </Badge>
      <InboxDrawer open={open} onClose={() => setOpen(false)} onUnread={setUnread} />
    </>
  );
}
