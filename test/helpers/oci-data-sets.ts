/**
 * The data sets the current OCI conformance suite generates (CHECKLIST.md §1.B,
 * "repeated for every generated data set"), built fresh with random content.
 * The optional sparse data set is left out (the suite disables it by default):
 * Airlock requires every child of an index to be present.
 */
import { randomBytes } from 'node:crypto';
import { artifactContent, blobDescriptor, descriptorOfContent, imageContent, indexContent, type Content, type ContentDescriptor } from './oci-content.js';
import { DOCKER_CONFIG, DOCKER_LAYER, DOCKER_LIST, DOCKER_MANIFEST, OCI_MANIFEST, sha256 } from './registry-client.js';

export interface DataSet {
  name: string;
  content: Content;
  tags: string[];
  /** PUT by each tag (otherwise by digest with `?tag=` parameters). */
  byTag?: boolean;
  /** Manifests pushed after `content` that name a subject (referrers). */
  referrers?: Content[];
}

const PLATFORMS = [
  { architecture: 'amd64', os: 'linux' },
  { architecture: 'arm64', os: 'linux' },
];
const ARTIFACT = 'application/vnd.example.conformance.artifact';
const SIGNATURE = 'application/vnd.example.conformance.signature';

export function conformanceDataSets(): DataSet[] {
  const subject = imageContent();
  const missing: ContentDescriptor = { mediaType: OCI_MANIFEST, digest: sha256(randomBytes(16)), size: 512 };
  const manyAnnotations = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`org.example.conformance.key-${i}`, randomBytes(24).toString('hex')]));
  const nondistributable = blobDescriptor('application/vnd.oci.image.layer.nondistributable.v1.tar+gzip', randomBytes(512), 'sha256', {
    urls: ['https://example.com/layers/nondistributable'],
  });
  const platformImages = () => PLATFORMS.map(() => imageContent());
  return [
    { name: 'image', content: imageContent({ layers: [randomBytes(1024), randomBytes(2048)] }), tags: ['1.0', 'latest', 'stable'], byTag: true },
    { name: 'image-uncompressed', content: imageContent({ layerMediaType: 'application/vnd.oci.image.layer.v1.tar' }), tags: ['latest'], byTag: true },
    { name: 'image-large-manifest', content: imageContent({ annotations: manyAnnotations }), tags: ['large'] },
    { name: 'index', content: indexContent(platformImages(), { platforms: PLATFORMS }), tags: ['multi', 'platform'] },
    { name: 'nested-index', content: indexContent([indexContent(platformImages(), { platforms: PLATFORMS }), imageContent()]), tags: ['nested'] },
    { name: 'empty-index', content: indexContent([]), tags: ['empty'], byTag: true },
    { name: 'artifact', content: artifactContent(ARTIFACT, { layers: [randomBytes(300)], layerMediaType: 'application/vnd.example.conformance.data' }), tags: ['artifact'] },
    { name: 'artifact-index', content: indexContent([artifactContent(ARTIFACT, { layers: [randomBytes(10)] }), artifactContent(ARTIFACT)], { artifactType: ARTIFACT }), tags: ['bundle'] },
    { name: 'artifact-no-layers', content: artifactContent(ARTIFACT), tags: ['bare'] },
    {
      name: 'subject',
      content: subject,
      tags: ['subject'],
      referrers: [
        artifactContent(SIGNATURE, { subject: descriptorOfContent(subject), layers: [randomBytes(64)], annotations: { 'org.example.signed-by': 'ci' } }),
        artifactContent(ARTIFACT, { subject: descriptorOfContent(subject) }),
        indexContent([artifactContent(ARTIFACT)], { artifactType: ARTIFACT, subject: descriptorOfContent(subject), annotations: { 'org.example.kind': 'bundle' } }),
      ],
    },
    { name: 'subject-missing', content: artifactContent(SIGNATURE, { subject: missing, annotations: { 'org.example.orphan': 'true' } }), tags: ['orphan'] },
    { name: 'data-field', content: imageContent({ embedData: true }), tags: ['embedded'] },
    { name: 'nondistributable', content: imageContent({ absentLayers: [nondistributable] }), tags: ['foreign'] },
    {
      name: 'custom-fields',
      content: imageContent({ extra: { 'com.example.custom': { nested: [1, 2, 3], flag: true } }, descriptorExtra: { 'com.example.descriptor-field': 'kept' } }),
      tags: ['custom'],
    },
    { name: 'zero-layers', content: imageContent({ layers: [] }), tags: ['zero'] },
    { name: 'sha512', content: imageContent({ algorithm: 'sha512' }), tags: ['sha512', 'strong'] },
    { name: 'sha512-index', content: indexContent([imageContent({ algorithm: 'sha512' })], { algorithm: 'sha512' }), tags: ['sha512-index'] },
    { name: 'docker-manifest', content: imageContent({ mediaType: DOCKER_MANIFEST, configMediaType: DOCKER_CONFIG, layerMediaType: DOCKER_LAYER }), tags: ['docker'], byTag: true },
    {
      name: 'docker-manifest-list',
      content: indexContent(
        PLATFORMS.map(() => imageContent({ mediaType: DOCKER_MANIFEST, configMediaType: DOCKER_CONFIG, layerMediaType: DOCKER_LAYER })),
        { mediaType: DOCKER_LIST, platforms: PLATFORMS },
      ),
      tags: ['docker-list'],
    },
  ];
}
