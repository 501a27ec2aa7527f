import type { ModuleContext } from '../../../module.ts';

// SCAFFOLD: replaced by the real service in this session.
export function createAlertsService(ctx: ModuleContext) {
  return { ctx };
}
export type AlertsService = ReturnType<typeof createAlertsService>;
