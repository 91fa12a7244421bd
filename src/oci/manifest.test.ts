import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { digestOf } from './digest.js';
import { OciError } from './errors.js';
import { parseManifest } from './manifest.js';
import { MediaType } from './media-types.js';
import { thrown } from '../../test/helpers/thrown.js';

/** Real manifests; fixtures/SOURCE.md says how each one was produced. */
function fixture(name: string): Buffer {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}
const ociDebian = fixture('oci-manifest-debian.json');
const ociGoapp = fixture('oci-manifest-goapp.json');
const ociConfig = fixture('oci-config-debian.json');
const ociIndex = fixture('oci-index.json');
const dockerDebian = fixture('docker-manifest-debian.json');
const dockerList = fixture('docker-manifest-list.json');
const dockerSchema1 = fixture('docker-schema1-debian.json');
const orasArtifact = fixture('oras-artifact-manifest.json');
const orasSignature = fixture('oras-signature-manifest.json');

const DEBIAN_LAYER = 'sha256:fe2c493b08cb0cad69d16fcaf33d2e2a7eef4adeea4966298cb13255dfffeb8a';
const DEBIAN_CONFIG = 'sha256:9fee98a808f6f38cd26a98ab40ccf8a041636eac951a23433d75faf083ea4132';

type Json = Record<string, any>;
const json = (content: Buffer): Json => JSON.parse(content.toString('utf8')) as Json;
const bytes = (document: unknown): Buffer => Buffer.from(JSON.stringify(document));
/** A copy of a fixture with one change applied. */
function edited(content: Buffer, change: (document: Json) => void): Buffer {
  const document = json(content);
  change(document);
  return bytes(document);
}

function refusal(content: Uint8Array, contentType?: string): OciError {
  return thrown(OciError, () => parseManifest(content, contentType), 'parseManifest');
}

describe('fixtures', () => {
  it('are the exact bytes their digests name', () => {
    expect(digestOf(ociConfig)).toBe(DEBIAN_CONFIG);
    expect(digestOf(ociDebian)).toBe('sha256:0a752c49ec395a4cc8f7d97a4503c44c1f7e1d625b9ba62c02d0471536a4fa8c');
    expect(digestOf(ociGoapp)).toBe('sha256:4d6ebfe4d798b921916b57b87ef7d60fe11704bda178e71a8674689dd0ee3f1b');
    expect(digestOf(orasArtifact)).toBe('sha256:314c7f20dd44ee1cca06af399a67f7c463a9f586830d630802d9e365933da9fb');
    expect(digestOf(orasSignature)).toBe('sha256:e5727bebbcbbd9996446c34622ca96af67a54219edd58d261112f1af06e2537c');
  });
});

describe('OCI image manifest (umoci, no mediaType field)', () => {
  it('takes its type from Content-Type and lists config and layer as required blobs', () => {
    const parsed = parseManifest(ociDebian, MediaType.ociManifest);
    expect(parsed).toEqual({
      mediaType: MediaType.ociManifest,
      kind: 'image',
      artifactType: MediaType.ociConfig,
      subject: undefined,
      annotations: undefined,
      blobs: [
        { mediaType: MediaType.ociConfig, digest: DEBIAN_CONFIG, size: 292 },
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: DEBIAN_LAYER, size: 95110423 },
      ],
      manifests: [],
    });
  });

  it.each([undefined, '', 'application/json', 'application/octet-stream', 'text/plain'])('infers the OCI manifest type when Content-Type is %j', (contentType) => {
    const parsed = parseManifest(ociDebian, contentType);
    expect(parsed.mediaType).toBe(MediaType.ociManifest);
    expect(parsed.blobs.map((blob) => blob.digest)).toEqual([DEBIAN_CONFIG, DEBIAN_LAYER]);
  });

  it('keeps layer order (base layer first)', () => {
    const parsed = parseManifest(ociGoapp, MediaType.ociManifest);
    expect(parsed.blobs.map((blob) => blob.digest)).toEqual([
      'sha256:62f7bd878ded6efdc556c460c57ee7cc9e3e95eaa214146962e62883c9958650',
      DEBIAN_LAYER,
      'sha256:a4d92ea7acc8f37d12e45923cdfd1510fda31426db34db5818c245d7b6165a57',
    ]);
  });

  it('accepts its own mediaType in the body, with or without a matching Content-Type', () => {
    const typed = edited(ociDebian, (m) => (m.mediaType = MediaType.ociManifest));
    expect(parseManifest(typed, undefined).mediaType).toBe(MediaType.ociManifest);
    expect(parseManifest(typed, MediaType.ociManifest).mediaType).toBe(MediaType.ociManifest);
  });
});

