import { Drawer, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { sparePartsApi } from '../../api/spareParts';
import type { SparePart, StockMovement } from '../../api/types';
import { formatDateTime } from '../../app/format';
import { CursorTable } from '../../components/CursorTable';
import { useCursorList } from '../../hooks/useCursorList';
import { useIsMobile } from '../../hooks/useIsMobile';

const PAGE_SIZE = 50;

/** A part's movements, newest first. */
export function MovementsDrawer({ part, onClose }: { part: SparePart; onClose: () => void }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const fetchPage = useCallback((cursor: string | undefined) => sparePartsApi.movements(part.id, cursor, PAGE_SIZE), [part.id]);
  const list = useCursorList(fetchPage, `${part.id}#${part.updatedAt}`);

  const columns: ColumnsType<StockMovement> = [
    { title: t('spare.field.at'), key: 'at', render: (_: unknown, m) => formatDateTime(m.at) },
    { title: t('spare.field.warehouse'), dataIndex: 'warehouse', key: 'warehouse' },
    {
      title: t('spare.field.delta'),
      key: 'delta',
      align: 'right',
      render: (_: unknown, m) => (
        <Typography.Text type={m.delta > 0 ? 'success' : 'danger'} strong>
          {m.delta > 0 ? `+${m.delta}` : m.delta}
        </Typography.Text>
      ),
    },
    { title: t('spare.field.quantityAfter'), dataIndex: 'quantityAfter', key: 'quantityAfter', align: 'right' },
    { title: t('spare.field.reason'), dataIndex: 'reason', key: 'reason' },
    {
      title: t('spare.field.incidentRef'),
      dataIndex: 'incidentRef',
      key: 'incidentRef',
      render: (ref: string | null) => (ref ? <Typography.Text code>{ref}</Typography.Text> : ''),
    },
    { title: t('spare.field.actor'), dataIndex: 'actor', key: 'actor' },
  ];

  return (
    <Drawer
      open
      title={t('spare.movementsTitle', { sku: part.sku, name: part.name })}
      size={isMobile ? '100%' : 820}
      onClose={onClose}
      destroyOnHidden
    >
      <CursorTable<StockMovement> list={list} testId="movements-table" rowKey="id" size="small" columns={columns} scroll={{ x: 'max-content' }} />
    </Drawer>
  );
}
