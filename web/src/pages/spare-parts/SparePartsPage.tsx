import { EditOutlined, HistoryOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Input, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { sparePartsApi } from '../../api/spareParts';
import type { SparePart } from '../../api/types';
import { CursorTable } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { useCursorList } from '../../hooks/useCursorList';
import { useCan } from '../../hooks/usePermission';
import { MovementModal } from './MovementModal';
import { MovementsDrawer } from './MovementsDrawer';
import { PartFormModal } from './PartFormModal';
import { unitLabel } from './unit';

const PAGE_SIZE = 50;
const LOW_STOCK_ROW = { background: '#fff1f0' };

interface Filters {
  q?: string;
  lowStock: boolean;
}

/** Spare parts with stock per warehouse; parts at or below their reorder threshold are highlighted. */
export default function SparePartsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const canWrite = can('estate:write');
  const [filters, setFilters] = useState<Filters>({ lowStock: false });
  const fetchPage = useCallback(
    (cursor: string | undefined) =>
      sparePartsApi.list({ q: filters.q, lowStock: filters.lowStock || undefined, cursor, limit: PAGE_SIZE }),
    [filters],
  );
  const list = useCursorList(fetchPage, JSON.stringify(filters));
  const [editing, setEditing] = useState<SparePart | 'new' | null>(null);
  const [moving, setMoving] = useState<SparePart | null>(null);
  const [history, setHistory] = useState<SparePart | null>(null);

  const columns: ColumnsType<SparePart> = [
    { title: t('spare.field.sku'), key: 'sku', render: (_: unknown, p) => <Typography.Text code>{p.sku}</Typography.Text> },
    { title: t('spare.field.name'), dataIndex: 'name', key: 'name' },
    { title: t('spare.field.category'), dataIndex: 'category', key: 'category' },
    {
      title: t('spare.field.stock'),
      key: 'stock',
      render: (_: unknown, p) =>
        p.stock.length === 0 ? (
          <Typography.Text type="secondary">{t('spare.noStock')}</Typography.Text>
        ) : (
          <Flex wrap gap={4}>
            {p.stock.map((s) => (
              <Tag key={s.warehouse} color={s.quantity === 0 ? 'default' : 'geekblue'}>
                {`${s.warehouse}: ${s.quantity}`}
              </Tag>
            ))}
          </Flex>
        ),
    },
    {
      title: t('spare.field.total'),
      key: 'total',
      align: 'right',
      render: (_: unknown, p) => (
        <span data-testid={`part-total-${p.sku}`}>
          <Typography.Text strong type={p.belowThreshold ? 'danger' : undefined}>
            {p.total}
          </Typography.Text>{' '}
          <Typography.Text type="secondary">{unitLabel(t, p.unit)}</Typography.Text>
          {p.belowThreshold ? (
            <Tag color="red" style={{ marginInlineStart: 6 }} data-testid={`part-low-${p.sku}`}>
              {t('spare.lowStock')}
            </Tag>
          ) : null}
        </span>
      ),
    },
    { title: t('spare.field.reorderThreshold'), dataIndex: 'reorderThreshold', key: 'reorderThreshold', align: 'right' },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, p) => (
        <Flex gap={2}>
          {canWrite ? (
            <Tooltip title={t('spare.move')}>
              <Button type="link" size="small" icon={<SwapOutlined />} onClick={() => setMoving(p)} aria-label={t('spare.move')} data-testid={`part-move-${p.sku}`} />
            </Tooltip>
          ) : null}
          <Tooltip title={t('spare.movements')}>
            <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setHistory(p)} aria-label={t('spare.movements')} data-testid={`part-history-${p.sku}`} />
          </Tooltip>
          {canWrite ? (
            <Tooltip title={t('common.edit')}>
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(p)} aria-label={t('common.edit')} data-testid={`part-edit-${p.sku}`} />
            </Tooltip>
          ) : null}
        </Flex>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.spareParts')}
        extra={
          <>
            <Input.Search
              allowClear
              placeholder={t('spare.searchPlaceholder')}
              onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() || undefined }))}
              style={{ width: 220 }}
              data-testid="parts-search"
            />
            <Checkbox
              checked={filters.lowStock}
              onChange={(e) => setFilters((f) => ({ ...f, lowStock: e.target.checked }))}
              style={{ alignSelf: 'center' }}
              data-testid="parts-low-stock"
            >
              {t('spare.lowStockOnly')}
            </Checkbox>
            {canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="create-part">
                {t('spare.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <CursorTable<SparePart>
        list={list}
        testId="parts-table"
        rowKey="id"
        columns={columns}
        size="middle"
        scroll={{ x: 'max-content' }}
        onRow={(p) =>
          ({ 'data-testid': `part-row-${p.sku}`, style: p.belowThreshold ? LOW_STOCK_ROW : undefined }) as HTMLAttributes<HTMLElement>
        }
      />
      {editing ? (
        <PartFormModal
          part={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            if (editing === 'new') list.reload();
            else list.replace((p) => p.id === saved.id, saved);
          }}
        />
      ) : null}
      {moving ? (
        <MovementModal
          part={moving}
          onClose={() => setMoving(null)}
          onSaved={(saved) => {
            setMoving(null);
            list.replace((p) => p.id === saved.id, saved);
          }}
        />
      ) : null}
      {history ? <MovementsDrawer part={history} onClose={() => setHistory(null)} /> : null}
    </>
  );
}
