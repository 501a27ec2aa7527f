/** The request form: what a link may prefill (an alert's "open incident"), and the request the form's values make. */
import type { CreateIncidentBody, Grade } from './incidentsApi';

export type RequestChannel = 'form' | 'phone';

export interface RequestValues {
  channel: RequestChannel;
  siteId?: string;
  deviceId?: string;
  subsystem?: string;
  impact?: Grade;
  urgency?: Grade;
  title?: string;
  description?: string;
  reporterName?: string;
  reporterPhone?: string;
  reporterEmail?: string;
}

export interface RequestPrefill {
  values: Partial<RequestValues>;
  /** alerts to link at once (from the alert page) */
  alertIds: string[];
}

const MAX_PREFILL_ALERTS = 20;

/** /incidents/new?channel=phone&site=…&title=…&alertIds=a,b: what the URL asks to start with. */
export function prefillFromParams(params: URLSearchParams): RequestPrefill {
  const get = (name: string) => params.get(name)?.trim() || undefined;
  const alertIds = [...new Set((get('alertIds') ?? '').split(',').map((id) => id.trim()).filter(Boolean))].slice(0, MAX_PREFILL_ALERTS);
  const values: Partial<RequestValues> = { channel: get('channel') === 'phone' ? 'phone' : 'form' };
  const site = get('site');
  if (site) values.siteId = site;
  const device = get('device');
  if (device) values.deviceId = device;
  const subsystem = get('subsystem');
  if (subsystem) values.subsystem = subsystem;
  const title = get('title');
  if (title) values.title = title.slice(0, 200);
  return { values, alertIds };
}

/** The link the alert page opens: the request form with that alert, its title and its site. */
export function requestLinkForAlert(alert: { id: string; title: string; siteId: string | null; deviceId: string | null; subsystem: string | null }): string {
  const params = new URLSearchParams({ alertIds: alert.id, title: alert.title });
  if (alert.siteId) params.set('site', alert.siteId);
  if (alert.deviceId) params.set('device', alert.deviceId);
  if (alert.subsystem) params.set('subsystem', alert.subsystem);
  return `/incidents/new?${params.toString()}`;
}

const optional = (value: string | undefined): string | undefined => value?.trim() || undefined;

/** The POST /incidents body; the form has made sure the required fields are there. */
export function createBody(values: RequestValues, alertIds: readonly string[]): CreateIncidentBody {
  const body: CreateIncidentBody = {
    title: (values.title ?? '').trim(),
    description: (values.description ?? '').trim(),
    siteId: values.siteId ?? '',
    impact: values.impact ?? 'medium',
    urgency: values.urgency ?? 'medium',
    channel: values.channel,
  };
  const deviceId = optional(values.deviceId);
  if (deviceId) body.deviceId = deviceId;
  const subsystem = optional(values.subsystem);
  if (subsystem) body.subsystem = subsystem;
  const reporterName = optional(values.reporterName);
  if (reporterName) body.reporterName = reporterName;
  const reporterPhone = optional(values.reporterPhone);
  if (reporterPhone) body.reporterPhone = reporterPhone;
  const reporterEmail = optional(values.reporterEmail);
  if (reporterEmail) body.reporterEmail = reporterEmail;
  if (alertIds.length > 0) body.alertIds = [...alertIds];
  return body;
}
