import { createContext } from 'react';
import type { SessionResponse } from '../api/types';

export type AuthStatus = 'loading' | 'anonymous' | 'authenticated';

export interface AuthContextValue {
  status: AuthStatus;
  session: SessionResponse | null;
  /** True after the server said the session is gone (idle or absolute timeout, or logged out elsewhere). */
  expired: boolean;
  login(username: string, password: string): Promise<SessionResponse>;
  logout(): Promise<void>;
}

export const AuthContext = createContext<AuthContextValue | null>(null);
