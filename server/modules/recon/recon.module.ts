/** The reconciliation module as the application registers it (server/modules.ts): imports, channels, jobs, differences. */
import { defineModule } from '../../module.ts';
import * as engine from './engine/index.ts';
import { columnMappingsRoutes } from './mappings.routes.ts';
import { proposalsRoutes } from './proposals.routes.ts';
import { reconJobs } from './recon.jobs.ts';
import { reconRoutes } from './recon.routes.ts';
import { createReconServices } from './recon.service.ts';

export const reconModule = defineModule({
  name: 'recon',
  tags: [{ name: 'recon', description: 'Reconciliation (对账): bill and statement imports, day jobs per channel with cut-off carry-over, differences with maker-checker resolution, exports and the trend' }],
  createServices: (ctx) => ({ recon: createReconServices(ctx, { engine }) }),
  routes: (app, services) => {
    reconRoutes(app, services.recon);
    proposalsRoutes(app, services.recon);
    columnMappingsRoutes(app, services.recon.mappings);
  },
  ensureDefaults: async (services) => services.recon.channels.ensureDefaults(),
  jobs: (registry, services) => reconJobs(registry, services),
});
