/**
 * OCI distribution-spec conformance, workflow 3 "Content Discovery": tag
 * listing with n/last pagination and the Link header, and the referrers API
 * with referrers pushed before and after their subject, an index referrer,
 * the artifactType filter and a subject that does not exist (CHECKLIST.md §3).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { artifactContent, descriptorOfContent, imageContent, indexContent, pushContent, type Content } from '../helpers/oci-content.js';
import { expectJson, expectRegistryError, expectStatus } from '../helpers/registry-assertions.js';
import { EMPTY_JSON, EMPTY_JSON_DIGEST, OCI_INDEX, OCI_MANIFEST, sha256 } from '../helpers/registry-client.js';
import { useRegistry } from '../helpers/registry-fixture.js';
import { DATABASE_ENGINES } from '../helpers/test-database.js';

const TYPE_A = 'application/vnd.example.conformance.type-a';
const TYPE_B = 'application/vnd.example.conformance.type-b';

interface TagList {
  name: string;
  tags: string[];
}
interface ReferrersIndex {
  schemaVersion: number;
  mediaType: string;
  manifests: Array<{ mediaType: string; digest: string; size: number; artifactType?: string; annotations?: Record<string, string> }>;
}

describe.each(DATABASE_ENGINES)('OCI conformance: content discovery (%s)', (engine) => {
  const registry = useRegistry(engine);
  const name = registry.repo('discovery');
  const tags = ['test0', 'test1', 'test2', 'test3'];
  const subject = imageContent();
  const annotated = (ref: string) => ({ annotations: { 'org.example.conformance.ref': ref } });
  // Type A twice (once through config.mediaType, once through artifactType), type B three times (one an index).
  const referrers: Record<string, Content> = {
    configType: imageContent({ config: EMPTY_JSON, configMediaType: TYPE_A, layers: [randomBytes(32)], subject: descriptorOfContent(subject), ...annotated('configType') }),
    artifactType: artifactContent(TYPE_A, { subject: descriptorOfContent(subject), ...annotated('artifactType') }),
    index: indexContent([], { artifactType: TYPE_B, subject: descriptorOfContent(subject), ...annotated('index') }),
    after1: artifactContent(TYPE_B, { layers: [randomBytes(16)], subject: descriptorOfContent(subject), ...annotated('after1') }),
    after2: artifactContent(TYPE_B, { subject: descriptorOfContent(subject), ...annotated('after2') }),
  };
  const missingSubject = { mediaType: OCI_MANIFEST, digest: sha256(randomBytes(16)), size: 1234 };
  const orphan = artifactContent(TYPE_A, { subject: missingSubject, ...annotated('orphan') });
  const referrersOf = (digest: string, query = '') => registry.client.request('GET', `/v2/${name}/referrers/${digest}${query}`);

  describe('setup (part A)', () => {
    it('pushes an image under test0..test3 and the empty JSON blob with its well-known digest', async () => {
      const image = imageContent();
      for (const blob of image.blobs) await expectStatus(await registry.client.putBlob(name, blob), 201);
      for (const tag of tags) await expectStatus(await registry.client.request('PUT', `/v2/${name}/manifests/${tag}`, { headers: { 'content-type': OCI_MANIFEST }, body: image.body }), 201);
      expect(await registry.client.pushBlob(name, EMPTY_JSON)).toBe(EMPTY_JSON_DIGEST);
    });

    it('referrers pushed before their subject exists → 201 with OCI-Subject', async () => {
      for (const referrer of [referrers.configType, referrers.artifactType, referrers.index] as Content[]) {
        expect((await pushContent(registry.client, name, referrer)).headers.get('oci-subject')).toBe(subject.digest);
      }
    });

    it('the subject by tag, two more referrers after it, and a referrer of a missing subject → 201 with OCI-Subject', async () => {
      await pushContent(registry.client, name, subject, { tags: ['subject'], byTag: true });
      for (const referrer of [referrers.after1, referrers.after2] as Content[]) {
        expect((await pushContent(registry.client, name, referrer)).headers.get('oci-subject')).toBe(subject.digest);
      }
      expect((await pushContent(registry.client, name, orphan)).headers.get('oci-subject')).toBe(missingSubject.digest);
    });
  });

  describe('listing tags', () => {
    const list = (query = '') => registry.client.request('GET', `/v2/${name}/tags/list${query}`);
    const allTags = ['subject', ...tags];

    it('GET /tags/list → 200 {name, tags} in lexical order', async () => {
      const response = await list();
      expect(await expectJson<TagList>(response)).toEqual({ name, tags: allTags });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('link')).toBeNull();
    });

    it('?n=<k> → exactly k tags and a Link header to the next page', async () => {
      const response = await list('?n=2');
      expect(await expectJson<TagList>(response)).toEqual({ name, tags: ['subject', 'test0'] });
      expect(response.headers.get('link')).toBe(`</v2/${name}/tags/list?n=2&last=test0>; rel="next"`);
    });

    it('?n=<k>&last=<tag> → at most k tags after last; following Link pages visits every tag once', async () => {
      expect((await expectJson<TagList>(await list('?n=2&last=test1'))).tags).toEqual(['test2', 'test3']);
      const seen: string[] = [];
      let next: string | null = `/v2/${name}/tags/list?n=1`;
      while (next) {
        const response = await registry.client.request('GET', next);
        seen.push(...(await expectJson<TagList>(response)).tags);
        next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1] ?? null;
      }
      expect(seen).toEqual(allTags);
    });

    it('?last=<middle tag> → none of the tags up to last, all of those after it (part B)', async () => {
      expect((await expectJson<TagList>(await list('?last=test1'))).tags).toEqual(['test2', 'test3']);
      expect((await expectJson<TagList>(await list('?last=subject'))).tags).toEqual(tags);
      expect((await expectJson<TagList>(await list('?last=t'))).tags).toEqual(tags);
      expect((await expectJson<TagList>(await list('?last=test3'))).tags).toEqual([]);
      expect((await expectJson<TagList>(await list('?n=0'))).tags).toEqual([]);
    });

    it('empty repository: a name never pushed → 404 NAME_UNKNOWN; a repository without tags → 200 with no tags (part B)', async () => {
      await expectRegistryError(await registry.client.request('GET', `/v2/${registry.repo('never-pushed')}/tags/list`), 404, 'NAME_UNKNOWN');
      const blobsOnly = registry.repo('blobs-only');
      await registry.client.pushBlob(blobsOnly, randomBytes(10));
      expect(await expectJson<TagList>(await registry.client.request('GET', `/v2/${blobsOnly}/tags/list`))).toEqual({ name: blobsOnly, tags: [] });
    });
  });

  describe('listing referrers', () => {
    async function expectIndex(response: Response): Promise<ReferrersIndex> {
      const index = await expectJson<ReferrersIndex>(response);
      expect(response.headers.get('content-type')).toBe(OCI_INDEX);
      expect(index.schemaVersion).toBe(2);
      expect(index.mediaType).toBe(OCI_INDEX);
      return index;
    }

    it('a digest never pushed → 200, an empty OCI index (also in a repository that does not exist)', async () => {
      expect((await expectIndex(await referrersOf(sha256(randomBytes(8))))).manifests).toEqual([]);
      const empty = await registry.client.request('GET', `/v2/${registry.repo('empty')}/referrers/${sha256(randomBytes(8))}`);
      expect((await expectIndex(empty)).manifests).toEqual([]);
    });

    it('the subject → 5 distinct descriptors with digest, mediaType, size, artifactType and exactly their annotation', async () => {
      const index = await expectIndex(await referrersOf(subject.digest));
      expect(index.manifests).toHaveLength(5);
      expect(new Set(index.manifests.map((m) => m.digest)).size).toBe(5);
      for (const [ref, content] of Object.entries(referrers)) {
        const descriptor = index.manifests.find((m) => m.digest === content.digest);
        expect(descriptor, ref).toEqual({
          mediaType: content.mediaType,
          digest: content.digest,
          size: content.body.length,
          artifactType: ref === 'configType' ? TYPE_A : content.artifactType,
          annotations: { 'org.example.conformance.ref': ref },
        });
      }
    });

    it.each([
      [TYPE_A, ['configType', 'artifactType']],
      [TYPE_B, ['index', 'after1', 'after2']],
      ['application/vnd.example.none', []],
    ])('?artifactType=%s → OCI-Filters-Applied: artifactType and only matching referrers', async (type, expected) => {
      const response = await referrersOf(subject.digest, `?artifactType=${encodeURIComponent(type)}`);
      const index = await expectIndex(response);
      expect(response.headers.get('oci-filters-applied')).toBe('artifactType');
      expect(index.manifests.map((m) => m.digest).sort()).toEqual(expected.map((ref) => referrers[ref]?.digest).sort());
    });

    it('a subject that does not exist → 200 with exactly the one referrer pushed for it', async () => {
      const index = await expectIndex(await referrersOf(missingSubject.digest));
      expect(index.manifests).toEqual([{ mediaType: OCI_MANIFEST, digest: orphan.digest, size: orphan.body.length, artifactType: TYPE_A, annotations: { 'org.example.conformance.ref': 'orphan' } }]);
    });

    it('a malformed subject digest → 400 DIGEST_INVALID', async () => {
      await expectRegistryError(await referrersOf('sha256:nothex'), 400, 'DIGEST_INVALID');
    });
  });
});
