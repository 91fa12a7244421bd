/** zod pieces several rule kinds share. */
import { z } from 'zod';
import { POLICY_SEVERITIES } from '../severity.js';
import { parseVersionRange, type VersionRange } from '../version-range.js';

export const thresholdSchema = z.enum(POLICY_SEVERITIES);

/** A range expression, parsed when the document is read so a bad range is reported with its line. */
export const versionRangeSchema = z.string().transform((text, context): VersionRange => {
  const parsed = parseVersionRange(text);
  if (parsed.ok) return parsed.range;
  context.addIssue({ code: 'custom', message: parsed.message });
  return z.NEVER;
});

export const nameListSchema = z.array(z.string().trim().min(1)).min(1);
