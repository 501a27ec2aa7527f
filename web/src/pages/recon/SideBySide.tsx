import { Collapse, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import { formatFen } from '../../app/money';
import { buildDiffRows, provenance, type CellValue, type DiffRow, type FieldFormat } from './diffRows';
import type { ReconRecord } from './reconApi';

const DIFFERS_STYLE = { background: '#fff1f0', fontWeight: 600 } as const;
/** Fields whose values are codes the console words. */
const WORDED: Record<string, string> = { type: 'recon.recordType', direction: 'recon.direction', status: 'recon.recordStatus' };

/**
 * Our records and theirs side by side, one row per field, the fields the server names as differing highlighted; each
 * record's column is headed by its file and line, and its raw row is shown below as read (card and account masked).
 */
export function SideBySide({ left, right, fields }: { left: ReconRecord[]; right: ReconRecord[]; fields: string[] }) {
  const { t } = useTranslation();
  const rows = buildDiffRows(left, right, fields);

  const show = (value: CellValue, format: FieldFormat, field: string) => {
    if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return <Typography.Text type="secondary">—</Typography.Text>;
    if (format === 'money' && typeof value === 'number') return formatFen(value);
    if (format === 'time' && typeof value === 'string') return formatDateTime(value);
    if (format === 'bool') return value ? t('recon.value.yes') : t('recon.value.no');
    if (Array.isArray(value)) return value.map((f) => t(`recon.field.${f}`, { defaultValue: f })).join(t('common.listSeparator'));
    const worded = WORDED[field];
    return worded ? t(`${worded}.${String(value)}`, { defaultValue: String(value) }) : String(value);
  };

  const side = (records: ReconRecord[], which: 'left' | 'right'): ColumnsType<DiffRow>[number] => ({
    title: t(`recon.side.${which}`),
    key: which,
    children:
      records.length === 0
        ? [{ title: t('recon.difference.noRecordHere'), key: `${which}-none`, render: () => <Typography.Text type="secondary">—</Typography.Text> }]
        : records.map((r, i) => ({
            title: (
              <span data-testid={`recon-side-${which}-${i}-source`} data-file={r.file} data-line={r.line}>
                {t('recon.difference.at', { file: r.file, line: r.line })}
              </span>
            ),
            key: `${which}-${i}`,
            render: (_: unknown, row: DiffRow) => <span data-testid={`recon-side-${which}-${i}-${row.field}`}>{show(row[which][i] ?? null, row.format, row.field)}</span>,
            onCell: (row: DiffRow) => ({ style: row.differs ? DIFFERS_STYLE : undefined }),
          })),
  });

  const columns: ColumnsType<DiffRow> = [
    {
      title: t('recon.difference.field'),
      key: 'field',
      width: 160,
      render: (_: unknown, row) => <Typography.Text strong={row.differs}>{t(`recon.field.${row.field}`, { defaultValue: row.field })}</Typography.Text>,
    },
    side(left, 'left'),
    side(right, 'right'),
  ];

  const raws = [...left.map((r) => ({ r, which: 'left' as const })), ...right.map((r) => ({ r, which: 'right' as const }))];
  return (
    <div data-testid="recon-side-by-side">
      <Table<DiffRow>
        size="small"
        bordered
        rowKey="field"
        pagination={false}
        dataSource={rows}
        columns={columns}
        scroll={{ x: 'max-content' }}
        onRow={(row) => ({ 'data-testid': `recon-diff-field-${row.field}`, 'data-differs': row.differs ? 'true' : 'false' }) as HTMLAttributes<HTMLElement>}
      />
      {raws.length > 0 ? (
        <Collapse
          size="small"
          style={{ marginTop: 12 }}
          items={[
            {
              key: 'raw',
              label: t('recon.difference.rawRows'),
              children: raws.map(({ r, which }) => (
                <div key={`${which}:${provenance(r)}`} style={{ marginBottom: 8 }}>
                  <Typography.Text type="secondary">{`${t(`recon.side.${which}`)} · ${provenance(r)}`}</Typography.Text>
                  <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{r.raw}</pre>
                </div>
              )),
            },
          ]}
        />
      ) : null}
    </div>
  );
}
