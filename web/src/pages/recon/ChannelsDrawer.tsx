import { App, Button, Card, Checkbox, Descriptions, Drawer, Flex, Form, Input, InputNumber, Select, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { timezoneOptions } from '../../app/timezones';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { useCan } from '../../hooks/usePermission';
import { channelPatch, channelValues, HHMM, type ChannelValues } from './channelForm';
import { reconApi, type Channel, type TimeDirection } from './reconApi';
import { RECON_PERMISSION } from './reconPermissions';
import { CHANNEL_SOURCES } from './reconValues';
import { useChannels } from './useChannels';

const DIRECTIONS: readonly TimeDirection[] = ['either', 'right-after-left', 'right-before-left'];
const ZONES = timezoneOptions().map((z) => ({ value: z, label: z }));

/** The channels' settings: cut-offs and zones, carry window, tolerances, schedule and alert thresholds; editable with recon:write. */
export function ChannelsDrawer({ onClose, onChanged }: { onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const channels = useChannels();
  const [editing, setEditing] = useState<string | null>(null);
  const canEdit = can(RECON_PERMISSION.write);
  const none = t('common.none');

  return (
    <Drawer open width={720} title={t('recon.channel.title')} onClose={onClose} destroyOnHidden data-testid="recon-channels">
      <ErrorAlert error={channels.error} onRetry={channels.reload} />
      {channels.loading && !channels.data ? <Spin /> : null}
      <Flex vertical gap={12}>
        {channels.items.map((c) =>
          editing === c.id ? (
            <ChannelForm
              key={c.id}
              channel={c}
              onCancel={() => setEditing(null)}
              onStale={() => {
                setEditing(null);
                channels.reload();
              }}
              onSaved={() => {
                setEditing(null);
                channels.reload();
                onChanged();
              }}
            />
          ) : (
            <Card
              key={c.id}
              size="small"
              data-testid={`recon-channel-${c.id}`}
              title={
                <Space>
                  {c.name}
                  <Typography.Text type="secondary" code>
                    {c.id}
                  </Typography.Text>
                  {c.enabled ? null : <Tag>{t('recon.channel.disabled')}</Tag>}
                </Space>
              }
              extra={
                canEdit ? (
                  <Button size="small" onClick={() => setEditing(c.id)} data-testid={`recon-channel-edit-${c.id}`}>
                    {t('common.edit')}
                  </Button>
                ) : null
              }
            >
              <Descriptions size="small" column={2}>
                <Descriptions.Item label={t('recon.channel.leftSources')}>{c.leftSources.map((s) => t(`recon.source.${s}`)).join(t('common.listSeparator'))}</Descriptions.Item>
                <Descriptions.Item label={t('recon.channel.rightSources')}>{c.rightSources.map((s) => t(`recon.source.${s}`)).join(t('common.listSeparator'))}</Descriptions.Item>
                <Descriptions.Item label={t('recon.channel.leftCutoff')}>{`${c.leftCutoff.time} ${c.leftCutoff.timeZone}`}</Descriptions.Item>
                <Descriptions.Item label={t('recon.channel.rightCutoff')}>{`${c.rightCutoff.time} ${c.rightCutoff.timeZone}`}</Descriptions.Item>
                <Descriptions.Item label={t('recon.channel.carryWindow')}>{t('recon.channel.minutes', { count: c.carryWindowMinutes })}</Descriptions.Item>
                <Descriptions.Item label={t('recon.channel.schedule')}>{c.scheduleTime ? `${c.scheduleTime} ${c.scheduleZone}` : none}</Descriptions.Item>
                <Descriptions.Item label={t('recon.channel.tolerance')}>
                  {t('recon.channel.toleranceText', { fen: c.amountAbsFen, pct: (c.amountPctBp / 100).toFixed(2), seconds: c.timeWindowSeconds, direction: t(`recon.channel.direction.${c.timeDirection}`) })}
                </Descriptions.Item>
                <Descriptions.Item label={t('recon.channel.autoConfirm')}>{`${c.autoConfirmPct}%`}</Descriptions.Item>
                <Descriptions.Item label={t('recon.channel.billDue')}>{c.billDueTime ?? none}</Descriptions.Item>
                <Descriptions.Item label={t('recon.channel.openThreshold')}>{c.openAlertThreshold}</Descriptions.Item>
              </Descriptions>
            </Card>
          ),
        )}
      </Flex>
    </Drawer>
  );
}

function ChannelForm({ channel, onCancel, onSaved, onStale }: { channel: Channel; onCancel: () => void; onSaved: () => void; onStale: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChannelValues>();
  const { saving, run } = useFormSubmit(form);
  const sources = CHANNEL_SOURCES.map((s) => ({ value: s, label: t(`recon.source.${s}`) }));
  const time = (required: boolean) => [
    { required, message: t('recon.channel.timeRequired') },
    { pattern: HHMM, message: t('recon.channel.timeFormat') },
  ];

  const save = async () => {
    const values = await form.validateFields();
    await run(async () => {
      const patch = channelPatch(channel, values);
      try {
        if (Object.keys(patch).length > 1) await reconApi.updateChannel(channel.id, patch);
      } catch (error) {
        // Someone saved this channel meanwhile: show theirs (the message says so) instead of the stale form.
        if (error instanceof ApiError && error.code === 'CHANNEL_CHANGED') onStale();
        throw error;
      }
      void message.success(t('recon.channel.saved', { name: values.name }));
      onSaved();
    });
  };

  return (
    <Card size="small" title={channel.name} data-testid={`recon-channel-form-${channel.id}`}>
      <Form form={form} layout="vertical" initialValues={channelValues(channel)}>
        <Form.Item name="name" label={t('recon.channel.name')} rules={[{ required: true, whitespace: true, message: t('recon.channel.nameRequired') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="leftSources" label={t('recon.channel.leftSources')} rules={[{ required: true, message: t('recon.channel.sourcesRequired') }]} style={{ flex: 1, minWidth: 240 }}>
            <Select mode="multiple" options={sources} />
          </Form.Item>
          <Form.Item name="rightSources" label={t('recon.channel.rightSources')} rules={[{ required: true, message: t('recon.channel.sourcesRequired') }]} style={{ flex: 1, minWidth: 240 }}>
            <Select mode="multiple" options={sources} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="leftCutoffTime" label={t('recon.channel.leftCutoff')} rules={time(true)}>
            <Input placeholder="23:00" style={{ width: 90 }} data-testid="recon-channel-left-cutoff" />
          </Form.Item>
          <Form.Item name="leftCutoffZone" label={t('recon.channel.zone')}>
            <Select showSearch options={ZONES} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="rightCutoffTime" label={t('recon.channel.rightCutoff')} rules={time(true)}>
            <Input placeholder="00:00" style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="rightCutoffZone" label={t('recon.channel.zone')}>
            <Select showSearch options={ZONES} style={{ width: 200 }} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="carryWindowMinutes" label={t('recon.channel.carryWindow')}>
            <InputNumber min={0} max={1440} precision={0} suffix={t('recon.channel.minuteUnit')} />
          </Form.Item>
          <Form.Item name="amountAbsFen" label={t('recon.channel.amountAbs')} extra={t('recon.channel.amountAbsHint')}>
            <InputNumber min={0} max={100_000_000} precision={0} suffix={t('recon.channel.fenUnit')} />
          </Form.Item>
          <Form.Item name="amountPctBp" label={t('recon.channel.amountPct')} extra={t('recon.channel.amountPctHint')}>
            <InputNumber min={0} max={10_000} precision={0} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="timeWindowSeconds" label={t('recon.channel.timeWindow')}>
            <InputNumber min={0} max={7 * 86_400} precision={0} suffix={t('recon.channel.secondUnit')} />
          </Form.Item>
          <Form.Item name="timeDirection" label={t('recon.channel.timeDirection')}>
            <Select options={DIRECTIONS.map((d) => ({ value: d, label: t(`recon.channel.direction.${d}`) }))} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="autoConfirmPct" label={t('recon.channel.autoConfirm')}>
            <InputNumber min={0} max={100} precision={0} suffix="%" />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="scheduleTime" label={t('recon.channel.schedule')} rules={time(false)} extra={t('recon.channel.emptyNone')}>
            <Input placeholder="02:00" style={{ width: 90 }} data-testid="recon-channel-schedule" />
          </Form.Item>
          <Form.Item name="scheduleZone" label={t('recon.channel.zone')}>
            <Select showSearch options={ZONES} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="billDueTime" label={t('recon.channel.billDue')} rules={time(false)} extra={t('recon.channel.emptyNone')}>
            <Input placeholder="10:00" style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="openAlertThreshold" label={t('recon.channel.openThreshold')}>
            <InputNumber min={0} max={100_000_000} precision={0} />
          </Form.Item>
        </Flex>
        <Form.Item name="enabled" valuePropName="checked">
          <Checkbox>{t('recon.channel.enabled')}</Checkbox>
        </Form.Item>
        <Flex gap={8} justify="end">
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void save().catch(() => undefined)} data-testid={`recon-channel-save-${channel.id}`}>
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
