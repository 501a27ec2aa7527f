import { Card, Checkbox, Flex, Form, Input, InputNumber, Select, Switch, Tag, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import { KeyValueRows } from '../../components/KeyValueRows';
import { settingKey, type SettingField } from './settingsForm';

interface Props {
  kind: string;
  fields: readonly SettingField[];
  /** the secret fields the stored channel has a value for (none for a new channel) */
  secretsSet: readonly string[];
  creating: boolean;
}

/** The settings of one channel kind, drawn from its schema: under `settings`, with `clearSecrets` beside them. */
export function SettingsFields({ kind, fields, secretsSet, creating }: Props) {
  return (
    <>
      {fields.map((field) => (
        <SettingItem key={field.key} kind={kind} field={field} secretsSet={secretsSet} creating={creating} />
      ))}
    </>
  );
}

function SettingItem({ kind, field, secretsSet, creating }: { kind: string; field: SettingField } & Omit<Props, 'kind' | 'fields'>) {
  const { t } = useTranslation();
  const words = settingKey(kind, field);
  const title = t(`${words}.title`, { defaultValue: field.title });
  const help = field.description ? t(`${words}.description`, { defaultValue: field.description }) : undefined;
  const name = ['settings', ...field.path];
  const testId = `setting-${field.path.join('-')}`;
  const isSet = field.secret && secretsSet.includes(field.key);

  if (field.sort === 'group') {
    return (
      <Card size="small" title={title} style={{ marginBottom: 16 }} data-testid={testId}>
        {help ? <Typography.Paragraph type="secondary">{help}</Typography.Paragraph> : null}
        <SettingsFields kind={kind} fields={field.fields ?? []} secretsSet={[]} creating={creating} />
      </Card>
    );
  }

  const label = (
    <Flex gap={6} align="center" wrap>
      <span>{title}</span>
      {field.secret ? (
        <Tag color={isSet ? 'green' : 'default'} data-testid={`${testId}-state`} style={{ marginInlineEnd: 0 }}>
          {t(isSet ? 'channel.secretSet' : 'channel.secretNotSet')}
        </Tag>
      ) : null}
    </Flex>
  );
  // A secret already stored need not be typed again; a new channel's required secrets must be.
  const required = field.required && field.sort !== 'boolean' && !isSet;
  const rules: Rule[] = required ? [{ required: true, message: t('validation.required') }] : [];
  if (field.sort === 'json') {
    rules.push({
      validator: async (_, value: unknown) => {
        if (typeof value === 'string' && value.trim() !== '') JSON.parse(value);
      },
      message: t('channel.jsonInvalid'),
    });
  }

  if (field.sort === 'textMap') {
    return (
      <Form.Item label={label} extra={isSet ? t('channel.secretMapKeep') : help} required={required}>
        <KeyValueRows name={name} secret={field.secret} testId={testId} />
        {isSet && !field.required ? <ClearSecret name={field.key} /> : null}
      </Form.Item>
    );
  }

  return (
    <>
      <Form.Item
        name={name}
        label={label}
        extra={isSet ? t('channel.secretKeep') : help}
        rules={rules}
        valuePropName={field.sort === 'boolean' ? 'checked' : 'value'}
        style={isSet && !field.required ? { marginBottom: 4 } : undefined}
      >
        {input(field, testId, isSet ? t('channel.secretPlaceholder') : undefined)}
      </Form.Item>
      {isSet && !field.required ? <ClearSecret name={field.key} /> : null}
    </>
  );
}

function input(field: SettingField, testId: string, secretPlaceholder: string | undefined) {
  switch (field.sort) {
    case 'boolean':
      return <Switch data-testid={testId} />;
    case 'integer':
    case 'number':
      return <InputNumber min={field.minimum} max={field.maximum} precision={field.sort === 'integer' ? 0 : undefined} style={{ width: 200 }} data-testid={testId} />;
    case 'choice':
      return <Select allowClear options={(field.choices ?? []).map((c) => ({ value: c, label: c }))} style={{ maxWidth: 240 }} data-testid={testId} />;
    case 'textList':
      return <Select mode="tags" tokenSeparators={[',', ' ']} open={field.choices ? undefined : false} options={(field.choices ?? []).map((c) => ({ value: c, label: c }))} data-testid={testId} />;
    case 'longText':
      return <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={field.maxLength} data-testid={testId} />;
    case 'json':
      return <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} style={{ fontFamily: 'monospace' }} data-testid={testId} />;
    default:
      return field.secret ? (
        <Input.Password placeholder={secretPlaceholder} autoComplete="new-password" maxLength={field.maxLength} data-testid={testId} />
      ) : (
        <Input maxLength={field.maxLength} data-testid={testId} />
      );
  }
}

/** "Remove the stored value" for an optional secret (leaving the input empty keeps it). */
function ClearSecret({ name }: { name: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={['clearSecrets', name]} valuePropName="checked" style={{ marginTop: -4 }}>
      <Checkbox data-testid={`setting-${name}-clear`}>{t('channel.secretClear')}</Checkbox>
    </Form.Item>
  );
}
