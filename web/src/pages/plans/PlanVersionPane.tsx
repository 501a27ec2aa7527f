import { Alert, Flex, Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsync } from '../../hooks/useAsync';
import { planApi, type PlanDetail, type PlanVersionSummary, type Publisher } from './planApi';
import { PlanView } from './PlanView';

/**
 * A published version of the plan as it was published (immutable), the newest unless another is chosen; before the
 * first publish, the draft with a note that it is not in use yet.
 */
export function PlanVersionPane({
  plan,
  versions,
  selected,
  onSelect,
  nameOf,
}: {
  plan: PlanDetail;
  versions: PlanVersionSummary[];
  selected: number | null;
  onSelect: (n: number) => void;
  nameOf: (by: Publisher) => string;
}) {
  const { t } = useTranslation();
  const n = selected ?? plan.publishedVersion;
  const loaded = useAsync(() => planApi.version(plan.id, n!), `${plan.id}@v${n}`, n !== null);
  if (n === null) {
    return (
      <>
        <Alert type="info" showIcon title={t('planLibrary.draftOnly')} style={{ marginBottom: 16 }} data-testid="plan-draft-only" />
        <PlanView doc={plan.draft} />
      </>
    );
  }
  const version = loaded.data?.number === n && loaded.data.planId === plan.id ? loaded.data : undefined;
  return (
    <>
      <Flex gap={8} align="center" wrap style={{ marginBottom: 16 }}>
        <Select
          value={n}
          onChange={onSelect}
          options={versions.map((v) => ({ value: v.number, label: `v${v.number}${v.number === plan.publishedVersion ? ` · ${t('planLibrary.newest')}` : ''}` }))}
          style={{ minWidth: 160 }}
          data-testid="plan-version-select"
        />
        {version ? (
          <Typography.Text type="secondary" data-testid="plan-version-shown" data-version={version.number}>
            {t('planLibrary.publishedLine', { version: version.number, at: formatDateTime(version.publishedAt), by: nameOf(version.publishedBy) })}
          </Typography.Text>
        ) : null}
      </Flex>
      {n !== plan.publishedVersion ? <Alert type="warning" showIcon title={t('planLibrary.olderVersion', { version: n, newest: plan.publishedVersion })} style={{ marginBottom: 16 }} data-testid="plan-older-version" /> : null}
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      {version ? <PlanView doc={version.document} /> : loaded.error ? null : <Spin style={{ display: 'block', margin: '40px auto' }} />}
    </>
  );
}
