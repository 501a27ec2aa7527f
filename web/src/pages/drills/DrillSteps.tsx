import { Button, Card, Flex, Form, Input, Modal, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import { localText, stepActions } from './drillCalendar';
import type { DrillStep, RunDetail, StepAction } from './drillsApi';

const STATUS_COLORS = { pending: 'default', started: 'processing', done: 'success', skipped: 'warning' } as const;

/**
 * The drill's checklist in drill mode: one column of cards (usable on a phone), each step with its role, expected and
 * actual minutes, who moved it and when, and what it may do next. Skipping asks for the reason.
 */
export function DrillSteps({ run, writable, busy, onAction }: { run: RunDetail; writable: boolean; busy: boolean; onAction: (step: DrillStep, action: StepAction, reason?: string) => void }) {
  const { t, i18n } = useTranslation();
  const [skipping, setSkipping] = useState<DrillStep | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const finished = run.progress.done + run.progress.skipped;
  const name = (id: string | null) => (id ? (run.participants.find((p) => p.id === id)?.name ?? (run.owner?.id === id ? run.owner.name : id)) : '');

  return (
    <Flex vertical gap={8} data-testid="drill-steps">
      <Progress percent={run.progress.total === 0 ? 0 : Math.round((finished / run.progress.total) * 100)} format={() => `${finished}/${run.progress.total}`} size="small" />
      {run.steps.map((step) => (
        <Card key={step.key} size="small" data-testid={`drill-step-${step.key}`} data-status={step.status}>
          <Flex justify="space-between" gap={8} wrap>
            <Space direction="vertical" size={2} style={{ minWidth: 0, flex: '1 1 240px' }}>
              <Typography.Text strong>
                {step.position}. {localText(step.title, i18n.language)}
              </Typography.Text>
              {step.detail ? <Typography.Text type="secondary">{localText(step.detail, i18n.language)}</Typography.Text> : null}
              <Space size={[4, 4]} wrap>
                <Tag color={STATUS_COLORS[step.status]}>{t(`drills.stepStatus.${step.status}`)}</Tag>
                <Tag>{step.role}</Tag>
                <Tag>{t(`drills.phase.${step.phase}`, { defaultValue: step.phase })}</Tag>
                <Tag color={step.overdue ? 'red' : undefined} data-testid={`drill-step-minutes-${step.key}`}>
                  {t('drills.minutes', { actual: step.actualMinutes ?? '—', expected: step.expectedMinutes })}
                </Tag>
              </Space>
              {step.doneAt ? <Typography.Text type="secondary">{t('drills.doneBy', { who: name(step.doneBy), at: formatDateTime(step.doneAt) })}</Typography.Text> : null}
              {step.skippedAt ? <Typography.Text type="secondary">{t('drills.skippedBy', { who: name(step.skippedBy), at: formatDateTime(step.skippedAt), reason: step.skipReason })}</Typography.Text> : null}
            </Space>
            {writable ? (
              <Space wrap>
                {stepActions(step.status, run.state).map((action) => (
                  <Button
                    key={action}
                    size="large"
                    type={action === 'done' ? 'primary' : 'default'}
                    disabled={busy}
                    onClick={() => (action === 'skip' ? setSkipping(step) : onAction(step, action))}
                    data-testid={`drill-step-${action}-${step.key}`}
                  >
                    {t(`drills.stepAction.${action}`)}
                  </Button>
                ))}
              </Space>
            ) : null}
          </Flex>
        </Card>
      ))}
      {skipping ? (
        <Modal
          open
          title={t('drills.skipTitle', { step: localText(skipping.title, i18n.language) })}
          okText={t('drills.stepAction.skip')}
          cancelText={t('common.cancel')}
          onCancel={() => setSkipping(null)}
          onOk={() =>
            void form.validateFields().then(
              (v) => {
                onAction(skipping, 'skip', v.reason.trim());
                setSkipping(null);
              },
              () => undefined,
            )
          }
          okButtonProps={{ 'data-testid': 'drill-skip-submit' }}
          destroyOnHidden
        >
          <Form form={form} layout="vertical">
            <Form.Item name="reason" label={t('drills.skipReason')} rules={[{ required: true, whitespace: true, message: t('drills.required') }, { max: 1000 }]}>
              <Input.TextArea rows={3} autoFocus data-testid="drill-skip-reason" />
            </Form.Item>
          </Form>
        </Modal>
      ) : null}
    </Flex>
  );
}
