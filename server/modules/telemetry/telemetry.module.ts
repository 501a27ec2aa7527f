/** The telemetry module as the application registers it (server/modules.ts): its services, routes and jobs. */
import { defineModule } from '../../module.ts';
import { telemetryRoutes } from './telemetry.routes.ts';
import { createTelemetryService } from './telemetry.service.ts';

export const telemetryModule = defineModule({
  name: 'telemetry',
  tags: [{ name: 'telemetry', description: 'What devices sent: recent events and one-minute charts' }],
  createServices: ({ db, clock }) => ({ telemetry: createTelemetryService({ db, clock }) }),
  routes: (app, services) => telemetryRoutes(app, services),
});
