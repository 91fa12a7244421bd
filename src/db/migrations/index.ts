/** Every migration, in order. Names sort lexically; never rename or edit a released one. */
import type { Migration } from 'kysely';
import type { SqlDialectName } from '../dialect-name.js';
import { foundation } from './0001-foundation.js';
import { vulnerabilityDb } from './0002-vulnerability-db.js';
import { scanCache } from './0003-scan-cache.js';

export function migrationsFor(dialect: SqlDialectName): Record<string, Migration> {
  return {
    '0001-foundation': foundation(dialect),
    '0002-vulnerability-db': vulnerabilityDb(),
    '0003-scan-cache': scanCache(dialect),
  };
}
