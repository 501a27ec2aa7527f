/** Closing incidents, as the incidents module registers it: the service and its routes. */
export { createClosingService, type ClosingService } from './closing.service.ts';
export { closingRoutes } from './closing.routes.ts';
