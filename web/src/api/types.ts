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

/** Why a device's health changed: a code with its values (app/healthReason.ts words it). */
export type HealthReason = components['schemas']['HealthReason'];

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

export type Job = Json200<paths['/api/v1/jobs/{id}']['get']>;
export type JobQuery = Query<paths['/api/v1/jobs']['get']>;
export type JobLane = Job['lane'];
export type JobStatus = Job['status'];

export type EstateCatalog = Json200<paths['/api/v1/estate/catalog']['get']>;
export type EstateTree = Json200<paths['/api/v1/estate/tree']['get']>;
export type EstateTreeSite = EstateTree['sites'][number];
export type EstateSummary = Json200<paths['/api/v1/estate/summary']['get']>;
export type EstateTreeSubsystem = EstateTreeSite['subsystems'][number];
export type HealthCounts = EstateTreeSite['health'];

export type Device = Json200<paths['/api/v1/devices/{id}']['patch']>;
export type DeviceDetail = Json200<paths['/api/v1/devices/{id}']['get']>;
export type DeviceHealth = Device['health'];
export type DeviceListQuery = Query<paths['/api/v1/devices']['get']>;
export type DeviceType = NonNullable<DeviceListQuery['type']>;
export type Subsystem = NonNullable<DeviceListQuery['subsystem']>;
export type CreateDeviceRequest = JsonBody<paths['/api/v1/devices']['post']>;
export type UpdateDeviceRequest = JsonBody<paths['/api/v1/devices/{id}']['patch']>;
export type MaintenanceRequest = JsonBody<paths['/api/v1/devices/{id}/maintenance']['post']>;
export type HealthChange = Json200<paths['/api/v1/devices/{id}/health-history']['get']>['items'][number];

export type DeviceEvent = Json200<paths['/api/v1/devices/{id}/events']['get']>['items'][number];
export type DeviceEventQuery = Query<paths['/api/v1/devices/{id}/events']['get']>;
export type EventKind = NonNullable<DeviceEventQuery['kind']>;
export type MetricSeries = Json200<paths['/api/v1/devices/{id}/metrics/{metric}']['get']>;
export type MetricPoint = MetricSeries['points'][number];
export type MetricSeriesQuery = Query<paths['/api/v1/devices/{id}/metrics/{metric}']['get']>;

export type ConfigVersion = Json200<paths['/api/v1/devices/{id}/config']['get']>['items'][number];
export type ConfigVersionDetail = Json200<paths['/api/v1/devices/{id}/config/{version}']['get']>;
export type CreateConfigRequest = JsonBody<paths['/api/v1/devices/{id}/config']['post']>;
export type ConfigDiff = Json200<paths['/api/v1/devices/{id}/config-diff']['get']>;
export type ConfigDiffQuery = Query<paths['/api/v1/devices/{id}/config-diff']['get']>;

export type DiscoveredDevice = Json200<paths['/api/v1/discovered-devices']['get']>['items'][number];
export type AdoptDeviceRequest = JsonBody<paths['/api/v1/discovered-devices/{code}/adopt']['post']>;

export type SparePart = Json200<paths['/api/v1/spare-parts/{id}']['patch']>;
export type SparePartQuery = Query<paths['/api/v1/spare-parts']['get']>;
export type CreateSparePartRequest = JsonBody<paths['/api/v1/spare-parts']['post']>;
export type UpdateSparePartRequest = JsonBody<paths['/api/v1/spare-parts/{id}']['patch']>;
export type StockMovementRequest = JsonBody<paths['/api/v1/spare-parts/{id}/movements']['post']>;
export type StockMovementResult = Json200<paths['/api/v1/spare-parts/{id}/movements']['post']>;
export type StockMovement = StockMovementResult['movement'];

export type ImportKind = 'sites' | 'devices';
export type ImportResult = Json200<paths['/api/v1/imports/devices']['post']>;
export type ImportProblem = ImportResult['errors'][number];

/** What GET /api/v1/stream sends: `device.health` (a domain event, server/events/catalog.ts) and `ingest.rate`. */
export type DeviceHealthEvent = components['schemas']['DeviceHealthEvent'];
export type IngestRateEvent = components['schemas']['IngestRateMessage'];
