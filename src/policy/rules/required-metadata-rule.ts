/**
 * `require: {labels: [...], annotations: [...]}` — image config labels and
 * manifest annotations that must be present with a non-blank value (e.g.
 * `org.opencontainers.image.source`, so a finding can be traced to its code).
 */
import { z } from 'zod';
import type { Violation } from '../evaluation.js';
import { nameListSchema } from './condition-schemas.js';
import { defineRuleKind } from './rule-kind.js';

const schema = z.strictObject({
  require: z
    .strictObject({ labels: nameListSchema.optional(), annotations: nameListSchema.optional() })
    .refine((value) => value.labels !== undefined || value.annotations !== undefined, { message: 'name labels, annotations or both' }),
});

const present = (values: Readonly<Record<string, string>>, key: string) => Object.prototype.hasOwnProperty.call(values, key) && (values[key] ?? '').trim() !== '';

export const requiredMetadataRule = defineRuleKind({
  name: 'require',
  keys: ['require'],
  schema,
  evaluate(spec, subject) {
    const { labels, annotations } = subject.input.image;
    const violations: Violation[] = [
      ...(spec.require.labels ?? [])
        .filter((key) => !present(labels, key))
        .map((key) => ({ message: `label ${key} is missing or empty: add \`LABEL ${key}=…\` to the Dockerfile (or --label to the build)` })),
      ...(spec.require.annotations ?? [])
        .filter((key) => !present(annotations, key))
        .map((key) => ({ message: `annotation ${key} is missing or empty: add it to the image manifest (docker buildx build --annotation "${key}=…")` })),
    ];
    return { status: 'evaluated', violations };
  },
});
