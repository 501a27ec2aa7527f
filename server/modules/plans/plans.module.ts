/** The plans module as the application registers it (server/modules.ts): the plan library and incidents' checklists. */
import { defineModule } from '../../module.ts';
import { registerCloseBlocker } from '../incidents/index.ts';
import { createPlanFilesService } from './plan-files.ts';
import { createPlanMessagesService } from './communications/messages.service.ts';
import { planMessagesRoutes } from './communications/messages.routes.ts';
import { plansJobs } from './plans.jobs.ts';
import { plansRepository } from './plans.repository.ts';
import { plansRoutes } from './plans.routes.ts';
import { createPlansService } from './plans.service.ts';

// An incident whose plan's back-fill step is open cannot close (issue 12 item 4): the incidents workflow asks this.
registerCloseBlocker('plans.backfill', async (db, incidentId) =>
  (await plansRepository.openBackfillSteps(db, incidentId)).map((s) => ({
    source: 'plans.backfill',
    ref: s.step_key,
    message: `the plan's back-fill step ${s.step_key} (${(JSON.parse(s.title) as { zh: string }).zh}) is open`,
  })),
);

export const plansModule = defineModule({
  name: 'plans',
  tags: [{ name: 'plans', description: 'Emergency plans (预案): the library with its published versions, suggestions for alerts, and the checklist an incident runs' }],
  createServices: (ctx) => ({
    plans: createPlansService(ctx),
    planMessages: createPlanMessagesService(ctx),
    planFiles: createPlanFilesService(ctx),
  }),
  routes: (app, services) => {
    plansRoutes(app, services.plans);
    planMessagesRoutes(app, services.planMessages);
  },
  jobs: (registry, services) => plansJobs(registry, services),
  async ensureDefaults(services, system) {
    await services.plans.ensureDefaults(system);
  },
});
