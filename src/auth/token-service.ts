/**
 * Short-lived registry bearer tokens (the Docker/distribution token flow): JWTs
 * signed with ES256 and carrying the granted `access` list. Signing keys live in
 * the database so every replica issues and accepts the same tokens.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, errors as joseErrors, type JWK, type JWTPayload } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { Clock } from './clock.js';
import { AuthError } from './errors.js';
import { subjectOf, displayName, type Principal } from './principal.js';

export interface AccessEntry {
  type: string;
  name: string;
  actions: string[];
}

export interface RegistryTokenClaims {
  subject: string;
  name: string;
  access: AccessEntry[];
  expiresAt: number;
}

export interface IssuedToken {
  token: string;
  expiresIn: number;
  issuedAt: string;
}

export interface TokenServiceOptions {
  issuer: string;
  /** The registry's `service` name: the token audience. */
  audience: string;
  ttlMs: number;
}

type VerifyKey = Awaited<ReturnType<typeof importJWK>>;
const ALGORITHM = 'ES256';
const VERIFIED_CACHE_LIMIT = 50_000;

export class TokenService {
  private readonly verifyKeys = new Map<string, VerifyKey>();
  private readonly verified = new Map<string, RegistryTokenClaims>();
  private signing!: { kid: string; key: VerifyKey };

  private constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly options: TokenServiceOptions,
  ) {}

  static async open(db: Kysely<Database>, clock: Clock, options: TokenServiceOptions): Promise<TokenService> {
    const service = new TokenService(db, clock, options);
    await service.loadKeys();
    return service;
  }

  async issue(principal: Principal, access: AccessEntry[]): Promise<IssuedToken> {
    const now = this.clock();
    const expiresIn = Math.floor(this.options.ttlMs / 1000);
    const token = await new SignJWT({ access, name: displayName(principal) })
      .setProtectedHeader({ alg: ALGORITHM, kid: this.signing.kid, typ: 'JWT' })
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setSubject(subjectOf(principal))
      .setIssuedAt(Math.floor(now / 1000))
      .setNotBefore(Math.floor(now / 1000) - 5)
      .setExpirationTime(Math.floor(now / 1000) + expiresIn)
      .setJti(randomUUID())
      .sign(this.signing.key);
    return { token, expiresIn, issuedAt: new Date(now).toISOString() };
  }

  /** @throws AuthError UNAUTHORIZED when the token is forged, expired or meant for another service. */
  async verify(token: string): Promise<RegistryTokenClaims> {
    const now = this.clock();
    const hit = this.verified.get(token);
    if (hit) {
      if (hit.expiresAt > now) return hit;
      this.verified.delete(token);
    }
    const payload = await this.verifySignature(token, now);
    const claims: RegistryTokenClaims = {
      subject: String(payload.sub ?? ''),
      name: String(payload.name ?? ''),
      access: Array.isArray(payload.access) ? (payload.access as AccessEntry[]) : [],
      expiresAt: (payload.exp ?? 0) * 1000,
    };
    if (this.verified.size >= VERIFIED_CACHE_LIMIT) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }

  private async verifySignature(token: string, now: number): Promise<JWTPayload & { name?: unknown; access?: unknown }> {
    const verifyOptions = { issuer: this.options.issuer, audience: this.options.audience, algorithms: [ALGORITHM], currentDate: new Date(now) };
    try {
      const { payload } = await jwtVerify(token, async (header: { kid?: string }) => this.keyFor(header.kid), verifyOptions);
      return payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new AuthError('UNAUTHORIZED', 'registry token has expired; request a new one');
      if (error instanceof joseErrors.JOSEError || error instanceof TypeError) {
        throw new AuthError('UNAUTHORIZED', 'registry token is invalid', { cause: error });
      }
      throw error;
    }
  }

  private async keyFor(kid: string | undefined): Promise<VerifyKey> {
    if (!kid) throw new AuthError('UNAUTHORIZED', 'registry token has no key id');
    // Another replica may have created a key after this one started.
    if (!this.verifyKeys.has(kid)) await this.loadKeys();
    const key = this.verifyKeys.get(kid);
    if (!key) throw new AuthError('UNAUTHORIZED', 'registry token was signed by an unknown key');
    return key;
  }

  private async loadKeys(): Promise<void> {
    let rows = await this.db.selectFrom('signingKeys').selectAll().orderBy('createdAt', 'desc').orderBy('kid').execute();
    if (rows.length === 0) {
      await this.createKey();
      rows = await this.db.selectFrom('signingKeys').selectAll().orderBy('createdAt', 'desc').orderBy('kid').execute();
    }
    for (const row of rows) {
      if (!this.verifyKeys.has(row.kid)) this.verifyKeys.set(row.kid, await importJWK(JSON.parse(row.publicJwk) as JWK, ALGORITHM));
    }
    const newest = rows[0];
    if (newest && this.signing?.kid !== newest.kid) {
      this.signing = { kid: newest.kid, key: await importJWK(JSON.parse(newest.privateJwk) as JWK, ALGORITHM) };
    }
  }

  private async createKey(): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
    await this.db
      .insertInto('signingKeys')
      .values({
        kid: randomBytes(12).toString('base64url'),
        algorithm: ALGORITHM,
        privateJwk: JSON.stringify(await exportJWK(privateKey)),
        publicJwk: JSON.stringify(await exportJWK(publicKey)),
        createdAt: this.clock(),
      })
      .execute();
  }
}
