import type { ModuleContext } from '../../../module.ts';

// SCAFFOLD: replaced by the real service in this session.
export function createMaintenanceWindowsService(ctx: ModuleContext) {
  return { ctx };
}
export type MaintenanceWindowsService = ReturnType<typeof createMaintenanceWindowsService>;
