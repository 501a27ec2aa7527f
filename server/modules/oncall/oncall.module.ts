/** The oncall module as the application registers it (server/modules.ts): rosters, escalation policies, escalations. */
import { defineModule } from '../../module.ts';
import { createEscalator } from './escalation/escalator.ts';
import { oncallRoutes } from './oncall.routes.ts';
import { createPoliciesService } from './policies/policies.service.ts';
import { createRostersService } from './rosters/rosters.service.ts';
import { createNotifyOutbox } from '../notify/index.ts';

export const oncallModule = defineModule({
  name: 'oncall',
  tags: [
    { name: 'rosters', description: 'Duty rosters (值班表): rotations, holiday duty with the leader on duty, overrides, on duty now, .ics' },
    { name: 'escalation-policies', description: 'Escalation policies and the escalations they run' },
  ],
  createServices: (ctx) => {
    const rosters = createRostersService(ctx);
    // The escalator is a durable consumer of the alert events: registered now, it reads once the node starts its events.
    const escalator = createEscalator({ db: ctx.db, clock: ctx.clock, outbox: createNotifyOutbox(ctx).outbox, onDuty: (db, id, at) => rosters.onDutyAt(db, id, at) });
    ctx.events.register(escalator.consumer);
    return { rosters, escalationPolicies: createPoliciesService(ctx), escalator };
  },
  routes: (app, services) => oncallRoutes(app, services),
});
