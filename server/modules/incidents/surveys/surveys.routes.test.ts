import { afterAll, beforeAll, expect, it } from 'vitest';
import { sha256Hex } from '../../../lib/hash.ts';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { createSurvey } from './surveys.service.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;
const DAY = 86_400_000;

/** The satisfaction survey link on both databases: made with only its hash stored, shown and answered without an account, once. */
describeEachDatabase('surveys API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let client: Caller;
  let site: Json;

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    t.clock.set(Date.parse('2026-09-01T02:00:00Z'));
    admin = await t.loginAdmin();
    site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'bath', name: '浴室' } })).json();
    client = await t.userWith(admin, ['client'], [site.id]);
    // The client hears of the survey in the console (and the reporter by e-mail when there is an address).
    await t.services.channels.ensureBuiltin();
  });
  afterAll(async () => t.close());

  const row = (id: string) => t.db.kysely.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const survey = async (id: string) => {
    const incident = await row(id);
    return t.db.kysely.transaction().execute((trx) => createSurvey(trx, incident, t.clock.now()));
  };
  /** The survey link as the client received it: the only copy of its token is in that message. */
  const delivered = async (id: string): Promise<{ token: string }> => {
    const rows = await t.db.kysely.selectFrom('notifications').select('message').where('group_key', '=', `incident:${id}`).where('kind', '=', 'incident').execute();
    const links = [...new Set(rows.map((r) => (JSON.parse(r.message) as { url: string }).url).filter((url) => url.includes('/survey/')))];
    expect(links, 'one survey link, sent to the client').toHaveLength(1);
    return { token: decodeURIComponent(links[0]!.split('/survey/')[1]!) };
  };
  const move = (caller: Caller, id: string, payload: Json) => t.call(caller, { method: 'POST', url: `/api/v1/incidents/${id}/transitions`, payload });
  const confirmed = async (): Promise<Json> => {
    const created = (await t.call(admin, { method: 'POST', url: '/api/v1/incidents', payload: { title: '三楼淋浴不出热水', siteId: site.id, impact: 'low', urgency: 'medium', reporterName: '李同学', reporterPhone: '13900001111' } })).json();
    await move(admin, created.id, { kind: 'take' });
    await move(admin, created.id, { kind: 'start_work' });
    await move(admin, created.id, { kind: 'resolve', fix: '更换温控阀', causeCategory: 'hardware' });
    expect((await move(client, created.id, { kind: 'confirm' })).statusCode).toBe(200);
    return created;
  };
  const view = (token: string) => t.call(null, { method: 'GET', url: `/api/v1/surveys/${token}` });
  const answer = (token: string, payload: Json) => t.call(null, { method: 'POST', url: `/api/v1/surveys/${token}`, payload });

  it('makes one link per fix when the client confirms, storing only the SHA-256 of its token, valid for 30 days', async () => {
    const incident = await confirmed();
    const made = await delivered(incident.id);
    const stored = await t.db.kysely.selectFrom('incident_surveys').selectAll().where('incident_id', '=', incident.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.expires_at).toBe(t.clock.now() + 30 * DAY);
    expect(stored[0]!.token_hash).toBe(sha256Hex(made.token));
    expect(JSON.stringify(stored)).not.toContain(made.token);
    // Closing after the confirmation asks no second time, nor does asking again by hand.
    await move(admin, incident.id, { kind: 'close' });
    await delivered(incident.id);
    expect(await survey(incident.id)).toBeNull();

    const open = (await t.call(admin, { method: 'POST', url: '/api/v1/incidents', payload: { title: '未解决', siteId: site.id, impact: 'low', urgency: 'low' } })).json();
    await expect(survey(open.id)).rejects.toMatchObject({ code: 'SURVEY_NOT_DUE' });
  });

  it('shows the incident without an account and without personal data, takes one answer, and puts it on the incident', async () => {
    const incident = await confirmed();
    const { token } = await delivered(incident.id);
    const shown = await view(token);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({ ref: incident.ref, title: '三楼淋浴不出热水', resolution: '更换温控阀', causeCategory: { nameZh: '硬件故障' }, status: 'open', score: null });
    expect(shown.body).not.toMatch(/李同学|13900001111|139\*/);

    const before = await t.auditCount();
    const answered = await answer(token, { score: 4, comment: '  师傅很专业  ' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({ status: 'answered', score: 4 });
    expect(await t.auditCount()).toBe(before + 1);
    const audit = await t.db.kysely.selectFrom('audit_log').select(['action', 'actor_name', 'after']).where('action', '=', 'survey.answer').where('target_id', '=', incident.id).executeTakeFirstOrThrow();
    expect(audit.actor_name).toBe('opsdesk');
    expect(String(audit.after)).not.toContain('师傅');

    const page = (await t.call(admin, { method: 'GET', url: `/api/v1/incidents/${incident.id}` })).json();
    expect(page.incident.satisfaction).toBe(4);
    expect(page.timeline.at(-1)).toMatchObject({ kind: 'survey', actorName: 'opsdesk', details: { score: 4, comment: '师傅很专业' } });

    const twice = await answer(token, { score: 1 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('SURVEY_ANSWERED');
    expect((await row(incident.id)).satisfaction).toBe(4);
  });

  it('answers 404 alike for a wrong, altered or malformed token, refuses bad scores with 400 and an expired link with 409', async () => {
    const incident = await confirmed();
    const { token } = await delivered(incident.id);
    for (const wrong of ['nonsense', `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, 'x'.repeat(100)]) {
      const res = await view(wrong);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
      expect((await answer(wrong, { score: 5 })).statusCode).toBe(404);
    }
    for (const bad of [{ score: 0 }, { score: 6 }, { score: 3.5 }, { score: 5, comment: 'x'.repeat(1001) }, {}]) {
      expect((await answer(token, bad)).statusCode, JSON.stringify(bad)).toBe(400);
    }
    t.clock.advance(31 * DAY);
    expect((await view(token)).json().status).toBe('expired');
    const late = await answer(token, { score: 5 });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('SURVEY_EXPIRED');
    expect((await row(incident.id)).satisfaction).toBeNull();
  });
});
