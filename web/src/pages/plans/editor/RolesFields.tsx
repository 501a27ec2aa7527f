import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../planApi';
import { nextKey, type RoleValues } from '../planForm';
import { TextPair } from './TextPair';

/** The plan's roles (commander, on-site engineer, finance…): steps name them by key. */
export function RolesFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  return (
    <Form.List name="roles">
      {(rows, { add, remove }, { errors }) => (
        <Flex vertical gap={12} data-testid="plan-roles">
          {rows.map((row, i) => (
            <Card
              key={row.key}
              size="small"
              data-testid={`plan-role-${i}`}
              title={t('planLibrary.roleN', { n: i + 1 })}
              extra={<Button type="text" danger icon={<DeleteOutlined />} disabled={rows.length <= 1} onClick={() => remove(row.name)} aria-label={t('common.delete')} data-testid={`plan-role-${i}-remove`} />}
            >
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item name={[row.name, 'key']} label={t('planLibrary.field.roleKey')} required style={{ marginBottom: 12 }}>
                    <Input maxLength={64} data-testid={`plan-role-${i}-key`} />
                  </Form.Item>
                </Col>
              </Row>
              <TextPair name={[row.name, 'name']} label={t('planLibrary.field.roleName')} max={LIMITS.title} testId={`plan-role-${i}-name`} />
              <TextPair name={[row.name, 'duties']} label={t('planLibrary.field.duties')} max={LIMITS.detail} rows={1} optional testId={`plan-role-${i}-duties`} />
            </Card>
          ))}
          <Form.ErrorList errors={errors} />
          {rows.length < LIMITS.roles ? (
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              style={{ alignSelf: 'flex-start' }}
              data-testid="plan-role-add"
              onClick={() => {
                const roles = (form.getFieldValue('roles') ?? []) as RoleValues[];
                add({ key: nextKey('role', roles.map((r) => r?.key)), name: { zh: '', en: '' }, duties: { zh: '', en: '' } } satisfies RoleValues);
              }}
            >
              {t('planLibrary.addRole')}
            </Button>
          ) : null}
        </Flex>
      )}
    </Form.List>
  );
}
