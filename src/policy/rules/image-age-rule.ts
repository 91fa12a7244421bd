/**
 * `imageAge: 90d` — images built longer ago than that are violations, so base
 * images are rebuilt with current packages. The age comes from the image
 * config's `created`; an image without one (reproducible builds often zero it)
 * is skipped with a message rather than judged.
 */
import { z } from 'zod';
import { DURATION_HELP, parseDuration } from '../../config/index.js';
import { defineRuleKind } from './rule-kind.js';

const DAY_MS = 86_400_000;
/** Reproducible builds set `created` to the epoch (SOURCE_DATE_EPOCH=0): that is "unknown", not 55 years old. */
const EPOCH_TEXT = /^1970-01-01T00:00:00(\.0+)?Z$/;

const durationSchema = z.string().transform((text, context) => {
  const ms = parseDuration(text);
  if (ms !== undefined && ms > 0) return { text: text.trim(), ms };
  context.addIssue({ code: 'custom', message: `expected ${DURATION_HELP}, greater than zero` });
  return z.NEVER;
});

const schema = z.strictObject({ imageAge: durationSchema });

export const imageAgeRule = defineRuleKind({
  name: 'imageAge',
  keys: ['imageAge'],
  schema,
  evaluate(spec, subject) {
    const created = subject.input.image.created;
    if (created === undefined || created.trim() === '' || EPOCH_TEXT.test(created.trim())) {
      return { status: 'skip', message: 'the image does not record when it was built (no created time in its config)' };
    }
    const createdMs = Date.parse(created);
    if (Number.isNaN(createdMs)) return { status: 'skip', message: `the image's created time "${created}" is not a date` };
    const age = subject.now - createdMs;
    if (age <= spec.imageAge.ms) return { status: 'evaluated', violations: [] };
    const days = Math.floor(age / DAY_MS);
    return {
      status: 'evaluated',
      violations: [
        {
          message: `the image was built ${days} day${days === 1 ? '' : 's'} ago (${new Date(createdMs).toISOString()}); the policy allows at most ${spec.imageAge.text}: rebuild it on a current base image`,
        },
      ],
    };
  },
});
