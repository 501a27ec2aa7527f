import { DatePicker, Form, Input, Modal, Radio, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { PeopleSelect, SitesSelect, usePublishedPlans } from './drillForms';
import { drillsApi, type Schedule } from './drillsApi';

interface Values {
  planId: string;
  title: string;
  timing: 'cron' | 'once';
  cron?: string;
  onceAt?: Dayjs;
  timezone?: string;
  siteIds: string[];
  participants: string[];
  ownerId?: string | null;
  enabled: boolean;
}

/** The quarterly switchover drill as the seed has it: 09:00 on the 15th of each quarter's last month. */
const QUARTERLY = '0 9 15 3,6,9,12 *';

/** A drill schedule, new or edited: the plan, a cron expression on the site's clock or one time, sites and people. */
export function ScheduleModal({ schedule, onClose, onSaved }: { schedule: Schedule | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { saving, run } = useFormSubmit(form);
  const plans = usePublishedPlans();
  const [timing, setTiming] = useState<'cron' | 'once'>(schedule?.onceAt ? 'once' : 'cron');
  const known = Object.fromEntries([...(schedule?.participants ?? []), ...(schedule?.owner ? [schedule.owner] : [])].map((p) => [p.id, p.name]));

  const submit = (v: Values) =>
    run(async () => {
      const when = v.timing === 'cron' ? { cron: v.cron!.trim(), ...(schedule ? { onceAt: null } : {}) } : { onceAt: v.onceAt!.toISOString(), ...(schedule ? { cron: null } : {}) };
      const common = { title: v.title.trim(), siteIds: v.siteIds, participants: v.participants ?? [], ownerId: v.ownerId ?? null, enabled: v.enabled, ...(v.timezone ? { timezone: v.timezone } : {}) };
      if (schedule) await drillsApi.updateSchedule(schedule.id, { version: schedule.version, ...common, ...when });
      else await drillsApi.createSchedule({ planId: v.planId, ...common, ...(when as { cron?: string; onceAt?: string }) });
      onSaved();
    });

  return (
    <Modal
      open
      title={t(schedule ? 'drills.schedule.edit' : 'drills.schedule.new')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void form.validateFields().then(submit, () => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'drill-schedule-save' }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="drill-schedule-form"
        initialValues={{
          planId: schedule?.plan.id,
          title: schedule?.title,
          timing,
          cron: schedule?.cron ?? QUARTERLY,
          onceAt: schedule?.onceAt ? dayjs(schedule.onceAt) : undefined,
          timezone: schedule?.timezone,
          siteIds: schedule?.siteIds ?? [],
          participants: schedule?.participants.map((p) => p.id) ?? [],
          ownerId: schedule?.owner?.id,
          enabled: schedule?.enabled ?? true,
        }}
      >
        <Form.Item name="planId" label={t('drills.field.plan')} rules={[{ required: true, message: t('drills.required') }]}>
          <Select disabled={!!schedule} options={plans.options} loading={plans.loading} showSearch optionFilterProp="label" data-testid="drill-schedule-plan" />
        </Form.Item>
        <Form.Item name="title" label={t('drills.field.title')} rules={[{ required: true, whitespace: true, message: t('drills.required') }, { max: 200 }]}>
          <Input data-testid="drill-schedule-title" />
        </Form.Item>
        <Form.Item name="timing" label={t('drills.field.timing')}>
          <Radio.Group onChange={(e) => setTiming(e.target.value as 'cron' | 'once')} optionType="button">
            <Radio value="cron">{t('drills.timing.cron')}</Radio>
            <Radio value="once">{t('drills.timing.once')}</Radio>
          </Radio.Group>
        </Form.Item>
        {timing === 'cron' ? (
          <Form.Item name="cron" label={t('drills.field.cron')} extra={t('drills.cronHelp')} rules={[{ required: true, whitespace: true, message: t('drills.required') }]}>
            <Input data-testid="drill-schedule-cron" />
          </Form.Item>
        ) : (
          <Form.Item name="onceAt" label={t('drills.field.onceAt')} rules={[{ required: true, message: t('drills.required') }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="drill-schedule-once" />
          </Form.Item>
        )}
        <Form.Item name="timezone" label={t('drills.field.timezone')} extra={t('drills.timezoneHelp')}>
          <Input placeholder="Asia/Shanghai" />
        </Form.Item>
        <Form.Item name="siteIds" label={t('drills.field.sites')} rules={[{ required: true, message: t('drills.required') }]}>
          <SitesSelect testId="drill-schedule-sites" />
        </Form.Item>
        <Form.Item name="participants" label={t('drills.field.participants')} extra={t('drills.participantsHelp')}>
          <PeopleSelect known={known} testId="drill-schedule-participants" />
        </Form.Item>
        <Form.Item name="ownerId" label={t('drills.field.owner')}>
          <PeopleSelect single known={known} testId="drill-schedule-owner" />
        </Form.Item>
        <Form.Item name="enabled" label={t('drills.schedule.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
