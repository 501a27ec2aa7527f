export interface SessionsTable {
  /** SHA-256 of the cookie's secret: a leaked database does not leak live sessions. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  /** The absolute expiry; the idle expiry is last_seen_at + idle timeout. */
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: number;
  blocked_until: number;
}

export interface AuthTables {
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
}
