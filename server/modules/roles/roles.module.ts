/** The roles module as the application registers it (server/modules.ts): its services, routes and jobs. */
import { defineModule } from '../../module.ts';
import { rolesRoutes } from './roles.routes.ts';
import { createRolesService } from './roles.service.ts';

export const rolesModule = defineModule({
  name: 'roles',
  tags: [{ name: 'roles', description: 'Roles and the permission catalogue' }],
  createServices: ({ db, clock, audit }) => ({ roles: createRolesService({ db, clock, audit }) }),
  routes: (app, services) => rolesRoutes(app, services),
});
