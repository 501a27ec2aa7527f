import { ArrowLeftOutlined, DisconnectOutlined, LinkOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Flex, Form, Popconfirm, Row, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { describeError } from '../../app/errors';
import { applyServerErrors } from '../../app/formErrors';
import { formatDateTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NotFound } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useCan } from '../../hooks/usePermission';
import { useSites } from '../../hooks/useReferenceData';
import { incidentPath } from '../incidents/incidentColumns';
import { IncidentStateTag } from '../incidents/IncidentTags';
import { IncidentPicker } from './IncidentPicker';
import { ProblemFields, type ProblemFormValues } from './ProblemFields';
import { problemsApi, type LinkedIncident, type Problem, type ProblemDetail, type ProblemState, type UpdateProblemBody } from './problemsApi';
import { moveBlockedByRootCause, PROBLEM_MOVES } from './problemStates';
import { ProblemStateTag } from './ProblemStateTag';

const valuesOf = (p: Problem): ProblemFormValues => ({
  title: p.title,
  description: p.description,
  rootCause: p.rootCause ?? '',
  workaround: p.workaround ?? '',
  ownerId: p.owner?.id ?? null,
});

/** The form's text as the PATCH takes it: a blank root cause or workaround is cleared (null), not sent empty. */
function changes(values: ProblemFormValues, version: number): UpdateProblemBody {
  const text = (v: string | undefined) => (v?.trim() ? v.trim() : null);
  return {
    version,
    title: values.title.trim(),
    description: values.description?.trim() ?? '',
    rootCause: text(values.rootCause),
    workaround: text(values.workaround),
    ownerId: values.ownerId ?? null,
  };
}

