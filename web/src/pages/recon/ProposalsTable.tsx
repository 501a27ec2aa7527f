import { App, Button, Card, Flex, Input, Modal, Popconfirm, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { formatFen } from '../../app/money';
import { CursorTable } from '../../components/CursorTable';
import { useCursorList } from '../../hooks/useCursorList';
import { useCan } from '../../hooks/usePermission';
import { sideRefs } from './DifferencesTable';
import { canDecide, reasonWords, RELOAD_ON, scorePercent } from './proposalValues';
import { PROPOSAL_STATES, proposalsApi, type Proposal, type ProposalState } from './proposalsApi';
import type { JobDetail, ReconRecord } from './reconApi';

const PAGE_SIZE = 50;
const STATE_COLOR: Record<ProposalState, string> = { proposed: 'gold', confirmed: 'green', rejected: 'default' };

/**
 * A job's proposed matches (待确认匹配): pairs the engine matched below the channel's auto-confirm score, both sides'
 * key fields, the score and the engine's reasons in words, filtered by state. Holders of recon:write confirm one (it
 * then counts as matched in the summary) or reject it with a reason; `onDecided` lets the page read its summary again.
 */
export function ProposalsTable({ jobId, superseded, generation, onDecided }: { jobId: string; superseded: boolean; generation: string; onDecided: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [state, setState] = useState<ProposalState | 'all'>('proposed');
  const [busy, setBusy] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<Proposal | null>(null);
  const fetchPage = useCallback((cursor: string | undefined) => proposalsApi.list(jobId, { state: state === 'all' ? undefined : state, cursor, limit: PAGE_SIZE }), [jobId, state]);
  const list = useCursorList(fetchPage, `${jobId}?${state}#${generation}`);

  const decide = async (p: Proposal, call: () => Promise<Proposal>, done: string): Promise<boolean> => {
    setBusy(p.id);
    try {
      list.replace((x) => x.id === p.id, await call());
      void message.success(done);
      onDecided();
      return true;
    } catch (error) {
      void message.error(describeError(t, error));
      if (error instanceof ApiError && RELOAD_ON.has(error.code)) list.reload();
      return false;
    } finally {
      setBusy(null);
    }
  };

  const records = (side: ReconRecord[]) => (
    <Flex vertical gap={2}>
      {side.map((r) => (
        <span key={`${r.file}:${r.line}`}>
          <Typography.Text strong>{sideRefs([r])}</Typography.Text>
          <br />
          <Typography.Text type="secondary">{`${r.amountFen === null ? '' : formatFen(r.amountFen)} · ${formatDateTime(r.txnTime)}`}</Typography.Text>
        </span>
      ))}
    </Flex>
  );

  const columns: ColumnsType<Proposal> = [
    { title: t('recon.side.left'), key: 'left', render: (_: unknown, p) => records(p.left) },
    { title: t('recon.side.right'), key: 'right', render: (_: unknown, p) => records(p.right) },
    { title: t('recon.proposal.score'), key: 'score', align: 'right', width: 80, render: (_: unknown, p) => scorePercent(p.score) },
    {
      title: t('recon.proposal.reasons'),
      key: 'reasons',
      render: (_: unknown, p) => (
        <Flex gap={4} wrap>
          {p.reasons.map((reason) => {
            const words = reasonWords(reason);
            return <Tag key={reason}>{t(`recon.proposalReason.${words.key}`, { defaultValue: reason, seconds: words.values.seconds, amount: words.values.fen === undefined ? '' : formatFen(words.values.fen) })}</Tag>;
          })}
        </Flex>
      ),
    },
    {
      title: t('recon.proposal.state'),
      key: 'state',
      render: (_: unknown, p) => (
        <Space orientation="vertical" size={0}>
          <Tooltip title={p.note ?? undefined}>
            <Tag color={STATE_COLOR[p.state]} data-testid={`recon-proposal-state-${p.id}`}>
              {t(`recon.proposalState.${p.state}`)}
            </Tag>
          </Tooltip>
          {p.decidedBy ? <Typography.Text type="secondary">{`${p.decidedBy.name} · ${formatDateTime(p.decidedAt)}`}</Typography.Text> : null}
          {p.carriedFrom ? <Typography.Text type="secondary">{t('recon.proposal.carried')}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      title: t('recon.proposal.actions'),
      key: 'actions',
      render: (_: unknown, p) =>
        canDecide(p, superseded, can) ? (
          <Space>
            <Popconfirm title={t('recon.proposal.confirmQuestion')} onConfirm={() => void decide(p, () => proposalsApi.confirm(p.id), t('recon.proposal.confirmed'))}>
              <Button size="small" type="primary" loading={busy === p.id} data-testid={`recon-proposal-confirm-${p.id}`}>
                {t('recon.proposal.confirm')}
              </Button>
            </Popconfirm>
            <Button size="small" danger disabled={busy === p.id} onClick={() => setRejecting(p)} data-testid={`recon-proposal-reject-${p.id}`}>
              {t('recon.proposal.reject')}
            </Button>
          </Space>
        ) : null,
    },
  ];

  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<ProposalState | 'all'>
          value={state}
          onChange={setState}
          options={[...PROPOSAL_STATES.map((s) => ({ value: s, label: t(`recon.proposalState.${s}`) })), { value: 'all' as const, label: t('recon.proposal.all') }]}
          data-testid="recon-proposals-filter-state"
        />
        {superseded ? <Typography.Text type="secondary">{t('recon.proposal.superseded')}</Typography.Text> : null}
      </Flex>
      <CursorTable<Proposal>
        list={list}
        testId="recon-proposals-table"
        loadMoreTestId="recon-proposals-load-more"
        rowKey="id"
        size="small"
        columns={columns}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('recon.proposal.empty')}</Typography.Text> }}
        onRow={(p) => ({ 'data-testid': `recon-proposal-row-${p.id}`, 'data-state': p.state }) as HTMLAttributes<HTMLElement>}
      />
      <RejectModal proposal={rejecting} onClose={() => setRejecting(null)} onReject={(p, reason) => decide(p, () => proposalsApi.reject(p.id, reason), t('recon.proposal.rejected'))} />
    </>
  );
}

