import { CheckCircleOutlined, ClockCircleOutlined, FieldTimeOutlined, SafetyCertificateOutlined, UserSwitchOutlined, PlayCircleOutlined, StopOutlined, FileDoneOutlined } from '@ant-design/icons';
import { Button, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../app/format';
import { elapsedText, elapsedTone, finishedBy, localText, stepActions } from './checklist';
import type { ChecklistStep, StepAction } from './planApi';

const STATUS_COLOR: Record<ChecklistStep['status'], string> = { pending: 'default', started: 'processing', done: 'success', skipped: 'warning' };
const ACTION_ICON: Record<StepAction, React.ReactNode> = {
  start: <PlayCircleOutlined />,
  done: <CheckCircleOutlined />,
  skip: <StopOutlined />,
  reassign: <UserSwitchOutlined />,
};

/**
 * One checklist step as a card that reads top to bottom on a phone: title, detail, who holds it, its time against the
 * expected one (red when overdue), who finished it and when, and big buttons for what it may do next.
 */
export function StepCard({ step, index, writable, busy, onAction }: { step: ChecklistStep; index: number; writable: boolean; busy: boolean; onAction: (action: StepAction) => void }) {
  const { t, i18n } = useTranslation();
  const time = elapsedText(step);
  const tone = elapsedTone(step);
  const finished = finishedBy(step);
  const actions = stepActions(step, writable);
  const detail = localText(step.detail, i18n.language);

  return (
    <div
      data-testid={`plan-step-${step.key}`}
      data-status={step.status}
      style={{
        border: '1px solid rgba(5, 5, 5, 0.06)',
        borderLeft: `4px solid ${tone === 'overdue' && step.status === 'started' ? '#cf1322' : step.status === 'done' ? '#389e0d' : step.status === 'skipped' ? '#d48806' : '#d9d9d9'}`,
        borderRadius: 8,
        padding: 12,
        minWidth: 0,
        overflowWrap: 'anywhere',
      }}
    >
      <Flex vertical gap={6}>
        <Flex gap={8} align="baseline" wrap>
          <Typography.Text type="secondary">{index}.</Typography.Text>
          <Typography.Text strong style={{ flex: '1 1 180px', minWidth: 0 }} data-testid={`plan-step-${step.key}-title`}>
            {localText(step.title, i18n.language)}
          </Typography.Text>
          <Tag color={STATUS_COLOR[step.status]} style={{ marginInlineEnd: 0 }} data-testid={`plan-step-${step.key}-status`}>
            {t(`incidentPlan.status.${step.status}`)}
          </Tag>
        </Flex>
        {detail ? (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
            {detail}
          </Typography.Paragraph>
        ) : null}
        <Flex gap={6} wrap align="center">
          <Tag>{t(`incidentPlan.role.${step.role}`, { defaultValue: step.role })}</Tag>
          <Typography.Text data-testid={`plan-step-${step.key}-assignee`}>{step.assignee?.name ?? t('incidentPlan.unassigned')}</Typography.Text>
          {step.backfill ? (
            <Tag icon={<FileDoneOutlined />} color="purple" data-testid={`plan-step-${step.key}-backfill`}>
              {t('incidentPlan.backfillStep')}
            </Tag>
          ) : null}
          {step.check ? (
            <Tag icon={<SafetyCertificateOutlined />} color={step.verified ? 'green' : 'default'}>
              {t(`incidentPlan.check.${step.check.kind}`)}
            </Tag>
          ) : null}
        </Flex>
        <Typography.Text type={tone === 'overdue' ? 'danger' : 'secondary'} strong={tone === 'overdue'} data-testid={`plan-step-${step.key}-time`} data-tone={tone}>
          {tone === 'overdue' ? <FieldTimeOutlined /> : <ClockCircleOutlined />} {t(time.key, time.values)}
          {tone === 'overdue' ? ` · ${t('incidentPlan.time.overdue')}` : ''}
        </Typography.Text>
        {step.startedAt && !finished ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('incidentPlan.startedBy', { name: step.startedBy?.name ?? t('incidentPlan.opsdesk'), at: formatDateTime(step.startedAt) })}
          </Typography.Text>
        ) : null}
        {finished ? (
          <Typography.Text style={{ fontSize: 12 }} data-testid={`plan-step-${step.key}-finished`} data-kind={finished.kind} data-by={finished.name ?? ''}>
            {finished.kind === 'verified' ? (
              <Tag icon={<SafetyCertificateOutlined />} color="green" data-testid={`plan-step-${step.key}-verified`}>
                {t('incidentPlan.verified')}
              </Tag>
            ) : null}
            {t(`incidentPlan.finished.${finished.kind}`, { name: finished.name ?? t('incidentPlan.opsdesk'), at: formatDateTime(finished.at) })}
          </Typography.Text>
        ) : null}
        {step.skipReason ? (
          <Typography.Text type="warning" data-testid={`plan-step-${step.key}-reason`} data-reason={step.skipReason}>
            {t('incidentPlan.skipReason', { reason: step.skipReason })}
          </Typography.Text>
        ) : null}
        {actions.length > 0 ? (
          <Flex gap={8} wrap style={{ marginTop: 4 }}>
            {actions.map((action) => (
              <Button
                key={action}
                size="large"
                type={action === 'done' || (action === 'start' && step.status === 'pending') ? 'primary' : 'default'}
                ghost={action === 'start'}
                icon={ACTION_ICON[action]}
                disabled={busy}
                onClick={() => onAction(action)}
                style={{ flex: '1 1 120px' }}
                data-testid={`plan-step-${step.key}-${action}`}
              >
                {t(`incidentPlan.action.${action}`)}
              </Button>
            ))}
          </Flex>
        ) : null}
      </Flex>
    </div>
  );
}
