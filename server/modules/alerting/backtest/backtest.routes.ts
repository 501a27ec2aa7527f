import { errorResponses, IdParams } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import { BacktestRequest, BacktestResult } from './backtest.schemas.ts';
import type { BacktestService } from './backtest.service.ts';

const tags = ['alert-rules'];
const auditExempt = 'a read: replays stored telemetry, changes nothing';

export function backtestRoutes(app: App, deps: { backtest: BacktestService }): void {
  const { backtest } = deps;

  app.post('/api/v1/alert-rules/:id/backtest', {
    config: { access: 'alerts:read', auditExempt },
    schema: {
      tags,
      summary: 'Backtest a rule: what it, and the edit in `proposed` (not saved), would have done over the last days of stored telemetry, and what it really raised',
      params: IdParams,
      body: BacktestRequest,
      response: { 200: BacktestResult, ...errorResponses },
    },
    handler: async (request) => backtest.run(request.ctx, request.params.id, request.body),
  });

  app.post('/api/v1/alert-rules/backtest', {
    config: { access: 'alerts:read', auditExempt },
    schema: {
      tags,
      summary: 'Backtest a new rule before saving it (`proposed` required)',
      body: BacktestRequest,
      response: { 200: BacktestResult, ...errorResponses },
    },
    handler: async (request) => backtest.run(request.ctx, null, request.body),
  });
}