/** Rejecting takes the reason (the server refuses a blank one too). */
function RejectModal({ proposal, onClose, onReject }: { proposal: Proposal | null; onClose: () => void; onReject: (p: Proposal, reason: string) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [touched, setTouched] = useState(false);
  const blank = reason.trim() === '';
  const submit = async () => {
    setTouched(true);
    if (!proposal || blank) return;
    setSaving(true);
    const ok = await onReject(proposal, reason.trim());
    setSaving(false);
    if (ok) {
      setReason('');
      setTouched(false);
      onClose();
    }
  };
  return (
    <Modal
      open={proposal !== null}
      title={t('recon.proposal.rejectTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={saving}
      okButtonProps={{ danger: true, 'data-testid': 'recon-proposal-reject-submit' }}
      okText={t('recon.proposal.reject')}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('recon.proposal.rejectHelp')}</Typography.Paragraph>
      <Input.TextArea
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={2000}
        rows={3}
        placeholder={t('recon.proposal.reasonPlaceholder')}
        status={touched && blank ? 'error' : undefined}
        data-testid="recon-proposal-reject-reason"
      />
      {touched && blank ? <Typography.Text type="danger">{t('recon.proposal.reasonRequired')}</Typography.Text> : null}
    </Modal>
  );
}

/** The job page's section: a finished run's proposals, titled with how many still await a decision. */
export function JobProposals({ job, onDecided }: { job: Pick<JobDetail, 'id' | 'status' | 'supersededBy' | 'summary'>; onDecided: () => void }) {
  const { t } = useTranslation();
  if (job.status !== 'done') return null;
  return (
    <Card size="small" style={{ marginBottom: 16 }} title={t('recon.proposal.title', { count: job.summary?.proposed ?? 0 })} data-testid="recon-job-proposals">
      <ProposalsTable jobId={job.id} superseded={job.supersededBy !== null} generation={job.status} onDecided={onDecided} />
    </Card>
  );
}
