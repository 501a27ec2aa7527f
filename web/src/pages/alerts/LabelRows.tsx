import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { LABEL_NAME_PATTERN } from './MatchersEditor';

const MAX_LABELS = 20;

/** A rule's own labels (every alert of the rule carries them) as key/value rows of the form list `name`. */
export function LabelRows({ name }: { name: string }) {
  const { t } = useTranslation();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Flex vertical gap={0}>
          {fields.map((field) => (
            <Flex key={field.key} gap={8} align="baseline">
              <Form.Item
                name={[field.name, 'key']}
                style={{ flex: 1, marginBottom: 8 }}
                rules={[
                  { required: true, whitespace: true, message: t('validation.required') },
                  { pattern: LABEL_NAME_PATTERN, message: t('silence.labelNamePattern') },
                  { max: 100, message: t('validation.maxLength', { max: 100 }) },
                ]}
              >
                <Input placeholder={t('silence.labelName')} />
              </Form.Item>
              <Form.Item name={[field.name, 'value']} style={{ flex: 2, marginBottom: 8 }} rules={[{ max: 500, message: t('validation.maxLength', { max: 500 }) }]}>
                <Input placeholder={t('silence.labelValue')} />
              </Form.Item>
              <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', value: '' })} disabled={fields.length >= MAX_LABELS} style={{ alignSelf: 'flex-start' }}>
            {t('alertRule.addLabel')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}
