/** The knowledge-base module as the application registers it (server/modules.ts). */
import { defineModule } from '../../module.ts';
import { kbRoutes } from './kb.routes.ts';
import { createKbService } from './kb.service.ts';

export const kbModule = defineModule({
  name: 'kb',
  tags: [{ name: 'kb', description: 'Knowledge base (知识库): articles reviewed before publishing, full-text search that works for Chinese, suggestions for an incident' }],
  createServices: (ctx) => ({ kb: createKbService(ctx) }),
  routes: (app, services) => kbRoutes(app, services.kb),
});
