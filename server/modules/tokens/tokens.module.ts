/** The tokens module as the application registers it (server/modules.ts): its services, routes and jobs. */
import { defineModule } from '../../module.ts';
import { tokensRoutes } from './tokens.routes.ts';
import { createTokensService } from './tokens.service.ts';

export const tokensModule = defineModule({
  name: 'tokens',
  tags: [{ name: 'tokens', description: 'API tokens for scripts and integrations' }],
  createServices: ({ db, clock, audit }) => ({ tokens: createTokensService({ db, clock, audit }) }),
  routes: (app, services) => tokensRoutes(app, services),
});
