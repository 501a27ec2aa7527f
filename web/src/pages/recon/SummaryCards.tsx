import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Card, Col, Row, Statistic, Table, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../app/money';
import type { Summary } from './reconApi';
import { differenceCount, formatRate, matchedCount, summaryRows, type SummaryRow } from './reconValues';

/**
 * A run's summary: both sides' records and amounts, what matched and how, the match rate, and per difference kind the
 * count and the amount at stake; with a previous run of the same day, how each count moved since.
 */
export function SummaryCards({ summary, previous, testId }: { summary: Summary; previous?: Summary | null; testId?: string }) {
  const { t } = useTranslation();
  const rows = summaryRows(summary, previous);
  const change = (now: number, before: number) =>
    now === before ? (
      <Typography.Text type="secondary">{t('recon.summary.unchanged')}</Typography.Text>
    ) : (
      <Typography.Text type={now > before ? 'danger' : 'success'}>
        {now > before ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {Math.abs(now - before)}
      </Typography.Text>
    );
  return (
    <div data-testid={testId}>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('recon.summary.left')} value={summary.left.records} suffix={<small>{formatFen(summary.left.amountFen)}</small>} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('recon.summary.right')} value={summary.right.records} suffix={<small>{formatFen(summary.right.amountFen)}</small>} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('recon.summary.matched')} value={matchedCount(summary)} suffix={<small>{formatFen(summary.matched.amountFen)}</small>} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('recon.summary.matchedHow', summary.matched)}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('recon.summary.matchRate')} value={formatRate(summary.matchRate)} />
            <span data-testid={testId ? `${testId}-differences` : undefined} data-count={differenceCount(summary)}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('recon.summary.differenceTotal', { count: differenceCount(summary) })}
                {previous ? ` · ${t('recon.summary.previousTotal', { count: differenceCount(previous) })}` : ''}
              </Typography.Text>
            </span>
          </Card>
        </Col>
      </Row>
      {summary.left.carriedIn + summary.left.carriedOut + summary.right.carriedIn + summary.right.carriedOut > 0 ? (
        <Typography.Paragraph type="secondary">
          {t('recon.summary.carry', { leftIn: summary.left.carriedIn, leftOut: summary.left.carriedOut, rightIn: summary.right.carriedIn, rightOut: summary.right.carriedOut })}
        </Typography.Paragraph>
      ) : null}
      <BalanceChecksNote summary={summary} />
      <Table<SummaryRow>
        size="small"
        rowKey="kind"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('recon.summary.noDifferences') }}
        onRow={(r) => ({ 'data-testid': `recon-summary-${r.kind}`, 'data-count': r.count }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('recon.difference.kind'), key: 'kind', render: (_: unknown, r) => t(`recon.differenceKind.${r.kind}`) },
          { title: t('recon.summary.count'), key: 'count', align: 'right', render: (_: unknown, r) => r.count },
          { title: t('recon.summary.amount'), key: 'amount', align: 'right', render: (_: unknown, r) => formatFen(r.amountFen) },
          ...(previous
            ? [{ title: t('recon.summary.sincePrevious'), key: 'previous', align: 'right' as const, render: (_: unknown, r: SummaryRow) => change(r.count, r.previousCount ?? 0) }]
            : []),
        ]}
      />
    </div>
  );
}

/** What the balance checks did (summary.balanceChecks; absent in runs made before them, and until the client types are regenerated). */
interface BalanceChecks {
  status: 'checked' | 'no-snapshot';
  rows: number;
  accounts: number;
  unattributed: number;
}

/** Whether the day's account daily settlement was compared, or the balance checks were skipped for want of one. */
function BalanceChecksNote({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  const checks = (summary as Summary & { balanceChecks?: BalanceChecks }).balanceChecks;
  if (!checks) return null;
  if (checks.status === 'no-snapshot') {
    return (
      <Typography.Paragraph type="warning" data-testid="recon-balance-checks" data-status={checks.status}>
        {t('recon.summary.balanceSkipped')}
      </Typography.Paragraph>
    );
  }
  return (
    <Typography.Paragraph type="secondary" data-testid="recon-balance-checks" data-status={checks.status}>
      {t('recon.summary.balanceChecked', { rows: checks.rows, accounts: checks.accounts })}
      {checks.unattributed > 0 ? ` · ${t('recon.summary.balanceUnattributed', { count: checks.unattributed })}` : ''}
    </Typography.Paragraph>
  );
}
