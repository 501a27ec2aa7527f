import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Select, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { formatDateTime } from '../../app/format';
import { CursorTable } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { useCursorList } from '../../hooks/useCursorList';
import { useCan } from '../../hooks/usePermission';
import { PLAN_CATEGORIES, PLAN_STATES, planApi, planPath, type PlanSummary } from './planApi';
import { BuiltinTag, CategoryTag, DraftChangedTag, PlanStateTag } from './PlanTags';
import { inLocale } from './planText';

const PAGE_SIZE = 50;

/**
 * The plan library (预案库): every plan by key with its category, state, newest published version and whether its draft
 * has changed since; filtered by state and category (kept in the URL). Writers (plans:write) start new plans here.
 */
export default function PlanListPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const state = params.get('state') ?? '';
  const category = params.get('category') ?? '';
  const fetchPage = useCallback(
    (cursor: string | undefined) => planApi.list({ state: state || undefined, category: category || undefined, cursor, limit: PAGE_SIZE }),
    [state, category],
  );
  const list = useCursorList(fetchPage, `${state}|${category}`);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const columns: ColumnsType<PlanSummary> = [
    {
      title: t('planLibrary.field.title'),
      dataIndex: 'title',
      render: (title: string, plan) => (
        <Link to={planPath(plan.id)} data-testid={`plan-link-${plan.key}`}>
          {inLocale({ zh: title, ...(plan.titleEn && { en: plan.titleEn }) }, i18n.language)}
        </Link>
      ),
    },
    { title: t('planLibrary.field.key'), dataIndex: 'key', render: (key: string) => <Typography.Text code>{key}</Typography.Text> },
    { title: t('planLibrary.field.category'), dataIndex: 'category', render: (c: string) => <CategoryTag category={c} /> },
    {
      title: t('planLibrary.field.state'),
      dataIndex: 'state',
      render: (s: string, plan) => (
        <Space size={[4, 4]} wrap>
          <PlanStateTag state={s} />
          {plan.builtin ? <BuiltinTag /> : null}
        </Space>
      ),
    },
    {
      title: t('planLibrary.field.publishedVersion'),
      dataIndex: 'publishedVersion',
      render: (v: number | null, plan) => (
        <Space size={[4, 4]} wrap data-testid={`plan-version-${plan.key}`}>
          {v === null ? <Typography.Text type="secondary">{t('planLibrary.notPublished')}</Typography.Text> : <span>v{v}</span>}
          {plan.draftChanged ? <DraftChangedTag testId={`plan-draft-changed-${plan.key}`} /> : null}
        </Space>
      ),
    },
    { title: t('planLibrary.field.updatedAt'), dataIndex: 'updatedAt', render: (at: string) => formatDateTime(at), responsive: ['md'] },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.plans')}
        extra={
          can('plans:write') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/plans/new')} data-testid="plan-new">
              {t('planLibrary.create')}
            </Button>
          ) : null
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('planLibrary.filter.state')}
          value={state || undefined}
          onChange={(v?: string) => setFilter('state', v ?? '')}
          options={PLAN_STATES.map((s) => ({ value: s, label: t(`planLibrary.state.${s}`) }))}
          style={{ width: 140 }}
          data-testid="plan-filter-state"
        />
        <Select
          allowClear
          placeholder={t('planLibrary.filter.category')}
          value={category || undefined}
          onChange={(v?: string) => setFilter('category', v ?? '')}
          options={PLAN_CATEGORIES.map((c) => ({ value: c, label: t(`planLibrary.category.${c}`) }))}
          style={{ width: 180 }}
          data-testid="plan-filter-category"
        />
      </Flex>
      <CursorTable<PlanSummary>
        list={list}
        rowKey="id"
        columns={columns}
        size="middle"
        scroll={{ x: 'max-content' }}
        testId="plan-list"
        loadMoreTestId="plan-load-more"
        onRow={(plan) => ({ 'data-testid': `plan-row-${plan.key}` }) as HTMLAttributes<HTMLElement>}
        empty={<Typography.Text type="secondary">{t('planLibrary.empty')}</Typography.Text>}
      />
    </>
  );
}
