import { SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditQuery } from '../../api/types';
import { useIsMobile } from '../../hooks/useIsMobile';

interface Values {
  q?: string;
  actor?: string;
  action?: string;
  targetType?: string;
  /** desktop: one range picker with times */
  range?: [Dayjs | null, Dayjs | null] | null;
  /** phone: two day pickers, from the start of the first day to the end of the second */
  fromDay?: Dayjs | null;
  toDay?: Dayjs | null;
}

export type AuditFilterValues = Omit<AuditQuery, 'cursor' | 'limit'>;

const clean = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

/** The period the form describes, whichever pickers it showed. */
function period(values: Values): [Dayjs | null, Dayjs | null] {
  if (values.fromDay || values.toDay) return [values.fromDay?.startOf('day') ?? null, values.toDay?.endOf('day') ?? null];
  return values.range ?? [null, null];
}

/**
 * Search fields for the audit log. On a phone the fields stack at full width and the period is two day pickers: a
 * range picker with times opens two months and a clock side by side, wider than the screen.
 */
export function AuditFilters({ onSearch }: { onSearch: (filters: AuditFilterValues) => void }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const width = (desktop: number) => (isMobile ? '100%' : desktop);

  const apply = (values: Values) => {
    const [from, to] = period(values);
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
    <Form<Values>
      form={form}
      layout={isMobile ? 'vertical' : 'inline'}
      onFinish={apply}
      style={{ rowGap: isMobile ? 0 : 8, marginBottom: 16 }}
      data-testid="audit-filters"
    >
      <Form.Item name="q" style={isMobile ? { marginBottom: 8 } : undefined}>
        <Input allowClear placeholder={t('audit.filter.q')} style={{ width: width(200) }} data-testid="audit-filter-q" />
      </Form.Item>
      <Form.Item name="actor" style={isMobile ? { marginBottom: 8 } : undefined}>
        <Input allowClear placeholder={t('audit.filter.actor')} style={{ width: width(150) }} data-testid="audit-filter-actor" />
      </Form.Item>
      <Form.Item name="action" style={isMobile ? { marginBottom: 8 } : undefined}>
        <Input allowClear placeholder={t('audit.filter.action')} style={{ width: width(190) }} data-testid="audit-filter-action" />
      </Form.Item>
      <Form.Item name="targetType" style={isMobile ? { marginBottom: 8 } : undefined}>
        <Input allowClear placeholder={t('audit.filter.targetType')} style={{ width: width(150) }} data-testid="audit-filter-target-type" />
      </Form.Item>
      {isMobile ? (
        // One above the other, each at the left edge, so that each calendar opens within the screen.
        <Flex vertical gap={8} style={{ marginBottom: 8 }}>
          <Form.Item name="fromDay" noStyle>
            <DatePicker placeholder={t('audit.filter.fromDay')} inputReadOnly style={{ width: '100%' }} data-testid="audit-filter-from" />
          </Form.Item>
          <Form.Item name="toDay" noStyle>
            <DatePicker placeholder={t('audit.filter.toDay')} inputReadOnly style={{ width: '100%' }} data-testid="audit-filter-to" />
          </Form.Item>
        </Flex>
      ) : (
        <Form.Item name="range">
          <DatePicker.RangePicker showTime allowEmpty={[true, true]} data-testid="audit-filter-range" />
        </Form.Item>
      )}
      <Form.Item style={isMobile ? { marginBottom: 0 } : undefined}>
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              apply({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Flex>
      </Form.Item>
    </Form>
  );
}
