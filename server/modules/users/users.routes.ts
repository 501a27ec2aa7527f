import { errorResponses, IdParams, Ok, TextBody } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { CreateUserBody, ExportUsersBody, ResetPasswordBody, UpdateUserBody, User, UserListQuery, UserPage } from './users.schemas.ts';
import type { UsersService } from './users.service.ts';

const tags = ['users'];

export function usersRoutes(app: App, deps: { users: UsersService }) {
  const { users } = deps;

  app.get('/api/v1/users', {
    config: { access: 'users:read' },
    schema: { tags, summary: 'List users', querystring: UserListQuery, response: { 200: UserPage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 50, ...filter } = request.query;
      // The contacts are searched only when they go out whole, so a search cannot reveal what the mask hides.
      return users.list({ ...filter, searchContacts: request.unmasked }, { cursor, limit });
    },
  });

  app.post('/api/v1/users', {
    config: { access: 'users:write' },
    schema: { tags, summary: 'Create a user', body: CreateUserBody, response: { 200: User, ...errorResponses } },
    handler: async (request) => users.create(request.ctx, request.body),
  });

  app.get('/api/v1/users/:id', {
    config: { access: 'users:read' },
    schema: { tags, summary: 'One user', params: IdParams, response: { 200: User, ...errorResponses } },
    handler: async (request) => users.get(request.params.id),
  });

  app.patch('/api/v1/users/:id', {
    config: { access: 'users:write' },
    schema: { tags, summary: 'Change a user: profile, roles, site scope, enabled or disabled', params: IdParams, body: UpdateUserBody, response: { 200: User, ...errorResponses } },
    handler: async (request) => users.update(request.ctx, request.params.id, request.body),
  });

  app.post('/api/v1/users/:id/password', {
    config: { access: 'users:write' },
    schema: { tags, summary: "Set a user's password (ends their sessions)", params: IdParams, body: ResetPasswordBody, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => {
      await users.resetPassword(request.ctx, request.params.id, request.body.newPassword);
      return { ok: true as const };
    },
  });

  app.post('/api/v1/users/export', {
    config: { access: 'personal:export' },
    schema: {
      tags,
      summary: 'Export users as CSV (personal-data export: audited with its reason)',
      body: ExportUsersBody,
      response: { 200: TextBody('text/csv', 'The users, one a row; personal fields masked unless unmasked'), ...errorResponses },
    },
    handler: async (request, reply) => {
      const { csv } = await users.exportCsv(request.ctx, request.body);
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="opsdesk-users.csv"');
      return csv;
    },
  });
}
