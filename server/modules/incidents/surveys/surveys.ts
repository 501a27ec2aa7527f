/** Satisfaction surveys, as the incidents module registers them: the service, its routes, and the survey the workflow makes. */
export { createSurvey, createSurveysService, SURVEY_VALID_DAYS, type SurveysService } from './surveys.service.ts';
export { surveysRoutes } from './surveys.routes.ts';
