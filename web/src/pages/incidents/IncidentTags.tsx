import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import type { Incident, IncidentState, SlaTarget } from './incidentsApi';
import { isLevel, LEVEL_COLOR, leadingTarget, STANDING_COLOR, STATE_COLOR } from './incidentValues';
import { slaCountdown } from './slaText';

/** 一级 red, 二级 orange, 三级 gold (the workflow's words: incident.level.*). */
export function IncidentLevelTag({ level, testId }: { level: number; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={isLevel(level) ? LEVEL_COLOR[level] : 'default'} data-testid={testId} data-level={level} style={{ marginInlineEnd: 0, fontWeight: 600 }}>
      {t(`incident.level.${level}`, { defaultValue: String(level) })}
    </Tag>
  );
}

export function IncidentStateTag({ state, testId }: { state: IncidentState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOR[state]} data-testid={testId} data-state={state} style={{ marginInlineEnd: 0 }}>
      {t(`incident.state.${state}`)}
    </Tag>
  );
}

/** A major incident, and whether its update to the client is overdue. */
export function MajorBadge({ incident }: { incident: Pick<Incident, 'id' | 'major'> }) {
  const { t } = useTranslation();
  if (!incident.major) return null;
  return (
    <Tooltip title={incident.major.reason}>
      <Tag color="red" variant="filled" style={{ marginInlineEnd: 0 }} data-testid={`incident-major-${incident.id}`}>
        {t('incident.major')}
        {incident.major.communicationOverdue ? ` · ${t('incident.communicationOverdue')}` : ''}
      </Tag>
    </Tooltip>
  );
}

/** One target's countdown coloured by its standing; the due instant on hover. */
export function SlaTag({ target, testId }: { target: SlaTarget; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('incident.sla.dueAt', { clock: t(`incident.clock.${target.clock}`), at: formatDateTime(target.dueAt) })}>
      <Tag color={STANDING_COLOR[target.standing]} data-testid={testId} data-standing={target.standing} data-clock={target.clock} style={{ marginInlineEnd: 0 }}>
        {t(`incident.clock.${target.clock}`)} · {slaCountdown(t, target)}
      </Tag>
    </Tooltip>
  );
}

/** The list's SLA cell: the leading target (the first clock still running), or a dash when there is none. */
export function SlaCell({ incident }: { incident: Pick<Incident, 'id' | 'sla'> }) {
  const target = leadingTarget(incident.sla);
  if (!target) return <span data-testid={`incident-sla-${incident.id}`}>–</span>;
  return <SlaTag target={target} testId={`incident-sla-${incident.id}`} />;
}
