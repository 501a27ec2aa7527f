/**
 * The satisfaction survey behind a client's link (tag `surveys`): no sign-in, the token in the link is the credential.
 * Types are aliases into openapi.d.ts (server/modules/incidents/surveys/surveys.schemas.ts).
 */
import { request } from '../../api/client';
import type { paths } from '../../api/openapi';

type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> = Op['responses'][200]['content']['application/json'];
type JsonBody<Op extends { requestBody?: { content: { 'application/json': unknown } } }> = NonNullable<Op['requestBody']>['content']['application/json'];

export type SurveyView = Json200<paths['/api/v1/surveys/{token}']['get']>;
export type SurveyAnswer = JsonBody<paths['/api/v1/surveys/{token}']['post']>;

const survey = (token: string) => `/surveys/${encodeURIComponent(token)}`;

export const surveyApi = {
  // skipAuthRedirect: the person has no session, and a 401 must not send them to a sign-in page they cannot use.
  view: (token: string) => request<SurveyView>(survey(token), { skipAuthRedirect: true }),
  answer: (token: string, body: SurveyAnswer) => request<SurveyView>(survey(token), { method: 'POST', body, skipAuthRedirect: true }),
};

export const COMMENT_LIMIT = 1000;
