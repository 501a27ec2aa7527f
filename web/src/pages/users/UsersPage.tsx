import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/types';
import { usersApi } from '../../api/users';
import { describeError } from '../../app/errors';
import { CursorTable } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { useCursorList } from '../../hooks/useCursorList';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useCan } from '../../hooks/usePermission';
import { useRoles, useSites } from '../../hooks/useReferenceData';
import { ExportModal } from './ExportModal';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UnmaskModal } from './UnmaskModal';
import { userColumns } from './userColumns';
import { UserFilters, type UserFilterValues } from './UserFilters';
import { UserFormModal } from './UserFormModal';

const PAGE_SIZE = 50;

export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const isMobile = useIsMobile();
  const roles = useRoles();
  const sites = useSites();
  const [filters, setFilters] = useState<UserFilterValues>({});
  const fetchPage = useCallback(
    (cursor: string | undefined) => usersApi.list({ ...filters, cursor, limit: PAGE_SIZE }),
    [filters],
  );
  const list = useCursorList(fetchPage, JSON.stringify(filters));
  const { replace } = list;

  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [unmasking, setUnmasking] = useState<User | null>(null);
  const [unmasked, setUnmasked] = useState<Record<string, User>>({});
  const [exporting, setExporting] = useState(false);

  const toggleStatus = useCallback(
    async (user: User) => {
      try {
        const saved = await usersApi.update(user.id, { status: user.status === 'active' ? 'disabled' : 'active' });
        replace((u) => u.id === saved.id, saved);
        void message.success(t(saved.status === 'active' ? 'user.enabled' : 'user.disabled', { name: saved.username }));
      } catch (error) {
        void message.error(describeError(t, error));
      }
    },
    [replace, message, t],
  );

  const columns = useMemo(
    () =>
      userColumns({
        t,
        roles: roles.byId,
        sites: sites.byId,
        unmasked,
        canWrite: can('users:write'),
        canUnmask: can('personal:unmask'),
        pinColumns: !isMobile,
        onEdit: setEditing,
        onToggleStatus: (u) => void toggleStatus(u),
        onResetPassword: setResetting,
        onUnmask: setUnmasking,
        onMask: (u) =>
          setUnmasked((current) => {
            const next = { ...current };
            delete next[u.id];
            return next;
          }),
      }),
    [t, roles.byId, sites.byId, unmasked, can, toggleStatus, isMobile],
  );

  return (
    <>
      <PageHeader
        title={t('nav.users')}
        extra={
          <>
            <UserFilters value={filters} onChange={setFilters} roles={roles.data ?? []} />
            {can('personal:export') ? (
              <Button icon={<DownloadOutlined />} onClick={() => setExporting(true)} data-testid="export-users">
                {t('user.export')}
              </Button>
            ) : null}
            {can('users:write') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="create-user">
                {t('user.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <CursorTable<User>
        list={list}
        testId="users-table"
        loadMoreTestId="users-load-more"
        rowKey="id"
        columns={columns}
        scroll={{ x: 'max-content' }}
        size="middle"
      />
      {editing ? (
        <UserFormModal
          user={editing === 'new' ? null : (unmasked[editing.id] ?? editing)}
          roles={roles.data ?? []}
          sites={sites.data ?? []}
          sitesLoading={sites.loading}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            if (created) {
              list.reload();
              return;
            }
            list.replace((u) => u.id === saved.id, saved);
            setUnmasked((current) => {
              const next = { ...current };
              delete next[saved.id];
              return next;
            });
          }}
        />
      ) : null}
      {resetting ? <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} /> : null}
      {unmasking ? (
        <UnmaskModal
          user={unmasking}
          onClose={() => setUnmasking(null)}
          onUnmasked={(whole) => {
            setUnmasked((current) => ({ ...current, [whole.id]: whole }));
            setUnmasking(null);
          }}
        />
      ) : null}
      {exporting ? <ExportModal canUnmask={can('personal:unmask')} onClose={() => setExporting(false)} /> : null}
    </>
  );
}
