import {
  AlertOutlined,
  ApiOutlined,
  AuditOutlined,
  BellOutlined,
  BookOutlined,
  BugOutlined,
  CalendarOutlined,
  ClusterOutlined,
  ControlOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  ExperimentOutlined,
  FieldTimeOutlined,
  FileTextOutlined,
  HomeOutlined,
  ImportOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  ProfileOutlined,
  RadarChartOutlined,
  ReconciliationOutlined,
  ScheduleOutlined,
  SettingOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  ToolOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

export interface NavEntry {
  key: string;
  path: string;
  labelKey: string;
  icon: ReactNode;
  /** Shown (and routable) only for users holding this permission; undefined = everyone. */
  permission?: string;
}

export const NAV: NavEntry[] = [
  { key: 'home', path: '/', labelKey: 'nav.home', icon: <HomeOutlined /> },
  // Alerts next to home: the list is the first thing an engineer on duty opens. /alerts also serves /alerts/:id.
  { key: 'alerts', path: '/alerts', labelKey: 'nav.alerts', icon: <AlertOutlined />, permission: 'alerts:read' },
  // Incidents next to alerts: /incidents also serves /incidents/new (the request form) and /incidents/:id.
  { key: 'incidents', path: '/incidents', labelKey: 'nav.incidents', icon: <FileTextOutlined />, permission: 'incidents:read' },
  // Problem records (问题管理): /problems also serves /problems/:id. Writing them is the dispatchers' (incidents:assign).
  { key: 'problems', path: '/problems', labelKey: 'nav.problems', icon: <BugOutlined />, permission: 'incidents:read' },
  // The knowledge base (知识库): /kb also serves /kb/new and /kb/:id. Writing and reviewing articles: plans:write.
  { key: 'kb', path: '/kb', labelKey: 'nav.kb', icon: <BookOutlined />, permission: 'plans:read' },
  // The plan library (预案库): /plans also serves /plans/new and /plans/:id (versions, the step editor: plans:write).
  { key: 'plans', path: '/plans', labelKey: 'nav.plans', icon: <ProfileOutlined />, permission: 'plans:read' },
  // Drills (演练): /drills is the calendar with the schedules, /drills/runs/:id a run (checklist, findings, report).
  { key: 'drills', path: '/drills', labelKey: 'nav.drills', icon: <ExperimentOutlined />, permission: 'plans:read' },
  // Incident settings right under incidents: SLA calendars (also /sla-calendars/:id, the year view), SLA policies with
  // the preview, and grading, workflow, causes and teams (/incident-settings, /causes, /teams). Editing: incidents:assign.
  { key: 'slaCalendars', path: '/sla-calendars', labelKey: 'nav.slaCalendars', icon: <FieldTimeOutlined />, permission: 'incidents:read' },
  { key: 'slaPolicies', path: '/sla-policies', labelKey: 'nav.slaPolicies', icon: <DashboardOutlined />, permission: 'incidents:read' },
  { key: 'incidentSettings', path: '/incident-settings', labelKey: 'nav.incidentSettings', icon: <SettingOutlined />, permission: 'incidents:read' },
  // The rules entry also serves /alert-rules/new and /alert-rules/:id (the editor with its backtest).
  { key: 'alertRules', path: '/alert-rules', labelKey: 'nav.alertRules', icon: <WarningOutlined />, permission: 'alerts:read' },
  { key: 'silences', path: '/silences', labelKey: 'nav.silences', icon: <BellOutlined />, permission: 'alerts:read' },
  {
    key: 'maintenance',
    path: '/maintenance-windows',
    labelKey: 'nav.maintenance',
    icon: <ControlOutlined />,
    permission: 'alerts:read',
  },
  // Paging: who is on duty (also /rosters/:id, the calendar), whom to page in what order, and over which channels.
  { key: 'rosters', path: '/rosters', labelKey: 'nav.rosters', icon: <CalendarOutlined />, permission: 'oncall:read' },
  {
    key: 'escalationPolicies',
    path: '/escalation-policies',
    labelKey: 'nav.escalationPolicies',
    icon: <NodeIndexOutlined />,
    permission: 'oncall:read',
  },
  { key: 'channels', path: '/channels', labelKey: 'nav.channels', icon: <NotificationOutlined />, permission: 'notify:read' },
  // The estate entry also serves the device page, /devices/:id.
  { key: 'estate', path: '/devices', labelKey: 'nav.estate', icon: <ClusterOutlined />, permission: 'estate:read' },
  {
    key: 'discovered',
    path: '/discovered',
    labelKey: 'nav.discovered',
    icon: <RadarChartOutlined />,
    permission: 'estate:read',
  },
  { key: 'spareParts', path: '/spare-parts', labelKey: 'nav.spareParts', icon: <ToolOutlined />, permission: 'estate:read' },
  // Reconciliation (对账): /recon/jobs (also /recon), /recon/jobs/:id, /recon/differences/:id, /recon/imports (+/:id).
  { key: 'recon', path: '/recon', labelKey: 'nav.recon', icon: <ReconciliationOutlined />, permission: 'recon:read' },
  // Device imports need estate:write; the page offers site imports only to holders of sites:write as well.
  { key: 'imports', path: '/imports', labelKey: 'nav.imports', icon: <ImportOutlined />, permission: 'estate:write' },
  { key: 'users', path: '/users', labelKey: 'nav.users', icon: <TeamOutlined />, permission: 'users:read' },
  {
    key: 'roles',
    path: '/roles',
    labelKey: 'nav.roles',
    icon: <SafetyCertificateOutlined />,
    permission: 'roles:read',
  },
  { key: 'sites', path: '/sites', labelKey: 'nav.sites', icon: <EnvironmentOutlined />, permission: 'sites:read' },
  { key: 'tokens', path: '/tokens', labelKey: 'nav.tokens', icon: <ApiOutlined />, permission: 'tokens:read' },
  { key: 'audit', path: '/audit', labelKey: 'nav.audit', icon: <AuditOutlined />, permission: 'audit:read' },
  { key: 'jobs', path: '/jobs', labelKey: 'nav.jobs', icon: <ScheduleOutlined />, permission: 'jobs:read' },
];

/** The menu entry a URL belongs to (longest matching path prefix). */
export function navKeyFor(pathname: string): string {
  let best: NavEntry | undefined;
  for (const entry of NAV) {
    const matches =
      entry.path === '/' ? pathname === '/' : pathname === entry.path || pathname.startsWith(`${entry.path}/`);
    if (matches && (!best || entry.path.length > best.path.length)) best = entry;
  }
  return best?.key ?? '';
}