/** The problem's record while it is closed or the reader may not change it. */
function ProblemView({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const text = (value: string | null) => (value ? <span style={{ whiteSpace: 'pre-wrap' }}>{value}</span> : none);
  return (
    <Descriptions size="small" column={1} bordered data-testid="problem-view">
      <Descriptions.Item label={t('problemRecord.field.description')}>{text(problem.description || null)}</Descriptions.Item>
      <Descriptions.Item label={t('problemRecord.field.rootCause')}>
        <span data-testid="problem-root-cause">{text(problem.rootCause)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('problemRecord.field.workaround')}>{text(problem.workaround)}</Descriptions.Item>
      <Descriptions.Item label={t('problemRecord.field.owner')}>{problem.owner?.name ?? none}</Descriptions.Item>
    </Descriptions>
  );
}

/**
 * One problem record: its state and the moves open from it (a move to known_error or resolved needs the root cause,
 * taken from the form as it stands, so typing it in and moving is one step), its text, workaround and owner, and the
 * incidents linked to it with links to each. Changing it is the dispatchers' (incidents:assign); a closed one is read-only.
 */
export default function ProblemPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const sites = useSites();
  const loaded = useAsync(() => problemsApi.get(id), id);
  const [form] = Form.useForm<ProblemFormValues>();
  const [busy, setBusy] = useState<string | null>(null);
  const [picked, setPicked] = useState<string | undefined>();
  const detail = loaded.data?.problem.id === id ? loaded.data : undefined;

  if (loaded.error instanceof ApiError && loaded.error.status === 404) return <NotFound />;
  if (!detail) return loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const { problem, incidents } = detail;
  const editable = can('incidents:assign') && problem.state !== 'closed';

  const apply = (next: ProblemDetail) => {
    loaded.setData(() => next);
    // A closed problem is shown read-only: its form is gone, and has nothing to take the values.
    if (next.problem.state !== 'closed') form.setFieldsValue(valuesOf(next.problem));
  };

  const write = async (what: string, work: () => Promise<ProblemDetail>, done: string) => {
    setBusy(what);
    try {
      apply(await work());
      void message.success(done);
      return true;
    } catch (error) {
      if (!applyServerErrors(form, t, error)) void message.error(describeError(t, error));
      if (error instanceof ApiError && error.code === 'PROBLEM_CHANGED') loaded.reload();
      return false;
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    const values = await form.validateFields();
    await write('save', () => problemsApi.update(problem.id, changes(values, problem.version)), t('problemRecord.saved', { ref: problem.ref }));
  };

  const move = async (to: ProblemState) => {
    const values = editable ? await form.validateFields() : valuesOf(problem);
    if (moveBlockedByRootCause(to, values.rootCause)) {
      form.setFields([{ name: 'rootCause', errors: [t('problemRecord.rootCauseRequired')] }]);
      return;
    }
    await write(`move-${to}`, () => problemsApi.update(problem.id, { ...changes(values, problem.version), state: to }), t('problemRecord.moved', { state: t(`problemRecord.state.${to}`) }));
  };

  const siteName = (siteId: string) => sites.byId.get(siteId)?.name ?? siteId;

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            <Link to="/problems" aria-label={t('problemRecord.backToList')} data-testid="problem-back">
              <ArrowLeftOutlined />
            </Link>
            <Typography.Text code data-testid="problem-ref">
              {problem.ref}
            </Typography.Text>
            <span data-testid="problem-title">{problem.title}</span>
            <ProblemStateTag state={problem.state} testId="problem-state" />
          </Flex>
        }
        extra={
          can('incidents:assign') ? (
            <Flex gap={8} wrap data-testid="problem-moves">
              {PROBLEM_MOVES[problem.state].map((to) => (
                <Button key={to} type={to === 'open' ? 'default' : 'primary'} loading={busy === `move-${to}`} disabled={busy !== null} onClick={() => void move(to).catch(() => undefined)} data-testid={`problem-move-${to}`}>
                  {t(`problemRecord.move.${to}`)}
                </Button>
              ))}
            </Flex>
          ) : null
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('problemRecord.details')}>
            {editable ? (
              <Form key={problem.id} form={form} layout="vertical" initialValues={valuesOf(problem)} data-testid="problem-form">
                <ProblemFields known={problem.owner ? { [problem.owner.id]: problem.owner.name } : {}} />
                <Button type="primary" loading={busy === 'save'} disabled={busy !== null} onClick={() => void save().catch(() => undefined)} data-testid="problem-save">
                  {t('common.save')}
                </Button>
              </Form>
            ) : (
              <ProblemView problem={problem} />
            )}
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>
              {t('problemRecord.stamps', { created: formatDateTime(problem.createdAt), updated: formatDateTime(problem.updatedAt) })}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('problemRecord.incidents', { count: incidents.length })}>
            <Table<LinkedIncident>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={incidents}
              scroll={{ x: 520 }}
              data-testid="problem-incidents"
              locale={{ emptyText: <Typography.Text type="secondary">{t('problemRecord.noIncidents')}</Typography.Text> }}
              onRow={(i) => ({ 'data-testid': `problem-incident-${i.id}` }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: t('incident.column.ref'),
                  key: 'ref',
                  width: 120,
                  render: (_: unknown, i) => (
                    <Link to={incidentPath(i.id)} style={{ fontFamily: 'monospace' }} data-testid={`problem-incident-link-${i.id}`}>
                      {i.ref}
                    </Link>
                  ),
                },
                { title: t('incident.column.title'), dataIndex: 'title', key: 'title' },
                { title: t('incident.column.state'), key: 'state', width: 110, render: (_: unknown, i) => <IncidentStateTag state={i.state} /> },
                { title: t('incident.column.site'), key: 'site', width: 130, render: (_: unknown, i) => siteName(i.siteId) },
                { title: t('problemRecord.field.linkedAt'), key: 'linkedAt', width: 160, render: (_: unknown, i) => formatDateTime(i.linkedAt) },
                ...(editable
                  ? [
                      {
                        title: '',
                        key: 'unlink',
                        width: 48,
                        render: (_: unknown, i: LinkedIncident) => (
                          <Popconfirm title={t('problemRecord.unlinkConfirm', { ref: i.ref })} onConfirm={() => void write(`unlink-${i.id}`, () => problemsApi.unlink(problem.id, i.id), t('problemRecord.unlinked', { ref: i.ref }))}>
                            <Button size="small" type="text" icon={<DisconnectOutlined />} aria-label={t('problemRecord.unlink')} disabled={busy !== null} />
                          </Popconfirm>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            {editable ? (
              <Flex gap={8} wrap style={{ marginTop: 12 }}>
                <IncidentPicker value={picked} onChange={setPicked} exclude={incidents.map((i) => i.id)} />
                <Button
                  icon={<LinkOutlined />}
                  disabled={!picked || busy !== null}
                  loading={busy === 'link'}
                  onClick={() => picked && void write('link', () => problemsApi.link(problem.id, picked), t('problemRecord.linkedOne')).then((ok) => ok && setPicked(undefined))}
                  data-testid="problem-incident-link"
                >
                  {t('problemRecord.link')}
                </Button>
              </Flex>
            ) : null}
          </Card>
        </Col>
      </Row>
    </>
  );
}
