import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Typography } from 'antd';
import { useCallback, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { formatDateTime } from '../../app/format';
import { CursorTable } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { useCursorList } from '../../hooks/useCursorList';
import { useCan } from '../../hooks/usePermission';
import { CreateProblemModal } from './CreateProblemModal';
import { problemsApi, type Problem, type ProblemState } from './problemsApi';
import { PROBLEM_STATES, parseStates } from './problemStates';
import { ProblemStateTag } from './ProblemStateTag';

const PAGE_SIZE = 50;
export const problemPath = (id: string) => `/problems/${encodeURIComponent(id)}`;

/**
 * Problem records, newest first: filtered by state (in the URL, `?state=open,known_error`) and by number or title
 * words; dispatchers (incidents:assign) open new ones here.
 */
export default function ProblemsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const states = parseStates(params.get('state'));
  const q = params.get('q') ?? '';
  const [creating, setCreating] = useState(false);
  const stateParam = states.join(',');
  const fetchPage = useCallback((cursor: string | undefined) => problemsApi.list({ state: stateParam || undefined, q: q || undefined, cursor, limit: PAGE_SIZE }), [stateParam, q]);
  const list = useCursorList(fetchPage, `${stateParam}|${q}`);

  const setFilter = (key: 'state' | 'q', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title={t('nav.problems')}
        extra={
          <>
            {can('incidents:assign') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="problems-new">
                {t('problemRecord.create')}
              </Button>
            ) : null}
            <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="problems-refresh">
              {t('common.refresh')}
            </Button>
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Select<ProblemState[]>
          mode="multiple"
          allowClear
          placeholder={t('problemRecord.filter.state')}
          value={states}
          onChange={(next) => setFilter('state', next.join(','))}
          options={PROBLEM_STATES.map((s) => ({ value: s, label: t(`problemRecord.state.${s}`) }))}
          style={{ minWidth: 220 }}
          data-testid="problems-filter-state"
        />
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('problemRecord.filter.search')}
          onSearch={(text) => setFilter('q', text.trim())}
          style={{ maxWidth: 320 }}
          data-testid="problems-filter-search"
        />
      </Flex>
      <CursorTable<Problem>
        list={list}
        testId="problems-table"
        loadMoreTestId="problems-load-more"
        rowKey="id"
        size="middle"
        scroll={{ x: 900 }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('problemRecord.empty')}</Typography.Text> }}
        onRow={(p) => ({ 'data-testid': `problem-row-${p.id}`, 'data-state': p.state }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('problemRecord.field.ref'),
            key: 'ref',
            width: 120,
            render: (_: unknown, p) => (
              <Link to={problemPath(p.id)} style={{ fontFamily: 'monospace' }} data-testid={`problem-link-${p.id}`}>
                {p.ref}
              </Link>
            ),
          },
          { title: t('problemRecord.field.title'), key: 'title', render: (_: unknown, p) => <Link to={problemPath(p.id)}>{p.title}</Link> },
          { title: t('problemRecord.field.state'), key: 'state', width: 110, render: (_: unknown, p) => <ProblemStateTag state={p.state} testId={`problem-state-${p.id}`} /> },
          { title: t('problemRecord.field.owner'), key: 'owner', width: 130, render: (_: unknown, p) => p.owner?.name ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text> },
          { title: t('problemRecord.field.incidentCount'), key: 'incidents', width: 100, render: (_: unknown, p) => <span data-testid={`problem-count-${p.id}`}>{p.incidentCount}</span> },
          { title: t('problemRecord.field.updatedAt'), key: 'updatedAt', width: 170, render: (_: unknown, p) => formatDateTime(p.updatedAt) },
        ]}
      />
      {creating ? (
        <CreateProblemModal
          onClose={() => setCreating(false)}
          onCreated={(detail) => {
            setCreating(false);
            void navigate(problemPath(detail.problem.id));
          }}
        />
      ) : null}
    </>
  );
}
