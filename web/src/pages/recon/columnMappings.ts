/**
 * Saved column mappings (GET/POST /api/v1/recon/column-mappings) and the pure parts of mapping a ledger's header by
 * hand: what a NEEDS_MAPPING finding says about the file, the choices a person makes, and the body that saves them.
 * The API's types are aliases into openapi.d.ts (server/modules/recon/mappings.schemas.ts is their source).
 */
import { request } from '../../api/client';
import type { paths } from '../../api/openapi';
import type { ImportDetail } from './reconApi';

type MappingsPath = paths['/api/v1/recon/column-mappings'];

/** The ledger fields a column can be mapped to, in the order the editor shows them (server: importers/header-map.ts). */
export const LEDGER_FIELDS = [
  'txnId',
  'amount',
  'txnTime',
  'type',
  'direction',
  'status',
  'card',
  'account',
  'terminal',
  'channel',
  'channelOrderId',
  'merchantOrderId',
  'thirdPartyOrderId',
  'refundId',
  'fee',
  'currency',
  'balanceBefore',
  'balanceAfter',
  'cardCounter',
  'collectedAt',
  'offline',
] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];
/** Fields a mapping must give a column (an id column may come from the header's own names, but must exist). */
export const REQUIRED_FIELDS: readonly LedgerField[] = ['amount', 'txnTime'];
const ID_FIELDS: readonly LedgerField[] = ['txnId', 'channelOrderId', 'merchantOrderId', 'thirdPartyOrderId'];
export const AMOUNT_UNITS = ['yuan', 'fen'] as const;
export type AmountUnit = (typeof AMOUNT_UNITS)[number];
/** Sources whose importer takes a column mapping. */
export const MAPPABLE_SOURCES = ['ledger'] as const;
export const isMappableSource = (source: string | undefined): boolean => (MAPPABLE_SOURCES as readonly (string | undefined)[]).includes(source);
export const MAPPING_NAME_MAX = 100;

export type ColumnMapping = MappingsPath['get']['responses'][200]['content']['application/json']['items'][number];
export type CreateColumnMappingBody = NonNullable<MappingsPath['post']['requestBody']>['content']['application/json'];

export const listColumnMappings = (source?: 'ledger') => request<{ items: ColumnMapping[] }>('/recon/column-mappings', { query: { source } });
export const createColumnMapping = (body: CreateColumnMappingBody) => request<ColumnMapping>('/recon/column-mappings', { method: 'POST', body });

/** A saved mapping a NEEDS_MAPPING finding offers: those made for this very header come first. */
export interface OfferedMapping {
  id: string;
  name: string;
  matchesHeader: boolean;
}

/** What a failed import says a person must map: the file's header cells, what is missing, the saved mappings offered. */
export interface MappingNeed {
  header: string[];
  missing: LedgerField[];
  offered: OfferedMapping[];
}

function jsonArray(value: unknown): unknown[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

const isField = (value: string): value is LedgerField => (LEDGER_FIELDS as readonly string[]).includes(value);

/** The NEEDS_MAPPING of a failed import as the editor needs it, or null when the file failed for another reason. */
export function mappingNeed(detail: Pick<ImportDetail, 'findingList'>): MappingNeed | null {
  const finding = detail.findingList.find((f) => f.code === 'NEEDS_MAPPING');
  if (!finding) return null;
  const header = jsonArray(finding.params.header).filter((c): c is string => typeof c === 'string');
  if (header.length === 0) return null;
  const missing = typeof finding.params.missing === 'string' ? finding.params.missing.split(',').filter(isField) : [];
  const offered = jsonArray(finding.params.savedMappings).flatMap((m): OfferedMapping[] => {
    if (typeof m !== 'object' || m === null) return [];
    const o = m as Record<string, unknown>;
    return typeof o.id === 'string' && typeof o.name === 'string' ? [{ id: o.id, name: o.name, matchesHeader: o.matchesHeader === true }] : [];
  });
  return { header, missing, offered };
}

/** The person's choices: field → 0-based column index (unset: the header's own name decides, if it can). */
export type MappingChoices = Partial<Record<LedgerField, number>>;

export type ChoiceProblem = { field: LedgerField | 'txnId'; problem: 'required' | 'duplicate' | 'needId' };

/**
 * What the server would refuse, said before sending: amount and time unset, one column for two fields, and no id
 * column when the header's own names gave none (`missing` of the finding names txnId then).
 */
export function choiceProblems(choices: MappingChoices, missing: readonly LedgerField[] = []): ChoiceProblem[] {
  const problems: ChoiceProblem[] = [];
  for (const f of REQUIRED_FIELDS) if (choices[f] === undefined) problems.push({ field: f, problem: 'required' });
  const seen = new Map<number, LedgerField>();
  for (const f of LEDGER_FIELDS) {
    const index = choices[f];
    if (index === undefined) continue;
    if (seen.has(index)) problems.push({ field: f, problem: 'duplicate' });
    else seen.set(index, f);
  }
  if (missing.includes('txnId') && !ID_FIELDS.some((f) => choices[f] !== undefined)) problems.push({ field: 'txnId', problem: 'needId' });
  return problems;
}

/**
 * The body that saves the choices under a name, for the header they were made for. Columns go by index (the header
 * may repeat a name or leave one blank); the header is sent as read, the server keeps its normalised signature.
 */
export function mappingBody(name: string, header: readonly string[], choices: MappingChoices, amountUnit?: AmountUnit): CreateColumnMappingBody {
  const mapping: Record<string, string | number> = {};
  for (const f of LEDGER_FIELDS) if (choices[f] !== undefined) mapping[f] = choices[f];
  if (amountUnit) mapping.amountUnit = amountUnit;
  return { name: name.trim().slice(0, MAPPING_NAME_MAX), source: 'ledger', mapping, header: [...header] };
}
