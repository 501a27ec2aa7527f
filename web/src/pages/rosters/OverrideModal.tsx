import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { rostersApi, type Roster, type RosterOverride } from '../../api/oncall';
import { usePathFormSubmit } from '../../hooks/usePathFormSubmit';
import { usePeople } from '../../hooks/usePeople';

/** The replaces select's choice for an override that adds its person beside whoever is on (sent as null). */
const BESIDE = '';
const DEFAULT_HOURS = 12;

interface Values {
  userId: string;
  replacesUserId: string;
  startAt: Dayjs;
  endAt: Dayjs;
  reason?: string;
}

/**
 * A swap or a cover: who takes the duty, whom they replace (or "beside whoever is on"), from when to when, and why.
 * The server refuses overlaps for the same person and covering oneself; its words go under the fields.
 */
export function OverrideModal({ roster, onClose, onSaved }: { roster: Roster; onClose: () => void; onSaved: (override: RosterOverride) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { saving, run } = usePathFormSubmit(form);
  const people = usePeople(roster.people);
  const start = dayjs().startOf('hour').add(1, 'hour');

  const submit = async () => {
    const values = await form.validateFields();
    await run(async () => {
      const saved = await rostersApi.addOverride(roster.id, {
        userId: values.userId,
        replacesUserId: values.replacesUserId === BESIDE ? null : values.replacesUserId,
        startAt: values.startAt.toISOString(),
        endAt: values.endAt.toISOString(),
        reason: values.reason?.trim() || null,
      });
      void message.success(t('override.created'));
      onSaved(saved);
    });
  };

  const required = { required: true, message: t('validation.required') };
  return (
    <Modal
      open
      title={t('override.newTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'override-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ replacesUserId: BESIDE, startAt: start, endAt: start.add(DEFAULT_HOURS, 'hour') }}>
        <Form.Item name="userId" label={t('override.field.person')} rules={[required]}>
          <Select showSearch optionFilterProp="label" options={people.options} loading={people.loading} data-testid="override-person" />
        </Form.Item>
        <Form.Item name="replacesUserId" label={t('override.field.replaces')} extra={t('override.replacesHint')}>
          <Select showSearch optionFilterProp="label" options={[{ value: BESIDE, label: t('override.beside') }, ...people.options]} data-testid="override-replaces" />
        </Form.Item>
        <Form.Item name="startAt" label={t('override.field.start')} rules={[required]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="override-start" />
        </Form.Item>
        <Form.Item
          name="endAt"
          label={t('override.field.end')}
          dependencies={['startAt']}
          rules={[
            required,
            ({ getFieldValue }) => ({
              validator: async (_, end: Dayjs | undefined) => {
                const begin = getFieldValue('startAt') as Dayjs | undefined;
                if (end && begin && !end.isAfter(begin)) throw new Error(t('override.endAfterStart'));
              },
            }),
          ]}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="override-end" />
        </Form.Item>
        <Form.Item name="reason" label={t('override.field.reason')} rules={[{ max: 500, message: t('validation.maxLength', { max: 500 }) }]}>
          <Input.TextArea rows={2} data-testid="override-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
