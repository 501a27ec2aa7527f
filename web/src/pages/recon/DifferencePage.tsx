import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Input, Row, Spin, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { concernsDifference } from '../../app/reconEvent';
import { formatFen, formatMoneyField } from '../../app/money';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NotFound } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';
import { useMe } from '../../hooks/useAuth';
import { useAsync } from '../../hooks/useAsync';
import { useCan } from '../../hooks/usePermission';
import { DifferenceActionModal, type DialogKind } from './DifferenceActionModal';
import { DifferenceTimeline } from './DifferenceTimeline';
import { reconApi, type Difference, type DifferenceDetail } from './reconApi';
import { differenceActions } from './reconPermissions';
import { DifferenceStateTag, KindTag } from './ReconTags';
import { deltaOf, paramValue, type ParamValue } from './reconValues';
import { SideBySide } from './SideBySide';
import { useAssignees } from './useAssignees';
import { useReconReload } from './useLiveRecon';

const MAX_COMMENT = 2000;
/** Answers after which the difference is read again and the reason shown, instead of leaving a stale form open. */
const RELOAD_ON = new Set(['DIFFERENCE_CHANGED', 'DIFFERENCE_STATE', 'SELF_APPROVAL']);

/** Whom the difference names as its assignee now: offered by name even if they no longer hold recon:write. */
const currentAssignee = (d: DifferenceDetail | undefined): Record<string, string> => (d?.assignee ? { [d.assignee.id]: d.assignee.name } : {});

/**
 * One difference: both sides' records side by side with the differing fields highlighted and each record's file and
 * line; the timeline of who did what; and the moves this person may make now (maker-checker: whoever proposed an
 * adjustment or write-off cannot approve it, and is told so).
 */
