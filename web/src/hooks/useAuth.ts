import { useContext } from 'react';
import { AuthContext, type AuthContextValue } from '../app/auth-context';
import type { Me } from '../api/types';

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The signed-in user; only for components rendered behind the authentication guard. */
export function useMe(): Me {
  const { session } = useAuth();
  if (!session) throw new Error('useMe used without a session');
  return session.user;
}
