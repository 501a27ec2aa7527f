import { errorResponses, IdParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { ApiToken, CreatedToken, CreateTokenBody, TokenList, TokenListQuery } from './tokens.schemas.ts';
import type { TokensService } from './tokens.service.ts';

const tags = ['tokens'];

export function tokensRoutes(app: App, deps: { tokens: TokensService }) {
  const { tokens } = deps;

  app.get('/api/v1/tokens', {
    config: { access: 'tokens:read' },
    schema: { tags, summary: 'Your API tokens', querystring: TokenListQuery, response: { 200: TokenList, ...errorResponses } },
    handler: async (request) => ({ items: await tokens.list(request.ctx, request.query.all ?? false) }),
  });

  app.post('/api/v1/tokens', {
    config: { access: 'tokens:write' },
    schema: { tags, summary: 'Create an API token (the secret is shown once)', body: CreateTokenBody, response: { 200: CreatedToken, ...errorResponses } },
    handler: async (request) => tokens.create(request.ctx, request.body),
  });

  app.delete('/api/v1/tokens/:id', {
    config: { access: 'tokens:write' },
    schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 200: ApiToken, ...errorResponses } },
    handler: async (request) => tokens.revoke(request.ctx, request.params.id),
  });
}
