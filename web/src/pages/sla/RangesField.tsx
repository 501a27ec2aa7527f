import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NamePath } from '../../app/fieldPaths';
import { firstOverlap, MAX_RANGES_PER_DAY, nextRange, rangeProblem } from './calendarForm';
import type { TimeRange } from './yearView';

/**
 * One range as two 'HH:MM' texts. Text, not a time picker: a range may end at 24:00 (a 7×24 day is 00:00–24:00),
 * which no picker shows.
 */
function RangeInput({ value, onChange, testId }: { value?: TimeRange; onChange?: (value: TimeRange) => void; testId: string }) {
  const { t } = useTranslation();
  const [start = '', end = ''] = value ?? [];
  return (
    <Flex gap={4} align="center">
      <Input value={start} onChange={(e) => onChange?.([e.target.value.trim(), end])} placeholder="09:00" maxLength={5} style={{ width: 72 }} aria-label={t('slaCalendar.rangeStart')} data-testid={`${testId}-start`} />
      <span>–</span>
      <Input value={end} onChange={(e) => onChange?.([start, e.target.value.trim()])} placeholder="18:00" maxLength={5} style={{ width: 72 }} aria-label={t('slaCalendar.rangeEnd')} data-testid={`${testId}-end`} />
    </Flex>
  );
}

/**
 * A day's business hours as rows of ranges with add and remove; each range checked as typed (HH:MM, end after
 * start) and the day's ranges against each other (no overlap), as the server checks them. Inside another list, `name`
 * is relative to it and `fullName` the path from the form's root.
 */
export function RangesField({ name, fullName = name, testId, disabled = false }: { name: NamePath; fullName?: NamePath; testId: string; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.List
      name={name}
      rules={[
        {
          validator: async (_, ranges: TimeRange[] | undefined) => {
            const pair = firstOverlap(ranges ?? []);
            if (pair) throw new Error(t('slaCalendar.rangesOverlap', { first: pair[0] + 1, second: pair[1] + 1 }));
          },
        },
      ]}
    >
      {(rows, { add, remove }, { errors }) => (
        <Flex vertical gap={4} data-testid={testId}>
          <Flex gap={8} wrap align="start">
            {rows.map((row, i) => (
              <Flex key={row.key} gap={2} align="start">
                <Form.Item
                  name={row.name}
                  style={{ marginBottom: 0 }}
                  rules={[
                    {
                      validator: async (_, range: TimeRange | undefined) => {
                        const problem = rangeProblem(range);
                        if (problem) throw new Error(t(`slaCalendar.rangeProblem.${problem}`));
                      },
                    },
                  ]}
                >
                  <RangeInput testId={`${testId}-${i}`} />
                </Form.Item>
                {disabled ? null : <Button type="text" size="small" icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('slaCalendar.removeRange')} data-testid={`${testId}-${i}-remove`} style={{ marginTop: 4 }} />}
              </Flex>
            ))}
            {rows.length === 0 ? <span style={{ color: '#8c8c8c', lineHeight: '32px' }}>{t('slaCalendar.closed')}</span> : null}
            {!disabled && rows.length < MAX_RANGES_PER_DAY ? (
              <Form.Item noStyle shouldUpdate>
                {(form) => {
                  const suggestion = nextRange((form.getFieldValue(fullName) as TimeRange[] | undefined) ?? []);
                  return suggestion ? (
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(suggestion)} data-testid={`${testId}-add`}>
                      {t('slaCalendar.addRange')}
                    </Button>
                  ) : null;
                }}
              </Form.Item>
            ) : null}
          </Flex>
          <Form.ErrorList errors={errors} />
        </Flex>
      )}
    </Form.List>
  );
}
