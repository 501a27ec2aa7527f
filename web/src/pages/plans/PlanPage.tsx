import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Popconfirm, Spin, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { describeError } from '../../app/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NotFound } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useLocale } from '../../hooks/useLocale';
import { useCan } from '../../hooks/usePermission';
import { PlanEditor } from './editor/PlanEditor';
import { planApi, type Publisher } from './planApi';
import type { Section } from './planForm';
import { PlanHistory } from './PlanHistory';
import { BuiltinTag, CategoryTag, DraftChangedTag, PlanStateTag } from './PlanTags';
import { inLocale } from './planText';
import { PlanVersionPane } from './PlanVersionPane';

type Tab = 'view' | 'history' | 'edit';

/**
 * One plan: its published version as people read it (an older one when chosen: `?v=1`), the version history, and for
 * writers the step editor on its draft (`?tab=edit`) with publish, and archiving.
 */
export default function PlanPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { locale } = useLocale();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const [section, setSection] = useState<Section>('steps');
  const [archiving, setArchiving] = useState(false);
  const loaded = useAsync(() => planApi.get(id), id);
  const plan = loaded.data?.id === id ? loaded.data : undefined;
  const versions = useAsync(() => planApi.versions(id), `${id}@${plan?.publishedVersion ?? '-'}`, plan !== undefined);

  if (loaded.error instanceof ApiError && loaded.error.status === 404) return <NotFound />;
  if (!plan) return loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : <Spin style={{ display: 'block', margin: '80px auto' }} />;

  const editable = can('plans:write') && plan.state === 'active';
  const asked = params.get('tab');
  const tab: Tab = asked === 'history' || (asked === 'edit' && editable) ? asked : 'view';
  const selected = Number(params.get('v')) || null;
  const go = (next: { tab?: Tab; v?: number | null }) => {
    const query = new URLSearchParams(params);
    if (next.tab) query.set('tab', next.tab);
    if (next.v !== undefined) {
      if (next.v === null) query.delete('v');
      else query.set('v', String(next.v));
    }
    setParams(query, { replace: true });
  };
  // The server names who published (as it does every actor); null: a shipped version opsdesk published.
  const nameOf = (by: Publisher) => by?.name ?? t('planLibrary.byOpsdesk');

  const archive = async () => {
    setArchiving(true);
    try {
      const next = await planApi.archive(plan.id);
      loaded.setData(() => next);
      void message.success(t('planLibrary.archived'));
    } catch (error) {
      void message.error(describeError(t, error));
    } finally {
      setArchiving(false);
    }
  };

  const items = [
    {
      key: 'view',
      label: <span data-testid="plan-tab-view">{t('planLibrary.tab.view')}</span>,
      children: <PlanVersionPane plan={plan} versions={versions.data?.items ?? []} selected={selected} onSelect={(v) => go({ v })} nameOf={nameOf} />,
    },
    {
      key: 'history',
      label: <span data-testid="plan-tab-history">{t('planLibrary.tab.history')}</span>,
      children: (
        <>
          <ErrorAlert error={versions.error} onRetry={versions.reload} />
          <PlanHistory versions={versions.data?.items ?? []} current={selected ?? plan.publishedVersion} onView={(v) => go({ tab: 'view', v })} nameOf={nameOf} />
        </>
      ),
    },
    ...(editable
      ? [
          {
            key: 'edit',
            label: <span data-testid="plan-tab-edit">{t('planLibrary.tab.edit')}</span>,
            children: (
              <PlanEditor
                key={`${plan.id}@${plan.version}`}
                plan={plan}
                section={section}
                onSection={setSection}
                onSaved={(next) => {
                  loaded.setData(() => next);
                  // A publish made a new version: show it from now on.
                  if (next.publishedVersion !== plan.publishedVersion) go({ v: null });
                }}
                onReload={loaded.reload}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            <Link to="/plans" aria-label={t('planLibrary.backToList')} data-testid="plan-back">
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="plan-title">{inLocale(plan.draft.title, locale)}</span>
            <Typography.Text code style={{ fontSize: 14 }}>
              {plan.key}
            </Typography.Text>
          </Flex>
        }
        extra={
          editable ? (
            <Popconfirm title={t('planLibrary.archiveConfirm')} onConfirm={() => void archive()} okButtonProps={{ danger: true }}>
              <Button danger loading={archiving} data-testid="plan-archive">
                {t('planLibrary.archive')}
              </Button>
            </Popconfirm>
          ) : null
        }
      />
      <Flex gap={4} wrap style={{ marginBottom: 16 }}>
        <PlanStateTag state={plan.state} testId="plan-state" />
        <CategoryTag category={plan.category} />
        {plan.builtin ? <BuiltinTag /> : null}
        <Typography.Text type="secondary" data-testid="plan-published-version" data-version={plan.publishedVersion ?? 0}>
          {plan.publishedVersion === null ? t('planLibrary.notPublished') : t('planLibrary.publishedVersion', { version: plan.publishedVersion })}
        </Typography.Text>
        {plan.draftChanged ? <DraftChangedTag testId="plan-draft-changed" /> : null}
      </Flex>
      <Card size="small">
        <Tabs activeKey={tab} onChange={(key) => go({ tab: key as Tab })} items={items} />
      </Card>
    </>
  );
}