describe('Docker v2 schema 2 (skopeo --format v2s2)', () => {
  it('parses the manifest with its Docker config and layer types', () => {
    const parsed = parseManifest(dockerDebian, MediaType.dockerManifest);
    expect(parsed.mediaType).toBe(MediaType.dockerManifest);
    expect(parsed.kind).toBe('image');
    expect(parsed.artifactType).toBe('application/vnd.docker.container.image.v1+json');
    expect(parsed.blobs).toEqual([
      { mediaType: 'application/vnd.docker.container.image.v1+json', size: 292, digest: DEBIAN_CONFIG },
      { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 95110423, digest: DEBIAN_LAYER },
    ]);
  });

  it('takes the type from the body when Content-Type is absent', () => {
    expect(parseManifest(dockerDebian, undefined).mediaType).toBe(MediaType.dockerManifest);
  });

  it('refuses "subject" and "artifactType", which only OCI manifests carry', () => {
    const subject = { mediaType: MediaType.dockerManifest, digest: digestOf(dockerDebian), size: dockerDebian.length };
    const withSubject = refusal(edited(dockerDebian, (m) => (m.subject = subject)), MediaType.dockerManifest);
    expect(withSubject.code).toBe('MANIFEST_INVALID');
    expect(withSubject.message).toContain('use an OCI manifest');
    expect(refusal(edited(dockerDebian, (m) => (m.artifactType = 'application/vnd.example+type'))).code).toBe('MANIFEST_INVALID');
  });
});

describe('image index and manifest list (skopeo --all)', () => {
  it('parses an OCI index: no blobs, the listed manifests with their platforms', () => {
    const parsed = parseManifest(ociIndex, MediaType.ociIndex);
    expect(parsed.kind).toBe('index');
    expect(parsed.mediaType).toBe(MediaType.ociIndex);
    expect(parsed.blobs).toEqual([]);
    expect(parsed.artifactType).toBeUndefined();
    expect(parsed.manifests).toEqual([
      { mediaType: MediaType.ociManifest, digest: digestOf(ociDebian), size: ociDebian.length, platform: { architecture: 'amd64', os: 'linux' } },
      { mediaType: MediaType.ociManifest, digest: digestOf(ociGoapp), size: ociGoapp.length, platform: { architecture: 'arm64', os: 'linux', variant: 'v8' } },
    ]);
  });

  it('parses a Docker manifest list whose first entry is the v2s2 fixture', () => {
    const parsed = parseManifest(dockerList, undefined);
    expect(parsed.kind).toBe('index');
    expect(parsed.mediaType).toBe(MediaType.dockerManifestList);
    expect(parsed.manifests).toHaveLength(2);
    expect(parsed.manifests[0]).toMatchObject({ mediaType: MediaType.dockerManifest, digest: digestOf(dockerDebian), size: dockerDebian.length });
    expect(parsed.manifests[1]?.digest).toBe('sha256:cad5e69b9ac05fbe4103283cc335b9eee7018226470bc8cdd9fb26974eec149b');
  });

  it('infers an OCI index from a "manifests" array when no type is given', () => {
    const untyped = edited(ociIndex, (m) => delete m.mediaType);
    expect(parseManifest(untyped, undefined).mediaType).toBe(MediaType.ociIndex);
    expect(parseManifest(untyped, 'application/json').kind).toBe('index');
  });

  it('lets a specific Content-Type name an untyped list', () => {
    const untyped = edited(dockerList, (m) => delete m.mediaType);
    expect(parseManifest(untyped, MediaType.dockerManifestList).mediaType).toBe(MediaType.dockerManifestList);
  });

  it('accepts an empty index', () => {
    expect(parseManifest(bytes({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] }), undefined).manifests).toEqual([]);
  });
});

