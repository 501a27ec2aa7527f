import { Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { formatDateTime } from '../../app/format';
import type { Receipt } from './incidentsApi';

export const RECEIPT_STATE_COLOURS: Record<string, string> = { delivered: 'green', sent: 'blue', queued: 'processing', failed: 'red', skipped: 'default', folded: 'default' };

/** The receipts' columns: over which channel, to whom (masked address), the state (a folded row its digest's), why, when. */
export function receiptColumns(t: TFunction): ColumnsType<Receipt> {
  return [
    { key: 'channel', title: t('planCommunications.receipt.channel'), render: (_: unknown, r: Receipt) => r.channelName ?? r.channelKind },
    {
      key: 'to',
      title: t('planCommunications.receipt.to'),
      render: (_: unknown, r: Receipt) => (r.userId === null && !r.email && !r.phone ? t('planCommunications.receipt.group') : [r.userName ?? r.userId, r.email ?? r.phone].filter(Boolean).join(' · ')),
    },
    {
      key: 'state',
      title: t('planCommunications.receipt.state'),
      render: (_: unknown, r: Receipt) => (
        <Tag color={RECEIPT_STATE_COLOURS[r.state] ?? 'default'} data-testid={`receipt-state-${r.id}`} data-state={r.state}>
          {t(`planCommunications.state.${r.state}`, { defaultValue: r.state })}
          {r.folded ? ` · ${t('planCommunications.receipt.folded')}` : ''}
        </Tag>
      ),
    },
    { key: 'why', title: t('planCommunications.receipt.why'), render: (_: unknown, r: Receipt) => (r.lastError ? t(`planCommunications.why.${r.lastError}`, { defaultValue: r.lastError }) : '') },
    { key: 'at', title: t('planCommunications.receipt.at'), render: (_: unknown, r: Receipt) => formatDateTime(r.deliveredAt ?? r.sentAt ?? r.failedAt ?? r.createdAt) },
  ];
}
