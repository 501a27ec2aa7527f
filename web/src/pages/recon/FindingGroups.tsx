import { Collapse, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Finding, ImportDetail } from './reconApi';
import { groupFindings } from './reconValues';

/** A finding in the reader's language (`recon.findings.<CODE>` with its params), or the importer's English. */
export function useFindingText() {
  const { t } = useTranslation();
  return (f: Pick<Finding, 'code' | 'message' | 'params'>) => t(`recon.findings.${f.code}`, { ...f.params, defaultValue: f.message });
}

/**
 * An import's findings grouped by code with their counts (errors first); each group opens onto its findings with
 * file, line, field and message. Says how many were counted but not stored.
 */
export function FindingGroups({ detail, testId }: { detail: Pick<ImportDetail, 'findingList' | 'findingCounts' | 'findingsOmitted'>; testId?: string }) {
  const { t } = useTranslation();
  const text = useFindingText();
  const groups = groupFindings(detail);
  if (groups.length === 0) return <Typography.Text type="secondary">{t('recon.finding.none')}</Typography.Text>;
  return (
    <div data-testid={testId}>
      <Collapse
        size="small"
        defaultActiveKey={groups.filter((g) => g.severity === 'error').map((g) => g.code)}
        items={groups.map((g) => ({
          key: g.code,
          label: (
            <span data-testid={`recon-finding-group-${g.code}`} data-count={g.count}>
              <Tag color={g.severity === 'error' ? 'error' : 'warning'}>{t(`recon.finding.severity.${g.severity}`)}</Tag>
              <Typography.Text code>{g.code}</Typography.Text> × {g.count}
            </span>
          ),
          children: (
            <Table<Finding>
              size="small"
              rowKey={(f) => `${f.file}:${f.line ?? ''}:${f.field ?? ''}:${f.message}`}
              pagination={g.items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              dataSource={g.items}
              columns={[
                { title: t('recon.finding.line'), key: 'line', width: 90, render: (_: unknown, f) => (f.line === null ? t('recon.finding.wholeFile') : f.line) },
                { title: t('recon.finding.field'), key: 'field', width: 140, render: (_: unknown, f) => f.field ?? '' },
                { title: t('recon.finding.message'), key: 'message', render: (_: unknown, f) => text(f) },
              ]}
            />
          ),
        }))}
      />
      {detail.findingsOmitted > 0 ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('recon.finding.omitted', { count: detail.findingsOmitted })}
        </Typography.Text>
      ) : null}
    </div>
  );
}
