/** The system module as the application registers it (server/modules.ts): its services, routes and jobs. */
import { defineModule } from '../../module.ts';
import { systemRoutes } from './system.routes.ts';

export const systemModule = defineModule({
  name: 'system',
  tags: [{ name: 'system', description: 'Liveness, readiness and metrics (no sign-in)' }],
  createServices: () => ({}),
  routes: (app, _services, { db, metrics, integrity }) => systemRoutes(app, { db, metrics, ...(integrity && { integrity }) }),
});
