import { TeamOutlined } from '@ant-design/icons';
import { Flex, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../app/format';
import { RelativeTime } from '../../components/RelativeTime';
import type { Incident } from './incidentsApi';
import { IncidentLevelTag, IncidentStateTag, MajorBadge, SlaCell } from './IncidentTags';

export const incidentPath = (id: string) => `/incidents/${encodeURIComponent(id)}`;

/** The incident list's columns: number, title, level, state, site, assignee, SLA countdown, created. */
export function incidentColumns(t: TFunction, siteName: (id: string) => string): ColumnsType<Incident> {
  return [
    {
      title: t('incident.column.ref'),
      key: 'ref',
      width: 120,
      render: (_: unknown, i) => (
        <Link to={incidentPath(i.id)} data-testid={`incident-link-${i.id}`} style={{ fontFamily: 'monospace' }}>
          {i.ref}
        </Link>
      ),
    },
    {
      title: t('incident.column.title'),
      key: 'title',
      render: (_: unknown, i) => (
        <Flex gap={6} align="center" wrap>
          <Link to={incidentPath(i.id)} data-testid={`incident-title-${i.id}`} style={{ fontWeight: 500 }}>
            {i.title}
          </Link>
          <MajorBadge incident={i} />
        </Flex>
      ),
    },
    { title: t('incident.column.level'), key: 'level', width: 76, render: (_: unknown, i) => <IncidentLevelTag level={i.level} testId={`incident-level-${i.id}`} /> },
    { title: t('incident.column.state'), key: 'state', width: 110, render: (_: unknown, i) => <IncidentStateTag state={i.state} testId={`incident-state-${i.id}`} /> },
    { title: t('incident.column.site'), key: 'site', width: 150, render: (_: unknown, i) => siteName(i.siteId) },
    {
      title: t('incident.column.assignee'),
      key: 'assignee',
      width: 130,
      render: (_: unknown, i) =>
        i.assignee ? (
          <span data-testid={`incident-assignee-${i.id}`}>
            {i.assignee.kind === 'team' ? <TeamOutlined style={{ marginInlineEnd: 4 }} /> : null}
            {i.assignee.name}
          </span>
        ) : (
          <Typography.Text type="secondary">{t('incident.unassigned')}</Typography.Text>
        ),
    },
    { title: t('incident.column.sla'), key: 'sla', width: 200, render: (_: unknown, i) => <SlaCell incident={i} /> },
    {
      title: t('incident.column.createdAt'),
      key: 'createdAt',
      width: 150,
      render: (_: unknown, i) => (
        <Flex vertical>
          <span>{formatDateTime(i.createdAt)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <RelativeTime iso={i.createdAt} />
          </Typography.Text>
        </Flex>
      ),
    },
  ];
}
