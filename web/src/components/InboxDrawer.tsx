import { CheckOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Flex, List, Switch, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { notificationsApi, type InboxItem } from '../api/notify';
import { describeError } from '../app/errors';
import { browserPermission, readBrowserNotify, storeBrowserNotify } from '../app/notifyEvent';
import { liveBus } from '../app/liveBus';
import { useCursorList } from '../hooks/useCursorList';
import { useIsMobile } from '../hooks/useIsMobile';
import type { AlertLevel } from '../api/alerts';
import { LevelTag } from '../pages/alerts/AlertTags';
import { CursorFrame } from './CursorTable';
import { RelativeTime } from './RelativeTime';

const PAGE_SIZE = 20;

/** Where a notice leads: its own link (an incident, a survey, an alert), else its alert, else the alert list. */
const linkOf = (item: InboxItem) => item.path ?? (item.alertIds.length === 1 ? `/alerts/${encodeURIComponent(item.alertIds[0]!)}` : '/alerts');

/** The opt-in for the browser's own notifications of new level 1 and 2 alerts while the console is open. */
function BrowserNotifySwitch() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [on, setOn] = useState(() => readBrowserNotify() && browserPermission() === 'granted');
  const permission = browserPermission();

  const change = async (next: boolean) => {
    if (!next) {
      storeBrowserNotify(false);
      setOn(false);
      return;
    }
    if (permission === 'unsupported') return;
    const answer = permission === 'granted' ? 'granted' : await window.Notification.requestPermission();
    if (answer !== 'granted') {
      void message.warning(t('bell.browserDenied'));
      return;
    }
    storeBrowserNotify(true);
    setOn(true);
  };

  return (
    <Tooltip title={permission === 'unsupported' ? t('bell.browserUnsupported') : t('bell.browserHint')}>
      <Flex align="center" gap={6}>
        <Switch size="small" checked={on} disabled={permission === 'unsupported'} onChange={(next) => void change(next)} data-testid="bell-browser-notify" />
        <Typography.Text style={{ fontSize: 12 }}>{t('bell.browser')}</Typography.Text>
      </Flex>
    </Tooltip>
  );
}

/**
 * The bell's drawer: the signed-in person's in-console notifications, newest first, unread ones in bold, each with a
 * link to its alert (opening it marks it read), "mark read" one by one or all at once, and the browser opt-in.
 */
export function InboxDrawer({ open, onClose, onUnread }: { open: boolean; onClose: () => void; onUnread: (count: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [generation, setGeneration] = useState(0);
  const fetchPage = useCallback((cursor: string | undefined) => notificationsApi.inbox({ cursor, limit: PAGE_SIZE }), []);
  const list = useCursorList(fetchPage, `inbox#${generation}`, open);

  // A new notification while the drawer is open comes in at the top.
  useEffect(() => (open ? liveBus.onNotify(() => setGeneration((g) => g + 1)) : undefined), [open]);

  const markRead = async (body: { ids: string[] } | { all: true }) => {
    try {
      const { unread } = await notificationsApi.markRead(body);
      onUnread(unread);
      setGeneration((g) => g + 1);
    } catch (error) {
      void message.error(describeError(t, error));
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={isMobile ? '100%' : 440}
      title={t('bell.title')}
      extra={
        <Button size="small" icon={<CheckOutlined />} onClick={() => void markRead({ all: true })} data-testid="bell-read-all">
          {t('bell.readAll')}
        </Button>
      }
      styles={{ body: { paddingTop: 8 } }}
    >
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        <BrowserNotifySwitch />
      </Flex>
      <CursorFrame list={list} testId="bell-list" footer="whenMore" empty={<Typography.Paragraph type="secondary">{t('bell.empty')}</Typography.Paragraph>}>
        <List<InboxItem>
          dataSource={list.items}
          loading={list.loading && list.items.length === 0}
          renderItem={(item) => {
            const unread = item.readAt === null;
            return (
              <List.Item
                data-testid={`bell-item-${item.id}`}
                data-unread={String(unread)}
                actions={
                  unread
                    ? [
                        <Button key="read" size="small" type="link" onClick={() => void markRead({ ids: [item.id] })} data-testid={`bell-read-${item.id}`}>
                          {t('bell.markRead')}
                        </Button>,
                      ]
                    : []
                }
              >
                <Flex vertical gap={2} style={{ minWidth: 0 }}>
                  <Flex gap={6} align="center" wrap>
                    {item.level ? <LevelTag level={item.level as AlertLevel} /> : null}
                    {item.kind !== 'alert' ? <Tag style={{ marginInlineEnd: 0 }}>{t(`bell.kind.${item.kind}`)}</Tag> : null}
                    <Link
                      to={linkOf(item)}
                      onClick={() => {
                        if (unread) void markRead({ ids: [item.id] });
                        onClose();
                      }}
                      style={{ fontWeight: unread ? 600 : 400, wordBreak: 'break-word' }}
                      data-testid={`bell-link-${item.id}`}
                    >
                      {item.title}
                    </Link>
                  </Flex>
                  {item.lines.slice(0, 3).map((line, i) => (
                    <Typography.Text key={i} type="secondary" style={{ fontSize: 12, wordBreak: 'break-word' }}>
                      {line}
                    </Typography.Text>
                  ))}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <RelativeTime iso={item.createdAt} />
                  </Typography.Text>
                </Flex>
              </List.Item>
            );
          }}
        />
      </CursorFrame>
    </Drawer>
  );
}
