import { AlertOutlined } from '@ant-design/icons';
import { App, Button, Card, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { describeError } from '../../../app/errors';
import { formatDateTime } from '../../../app/format';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useCan } from '../../../hooks/usePermission';
import type { Incident } from '../incidentsApi';
import { localText, warRoomProminent } from './checklist';
import { planApi, type Suggestion } from './planApi';
import { PlanChecklist } from './PlanChecklist';
import { PlanCommunications } from './PlanCommunications';
import { PlanSuggestions } from './PlanSuggestions';
import { useIncidentPlan } from './useIncidentPlan';

export const warRoomPath = (incidentId: string) => `/incidents/${encodeURIComponent(incidentId)}/war-room`;

/**
 * The emergency plan inside the incident (SPEC C5.5): without a plan, the suggested ones and "take this plan"; with
 * one, its checklist. Level-1 incidents that run a plan get the war room prominently. `inWarRoom` drops the link.
 */
export function PlanPanel({ incident, inWarRoom = false }: { incident: Incident; inWarRoom?: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const navigate = useNavigate();
  const loaded = useIncidentPlan(incident.id);
  const [taking, setTaking] = useState<string | null>(null);
  if (!can('incidents:read')) return null;

  const closed = incident.state === 'closed';
  const writable = can('incidents:write') && !closed;
  const plan = loaded.data;

  const take = async (s: Suggestion) => {
    setTaking(s.planId);
    try {
      const attached = await planApi.attach(incident.id, s.planId);
      loaded.setData(() => attached);
      void message.success(t('incidentPlan.taken', { title: s.title }));
    } catch (error) {
      void message.error(describeError(t, error));
      loaded.reload();
    } finally {
      setTaking(null);
    }
  };

  // A closed incident that ran no plan has nothing to show or take.
  if (closed && plan === null) return null;
  const prominent = warRoomProminent(incident.level, plan);
  const warRoom =
    !inWarRoom && plan ? (
      <Button
        size={prominent ? 'middle' : 'small'}
        type={prominent ? 'primary' : 'default'}
        danger={prominent}
        icon={<AlertOutlined />}
        href={warRoomPath(incident.id)}
        onClick={(event) => {
          // a plain click stays in the console; a middle or ctrl click opens the address
          if (event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
            event.preventDefault();
            void navigate(warRoomPath(incident.id));
          }
        }}
        data-testid="plan-war-room-link"
        data-prominent={prominent ? 'yes' : 'no'}
      >
        {t('incidentPlan.warRoom')}
      </Button>
    ) : null;

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="plan-panel"
      data-plan={plan?.planKey ?? ''}
      title={plan ? `${t('incidentPlan.title')} · ${localText(plan.title, i18n.language)}` : t('incidentPlan.suggestedTitle')}
      extra={warRoom}
    >
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      {plan === undefined ? (
        loaded.error ? null : <Spin style={{ display: 'block', margin: '16px auto' }} />
      ) : plan === null ? (
        <PlanSuggestions incidentId={incident.id} writable={writable} taking={taking} onTake={(s) => void take(s)} />
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('incidentPlan.attached', { version: plan.planVersion, name: plan.attachedBy?.name ?? t('incidentPlan.opsdesk'), at: formatDateTime(plan.attachedAt) })}
          </Typography.Paragraph>
          <PlanChecklist incidentId={incident.id} plan={plan} writable={writable} onPlan={(next) => loaded.setData(() => next)} reload={loaded.reload} />
          {/* In the war room the messages have their own card beside the checklist. */}
          {inWarRoom ? null : <PlanCommunications incidentId={incident.id} closed={incident.state === 'closed'} />}
        </>
      )}
    </Card>
  );
}
