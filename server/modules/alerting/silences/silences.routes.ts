import type { App } from '../../../http/types.ts';
import type { SilencesService } from './silences.service.ts';

// SCAFFOLD: replaced by the real routes in this session.
export function silencesRoutes(_app: App, _deps: { silences: SilencesService }): void {}
