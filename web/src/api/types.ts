/**
 * Request and response types of the opsdesk HTTP API (/api/v1) used by the console.
 *
 * They are derived from `openapi.d.ts`, which `npm run openapi` generates from the server's route schemas (through
 * openapi.json), so a change on the server shows up here as a type error instead of a surprise at run time. Only the
 * types the server does not name are written by hand (Locale, the page envelopes).
 */
import type { components, paths } from './openapi';

/** The JSON body of an operation's 200 answer. */
type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> =
  Op['responses'][200]['content']['application/json'];
/** The JSON request body of an operation. */
type JsonBody<Op extends { requestBody?: { content: { 'application/json': unknown } } }> = NonNullable<
  Op['requestBody']
>['content']['application/json'];
/** The query parameters of an operation. */
type Query<Op extends { parameters: { query?: unknown } }> = NonNullable<Op['parameters']['query']>;

/** The console's languages (the server stores the user's choice as a plain string). */
export type Locale = 'zh-CN' | 'en';

export type ApiErrorBody = components['schemas']['ErrorResponse'];

/** A page of a cursor-paginated list (the server's Page(item) helper). */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ItemsResponse<T> {
  items: T[];
}

export type OkResponse = Json200<paths['/api/v1/auth/logout']['post']>;

export type SessionResponse = Json200<paths['/api/v1/auth/session']['get']>;
export type Me = SessionResponse['user'];
export type LoginRequest = JsonBody<paths['/api/v1/auth/login']['post']>;
export type ChangePasswordRequest = JsonBody<paths['/api/v1/auth/password']['post']>;

export type User = Json200<paths['/api/v1/users/{id}']['get']>;
export type UserStatus = User['status'];
export type UserListQuery = Query<paths['/api/v1/users']['get']>;
export type CreateUserRequest = JsonBody<paths['/api/v1/users']['post']>;
export type UpdateUserRequest = JsonBody<paths['/api/v1/users/{id}']['patch']>;
export type ResetPasswordRequest = JsonBody<paths['/api/v1/users/{id}/password']['post']>;
export type ExportUsersRequest = JsonBody<paths['/api/v1/users/export']['post']>;

export type Permission = Json200<paths['/api/v1/permissions']['get']>['items'][number];
export type Role = Json200<paths['/api/v1/roles']['get']>['items'][number];
export type CreateRoleRequest = JsonBody<paths['/api/v1/roles']['post']>;
export type UpdateRoleRequest = JsonBody<paths['/api/v1/roles/{id}']['patch']>;

export type Site = Json200<paths['/api/v1/sites/{id}']['get']>;
export type SiteListQuery = Query<paths['/api/v1/sites']['get']>;
export type CreateSiteRequest = JsonBody<paths['/api/v1/sites']['post']>;
export type UpdateSiteRequest = JsonBody<paths['/api/v1/sites/{id}']['patch']>;

export type ApiToken = Json200<paths['/api/v1/tokens']['get']>['items'][number];
export type CreateTokenRequest = JsonBody<paths['/api/v1/tokens']['post']>;
export type CreateTokenResponse = Json200<paths['/api/v1/tokens']['post']>;

export type AuditRecord = Json200<paths['/api/v1/audit']['get']>['items'][number];
export type AuditQuery = Query<paths['/api/v1/audit']['get']>;
export type AuditVerifyResult = Json200<paths['/api/v1/audit/verify']['post']>;
export type AuditProblem = AuditVerifyResult['problems'][number];
