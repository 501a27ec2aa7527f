import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Form, Input, InputNumber, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { CHECK_KINDS, LIMITS, PLAN_DEVICE_TYPES, STEP_PHASES } from '../planApi';
import type { CheckKindValue } from '../planForm';
import { TextPair } from './TextPair';

export interface StepCardProps {
  /** the row's name in the list (its index) */
  name: number;
  total: number;
  roleOptions: { value: string; label: string }[];
  onMove: (from: number, to: number) => void;
  onRemove: (index: number) => void;
}

const item = { style: { marginBottom: 12 } };

/** One step: key, who does it, phase, expected minutes, title and detail in both languages, and an optional check. */
export function StepCard({ name, total, roleOptions, onMove, onRemove }: StepCardProps) {
  const { t } = useTranslation();
  const kind = (Form.useWatch(['steps', name, 'check', 'kind']) ?? 'none') as CheckKindValue;
  const id = `plan-step-${name}`;
  return (
    <Card
      size="small"
      data-testid={id}
      title={t('planLibrary.stepN', { n: name + 1 })}
      extra={
        <Flex gap={4}>
          <Button type="text" icon={<ArrowUpOutlined />} disabled={name === 0} onClick={() => onMove(name, name - 1)} aria-label={t('planLibrary.moveUp')} data-testid={`${id}-up`} />
          <Button type="text" icon={<ArrowDownOutlined />} disabled={name === total - 1} onClick={() => onMove(name, name + 1)} aria-label={t('planLibrary.moveDown')} data-testid={`${id}-down`} />
          <Button type="text" danger icon={<DeleteOutlined />} disabled={total <= 1} onClick={() => onRemove(name)} aria-label={t('common.delete')} data-testid={`${id}-remove`} />
        </Flex>
      }
    >
      <Row gutter={12}>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item name={[name, 'key']} label={t('planLibrary.field.stepKey')} required {...item}>
            <Input maxLength={64} data-testid={`${id}-key`} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item name={[name, 'role']} label={t('planLibrary.field.role')} required {...item}>
            <Select options={roleOptions} data-testid={`${id}-role`} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item name={[name, 'phase']} label={t('planLibrary.field.phase')} required {...item}>
            <Select options={STEP_PHASES.map((p) => ({ value: p, label: t(`planLibrary.phase.${p}`) }))} data-testid={`${id}-phase`} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item name={[name, 'expectedMinutes']} label={t('planLibrary.field.expectedMinutes')} required {...item}>
            <InputNumber min={1} max={LIMITS.stepMinutes} precision={0} style={{ width: '100%' }} data-testid={`${id}-minutes`} />
          </Form.Item>
        </Col>
      </Row>
      <TextPair name={[name, 'title']} label={t('planLibrary.field.stepTitle')} max={LIMITS.title} testId={`${id}-title`} />
      <TextPair name={[name, 'detail']} label={t('planLibrary.field.detail')} max={LIMITS.detail} rows={2} optional testId={`${id}-detail`} />
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name={[name, 'check', 'kind']} label={t('planLibrary.field.check')} tooltip={t('planLibrary.checkHint')} {...item}>
            <Select
              options={[{ value: 'none', label: t('planLibrary.checkKind.none') }, ...CHECK_KINDS.map((k) => ({ value: k, label: t(`planLibrary.checkKind.${k}`) }))]}
              data-testid={`${id}-check-kind`}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          {kind === 'device-online' ? (
            <Form.Item name={[name, 'check', 'device']} label={t('planLibrary.field.checkDevice')} required {...item}>
              <Input maxLength={64} placeholder="G2" data-testid={`${id}-check-device`} />
            </Form.Item>
          ) : kind === 'devices-online' ? (
            <Form.Item name={[name, 'check', 'deviceType']} label={t('planLibrary.field.checkDeviceType')} required {...item}>
              <Select options={PLAN_DEVICE_TYPES.map((d) => ({ value: d, label: t(`deviceType.${d}`) }))} data-testid={`${id}-check-device-type`} />
            </Form.Item>
          ) : kind === 'alert-resolved' ? (
            <Form.Item name={[name, 'check', 'rule']} label={t('planLibrary.field.checkRule')} extra={t('planLibrary.checkRuleHint')} {...item}>
              <Input maxLength={100} data-testid={`${id}-check-rule`} />
            </Form.Item>
          ) : null}
        </Col>
      </Row>
    </Card>
  );
}
