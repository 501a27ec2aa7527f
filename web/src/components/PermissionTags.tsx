import { Popover, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { permissionLabel } from '../app/permissions';

/** Permission keys as tags, showing the first few and the rest in a popover. */
export function PermissionTags({ permissions, max = 4 }: { permissions: string[]; max?: number }) {
  const { t } = useTranslation();
  const tags = (keys: string[]) =>
    keys.map((key) => (
      <Tag key={key} title={key} style={{ marginBottom: 4 }}>
        {permissionLabel(t, key)}
      </Tag>
    ));
  if (permissions.length <= max) return <>{tags(permissions)}</>;
  return (
    <>
      {tags(permissions.slice(0, max))}
      <Popover content={<div style={{ maxWidth: 360 }}>{tags(permissions)}</div>}>
        <Tag color="processing" style={{ cursor: 'pointer' }}>
          {t('common.moreCount', { count: permissions.length - max })}
        </Tag>
      </Popover>
    </>
  );
}
