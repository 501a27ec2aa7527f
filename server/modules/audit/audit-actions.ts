/**
 * Every action the audit log records, as `area.verb`. AuditEntry.action is this union, so an action cannot be
 * recorded without being listed here — a computed one (`on ? 'device.maintenance_on' : 'device.maintenance_off'`)
 * included, since both branches must type-check — and audit-actions.test.ts requires the console's words for each
 * listed action in every language (`auditAction.<area>.<verb>` in web/src/i18n). Records already written keep
 * whatever action they had: the log is read as text.
 */
export const AUDIT_ACTIONS = [
  'alert.ack',
  'alert.level',
  'alert.resolve',
  'alert_rule.apply',
  'alert_rule.create',
  'alert_rule.delete',
  'alert_rule.update',
  'maintenance_window.create',
  'maintenance_window.delete',
  'maintenance_window.update',
  'silence.create',
  'silence.expire',
  'silence.update',
  'audit.verify',
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_change',
  'device.adopt',
  'device.config',
  'device.create',
  'device.maintenance_off',
  'device.maintenance_on',
  'device.update',
  'discovered.dismiss',
  'estate.import',
  'estate.import_dry_run',
  'job.cancel',
  'personal.export',
  'personal.unmask',
  'role.create',
  'role.delete',
  'role.seed',
  'role.update',
  'site.create',
  'site.update',
  'spare.create',
  'spare.movement',
  'spare.update',
  'token.create',
  'token.issue',
  'token.revoke',
  'user.create',
  'user.password_reset',
  'user.update',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
