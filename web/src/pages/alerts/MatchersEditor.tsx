import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, Select } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { useTranslation } from 'react-i18next';
import type { MatchOp } from '../../api/alerts';
import { MAX_MATCHERS } from './alertValues';

const OPS: readonly MatchOp[] = ['=', '!=', '=~', '!~'];
export const LABEL_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/**
 * Label matchers as rows of the form list `name` (silences, rule scopes, event attributes): label, operator, value.
 * A regex (=~, !~) must match the whole value, as in Alertmanager; the server refuses one that does not compile or
 * could take exponential time.
 */
export function MatchersEditor({
  name,
  testId,
  addLabel,
  requiredMessage,
}: {
  name: NamePath;
  testId?: string;
  addLabel?: string;
  /** when given, at least one matcher is needed and this is said otherwise */
  requiredMessage?: string;
}) {
  const { t } = useTranslation();
  const rules = requiredMessage
    ? [
        {
          validator: async (_: unknown, rows: unknown[] | undefined) => {
            if (!rows || rows.length === 0) throw new Error(requiredMessage);
          },
        },
      ]
    : undefined;
  return (
    <Form.List name={name} rules={rules}>
      {(fields, { add, remove }, { errors }) => (
        <Flex vertical gap={0} data-testid={testId}>
          {fields.map((field) => (
            <Flex key={field.key} gap={8} align="baseline" data-testid="matcher-row">
              <Form.Item
                name={[field.name, 'name']}
                style={{ flex: 2, marginBottom: 8 }}
                rules={[
                  { required: true, whitespace: true, message: t('validation.required') },
                  { pattern: LABEL_NAME_PATTERN, message: t('silence.labelNamePattern') },
                ]}
              >
                <Input placeholder={t('silence.labelName')} />
              </Form.Item>
              <Form.Item name={[field.name, 'op']} style={{ width: 76, marginBottom: 8 }}>
                <Select options={OPS.map((op) => ({ value: op, label: op }))} popupMatchSelectWidth={false} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'value']}
                style={{ flex: 3, marginBottom: 8 }}
                rules={[{ max: 500, message: t('validation.maxLength', { max: 500 }) }]}
              >
                <Input placeholder={t('silence.labelValue')} />
              </Form.Item>
              <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
            </Flex>
          ))}
          <Button
            type="dashed"
            onClick={() => add({ name: '', op: '=', value: '' })}
            icon={<PlusOutlined />}
            disabled={fields.length >= MAX_MATCHERS}
            style={{ alignSelf: 'flex-start' }}
          >
            {addLabel ?? t('silence.addMatcher')}
          </Button>
          <Form.ErrorList errors={errors} />
        </Flex>
      )}
    </Form.List>
  );
}
