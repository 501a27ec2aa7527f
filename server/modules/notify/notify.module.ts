/** The notify module as the application registers it (server/modules.ts): channels, the outbox and its deliverer, receipts. */
import { defineModule } from '../../module.ts';
import { createAcknowledgeService } from './acknowledge.service.ts';
import { createChannelsService } from './channels.service.ts';
import { createNotificationsService } from './notifications.service.ts';
import { notifyJobs } from './notify.jobs.ts';
import { notifyRoutes } from './notify.routes.ts';
import { createNotifyCore } from './notify.core.ts';
import { createPeopleService } from './people.service.ts';

export const notifyModule = defineModule({
  name: 'notify',
  tags: [
    { name: 'channels', description: 'Notification channels: e-mail, SMS gateways, DingTalk, WeCom and Feishu robots, webhooks, the console' },
    { name: 'notifications', description: 'Notifications with their receipts; the console inbox; acknowledging by link or SMS reply' },
  ],
  createServices: (ctx) => {
    const core = createNotifyCore(ctx);
    return {
      notifyCore: core,
      channels: createChannelsService(ctx, {
        registry: core.registry,
        box: core.box,
        publicUrl: ctx.config.notify.publicUrl,
        sendTimeoutMs: ctx.config.notify.sendTimeoutMs,
        usedBy: (id) => core.channelUsers(id),
      }),
      notifications: createNotificationsService(ctx),
      notifyPeople: createPeopleService(ctx),
      acknowledgements: createAcknowledgeService(ctx, { outbox: core.outbox }),
    };
  },
  routes: (app, services) => notifyRoutes(app, services),
  jobs: (registry, services) => notifyJobs(registry, services),
});
