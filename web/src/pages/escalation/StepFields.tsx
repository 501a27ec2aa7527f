import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { newStep, ROSTER_INCLUDES, TARGET_KINDS, type PolicyFormValues } from './policyForm';

export interface Option {
  value: string;
  label: string;
}

export interface StepChoices {
  users: Option[];
  rosters: Option[];
  roles: Option[];
  channels: Option[];
}

const MAX_STEPS = 10;
const MAX_TARGETS = 20;
const MAX_WAIT = 24 * 60;

/** One target row: what kind (a person, a roster, a role) and which one; a roster also says whom of it. */
function TargetRow({ step, row, index, choices, onRemove }: { step: number; row: number; index: number; choices: StepChoices; onRemove: () => void }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<PolicyFormValues>();
  const required = { required: true, message: t('validation.required') };
  const testId = `step-${step}-target-${index}`;
  return (
    <Flex gap={8} wrap align="start" data-testid={testId}>
      <Form.Item name={[row, 'kind']} style={{ marginBottom: 0, width: 120 }} rules={[required]}>
        <Select options={TARGET_KINDS.map((k) => ({ value: k, label: t(`policy.target.${k}`) }))} data-testid={`${testId}-kind`} />
      </Form.Item>
      <Form.Item noStyle shouldUpdate>
        {() => {
          const kind = form.getFieldValue(['steps', step, 'targets', row, 'kind']) as string | undefined;
          if (kind === 'user') {
            return (
              <Form.Item name={[row, 'userId']} style={{ marginBottom: 0, flex: 1, minWidth: 180 }} rules={[required]}>
                <Select showSearch optionFilterProp="label" options={choices.users} placeholder={t('policy.target.pickUser')} data-testid={`${testId}-user`} />
              </Form.Item>
            );
          }
          if (kind === 'role') {
            return (
              <Form.Item name={[row, 'roleId']} style={{ marginBottom: 0, flex: 1, minWidth: 180 }} rules={[required]}>
                <Select showSearch optionFilterProp="label" options={choices.roles} placeholder={t('policy.target.pickRole')} data-testid={`${testId}-role`} />
              </Form.Item>
            );
          }
          return (
            <>
              <Form.Item name={[row, 'rosterId']} style={{ marginBottom: 0, flex: 1, minWidth: 180 }} rules={[required]}>
                <Select showSearch optionFilterProp="label" options={choices.rosters} placeholder={t('policy.target.pickRoster')} data-testid={`${testId}-roster`} />
              </Form.Item>
              <Form.Item name={[row, 'include']} style={{ marginBottom: 0, width: 170 }} initialValue="on-duty">
                <Select options={ROSTER_INCLUDES.map((i) => ({ value: i, label: t(`policy.include.${i}`) }))} data-testid={`${testId}-include`} />
              </Form.Item>
            </>
          );
        }}
      </Form.Item>
      <Button type="text" icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('common.delete')} />
    </Flex>
  );
}

/** The policy's steps in order: whom each pages, over which channels, and how long it waits for an acknowledgement. */
export function StepFields({ choices }: { choices: StepChoices }) {
  const { t } = useTranslation();
  const required = { required: true, message: t('validation.required') };
  return (
    <Form.List name="steps">
      {(steps, { add, remove, move }, { errors }) => (
        <Flex vertical gap={12} data-testid="policy-steps">
          {steps.map((step, i) => (
            <Card
              key={step.key}
              size="small"
              title={t('policy.step.title', { n: i + 1 })}
              data-testid={`policy-step-${i}`}
              extra={
                <Flex gap={0}>
                  <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t('peopleOrder.up')} />
                  <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === steps.length - 1} onClick={() => move(i, i + 1)} aria-label={t('peopleOrder.down')} />
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} disabled={steps.length === 1} onClick={() => remove(step.name)} aria-label={t('common.delete')} />
                </Flex>
              }
            >
              <Form.Item label={t('policy.step.targets')} required>
                <Form.List name={[step.name, 'targets']}>
                  {(targets, { add: addTarget, remove: removeTarget }, { errors: targetErrors }) => (
                    <Flex vertical gap={8}>
                      {targets.map((target, j) => (
                        <TargetRow key={target.key} step={step.name} row={target.name} index={j} choices={choices} onRemove={() => removeTarget(target.name)} />
                      ))}
                      <Form.ErrorList errors={targetErrors} />
                      {targets.length < MAX_TARGETS ? (
                        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => addTarget({ kind: 'user' })} style={{ alignSelf: 'flex-start' }} data-testid={`step-${i}-target-add`}>
                          {t('policy.step.addTarget')}
                        </Button>
                      ) : null}
                    </Flex>
                  )}
                </Form.List>
              </Form.Item>
              <Form.Item name={[step.name, 'channelIds']} label={t('policy.step.channels')} rules={[{ ...required, type: 'array', min: 1 }]}>
                <Select mode="multiple" optionFilterProp="label" options={choices.channels} data-testid={`step-${i}-channels`} />
              </Form.Item>
              <Form.Item name={[step.name, 'waitMinutes']} label={t('policy.step.wait')} extra={t('policy.step.waitHint')} rules={[required]} style={{ marginBottom: 0 }}>
                <InputNumber min={1} max={MAX_WAIT} precision={0} suffix={t('policy.minutes')} style={{ width: 180 }} data-testid={`step-${i}-wait`} />
              </Form.Item>
            </Card>
          ))}
          <Form.ErrorList errors={errors} />
          {steps.length < MAX_STEPS ? (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(newStep())} data-testid="policy-step-add">
              {t('policy.step.add')}
            </Button>
          ) : null}
        </Flex>
      )}
    </Form.List>
  );
}
