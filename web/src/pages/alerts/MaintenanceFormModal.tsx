import { App, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Switch } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateMaintenanceWindowRequest, MaintenanceWindow } from '../../api/alerts';
import { maintenanceWindowsApi } from '../../api/maintenanceWindows';
import type { Site } from '../../api/types';
import { timezoneOptions } from '../../app/timezones';
import { DevicePicker } from '../../components/DevicePicker';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { formToRequest, windowToForm, type MaintenanceFormValues } from './maintenanceForm';

/** A month: the longest each run of a recurring window may last (the server's limit). */
const MAX_DURATION_MINUTES = 31 * 24 * 60;

/** A maintenance window, new or edited: a site or a device; once (from – to) or by a cron in a zone for a duration. */
export function MaintenanceFormModal({
  window: editing,
  sites,
  onClose,
  onSaved,
}: {
  window: MaintenanceWindow | null;
  sites: Site[];
  onClose: () => void;
  onSaved: (w: MaintenanceWindow) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MaintenanceFormValues>();
  const { saving, run } = useFormSubmit(form);
  const zones = useMemo(() => timezoneOptions().map((z) => ({ value: z, label: z })), []);
  const target = Form.useWatch('target', form) ?? (editing?.deviceId ? 'device' : 'site');
  const schedule = Form.useWatch('schedule', form) ?? (editing?.cron ? 'recurring' : 'oneOff');

  const submit = async () => {
    await form.validateFields();
    const values = form.getFieldsValue(true) as MaintenanceFormValues;
    await run(async () => {
      const saved = editing
        ? await maintenanceWindowsApi.update(editing.id, formToRequest(values))
        : await maintenanceWindowsApi.create(formToRequest(values, true) as CreateMaintenanceWindowRequest);
      void message.success(t(editing ? 'maintenance.saved' : 'maintenance.created', { name: saved.name }));
      onSaved(saved);
    });
  };

  return (
    <Modal
      open
      width={640}
      title={editing ? t('maintenance.editTitle', { name: editing.name }) : t('maintenance.createTitle')}
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'maintenance-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={windowToForm(editing)}>
        <Form.Item name="name" label={t('maintenance.field.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.maxLength', { max: 100 }) }]}>
          <Input data-testid="maintenance-name" />
        </Form.Item>
        <Form.Item name="target" label={t('maintenance.field.target')}>
          <Radio.Group optionType="button" options={(['site', 'device'] as const).map((v) => ({ value: v, label: t(`maintenance.target.${v}`) }))} />
        </Form.Item>
        {target === 'site' ? (
          <Form.Item name="siteId" label={t('maintenance.target.site')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={sites.map((s) => ({ value: s.id, label: s.name }))} data-testid="maintenance-site" />
          </Form.Item>
        ) : (
          <Form.Item name="deviceId" label={t('maintenance.target.device')} rules={[{ required: true, message: t('validation.required') }]}>
            <DevicePicker placeholder={t('maintenance.devicePlaceholder')} testId="maintenance-device" />
          </Form.Item>
        )}
        <Form.Item name="schedule" label={t('maintenance.field.schedule')}>
          <Radio.Group optionType="button" options={(['oneOff', 'recurring'] as const).map((v) => ({ value: v, label: t(`maintenance.schedule.${v}`) }))} data-testid="maintenance-schedule" />
        </Form.Item>
        {schedule === 'oneOff' ? (
          <Form.Item name="range" label={t('maintenance.field.range')} rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker.RangePicker showTime style={{ width: '100%' }} />
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="cron"
              label={t('maintenance.field.cron')}
              extra={t('maintenance.cronHint')}
              rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.maxLength', { max: 100 }) }]}
            >
              <Input placeholder="0 2 * * 0" style={{ fontFamily: 'monospace' }} data-testid="maintenance-cron" />
            </Form.Item>
            <Form.Item name="durationMinutes" label={t('maintenance.field.duration')} rules={[{ required: true, message: t('validation.required') }]}>
              <InputNumber min={1} max={MAX_DURATION_MINUTES} precision={0} suffix={t('alertRule.minutes')} style={{ width: 200 }} />
            </Form.Item>
            {/* The zone the cron is read in; a one-off window's instants are absolute and need none. */}
            <Form.Item name="zone" label={t('maintenance.field.zone')} rules={[{ required: true, message: t('validation.required') }]}>
              <Select showSearch options={zones} />
            </Form.Item>
          </>
        )}
        <Form.Item name="comment" label={t('maintenance.field.comment')} rules={[{ max: 2000, message: t('validation.maxLength', { max: 2000 }) }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="enabled" label={t('maintenance.field.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
