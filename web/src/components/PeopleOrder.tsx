import { ArrowDownOutlined, ArrowUpOutlined, CloseOutlined } from '@ant-design/icons';
import { Button, Flex, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  value?: string[];
  onChange?: (value: string[]) => void;
  options: { value: string; label: string }[];
  name: (id: string) => string;
  testId?: string;
}

/** People in an order that matters (a rotation's turns): numbered, moved up and down, removed, added at the end. */
export function PeopleOrder({ value = [], onChange, options, name, testId }: Props) {
  const { t } = useTranslation();
  const move = (from: number, to: number) => {
    const next = [...value];
    const [item] = next.splice(from, 1);
    if (item !== undefined) next.splice(to, 0, item);
    onChange?.(next);
  };
  return (
    <Flex vertical gap={4} data-testid={testId}>
      {value.map((id, i) => (
        <Flex key={`${id}-${i}`} align="center" gap={4} data-testid={testId ? `${testId}-person` : undefined}>
          <Typography.Text type="secondary" style={{ width: 24, textAlign: 'right' }}>
            {i + 1}.
          </Typography.Text>
          <Typography.Text style={{ flex: 1 }}>{name(id)}</Typography.Text>
          <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t('peopleOrder.up')} />
          <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === value.length - 1} onClick={() => move(i, i + 1)} aria-label={t('peopleOrder.down')} />
          <Button size="small" type="text" icon={<CloseOutlined />} onClick={() => onChange?.(value.filter((_, j) => j !== i))} aria-label={t('common.delete')} />
        </Flex>
      ))}
      <Select
        showSearch
        optionFilterProp="label"
        value={null}
        placeholder={t('peopleOrder.add')}
        options={options.filter((o) => !value.includes(o.value))}
        onChange={(id: string | null) => id && onChange?.([...value, id])}
        data-testid={testId ? `${testId}-add` : undefined}
      />
    </Flex>
  );
}
