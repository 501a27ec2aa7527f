/**
 * Permissions are capability × action. Roles are sets of them, editable by an administrator; every route declares
 * the one it needs (see http/auth.ts). New capabilities add their keys here.
 */
export const CAPABILITY_ACTIONS = {
  users: ['read', 'write'],
  roles: ['read', 'write'],
  sites: ['read', 'write'],
  tokens: ['read', 'write', 'admin'],
  audit: ['read', 'verify'],
  personal: ['unmask', 'export'],
  estate: ['read', 'write'],
  ingest: ['write'],
  // Background jobs (server/worker): see them and their progress; cancel them.
  jobs: ['read', 'manage'],
  alerts: ['read', 'ack', 'write'],
  notify: ['read', 'write'],
  oncall: ['read', 'write'],
  // create: open an incident (the client's request form); write: work on one
  incidents: ['read', 'create', 'write', 'assign', 'confirm'],
  plans: ['read', 'write'],
  recon: ['read', 'write', 'approve'],
  security: ['read', 'write', 'approve'],
  backup: ['read', 'write'],
  status: ['write'],
  inspections: ['read', 'write'],
  reports: ['read', 'write', 'approve'],
  system: ['read'],
} as const satisfies Record<string, readonly string[]>;

type Catalog = typeof CAPABILITY_ACTIONS;
export type Capability = keyof Catalog;
export type Permission = { [C in Capability]: `${C}:${Catalog[C][number]}` }[Capability];

export const ALL_PERMISSIONS: readonly Permission[] = Object.entries(CAPABILITY_ACTIONS).flatMap(([capability, actions]) =>
  actions.map((action) => `${capability}:${action}` as Permission),
);

/**
 * Capabilities whose module has not shipped yet. Their permissions exist so that roles can be set up ahead (the
 * built-in roles of SPEC §1 already hold them) and work the day the module lands, but no route uses them yet: the
 * permission catalogue says so (`available: false`) and the console marks them "coming". Take a capability out of
 * this list in the commit that gives it routes; roles/permission-catalog.test.ts checks the list against the routes.
 */
export const COMING_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([
  'security',
  'backup',
  'status',
  'inspections',
  'reports',
  'system',
]);

const known = new Set<string>(ALL_PERMISSIONS);
export const isPermission = (value: string): value is Permission => known.has(value);

/** The role whose permissions are always the whole catalogue, so that nobody can lock the administrators out. */
export const ADMIN_ROLE_ID = 'admin';

export interface BuiltInRole {
  id: string;
  name: string;
  description: string;
  permissions: readonly Permission[];
}

const own = ['tokens:read', 'tokens:write'] as const;

/**
 * The roles of SPEC §1 as they ship; an administrator may change all but admin. Names and descriptions are data in
 * the deployment's language (Chinese), like everything else an administrator types.
 */
export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  { id: ADMIN_ROLE_ID, name: '管理员', description: '用户、角色、站点、支付渠道、告警规则、工作日历与备份的管理', permissions: ALL_PERMISSIONS },
  {
    id: 'dispatcher',
    name: '调度/班组长',
    description: '派单与升级事件，维护值班表，盯住 SLA 计时',
    permissions: ['sites:read', 'estate:read', 'alerts:read', 'alerts:ack', 'alerts:write', 'notify:read', 'oncall:read', 'oncall:write',
      'incidents:read', 'incidents:create', 'incidents:write', 'incidents:assign', 'plans:read', 'plans:write', 'inspections:read', 'inspections:write',
      'reports:read', 'status:write', 'users:read', 'roles:read', ...own],
  },
  {
    id: 'engineer',
    name: '值班工程师',
    description: '处理实时告警与呼叫，按应急预案清单处置事件，执行巡检',
    permissions: ['sites:read', 'estate:read', 'estate:write', 'alerts:read', 'alerts:ack', 'oncall:read', 'incidents:read', 'incidents:create', 'incidents:write',
      'plans:read', 'inspections:read', 'inspections:write', 'backup:read', ...own],
  },
  {
    id: 'finance',
    name: '财务(卡务中心)',
    description: '渠道账单与银行流水、每日对账，差异处理须第二人复核',
    permissions: ['sites:read', 'estate:read', 'recon:read', 'recon:write', 'recon:approve', 'reports:read', ...own],
  },
  {
    id: 'security',
    name: '安全员',
    description: '登录与交易异常、冻结、漏洞管理与审计日志',
    permissions: ['sites:read', 'estate:read', 'alerts:read', 'security:read', 'security:write', 'security:approve', 'audit:read', 'audit:verify',
      'users:read', 'roles:read', 'personal:unmask', 'reports:read', ...own],
  },
  {
    id: 'client',
    name: '甲方代表',
    description: '查看看板、报表与 SLA 指标，确认事件解决；个人信息仅见脱敏',
    permissions: ['sites:read', 'estate:read', 'alerts:read', 'incidents:read', 'incidents:create', 'incidents:confirm', 'reports:read', 'reports:approve'],
  },
  {
    id: 'auditor',
    name: '审计员',
    description: '查阅并校验审计日志链，查阅报表与对账结果',
    permissions: ['sites:read', 'audit:read', 'audit:verify', 'users:read', 'roles:read', 'recon:read', 'incidents:read', 'reports:read'],
  },
];
