import { Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role, UserStatus } from '../../api/types';
import { roleName } from '../../app/roles';

export interface UserFilterValues {
  q?: string;
  roleId?: string;
  status?: UserStatus;
}

export function UserFilters({
  value,
  onChange,
  roles,
}: {
  value: UserFilterValues;
  onChange: (value: UserFilterValues) => void;
  roles: Role[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <Input.Search
        allowClear
        placeholder={t('user.searchPlaceholder')}
        defaultValue={value.q}
        onSearch={(q) => onChange({ ...value, q: q.trim() || undefined })}
        style={{ width: 240 }}
        data-testid="users-search"
      />
      <Select
        allowClear
        placeholder={t('user.filterRole')}
        value={value.roleId}
        onChange={(roleId?: string) => onChange({ ...value, roleId })}
        options={roles.map((r) => ({ value: r.id, label: roleName(t, r) }))}
        style={{ width: 180 }}
        data-testid="users-filter-role"
      />
      <Select
        allowClear
        placeholder={t('user.filterStatus')}
        value={value.status}
        onChange={(status?: UserStatus) => onChange({ ...value, status })}
        options={[
          { value: 'active', label: t('user.status.active') },
          { value: 'disabled', label: t('user.status.disabled') },
        ]}
        style={{ width: 140 }}
        data-testid="users-filter-status"
      />
    </>
  );
}
