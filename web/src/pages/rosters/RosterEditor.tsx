import { App, Button, Drawer, Flex, Form, Input, Select, Switch, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { rostersApi, type Roster } from '../../api/oncall';
import type { NamePath } from '../../app/fieldPaths';
import { timezoneOptions } from '../../app/timezones';
import { HourMinutePicker } from '../../components/TextPickers';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useNow } from '../../hooks/useNow';
import { usePathFormSubmit } from '../../hooks/usePathFormSubmit';
import { usePeople } from '../../hooks/usePeople';
import { placeActiveRangeProblem } from './activeWeek';
import { localDate } from './calendar';
import { HolidayRows } from './HolidayRows';
import { LayerFields } from './LayerFields';
import { DEFAULT_ZONE, formToRoster, rosterToForm, type RosterFormValues } from './rosterForm';

const HOTLINE = /^[0-9+() -]{3,40}$/;

/**
 * A roster's name, zone, duty telephone and holiday hand-over, its layers of rotations and its holiday duty days, in a
 * drawer: a new roster, or the whole of a stored one (saved as one change, so the checks see it together).
 */
export function RosterEditor({ roster, onClose, onSaved }: { roster?: Roster; onClose: () => void; onSaved: (roster: Roster) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<RosterFormValues>();
  // A week's problems name the day and range sent (activeRanges.tue[1]); the form edits rows of days and times.
  const placeRangeProblem = useCallback((path: NamePath) => placeActiveRangeProblem(path, (form.getFieldsValue(true) as RosterFormValues).layers), [form]);
  const { saving, run } = usePathFormSubmit(form, placeRangeProblem);
  const people = usePeople(roster?.people);
  const today = localDate(useNow(), roster?.zone ?? DEFAULT_ZONE);
  const initialValues = useMemo(() => rosterToForm(roster ?? null, { layerName: t('roster.layer.defaultName', { n: 1 }), today }), [roster, t, today]);
  const zones = useMemo(() => timezoneOptions().map((z) => ({ value: z, label: z })), []);

  const submit = async () => {
    await form.validateFields();
    // The whole store: a layer's id has no input but goes back as it came.
    const body = formToRoster(form.getFieldsValue(true) as RosterFormValues);
    await run(async () => {
      const saved = roster ? await rostersApi.update(roster.id, body) : await rostersApi.create(body);
      void message.success(t(roster ? 'roster.saved' : 'roster.created'));
      onSaved(saved);
    });
  };

  const required = { required: true, whitespace: true, message: t('validation.required') };
  return (
    <Drawer
      open
      size={isMobile ? '100%' : 760}
      title={roster ? t('roster.editTitle', { name: roster.name }) : t('roster.newTitle')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Flex gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit().catch(() => undefined)} data-testid="roster-submit">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="roster-form">
        <Form.Item name="name" label={t('roster.field.name')} rules={[required, { max: 100, message: t('validation.maxLength', { max: 100 }) }]}>
          <Input data-testid="roster-name" />
        </Form.Item>
        <Form.Item name="description" label={t('roster.field.description')} rules={[{ max: 2000, message: t('validation.maxLength', { max: 2000 }) }]}>
          <Input.TextArea rows={2} data-testid="roster-description" />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="zone" label={t('roster.field.zone')} rules={[required]} style={{ minWidth: 220 }}>
            <Select showSearch options={zones} data-testid="roster-zone" />
          </Form.Item>
          <Form.Item name="hotline" label={t('roster.field.hotline')} rules={[{ pattern: HOTLINE, message: t('roster.hotlineInvalid') }]}>
            <Input placeholder="0571-88888888" style={{ width: 200 }} data-testid="roster-hotline" />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item name="chinaHolidays" label={t('roster.field.chinaHolidays')} valuePropName="checked" tooltip={t('roster.chinaHolidaysHint')}>
            <Switch data-testid="roster-china-holidays" />
          </Form.Item>
          <Form.Item name="holidayHandover" label={t('roster.field.holidayHandover')} rules={[{ required: true, message: t('validation.required') }]} tooltip={t('roster.holidayHandoverHint')}>
            <HourMinutePicker data-testid="roster-holiday-handover" />
          </Form.Item>
        </Flex>
        <Typography.Title level={5}>{t('roster.layersTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('roster.layersHint')}</Typography.Paragraph>
        <LayerFields people={people} today={today} />
        <Typography.Title level={5} style={{ marginTop: 24 }}>
          {t('roster.holidaysTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('roster.holidaysHint')}</Typography.Paragraph>
        <HolidayRows options={people.options} />
      </Form>
    </Drawer>
  );
}
