import { describe, expect, it } from 'vitest';
import { mirrorTarget } from './mirror-path.js';
import type { MirrorTagRow } from './mirror-store.js';
import { plan, type SyncEntry } from './sync-entry.js';
import { compileTagSelector } from './tag-selector.js';

const UPSTREAM = ['10.3.9', '10.4.0', '10.4.1', '10.4.2', '11.0.0', 'latest', '10.4.3-ubuntu'];
const entry = (tags: string[], autoUpdate = false, maxTags = 1): SyncEntry => ({ target: mirrorTarget('docker.io/grafana/grafana'), selector: compileTagSelector(tags), platforms: ['linux/amd64'], autoUpdate, maxTags });
const row = (tag: string, held = 0): MirrorTagRow => ({ source: 'docker.io/grafana/grafana', tag, repository: 'quarantine/mirror/docker.io/grafana/grafana', state: 'synced', upstreamDigest: null, digest: null, origin: 'catalog', held, error: null, requestedBy: 'test', requestedAt: 0, syncedAt: 0, bytes: null, updatedAt: 0 });

describe('plan', () => {
  it('takes exact tags always and, on the first sync, the maxTags newest matches of a range', () => {
    expect(plan(entry(['>=10.4 <11', 'latest']), UPSTREAM, [])).toEqual([
      { tag: 'latest', origin: 'catalog', held: false },
      { tag: '10.4.2', origin: 'catalog', held: false },
    ]);
    expect(plan(entry(['>=10.4 <11'], false, 2), UPSTREAM, []).map((want) => want.tag)).toEqual(['10.4.2', '10.4.1']);
  });

  it('fetches newer matches after that as held candidates, unless the entry updates itself', () => {
    expect(plan(entry(['>=10.4 <11']), UPSTREAM, [row('10.4.0')])).toEqual([{ tag: '10.4.2', origin: 'advisor', held: true }]);
    expect(plan(entry(['>=10.4 <11'], true), UPSTREAM, [row('10.4.0')])).toEqual([{ tag: '10.4.2', origin: 'advisor', held: false }]);
  });

  it('wants nothing new when the pinned tag is the newest, and does not count held candidates as pinned', () => {
    expect(plan(entry(['>=10.4 <11']), UPSTREAM, [row('10.4.2')])).toEqual([]);
    expect(plan(entry(['>=10.4 <11']), UPSTREAM, [row('10.4.0'), row('10.4.2', 1)])).toEqual([{ tag: '10.4.2', origin: 'advisor', held: true }]);
  });
});
