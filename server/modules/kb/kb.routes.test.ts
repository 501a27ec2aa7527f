import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertFiringAlert } from '../../testing/alerts.ts';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { uid } from '../../testing/sample.ts';
import { gramsOf, highlight, parseQuery, snippet } from './kb-search-text.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

describe('knowledge-base search text', () => {
  it('indexes every character and adjacent pair of each word, so one- and two-character terms are one gram', () => {
    const grams = gramsOf('闸机离线 g2');
    expect(grams).toContain(`b${'闸'.codePointAt(0)!.toString(16)}x${'机'.codePointAt(0)!.toString(16)}`);
    expect(grams).toContain(`u${'线'.codePointAt(0)!.toString(16)}`);
    // no pair across the space
    expect(grams).not.toContain(`b${'线'.codePointAt(0)!.toString(16)}x20`);
    expect(grams.every((g) => /^[a-z0-9]+$/.test(g))).toBe(true);
  });

  it('escapes before it marks', () => {
    const terms = parseQuery('script 闸机');
    expect(highlight('<script>alert(1)</script> 闸机', terms)).toBe('&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; <mark>闸机</mark>');
    const long = `${'前文'.repeat(100)}闸机读卡失败${'后文'.repeat(100)}`;
    const piece = snippet(long, parseQuery('闸机'));
    expect(piece.startsWith('…')).toBe(true);
    expect(piece.endsWith('…')).toBe(true);
    expect(piece).toContain('<mark>闸机</mark>读卡失败');
    // Markdown marks are not part of the snippet's text; the author's HTML is, escaped.
    expect(snippet('## 现象\n\n东门**闸机**离线\n\n- 查[手册](https://x.example)\n<b>', parseQuery('闸机'))).toBe('现象 东门<mark>闸机</mark>离线 查手册 &lt;b&gt;');
  });
});

