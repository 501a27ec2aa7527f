import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadDemoEstate } from '../../demo.ts';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { virtualTime } from '../../testing/virtual-time.ts';
import { systemContext } from '../auth/index.ts';
import { dingTalkRobot, smtpSink } from './testing/receivers.ts';

/**
 * Issue 10's "done when": the simulator's pos-silent scenario through the HTTP ingest API with the default rules; the
 * terminal's absence alert pages whoever the roster has on duty — their e-mail arrives at a real SMTP sink and a
 * DingTalk-shaped call with a valid signature reaches the local robot — and the one-time link in the mail, used as a
 * phone would (no session), acknowledges the alert and stops the escalation: the lead of the next step is never paged.
 * In virtual time (testing/virtual-time.ts).
 */
const START = Date.parse('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
const TOKEN = 'robot-access-token-1';
const SECRET = 'SECc0ffee0123456789';

describeEachDatabase('pos-silent pages the engineer on duty on %s', (dialect) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  let robot: Awaited<ReturnType<typeof dingTalkRobot>>;
  const ids = { engineer: '', lead: '' };
  let acknowledged: { at: number; link: string } | null = null;

  beforeAll(async () => {
    smtp = await smtpSink();
    t = await createTestApp(dialect, { OPSDESK_PUBLIC_URL: 'https://ops.campus.example' });
    robot = await dingTalkRobot(TOKEN, SECRET, () => t.clock.now());
    t.clock.set(START);
    await loadDemoEstate(t.services, systemContext('test'));
    await t.services.channels.ensureBuiltin();
    const admin: Caller = await t.loginAdmin();
    const post = async (url: string, payload: unknown) => {
      const res = await t.call(admin, { method: 'POST', url, payload });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      return res.json();
    };
    ids.engineer = (await post('/api/v1/users', { username: 'zhao', displayName: '赵工', email: 'zhao@campus.example', phone: '13900139000', password: 'Lantern-Orchid-Pebble-4', roleIds: ['engineer'], siteIds: null })).id;
    ids.lead = (await post('/api/v1/users', { username: 'qian', displayName: '钱主管', email: 'qian@campus.example', password: 'Lantern-Orchid-Pebble-4', roleIds: ['engineer'], siteIds: null })).id;
    const email = await post('/api/v1/channels', { name: '邮件', kind: 'email', settings: { host: '127.0.0.1', port: smtp.port, from: 'opsdesk@campus.example' } });
    const dingtalk = await post('/api/v1/channels', { name: '钉钉值班群', kind: 'dingtalk', settings: { webhookUrl: robot.url, accessToken: TOKEN, secret: SECRET } });
    const consoleId = (await t.call(admin, { method: 'GET', url: '/api/v1/channels' })).json().items.find((c: { kind: string }) => c.kind === 'console').id;
    const roster = await post('/api/v1/rosters', { name: '驻场值班', layers: [{ name: '工程师', rotation: { kind: 'weekly', handover: '08:30', startDate: '2026-11-16', participants: [ids.engineer] } }] });
    await post('/api/v1/escalation-policies', {
      name: '终端离线',
      levels: [2],
      steps: [
        { targets: [{ kind: 'roster', rosterId: roster.id }], channelIds: [email.id, dingtalk.id], waitMinutes: 5 },
        { targets: [{ kind: 'user', userId: ids.lead }], channelIds: [consoleId, email.id], waitMinutes: 10 },
      ],
    });
    const token = (await post('/api/v1/tokens', { name: 'sim', permissions: ['ingest:write'] })).secret as string;

    /** The engineer reads the mail on a phone and taps the link: no session, just the link. */
    const answerPage = async () => {
      if (acknowledged) return;
      const mail = smtp.mails.find((m) => (m.to as { text: string }).text.includes('zhao@campus.example'));
      const link = mail && /https:\/\/ops\.campus\.example\/ack\/([A-Za-z0-9_.-]+)/.exec(mail.text ?? '')?.[1];
      if (!link) return;
      const res = await t.call(null, { method: 'POST', url: `/api/v1/ack/${link}` });
      expect(res.statusCode, res.body).toBe(200);
      acknowledged = { at: t.clock.now(), link };
    };

    // A tick after the page has arrived, the engineer has read it.
    const time = virtualTime(t, { start: START, token, everyTick: answerPage });
    // The terminal is silent from minute 1 to minute 13; the run lasts 16 minutes, past its resolution.
    await time.simulate({ durationSeconds: 16 * 60, scenarios: [{ name: 'pos-silent', startOffsetSec: 60, durationSec: 12 * 60 }] });
    await time.passTime(t.clock.now() + 30_000);
  }, 600_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await robot.close();
  });

  it("the on-duty engineer's e-mail arrives, in Chinese, with the alert and a one-time link", () => {
    const mail = smtp.mails.find((m) => (m.to as { text: string }).text.includes('zhao@campus.example'))!;
    expect(mail).toBeDefined();
    expect(mail.subject).toMatch(/^【二级】/);
    expect(mail.text).toContain('POS-C2-007');
    expect(mail.html).toContain('确认告警');
  });

  it('the DingTalk robot got a markdown message with a valid signature, mentioning the engineer by phone', () => {
    const page = robot.received.find((r) => JSON.stringify(r.body).includes('POS-C2-007'))!;
    expect(page).toBeDefined();
    expect(page.signatureValid).toBe(true);
    expect(page.mobiles).toEqual(['13900139000']);
  });

  it('the link acknowledged the alert as the engineer, and the escalation stopped before the lead was paged', async () => {
    expect(acknowledged).not.toBeNull();
    const admin = await t.loginAdmin();
    const alerts = (await t.call(admin, { method: 'GET', url: '/api/v1/alerts?limit=200' })).json().items as { id: string; name: string; labels: Record<string, string>; acknowledgedBy: string | null; state: string }[];
    const silent = alerts.find((a) => a.name === 'terminal-silent' && a.labels.device === 'POS-C2-007')!;
    expect(silent.acknowledgedBy).toBe(ids.engineer);
    const escalations = (await t.call(admin, { method: 'GET', url: `/api/v1/escalations?alertId=${silent.id}` })).json().items as { state: string; nextStep: number }[];
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({ state: 'acknowledged' });
    const sent = (await t.call(admin, { method: 'GET', url: `/api/v1/notifications?alertId=${silent.id}&limit=200` })).json().items as { userId: string | null; kind: string; channelKind: string }[];
    expect(sent.filter((n) => n.userId === ids.lead)).toEqual([]);
    // When the terminal reports again, those who were paged hear that it resolved.
    expect(silent.state).toBe('resolved');
    expect(sent.filter((n) => n.kind === 'resolved').map((n) => n.channelKind).sort()).toEqual(['dingtalk', 'email']);
    // The link works once.
    const again = await t.call(null, { method: 'POST', url: `/api/v1/ack/${acknowledged!.link}` });
    expect(again.statusCode).toBe(409);
  });
});
