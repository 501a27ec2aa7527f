import type { App } from '../../../http/types.ts';
import type { AlertRulesService } from './rules.service.ts';

// SCAFFOLD: replaced by the real routes in this session.
export function alertRulesRoutes(_app: App, _deps: { alertRules: AlertRulesService }): void {}
