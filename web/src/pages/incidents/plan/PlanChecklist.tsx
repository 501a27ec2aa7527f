import { Alert, App, Flex, Progress as ProgressBar, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../app/errors';
import { useIncidentNames } from '../useIncidentNames';
import { checklistPeople, groupByPhase, isFinished, isStaleStep, progress, stepBody, type StepFormValues } from './checklist';
import { planApi, type ChecklistStep, type IncidentPlan, type StepAction } from './planApi';
import { StepCard } from './StepCard';
import { ReassignModal, SkipModal } from './StepModals';

/**
 * The incident's checklist: progress, the back-fill blocker, then the steps phase by phase as one column of cards (no
 * table: it must work on a phone). Every update carries the step's version; a step that moved meanwhile (409) is
 * explained and the checklist reloaded.
 */
export function PlanChecklist({ incidentId, plan, writable, onPlan, reload }: { incidentId: string; plan: IncidentPlan; writable: boolean; onPlan: (plan: IncidentPlan) => void; reload: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const choices = useIncidentNames(checklistPeople(plan));
  const [busyKey, setBusyKey] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ step: ChecklistStep; action: 'skip' | 'reassign' } | null>(null);
  // A long plan on a phone: the finished steps can be put away (numbering stays the plan's).
  const [openOnly, setOpenOnly] = useState(false);
  const numbers = new Map(groupByPhase(plan.steps).flatMap((g) => g.steps).map((s, i) => [s.key, i + 1]));
  const groups = groupByPhase(openOnly ? plan.steps.filter((s) => !isFinished(s)) : plan.steps);
  const counts = progress(plan.steps);

  const run = async (step: ChecklistStep, action: StepAction, values?: StepFormValues) => {
    setBusyKey(step.key);
    try {
      onPlan(await planApi.updateStep(incidentId, step.key, stepBody(action, step, values)));
      setAsking(null);
      void message.success(t(`incidentPlan.moved.${action}`));
    } catch (error) {
      if (isStaleStep(error)) {
        setAsking(null);
        void message.warning(describeError(t, error));
        reload();
      } else {
        void message.error(describeError(t, error));
      }
    } finally {
      setBusyKey(null);
    }
  };

  const act = (step: ChecklistStep, action: StepAction) => {
    if (action === 'skip' || action === 'reassign') setAsking({ step, action });
    else void run(step, action);
  };

  return (
    <Flex vertical gap={12} data-testid="plan-checklist" style={{ minWidth: 0 }}>
      <Flex gap={12} align="center" wrap>
        <ProgressBar
          percent={counts.total === 0 ? 0 : Math.round((counts.finished / counts.total) * 100)}
          size="small"
          style={{ flex: '1 1 160px', margin: 0 }}
          format={() => `${counts.finished}/${counts.total}`}
          data-testid="plan-progress"
          data-finished={counts.finished}
          data-total={counts.total}
        />
        <Flex gap={6} align="center">
          <Switch size="small" checked={openOnly} onChange={setOpenOnly} data-testid="plan-open-only" />
          <Typography.Text type="secondary">{t('incidentPlan.openOnly')}</Typography.Text>
        </Flex>
        {counts.overdue > 0 ? (
          <Tag color="red" data-testid="plan-overdue">
            {t('incidentPlan.overdueCount', { count: counts.overdue })}
          </Tag>
        ) : null}
      </Flex>
      {counts.backfillOpen > 0 ? (
        <Alert type="warning" showIcon title={t('incidentPlan.backfillBlocks')} data-testid="plan-backfill-blocker" />
      ) : plan.steps.some((s) => s.backfill) ? (
        <Alert type="success" showIcon title={t('incidentPlan.backfillDone')} data-testid="plan-backfill-clear" />
      ) : null}
      {groups.map((group) => (
        <section key={group.phase} data-testid={`plan-phase-${group.phase}`}>
          <Typography.Title level={5} style={{ marginTop: 4 }}>
            {t(`incidentPlan.phase.${group.phase}`)}
          </Typography.Title>
          <Flex vertical gap={8}>
            {group.steps.map((step) => (
              <StepCard key={step.key} step={step} index={numbers.get(step.key) ?? step.position + 1} writable={writable} busy={busyKey !== null} onAction={(action) => act(step, action)} />
            ))}
          </Flex>
        </section>
      ))}
      {asking?.action === 'skip' ? <SkipModal step={asking.step} saving={busyKey !== null} onCancel={() => setAsking(null)} onSubmit={(values) => void run(asking.step, 'skip', values)} /> : null}
      {asking?.action === 'reassign' ? (
        <ReassignModal incidentId={incidentId} step={asking.step} people={choices.people} saving={busyKey !== null} onCancel={() => setAsking(null)} onSubmit={(values) => void run(asking.step, 'reassign', values)} />
      ) : null}
    </Flex>
  );
}
