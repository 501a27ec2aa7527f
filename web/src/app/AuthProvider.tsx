import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { authApi } from '../api/auth';
import { onUnauthorized, setCsrfToken } from '../api/client';
import type { SessionResponse } from '../api/types';
import { AuthContext, type AuthContextValue, type AuthStatus } from './auth-context';

interface State {
  status: AuthStatus;
  session: SessionResponse | null;
  expired: boolean;
}

const ANONYMOUS: State = { status: 'anonymous', session: null, expired: false };

/** Holds the signed-in session; any 401 from the API drops it so the router sends the user to the login page. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'loading', session: null, expired: false });

  useEffect(() => {
    let cancelled = false;
    authApi
      .session()
      .then((session) => {
        if (cancelled) return;
        setCsrfToken(session.csrfToken);
        setState({ status: 'authenticated', session, expired: false });
      })
      .catch(() => {
        if (!cancelled) setState(ANONYMOUS);
      });
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(null);
        setState((current) =>
          current.status === 'authenticated' ? { status: 'anonymous', session: null, expired: true } : current,
        );
      }),
    [],
  );

  const login = useCallback(async (username: string, password: string) => {
    const session = await authApi.login({ username, password });
    setCsrfToken(session.csrfToken);
    setState({ status: 'authenticated', session, expired: false });
    return session;
  }, []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      /* the session may already be gone; the user is logged out either way */
    } finally {
      setCsrfToken(null);
      setState(ANONYMOUS);
    }
  }, []);

  const value = useMemo<AuthContextValue>(() => ({ ...state, login, logout }), [state, login, logout]);
  return <AuthContext value={value}>{children}</AuthContext>;
}
