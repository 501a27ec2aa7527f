import { App, Button, Drawer, Flex, Form, Input, InputNumber, Select, Switch, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { channelsApi, type Channel, type ChannelKind } from '../../api/notify';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useLocale } from '../../hooks/useLocale';
import { usePathFormSubmit } from '../../hooks/usePathFormSubmit';
import { describeSettings, formToSettings, settingsToForm, type SettingsFormValues } from './settingsForm';
import { SettingsFields } from './SettingsFields';

interface Values {
  name: string;
  kind: string;
  enabled: boolean;
  ratePerMinute: number | null;
  settings: SettingsFormValues;
  clearSecrets?: Record<string, boolean>;
}

interface Props {
  kinds: readonly ChannelKind[];
  /** the channel to edit; absent: a new one */
  channel?: Channel;
  onClose: () => void;
  onSaved: (channel: Channel) => void;
}

/**
 * A channel's name, kind, switch and rate, and the settings form its kind's schema draws. A new channel picks its
 * kind first; a stored one keeps it (the settings of one kind mean nothing to another).
 */
export function ChannelDrawer({ kinds, channel, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const { saving, run } = usePathFormSubmit(form);
  const creatable = kinds.filter((k) => k.kind !== 'console');
  const chosen = (Form.useWatch('kind', form) as string | undefined) ?? channel?.kind ?? creatable[0]?.kind ?? '';
  const kind = kinds.find((k) => k.kind === chosen);
  const fields = useMemo(() => describeSettings(kind?.settingsSchema, kind?.secretFields ?? []), [kind]);

  const initialValues = useMemo<Values>(
    () => ({
      name: channel?.name ?? '',
      kind: chosen,
      enabled: channel?.enabled ?? true,
      ratePerMinute: channel?.ratePerMinute ?? null,
      settings: settingsToForm(fields, channel?.settings ?? null),
    }),
    // The first kind's form; a change of kind resets the settings below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [channel],
  );

  const changeKind = (next: string) => {
    const nextKind = kinds.find((k) => k.kind === next);
    form.setFieldValue('settings', settingsToForm(describeSettings(nextKind?.settingsSchema, nextKind?.secretFields ?? []), null));
  };

  const submit = async () => {
    const values = await form.validateFields();
    const clear = Object.entries(values.clearSecrets ?? {})
      .filter(([, on]) => on)
      .map(([key]) => key);
    const settings = formToSettings(fields, values.settings ?? {}, clear);
    await run(async () => {
      const saved = channel
        ? await channelsApi.update(channel.id, { name: values.name.trim(), settings, ratePerMinute: values.ratePerMinute ?? null, enabled: values.enabled })
        : await channelsApi.create({
            name: values.name.trim(),
            kind: values.kind,
            settings,
            enabled: values.enabled,
            ...(values.ratePerMinute != null && { ratePerMinute: values.ratePerMinute }),
          });
      void message.success(t(channel ? 'channel.saved' : 'channel.created'));
      onSaved(saved);
    });
  };

  const defaultRate = kind?.defaultRatePerMinute;
  return (
    <Drawer
      open
      size={isMobile ? '100%' : 640}
      title={channel ? t('channel.editTitle', { name: channel.name }) : t('channel.newTitle')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Flex gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit().catch(() => undefined)} data-testid="channel-submit">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="channel-form">
        <Form.Item name="name" label={t('channel.field.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.maxLength', { max: 100 }) }]}>
          <Input data-testid="channel-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('channel.field.kind')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select
            disabled={!!channel}
            onChange={changeKind}
            options={(channel ? kinds : creatable).map((k) => ({ value: k.kind, label: k.label[locale] }))}
            data-testid="channel-kind"
          />
        </Form.Item>
        <Flex gap={24} wrap>
          <Form.Item name="enabled" label={t('channel.field.enabled')} valuePropName="checked">
            <Switch data-testid="channel-enabled" />
          </Form.Item>
          <Form.Item
            name="ratePerMinute"
            label={t('channel.field.rate')}
            extra={defaultRate ? t('channel.rateDefault', { count: defaultRate }) : t('channel.rateUnlimited')}
          >
            <InputNumber min={1} max={10_000} precision={0} placeholder={defaultRate ? String(defaultRate) : undefined} style={{ width: 160 }} data-testid="channel-rate" />
          </Form.Item>
        </Flex>
        {fields.length > 0 ? (
          <>
            <Typography.Title level={5}>{t('channel.settingsTitle')}</Typography.Title>
            <SettingsFields kind={chosen} fields={fields} secretsSet={channel?.secretsSet ?? []} creating={!channel} />
          </>
        ) : (
          <Typography.Paragraph type="secondary">{t('channel.noSettings')}</Typography.Paragraph>
        )}
      </Form>
    </Drawer>
  );
}
