import { request } from './client';
import type { AuditQuery, AuditRecord, AuditVerifyResult, CursorPage } from './types';

export const auditApi = {
  list: (query: AuditQuery) => request<CursorPage<AuditRecord>>('/audit', { query: { ...query } }),
  verify: () => request<AuditVerifyResult>('/audit/verify', { method: 'POST' }),
};
