import { describe, expect, it } from 'vitest';
import { DIGEST_A, DIGEST_B, DIGEST_C, DIGEST_D, NOW, feedImage, loadedSet } from './admission-harness.js';
import { ApprovedSet } from './approved-set.js';

describe('ApprovedSet', () => {
  it('finds images by digest, by approved tag, and by quarantine tag as a last resort', () => {
    const set = loadedSet();
    expect(set.lookup({ repository: 'acme/api', tag: '1.0' })).toMatchObject({ via: 'tag', image: { digest: DIGEST_A, state: 'approved' } });
    expect(set.lookup({ repository: 'acme/api', digest: DIGEST_C })).toMatchObject({ via: 'digest', image: { state: 'revoked' } });
    expect(set.lookup({ repository: 'acme/api', tag: '2.0' })).toMatchObject({ via: 'quarantine-tag', image: { digest: DIGEST_B, state: 'rejected' } });
    expect(set.lookup({ repository: 'quarantine/acme/api', tag: '2.0' })).toMatchObject({ via: 'tag', image: { digest: DIGEST_B } });
    expect(set.lookup({ repository: 'quarantine/acme/api', digest: DIGEST_A })).toMatchObject({ via: 'digest', image: { state: 'approved' } });
    expect(set.lookup({ repository: 'acme/web' })).toMatchObject({ via: 'tag', image: { state: 'at-risk' } });
    expect(set.lookup({ repository: 'acme/api', tag: '9' })).toBeUndefined();
    expect(set.lookup({ repository: 'acme/other', digest: DIGEST_A })).toBeUndefined();
  });

  it('applies changes idempotently, moving tags with their image', () => {
    const set = loadedSet();
    const approvedAgain = feedImage({ repository: 'acme/api', digest: DIGEST_B, state: 'approved', tags: ['2.0'], quarantineTags: ['2.0'] });
    set.apply([approvedAgain, approvedAgain], 'cursor-2', NOW + 1000);
    expect(set.lookup({ repository: 'acme/api', tag: '2.0' })).toMatchObject({ via: 'tag', image: { digest: DIGEST_B, state: 'approved' } });
    expect(set.cursor).toBe('cursor-2');
    expect(set.lastSyncAt).toBe(NOW + 1000);

    // A quarantine tag re-pushed onto a newer image moves with it; the older image keeps its other tags.
    set.apply([feedImage({ repository: 'acme/api', digest: DIGEST_D, state: 'rejected', quarantineTags: ['3.0', '1.0'] })], 'cursor-3', NOW + 2000);
    expect(set.lookup({ repository: 'quarantine/acme/api', tag: '1.0' })).toMatchObject({ image: { digest: DIGEST_D } });
    expect(set.lookup({ repository: 'acme/api', tag: '1.0' })).toMatchObject({ via: 'tag', image: { digest: DIGEST_A } });

    // An image that loses a tag no longer answers for it.
    set.apply([feedImage({ repository: 'acme/api', digest: DIGEST_A, state: 'approved', tags: [], quarantineTags: [] })], 'cursor-4', NOW + 3000);
    expect(set.lookup({ repository: 'acme/api', tag: '1.0' })).toMatchObject({ via: 'quarantine-tag', image: { digest: DIGEST_D } });
    expect(set.size).toBe(6);
  });

  it('judges a pinned platform image of a multi-platform index as the index, following its state', () => {
    const set = loadedSet();
    const index = feedImage({ repository: 'acme/multi', digest: DIGEST_A, state: 'approved', tags: ['1'], platformDigests: [DIGEST_B, DIGEST_C] });
    set.apply([index], 'c1', NOW);
    expect(set.lookup({ repository: 'acme/multi', digest: DIGEST_C })).toMatchObject({ via: 'digest', image: { digest: DIGEST_A, state: 'approved' } });
    expect(set.lookup({ repository: 'quarantine/acme/multi', digest: DIGEST_B })).toMatchObject({ image: { digest: DIGEST_A } });
    expect(set.lookup({ repository: 'acme/other', digest: DIGEST_B })).toBeUndefined();
    set.apply([{ ...index, state: 'revoked', platformDigests: [DIGEST_B] }], 'c2', NOW + 1);
    expect(set.lookup({ repository: 'acme/multi', digest: DIGEST_B })).toMatchObject({ image: { state: 'revoked' } });
    expect(set.lookup({ repository: 'acme/multi', digest: DIGEST_C })).toBeUndefined();
  });

  it('replaces everything with a snapshot', () => {
    const set = loadedSet();
    set.replace([feedImage({ repository: 'acme/api', digest: DIGEST_A, state: 'revoked', tags: ['1.0'] })], 'c', NOW);
    expect(set.size).toBe(1);
    expect(set.lookup({ repository: 'acme/api', tag: '1.0' })).toMatchObject({ image: { state: 'revoked' } });
    expect(set.lookup({ repository: 'acme/api', digest: DIGEST_B })).toBeUndefined();
  });

  it('is empty until the first sync, then fresh until the staleness limit', () => {
    const set = new ApprovedSet();
    expect(set.freshness(NOW, 60_000)).toEqual({ state: 'empty' });
    set.replace([], 'c', NOW);
    expect(set.freshness(NOW + 60_000, 60_000)).toEqual({ state: 'fresh', ageMs: 60_000 });
    expect(set.freshness(NOW + 60_001, 60_000)).toEqual({ state: 'stale', ageMs: 60_001 });
    set.markSynced('d', NOW + 60_001);
    expect(set.freshness(NOW + 60_001, 60_000).state).toBe('fresh');
  });
});
