import type { ModuleContext } from '../../module.ts';
import { requirePermission, type RequestContext } from '../auth/index.ts';
import { drillsContext } from './drills.context.ts';
import type { DrillReport } from './drills.schemas.ts';
import { createFindingsService } from './findings.service.ts';
import { minutesOf } from './report.ts';
import { createRunsService } from './runs.service.ts';
import { createSchedulesService } from './schedules.service.ts';

/**
 * Drills (演练, SPEC C6.3): schedules, runs with their drill-mode checklist, findings with follow-up actions, and the
 * report. One service object over three small ones that share the access rules (drills.context.ts).
 */
export function createDrillsService(ctx: ModuleContext) {
  const dc = drillsContext(ctx);
  const schedules = createSchedulesService(ctx, dc);
  const runs = createRunsService(ctx, dc);
  const findings = createFindingsService(ctx, dc);

  return {
    schedules,
    runs,
    findings,

    /**
     * What the drill showed: each step's expected against actual minutes, the steps that took longer (largest overrun
     * first), the skipped ones with their reasons, those never finished, the total time, and the findings.
     */
    async report(rc: RequestContext, runId: string): Promise<DrillReport> {
      requirePermission(rc.actor, 'plans:read');
      const { run, view } = await runs.summary(rc, runId);
      const detail = await runs.get(rc, runId);
      const steps = detail.steps.map((s) => ({
        key: s.key,
        position: s.position,
        title: s.title,
        role: s.role,
        phase: s.phase,
        status: s.status,
        expectedMinutes: s.expectedMinutes,
        actualMinutes: s.actualMinutes,
        overByMinutes: s.actualMinutes !== null && s.actualMinutes > s.expectedMinutes ? Math.round((s.actualMinutes - s.expectedMinutes) * 10) / 10 : null,
        skipReason: s.skipReason,
      }));
      const all = await findings.ofRun(runId);
      const end = run.ended_at ?? ctx.clock.now();
      return {
        run: view,
        totalMinutes: run.started_at === null ? null : minutesOf(Math.max(0, end - run.started_at)),
        expectedMinutes: steps.filter((s) => s.status !== 'skipped').reduce((sum, s) => sum + s.expectedMinutes, 0),
        steps,
        overran: steps.filter((s) => s.overByMinutes !== null).sort((a, b) => b.overByMinutes! - a.overByMinutes! || a.position - b.position),
        skipped: steps.filter((s) => s.status === 'skipped'),
        notDone: steps.filter((s) => s.status === 'pending' || s.status === 'started'),
        findings: all,
        openActions: all.filter((f) => f.status === 'open' && f.action !== null).length,
      };
    },
  };
}

export type DrillsService = ReturnType<typeof createDrillsService>;
