/**
 * OSV 1.6 records (https://ossf.github.io/osv-schema/) as zod schemas, with the
 * types matching reads. Unknown fields are ignored (newer schema versions add
 * some); `null` is accepted wherever a field is optional (osv.dev writes
 * `"versions": null`). Output uses camelCase; the raw record is kept separately.
 */
import { z } from 'zod';
import { isTimestamp } from './osv-timestamp.js';

const text = z.string();
const optionalText = text.nullish().transform((value) => value ?? undefined);
const textList = z.array(text).nullish().transform((value) => value ?? []);
const object = z.record(z.string(), z.unknown());
const optionalObject = object.nullish().transform((value) => value ?? undefined);
const timestamp = text.refine(isTimestamp, { message: 'expected an RFC 3339 timestamp such as 2024-01-31T12:00:00Z' });
const list = <T extends z.ZodType>(item: T) => z.array(item).nullish().transform((value): z.output<T>[] => value ?? []);

export const SEVERITY_TYPES = ['CVSS_V2', 'CVSS_V3', 'CVSS_V4', 'Ubuntu'] as const;
export const RANGE_TYPES = ['ECOSYSTEM', 'SEMVER', 'GIT'] as const;
export const EVENT_KINDS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

export const osvSeveritySchema = z.object({ type: z.enum(SEVERITY_TYPES), score: text });

/** One event: exactly one of introduced, fixed, last_affected, limit (OSV "Requirements"). */
export const osvEventSchema = z
  .object({ introduced: text.optional(), fixed: text.optional(), last_affected: text.optional(), limit: text.optional() })
  .transform((event, context) => {
    const present = EVENT_KINDS.filter((kind) => event[kind] !== undefined);
    if (present.length !== 1) {
      context.addIssue({ code: 'custom', message: `an event needs exactly one of ${EVENT_KINDS.join(', ')}` });
      return z.NEVER;
    }
    const kind = present[0] as OsvEventKind;
    return { kind, version: event[kind] as string };
  });

export const osvRangeSchema = z
  .object({ type: z.enum(RANGE_TYPES), repo: optionalText, events: z.array(osvEventSchema).min(1), database_specific: optionalObject })
  .transform(({ database_specific, ...range }) => ({ ...range, databaseSpecific: database_specific }));

export const osvPackageSchema = z.object({ ecosystem: text.min(1), name: text.min(1), purl: optionalText });

export const osvAffectedSchema = z
  .object({
    package: osvPackageSchema.nullish().transform((value) => value ?? undefined),
    severity: list(osvSeveritySchema),
    ranges: list(osvRangeSchema),
    versions: textList,
    ecosystem_specific: optionalObject,
    database_specific: optionalObject,
  })
  .transform(({ ecosystem_specific, database_specific, ...affected }) => ({
    ...affected,
    ecosystemSpecific: ecosystem_specific,
    databaseSpecific: database_specific,
  }));

export const osvReferenceSchema = z.object({ type: text, url: text });
export const osvCreditSchema = z.object({ name: text, contact: textList, type: optionalText });

export const osvRecordSchema = z
  .object({
    schema_version: optionalText,
    id: text.min(1),
    modified: timestamp,
    published: optionalText,
    withdrawn: optionalText,
    aliases: textList,
    upstream: textList,
    related: textList,
    summary: optionalText,
    details: optionalText,
    severity: list(osvSeveritySchema),
    affected: list(osvAffectedSchema),
    references: list(osvReferenceSchema),
    credits: list(osvCreditSchema),
    database_specific: optionalObject,
  })
  .transform(({ schema_version, database_specific, ...record }) => ({ ...record, schemaVersion: schema_version, databaseSpecific: database_specific }));

export type OsvEventKind = (typeof EVENT_KINDS)[number];
export type OsvSeverityType = (typeof SEVERITY_TYPES)[number];
export type OsvRangeType = (typeof RANGE_TYPES)[number];
export type OsvSeverity = z.output<typeof osvSeveritySchema>;
export type OsvEvent = z.output<typeof osvEventSchema>;
export type OsvRange = z.output<typeof osvRangeSchema>;
export type OsvPackage = z.output<typeof osvPackageSchema>;
export type OsvAffected = z.output<typeof osvAffectedSchema>;
export type OsvRecord = z.output<typeof osvRecordSchema>;
