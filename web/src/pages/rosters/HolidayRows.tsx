import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { DateTextPicker } from '../../components/TextPickers';
import type { PersonOption } from '../../hooks/usePeople';

const MAX_HOLIDAYS = 400;

/**
 * Holiday duty days: the date, the leader on duty that day (领导带班), and optionally the people on duty instead of the
 * rotation's. China's public holidays count by themselves; a row for one names its leader, a row for another date
 * makes it a holiday duty day of the campus's own.
 */
export function HolidayRows({ options }: { options: PersonOption[] }) {
  const { t } = useTranslation();
  return (
    <Form.List name="holidays">
      {(rows, { add, remove }, { errors }) => (
        <Flex vertical gap={8} data-testid="roster-holidays">
          {rows.map((row, i) => (
            <Flex key={row.key} gap={8} wrap align="start" data-testid={`holiday-${i}`}>
              <Form.Item name={[row.name, 'date']} rules={[{ required: true, message: t('validation.required') }]} style={{ marginBottom: 0 }}>
                <DateTextPicker data-testid={`holiday-${i}-date`} />
              </Form.Item>
              <Form.Item name={[row.name, 'leaderUserId']} style={{ marginBottom: 0, minWidth: 180, flex: 1 }}>
                <Select allowClear showSearch optionFilterProp="label" placeholder={t('roster.holiday.leader')} options={options} data-testid={`holiday-${i}-leader`} />
              </Form.Item>
              <Form.Item name={[row.name, 'userIds']} style={{ marginBottom: 0, minWidth: 220, flex: 2 }}>
                <Select mode="multiple" allowClear showSearch optionFilterProp="label" placeholder={t('roster.holiday.people')} options={options} data-testid={`holiday-${i}-people`} />
              </Form.Item>
              <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('common.delete')} />
            </Flex>
          ))}
          <Form.ErrorList errors={errors} />
          {rows.length < MAX_HOLIDAYS ? (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ date: undefined, leaderUserId: null, userIds: [] })} style={{ alignSelf: 'flex-start' }} data-testid="roster-holiday-add">
              {t('roster.holiday.add')}
            </Button>
          ) : null}
        </Flex>
      )}
    </Form.List>
  );
}