describe('artifacts (ORAS documentation)', () => {
  it('uses artifactType, and requires the empty config and both layers', () => {
    const parsed = parseManifest(orasArtifact, MediaType.ociManifest);
    expect(parsed.kind).toBe('image');
    expect(parsed.artifactType).toBe('application/vnd.example+type');
    expect(parsed.annotations).toEqual({ 'org.opencontainers.image.created': '2025-01-23T10:57:27Z' });
    expect(parsed.blobs.map((blob) => [blob.mediaType, blob.digest, blob.size])).toEqual([
      [MediaType.ociEmpty, digestOf('{}'), 2],
      ['application/vnd.custom.type', digestOf('foo\n'), 4],
      ['application/vnd.custom.type', 'sha256:7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730', 4],
    ]);
    expect(parsed.blobs[0]?.data).toBe('e30=');
  });

  it('reports the subject of a signature, which names the artifact manifest', () => {
    const parsed = parseManifest(orasSignature, MediaType.ociManifest);
    expect(parsed.subject).toEqual({ mediaType: MediaType.ociManifest, digest: digestOf(orasArtifact), size: orasArtifact.length });
    expect(parsed.artifactType).toBe('application/vnd.cncf.notary.signature');
    expect(parsed.blobs.map((blob) => blob.digest)).toEqual([
      digestOf('{}'),
      'sha256:37f88486592fd90ace303ee38f8d1ff698193e76c76d3c1fef8627a39e677696',
    ]);
  });

  it('reports artifactType and subject of an index', () => {
    const subject = { mediaType: MediaType.ociManifest, digest: digestOf(ociDebian), size: ociDebian.length };
    const parsed = parseManifest(
      edited(ociIndex, (m) => Object.assign(m, { artifactType: 'application/vnd.example.sbom', subject })),
      undefined,
    );
    expect(parsed.artifactType).toBe('application/vnd.example.sbom');
    expect(parsed.subject).toEqual(subject);
  });

  it('refuses an artifactType that is not a media type', () => {
    const error = refusal(edited(orasArtifact, (m) => (m.artifactType = 'not a media type')));
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.message).toMatch(/^artifactType:/);
  });
});

describe('embedded data', () => {
  it('refuses data that does not match the digest', () => {
    const error = refusal(edited(orasArtifact, (m) => (m.config.data = Buffer.from('{ }').toString('base64'))));
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.message).toBe('config.data: embedded data does not match the descriptor digest and size');
  });

  it('refuses data whose length differs from size', () => {
    const error = refusal(edited(orasArtifact, (m) => (m.config.size = 3)));
    expect(error.message).toContain('config.data');
  });

  it('checks data on layers too', () => {
    const valid = edited(orasArtifact, (m) => (m.layers[0].data = Buffer.from('foo\n').toString('base64')));
    expect(parseManifest(valid, undefined).blobs[1]?.data).toBe('Zm9vCg==');
    const error = refusal(edited(orasArtifact, (m) => (m.layers[0].data = Buffer.from('bar\n').toString('base64'))));
    expect(error.message).toMatch(/^layers\.0\.data:/);
  });

  it('checks a sha512 descriptor against sha512', () => {
    const good = edited(orasArtifact, (m) => (m.config.digest = digestOf('{}', 'sha512')));
    expect(parseManifest(good, undefined).blobs[0]?.digest).toBe(digestOf('{}', 'sha512'));
  });
});

