import { App, Alert, Button, Card, Checkbox, Flex, Form, InputNumber, Select, Spin, Switch, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { alertRulesApi } from '../../api/alertRules';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsync } from '../../hooks/useAsync';
import { useCan } from '../../hooks/usePermission';
import { usePathFormSubmit } from '../../hooks/usePathFormSubmit';
import { GradingGrid, useCellLabel } from './GradingGrid';
import { incidentSettingsApi, WAITING_REASONS, type IncidentSettings } from './settingsApi';
import { formToSettings, rewordGradingProblems, settingsToForm, type SettingsFormValues } from './settingsForm';

const DAYS = { min: 0, max: 90 };
const COMMUNICATION_MINUTES = { min: 5, max: 24 * 60 };

/**
 * The incidents module's settings document: the grading matrix, the workflow policy (auto-close, reopen window, which
 * waits pause the SLA clocks, the major-incident steps) and which alerts open incidents. Saved whole at the version read.
 */
export function GeneralSettings() {
  const { t } = useTranslation();
  const can = useCan();
  const canEdit = can('incidents:assign');
  const settings = useAsync(() => incidentSettingsApi.get(), 'incident-settings');
  return (
    <>
      <ErrorAlert error={settings.error} onRetry={settings.reload} />
      {settings.data ? (
        <SettingsForm key={settings.data.version} settings={settings.data} canEdit={canEdit} onSaved={(saved) => settings.setData(() => saved)} />
      ) : settings.loading ? (
        <Spin />
      ) : null}
      {!canEdit && settings.data ? <Typography.Paragraph type="secondary">{t('incidentSettings.readOnly')}</Typography.Paragraph> : null}
    </>
  );
}

function SettingsForm({ settings, canEdit, onSaved }: { settings: IncidentSettings; canEdit: boolean; onSaved: (saved: IncidentSettings) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const label = useCellLabel();
  const [form] = Form.useForm<SettingsFormValues>();
  const { saving, run } = usePathFormSubmit(form);
  const initialValues = useMemo(() => settingsToForm(settings), [settings]);
  const rules = useAsync(async () => (await alertRulesApi.list(undefined, 200)).items, 'intake-rules', can('alerts:read'));
  const ruleOptions = (rules.data ?? []).map((r) => ({ value: r.id, label: r.name }));

  const submit = async () => {
    await form.validateFields();
    const body = formToSettings(form.getFieldsValue(true) as SettingsFormValues, settings.version);
    await run(async () => {
      try {
        const saved = await incidentSettingsApi.update(body);
        void message.success(t('incidentSettings.saved'));
        onSaved(saved);
      } catch (error) {
        throw rewordGradingProblems(error, label);
      }
    });
  };

  return (
    <Form form={form} layout="vertical" initialValues={initialValues} disabled={!canEdit} data-testid="incident-settings-form">
      <Card size="small" title={t('incidentSettings.gradingTitle')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('incidentSettings.gradingHint')}</Typography.Paragraph>
        <GradingGrid disabled={!canEdit} />
      </Card>
      <Card size="small" title={t('incidentSettings.workflowTitle')} style={{ marginBottom: 16 }}>
        <Flex gap={24} wrap>
          <Form.Item name={['workflow', 'autoCloseAfterDays']} label={t('incidentSettings.field.autoCloseAfterDays')} extra={t('incidentSettings.autoCloseHint')} rules={[{ required: true, message: t('validation.required') }]}>
            <InputNumber min={DAYS.min} max={DAYS.max} precision={0} style={{ width: 140 }} data-testid="settings-auto-close" />
          </Form.Item>
          <Form.Item name={['workflow', 'reopenWindowDays']} label={t('incidentSettings.field.reopenWindowDays')} rules={[{ required: true, message: t('validation.required') }]}>
            <InputNumber min={DAYS.min} max={DAYS.max} precision={0} style={{ width: 140 }} data-testid="settings-reopen-window" />
          </Form.Item>
        </Flex>
        <Form.Item name={['workflow', 'pausingWaitReasons']} label={t('incidentSettings.field.pausingWaitReasons')} extra={t('incidentSettings.pausingHint')}>
          <Checkbox.Group options={WAITING_REASONS.map((r) => ({ value: r, label: t(`incident.waitingReason.${r}`) }))} data-testid="settings-pausing" />
        </Form.Item>
        <Typography.Title level={5}>{t('incidentSettings.majorTitle')}</Typography.Title>
        <Flex gap={24} wrap>
          <Form.Item name={['workflow', 'major', 'communicationEveryMinutes']} label={t('incidentSettings.field.communicationEveryMinutes')} rules={[{ required: true, message: t('validation.required') }]}>
            <InputNumber min={COMMUNICATION_MINUTES.min} max={COMMUNICATION_MINUTES.max} precision={0} style={{ width: 160 }} data-testid="settings-communication" />
          </Form.Item>
          <Form.Item name={['workflow', 'major', 'reviewRequired']} label={t('incidentSettings.field.reviewRequired')} valuePropName="checked">
            <Switch data-testid="settings-review-required" />
          </Form.Item>
        </Flex>
      </Card>
      <Card size="small" title={t('incidentSettings.intakeTitle')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('incidentSettings.intakeHint')}</Typography.Paragraph>
        <Form.Item name={['intake', 'fromAlerts', 'levels']} label={t('incidentSettings.field.alertLevels')}>
          <Checkbox.Group options={[1, 2, 3].map((l) => ({ value: l, label: t(`alert.level.${l}`) }))} data-testid="settings-intake-levels" />
        </Form.Item>
        <Form.Item name={['intake', 'fromAlerts', 'ruleIds']} label={t('incidentSettings.field.alertRules')} extra={can('alerts:read') ? undefined : t('incidentSettings.rulesById')}>
          <Select mode={can('alerts:read') ? 'multiple' : 'tags'} allowClear optionFilterProp="label" options={ruleOptions} loading={rules.loading} placeholder={t('incidentSettings.noRules')} data-testid="settings-intake-rules" />
        </Form.Item>
        {rules.error ? <Alert type="warning" showIcon title={t('incidentSettings.rulesUnavailable')} /> : null}
      </Card>
      {canEdit ? (
        <Button type="primary" loading={saving} onClick={() => void submit().catch(() => undefined)} data-testid="settings-submit">
          {t('common.save')}
        </Button>
      ) : null}
    </Form>
  );
}
