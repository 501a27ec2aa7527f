import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * A text → text map edited as rows of name and value (HTTP headers, template variables). The form holds
 * `{ key, value }[]`; the page turns it into an object. Problems the server names on the map show under the rows.
 */
export function KeyValueRows({ name, secret, testId }: { name: (string | number)[]; secret?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const Value = secret ? Input.Password : Input;
  return (
    <Form.List name={name}>
      {(rows, { add, remove }, { errors }) => (
        <Flex vertical gap={8} data-testid={testId}>
          {rows.map((row) => (
            <Flex key={row.key} gap={8} align="start">
              <Form.Item name={[row.name, 'key']} style={{ flex: 2, marginBottom: 0 }}>
                <Input placeholder={t('keyValue.name')} aria-label={t('keyValue.name')} />
              </Form.Item>
              <Form.Item name={[row.name, 'value']} style={{ flex: 3, marginBottom: 0 }}>
                <Value placeholder={t('keyValue.value')} aria-label={t('keyValue.value')} autoComplete="new-password" />
              </Form.Item>
              <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('common.delete')} />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', value: '' })} style={{ alignSelf: 'flex-start' }}>
            {t('keyValue.add')}
          </Button>
          <Form.ErrorList errors={errors} />
        </Flex>
      )}
    </Form.List>
  );
}
