/** The drills module as the application registers it (server/modules.ts): drill schedules, runs, findings, reports. */
import { defineModule } from '../../module.ts';
import { drillsJobs } from './drills.jobs.ts';
import { drillsRoutes } from './drills.routes.ts';
import { createDrillsService } from './drills.service.ts';

export const drillsModule = defineModule({
  name: 'drills',
  tags: [{ name: 'drills', description: "Drills (演练): schedules of a plan's drill, runs with the plan's checklist in drill mode (no pages, no client notices), findings with follow-up actions, and the report" }],
  createServices: (ctx) => ({ drills: createDrillsService(ctx) }),
  routes: (app, services) => drillsRoutes(app, services.drills),
  jobs: (registry, services) => drillsJobs(registry, services),
});
