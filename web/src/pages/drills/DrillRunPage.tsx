import { Alert, App, Button, Descriptions, Form, Input, Modal, Space, Spin, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useMe } from '../../hooks/useAuth';
import { useCan } from '../../hooks/usePermission';
import { useSites } from '../../hooks/useReferenceData';
import { localText, STATE_COLORS } from './drillCalendar';
import { drillsApi, isStale, type DrillStep, type RunDetail, type StepAction } from './drillsApi';
import { DrillFindings } from './DrillFindings';
import { DrillReportView } from './DrillReportView';
import { DrillSteps } from './DrillSteps';

/**
 * One drill run, clearly marked 演练/DRILL: its state and people, start / complete / cancel for plans:write, the
 * checklist (ticked by its participants and owner too), findings with their actions, and the report.
 */
export default function DrillRunPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const me = useMe();
  const sites = useSites();
  const run = useAsync(() => drillsApi.run(id), `run|${id}`);
  const [busy, setBusy] = useState(false);
  const [ending, setEnding] = useState<'cancel' | 'complete' | null>(null);
  const [form] = Form.useForm<{ text?: string }>();

  const act = async (work: () => Promise<RunDetail>, done: string) => {
    setBusy(true);
    try {
      const next = await work();
      run.setData(() => next);
      void message.success(t(done));
    } catch (error) {
      if (isStale(error)) {
        void message.warning(describeError(t, error));
        run.reload();
      } else void message.error(describeError(t, error));
    } finally {
      setBusy(false);
    }
  };

  if (run.error) return <ErrorAlert error={run.error} onRetry={run.reload} />;
  const r = run.data;
  if (!r) return <Spin />;
  const writer = can('plans:write');
  const uid = me.id;
  const works = writer || (!!uid && (r.owner?.id === uid || r.participants.some((p) => p.id === uid)));

  const onStep = (step: DrillStep, action: StepAction, reason?: string) =>
    void act(() => drillsApi.step(r.id, step.key, { action, version: step.version, ...(reason ? { reason } : {}) }), `drills.stepMoved.${action}`);

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <Tag color="purple" data-testid="drill-mark">
              {t('drills.drillMark')}
            </Tag>
            {r.title}
            <Tag color={STATE_COLORS[r.state]} data-testid="drill-state">
              {t(`drills.state.${r.state}`)}
            </Tag>
          </Space>
        }
        extra={
          writer ? (
            <>
              {r.state === 'scheduled' ? (
                <Button type="primary" loading={busy} onClick={() => void act(() => drillsApi.start(r.id, r.version), 'drills.run.started')} data-testid="drill-start">
                  {t('drills.run.start')}
                </Button>
              ) : null}
              {r.state === 'running' ? (
                <Button type="primary" onClick={() => setEnding('complete')} data-testid="drill-complete">
                  {t('drills.run.complete')}
                </Button>
              ) : null}
              {r.state === 'scheduled' || r.state === 'running' ? (
                <Button danger onClick={() => setEnding('cancel')} data-testid="drill-cancel">
                  {t('drills.run.cancel')}
                </Button>
              ) : null}
            </>
          ) : null
        }
      />
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('drills.modeBanner')} data-testid="drill-mode-banner" />
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('drills.field.plan')}>
          {localText(r.plan.title, i18n.language)} (v{r.plan.version})
        </Descriptions.Item>
        <Descriptions.Item label={t('drills.field.scheduledFor')}>{formatDateTime(r.scheduledFor)}</Descriptions.Item>
        <Descriptions.Item label={t('drills.field.sites')}>{r.siteIds.map((s) => sites.byId.get(s)?.name ?? s).join('、')}</Descriptions.Item>
        <Descriptions.Item label={t('drills.field.participants')}>{r.participants.map((p) => p.name).join('、') || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('drills.field.owner')}>{r.owner?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('drills.field.notice')}>
          <span data-testid="drill-notice" data-state={r.notice.state}>
            {r.notice.state === 'sent'
              ? t('drills.noticeSent', { count: r.notice.userIds.length, at: formatDateTime(r.notice.sentAt) })
              : r.notice.userIds.length > 0
                ? t('drills.noticeOnStart')
                : t('drills.noticeNobody')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('drills.field.startedAt')}>{formatDateTime(r.startedAt)}</Descriptions.Item>
        {r.endedAt ? <Descriptions.Item label={t('drills.field.endedAt')}>{formatDateTime(r.endedAt)}</Descriptions.Item> : null}
        {r.cancelReason ? <Descriptions.Item label={t('drills.field.cancelReason')}>{r.cancelReason}</Descriptions.Item> : null}
        {r.summary ? <Descriptions.Item label={t('drills.field.summary')}>{r.summary}</Descriptions.Item> : null}
      </Descriptions>
      <Tabs
        items={[
          { key: 'steps', label: t('drills.tab.steps'), children: <DrillSteps run={r} writable={works} busy={busy} onAction={onStep} /> },
          { key: 'findings', label: t('drills.tab.findings', { count: r.findingCount }), children: <DrillFindings run={r} writable={works} onChanged={run.reload} /> },
          { key: 'report', label: t('drills.tab.report'), children: <DrillReportView runId={r.id} version={r.version + r.progress.done + r.progress.skipped + r.findingCount} /> },
        ]}
      />
      {ending ? (
        <Modal
          open
          title={t(ending === 'cancel' ? 'drills.run.cancel' : 'drills.run.complete')}
          okText={t(ending === 'cancel' ? 'drills.run.cancel' : 'drills.run.complete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: ending === 'cancel', 'data-testid': 'drill-end-submit' }}
          confirmLoading={busy}
          onCancel={() => setEnding(null)}
          onOk={() =>
            void form.validateFields().then(
              (v) => {
                const text = v.text?.trim() ?? '';
                setEnding(null);
                form.resetFields();
                void act(() => (ending === 'cancel' ? drillsApi.cancel(r.id, r.version, text) : drillsApi.complete(r.id, r.version, text || undefined)), ending === 'cancel' ? 'drills.run.cancelled' : 'drills.run.completed');
              },
              () => undefined,
            )
          }
          destroyOnHidden
        >
          <Form form={form} layout="vertical">
            <Form.Item
              name="text"
              label={t(ending === 'cancel' ? 'drills.field.cancelReason' : 'drills.field.summary')}
              rules={ending === 'cancel' ? [{ required: true, whitespace: true, message: t('drills.required') }, { max: 1000 }] : [{ max: 4000 }]}
            >
              <Input.TextArea rows={3} data-testid="drill-end-text" />
            </Form.Item>
          </Form>
        </Modal>
      ) : null}
    </>
  );
}
