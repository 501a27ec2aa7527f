/** The sites module as the application registers it (server/modules.ts): its services, routes and jobs. */
import { defineModule } from '../../module.ts';
import { sitesRoutes } from './sites.routes.ts';
import { createSitesService } from './sites.service.ts';

export const sitesModule = defineModule({
  name: 'sites',
  tags: [{ name: 'sites', description: 'Sites of the estate' }],
  createServices: ({ db, clock, audit }) => ({ sites: createSitesService({ db, clock, audit }) }),
  routes: (app, services) => sitesRoutes(app, services),
});
