import { Descriptions, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsync } from '../../hooks/useAsync';
import { localText, SEVERITY_COLORS } from './drillCalendar';
import { drillsApi, type ReportStep } from './drillsApi';

/** The drill report: total time, each step's expected against actual minutes, what overran, skipped with reasons, findings. */
export function DrillReportView({ runId, version }: { runId: string; version: number }) {
  const { t, i18n } = useTranslation();
  const report = useAsync(() => drillsApi.report(runId), `report|${runId}|${version}`);
  if (report.error) return <ErrorAlert error={report.error} onRetry={report.reload} />;
  const r = report.data;
  if (!r) return null;
  const stepTitle = (s: ReportStep) => `${s.position}. ${localText(s.title, i18n.language)}`;
  return (
    <Flex vertical gap={16} data-testid="drill-report">
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} bordered>
        <Descriptions.Item label={t('drills.report.total')}>
          <span data-testid="drill-report-total">{r.totalMinutes ?? '—'}</span> {t('drills.report.minutes')}
        </Descriptions.Item>
        <Descriptions.Item label={t('drills.report.expected')}>
          {r.expectedMinutes} {t('drills.report.minutes')}
        </Descriptions.Item>
        <Descriptions.Item label={t('drills.report.overranCount')}>{r.overran.length}</Descriptions.Item>
        <Descriptions.Item label={t('drills.report.openActions')}>{r.openActions}</Descriptions.Item>
      </Descriptions>
      <Table<ReportStep>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={r.steps}
        scroll={{ x: 'max-content' }}
        data-testid="drill-report-steps"
        columns={[
          { title: t('drills.report.step'), render: (_, s) => stepTitle(s) },
          { title: t('drills.report.status'), dataIndex: 'status', render: (s: string) => t(`drills.stepStatus.${s}`) },
          { title: t('drills.report.expected'), dataIndex: 'expectedMinutes' },
          { title: t('drills.report.actual'), dataIndex: 'actualMinutes', render: (m: number | null) => m ?? '—' },
          { title: t('drills.report.over'), dataIndex: 'overByMinutes', render: (m: number | null) => (m === null ? '' : <Tag color="red">+{m}</Tag>) },
        ]}
      />
      <section data-testid="drill-report-overran">
        <Typography.Title level={5}>{t('drills.report.overran')}</Typography.Title>
        {r.overran.length === 0 ? <Typography.Text type="secondary">{t('drills.report.none')}</Typography.Text> : null}
        {r.overran.map((s) => (
          <div key={s.key}>
            {stepTitle(s)}: {t('drills.minutes', { actual: s.actualMinutes, expected: s.expectedMinutes })} <Tag color="red">+{s.overByMinutes}</Tag>
          </div>
        ))}
      </section>
      <section data-testid="drill-report-skipped">
        <Typography.Title level={5}>{t('drills.report.skipped')}</Typography.Title>
        {r.skipped.length === 0 ? <Typography.Text type="secondary">{t('drills.report.none')}</Typography.Text> : null}
        {r.skipped.map((s) => (
          <div key={s.key}>
            {stepTitle(s)}: {s.skipReason}
          </div>
        ))}
      </section>
      {r.notDone.length > 0 ? (
        <section>
          <Typography.Title level={5}>{t('drills.report.notDone')}</Typography.Title>
          {r.notDone.map((s) => (
            <div key={s.key}>{stepTitle(s)}</div>
          ))}
        </section>
      ) : null}
      <section>
        <Typography.Title level={5}>{t('drills.report.findings')}</Typography.Title>
        {r.findings.length === 0 ? <Typography.Text type="secondary">{t('drills.report.none')}</Typography.Text> : null}
        {r.findings.map((f) => (
          <div key={f.id}>
            <Tag color={SEVERITY_COLORS[f.severity]}>{t(`drills.severity.${f.severity}`)}</Tag>
            {f.text}
            {f.action ? ` → ${f.action} (${f.owner?.name ?? '—'}, ${f.dueDate ?? '—'}, ${t(f.status === 'done' ? 'drills.finding.done' : 'drills.finding.open')})` : ''}
          </div>
        ))}
      </section>
    </Flex>
  );
}
