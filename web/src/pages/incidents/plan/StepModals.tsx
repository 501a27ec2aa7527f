import { Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { onDutyPeople } from '../transitionForm';
import type { useIncidentNames } from '../useIncidentNames';
import { localText, MAX_REASON, type StepFormValues } from './checklist';
import { useOnDuty } from './onDuty';
import type { ChecklistStep } from './planApi';

/** Skipping a step: the reason is required (the server refuses a skip without one). */
export function SkipModal({ step, saving, onCancel, onSubmit }: { step: ChecklistStep; saving: boolean; onCancel: () => void; onSubmit: (values: StepFormValues) => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<StepFormValues>();
  return (
    <Modal
      open
      title={t('incidentPlan.skip.title', { step: localText(step.title, i18n.language) })}
      okText={t('incidentPlan.action.skip')}
      cancelText={t('common.cancel')}
      onOk={() => void form.validateFields().then(onSubmit, () => undefined)}
      onCancel={onCancel}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'plan-skip-submit', size: 'large' }}
      cancelButtonProps={{ size: 'large' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="plan-skip-form">
        <Form.Item
          name="reason"
          label={t('incidentPlan.skip.reason')}
          rules={[
            { required: true, whitespace: true, message: t('incidentPlan.skip.reasonRequired') },
            { max: MAX_REASON, message: t('validation.maxLength', { max: MAX_REASON }) },
          ]}
        >
          <Input.TextArea rows={3} autoFocus data-testid="plan-skip-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Giving a step to someone: the rosters' people on duty first, then everyone; or to nobody. */
export function ReassignModal({
  incidentId,
  step,
  people,
  saving,
  onCancel,
  onSubmit,
}: {
  incidentId: string;
  step: ChecklistStep;
  people: ReturnType<typeof useIncidentNames>['people'];
  saving: boolean;
  onCancel: () => void;
  onSubmit: (values: StepFormValues) => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<StepFormValues>();
  const onDuty = useOnDuty(incidentId);
  const onDutyNow = onDutyPeople(onDuty.data ?? []);
  const onDutyIds = new Set(onDutyNow.map((p) => p.userId));
  const options = [
    { label: t('roster.onDutyNow'), options: onDutyNow.map((p) => ({ value: p.userId, label: `${p.name} · ${p.rosterName}` })) },
    { label: t('incident.form.people'), options: people.filter((p) => !onDutyIds.has(p.value)).map((p) => ({ value: p.value, label: p.label })) },
    { label: t('incidentPlan.reassign.nobodyGroup'), options: [{ value: '', label: t('incidentPlan.unassigned') }] },
  ].filter((group) => group.options.length > 0);

  return (
    <Modal
      open
      title={t('incidentPlan.reassign.title', { step: localText(step.title, i18n.language) })}
      okText={t('incidentPlan.action.reassign')}
      cancelText={t('common.cancel')}
      onOk={() => void form.validateFields().then(onSubmit, () => undefined)}
      onCancel={onCancel}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'plan-reassign-submit', size: 'large' }}
      cancelButtonProps={{ size: 'large' }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('incidentPlan.reassign.current', { name: step.assignee?.name ?? t('incidentPlan.unassigned') })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ userId: step.assignee?.userId ?? undefined }} data-testid="plan-reassign-form">
        {/* '' is "nobody" (stepBody sends null), a choice in its own right: only no choice at all is refused. */}
        <Form.Item name="userId" label={t('incidentPlan.reassign.to')} rules={[{ validator: async (_, value: unknown) => (value === undefined || value === null ? Promise.reject(new Error(t('incidentPlan.reassign.required'))) : undefined) }]}>
          <Select size="large" showSearch={{ optionFilterProp: 'label' }} options={options} loading={onDuty.loading} data-testid="plan-reassign-select" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
