export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 of the secret; the secret itself is shown once and never stored. */
  token_hash: string;
  prefix: string;
  /** JSON array of permission keys this token may use (further limited by its owner's current permissions). */
  permissions: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface TokensTables {
  api_tokens: ApiTokensTable;
}
