import { errorResponses, IdParams, Ok } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { CAPABILITY_ACTIONS, COMING_CAPABILITIES, type Capability } from '../auth/index.ts';
import { CreateRoleBody, PermissionCatalog, Role, RoleList, UpdateRoleBody } from './roles.schemas.ts';
import type { RolesService } from './roles.service.ts';

const tags = ['roles'];

const catalog = {
  items: Object.entries(CAPABILITY_ACTIONS).flatMap(([capability, actions]) =>
    actions.map((action) => ({ key: `${capability}:${action}`, capability, action, available: !COMING_CAPABILITIES.has(capability as Capability) })),
  ),
};

export function rolesRoutes(app: App, deps: { roles: RolesService }) {
  const { roles } = deps;

  app.get('/api/v1/permissions', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Every permission (capability × action)', response: { 200: PermissionCatalog, ...errorResponses } },
    handler: async () => catalog,
  });

  app.get('/api/v1/roles', {
    config: { access: 'roles:read' },
    schema: { tags, summary: 'List roles', response: { 200: RoleList, ...errorResponses } },
    handler: async () => ({ items: await roles.list() }),
  });

  app.post('/api/v1/roles', {
    config: { access: 'roles:write' },
    schema: { tags, summary: 'Create a role', body: CreateRoleBody, response: { 200: Role, ...errorResponses } },
    handler: async (request) => roles.create(request.ctx, request.body),
  });

  app.patch('/api/v1/roles/:id', {
    config: { access: 'roles:write' },
    schema: { tags, summary: "Change a role's name, description or permissions", params: IdParams, body: UpdateRoleBody, response: { 200: Role, ...errorResponses } },
    handler: async (request) => roles.update(request.ctx, request.params.id, request.body),
  });

  app.delete('/api/v1/roles/:id', {
    config: { access: 'roles:write' },
    schema: { tags, summary: 'Delete a role nobody holds', params: IdParams, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => {
      await roles.remove(request.ctx, request.params.id);
      return { ok: true as const };
    },
  });
}
