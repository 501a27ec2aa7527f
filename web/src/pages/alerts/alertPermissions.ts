/**
 * Which permission each alerting action needs, as the server's routes require it (server/modules/alerting/**.routes.ts):
 * the console hides what the user cannot do; the server refuses it anyway.
 */
export const ALERT_PERMISSION = {
  read: 'alerts:read',
  /** acknowledge and resolve */
  ack: 'alerts:ack',
  /** raise or lower the level */
  level: 'alerts:write',
  /** create, change and expire silences: part of being on duty */
  silence: 'alerts:ack',
  /** create, edit, enable, delete, export and apply rules */
  rules: 'alerts:write',
  maintenance: 'alerts:write',
} as const;
