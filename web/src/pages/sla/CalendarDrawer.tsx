import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Flex, Form, Input, Select, Switch, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { NamePath } from '../../app/fieldPaths';
import { timezoneOptions } from '../../app/timezones';
import { useIsMobile } from '../../hooks/useIsMobile';
import { usePathFormSubmit } from '../../hooks/usePathFormSubmit';
import { calendarToForm, copyDay, customDatePath, formToCalendar, type CalendarFormValues, type CustomDateRow } from './calendarForm';
import { CustomDateRows } from './CustomDateRows';
import { RangesField } from './RangesField';
import { slaCalendarsApi, type SlaCalendar } from './slaApi';
import { HOLIDAYS_KNOWN_UNTIL, WEEKDAYS, type TimeRange, type Weekday } from './yearView';

const WORKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

interface Props {
  calendar?: SlaCalendar;
  onClose: () => void;
  onSaved: (calendar: SlaCalendar) => void;
}

/**
 * An SLA calendar: its zone, business hours per weekday (several ranges a day), China's public holidays and make-up
 * workdays on or off, and the campus's own dates. Saved whole at the version read.
 */
export function CalendarDrawer({ calendar, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<CalendarFormValues>();
  const rename = useCallback((path: NamePath) => customDatePath(path, (form.getFieldValue(['calendar', 'customDates']) as CustomDateRow[] | undefined) ?? []), [form]);
  const { saving, run } = usePathFormSubmit(form, rename);
  const initialValues = useMemo(() => calendarToForm(calendar ?? null), [calendar]);
  const zones = useMemo(() => timezoneOptions().map((z) => ({ value: z, label: z })), []);

  const submit = async () => {
    await form.validateFields();
    const body = formToCalendar(form.getFieldsValue(true) as CalendarFormValues);
    await run(async () => {
      const saved = calendar ? await slaCalendarsApi.update(calendar.id, { ...body, version: calendar.version }) : await slaCalendarsApi.create(body);
      void message.success(t(calendar ? 'slaCalendar.saved' : 'slaCalendar.created'));
      onSaved(saved);
    });
  };

  const copyMonday = () => {
    const weekly = form.getFieldValue(['calendar', 'weekly']) as Record<Weekday, TimeRange[]>;
    form.setFieldValue(['calendar', 'weekly'], copyDay(weekly, 'mon', WORKDAYS));
  };

  const required = { required: true, message: t('validation.required') };
  return (
    <Drawer
      open
      size={isMobile ? '100%' : 760}
      title={calendar ? t('slaCalendar.editTitle', { name: calendar.name }) : t('slaCalendar.newTitle')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Flex gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit().catch(() => undefined)} data-testid="calendar-submit">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      {calendar && calendar.usedBy.length > 0 ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('slaCalendar.usedByHint', { policies: calendar.usedBy.map((p) => p.name).join(t('common.listSeparator')) })} />
      ) : null}
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="calendar-form">
        <Form.Item name="name" label={t('slaCalendar.field.name')} rules={[{ ...required, whitespace: true }, { max: 100, message: t('validation.maxLength', { max: 100 }) }]}>
          <Input data-testid="calendar-name" />
        </Form.Item>
        <Form.Item name="description" label={t('slaCalendar.field.description')} rules={[{ max: 2000, message: t('validation.maxLength', { max: 2000 }) }]}>
          <Input.TextArea rows={2} data-testid="calendar-description" />
        </Form.Item>
        <Flex gap={24} wrap>
          <Form.Item name={['calendar', 'zone']} label={t('slaCalendar.field.zone')} rules={[required]} style={{ minWidth: 240 }}>
            <Select showSearch options={zones} data-testid="calendar-zone" />
          </Form.Item>
          <Form.Item name={['calendar', 'chinaHolidays']} label={t('slaCalendar.field.chinaHolidays')} valuePropName="checked" extra={t('slaCalendar.chinaHolidaysHint', { year: HOLIDAYS_KNOWN_UNTIL })}>
            <Switch data-testid="calendar-china-holidays" />
          </Form.Item>
        </Flex>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('slaCalendar.weeklyTitle')}
          </Typography.Title>
          <Button size="small" icon={<CopyOutlined />} onClick={copyMonday} data-testid="calendar-copy-monday">
            {t('slaCalendar.copyMonday')}
          </Button>
        </Flex>
        <Typography.Paragraph type="secondary">{t('slaCalendar.weeklyHint')}</Typography.Paragraph>
        <Flex vertical gap={8} style={{ marginBottom: 24 }}>
          {WEEKDAYS.map((day) => (
            <Flex key={day} gap={12} align="start">
              <Typography.Text strong style={{ width: 48, lineHeight: '32px', flex: 'none' }}>
                {t(`roster.weekday.${day}`)}
              </Typography.Text>
              <div style={{ flex: 1 }}>
                <RangesField name={['calendar', 'weekly', day]} testId={`weekly-${day}`} />
              </div>
            </Flex>
          ))}
        </Flex>
        <Typography.Title level={5}>{t('slaCalendar.customTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('slaCalendar.customHint')}</Typography.Paragraph>
        <CustomDateRows />
      </Form>
    </Drawer>
  );
}