/** The knowledge base through the API on both databases: writing, the review rule, search, drafts from incidents, suggestions, bad input. */
describeEachDatabase('knowledge base API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let dispatcher: Caller & { username: string };
  let engineer: Caller & { username: string };
  let finance: Caller & { username: string };
  let site: Json;
  let gate: Json;

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    t.clock.set(Date.parse('2026-06-01T02:00:00Z'));
    admin = await t.loginAdmin();
    dispatcher = await t.userWith(admin, ['dispatcher']);
    engineer = await t.userWith(admin, ['engineer']);
    finance = await t.userWith(admin, ['finance']);
    site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: `s-${uid()}`, name: '东门' } })).json();
    gate = (await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: `GATE-${uid()}`, name: '东门闸机', type: 'gate', subsystem: 'access', siteId: site.id } })).json();
  });
  afterAll(async () => t.close());

  const call = (caller: Caller, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => t.call(caller, { method, url, payload });
  const write = async (caller: Caller, payload: Json) => {
    const res = await call(caller, 'POST', '/api/v1/kb/articles', payload);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const act = (caller: Caller, article: Json, action: string, note?: string) => call(caller, 'POST', `/api/v1/kb/articles/${article.id}/actions`, { action, version: article.version, ...(note && { note }) });
  /** Written by the admin, published by the dispatcher. */
  const published = async (payload: Json) => {
    const draft = await write(admin, payload);
    const submitted = (await act(admin, draft, 'submit')).json();
    const res = await act(dispatcher, submitted, 'publish');
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const search = async (caller: Caller, query: string) => {
    const res = await call(caller, 'GET', `/api/v1/kb/search?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('writes a draft, edits it with a version check, and keeps every change as a version and an audit record', async () => {
    const before = await t.auditCount();
    const draft = await write(admin, { title: ' 消费机黑屏处理 ', body: '## 现象\n\n屏幕不亮', tags: ['消费机', '电源 '], deviceTypes: ['pos'], plans: ['plan-power'] });
    expect(draft).toMatchObject({ title: '消费机黑屏处理', state: 'draft', version: 1, tags: ['消费机', '电源'], deviceTypes: ['pos'], plans: ['plan-power'], createdBy: { id: admin.userId } });
    expect(await t.auditCount()).toBe(before + 1);

    const edited = await call(dispatcher, 'PATCH', `/api/v1/kb/articles/${draft.id}`, { version: 1, body: '## 现象\n\n屏幕不亮，指示灯灭', tags: ['电源'] });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, tags: ['电源'], deviceTypes: ['pos'], updatedBy: { id: dispatcher.userId } });
    const stale = await call(admin, 'PATCH', `/api/v1/kb/articles/${draft.id}`, { version: 1, title: '改名' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('KB_ARTICLE_CHANGED');

    const versions = (await call(admin, 'GET', `/api/v1/kb/articles/${draft.id}/versions`)).json().items;
    expect(versions.map((v: Json) => [v.version, v.action, v.tags])).toEqual([
      [2, 'update', ['电源']],
      [1, 'create', ['消费机', '电源']],
    ]);
    expect(await t.auditCount()).toBe(before + 2);
    const audit = (await call(admin, 'GET', `/api/v1/audit?targetId=${draft.id}`)).json().items.map((e: Json) => e.action);
    expect(audit.sort()).toEqual(['kb_article.create', 'kb_article.update']);
  });

  it('publishes only after review by a second person: not its author, not its last editor', async () => {
    const draft = await write(admin, { title: '闸机不读卡', body: '检查读头' });
    expect((await act(admin, draft, 'publish')).json().error.code).toBe('KB_STATE_NOT_ALLOWED');
    const submitted = (await act(admin, draft, 'submit')).json();
    expect(submitted).toMatchObject({ state: 'in_review', submittedBy: { id: admin.userId } });
    const own = await act(admin, submitted, 'publish');
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe('KB_REVIEW_BY_AUTHOR');
    // An edit needs a draft: editing while in review is refused.
    expect((await call(dispatcher, 'PATCH', `/api/v1/kb/articles/${draft.id}`, { version: submitted.version, body: 'x' })).json().error.code).toBe('KB_NOT_DRAFT');

    // The reviewer rejects with a reason, edits, and then may not publish what they wrote.
    expect((await act(dispatcher, submitted, 'reject')).statusCode).toBe(400);
    const rejected = (await act(dispatcher, submitted, 'reject', '步骤不全')).json();
    expect(rejected.state).toBe('draft');
    const edited = (await call(dispatcher, 'PATCH', `/api/v1/kb/articles/${draft.id}`, { version: rejected.version, body: '检查读头，清洁天线' })).json();
    const again = (await act(admin, edited, 'submit')).json();
    expect((await act(dispatcher, again, 'publish')).json().error.code).toBe('KB_REVIEW_BY_AUTHOR');
    // Re-tagging alone is a change of content too; a third person publishes.
    const third = await t.userWith(admin, ['dispatcher']);
    const done = await act(third, again, 'publish');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ state: 'published', publishedBy: { id: third.userId } });

    // Readers (plans:read) see it now; a draft stays hidden from them.
    expect((await call(engineer, 'GET', `/api/v1/kb/articles/${draft.id}`)).statusCode).toBe(200);
    const hidden = await write(admin, { title: '草稿', body: '' });
    expect((await call(engineer, 'GET', `/api/v1/kb/articles/${hidden.id}`)).statusCode).toBe(404);
    expect((await call(engineer, 'GET', `/api/v1/kb/articles/${draft.id}/versions`)).json().items).toEqual([]);

    const archived = (await act(admin, done.json(), 'archive')).json();
    expect(archived.state).toBe('archived');
    expect((await call(engineer, 'GET', `/api/v1/kb/articles/${draft.id}`)).statusCode).toBe(404);
    expect((await act(admin, archived, 'revise')).json().state).toBe('draft');
    const actions = (await call(admin, 'GET', `/api/v1/kb/articles/${draft.id}/versions`)).json().items.map((v: Json) => v.action);
    expect(actions).toEqual(['revise', 'archive', 'publish', 'submit', 'update', 'reject', 'submit', 'create']);
  });

  it('keeps writing to plans:write and reading to plans:read', async () => {
    expect((await call(engineer, 'POST', '/api/v1/kb/articles', { title: '工程师不能写' })).statusCode).toBe(403);
    expect((await call(finance, 'GET', '/api/v1/kb/search?q=闸机')).statusCode).toBe(403);
    expect((await call(finance, 'GET', '/api/v1/kb/articles')).statusCode).toBe(403);
    const draft = await write(admin, { title: '权限', body: '' });
    expect((await act(engineer, draft, 'submit')).statusCode).toBe(403);
  });

  it('finds two-character Chinese, longer terms and English, all words, with escaped highlighted snippets, filters and cursor paging', async () => {
    const tag = `t${uid()}`;
    const a = await published({ title: '闸机离线排查', body: '东门闸机频繁离线，先查交换机 PoE 供电。<script>alert(1)</script>', tags: [tag, '闸机'], deviceTypes: ['gate'] });
    const b = await published({ title: '三号闸机读卡慢', body: '读头老化，更换读卡模块。', tags: [tag], deviceTypes: ['gate'] });
    const c = await published({ title: 'POS terminal freezes', body: 'Restart the POS and check the Network cable.', tags: [tag], deviceTypes: ['pos'] });
    const draft = await write(admin, { title: '闸机草稿', body: '未发布', tags: [tag] });

    const gates = await search(engineer, `q=${encodeURIComponent('闸机')}&tag=${tag}`);
    expect(gates.items.map((i: Json) => i.id).sort()).toEqual([a.id, b.id].sort());
    const first = gates.items.find((i: Json) => i.id === a.id);
    expect(first.titleHtml).toBe('<mark>闸机</mark>离线排查');
    expect(first.snippet).toContain('<mark>闸机</mark>频繁离线');
    expect(first.snippet).toContain('&lt;script&gt;');
    expect(first.snippet).not.toContain('<script>');
    // A writer sees the draft too; the reader does not.
    expect((await search(admin, `q=${encodeURIComponent('闸机')}&tag=${tag}`)).items.map((i: Json) => i.id)).toContain(draft.id);

    expect((await search(engineer, `q=${encodeURIComponent('读卡模块')}&tag=${tag}`)).items.map((i: Json) => i.id)).toEqual([b.id]);
    expect((await search(engineer, `q=${encodeURIComponent('闸')}&tag=${tag}`)).items).toHaveLength(2);
    expect((await search(engineer, `q=${encodeURIComponent('闸机 供电')}&tag=${tag}`)).items.map((i: Json) => i.id)).toEqual([a.id]);
    // A long and a short term together (the trigram and the grams index), with and without filters.
    expect((await search(engineer, `q=${encodeURIComponent('读卡模块 闸机')}`)).items.map((i: Json) => i.id)).toContain(b.id);
    expect((await search(engineer, `q=${encodeURIComponent('读卡模块 闸机')}&tag=${tag}&deviceType=gate`)).items.map((i: Json) => i.id)).toEqual([b.id]);
    expect((await search(engineer, `q=${encodeURIComponent('读卡模块 网')}&tag=${tag}`)).items).toEqual([]);
    expect((await search(engineer, `q=${encodeURIComponent('交换机 闸')}&deviceType=gate`)).items.map((i: Json) => i.id)).toContain(a.id);
    expect((await search(engineer, `q=${encodeURIComponent('闸机')}&tag=no-such-tag-${tag}`)).items).toEqual([]);
    const english = await search(engineer, `q=${encodeURIComponent('network POS')}&tag=${tag}`);
    expect(english.items.map((i: Json) => i.id)).toEqual([c.id]);
    expect(english.items[0].snippet).toContain('<mark>Network</mark>');
    expect((await search(engineer, `q=PoE&tag=${tag}`)).items.map((i: Json) => i.id)).toEqual([a.id]);
    expect((await search(engineer, `q=${encodeURIComponent('100%_')}&tag=${tag}`)).items).toEqual([]);
    expect((await search(engineer, `q=${encodeURIComponent('"闸机" OR x*')}&tag=${tag}`)).items).toEqual([]);
    expect((await search(engineer, `q=${encodeURIComponent('闸机')}&tag=${tag}&deviceType=pos`)).items).toEqual([]);
    expect((await search(admin, `q=${encodeURIComponent('闸机')}&tag=${tag}&state=draft`)).items.map((i: Json) => i.id)).toEqual([draft.id]);

    const page1 = await search(engineer, `q=${encodeURIComponent('闸')}&tag=${tag}&limit=1`);
    expect(page1.items).toHaveLength(1);
    const page2 = await search(engineer, `q=${encodeURIComponent('闸')}&tag=${tag}&limit=1&cursor=${page1.nextCursor}`);
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    expect(page2.items[0].id).not.toBe(page1.items[0].id);

    const listed = (await call(engineer, 'GET', `/api/v1/kb/articles?tag=${tag}&deviceType=gate`)).json();
    expect(listed.items.map((i: Json) => i.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('refuses bad input with a clear 400', async () => {
    const bad = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
      const res = await call(admin, method, url, payload);
      expect(res.statusCode, `${url} ${JSON.stringify(payload)}: ${res.body}`).toBe(400);
      return res.json().error;
    };
    await bad('POST', '/api/v1/kb/articles', { title: 'a\u0000b' });
    await bad('POST', '/api/v1/kb/articles', { title: 'x', body: '长'.repeat(50_001) });
    await bad('POST', '/api/v1/kb/articles', { title: 'x'.repeat(201) });
    await bad('POST', '/api/v1/kb/articles', { title: 'x', tags: ['闸机', '闸机'] });
    await bad('POST', '/api/v1/kb/articles', { title: '' });
    await bad('POST', '/api/v1/kb/articles', { title: 'x', tags: ['a\nb'] });
    await bad('POST', '/api/v1/kb/articles', { title: 'x', tags: Array.from({ length: 31 }, (_, i) => `t${i}`) });
    // Unknown fields are dropped, as everywhere (http/bad-input.test.ts): they cannot set what the API does not offer.
    const draft = await write(admin, { title: '正常', body: '', state: 'published', publishedBy: 'someone', createdBy: finance.userId });
    expect(draft).toMatchObject({ state: 'draft', publishedBy: null, createdBy: { id: admin.userId } });
    const patched = await call(admin, 'PATCH', `/api/v1/kb/articles/${draft.id}`, { version: 1, state: 'published' });
    expect(patched.json()).toMatchObject({ state: 'draft', version: 2 });
    await bad('PATCH', `/api/v1/kb/articles/${draft.id}`, { title: 'no version' });
    await bad('POST', `/api/v1/kb/articles/${draft.id}/actions`, { action: 'explode', version: 1 });
    await bad('GET', '/api/v1/kb/search?q=%20%20');
    await bad('GET', '/api/v1/kb/search');
    await bad('GET', `/api/v1/kb/search?q=${'x'.repeat(201)}`);
    await bad('GET', `/api/v1/kb/search?q=${encodeURIComponent('a b c d e f g h i')}`);
    await bad('GET', '/api/v1/kb/search?q=x&state=melted');
    await bad('GET', '/api/v1/kb/search?q=x&cursor=garbage');
    await bad('GET', '/api/v1/kb/search?q=a%00b');
    expect((await call(admin, 'GET', '/api/v1/kb/articles/no-such')).statusCode).toBe(404);
    await bad('POST', '/api/v1/kb/articles/from-incident', { incidentId: 'no-such-incident' });
  });

  it('drafts an article from a closed incident, and suggests published articles for an incident by its alerts and device type', async () => {
    const opened = (await call(admin, 'POST', '/api/v1/incidents', { title: '东门闸机不读卡', description: '刷卡无反应，指示灯红', siteId: site.id, deviceId: gate.id, impact: 'low', urgency: 'low' })).json();
    const alertId = await insertFiringAlert(t, { level: 3, groupKey: `g-${uid()}`, siteId: site.id });
    expect((await call(admin, 'POST', `/api/v1/incidents/${opened.id}/alerts`, { alertId })).statusCode).toBe(200);

    const early = await call(admin, 'POST', '/api/v1/kb/articles/from-incident', { incidentId: opened.id });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('KB_INCIDENT_NOT_CLOSED');

    await call(engineer, 'POST', `/api/v1/incidents/${opened.id}/transitions`, { kind: 'take' });
    await call(engineer, 'POST', `/api/v1/incidents/${opened.id}/transitions`, { kind: 'start_work' });
    await call(engineer, 'POST', `/api/v1/incidents/${opened.id}/transitions`, { kind: 'resolve', fix: '更换读卡模块', causeCategory: 'hardware' });
    const client = await t.userWith(admin, ['client'], [site.id]);
    await call(client, 'POST', `/api/v1/incidents/${opened.id}/transitions`, { kind: 'confirm' });
    const closed = await call(engineer, 'POST', `/api/v1/incidents/${opened.id}/transitions`, { kind: 'close' });
    expect(closed.json().state, closed.body).toBe('closed');

    const res = await call(dispatcher, 'POST', '/api/v1/kb/articles/from-incident', { incidentId: opened.id });
    expect(res.statusCode, res.body).toBe(200);
    const draft = res.json();
    expect(draft).toMatchObject({ title: '东门闸机不读卡', state: 'draft', sourceIncidentId: opened.id, incidents: [opened.id], deviceTypes: ['gate'], alertNames: ['pos_silent'] });
    expect(draft.body).toContain('## 现象\n\n刷卡无反应，指示灯红');
    expect(draft.body).toContain('## 处理\n\n更换读卡模块');
    expect(draft.body).toContain(opened.ref);

    // Suggestions: the alert's article first, then the device type's; drafts and other types are not suggested.
    const forType = await published({ title: '闸机通用排查', body: '…', deviceTypes: ['gate'] });
    const forAlert = await published({ title: '消费机静默告警处理', body: '…', alertNames: ['pos_silent'] });
    await published({ title: '电源', body: '…', deviceTypes: ['ups'] });
    const suggested = await call(engineer, 'GET', `/api/v1/kb/suggestions?incidentId=${opened.id}`);
    expect(suggested.statusCode, suggested.body).toBe(200);
    const body = suggested.json();
    expect(body.basis).toEqual({ incidentId: opened.id, deviceType: 'gate', alertNames: ['pos_silent'] });
    const ids = body.items.map((i: Json) => i.id);
    expect(ids[0]).toBe(forAlert.id);
    expect(ids).toContain(forType.id);
    expect(ids).not.toContain(draft.id);
    expect(body.items[0].why).toEqual(['alert']);
    expect((await call(engineer, 'GET', '/api/v1/kb/suggestions?incidentId=nope')).statusCode).toBe(404);
  });
});

describeEachDatabase('knowledge base shipped articles on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('loads the demo articles published, once, and only for the system', async () => {
    const { systemContext } = await import('../auth/index.ts');
    const { DEMO_ARTICLES } = await import('./kb-demo.ts');
    const kb = t.services.kb;
    expect(await kb.loadShipped(systemContext('test'), DEMO_ARTICLES)).toBe(DEMO_ARTICLES.length);
    expect(await kb.loadShipped(systemContext('test'), DEMO_ARTICLES)).toBe(0);
    const admin = await t.loginAdmin();
    const found = (await t.call(admin, { method: 'GET', url: `/api/v1/kb/search?q=${encodeURIComponent('闸机')}&state=published` })).json();
    expect(found.items.map((i: Json) => i.title)).toEqual(expect.arrayContaining(['验票闸机故障的处理', '高峰期检票：加开手持验票通道']));
    const user = { ...systemContext('x'), actor: { ...systemContext('x').actor, kind: 'user' as const } };
    await expect(kb.loadShipped(user, DEMO_ARTICLES)).rejects.toThrow(/Only opsdesk/);
  });
});
