import { request } from './client';
import type {
  CreateSparePartRequest,
  CursorPage,
  SparePart,
  SparePartQuery,
  StockMovement,
  StockMovementRequest,
  StockMovementResult,
  UpdateSparePartRequest,
} from './types';

const part = (id: string) => `/spare-parts/${encodeURIComponent(id)}`;

/** Spare parts, stock per warehouse and movements (tag `spare-parts`). */
export const sparePartsApi = {
  list: (query: SparePartQuery) => request<CursorPage<SparePart>>('/spare-parts', { query: { ...query } }),
  create: (body: CreateSparePartRequest) => request<SparePart>('/spare-parts', { method: 'POST', body }),
  update: (id: string, body: UpdateSparePartRequest) => request<SparePart>(part(id), { method: 'PATCH', body }),
  move: (id: string, body: StockMovementRequest) =>
    request<StockMovementResult>(`${part(id)}/movements`, { method: 'POST', body }),
  movements: (id: string, cursor?: string, limit = 50) =>
    request<CursorPage<StockMovement>>(`${part(id)}/movements`, { query: { cursor, limit } }),
};
