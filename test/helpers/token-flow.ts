/**
 * The Docker registry token flow as clients run it: a 401 names the realm,
 * service and scope in `WWW-Authenticate: Bearer …`; the client GETs the realm
 * with its credentials and retries with `Authorization: Bearer <token>`.
 */
import { parseChallenge } from './registry-client.js';

export interface TokenResponse {
  token: string;
  access_token?: string;
  expires_in?: number;
  issued_at?: string;
}

/** GETs `<realm>?service=&scope=` with `authorization` (e.g. Basic). @returns the HTTP response and, on 200, the parsed token. */
export async function requestToken(challengeHeader: string | null, authorization?: string): Promise<{ response: Response; token?: TokenResponse }> {
  const challenge = parseChallenge(challengeHeader);
  if (!challenge.realm) throw new Error(`no Bearer realm in challenge ${challengeHeader}`);
  const url = new URL(challenge.realm);
  if (challenge.service) url.searchParams.set('service', challenge.service);
  if (challenge.scope) url.searchParams.set('scope', challenge.scope);
  const response = await fetch(url, { headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) } });
  if (response.status !== 200) return { response };
  return { response, token: (await response.json()) as TokenResponse };
}
