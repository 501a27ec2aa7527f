import { Form, Input, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { PeopleSelect, SitesSelect, usePublishedPlans } from './drillForms';
import { drillsApi, runPath, type Schedule } from './drillsApi';

interface Values {
  from: 'schedule' | 'plan';
  scheduleId?: string;
  planId?: string;
  title?: string;
  siteIds?: string[];
  participants?: string[];
}

/** A drill by hand, started at once: from a schedule (its plan, sites and people) or from a plan. */
export function NewRunModal({ schedules, onClose }: { schedules: readonly Schedule[]; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const { saving, run } = useFormSubmit(form);
  const plans = usePublishedPlans();
  const [from, setFrom] = useState<'schedule' | 'plan'>(schedules.length > 0 ? 'schedule' : 'plan');

  const submit = (v: Values) =>
    run(async () => {
      const body =
        v.from === 'schedule'
          ? { scheduleId: v.scheduleId!, start: true, ...(v.title?.trim() ? { title: v.title.trim() } : {}) }
          : { planId: v.planId!, siteIds: v.siteIds ?? [], participants: v.participants ?? [], start: true, ...(v.title?.trim() ? { title: v.title.trim() } : {}) };
      const created = await drillsApi.createRun(body);
      void navigate(runPath(created.id));
    });

  return (
    <Modal
      open
      title={t('drills.run.new')}
      okText={t('drills.run.startNow')}
      cancelText={t('common.cancel')}
      onOk={() => void form.validateFields().then(submit, () => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'drill-run-create' }}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ from }} data-testid="drill-run-form">
        <Form.Item name="from">
          <Radio.Group onChange={(e) => setFrom(e.target.value as 'schedule' | 'plan')} optionType="button">
            <Radio value="schedule" disabled={schedules.length === 0}>
              {t('drills.run.fromSchedule')}
            </Radio>
            <Radio value="plan">{t('drills.run.fromPlan')}</Radio>
          </Radio.Group>
        </Form.Item>
        {from === 'schedule' ? (
          <Form.Item name="scheduleId" label={t('drills.schedule.one')} rules={[{ required: true, message: t('drills.required') }]}>
            <Select options={schedules.map((s) => ({ value: s.id, label: s.title }))} data-testid="drill-run-schedule" />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="planId" label={t('drills.field.plan')} rules={[{ required: true, message: t('drills.required') }]}>
              <Select options={plans.options} loading={plans.loading} showSearch optionFilterProp="label" data-testid="drill-run-plan" />
            </Form.Item>
            <Form.Item name="siteIds" label={t('drills.field.sites')} rules={[{ required: true, message: t('drills.required') }]}>
              <SitesSelect testId="drill-run-sites" />
            </Form.Item>
            <Form.Item name="participants" label={t('drills.field.participants')} extra={t('drills.participantsHelp')}>
              <PeopleSelect testId="drill-run-participants" />
            </Form.Item>
          </>
        )}
        <Form.Item name="title" label={t('drills.field.title')} rules={[{ max: 200 }]}>
          <Input data-testid="drill-run-title" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
