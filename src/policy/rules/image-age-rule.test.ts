import { describe, expect, it } from 'vitest';
import { DAY, NOW, image, input, judge } from '../evaluation-harness.js';

const rule = '    - {id: fresh, deny: {imageAge: 90d}}\n';
const built = (created: string | undefined) => input({ image: image(created === undefined ? { created: undefined } : { created }) });

describe('imageAge rule', () => {
  it('passes an image younger than the limit, up to the limit itself', () => {
    expect(judge(rule, built(new Date(NOW - 30 * DAY).toISOString())).outcome).toBe('pass');
    expect(judge(rule, built(new Date(NOW - 90 * DAY).toISOString())).outcome).toBe('pass');
  });

  it('fails an older image and says how old it is', () => {
    const evaluation = judge(rule, built(new Date(NOW - 90 * DAY - 1).toISOString()));
    expect(evaluation.outcome).toBe('fail');
    expect(evaluation.reasons[0]?.message).toBe(
      'the image was built 90 days ago (2024-12-01T11:59:59.999Z); the policy allows at most 90d: rebuild it on a current base image',
    );
  });

  it.each([
    [undefined, 'the image does not record when it was built (no created time in its config)'],
    ['', 'the image does not record when it was built (no created time in its config)'],
    ['1970-01-01T00:00:00Z', 'the image does not record when it was built (no created time in its config)'],
    ['last tuesday', 'the image\'s created time "last tuesday" is not a date'],
  ])('skips an image created %j', (created, message) => {
    const evaluation = judge(rule, built(created));
    expect(evaluation.results[0]).toMatchObject({ status: 'skip', message, violations: [] });
    expect(evaluation.outcome).toBe('pass');
  });
});
