import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Flex, Form, Input, Select, Spin, Switch, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyProfileApi, type NotifyProfile } from '../../api/notify';
import { timezoneOptions } from '../../app/timezones';
import { useAsync } from '../../hooks/useAsync';
import { useMe } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { usePathFormSubmit } from '../../hooks/usePathFormSubmit';
import { ErrorAlert } from '../ErrorAlert';
import { HourMinutePicker } from '../TextPickers';
import { CONTACT_KINDS, formToProfile, MEDIA, PREFERENCE_LEVELS, profileToForm, type ProfileFormValues } from './profileForm';

const MAX_CONTACTS = 20;

/** Contact methods: stored ones masked (kept or removed), new ones typed with their kind. */
function ContactRows() {
  const { t } = useTranslation();
  const form = Form.useFormInstance<ProfileFormValues>();
  return (
    <Form.List name="contacts">
      {(rows, { add, remove }, { errors }) => (
        <Flex vertical gap={8} data-testid="profile-contacts">
          {rows.map((row, i) => {
            const stored = form.getFieldValue(['contacts', row.name]) as ProfileFormValues['contacts'][number] | undefined;
            return (
              <Flex key={row.key} gap={8} align="start" wrap data-testid={`profile-contact-${i}`}>
                <Form.Item name={[row.name, 'kind']} style={{ marginBottom: 0, width: 130 }} rules={[{ required: true, message: t('validation.required') }]}>
                  <Select disabled={!!stored?.id} options={CONTACT_KINDS.map((k) => ({ value: k, label: t(`profile.kind.${k}`) }))} data-testid={`profile-contact-${i}-kind`} />
                </Form.Item>
                {stored?.id ? (
                  <Flex gap={6} align="center" style={{ minHeight: 32, flex: 1, minWidth: 160 }} data-testid={`profile-contact-${i}-shown`}>
                    <Typography.Text>{stored.shown}</Typography.Text>
                    <Tag color={stored.verified ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
                      {t(stored.verified ? 'profile.verified' : 'profile.unverified')}
                    </Tag>
                  </Flex>
                ) : (
                  <Form.Item name={[row.name, 'value']} style={{ marginBottom: 0, flex: 1, minWidth: 160 }} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200, message: t('validation.maxLength', { max: 200 }) }]}>
                    <Input placeholder={t('profile.valuePlaceholder')} data-testid={`profile-contact-${i}-value`} />
                  </Form.Item>
                )}
                <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('common.delete')} data-testid={`profile-contact-${i}-remove`} />
              </Flex>
            );
          })}
          <Form.ErrorList errors={errors} />
          {rows.length < MAX_CONTACTS ? (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'phone', value: '' })} style={{ alignSelf: 'flex-start' }} data-testid="profile-contact-add">
              {t('profile.addContact')}
            </Button>
          ) : null}
        </Flex>
      )}
    </Form.List>
  );
}

/** Per level, which media may reach the person: e-mail, SMS, mentions in chat groups. */
function LevelSwitches() {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="level"
      dataSource={PREFERENCE_LEVELS.map((level) => ({ level }))}
      columns={[
        { title: t('profile.level'), key: 'level', render: (_: unknown, r) => t(`alert.level.${r.level}`) },
        ...MEDIA.map((medium) => ({
          title: t(`profile.medium.${medium}`),
          key: medium,
          render: (_: unknown, r: { level: string }) => (
            <Form.Item name={['preferences', 'levels', r.level, medium]} valuePropName="checked" style={{ marginBottom: 0 }}>
              <Switch size="small" data-testid={`profile-level-${r.level}-${medium}`} />
            </Form.Item>
          ),
        })),
      ]}
    />
  );
}

function ProfileForm({ profile, onSaved }: { profile: NotifyProfile; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<ProfileFormValues>();
  const { saving, run } = usePathFormSubmit(form);
  const initialValues = useMemo(() => profileToForm(profile), [profile]);
  const zones = useMemo(() => timezoneOptions().map((z) => ({ value: z, label: z })), []);
  const quietOn = Form.useWatch('quietOn', form) as boolean | undefined;

  const submit = async () => {
    await form.validateFields();
    const body = formToProfile(form.getFieldsValue(true) as ProfileFormValues, profile);
    await run(async () => {
      await notifyProfileApi.update(me.id, body);
      void message.success(t('profile.saved'));
      onSaved();
    });
  };

  return (
    <Form form={form} layout="vertical" initialValues={initialValues} data-testid="profile-form">
      <Typography.Title level={5}>{t('profile.contactsTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('profile.contactsHint')}</Typography.Paragraph>
      <ContactRows />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('profile.levelsTitle')}
      </Typography.Title>
      <LevelSwitches />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('profile.quietTitle')}
      </Typography.Title>
      <Form.Item name="quietOn" valuePropName="checked" extra={t('profile.quietHint')}>
        <Switch data-testid="profile-quiet" />
      </Form.Item>
      {quietOn ? (
        <Flex gap={12} wrap>
          <Form.Item name={['preferences', 'quietHours', 'from']} label={t('profile.quietFrom')} rules={[{ required: true, message: t('validation.required') }]}>
            <HourMinutePicker data-testid="profile-quiet-from" />
          </Form.Item>
          <Form.Item name={['preferences', 'quietHours', 'to']} label={t('profile.quietTo')} rules={[{ required: true, message: t('validation.required') }]}>
            <HourMinutePicker data-testid="profile-quiet-to" />
          </Form.Item>
          <Form.Item name={['preferences', 'quietHours', 'zone']} label={t('profile.quietZone')} rules={[{ required: true, message: t('validation.required') }]} style={{ minWidth: 200 }}>
            <Select showSearch options={zones} data-testid="profile-quiet-zone" />
          </Form.Item>
        </Flex>
      ) : null}
      <Flex justify="flex-end" gap={8} style={{ marginTop: 16 }}>
        <Button type="primary" loading={saving} onClick={() => void submit().catch(() => undefined)} data-testid="profile-submit">
          {t('common.save')}
        </Button>
      </Flex>
    </Form>
  );
}

/** "My notification settings", from the account menu: how paging reaches the signed-in person. */
export function NotifyProfileDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const isMobile = useIsMobile();
  const profile = useAsync(() => notifyProfileApi.get(me.id), `notify-profile:${me.id}`, open);
  return (
    <Drawer open={open} onClose={onClose} size={isMobile ? '100%' : 560} title={t('profile.title')} destroyOnHidden>
      <ErrorAlert error={profile.error} onRetry={profile.reload} />
      {profile.data && !profile.loading ? <ProfileForm key={JSON.stringify(profile.data)} profile={profile.data} onSaved={onClose} /> : profile.loading ? <Spin style={{ display: 'block', margin: '40px auto' }} /> : null}
    </Drawer>
  );
}
