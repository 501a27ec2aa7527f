/** The back-fill module as the application registers it (server/modules.ts): manual fallback records of an incident. */
import { defineModule } from '../../module.ts';
import { backfillRoutes } from './backfill.routes.ts';
import { createBackfillService } from './backfill.service.ts';

export const backfillModule = defineModule({
  name: 'backfill',
  tags: [{ name: 'backfill', description: 'Manual fallback and back-fill (补录): what was sold, checked and taken by hand during an outage, booked as transactions of the incident' }],
  createServices: (ctx) => ({ backfill: createBackfillService(ctx, { windowMarginMs: ctx.config.backfill.windowMarginMinutes * 60_000 }) }),
  routes: (app, services) => backfillRoutes(app, services.backfill),
});
