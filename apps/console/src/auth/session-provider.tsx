import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useSyncExternalStore,
} from 'react';
import type { Action, Resource } from '@alloy/identity/policy';
import { request } from '../api/api-client';
import { sessionStore } from '../api/session-store';
import { can, type Me } from './permissions';

/** Sessions idle out after SESSION_IDLE_MINUTES (60 by default): refresh well before. */
const REFRESH_EVERY_MS = 5 * 60_000;

interface SessionDto {
  token: string;
  expiresAt: string;
  idleExpiresAt: string;
}

export interface Session {
  me: Me | null;
  loading: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  can(resource: Resource, action: Action): boolean;
  /** The organisation a platform admin acts in (null: their own). */
  organization: string | null;
  setOrganization(name: string | null): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const token = useSyncExternalStore(sessionStore.subscribe, sessionStore.token);
  const organization = useSyncExternalStore(sessionStore.subscribe, sessionStore.organization);
  const me = useQuery({
    queryKey: ['me', token, organization],
    queryFn: () => request<Me>('GET', '/api/v1/auth/me'),
    enabled: token !== null,
    retry: false,
  });

  // Rotates the session while the console is open; a refused refresh ends it.
  useEffect(() => {
    if (!token) return;
    const timer = setInterval(() => {
      request<SessionDto>('POST', '/api/v1/auth/refresh')
        .then((s) => sessionStore.setToken(s.token))
        .catch(() => sessionStore.setToken(null));
    }, REFRESH_EVERY_MS);
    return () => clearInterval(timer);
  }, [token]);

  const signIn = useCallback(async (email: string, password: string) => {
    const session = await request<SessionDto>('POST', '/api/v1/auth/sign-in', { email, password });
    sessionStore.setOrganization(null);
    sessionStore.setToken(session.token);
  }, []);

  const signOut = useCallback(async () => {
    await request('POST', '/api/v1/auth/sign-out').catch(() => undefined);
    sessionStore.setToken(null);
    sessionStore.setOrganization(null);
    queryClient.clear();
  }, [queryClient]);

  const value = useMemo<Session>(() => {
    const current = token ? (me.data ?? null) : null;
    return {
      me: current,
      loading: token !== null && me.isPending,
      signIn,
      signOut,
      can: (resource, action) => can(current, resource, action),
      organization,
      setOrganization: (name) => {
        sessionStore.setOrganization(name);
        queryClient.clear();
      },
    };
  }, [token, me.data, me.isPending, signIn, signOut, organization, queryClient]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
