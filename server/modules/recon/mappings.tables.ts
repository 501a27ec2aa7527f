/** Kysely table of saved column mappings (migration 2026-12-01-019-recon-column-mappings). Instants are epoch ms. */
export interface ReconColumnMappingsTable {
  id: string;
  name: string;
  /** the API's source name it applies to (MAPPABLE_SOURCES) */
  source: string;
  /** JSON ColumnMapping */
  mapping: string;
  /** JSON array of the normalised header cells it was made for (headerSignature) */
  header_signature: string;
  created_by: string | null;
  created_at: number;
  updated_by: string | null;
  updated_at: number;
  version: number;
}
