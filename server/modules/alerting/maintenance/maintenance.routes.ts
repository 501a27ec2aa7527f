import type { App } from '../../../http/types.ts';
import type { MaintenanceWindowsService } from './maintenance.service.ts';

// SCAFFOLD: replaced by the real routes in this session.
export function maintenanceWindowsRoutes(_app: App, _deps: { maintenanceWindows: MaintenanceWindowsService }): void {}