describe('non-distributable layers', () => {
  const foreign = {
    mediaType: MediaType.dockerForeignLayer,
    size: 1,
    digest: digestOf('windows base'),
    urls: ['https://mcr.microsoft.com/v2/windows/servercore/blobs/x'],
  };

  it('are not required blobs (Docker foreign layer)', () => {
    const parsed = parseManifest(edited(dockerDebian, (m) => m.layers.unshift(foreign)), undefined);
    expect(parsed.blobs.map((blob) => blob.digest)).toEqual([DEBIAN_CONFIG, DEBIAN_LAYER]);
  });

  it.each(['application/vnd.oci.image.layer.nondistributable.v1.tar', 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip', 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd'])(
    'are not required blobs (%s)',
    (mediaType) => {
      const parsed = parseManifest(edited(ociDebian, (m) => m.layers.push({ ...foreign, mediaType })), MediaType.ociManifest);
      expect(parsed.blobs.map((blob) => blob.digest)).toEqual([DEBIAN_CONFIG, DEBIAN_LAYER]);
    },
  );
});

describe('media type resolution', () => {
  it('refuses a body mediaType that contradicts a specific Content-Type', () => {
    const error = refusal(dockerDebian, MediaType.ociManifest);
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.message).toBe(`manifest mediaType "${MediaType.dockerManifest}" does not match Content-Type "${MediaType.ociManifest}"`);
    expect(refusal(ociIndex, MediaType.dockerManifestList).code).toBe('MANIFEST_INVALID');
  });

  it('refuses a body declared as an index that has the shape of a manifest', () => {
    const error = refusal(edited(ociDebian, (m) => (m.mediaType = MediaType.ociIndex)));
    expect(error.message).toMatch(/^manifests:/);
  });

  it('refuses a non-string mediaType', () => {
    expect(refusal(edited(ociDebian, (m) => (m.mediaType = 2))).message).toBe('manifest field "mediaType" must be a non-empty string');
  });

  it('refuses an empty mediaType instead of ignoring it', () => {
    expect(refusal(edited(ociDebian, (m) => (m.mediaType = ''))).code).toBe('MANIFEST_INVALID');
    expect(refusal(edited(ociDebian, (m) => (m.mediaType = '')), MediaType.dockerManifest).code).toBe('MANIFEST_INVALID');
  });

  it('refuses an unknown manifest type and lists the supported ones', () => {
    const error = refusal(edited(ociDebian, (m) => (m.mediaType = 'application/vnd.example.manifest+json')));
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.message).toContain('application/vnd.example.manifest+json');
    expect(error.detail).toEqual({ supported: [MediaType.ociManifest, MediaType.ociIndex, MediaType.dockerManifest, MediaType.dockerManifestList] });
  });

  it('refuses a document with neither mediaType, config nor manifests', () => {
    const error = refusal(bytes({ schemaVersion: 2, layers: [] }), 'application/json');
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.message).toBe('cannot tell the manifest type: set "mediaType" or Content-Type');
  });

  it('refuses an image config pushed as a manifest (its "config" key makes it look like one)', () => {
    const error = refusal(ociConfig);
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.message).toMatch(/^schemaVersion:/);
  });
});

describe('Docker schema 1 (skopeo --format v2s1)', () => {
  it.each([undefined, 'application/json', MediaType.dockerSchema1, MediaType.dockerSchema1Signed])('is MANIFEST_INVALID (400), as in CNCF distribution, with Content-Type %j', (contentType) => {
    const error = refusal(dockerSchema1, contentType);
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.status).toBe(400);
    expect(error.message).toContain('schema 1');
  });
});

