import { Alert, Button, Col, Row, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { ImportProblem, ImportResult } from '../../api/types';
import { describeProblem } from '../../app/errors';
import type { ImportOutcome } from './importResult';

const ALERT: Record<ImportOutcome, 'success' | 'warning' | 'error'> = {
  checked: 'success',
  imported: 'success',
  problems: 'warning',
  rejected: 'error',
};

/** Totals of an import and, when there are any, its problems by line and field. */
export function ImportResultView({
  result,
  outcome,
  fileName,
  onCommit,
  committing,
}: {
  result: ImportResult;
  outcome: ImportOutcome;
  fileName: string;
  onCommit?: () => void;
  committing?: boolean;
}) {
  const { t } = useTranslation();
  const columns: ColumnsType<ImportProblem> = [
    { title: t('imports.column.line'), dataIndex: 'line', key: 'line', width: 80 },
    {
      title: t('imports.column.field'),
      key: 'field',
      width: 160,
      render: (_: unknown, p) => (p.field ? t(`imports.field.${p.field}`, { defaultValue: p.field }) : ''),
    },
    { title: t('imports.column.message'), key: 'message', render: (_: unknown, p) => describeProblem(t, p) },
  ];

  return (
    <div data-testid="import-result" data-outcome={outcome}>
      <Alert
        type={ALERT[outcome]}
        showIcon
        title={t(`imports.outcome.${outcome}`, { file: fileName, count: result.errorCount })}
        description={t(`imports.outcomeHint.${outcome}`)}
        action={
          outcome === 'checked' && onCommit ? (
            <Button type="primary" onClick={onCommit} loading={committing} data-testid="import-commit">
              {t('imports.commit')}
            </Button>
          ) : undefined
        }
        style={{ marginBottom: 16 }}
        data-testid="import-outcome"
      />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} sm={8} md={4}>
          <Statistic title={t('imports.total')} value={result.total} />
        </Col>
        <Col xs={12} sm={8} md={4}>
          <Statistic title={result.dryRun ? t('imports.wouldImport') : t('imports.imported')} value={result.imported} />
        </Col>
        {result.errorCount === 0 ? (
          <>
            <Col xs={12} sm={8} md={4}>
              <Statistic title={t('imports.created')} value={result.created} />
            </Col>
            <Col xs={12} sm={8} md={4}>
              <Statistic title={t('imports.updated')} value={result.updated} />
            </Col>
          </>
        ) : null}
        <Col xs={12} sm={8} md={4}>
          <Statistic
            title={t('imports.problems')}
            value={result.errorCount}
            styles={{ content: result.errorCount > 0 ? { color: '#cf1322' } : undefined }}
          />
        </Col>
      </Row>
      {result.errors.length > 0 ? (
        <>
          {result.errorCount > result.errors.length ? (
            <Typography.Paragraph type="secondary">
              {t('imports.firstProblems', { shown: result.errors.length, count: result.errorCount })}
            </Typography.Paragraph>
          ) : null}
          <div data-testid="import-errors">
            <Table<ImportProblem>
              rowKey={(p) => `${p.line}:${p.field ?? ''}:${p.message}`}
              size="small"
              columns={columns}
              dataSource={result.errors}
              pagination={result.errors.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
              scroll={{ x: 560 }}
            />
          </div>
        </>
      ) : null}
    </div>
  );
}
