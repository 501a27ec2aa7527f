/**
 * For tests until the lead registers closing, problems and surveys in incidents.module.ts: the same services and
 * routes as a module of their own, appended to the module list by the tests' `vi.mock` of server/modules.ts. Each
 * route is added only when the app does not serve it yet, so the tests keep working — through the real
 * registration — once it lands (then this file and the mocks can go).
 */
import { defineModule } from '../../../module.ts';
import type { App } from '../../../http/types.ts';
import { createIncidentsService } from '../incidents.service.ts';
import { createSlaLedger } from '../sla-ledger.ts';
import { closingRoutes, createClosingService } from './closing.ts';
import { createProblemsService, problemsRoutes } from '../problems/problems.ts';
import { createSurveysService, surveysRoutes } from '../surveys/surveys.ts';

export const closingTestModule = defineModule({
  name: 'incidents-closing-under-test',
  tags: [],
  createServices: (ctx) => {
    const incidents = createIncidentsService(ctx, { sla: createSlaLedger() });
    return {
      closingUnderTest: createClosingService(ctx, { incidents }),
      problemsUnderTest: createProblemsService(ctx, { incidents }),
      surveysUnderTest: createSurveysService(ctx, { incidents }),
    };
  },
  routes: (app: App, services) => {
    if (!app.hasRoute({ method: 'PUT', url: '/api/v1/incidents/:id/root-cause' })) closingRoutes(app, services.closingUnderTest);
    if (!app.hasRoute({ method: 'POST', url: '/api/v1/problems' })) problemsRoutes(app, services.problemsUnderTest);
    if (!app.hasRoute({ method: 'POST', url: '/api/v1/surveys/:token' })) surveysRoutes(app, services.surveysUnderTest);
  },
});
