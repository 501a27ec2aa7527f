/** The auth module as the application registers it (server/modules.ts): its services, routes and jobs. */
import { defineModule } from '../../module.ts';
import { authJobs } from './auth.jobs.ts';
import { authRoutes } from './auth.routes.ts';
import { createAuthService } from './auth.service.ts';

export const authModule = defineModule({
  name: 'auth',
  tags: [{ name: 'auth', description: 'Sessions: sign in, sign out, change your password' }],
  createServices: ({ db, clock, audit, config }) => ({ auth: createAuthService({ db, clock, audit, policy: config.session }) }),
  routes: (app, services, { config }) => authRoutes(app, { ...services, config }),
  jobs: (registry, services) => authJobs(registry, services),
});
