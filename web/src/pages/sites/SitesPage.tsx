import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sitesApi } from '../../api/sites';
import type { Site } from '../../api/types';
import { formatDateTime } from '../../app/format';
import { CursorTable } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { useCursorList } from '../../hooks/useCursorList';
import { useCan } from '../../hooks/usePermission';
import { SiteFormModal } from './SiteFormModal';

const PAGE_SIZE = 50;

export default function SitesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const canWrite = can('sites:write');
  const [q, setQ] = useState<string>('');
  const fetchPage = useCallback((cursor: string | undefined) => sitesApi.list({ q, cursor, limit: PAGE_SIZE }), [q]);
  const list = useCursorList(fetchPage, q);
  const [editing, setEditing] = useState<Site | 'new' | null>(null);

  const columns: ColumnsType<Site> = [
    { title: t('site.field.code'), dataIndex: 'code', key: 'code', render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    { title: t('site.field.name'), dataIndex: 'name', key: 'name' },
    { title: t('site.field.timezone'), dataIndex: 'timezone', key: 'timezone' },
    { title: t('common.createdAt'), key: 'createdAt', render: (_: unknown, s) => formatDateTime(s.createdAt) },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, s) => (
        <Tooltip title={t('common.edit')}>
          <Button type="link" icon={<EditOutlined />} onClick={() => setEditing(s)} aria-label={t('common.edit')} />
        </Tooltip>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('nav.sites')}
        extra={
          <>
            <Input.Search
              allowClear
              placeholder={t('site.searchPlaceholder')}
              onSearch={(value) => setQ(value.trim())}
              style={{ width: 240 }}
              data-testid="sites-search"
            />
            {canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="create-site">
                {t('site.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <CursorTable<Site> list={list} testId="sites-table" rowKey="id" columns={columns} scroll={{ x: 'max-content' }} />
      {editing ? (
        <SiteFormModal
          site={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            if (editing === 'new') list.reload();
            else list.replace((s) => s.id === saved.id, saved);
          }}
        />
      ) : null}
    </>
  );
}
