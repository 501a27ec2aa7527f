import { request, requestFile } from './client';
import type { AlertRule, BacktestBody, BacktestResult, RuleApplyResult, RuleDefinition } from './alerts';
import type { CursorPage, OkResponse } from './types';

export type RuleDocumentFormat = 'yaml' | 'json';

const rule = (id: string) => `/alert-rules/${encodeURIComponent(id)}`;

/** Alert rules (tag `alert-rules`): CRUD, the enabled switch, backtests, and rule documents (YAML or JSON). */
export const alertRulesApi = {
  list: (cursor?: string, limit = 200, filter: { kind?: string; enabled?: boolean; q?: string } = {}) =>
    request<CursorPage<AlertRule>>('/alert-rules', { query: { ...filter, cursor, limit } }),
  get: (id: string) => request<AlertRule>(rule(id)),
  create: (body: RuleDefinition) => request<AlertRule>('/alert-rules', { method: 'POST', body }),
  replace: (id: string, body: RuleDefinition) => request<AlertRule>(rule(id), { method: 'PUT', body }),
  setEnabled: (id: string, enabled: boolean) => request<AlertRule>(rule(id), { method: 'PATCH', body: { enabled } }),
  remove: (id: string) => request<OkResponse>(rule(id), { method: 'DELETE' }),
  /** A saved rule beside its proposed edit; without an id, a new rule on its own. */
  backtest: (id: string | null, body: BacktestBody) =>
    request<BacktestResult>(id ? `${rule(id)}/backtest` : '/alert-rules/backtest', { method: 'POST', body }),
  exportDocument: (format: RuleDocumentFormat) => requestFile('/alert-rules/export', { query: { format } }),
  apply: (document: Blob, format: RuleDocumentFormat, dryRun: boolean) =>
    request<RuleApplyResult>('/alert-rules/apply', {
      method: 'POST',
      query: { dryRun },
      rawBody: { data: document, contentType: format === 'yaml' ? 'application/yaml' : 'application/json' },
    }),
};