describe('malformed documents are MANIFEST_INVALID', () => {
  it.each([
    ['empty body', ''],
    ['truncated JSON', ociDebian.toString('utf8').slice(0, 100)],
    ['trailing garbage', `${ociDebian.toString('utf8')}x`],
  ])('%s: not JSON', (_label, text) => {
    const error = refusal(Buffer.from(text), MediaType.ociManifest);
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.message).toMatch(/^manifest is not valid JSON/);
  });

  it.each(['null', '[]', `[${ociDebian.toString('utf8')}]`, '"manifest"', '2', 'true'])('%s: not an object', (text) => {
    const error = refusal(Buffer.from(text), MediaType.ociManifest);
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.message).toBe('manifest must be a JSON object');
  });

  it.each<[string, (m: Json) => void]>([
    ['schemaVersion 1 declared as OCI', (m) => (m.schemaVersion = 1)],
    ['schemaVersion 3', (m) => (m.schemaVersion = 3)],
    ['schemaVersion "2"', (m) => (m.schemaVersion = '2')],
    ['no schemaVersion', (m) => delete m.schemaVersion],
  ])('%s', (_label, change) => {
    const error = refusal(edited(ociDebian, change), MediaType.ociManifest);
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.message).toMatch(/^schemaVersion:/);
  });

  it.each<[string, (m: Json) => void, RegExp]>([
    ['no config', (m) => delete m.config, /^config:/],
    ['no layers', (m) => delete m.layers, /^layers:/],
    ['layers not an array', (m) => (m.layers = {}), /^layers:/],
    ['short digest', (m) => (m.layers[0].digest = 'sha256:abc'), /^layers\.0\.digest: must be a sha256 or sha512 digest/],
    ['uppercase digest', (m) => (m.config.digest = m.config.digest.toUpperCase()), /^config\.digest:/],
    ['md5 digest', (m) => (m.config.digest = 'md5:d41d8cd98f00b204e9800998ecf8427e'), /^config\.digest:/],
    ['missing digest', (m) => delete m.layers[0].digest, /^layers\.0\.digest:/],
    ['negative size', (m) => (m.layers[0].size = -1), /^layers\.0\.size:/],
    ['fractional size', (m) => (m.config.size = 1.5), /^config\.size:/],
    ['size as string', (m) => (m.config.size = '292'), /^config\.size:/],
    ['size beyond 2^53', (m) => (m.config.size = 2 ** 53), /^config\.size:/],
    ['missing size', (m) => delete m.config.size, /^config\.size:/],
    ['bad descriptor media type', (m) => (m.layers[0].mediaType = 'tar+gzip'), /^layers\.0\.mediaType:/],
    ['annotation value not a string', (m) => (m.annotations = { 'org.example': 1 }), /^annotations\.org\.example:/],
    ['subject without digest', (m) => (m.subject = { mediaType: MediaType.ociManifest, size: 1 }), /^subject\.digest:/],
  ])('%s', (_label, change, message) => {
    const error = refusal(edited(ociDebian, change), MediaType.ociManifest);
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.message).toMatch(message);
    expect(Array.isArray(error.detail)).toBe(true);
  });

  it('refuses a bad digest in an index entry', () => {
    const error = refusal(edited(ociIndex, (m) => (m.manifests[1].digest = 'sha256:')));
    expect(error.message).toMatch(/^manifests\.1\.digest:/);
  });

  it('never fails with anything but an OciError, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.option(fc.constantFrom(MediaType.ociManifest, MediaType.ociIndex, 'application/json'), { nil: undefined }), (content, contentType) => {
        try {
          parseManifest(content, contentType);
        } catch (error) {
          expect(error).toBeInstanceOf(OciError);
        }
      }),
    );
  });

  it('never fails with anything but an OciError, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.option(fc.constantFrom(MediaType.ociManifest, MediaType.dockerManifestList), { nil: undefined }), (value, contentType) => {
        try {
          parseManifest(bytes(value), contentType);
        } catch (error) {
          expect(error).toBeInstanceOf(OciError);
        }
      }),
    );
  });
});
