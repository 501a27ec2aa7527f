/**
 * The knowledge base in the console: an engineer-lead writes an article (Markdown, tags, a device type), submits it
 * for review and cannot publish it himself; a second person publishes it; a search for 闸机 — two Chinese characters,
 * no spaces — finds the gate articles with the word marked in title and snippet and leaves the others out; the body
 * shows as formatted text with no HTML of the author's running; the pages read in Chinese and in English.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, ADMIN_USERNAME, ApiSession, chromiumPath, ensureConsoleBuilt, launchBrowser, screenshotDir, startServer, submitLogin, type RunningServer } from './helpers.ts';

const executable = chromiumPath();

interface Article {
  id: string;
  version: number;
  state: string;
  publishedBy: { id: string; name: string } | null;
}

/** An antd control's input, whether the test id sits on the input itself or on its wrapper. */
const inputOf = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input, textarea[data-testid="${testId}"]`).first();
const RAW_KEY = /\b(kb|nav)\.[a-zA-Z_]+(\.[a-zA-Z_]+)*\b/;

describe.skipIf(!executable)('knowledge-base console (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let shots: string;
  let admin: ApiSession;
  const n = Date.now() % 100000;
  const reviewer = { username: `e2e.kb.reviewer.${n}`, password: 'Kb-Reviewer-Passphrase-3817' };
  let gateArticle = '';
  let posArticle = '';
  let written = '';

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startServer();
    browser = await launchBrowser(executable!);
    shots = screenshotDir();
    admin = await ApiSession.login(server.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    await admin.post('/users', { username: reviewer.username, displayName: '审核人 E2E', password: reviewer.password, roleIds: ['dispatcher'], siteIds: null });
    const reviewerApi = await ApiSession.login(server.baseUrl, reviewer.username, reviewer.password);
    // Two articles written by the administrator and published by the reviewer: one about gates, one about POS terminals.
    const publish = async (body: Record<string, unknown>) => {
      const draft = await admin.post<Article>('/kb/articles', body);
      const submitted = await admin.post<Article>(`/kb/articles/${draft.id}/actions`, { action: 'submit', version: draft.version });
      return (await reviewerApi.post<Article>(`/kb/articles/${draft.id}/actions`, { action: 'publish', version: submitted.version })).id;
    };
    gateArticle = await publish({ title: `三号闸机读卡慢 ${n}`, body: '读头老化时，闸机读卡变慢：更换读卡模块。', tags: ['闸机'], deviceTypes: ['gate'] });
    posArticle = await publish({ title: `POS terminal freezes ${n}`, body: 'Restart the terminal, then check the network cable.', tags: ['POS'], deviceTypes: ['pos'] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (shots) console.info(`kb e2e screenshots: ${shots}`);
  });

  async function signedIn(url: string, username = ADMIN_USERNAME, password = ADMIN_PASSWORD, locale: 'zh-CN' | 'en' = 'zh-CN') {
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1366, height: 860 }, locale });
    await context.addInitScript((chosen) => window.localStorage.setItem('opsdesk.locale', chosen), locale);
    const page = await context.newPage();
    await page.goto(url);
    await page.getByTestId('login-username').waitFor({ timeout: 60_000 });
    await submitLogin(page, username, password);
    return { page, close: () => context.close() };
  }

  const article = (id: string) => admin.get<Article>(`/kb/articles/${id}`);

  it('writes an article, submits it, refuses its author the publishing, and publishes it by a second person', async () => {
    const { page, close } = await signedIn('/kb/new');
    try {
      await page.getByTestId('kb-form').waitFor({ timeout: 30_000 });
      await inputOf(page, 'kb-field-title').fill(`东门闸机离线排查 ${n}`);
      await inputOf(page, 'kb-field-body').fill('## 现象\n\n东门**闸机**频繁离线。\n\n- 查交换机 PoE 供电\n- 查网线\n\n<script>window.__kbOwned = true</script>');
      const tags = inputOf(page, 'kb-field-tags');
      await tags.click();
      await tags.fill('闸机');
      await tags.press('Enter');
      await page.getByTestId('kb-save').click();
      await page.getByTestId('kb-state').waitFor({ timeout: 15_000 });
      written = page.url().split('/kb/')[1]!;
      expect(await page.getByTestId('kb-state').getAttribute('data-state')).toBe('draft');
      // The body is formatted, and the author's script is text, not a script.
      await expect.poll(() => page.locator('[data-testid="kb-body"] h3').textContent()).toBe('现象');
      expect(await page.locator('[data-testid="kb-body"] li').count()).toBe(2);
      expect(await page.locator('[data-testid="kb-body"] script').count()).toBe(0);
      expect(await page.getByTestId('kb-body').innerText()).toContain('<script>window.__kbOwned = true</script>');
      expect(await page.evaluate(() => (window as unknown as { __kbOwned?: boolean }).__kbOwned ?? false)).toBe(false);

      await page.getByTestId('kb-action-submit').click();
      await expect.poll(() => page.getByTestId('kb-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('in_review');
      // Four eyes: the author's publish button is off and the page says why.
      expect(await page.getByTestId('kb-action-publish').isDisabled()).toBe(true);
      await page.getByTestId('kb-four-eyes').waitFor();
      expect((await article(written)).state).toBe('in_review');
      await page.screenshot({ path: path.join(shots, 'kb-in-review.png') });
    } finally {
      await close();
    }

    const second = await signedIn(`/kb/${written}`, reviewer.username, reviewer.password);
    try {
      await second.page.getByTestId('kb-action-publish').waitFor({ timeout: 30_000 });
      expect(await second.page.getByTestId('kb-action-publish').isDisabled()).toBe(false);
      await second.page.getByTestId('kb-action-publish').click();
      await expect.poll(() => second.page.getByTestId('kb-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('published');
      await expect.poll(() => second.page.getByTestId('kb-published-by').textContent()).toContain('审核人 E2E');
      const published = await article(written);
      expect(published.state).toBe('published');
      expect(published.publishedBy?.name).toBe('审核人 E2E');
    } finally {
      await second.close();
    }
  });

  it('finds the gate articles for 闸机 with the word marked, and not the others', async () => {
    const { page, close } = await signedIn('/kb');
    try {
      const search = inputOf(page, 'kb-search');
      await search.waitFor({ timeout: 30_000 });
      await search.fill('闸机');
      await search.press('Enter');
      // The list showed every article before the search: wait for the search's answer to replace it.
      await expect.poll(() => page.url()).toContain(`q=${encodeURIComponent('闸机')}`);
      await page.locator(`[data-testid="kb-hit-${gateArticle}"] mark`).first().waitFor({ timeout: 15_000 });
      await page.getByTestId(`kb-hit-${written}`).waitFor({ timeout: 15_000 });
      await expect.poll(() => page.getByTestId(`kb-hit-${posArticle}`).count(), { timeout: 10_000 }).toBe(0);
      const marks = await page.locator(`[data-testid="kb-hit-${gateArticle}"] mark`).allTextContents();
      expect(marks.length).toBeGreaterThanOrEqual(2);
      expect(new Set(marks)).toEqual(new Set(['闸机']));
      expect(await page.locator(`[data-testid="kb-hit-snippet-${written}"] mark`).first().textContent()).toBe('闸机');
      // The snippet shows the author's markup as text: no element came from it.
      expect(await page.locator(`[data-testid="kb-hit-${written}"] script`).count()).toBe(0);
      await page.screenshot({ path: path.join(shots, 'kb-search-gate.png') });

      // Three characters and more go through the trigram index: 读卡模块 is only in the gate article.
      await search.fill('读卡模块');
      await search.press('Enter');
      await page.getByTestId(`kb-hit-${gateArticle}`).waitFor({ timeout: 15_000 });
      await expect.poll(() => page.locator('[data-testid^="kb-hit-title-"]').count()).toBe(1);
    } finally {
      await close();
    }
  });

  it('reads in Chinese and in English without a translation key showing through', async () => {
    const { page, close } = await signedIn(`/kb?q=${encodeURIComponent('network')}`);
    try {
      await page.getByTestId(`kb-hit-${posArticle}`).waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('menu-kb').textContent()).toBe('知识库');
      expect((await page.locator('.ant-layout-content').first().innerText()).match(RAW_KEY)?.[0] ?? null).toBeNull();
      expect(await page.locator(`[data-testid="kb-hit-snippet-${posArticle}"] mark`).first().textContent()).toBe('network');

      await page.getByTestId('language-switch').click();
      await expect.poll(() => page.getByTestId('menu-kb').textContent()).toBe('Knowledge base');
      expect((await page.locator('.ant-layout-content').first().innerText()).match(RAW_KEY)?.[0] ?? null).toBeNull();
      // Within the page (a reload would start in the context's language again): the search, then the article.
      await inputOf(page, 'kb-search').fill('闸机');
      await inputOf(page, 'kb-search').press('Enter');
      await page.getByTestId(`kb-hit-title-${written}`).click();
      await page.getByTestId('kb-state').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('kb-state').textContent()).toBe('Published');
      expect((await page.locator('.ant-layout-content').first().innerText()).match(RAW_KEY)?.[0] ?? null).toBeNull();
      await page.screenshot({ path: path.join(shots, 'kb-article-english.png') });
    } finally {
      await close();
    }
  });
});
