/**
 * Which permission each incident action needs, as the server's routes require it (incidents.routes.ts): the console
 * hides what the user cannot do; the server refuses it anyway. Workflow moves are not listed: the incident page shows
 * exactly the `actions` the server says the caller may take now.
 */
export const INCIDENT_PERMISSION = {
  read: 'incidents:read',
  /** open one through the request form (the client role holds it) */
  create: 'incidents:create',
  /** link an alert */
  linkAlert: 'incidents:write',
  /** comment: any of these (incidents.service.ts comment) */
  comment: ['incidents:write', 'incidents:confirm', 'incidents:create'],
} as const;
