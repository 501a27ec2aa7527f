/**
 * The survey page's states against the API as the browser meets it: fetch is replaced by one answering as the server's
 * /api/v1/surveys/{token} does (status codes and error bodies as surveys.service.ts sends them), because no route a
 * client can reach hands out a survey link yet, so the browser tests cannot open one.
 */
import type { i18n as I18n } from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { closingI18n } from '../incidents/closing/testI18n';
import { surveyApi, type SurveyView } from './surveyApi';
import { SurveyBody, type SurveyFormState } from './SurveyBody';
import { surveyStage, type SurveyInputs } from './surveyStage';

const NOW = Date.parse('2026-12-03T02:00:00.000Z');
const TOKEN = 'k3Jq9-survey-token';

const openView = (over: Partial<SurveyView> = {}): SurveyView => ({
  ref: 'INC-000042',
  title: '3 号消费机无法刷卡',
  resolution: '更换读卡模块，重新下发黑名单',
  causeCategory: { nameZh: '硬件故障', nameEn: 'Hardware fault' },
  resolvedAt: '2026-12-02T06:30:00.000Z',
  status: 'open',
  expiresAt: '2027-01-01T06:30:00.000Z',
  score: null,
  answeredAt: null,
  ...over,
});

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refusal = (status: number, code: string, message: string) => json(status, { error: { code, message } });

/** Replaces fetch for one test; returns the calls it saw. */
function serve(...answers: Response[]) {
  const calls: { url: string; method: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined });
      const next = answers.shift();
      if (!next) throw new Error(`unexpected request ${init.method} ${url}`);
      return next;
    }),
  );
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

/** What the page does: load the link, maybe answer it, and pick the stage from the outcome. */
async function pageStage(answer?: { score: number; comment?: string }) {
  const inputs: SurveyInputs = { loading: false, now: NOW };
  try {
    inputs.view = await surveyApi.view(TOKEN);
  } catch (error) {
    inputs.loadError = error;
  }
  if (answer) {
    try {
      inputs.answered = await surveyApi.answer(TOKEN, answer);
    } catch (error) {
      inputs.answerError = error;
    }
  }
  return surveyStage(inputs);
}

let zh: I18n;
let en: I18n;
beforeAll(async () => {
  zh = (await closingI18n('zh-CN')).i18n;
  en = (await closingI18n('en')).i18n;
});

const idle: SurveyFormState = { score: 0, comment: '', busy: false, missingScore: false, error: null };
const render = (stage: ReturnType<typeof surveyStage>, form: SurveyFormState = idle, i18n: I18n = zh) =>
  renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <SurveyBody stage={stage} form={form} onScore={() => undefined} onComment={() => undefined} onSubmit={() => undefined} onRetry={() => undefined} />
    </I18nextProvider>,
  );

describe('the survey page', () => {
  it('shows an open link’s incident, how it was fixed, five stars and the submit button', async () => {
    const calls = serve(json(200, openView()));
    const stage = await pageStage();
    expect(calls).toEqual([{ url: `/api/v1/surveys/${TOKEN}`, method: 'GET', body: undefined }]);
    expect(stage.kind).toBe('open');
    const html = render(stage);
    expect(html).toContain('INC-000042');
    expect(html).toContain('3 号消费机无法刷卡');
    expect(html).toContain('更换读卡模块，重新下发黑名单');
    expect(html).toContain('故障原因：硬件故障');
    expect(html).toContain('解决时间：2026-12-02 14:30:00');
    expect(html.match(/class="ant-rate-star /g)).toHaveLength(5);
    expect(html).toContain('data-testid="survey-submit"');
    expect(html).toContain('点击星星打分');
    expect(render(stage, idle, en)).toContain('Cause: Hardware fault');
  });

  it('asks for stars before sending, and names the chosen score', async () => {
    serve(json(200, openView()));
    const stage = await pageStage();
    expect(render(stage, { ...idle, missingScore: true })).toContain('请先点击星星打分');
    expect(render(stage, { ...idle, score: 4 })).toMatch(/data-testid="survey-score-text"[^>]*>满意</);
    expect(render(stage, { ...idle, score: 1 })).toMatch(/data-testid="survey-score-text"[^>]*>非常不满意</);
  });

  it('sends the score and the comment once, then thanks the client', async () => {
    const calls = serve(json(200, openView()), json(200, openView({ status: 'answered', score: 5, answeredAt: '2026-12-03T02:00:00.000Z' })));
    const stage = await pageStage({ score: 5, comment: '处理及时' });
    expect(calls[1]).toEqual({ url: `/api/v1/surveys/${TOKEN}`, method: 'POST', body: { score: 5, comment: '处理及时' } });
    expect(stage.kind).toBe('thanks');
    const html = render(stage);
    expect(html).toContain('感谢您的评价！');
    expect(html).toContain('您的反馈已记入工单 INC-000042');
    expect(html).toContain('data-score="5"');
  });

  it('says a link answered before (on loading, or by another phone meanwhile) was answered, with the score', async () => {
    serve(json(200, openView({ status: 'answered', score: 3, answeredAt: '2026-12-02T08:00:00.000Z' })));
    const loaded = await pageStage();
    expect(loaded.kind).toBe('answered');
    expect(render(loaded)).toContain('您给出的评分：3 星');

    serve(json(200, openView()), refusal(409, 'SURVEY_ANSWERED', 'This survey was answered already: thank you'));
    const raced = await pageStage({ score: 2 });
    expect(raced.kind).toBe('answered');
    expect(render(raced)).toContain('此评价已经提交过了');
    expect(render(raced)).not.toContain('data-testid="survey-submit"');
  });

  it('says an expired link has expired: as loaded, past its date on the page, or refused on sending', async () => {
    serve(json(200, openView({ status: 'expired' })));
    expect((await pageStage()).kind).toBe('expired');

    serve(json(200, openView({ expiresAt: '2026-12-03T01:59:59.000Z' })));
    expect((await pageStage()).kind).toBe('expired');

    serve(json(200, openView()), refusal(409, 'SURVEY_EXPIRED', 'This survey link has expired'));
    const refused = await pageStage({ score: 4 });
    expect(refused.kind).toBe('expired');
    expect(render(refused)).toContain('评价链接已过期');
    expect(render(refused, idle, en)).toContain('This survey link has expired');
  });

  it('says an unknown or mangled link does not work, without a sign-in prompt', async () => {
    serve(refusal(404, 'NOT_FOUND', 'Survey not found'));
    const unknown = await pageStage();
    expect(unknown.kind).toBe('invalid');
    expect(render(unknown)).toContain('链接无效');

    serve(refusal(400, 'VALIDATION_FAILED', 'Invalid request'));
    expect((await pageStage()).kind).toBe('invalid');
  });

  it('offers a retry when the server cannot be reached, and keeps an answer refused for another reason open', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const down = await pageStage();
    expect(down.kind).toBe('failed');
    expect(render(down)).toContain('重试');

    serve(json(200, openView()), refusal(429, 'RATE_LIMITED', 'Too many requests'));
    const inputs: SurveyInputs = { loading: false, now: NOW, view: await surveyApi.view(TOKEN) };
    const limited = await surveyApi.answer(TOKEN, { score: 4 }).catch((error: unknown) => error);
    // SurveyPage keeps this refusal on the form (it is not a final one): the survey stays open to try again.
    const stage = surveyStage(inputs);
    expect(stage.kind).toBe('open');
    expect(render(stage, { ...idle, score: 4, error: limited })).toContain('data-testid="survey-error"');
  });
});
