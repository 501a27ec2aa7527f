/** The incidents module as the application registers it (server/modules.ts): incidents, their SLA, settings and teams. */
import { createAnswerCache } from '../../http/answer-cache.ts';
import { defineModule } from '../../module.ts';
import { attachmentRoutes, createAttachmentsService } from './attachments/attachments.ts';
import { closingRoutes, createClosingService } from './closing/closing.ts';
import { incidentsJobs } from './incidents.jobs.ts';
import { incidentsRoutes } from './incidents.routes.ts';
import { createIncidentsService } from './incidents.service.ts';
import { createAlertIntake } from './intake/alert-intake.ts';
import { createIncidentNotifier } from './notices/notices.ts';
import { createProblemsService, problemsRoutes } from './problems/problems.ts';
import { incidentSettingsRoutes } from './settings/settings.routes.ts';
import { createIncidentSettingsService } from './settings/settings.service.ts';
import { createSlaLedger } from './sla-ledger.ts';
import { createSlaService, slaRoutes } from './sla/sla.ts';
import { createSurveysService, surveysRoutes } from './surveys/surveys.ts';
import { viewsRoutes } from './views/views.routes.ts';
import { createViewsService } from './views/views.service.ts';

/**
 * How long a kept list answer may be served at most: what the incidents' version does not cover — a user or team
 * renamed, a calendar renamed, the major-incident reminder interval edited — shows within this.
 */
const LIST_ANSWER_MAX_AGE_MS = 15_000;

export const incidentsModule = defineModule({
  name: 'incidents',
  tags: [
    { name: 'incidents', description: 'Incidents (工单): intake, grading, the workflow with its SLA clocks, closing records; cause categories, teams and settings' },
    { name: 'sla', description: 'SLA calendars (working hours, China’s holidays and make-up workdays) and policies per level' },
    { name: 'problems', description: 'Problem records (问题管理): incidents with one cause, tracked to the permanent fix' },
    { name: 'surveys', description: 'Satisfaction surveys by a link that works without an account' },
  ],
  createServices: (ctx) => {
    const incidents = createIncidentsService(ctx, { sla: createSlaLedger(), notices: createIncidentNotifier(ctx) });
    // A durable consumer of the alert events: registered now, it reads once the node starts its events.
    ctx.events.register(createAlertIntake({ db: ctx.db, incidents }));
    return {
      incidents,
      // The dispatcher's list is asked for far more often than incidents change (bench/README.md, incidents).
      incidentListAnswers: createAnswerCache({ clock: ctx.clock, maxAgeMs: LIST_ANSWER_MAX_AGE_MS }),
      incidentSettings: createIncidentSettingsService(ctx),
      sla: createSlaService(ctx),
      incidentViews: createViewsService(ctx),
      closing: createClosingService(ctx, { incidents }),
      problems: createProblemsService(ctx, { incidents }),
      surveys: createSurveysService(ctx, { incidents }),
      attachments: createAttachmentsService(ctx, { incidents }),
    };
  },
  routes: (app, services) => {
    incidentsRoutes(app, services.incidents, services.incidentListAnswers);
    closingRoutes(app, services.closing);
    attachmentRoutes(app, services.attachments);
    incidentSettingsRoutes(app, services.incidentSettings);
    viewsRoutes(app, services.incidentViews);
    slaRoutes(app, services);
    problemsRoutes(app, services.problems);
    surveysRoutes(app, services.surveys);
  },
  jobs: (registry, services) => incidentsJobs(registry, services),
  async ensureDefaults(services, system) {
    await services.incidentSettings.ensureDefaults(system);
    await services.sla.ensureDefaults(system);
  },
});
