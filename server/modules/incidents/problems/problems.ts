/** Problem records, as the incidents module registers them: the service and its routes. */
export { createProblemsService, type ProblemsService } from './problems.service.ts';
export { problemsRoutes } from './problems.routes.ts';
