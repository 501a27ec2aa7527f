import { DisconnectOutlined, LinkOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, List, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { describeError } from '../../../app/errors';
import { useAsync } from '../../../hooks/useAsync';
import { CreateProblemModal } from '../../problems/CreateProblemModal';
import { problemsApi } from '../../problems/problemsApi';
import { ProblemStateTag } from '../../problems/ProblemStateTag';
import { incidentPath } from '../incidentColumns';
import type { Incident } from '../incidentsApi';
import { IncidentStateTag } from '../IncidentTags';
import type { RecordProblem, RootCause } from './closingApi';
import { ProblemPicker } from './ProblemPicker';

const problemPath = (id: string) => `/problems/${encodeURIComponent(id)}`;

/** Incidents closed lately with the same cause at the same device or kind of device: candidates for one problem. */
function Suggestions({ incidentId, version }: { incidentId: string; version: number }) {
  const { t } = useTranslation();
  const loaded = useAsync(() => problemsApi.suggestions(incidentId), `${incidentId}:${version}`);
  const data = loaded.data;
  if (loaded.error) return <Typography.Text type="danger">{describeError(t, loaded.error)}</Typography.Text>;
  if (!data) return null;
  if (!data.basis.causeCategory) return <Typography.Text type="secondary">{t('closing.problems.suggestionsNoCause')}</Typography.Text>;
  if (data.items.length === 0) return <Typography.Text type="secondary">{t('closing.problems.suggestionsNone')}</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={data.items}
      data-testid="closing-suggestions"
      renderItem={(item) => (
        <List.Item key={item.id} data-testid={`closing-suggestion-${item.id}`}>
          <Flex gap={6} wrap align="center">
            <Link to={incidentPath(item.id)} style={{ fontFamily: 'monospace' }}>
              {item.ref}
            </Link>
            <span>{item.title}</span>
            <IncidentStateTag state={item.state} />
            {item.problems.map((ref) => (
              <Tag key={ref}>{ref}</Tag>
            ))}
          </Flex>
        </List.Item>
      )}
    />
  );
}

/**
 * The problems this incident is linked to, with links to them; linking to an existing one or opening one from this
 * incident (dispatchers: incidents:assign), and the similar incidents closed lately that may share its cause.
 */
export function ProblemLinks({ incident, problems, rootCause, canAssign, onChanged }: { incident: Incident; problems: readonly RecordProblem[]; rootCause: RootCause | null; canAssign: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [picked, setPicked] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [creating, setCreating] = useState(false);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      void message.success(done);
      setPicked(undefined);
      onChanged();
    } catch (error) {
      void message.error(describeError(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={12}>
      {problems.length === 0 ? (
        <Typography.Text type="secondary">{t('closing.problems.none')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={[...problems]}
          data-testid="closing-problems"
          renderItem={(p) => (
            <List.Item
              key={p.id}
              data-testid={`closing-problem-${p.ref}`}
              actions={
                canAssign
                  ? [
                      <Popconfirm key="unlink" title={t('closing.problems.unlinkConfirm', { ref: p.ref })} onConfirm={() => void act(() => problemsApi.unlink(p.id, incident.id), t('closing.problems.unlinked', { ref: p.ref }))}>
                        <Button size="small" type="text" icon={<DisconnectOutlined />} disabled={busy} aria-label={t('closing.problems.unlink')} />
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <Flex gap={6} wrap align="center">
                <Link to={problemPath(p.id)} style={{ fontFamily: 'monospace' }} data-testid={`closing-problem-link-${p.ref}`}>
                  {p.ref}
                </Link>
                <span>{p.title}</span>
                <ProblemStateTag state={p.state} />
              </Flex>
            </List.Item>
          )}
        />
      )}
      {canAssign ? (
        <Flex gap={8} wrap>
          <ProblemPicker value={picked} onChange={setPicked} exclude={problems.map((p) => p.id)} />
          <Button icon={<LinkOutlined />} disabled={!picked} loading={busy} onClick={() => picked && void act(() => problemsApi.link(picked, incident.id), t('closing.problems.linked'))} data-testid="closing-problem-link">
            {t('closing.problems.link')}
          </Button>
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="closing-problem-create">
            {t('closing.problems.create')}
          </Button>
        </Flex>
      ) : null}
      <Typography.Text strong>{t('closing.problems.suggestions')}</Typography.Text>
      <Suggestions incidentId={incident.id} version={incident.version} />
      {creating ? (
        <CreateProblemModal
          fromIncidentId={incident.id}
          initial={{ title: incident.title, description: t('closing.problems.fromIncidentText', { ref: incident.ref }), rootCause: rootCause?.summary }}
          onClose={() => setCreating(false)}
          onCreated={(detail) => {
            setCreating(false);
            void message.success(t('problemRecord.created', { ref: detail.problem.ref }));
            onChanged();
          }}
        />
      ) : null}
    </Flex>
  );
}
