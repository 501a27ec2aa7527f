import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../planApi';
import { TextPair } from './TextPair';

/** Preventive measures (预防措施): what keeps the emergency from happening, not steps of an incident. */
export function PreventionFields() {
  const { t } = useTranslation();
  return (
    <Form.List name="prevention">
      {(rows, { add, remove }, { errors }) => (
        <Flex vertical gap={4} data-testid="plan-prevention">
          {rows.map((row, i) => (
            <Flex key={row.key} gap={8} align="start" data-testid={`plan-prevention-${i}`}>
              <div style={{ flex: 1 }}>
                <TextPair name={[row.name]} label={t('planLibrary.preventionN', { n: i + 1 })} max={LIMITS.detail} rows={1} testId={`plan-prevention-${i}`} />
              </div>
              <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('common.delete')} style={{ marginTop: 30 }} data-testid={`plan-prevention-${i}-remove`} />
            </Flex>
          ))}
          <Form.ErrorList errors={errors} />
          {rows.length < LIMITS.prevention ? (
            <Button type="dashed" icon={<PlusOutlined />} style={{ alignSelf: 'flex-start' }} onClick={() => add({ zh: '', en: '' })} data-testid="plan-prevention-add">
              {t('planLibrary.addPrevention')}
            </Button>
          ) : null}
        </Flex>
      )}
    </Form.List>
  );
}
