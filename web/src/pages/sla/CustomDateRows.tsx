import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Segmented, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DateTextPicker } from '../../components/TextPickers';
import { MAX_CUSTOM_DATES, repeatedDates, type CustomDateRow } from './calendarForm';
import { RangesField } from './RangesField';

const LIST = ['calendar', 'customDates'];

/**
 * The campus's own days: a vacation day closed, or a day opened (a special opening), with its own ranges or, without
 * them, the workday hours. They win over China's holidays and the week.
 */
export function CustomDateRows() {
  const { t } = useTranslation();
  return (
    <Form.List name={LIST}>
      {(rows, { add, remove }, { errors }) => (
        <Flex vertical gap={8} data-testid="calendar-custom-dates">
          {rows.map((row, i) => (
            <Flex key={row.key} gap={8} wrap align="start" data-testid={`custom-date-${i}`} style={{ borderBottom: '1px dashed #f0f0f0', paddingBottom: 8 }}>
              <Form.Item
                name={[row.name, 'date']}
                style={{ marginBottom: 0 }}
                dependencies={rows.map((r) => [...LIST, r.name, 'date'])}
                rules={[
                  { required: true, message: t('validation.required') },
                  ({ getFieldValue }) => ({
                    validator: async (_, date: string | undefined) => {
                      if (date && repeatedDates((getFieldValue(LIST) as CustomDateRow[]) ?? []).has(date)) throw new Error(t('slaCalendar.dateRepeated'));
                    },
                  }),
                ]}
              >
                <DateTextPicker data-testid={`custom-date-${i}-date`} />
              </Form.Item>
              <Form.Item name={[row.name, 'working']} style={{ marginBottom: 0 }}>
                <Segmented
                  options={[
                    { value: false, label: t('slaCalendar.customClosed') },
                    { value: true, label: t('slaCalendar.customOpen') },
                  ]}
                  data-testid={`custom-date-${i}-working`}
                />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => JSON.stringify(a) !== JSON.stringify(b)}>
                {(form) =>
                  form.getFieldValue([...LIST, row.name, 'working']) ? (
                    <Flex vertical gap={0} style={{ flex: 1, minWidth: 240 }}>
                      <RangesField name={[row.name, 'ranges']} fullName={[...LIST, row.name, 'ranges']} testId={`custom-date-${i}-ranges`} />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('slaCalendar.customOpenHint')}
                      </Typography.Text>
                    </Flex>
                  ) : null
                }
              </Form.Item>
              <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('common.delete')} data-testid={`custom-date-${i}-remove`} />
            </Flex>
          ))}
          <Form.ErrorList errors={errors} />
          {rows.length < MAX_CUSTOM_DATES ? (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ date: undefined, working: false, ranges: [] } satisfies CustomDateRow)} style={{ alignSelf: 'flex-start' }} data-testid="custom-date-add">
              {t('slaCalendar.addCustomDate')}
            </Button>
          ) : null}
        </Flex>
      )}
    </Form.List>
  );
}
