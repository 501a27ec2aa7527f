import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Form, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { HourMinutePicker } from '../../components/TextPickers';
import { isOvernight, newActiveRangeRow, WEEKDAYS, type ActiveRangeRow } from './activeWeek';
import type { RosterFormValues } from './rosterForm';

/** A roster holds a day layer, a night layer, a weekend layer: a few ranges each (the API takes up to 24 a day). */
const MAX_ROWS = 8;

/**
 * When in the week a layer is in force, as rows of days and a from–to time (a "to" before "from" runs into the next
 * morning); no rows: always. `layer` is the layer's name in the surrounding Form.List, `testId` the layer's prefix.
 */
export function ActiveRangeFields({ layer, testId }: { layer: number; testId: string }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<RosterFormValues>();
  const days = WEEKDAYS.map((d) => ({ value: d, label: t(`roster.weekday.${d}`) }));
  return (
    <Form.Item label={t('roster.layer.active.title')} tooltip={t('roster.layer.active.hint')} style={{ marginBottom: 0 }}>
      <Form.List name={[layer, 'rotation', 'activeWeek']}>
        {(rows, { add, remove }, { errors }) => (
          <Flex vertical gap={8} data-testid={`${testId}-active`}>
            {rows.length === 0 ? (
              <Typography.Text type="secondary" data-testid={`${testId}-active-always`}>
                {t('roster.layer.active.always')}
              </Typography.Text>
            ) : null}
            {rows.map((row, j) => (
              <Flex key={row.key} gap={8} wrap align="start" data-testid={`${testId}-active-${j}`} style={{ borderBottom: '1px dashed rgba(5, 5, 5, 0.06)', paddingBottom: 4 }}>
                <Form.Item name={[row.name, 'days']} rules={[{ required: true, type: 'array', min: 1, message: t('roster.layer.active.daysRequired') }]} style={{ marginBottom: 8, flex: '1 1 100%' }}>
                  <Checkbox.Group options={days} aria-label={t('roster.layer.active.days')} data-testid={`${testId}-active-${j}-days`} />
                </Form.Item>
                <Flex gap={8} align="start" wrap style={{ flex: '1 1 auto' }}>
                  <Form.Item name={[row.name, 'from']} rules={[{ required: true, message: t('validation.required') }]} style={{ marginBottom: 8 }}>
                    <HourMinutePicker style={{ width: 100 }} data-testid={`${testId}-active-${j}-from`} />
                  </Form.Item>
                  <Typography.Text style={{ lineHeight: '32px' }}>–</Typography.Text>
                  <Form.Item name={[row.name, 'to']} rules={[{ required: true, message: t('validation.required') }]} style={{ marginBottom: 8 }}>
                    <HourMinutePicker style={{ width: 100 }} data-testid={`${testId}-active-${j}-to`} />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() => {
                      const value = form.getFieldValue(['layers', layer, 'rotation', 'activeWeek', row.name]) as ActiveRangeRow | undefined;
                      return value?.from && value.to && isOvernight(value) ? (
                        <Tag style={{ marginTop: 5 }} data-testid={`${testId}-active-${j}-overnight`}>
                          {t('roster.layer.active.overnight')}
                        </Tag>
                      ) : null;
                    }}
                  </Form.Item>
                  <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('roster.layer.active.remove')} data-testid={`${testId}-active-${j}-remove`} />
                </Flex>
              </Flex>
            ))}
            <Form.ErrorList errors={errors} />
            {rows.length < MAX_ROWS ? (
              <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add(newActiveRangeRow())} style={{ alignSelf: 'flex-start' }} data-testid={`${testId}-active-add`}>
                {t('roster.layer.active.add')}
              </Button>
            ) : null}
          </Flex>
        )}
      </Form.List>
    </Form.Item>
  );
}
