import { Empty, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConfigDiff } from '../../../api/types';
import { diffLines, diffStats, type DiffLineKind } from './diff';

const ROW: Record<DiffLineKind, CSSProperties> = {
  added: { background: '#e6ffec' },
  removed: { background: '#ffebe9' },
  context: {},
  hunk: { background: '#ddf4ff', color: '#57606a' },
};
const MARK: Record<DiffLineKind, string> = { added: '+', removed: '-', context: ' ', hunk: '' };
const NUMBER: CSSProperties = { width: 40, textAlign: 'right', color: '#8c959f', padding: '0 6px', userSelect: 'none' };

/** A unified diff: added lines green, removed lines red, with old and new line numbers. */
export function DiffView({ diff }: { diff: ConfigDiff }) {
  const { t } = useTranslation();
  const lines = diffLines(diff);
  const stats = diffStats(lines);
  if (lines.length === 0) return <Empty description={t('config.noDifference')} data-testid="config-diff-empty" />;
  return (
    <div data-testid="config-diff">
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        {t('config.diffSummary', { from: diff.from, to: diff.to })}{' '}
        <Typography.Text type="success">+{stats.added}</Typography.Text>{' '}
        <Typography.Text type="danger">-{stats.removed}</Typography.Text>
      </Typography.Paragraph>
      <div style={{ overflowX: 'auto', border: '1px solid #d0d7de', borderRadius: 6 }}>
        <table style={{ borderCollapse: 'collapse', width: '100%', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }}>
          <tbody>
            {lines.map((line, i) => (
              <tr key={i} style={ROW[line.kind]} data-testid={`diff-${line.kind}`}>
                <td style={NUMBER}>{line.oldNo ?? ''}</td>
                <td style={NUMBER}>{line.newNo ?? ''}</td>
                <td style={{ whiteSpace: 'pre', padding: '0 8px' }}>
                  {line.kind === 'hunk' ? line.text : `${MARK[line.kind]} ${line.text}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
