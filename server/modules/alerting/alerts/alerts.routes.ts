import type { App } from '../../../http/types.ts';
import type { AlertsService } from './alerts.service.ts';

// SCAFFOLD: replaced by the real routes in this session.
export function alertsRoutes(_app: App, _deps: { alerts: AlertsService }): void {}