export default function DifferencePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const me = useMe();
  const loaded = useAsync(() => reconApi.difference(id), id);
  const d = loaded.data?.id === id ? loaded.data : undefined;
  const people = useAssignees(currentAssignee(d));
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  // Someone else's change shows at once; not under an open dialog, whose answer must carry the version it was opened
  // with (a change meanwhile is a 409 DIFFERENCE_CHANGED, and the page then reloads and says so).
  useReconReload(loaded.reload, (event) => concernsDifference(event, id) && dialog === null);
  const [busy, setBusy] = useState(false);
  const [comment, setComment] = useState('');

  if (loaded.error instanceof ApiError && loaded.error.status === 404) return <NotFound />;
  if (!d) return loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : <Spin style={{ display: 'block', margin: '80px auto' }} />;

  const actions = differenceActions(d, me.id, can);
  const showParam = (v: ParamValue) =>
    v.kind === 'money'
      ? formatFen(v.fen)
      : v.kind === 'time'
        ? formatDateTime(v.iso)
        : v.kind === 'code'
          ? t(`recon.paramValue.${v.code}`, { defaultValue: v.code })
          : v.kind === 'bool'
            ? t(v.value ? 'recon.value.yes' : 'recon.value.no')
            : v.text;

  /** The server refused on grounds the page must show: read the difference again and say why. */
  const failed = (error: unknown): boolean => {
    if (!(error instanceof ApiError) || !RELOAD_ON.has(error.code)) return false;
    setDialog(null);
    if (error.code === 'DIFFERENCE_CHANGED') void message.warning(t('recon.difference.changedReloaded'));
    else void message.error(describeError(t, error));
    loaded.reload();
    return true;
  };
  const done = (next: Difference) => {
    setDialog(null);
    void message.success(next.pending ? t('recon.action.proposed') : t('recon.action.done', { state: t(`recon.state.${next.state}`) }));
    loaded.reload();
  };
  const act = async (work: () => Promise<Difference>) => {
    setBusy(true);
    try {
      done(await work());
    } catch (error) {
      if (!failed(error)) void message.error(describeError(t, error));
    } finally {
      setBusy(false);
    }
  };
  const addComment = async () => {
    const text = comment.trim();
    if (!text) return;
    setBusy(true);
    try {
      const next = await reconApi.comment(d.id, text);
      setComment('');
      loaded.setData(() => next);
    } catch (error) {
      void message.error(describeError(t, error));
    } finally {
      setBusy(false);
    }
  };

  const button = (kind: DialogKind | 'investigate', primary = false) => (
    <Button
      key={kind}
      type={primary ? 'primary' : 'default'}
      disabled={busy}
      onClick={() => (kind === 'investigate' ? void act(() => reconApi.investigate(d.id, d.version)) : setDialog(kind))}
      data-testid={`recon-diff-action-${kind}`}
    >
      {t(`recon.action.${kind}`)}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            <Link to={`/recon/jobs/${encodeURIComponent(d.jobId)}`} aria-label={t('recon.backToJob')} data-testid="recon-diff-back">
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="recon-diff-title">{t('recon.difference.heading', { seq: d.seq })}</span>
            <KindTag kind={d.kind} testId="recon-diff-kind" />
            <DifferenceStateTag state={d.state} pending={d.pending} testId="recon-diff-state" />
          </Flex>
        }
        extra={
          <Flex gap={8} wrap data-testid="recon-diff-actions">
            {actions.investigate ? button('investigate', true) : null}
            {actions.resolve ? button('resolve', true) : null}
            {actions.reject ? button('reject') : null}
            {actions.assign ? button('assign') : null}
            {actions.approval === 'allowed' ? (
              <>
                {button('approve', true)}
                {button('refuse')}
              </>
            ) : null}
            {actions.approval === 'maker' ? (
              <Tooltip title={t('recon.difference.makerCannotApprove')}>
                <Button disabled data-testid="recon-diff-action-approve" data-reason="maker">
                  {t('recon.action.approve')}
                </Button>
              </Tooltip>
            ) : null}
          </Flex>
        }
      />
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      {actions.approval === 'maker' ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('recon.difference.makerCannotApprove')} data-testid="recon-diff-maker-note" />
      ) : null}
      {actions.approval === 'noPermission' ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('recon.difference.awaitingChecker')} data-testid="recon-diff-awaiting" />
      ) : null}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2, lg: 3 }}>
          <Descriptions.Item label={t('recon.difference.amount')}>{formatFen(d.amountFen)}</Descriptions.Item>
          {deltaOf(d) !== null ? (
            <Descriptions.Item label={t('recon.difference.delta')}>
              <span data-testid="recon-diff-delta">{formatMoneyField(deltaOf(d))}</span>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('recon.difference.txnTime')}>{formatDateTime(d.txnTime) || t('common.none')}</Descriptions.Item>
          {d.account ? <Descriptions.Item label={t('recon.field.account')}>{d.account}</Descriptions.Item> : null}
          <Descriptions.Item label={t('recon.difference.assignee')}>
            <span data-testid="recon-diff-assignee">{d.assignee?.name ?? t('recon.action.unassigned')}</span>
          </Descriptions.Item>
          {d.resolution ? (
            <Descriptions.Item label={t('recon.action.resolution')}>
              <span data-testid="recon-diff-resolution">
                {t(`recon.resolution.${d.resolution}`)}
                {d.resolutionAmountFen !== null ? ` · ${formatFen(d.resolutionAmountFen)}` : ''}
              </span>
            </Descriptions.Item>
          ) : null}
          {d.resolutionNote ? <Descriptions.Item label={t('recon.action.note')}>{d.resolutionNote}</Descriptions.Item> : null}
          {d.maker && (d.pending || d.state === 'resolved') ? (
            <Descriptions.Item label={t('recon.difference.maker')}>
              <span data-testid="recon-diff-maker">{`${d.maker.name}${d.proposedAt ? ` · ${formatDateTime(d.proposedAt)}` : ''}`}</span>
            </Descriptions.Item>
          ) : null}
          {d.checker && d.state === 'resolved' ? (
            <Descriptions.Item label={t('recon.difference.checker')}>
              <span data-testid="recon-diff-checker">{d.checker.name}</span>
            </Descriptions.Item>
          ) : null}
          {d.resolvedAt ? <Descriptions.Item label={t('recon.difference.resolvedAt')}>{formatDateTime(d.resolvedAt)}</Descriptions.Item> : null}
          {Object.keys(d.params).length > 0 ? (
            <Descriptions.Item label={t('recon.difference.params')} span={3}>
              <Typography.Text type="secondary" data-testid="recon-diff-params">
                {Object.entries(d.params)
                  .map(([k, v]) => `${t(`recon.param.${k}`, { defaultValue: k })}: ${showParam(paramValue(k, v))}`)
                  .join(' · ')}
              </Typography.Text>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Card size="small" style={{ marginBottom: 16 }} title={t('recon.difference.sideBySide')}>
        <SideBySide left={d.left} right={d.right} fields={d.fields} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Card size="small" title={t('recon.timeline.title')}>
            <DifferenceTimeline events={d.events} />
            {actions.comment ? (
              <Flex vertical gap={8} style={{ marginTop: 8 }}>
                <Input.TextArea rows={2} maxLength={MAX_COMMENT} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('recon.timeline.commentPlaceholder')} data-testid="recon-comment-text" />
                <Flex justify="end">
                  <Button onClick={() => void addComment()} disabled={busy || !comment.trim()} data-testid="recon-comment-submit">
                    {t('recon.timeline.comment')}
                  </Button>
                </Flex>
              </Flex>
            ) : null}
          </Card>
        </Col>
      </Row>
      {dialog ? <DifferenceActionModal kind={dialog} difference={d} people={people.options} myId={me.id} onClose={() => setDialog(null)} onDone={done} onFailed={failed} /> : null}
    </>
  );
}
