import { errorResponses } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { EstateSummary } from './summary.schemas.ts';
import type { EstateSummaryService } from './summary.service.ts';

export function summaryRoutes(app: App, deps: { estateSummary: EstateSummaryService }) {
  app.get('/api/v1/estate/summary', {
    config: { access: 'estate:read' },
    schema: {
      tags: ['estate'],
      summary: 'The estate at a glance: devices by health per site you may see, and the latest health changes',
      response: { 200: EstateSummary, ...errorResponses },
    },
    handler: async (request) => deps.estateSummary.summary(request.ctx),
  });
}
