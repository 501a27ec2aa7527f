import { Checkbox, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { actionLabel, availableFirst, capabilityLabel, groupByCapability, permissionLabel, type CapabilityGroup } from '../app/permissions';
import type { Permission } from '../api/types';

export interface PermissionMatrixProps {
  catalog: Permission[];
  value?: string[];
  onChange?: (value: string[]) => void;
  disabled?: boolean;
}

/**
 * Permission editor: one row per capability, one checkbox per action that capability has, and a row toggle.
 * Works as an antd Form control (value / onChange).
 *
 * Capabilities the server has no pages for yet (`available: false`) come last, greyed and tagged "coming", but stay
 * editable: roles can be prepared before the module lands, and hiding them would drop the permissions a role already
 * holds (the built-in roles ship with them) the next time it is saved.
 */
export function PermissionMatrix({ catalog, value = [], onChange, disabled }: PermissionMatrixProps) {
  const { t } = useTranslation();
  const groups = useMemo(() => availableFirst(groupByCapability(catalog)), [catalog]);
  const selected = useMemo(() => new Set(value), [value]);

  const emit = (next: Set<string>) => {
    // keep the catalogue's order so diffs and audit records read well
    onChange?.(catalog.map((p) => p.key).filter((key) => next.has(key)));
  };
  const toggle = (keys: string[], on: boolean) => {
    const next = new Set(selected);
    for (const key of keys) {
      if (on) next.add(key);
      else next.delete(key);
    }
    emit(next);
  };

  const columns: ColumnsType<CapabilityGroup> = [
    {
      title: t('role.matrix.capability'),
      key: 'capability',
      width: 200,
      render: (_: unknown, group) => {
        const keys = group.permissions.map((p) => p.key);
        const count = keys.filter((k) => selected.has(k)).length;
        const coming = group.permissions.some((p) => !p.available);
        return (
          <Flex align="center" gap={4} wrap>
            <Checkbox
              checked={count === keys.length}
              indeterminate={count > 0 && count < keys.length}
              disabled={disabled}
              onChange={(e) => toggle(keys, e.target.checked)}
              data-testid={`perm-row-${group.capability}`}
            >
              <Typography.Text type={coming ? 'secondary' : undefined}>{capabilityLabel(t, group.capability)}</Typography.Text>
            </Checkbox>
            {coming ? (
              <Tooltip title={t('role.matrix.comingHint')}>
                <Tag bordered={false} data-testid={`perm-coming-${group.capability}`}>
                  {t('role.matrix.coming')}
                </Tag>
              </Tooltip>
            ) : null}
          </Flex>
        );
      },
    },
    {
      title: t('role.matrix.actions'),
      key: 'actions',
      render: (_: unknown, group) => (
        <Flex wrap gap={12}>
          {group.permissions.map((p) => (
            <Tooltip key={p.key} title={`${permissionLabel(t, p.key)} (${p.key})`}>
              <Checkbox
                checked={selected.has(p.key)}
                disabled={disabled}
                onChange={(e) => toggle([p.key], e.target.checked)}
                data-testid={`perm-${p.key}`}
              >
                <Typography.Text type={p.available ? undefined : 'secondary'}>{actionLabel(t, p.action)}</Typography.Text>
              </Checkbox>
            </Tooltip>
          ))}
        </Flex>
      ),
    },
  ];

  return (
    <Table<CapabilityGroup>
      size="small"
      rowKey="capability"
      columns={columns}
      dataSource={groups}
      pagination={false}
      bordered
    />
  );
}
