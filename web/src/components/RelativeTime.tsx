import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRelative } from '../app/format';
import { useNow } from '../hooks/useNow';

/** "3分钟前", with the exact time (Asia/Shanghai) on hover; `emptyText` when there is no time. */
export function RelativeTime({ iso, emptyText, testId }: { iso: string | null | undefined; emptyText?: string; testId?: string }) {
  const { i18n } = useTranslation();
  const now = useNow();
  if (!iso) return <span data-testid={testId}>{emptyText ?? ''}</span>;
  return (
    <Tooltip title={formatDateTime(iso)}>
      <span data-testid={testId}>{formatRelative(iso, now, i18n.language)}</span>
    </Tooltip>
  );
}
