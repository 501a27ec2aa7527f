export interface AuditLogTable {
  seq: number;
  ts: number;
  actor_id: string | null;
  actor_name: string;
  /** JSON array of role ids the actor held at the time. */
  actor_roles: string;
  ip: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** Canonical JSON (RFC 8785) text, hashed as stored. */
  before: string | null;
  after: string | null;
  reason: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditCheckpointsTable {
  seq: number;
  record_hash: string;
  ts: number;
  key_id: string;
  signature: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_checkpoints: AuditCheckpointsTable;
}
