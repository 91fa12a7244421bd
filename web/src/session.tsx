/** Who is signed in and what they may do (GET /api/v1/session), for the whole app. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiFailure, setCsrfToken } from './api';

export interface Capabilities {
  teams: string[] | null;
  manageExceptions: boolean;
  applyOrgPolicy: boolean;
  applyTeamPolicies: string[] | null;
  readAudit: boolean;
  verifyAudit: boolean;
  manageWebhooks: string[] | null | false;
  admin: boolean;
}

export interface SessionInfo {
  user: { kind: string; name: string; role: string; teams: Record<string, string> };
  csrfToken?: string;
  expiresAt?: string;
  capabilities: Capabilities;
}

interface SessionState {
  session: SessionInfo | null | undefined;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState>({ session: undefined, signIn: async () => undefined, signOut: async () => undefined });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const accept = useCallback((info: SessionInfo | null) => {
    setCsrfToken(info?.csrfToken);
    setSession(info);
  }, []);
  useEffect(() => {
    api<SessionInfo>('GET', '/session').then(accept, (error: unknown) => {
      if (error instanceof ApiFailure && error.status === 401) accept(null);
      else accept(null);
    });
  }, [accept]);
  const signIn = useCallback(async (username: string, password: string) => accept(await api<SessionInfo>('POST', '/session', { username, password })), [accept]);
  const signOut = useCallback(async () => {
    await api('DELETE', '/session').catch(() => undefined);
    accept(null);
  }, [accept]);
  return <SessionContext.Provider value={{ session, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  return useContext(SessionContext);
}

/** The signed-in session; pages are only rendered once there is one. */
export function useSignedIn(): SessionInfo {
  const { session } = useSession();
  if (!session) throw new Error('useSignedIn outside a signed-in page');
  return session;
}
