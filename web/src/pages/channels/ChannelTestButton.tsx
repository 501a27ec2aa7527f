import { SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channelsApi, type Channel, type ChannelTestResult } from '../../api/notify';
import { describeError } from '../../app/errors';

/**
 * "Send test": a message now, to yourself at your contact for the channel, and what the channel answered — whether it
 * took it, its words, and how long it took (the person setting up a robot wants the answer, not a retry later).
 */
export function ChannelTestButton({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [sending, setSending] = useState(false);

  const show = (result: ChannelTestResult) => {
    const open = result.ok ? modal.success : modal.error;
    open({
      title: t(result.ok ? 'channel.test.ok' : 'channel.test.failed', { name: channel.name }),
      okText: t('common.close'),
      content: (
        <div data-testid="channel-test-result" data-ok={String(result.ok)}>
          <Alert type={result.ok ? 'success' : 'error'} title={result.detail || t('common.none')} style={{ margin: '8px 0', wordBreak: 'break-word' }} />
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('channel.test.duration')}>{t('channel.test.ms', { count: result.durationMs })}</Descriptions.Item>
          </Descriptions>
        </div>
      ),
    });
  };

  const send = async () => {
    setSending(true);
    try {
      show(await channelsApi.test(channel.id));
    } catch (error) {
      void message.error(describeError(t, error));
    } finally {
      setSending(false);
    }
  };

  return (
    <Button type="link" icon={<SendOutlined />} loading={sending} onClick={() => void send()} data-testid={`channel-test-${channel.id}`}>
      {t('channel.test.send')}
    </Button>
  );
}
