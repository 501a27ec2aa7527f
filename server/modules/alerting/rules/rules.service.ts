import type { ModuleContext } from '../../../module.ts';

// SCAFFOLD: replaced by the real service in this session.
export function createAlertRulesService(ctx: ModuleContext) {
  return { ctx };
}
export type AlertRulesService = ReturnType<typeof createAlertRulesService>;
