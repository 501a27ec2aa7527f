import { SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditQuery } from '../../api/types';

interface Values {
  q?: string;
  actor?: string;
  action?: string;
  targetType?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export type AuditFilterValues = Omit<AuditQuery, 'cursor' | 'limit'>;

const clean = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

export function AuditFilters({ onSearch }: { onSearch: (filters: AuditFilterValues) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();

  const apply = (values: Values) => {
    const [from, to] = values.range ?? [null, null];
    onSearch({
      q: clean(values.q),
      actor: clean(values.actor),
      action: clean(values.action),
      targetType: clean(values.targetType),
      from: from ? from.toISOString() : undefined,
      to: to ? to.toISOString() : undefined,
    });
  };

  return (
    <Form<Values> form={form} layout="inline" onFinish={apply} style={{ rowGap: 8, marginBottom: 16 }}>
      <Form.Item name="q">
        <Input allowClear placeholder={t('audit.filter.q')} style={{ width: 200 }} data-testid="audit-filter-q" />
      </Form.Item>
      <Form.Item name="actor">
        <Input allowClear placeholder={t('audit.filter.actor')} style={{ width: 150 }} data-testid="audit-filter-actor" />
      </Form.Item>
      <Form.Item name="action">
        <Input allowClear placeholder={t('audit.filter.action')} style={{ width: 190 }} data-testid="audit-filter-action" />
      </Form.Item>
      <Form.Item name="targetType">
        <Input allowClear placeholder={t('audit.filter.targetType')} style={{ width: 150 }} data-testid="audit-filter-target-type" />
      </Form.Item>
      <Form.Item name="range">
        <DatePicker.RangePicker showTime allowEmpty={[true, true]} data-testid="audit-filter-range" />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
          {t('common.search')}
        </Button>
      </Form.Item>
      <Form.Item>
        <Button
          onClick={() => {
            form.resetFields();
            apply({});
          }}
        >
          {t('common.reset')}
        </Button>
      </Form.Item>
    </Form>
  );
}
