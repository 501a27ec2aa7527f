import { Button, Empty, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useAsync } from '../../../hooks/useAsync';
import { useCatalogLabels } from '../../../hooks/useEstate';
import { planApi, type Suggestion } from './planApi';

/**
 * The plans that match the incident (its alerts' rules and names, device type, subsystem, level), best first, each
 * with why it matched; "take this plan" for those who may write incidents.
 */
export function PlanSuggestions({ incidentId, writable, taking, onTake }: { incidentId: string; writable: boolean; taking: string | null; onTake: (s: Suggestion) => void }) {
  const { t } = useTranslation();
  const labels = useCatalogLabels();
  const loaded = useAsync(() => planApi.suggestions(incidentId), `plan-suggestions:${incidentId}`);
  const items = loaded.data ?? [];

  return (
    <Flex vertical gap={8} data-testid="plan-suggestions">
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      {loaded.data && items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('incidentPlan.noSuggestions')} /> : null}
      {items.map((s, i) => (
        <div key={s.planId} data-testid={`plan-suggestion-${s.key}`} data-rank={i + 1} style={{ border: '1px solid rgba(5, 5, 5, 0.06)', borderRadius: 8, padding: 12, overflowWrap: 'anywhere' }}>
          <Flex vertical gap={6}>
            <Flex gap={8} align="baseline" wrap>
              {i === 0 ? <Tag color="gold">{t('incidentPlan.best')}</Tag> : null}
              <Typography.Text strong style={{ flex: '1 1 180px' }}>
                {s.title}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('incidentPlan.version', { version: s.version })} · {t('incidentPlan.score', { score: s.score })}
              </Typography.Text>
            </Flex>
            <Flex gap={4} wrap>
              {s.reasons.map((r) => (
                <Tag key={`${r.kind}:${r.value}:${r.alertId ?? ''}`} color={r.kind === 'alertRule' || r.kind === 'alertType' ? 'volcano' : 'blue'} data-testid={`plan-reason-${r.kind}`} data-value={r.value}>
                  {t(`incidentPlan.reason.${r.kind}`, { value: r.kind === 'subsystem' ? labels.subsystem(r.value) : r.kind === 'deviceType' ? labels.type(r.value) : r.value })}
                </Tag>
              ))}
            </Flex>
            {writable ? (
              <Button size="large" type={i === 0 ? 'primary' : 'default'} loading={taking === s.planId} disabled={taking !== null && taking !== s.planId} onClick={() => onTake(s)} style={{ alignSelf: 'flex-start', minWidth: 200, maxWidth: '100%' }} data-testid={`plan-take-${s.key}`}>
                {t('incidentPlan.take')}
              </Button>
            ) : null}
          </Flex>
        </div>
      ))}
    </Flex>
  );
}
