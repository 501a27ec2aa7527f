/** The users module as the application registers it (server/modules.ts): its services, routes and jobs. */
import { defineModule } from '../../module.ts';
import { usersRoutes } from './users.routes.ts';
import { createUsersService } from './users.service.ts';

export const usersModule = defineModule({
  name: 'users',
  tags: [{ name: 'users', description: 'User accounts and the personal-data export' }],
  createServices: ({ db, clock, audit }) => ({ users: createUsersService({ db, clock, audit }) }),
  routes: (app, services) => usersRoutes(app, services),
});
