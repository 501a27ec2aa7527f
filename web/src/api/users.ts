import { request, requestFile } from './client';
import type {
  CreateUserRequest,
  CursorPage,
  ExportUsersRequest,
  OkResponse,
  UpdateUserRequest,
  User,
  UserListQuery,
} from './types';

export const UNMASK_HEADER = 'X-Opsdesk-Unmask-Reason';

const userPath = (id: string) => `/users/${encodeURIComponent(id)}`;

export const usersApi = {
  list: (query: UserListQuery) => request<CursorPage<User>>('/users', { query: { ...query } }),
  get: (id: string) => request<User>(userPath(id)),
  /** Fetches one user with personal data whole; the reason is recorded in the audit log. */
  getUnmasked: (id: string, reason: string) =>
    request<User>(userPath(id), { headers: { [UNMASK_HEADER]: encodeURIComponent(reason) } }),
  create: (body: CreateUserRequest) => request<User>('/users', { method: 'POST', body }),
  update: (id: string, body: UpdateUserRequest) => request<User>(userPath(id), { method: 'PATCH', body }),
  resetPassword: (id: string, newPassword: string) =>
    request<OkResponse>(`${userPath(id)}/password`, { method: 'POST', body: { newPassword } }),
  exportCsv: (body: ExportUsersRequest) => requestFile('/users/export', { method: 'POST', body }),
};
