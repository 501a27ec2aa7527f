/**
 * Paging as an operations team sets it up, through the API of the server under benchmark (the same calls as
 * server/modules/oncall/paging.test.ts): two engineers taking turns on a daily duty roster and their shift lead, all
 * with e-mail addresses, an e-mail channel to the benchmark's SMTP sink and a signed webhook to its receiver, and one
 * escalation policy for every level whose first step pages the engineer on duty and the lead over both: each group
 * paged makes one webhook call and two mails.
 */
import { ADMIN_PASSWORD, USER_PASSWORD } from '../../server/testing/app.ts';
import { createToken } from '../../server/testing/server-process.ts';

export interface PagingSetup {
  token: string;
  /** the engineers on the roster, then the lead */
  users: { id: string; email: string }[];
  channels: { email: string; webhook: string };
  rosterId: string;
  policyId: string;
}

/** The benchmark's token: the telemetry and the external alerts it sends. */
const PERMISSIONS = ['ingest:write', 'alerts:read', 'estate:read'];

interface Session {
  cookie: string;
  csrf: string;
}

/** The administrator's session: an API token can grant only what it holds, and people get roles the admin grants. */
async function signIn(base: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function call<T>(base: string, session: Session, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** A date a month ago in Shanghai, for the rotation's start: the roster has somebody on duty today. */
const monthAgo = () => new Date(Date.now() - 30 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

export async function setUpPaging(base: string, receivers: { webhookUrl: string; smtpPort: number }, secret: string): Promise<PagingSetup> {
  const token = await createToken(base, ADMIN_PASSWORD, PERMISSIONS);
  const admin = await signIn(base);
  const users: PagingSetup['users'] = [];
  for (const [username, displayName] of [['duty1', '值班一'], ['duty2', '值班二'], ['lead', '值班长']] as const) {
    const email = `${username}@campus.example`;
    const user = await call<{ id: string }>(base, admin, 'POST', '/api/v1/users', { username, displayName, email, password: USER_PASSWORD, roleIds: ['engineer'], siteIds: null });
    users.push({ id: user.id, email });
  }
  const email = await call<{ id: string }>(base, admin, 'POST', '/api/v1/channels', { name: 'SMTP', kind: 'email', settings: { host: '127.0.0.1', port: receivers.smtpPort, from: 'opsdesk@campus.example' } });
  const webhook = await call<{ id: string }>(base, admin, 'POST', '/api/v1/channels', { name: '值班群 webhook', kind: 'webhook', settings: { url: receivers.webhookUrl, secret } });
  const roster = await call<{ id: string }>(base, admin, 'POST', '/api/v1/rosters', {
    name: '运维值班',
    layers: [{ name: '工程师', rotation: { kind: 'daily', handover: '08:30', startDate: monthAgo(), participants: [users[0]!.id, users[1]!.id] } }],
  });
  const policy = await call<{ id: string }>(base, admin, 'POST', '/api/v1/escalation-policies', {
    name: '全部告警',
    levels: [1, 2, 3],
    // One step that waits longer than the run: what is measured is the first page, not the escalation after it.
    steps: [{ targets: [{ kind: 'roster', rosterId: roster.id }, { kind: 'user', userId: users[2]!.id }], channelIds: [email.id, webhook.id], waitMinutes: 60 }],
    repeat: 0,
  });
  // Somebody on duty now, or the step would page the lead alone.
  const view = await call<{ duty: { now: { userIds: string[] } } }>(base, admin, 'GET', `/api/v1/rosters/${roster.id}`);
  if (view.duty.now.userIds.length !== 1) throw new Error(`the roster has ${view.duty.now.userIds.length} people on duty now, 1 expected`);
  return { token, users, channels: { email: email.id, webhook: webhook.id }, rosterId: roster.id, policyId: policy.id };
}
