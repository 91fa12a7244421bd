/** Every migration, in order. Names sort lexically; never rename or edit a released one. */
import type { Migration } from 'kysely';
import type { SqlDialectName } from '../dialect-name.js';
import { foundation } from './0001-foundation.js';
import { vulnerabilityDb } from './0002-vulnerability-db.js';
import { scanCache } from './0003-scan-cache.js';
import { auditLogMigration } from './0004-audit-log.js';
import { eventsMigration } from './0005-events.js';
import { governanceMigration } from './0006-governance.js';
import { gateMigration } from './0007-gate.js';
import { reportsMigration } from './0008-reports.js';
import { admissionFeedMigration } from './0009-admission-feed.js';
import { mirrorMigration } from './0010-mirror.js';
import { dashboardMigration } from './0011-dashboard.js';

export function migrationsFor(dialect: SqlDialectName): Record<string, Migration> {
  return {
    '0001-foundation': foundation(dialect),
    '0002-vulnerability-db': vulnerabilityDb(),
    '0003-scan-cache': scanCache(dialect),
    '0004-audit-log': auditLogMigration(dialect),
    '0005-events': eventsMigration(dialect),
    '0006-governance': governanceMigration(dialect),
    '0007-gate': gateMigration(dialect),
    '0008-reports': reportsMigration(),
    '0009-admission-feed': admissionFeedMigration(),
    '0010-mirror': mirrorMigration(),
    '0011-dashboard': dashboardMigration(),
  };
}
