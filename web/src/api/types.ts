/**
 * Request and response types of the opsdesk HTTP API (/api/v1) used by the console.
 * Kept in this one file so that it can be swapped for types generated from openapi.json.
 */

export type Locale = 'zh-CN' | 'en';

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ItemsResponse<T> {
  items: T[];
}

export interface OkResponse {
  ok: true;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  roleIds: string[];
  roleNames: string[];
  permissions: string[];
  /** null = all sites */
  siteIds: string[] | null;
  locale: Locale;
}

export interface SessionResponse {
  user: Me;
  csrfToken: string;
  idleTimeoutSeconds: number;
  expiresAt: string;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export type UserStatus = 'active' | 'disabled';

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  status: UserStatus;
  roleIds: string[];
  siteIds: string[] | null;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
}

export interface UserListQuery {
  q?: string;
  roleId?: string;
  status?: UserStatus;
  cursor?: string;
  limit?: number;
}

export interface CreateUserRequest {
  username: string;
  displayName: string;
  email?: string;
  phone?: string;
  password: string;
  roleIds: string[];
  siteIds: string[] | null;
}

export interface UpdateUserRequest {
  displayName?: string;
  email?: string | null;
  phone?: string | null;
  roleIds?: string[];
  siteIds?: string[] | null;
  status?: UserStatus;
}

export interface ResetPasswordRequest {
  newPassword: string;
}

export interface ExportUsersRequest {
  reason: string;
  unmasked: boolean;
}

export interface Permission {
  key: string;
  capability: string;
  action: string;
}

export interface Role {
  id: string;
  name: string;
  description: string;
  permissions: string[];
  builtIn: boolean;
  userCount: number;
}

export interface CreateRoleRequest {
  id: string;
  name: string;
  description?: string;
  permissions: string[];
}

export interface UpdateRoleRequest {
  name?: string;
  description?: string;
  permissions?: string[];
}

export interface Site {
  id: string;
  code: string;
  name: string;
  timezone: string;
  createdAt: string;
  updatedAt: string;
}

export interface SiteListQuery {
  q?: string;
  cursor?: string;
  limit?: number;
}

export interface CreateSiteRequest {
  code: string;
  name: string;
  timezone?: string;
}

export interface UpdateSiteRequest {
  name?: string;
  timezone?: string;
}

export interface ApiToken {
  id: string;
  name: string;
  userId: string;
  username: string;
  prefix: string;
  permissions: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreateTokenRequest {
  name: string;
  permissions: string[];
  expiresAt?: string | null;
}

export interface CreateTokenResponse {
  token: ApiToken;
  secret: string;
}

export interface AuditRecord {
  seq: number;
  ts: string;
  actorId: string | null;
  actorName: string;
  actorRoles: string[];
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
  hash: string;
  prevHash: string;
}

export interface AuditQuery {
  q?: string;
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export interface AuditProblem {
  seq: number | null;
  kind: string;
  message: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  recordsChecked: number;
  firstSeq: number | null;
  lastSeq: number | null;
  checkpointsChecked: number;
  lastCheckpointSeq: number | null;
  durationMs: number;
  problems: AuditProblem[];
}
