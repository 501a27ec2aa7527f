import { Checkbox, Flex, Table, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { actionLabel, capabilityLabel, groupByCapability, permissionLabel, type CapabilityGroup } from '../app/permissions';
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
 */
export function PermissionMatrix({ catalog, value = [], onChange, disabled }: PermissionMatrixProps) {
  const { t } = useTranslation();
  const groups = useMemo(() => groupByCapability(catalog), [catalog]);
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
        return (
          <Checkbox
            checked={count === keys.length}
            indeterminate={count > 0 && count < keys.length}
            disabled={disabled}
            onChange={(e) => toggle(keys, e.target.checked)}
            data-testid={`perm-row-${group.capability}`}
          >
            {capabilityLabel(t, group.capability)}
          </Checkbox>
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
                {actionLabel(t, p.action)}
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
