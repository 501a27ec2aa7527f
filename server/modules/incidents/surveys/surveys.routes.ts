import { errorResponses } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import { SurveyAnswerBody, SurveyTokenParams, SurveyView } from './surveys.schemas.ts';
import type { SurveysService } from './surveys.service.ts';

/** Limited like the acknowledgement links: a person answers once; a prober guessing tokens gets nowhere fast. */
const SURVEY_LIMIT = { max: 30, timeWindow: '1 minute' };

/** The satisfaction survey behind the link sent to the client: no sign-in, the link is the credential. */
export function surveysRoutes(app: App, surveys: SurveysService): void {
  const tags = ['surveys'];
  app.get('/api/v1/surveys/:token', {
    config: { access: 'public', rateLimit: SURVEY_LIMIT },
    schema: { tags, summary: 'What a satisfaction survey link is about: the incident, how it was fixed, whether it was answered (no sign-in)', params: SurveyTokenParams, response: { 200: SurveyView, ...errorResponses } },
    handler: async (request) => surveys.view(request.params.token),
  });
  app.post('/api/v1/surveys/:token', {
    config: { access: 'public', rateLimit: SURVEY_LIMIT },
    schema: {
      tags,
      summary: 'Answer the survey once (score 1–5 and a comment) before the link expires: 409 SURVEY_ANSWERED / SURVEY_EXPIRED (no sign-in)',
      params: SurveyTokenParams,
      body: SurveyAnswerBody,
      response: { 200: SurveyView, ...errorResponses },
    },
    handler: async (request) => surveys.answer(request.params.token, request.body, { ip: request.ctx.ip, requestId: request.ctx.requestId }),
  });
}
