import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { LABEL_KEY_PATTERN } from './deviceForm';

const MAX_LABELS = 50;

/** Key/value labels of a device as rows of the form list `labels`. */
export function LabelsEditor() {
  const { t } = useTranslation();
  return (
    <Form.List name="labels">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => (
            <Flex key={field.key} gap={8} align="baseline" data-testid="device-label-row">
              <Form.Item
                name={[field.name, 'key']}
                style={{ flex: 1, marginBottom: 8 }}
                rules={[
                  { required: true, whitespace: true, message: t('validation.required') },
                  { pattern: LABEL_KEY_PATTERN, message: t('device.labelKeyPattern') },
                ]}
              >
                <Input placeholder={t('device.labelKey')} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'value']}
                style={{ flex: 1, marginBottom: 8 }}
                rules={[{ max: 200, message: t('validation.maxLength', { max: 200 }) }]}
              >
                <Input placeholder={t('device.labelValue')} />
              </Form.Item>
              <Button
                type="text"
                icon={<MinusCircleOutlined />}
                onClick={() => remove(field.name)}
                aria-label={t('common.delete')}
              />
            </Flex>
          ))}
          <Button
            type="dashed"
            onClick={() => add({ key: '', value: '' })}
            icon={<PlusOutlined />}
            disabled={fields.length >= MAX_LABELS}
            data-testid="device-label-add"
          >
            {t('device.addLabel')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
