import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Form, Input, Row, Select, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AUDIENCES, LIMITS, PLACEHOLDERS } from '../planApi';
import { nextKey, type CommunicationValues } from '../planForm';
import { TextPair } from './TextPair';

/** The {{placeholders}} a template may use, each with what it is filled with when the message is sent. */
function PlaceholderHint() {
  const { t } = useTranslation();
  return (
    <Typography.Paragraph type="secondary" data-testid="plan-placeholders">
      {t('planLibrary.placeholdersHint')}{' '}
      {PLACEHOLDERS.map((p) => (
        <Tooltip key={p} title={t(`planLibrary.placeholder.${p}`)}>
          <Tag style={{ marginBottom: 4 }}>{`{{${p}}}`}</Tag>
        </Tooltip>
      ))}
    </Typography.Paragraph>
  );
}

/** Communication templates: to the client, the public notice board, the staff; subject and body in both languages. */
export function CommunicationsFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  return (
    <>
      <PlaceholderHint />
      <Form.List name="communications">
        {(rows, { add, remove }, { errors }) => (
          <Flex vertical gap={12} data-testid="plan-communications">
            {rows.map((row, i) => (
              <Card
                key={row.key}
                size="small"
                data-testid={`plan-communication-${i}`}
                title={t('planLibrary.communicationN', { n: i + 1 })}
                extra={<Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('common.delete')} data-testid={`plan-communication-${i}-remove`} />}
              >
                <Row gutter={12}>
                  <Col xs={24} md={12}>
                    <Form.Item name={[row.name, 'key']} label={t('planLibrary.field.communicationKey')} required style={{ marginBottom: 12 }}>
                      <Input maxLength={64} data-testid={`plan-communication-${i}-key`} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name={[row.name, 'audience']} label={t('planLibrary.field.audience')} required style={{ marginBottom: 12 }}>
                      <Select options={AUDIENCES.map((a) => ({ value: a, label: t(`planLibrary.audience.${a}`) }))} data-testid={`plan-communication-${i}-audience`} />
                    </Form.Item>
                  </Col>
                </Row>
                <TextPair name={[row.name, 'subject']} label={t('planLibrary.field.subject')} max={LIMITS.subject} testId={`plan-communication-${i}-subject`} />
                <TextPair name={[row.name, 'body']} label={t('planLibrary.field.body')} max={LIMITS.body} rows={4} testId={`plan-communication-${i}-body`} />
              </Card>
            ))}
            <Form.ErrorList errors={errors} />
            {rows.length < LIMITS.communications ? (
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                style={{ alignSelf: 'flex-start' }}
                data-testid="plan-communication-add"
                onClick={() => {
                  const list = (form.getFieldValue('communications') ?? []) as CommunicationValues[];
                  add({ key: nextKey('message', list.map((c) => c?.key)), audience: 'staff', subject: { zh: '', en: '' }, body: { zh: '', en: '' } } satisfies CommunicationValues);
                }}
              >
                {t('planLibrary.addCommunication')}
              </Button>
            ) : null}
          </Flex>
        )}
      </Form.List>
    </>
  );
}
