import { ExperimentOutlined } from '@ant-design/icons';
import { Alert as Notice, Button, Card, Col, Empty, Flex, InputNumber, Row, Slider, Spin, Statistic, Table, Tabs, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { alertRulesApi } from '../../api/alertRules';
import type { BacktestInterval, BacktestOutcome, BacktestResult, RuleDefinition } from '../../api/alerts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useIsMobile } from '../../hooks/useIsMobile';
import { intervalTimes } from './backtestChart';

const BacktestChart = lazy(() => import('./BacktestChart'));

export const DEFAULT_BACKTEST_DAYS = 7;
const MAX_DAYS = 30;

function Outcome({ title, outcome, testId }: { title: string; outcome: BacktestOutcome | null; testId: string }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title} data-testid={testId}>
      {outcome ? (
        <Row gutter={12}>
          <Col span={12}>
            <Statistic title={t('alertRule.backtest.alerts')} value={outcome.alerts} valueStyle={{ fontSize: 22 }} />
          </Col>
          <Col span={12}>
            <Statistic title={t('alertRule.backtest.firingMinutes')} value={Math.round(outcome.firingMinutes)} valueStyle={{ fontSize: 22 }} />
          </Col>
          {outcome.truncated ? (
            <Col span={24}>
              <Typography.Text type="warning">{t('alertRule.backtest.truncated')}</Typography.Text>
            </Col>
          ) : null}
        </Row>
      ) : (
        <Typography.Text type="secondary">{t('alertRule.backtest.none')}</Typography.Text>
      )}
    </Card>
  );
}

function Intervals({ intervals }: { intervals: BacktestInterval[] }) {
  const { t } = useTranslation();
  return (
    <Table<BacktestInterval>
      size="small"
      rowKey={(i) => `${i.series}-${i.start}`}
      dataSource={intervals}
      pagination={intervals.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      locale={{ emptyText: t('alertRule.backtest.noIntervals') }}
      columns={[
        { title: t('alertRule.backtest.series'), key: 'series', render: (_: unknown, i) => <Typography.Text code>{i.series}</Typography.Text> },
        { title: t('alertRule.backtest.start'), key: 'start', render: (_: unknown, i) => intervalTimes(i).start },
        { title: t('alertRule.backtest.end'), key: 'end', render: (_: unknown, i) => intervalTimes(i).end ?? t('alertRule.backtest.stillFiring') },
        { title: t('alertRule.backtest.minutes'), key: 'minutes', align: 'right', render: (_: unknown, i) => Math.round(i.minutes) },
        { title: t('alertRule.backtest.peak'), key: 'peak', align: 'right', render: (_: unknown, i) => (i.peak === null ? '' : Math.round(i.peak * 1000) / 1000) },
      ]}
    />
  );
}

/**
 * What the rule as edited would have done over the last days, beside what the saved rule did: replayed by the server
 * from the stored roll-ups and events. The edited definition is sent unsaved (`proposed`); `proposed()` validates the
 * form first and gives null when it does not pass.
 */
export function BacktestPanel({ ruleId, proposed }: { ruleId: string | null; proposed: () => Promise<RuleDefinition | null> }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [days, setDays] = useState(DEFAULT_BACKTEST_DAYS);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<BacktestResult | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async () => {
    const definition = await proposed();
    if (!definition) return;
    setRunning(true);
    setError(null);
    try {
      setResult(await alertRulesApi.backtest(ruleId, { days, proposed: definition }));
    } catch (caught) {
      setError(caught);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Card title={t('alertRule.backtest.title')} data-testid="backtest-panel">
      <Typography.Paragraph type="secondary">{t('alertRule.backtest.hint')}</Typography.Paragraph>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 16 }}>
        <Typography.Text>{t('alertRule.backtest.days')}</Typography.Text>
        <Slider min={1} max={MAX_DAYS} value={days} onChange={setDays} style={{ width: 200 }} />
        <InputNumber min={1} max={MAX_DAYS} precision={0} value={days} onChange={(v) => setDays(v ?? DEFAULT_BACKTEST_DAYS)} style={{ width: 80 }} data-testid="backtest-days" />
        <Button type="primary" icon={<ExperimentOutlined />} loading={running} onClick={() => void run()} data-testid="backtest-run">
          {t('alertRule.backtest.run')}
        </Button>
      </Flex>
      <ErrorAlert error={error} />
      {running && !result ? <Spin style={{ display: 'block', margin: '40px auto' }} /> : null}
      {result ? (
        <Flex vertical gap={16} data-testid="backtest-result">
          <Row gutter={[12, 12]}>
            <Col xs={24} md={8}>
              <Outcome title={t('alertRule.backtest.proposed')} outcome={result.proposed} testId="backtest-proposed" />
            </Col>
            <Col xs={24} md={8}>
              <Outcome title={t('alertRule.backtest.current')} outcome={result.current} testId="backtest-current" />
            </Col>
            <Col xs={24} md={8}>
              <Outcome title={t('alertRule.backtest.actual')} outcome={result.actual} testId="backtest-actual" />
            </Col>
          </Row>
          <Typography.Text type="secondary">
            {t('alertRule.backtest.shownSeries', { series: result.chart.series || t('common.none'), ms: result.elapsedMs })}
          </Typography.Text>
          {result.chart.points.length === 0 ? (
            <Notice type="info" showIcon title={t('alertRule.backtest.noPoints')} />
          ) : (
            <Suspense fallback={<Spin style={{ display: 'block', margin: '40px auto' }} />}>
              <BacktestChart result={result} height={isMobile ? 300 : 380} />
            </Suspense>
          )}
          <Tabs
            items={[
              { key: 'proposed', label: t('alertRule.backtest.proposedIntervals'), children: <Intervals intervals={result.proposed?.intervals ?? []} /> },
              { key: 'current', label: t('alertRule.backtest.currentIntervals'), children: <Intervals intervals={result.current?.intervals ?? []} /> },
              ...(result.actual
                ? [{ key: 'actual', label: t('alertRule.backtest.actualIntervals'), children: <Intervals intervals={result.actual.intervals} /> }]
                : []),
            ]}
          />
        </Flex>
      ) : !running ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alertRule.backtest.notRun')} />
      ) : null}
    </Card>
  );
}
