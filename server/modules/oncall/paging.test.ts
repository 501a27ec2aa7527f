import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { createExternalAlerts, type ExternalAlerts } from '../alerting/index.ts';
import { estateFixtures } from '../estate/estate.fixtures.ts';
import { httpSink, smtpSink, webhookReceiver } from './testing/receivers.ts';

/**
 * Paging end to end on a real database, driven by the clock: an alert fires, its group is due, the first matching
 * escalation policy pages whoever the roster has on duty over the console, e-mail (a real SMTP sink) and a signed
 * webhook (a local receiver checking the signature), then the next step after its wait; the one-time link in the
 * e-mail acknowledges as the person paged and the escalation stops. Channels that are down lose nothing.
 */
const T0 = Date.parse('2026-11-24T02:00:00Z'); // a Tuesday, 10:00 in Shanghai
const MIN = 60_000;
const SECRET = 'whsec-0123456789abcdef';

describeEachDatabase('paging on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let external: ExternalAlerts;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  let site: { id: string; code: string };
  let engineer: { id: string };
  let lead: { id: string };
  let channels: { console: string; email: string; webhook: string };
  let n = 0;

  let adminSince = 0;
  /** The admin's session, signed in again when the clock has moved past its idle timeout. */
  async function asAdmin(): Promise<Caller> {
    if (t.clock.now() - adminSince > 10 * MIN) {
      admin = await t.loginAdmin();
      adminSince = t.clock.now();
    }
    return admin;
  }

  const ok = async (caller: Caller | null, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown) => {
    const res = await t.call(caller === admin ? await asAdmin() : caller, { method, url, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
    return res.json();
  };

  /** Time passes: the evaluator's tick, every consumer caught up, the outbox sent. */
  async function tick(ms: number): Promise<void> {
    t.clock.advance(ms);
    await t.services.alertEvaluator.appendTick();
    // The evaluator's alert.notify, then the escalator's notifications, then their sending.
    await t.services.events.drain();
    await t.services.events.drain();
    await t.services.notifyCore.deliverer.runOnce();
    await t.services.events.drain();
  }

  const raise = async (alertname: string) => {
    const [result] = await external.receive('alertmanager', [
      { fingerprint: null, status: 'firing', labels: { alertname, severity: 'critical', site: site.code }, annotations: { summary: '二食堂 POS 离线' }, startsAt: t.clock.now(), endsAt: null, generatorUrl: null },
    ]);
    return result!.alertId!;
  };

  const notifications = async (alertId: string) => (await ok(admin, 'GET', `/api/v1/notifications?alertId=${alertId}&limit=200`)).items as { id: string; userId: string | null; channelKind: string; state: string; step: number | null; kind: string; attempts: number; lastError: string | null }[];

  const escalationsOf = async (alertId: string) => (await ok(admin, 'GET', `/api/v1/escalations?alertId=${alertId}`)).items as { state: string; nextStep: number; round: number; nextAt: string | null; lastStepPaged: boolean; endedBy: string | null }[];
  /** An alert paged through both steps of the policy (step 0 after the group wait, the lead five minutes later). */
  const pagedToTheLastStep = async (alertname: string) => {
    const alertId = await raise(alertname);
    await tick(35_000);
    await tick(5 * MIN);
    expect((await notifications(alertId)).filter((x) => x.userId === lead.id && x.kind === 'alert')).toHaveLength(1);
    return alertId;
  };

  beforeAll(async () => {
    hook = await webhookReceiver(SECRET);
    smtp = await smtpSink();
    t = await createTestApp(dialect, { OPSDESK_PUBLIC_URL: 'https://ops.example.edu/' });
    t.clock.set(T0);
    admin = await asAdmin();
    await t.services.channels.ensureBuiltin();
    external = createExternalAlerts({ db: t.db, clock: t.clock, events: t.services.events });
    site = await estateFixtures(t).site(admin, { code: 'canteen-2', name: '二食堂' });
    engineer = await ok(admin, 'POST', '/api/v1/users', { username: 'zhang', displayName: '张工', email: 'zhang@campus.example', phone: '13800138000', password: 'Lantern-Orchid-Pebble-4', roleIds: ['engineer'], siteIds: null });
    lead = await ok(admin, 'POST', '/api/v1/users', { username: 'lead', displayName: '李主管', email: 'lead@campus.example', password: 'Lantern-Orchid-Pebble-4', roleIds: ['engineer'], siteIds: null });
    const list = (await ok(admin, 'GET', '/api/v1/channels')).items as { id: string; kind: string }[];
    const email = await ok(admin, 'POST', '/api/v1/channels', { name: 'SMTP', kind: 'email', settings: { host: '127.0.0.1', port: smtp.port, from: 'opsdesk@campus.example' } });
    const webhook = await ok(admin, 'POST', '/api/v1/channels', { name: '值班群 webhook', kind: 'webhook', settings: { url: hook.url, secret: SECRET } });
    channels = { console: list.find((c) => c.kind === 'console')!.id, email: email.id, webhook: webhook.id };
    const roster = await ok(admin, 'POST', '/api/v1/rosters', {
      name: '运维值班',
      hotline: '0571-88886666',
      layers: [{ name: '工程师', rotation: { kind: 'daily', handover: '08:30', startDate: '2026-11-01', participants: [engineer.id] } }],
    });
    await ok(admin, 'POST', '/api/v1/escalation-policies', {
      name: '全部告警',
      levels: [1, 2, 3],
      steps: [
        { targets: [{ kind: 'roster', rosterId: roster.id }], channelIds: [channels.console, channels.email, channels.webhook], waitMinutes: 5 },
        { targets: [{ kind: 'user', userId: lead.id }], channelIds: [channels.console], waitMinutes: 5 },
      ],
    });
  });
  afterAll(async () => {
    await t.close();
    await hook.close();
    await smtp.close();
  });
  beforeEach(() => {
    n += 1;
    hook.state.failing = false;
  });

  it('pages the engineer on duty over every channel of the first step, then the lead, and the signed link acknowledges', async () => {
    const alertId = await raise(`PosSilent${n}`);
    const mailsBefore = smtp.mails.length;
    const hooksBefore = hook.received.length;
    await tick(10_000);
    expect(await notifications(alertId)).toHaveLength(0); // the group waits 30 s for its siblings
    await tick(25_000);

    const first = await notifications(alertId);
    expect(first.map((x) => `${x.channelKind}:${x.userId === engineer.id ? 'engineer' : x.userId}:${x.state}`).sort()).toEqual([
      'console:engineer:delivered',
      'email:engineer:sent',
      'webhook:null:sent',
    ]);
    // The mail arrived at the SMTP sink, in Chinese, with the one-time link.
    const mail = smtp.mails.slice(mailsBefore).find((m) => (m.to as { text: string }).text.includes('zhang@campus.example'))!;
    expect(mail.subject).toContain('【一级】二食堂');
    const link = /https:\/\/ops\.example\.edu\/ack\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];
    expect(link).toBeTruthy();
    // The webhook call carried a signature the receiver could verify, and no personal data.
    const call = hook.received.slice(hooksBefore)[0]!;
    expect(call.signatureValid).toBe(true);
    expect(JSON.stringify(call.body)).not.toContain('13800138000');
    expect(JSON.stringify(call.body)).not.toContain('zhang@campus.example');
    // The engineer's bell.
    const zhang = await t.login('zhang', 'Lantern-Orchid-Pebble-4');
    expect((await ok(zhang, 'GET', '/api/v1/me/notifications/unread')).unread).toBeGreaterThanOrEqual(1);

    // Nobody answers for five minutes: the lead is paged; the first step is not sent again.
    await tick(5 * MIN);
    const second = await notifications(alertId);
    expect(second.filter((x) => x.userId === lead.id && x.channelKind === 'console')).toHaveLength(1);
    expect(second.filter((x) => x.userId === engineer.id)).toHaveLength(2);

    // The link: readable without signing in, acknowledges once, as the engineer.
    const view = await ok(null, 'GET', `/api/v1/ack/${link}`);
    expect(view.userName).toBe('张工');
    const used = await ok(null, 'POST', `/api/v1/ack/${link}`);
    expect(used.acknowledged).toBe(1);
    const replay = await t.call(null, { method: 'POST', url: `/api/v1/ack/${link}` });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe('ACK_LINK_USED');
    const alert = (await ok(admin, 'GET', `/api/v1/alerts/${alertId}`)).alert;
    expect(alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: engineer.id });

    // The escalation stopped: nothing more however long it stays acknowledged.
    await t.services.events.drain();
    const escalations = (await ok(admin, 'GET', `/api/v1/escalations?alertId=${alertId}`)).items as { state: string }[];
    expect(escalations.map((e) => e.state)).toEqual(['acknowledged']);
    const count = (await notifications(alertId)).length;
    await tick(30 * MIN);
    expect(await notifications(alertId)).toHaveLength(count);
  });

  it('gives the last step its wait before running out of steps', async () => {
    const alertId = await pagedToTheLastStep(`NvrOffline${n}`);
    const lastStepAt = t.clock.now();
    // The lead was just paged: still paging, due once more when the lead's five minutes are up.
    expect(await escalationsOf(alertId)).toMatchObject([{ state: 'active', nextStep: 2, round: 0, lastStepPaged: true, nextAt: new Date(lastStepAt + 5 * MIN).toISOString() }]);
    const count = (await notifications(alertId)).length;
    await tick(4 * MIN);
    expect((await escalationsOf(alertId)).map((e) => e.state)).toEqual(['active']);
    await tick(MIN);
    expect(await escalationsOf(alertId)).toMatchObject([{ state: 'exhausted', nextStep: 2, nextAt: null }]);
    // Out of steps: nobody is paged again (until the group's repeat interval starts a new escalation).
    await tick(10 * MIN);
    expect(await notifications(alertId)).toHaveLength(count);
    expect((await escalationsOf(alertId)).map((e) => e.state)).toEqual(['exhausted']);
  });

  it('an acknowledgement during the last step\'s wait ends the escalation as acknowledged, never exhausted', async () => {
    const alertId = await pagedToTheLastStep(`CardReaderOffline${n}`);
    await tick(2 * MIN);
    expect((await escalationsOf(alertId)).map((e) => e.state)).toEqual(['active']);
    await ok(admin, 'POST', `/api/v1/alerts/${alertId}/ack`, { comment: '已到现场' });
    await tick(5_000);
    expect(await escalationsOf(alertId)).toMatchObject([{ state: 'acknowledged', endedBy: 'acknowledged', nextAt: null }]);
    const count = (await notifications(alertId)).length;
    await tick(10 * MIN);
    expect((await escalationsOf(alertId)).map((e) => e.state)).toEqual(['acknowledged']);
    expect(await notifications(alertId)).toHaveLength(count);
  });

  it('a resolution during the last step\'s wait ends the escalation as resolved and tells everyone paged', async () => {
    const alertname = `ApOffline${n}`;
    const alertId = await pagedToTheLastStep(alertname);
    await tick(MIN);
    expect((await escalationsOf(alertId)).map((e) => e.state)).toEqual(['active']);
    await external.receive('alertmanager', [{ fingerprint: null, status: 'resolved', labels: { alertname, severity: 'critical', site: site.code }, annotations: {}, startsAt: null, endsAt: t.clock.now(), generatorUrl: null }]);
    await tick(5_000);
    expect(await escalationsOf(alertId)).toMatchObject([{ state: 'resolved', endedBy: 'resolved', nextAt: null }]);
    await tick(10 * MIN);
    expect((await escalationsOf(alertId)).map((e) => e.state)).toEqual(['resolved']);
    const resolved = (await notifications(alertId)).filter((x) => x.kind === 'resolved');
    expect(resolved.map((x) => `${x.channelKind}:${x.userId === lead.id ? 'lead' : x.userId === engineer.id ? 'engineer' : x.userId}`).sort()).toEqual(['console:engineer', 'console:lead', 'email:engineer', 'webhook:null']);
  });

  it('repeats the rounds, and runs out of steps only after the last round\'s last wait', async () => {
    const policy = ((await ok(admin, 'GET', '/api/v1/escalation-policies')).items as { id: string }[])[0]!;
    await ok(admin, 'PATCH', `/api/v1/escalation-policies/${policy.id}`, { repeat: 1 });
    try {
      const alertId = await pagedToTheLastStep(`VendingOffline${n}`);
      // The last step of round 1 waited for: round 2 starts over from the first step.
      expect(await escalationsOf(alertId)).toMatchObject([{ state: 'active', nextStep: 0, round: 1, lastStepPaged: false }]);
      await tick(5 * MIN);
      await tick(5 * MIN);
      const steps = (await notifications(alertId)).filter((x) => x.kind === 'alert').map((x) => x.step);
      expect(steps.filter((s) => s === 0)).toHaveLength(6);
      expect(steps.filter((s) => s === 1)).toHaveLength(2);
      expect(await escalationsOf(alertId)).toMatchObject([{ state: 'active', nextStep: 2, round: 1 }]);
      await tick(5 * MIN);
      expect(await escalationsOf(alertId)).toMatchObject([{ state: 'exhausted', round: 1, nextAt: null }]);
    } finally {
      await ok(admin, 'PATCH', `/api/v1/escalation-policies/${policy.id}`, { repeat: 0 });
    }
  });

  it('refuses forged, altered and unknown links alike', async () => {
    for (const token of ['abcdefghijklmnop.qrstuvwxyz012345', 'not-a-link-at-all']) {
      const res = await t.call(null, { method: 'POST', url: `/api/v1/ack/${token}` });
      expect(res.statusCode, token).toBe(404);
    }
  });

  it('keeps what a channel that is down for ten minutes could not take, and delivers each once when it is back', async () => {
    hook.state.failing = true;
    const alertId = await raise(`GateSilent${n}`);
    await tick(35_000);
    for (let i = 0; i < 10; i++) await tick(MIN);
    const waiting = (await notifications(alertId)).find((x) => x.channelKind === 'webhook')!;
    expect(waiting.state).toBe('queued');
    expect(waiting.attempts).toBeGreaterThanOrEqual(3);
    expect(waiting.lastError).toMatch(/503/);

    hook.state.failing = false;
    const before = hook.received.length;
    for (let i = 0; i < 6; i++) await tick(MIN);
    const sent = (await notifications(alertId)).filter((x) => x.channelKind === 'webhook' && x.step === 0);
    expect(sent.map((x) => x.state)).toEqual(['sent']);
    const calls = hook.received.slice(before).filter((r) => (r.body.alertIds as string[] | undefined)?.includes(alertId) ?? JSON.stringify(r.body).includes(alertId));
    expect(calls.length).toBeGreaterThanOrEqual(1);
    const detail = await ok(admin, 'GET', `/api/v1/notifications/${sent[0]!.id}`);
    expect(detail.history.filter((h: { outcome: string }) => h.outcome === 'failed').length).toBeGreaterThanOrEqual(3);
    expect(detail.history.at(-1).outcome).toBe('sent');
  });

  it('sends resolutions to everyone who was paged', async () => {
    const alertname = `UpsOnBattery${n}`;
    const alertId = await raise(alertname);
    await tick(35_000);
    await external.receive('alertmanager', [{ fingerprint: null, status: 'resolved', labels: { alertname, severity: 'critical', site: site.code }, annotations: {}, startsAt: null, endsAt: t.clock.now(), generatorUrl: null }]);
    await tick(5 * MIN + 5000);
    const resolved = (await notifications(alertId)).filter((x) => x.kind === 'resolved');
    expect(resolved.map((x) => x.channelKind).sort()).toEqual(['console', 'email', 'webhook']);
  });

  it('an SMS reply "1" acknowledges what was last sent to that number, as its person', async () => {
    const sms = await httpSink();
    const gateway = await ok(admin, 'POST', '/api/v1/channels', { name: `短信-${n}`, kind: 'sms-http', settings: { method: 'GET', urlTemplate: `${sms.url}?to={{phone}}&text={{text}}` } });
    const policies = (await ok(admin, 'GET', '/api/v1/escalation-policies')).items as { id: string; steps: { channelIds: string[] }[] }[];
    const policy = policies[0]!;
    const steps = structuredClone(policy.steps);
    steps[0]!.channelIds.push(gateway.id);
    await ok(admin, 'PATCH', `/api/v1/escalation-policies/${policy.id}`, { steps });
    try {
      const alertId = await raise(`PaymentFailures${n}`);
      await tick(35_000);
      const toPhone = (await notifications(alertId)).find((x) => x.channelKind === 'sms-http')!;
      expect(toPhone.state).toBe('sent');
      expect(decodeURIComponent(sms.requests.at(-1)!.url)).toContain('to=13800138000');
      const token = (await ok(admin, 'POST', '/api/v1/tokens', { name: `sms-gateway-${n}`, permissions: ['notify:write'] })).secret as string;
      const reply = (text: string, phone = '+86 138 0013 8000') =>
        t.app.inject({ method: 'POST', url: '/api/v1/integrations/sms-reply', headers: { authorization: `Bearer ${token}` }, payload: { phone, text } });
      expect((await reply('明天再说')).json()).toEqual({ outcome: 'not-understood', acknowledged: 0 });
      expect((await reply('1', '13911112222')).json()).toEqual({ outcome: 'unknown-number', acknowledged: 0 });
      expect((await reply(' 1 ')).json()).toEqual({ outcome: 'acknowledged', acknowledged: 1 });
      expect((await ok(admin, 'GET', `/api/v1/alerts/${alertId}`)).alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: engineer.id });
      expect((await reply('1')).json()).toEqual({ outcome: 'nothing-to-acknowledge', acknowledged: 0 });
      // Without a token holding notify:write the gateway is refused before anything is read.
      const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/integrations/sms-reply', payload: { phone: '13800138000', text: '1' } });
      expect(anonymous.statusCode).toBe(401);
    } finally {
      await ok(admin, 'PATCH', `/api/v1/escalation-policies/${policy.id}`, { steps: policy.steps });
      await sms.close();
    }
  });

  it('an acknowledgement link expires', async () => {
    const mailsBefore = smtp.mails.length;
    await raise(`DoorOffline${n}`);
    await tick(35_000);
    const mail = smtp.mails.slice(mailsBefore).find((m) => (m.to as { text: string }).text.includes('zhang@campus.example'))!;
    const link = /\/ack\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1]!;
    t.clock.advance(25 * 60 * MIN);
    const res = await t.call(null, { method: 'POST', url: `/api/v1/ack/${link}` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ACK_LINK_EXPIRED');
  });

  it('quiet hours hold back e-mail for level 2 and 3 (shown as skipped), never for level 1 or the console', async () => {
    const zhang = await t.login('zhang', 'Lantern-Orchid-Pebble-4');
    const allDay = { from: '00:00', to: '23:59', zone: 'Asia/Shanghai' };
    const levels = { '1': { email: true, sms: true, chat: true }, '2': { email: true, sms: true, chat: true }, '3': { email: true, sms: false, chat: true } };
    await ok(zhang, 'PUT', `/api/v1/users/${engineer.id}/notify-profile`, { preferences: { levels, quietHours: allDay } });
    try {
      const warning = await external.receive('alertmanager', [
        { fingerprint: null, status: 'firing', labels: { alertname: `DiskFilling${n}`, severity: 'warning', site: site.code }, annotations: {}, startsAt: t.clock.now(), endsAt: null, generatorUrl: null },
      ]);
      const critical = await raise(`UpsOnBattery${n}x`);
      await tick(35_000);
      const quiet = await notifications(warning[0]!.alertId!);
      expect(quiet.find((x) => x.channelKind === 'email')).toMatchObject({ state: 'skipped', lastError: 'quiet-hours' });
      expect(quiet.find((x) => x.channelKind === 'console')).toMatchObject({ state: 'delivered' });
      expect((await notifications(critical)).find((x) => x.channelKind === 'email')).toMatchObject({ state: 'sent' });
    } finally {
      await ok(zhang, 'PUT', `/api/v1/users/${engineer.id}/notify-profile`, { preferences: { levels, quietHours: null } });
    }
  });
});
