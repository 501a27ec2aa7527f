import { request } from './client';
import type { CreateRoleRequest, ItemsResponse, OkResponse, Permission, Role, UpdateRoleRequest } from './types';

const rolePath = (id: string) => `/roles/${encodeURIComponent(id)}`;

export const rolesApi = {
  list: () => request<ItemsResponse<Role>>('/roles'),
  create: (body: CreateRoleRequest) => request<Role>('/roles', { method: 'POST', body }),
  update: (id: string, body: UpdateRoleRequest) => request<Role>(rolePath(id), { method: 'PATCH', body }),
  remove: (id: string) => request<OkResponse>(rolePath(id), { method: 'DELETE' }),
  permissions: () => request<ItemsResponse<Permission>>('/permissions'),
};
