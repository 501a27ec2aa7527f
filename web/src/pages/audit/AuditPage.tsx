import { Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { auditApi } from '../../api/audit';
import type { AuditRecord } from '../../api/types';
import { formatDateTime } from '../../app/format';
import { roleNameById } from '../../app/roles';
import { CursorTable } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { useCursorList } from '../../hooks/useCursorList';
import { useCan } from '../../hooks/usePermission';
import { useRoles, useSites } from '../../hooks/useReferenceData';
import { AuditDetail, type AuditNames } from './AuditDetail';
import { AuditFilters, type AuditFilterValues } from './AuditFilters';
import { ShortId } from './ShortId';
import { VerifyChainButton } from './VerifyChainButton';

const PAGE_SIZE = 50;

export default function AuditPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [filters, setFilters] = useState<AuditFilterValues>({});
  const fetchPage = useCallback(
    (cursor: string | undefined) => auditApi.list({ ...filters, cursor, limit: PAGE_SIZE }),
    [filters],
  );
  const list = useCursorList(fetchPage, JSON.stringify(filters));
  const roles = useRoles();
  const sites = useSites();
  // Every actor on the page is a user the details can name without asking the server.
  const names: AuditNames = useMemo(
    () => ({
      roles: roles.byId,
      sites: sites.byId,
      users: new Map(list.items.flatMap((r) => (r.actorId ? [[r.actorId, r.actorName] as const] : []))),
    }),
    [roles.byId, sites.byId, list.items],
  );

  /** A user or role target by name, when the page knows it. */
  const targetName = (r: AuditRecord): string | null => {
    if (!r.targetId) return null;
    if (r.targetType === 'user') return names.users.get(r.targetId) ?? null;
    if (r.targetType === 'role') return roleNameById(t, r.targetId, roles.byId);
    return null;
  };

  const columns: ColumnsType<AuditRecord> = [
    { title: t('audit.column.seq'), dataIndex: 'seq', key: 'seq', width: 80 },
    {
      title: t('audit.column.time'),
      key: 'ts',
      render: (_: unknown, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.ts)}</span>,
    },
    { title: t('audit.column.actor'), dataIndex: 'actorName', key: 'actorName' },
    {
      title: t('audit.column.roles'),
      key: 'actorRoles',
      render: (_: unknown, r) => (
        <span data-testid="audit-actor-roles">
          {r.actorRoles.map((role) => (
            <Tag key={role} color="geekblue" title={role}>
              {roleNameById(t, role, roles.byId)}
            </Tag>
          ))}
        </span>
      ),
    },
    { title: t('audit.column.ip'), dataIndex: 'ip', key: 'ip', render: (ip: string | null) => ip ?? '' },
    {
      title: t('audit.column.action'),
      dataIndex: 'action',
      key: 'action',
      // The code stays: auditors search and filter by it; the words beside it are for reading.
      render: (action: string) => (
        <span>
          {t(`auditAction.${action}`, { defaultValue: '' })}{' '}
          <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
            {action}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('audit.column.target'),
      key: 'target',
      render: (_: unknown, r) =>
        r.targetType ? (
          <span style={{ whiteSpace: 'nowrap' }}>
            {t(`auditTarget.${r.targetType}`, { defaultValue: r.targetType })}
            {r.targetId ? (
              <>
                <Typography.Text type="secondary">{' / '}</Typography.Text>
                {targetName(r) ? <span style={{ marginInlineEnd: 6 }}>{targetName(r)}</span> : null}
                <ShortId id={r.targetId} testId="audit-target-id" />
              </>
            ) : null}
          </span>
        ) : (
          ''
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t('nav.audit')} extra={can('audit:verify') ? <VerifyChainButton /> : null} />
      <AuditFilters onSearch={setFilters} />
      <CursorTable<AuditRecord>
        list={list}
        testId="audit-table"
        loadMoreTestId="audit-load-more"
        rowKey="seq"
        columns={columns}
        size="middle"
        scroll={{ x: 1100 }}
        expandable={{ expandedRowRender: (record) => <AuditDetail record={record} names={names} /> }}
        onRow={(record) => ({ 'data-testid': `audit-row-${record.seq}` }) as HTMLAttributes<HTMLElement>}
      />
    </>
  );
}
