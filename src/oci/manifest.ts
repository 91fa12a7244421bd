/**
 * Parses and validates pushed manifests: OCI image manifest and index (image-spec
 * v1.1, including artifacts and `subject`), Docker v2 schema 2 manifest and
 * manifest list. The result names every piece of content the manifest depends
 * on, so the registry can refuse manifests whose content it does not hold.
 */
import { z } from 'zod';
import type { Descriptor } from './descriptor.js';
import { descriptorSchema } from './descriptor.js';
import { OciError } from './errors.js';
import { MediaType, MEDIA_TYPE_PATTERN, isNonDistributable } from './media-types.js';

const annotations = z.record(z.string(), z.string()).optional();
const artifactType = z.string().regex(MEDIA_TYPE_PATTERN).optional();

const imageManifestSchema = z.looseObject({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType,
  config: descriptorSchema,
  layers: z.array(descriptorSchema),
  subject: descriptorSchema.optional(),
  annotations,
});

const indexSchema = z.looseObject({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType,
  manifests: z.array(descriptorSchema),
  subject: descriptorSchema.optional(),
  annotations,
});

export interface ParsedManifest {
  mediaType: string;
  kind: 'image' | 'index';
  /** The type used by the referrers API: `artifactType`, else the config media type of an image. */
  artifactType?: string;
  subject?: Descriptor;
  annotations?: Record<string, string>;
  /** Blobs (config and layers) that must exist in the repository. */
  blobs: Descriptor[];
  /** Manifests an index points to; they must exist in the repository. */
  manifests: Descriptor[];
}

const GENERIC_CONTENT_TYPES = new Set(['', 'application/json', 'application/octet-stream', 'text/plain']);

/**
 * @param contentType the request's Content-Type (parameters stripped), if any.
 * @throws OciError MANIFEST_INVALID for malformed, inconsistent or schema 1 documents.
 */
export function parseManifest(content: Uint8Array, contentType: string | undefined): ParsedManifest {
  const document = parseJsonObject(content);
  const mediaType = resolveMediaType(document, contentType);
  switch (mediaType) {
    case MediaType.ociManifest:
    case MediaType.dockerManifest:
      return parseImageManifest(document, mediaType);
    case MediaType.ociIndex:
    case MediaType.dockerManifestList:
      return parseIndex(document, mediaType);
    case MediaType.dockerSchema1:
    case MediaType.dockerSchema1Signed:
      // CNCF distribution answers MANIFEST_INVALID too; clients show the message.
      throw new OciError('MANIFEST_INVALID', 'Docker schema 1 manifests are not supported; push with a current client (schema 2 or OCI)');
    default:
      throw new OciError('MANIFEST_INVALID', `unsupported manifest media type "${mediaType.slice(0, 100)}"`, {
        detail: { supported: [MediaType.ociManifest, MediaType.ociIndex, MediaType.dockerManifest, MediaType.dockerManifestList] },
      });
  }
}

function parseJsonObject(content: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(content).toString('utf8'));
  } catch (error) {
    throw new OciError('MANIFEST_INVALID', `manifest is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new OciError('MANIFEST_INVALID', 'manifest must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** The body's `mediaType` wins, but it must agree with a specific Content-Type. */
function resolveMediaType(document: Record<string, unknown>, contentType: string | undefined): string {
  const declared = typeof document.mediaType === 'string' ? document.mediaType : undefined;
  // An empty string is present but names no type: refuse it rather than fall through to inference.
  if (document.mediaType !== undefined && !declared) {
    throw new OciError('MANIFEST_INVALID', 'manifest field "mediaType" must be a non-empty string');
  }
  const header = contentType && !GENERIC_CONTENT_TYPES.has(contentType) ? contentType : undefined;
  if (declared && header && declared !== header) {
    throw new OciError('MANIFEST_INVALID', `manifest mediaType "${declared}" does not match Content-Type "${header}"`);
  }
  if (declared ?? header) return (declared ?? header) as string;
  if (document.schemaVersion === 1) return MediaType.dockerSchema1;
  // OCI allows mediaType to be omitted; infer it the way containerd does.
  if (Array.isArray(document.manifests)) return MediaType.ociIndex;
  if (document.config !== undefined) return MediaType.ociManifest;
  throw new OciError('MANIFEST_INVALID', 'cannot tell the manifest type: set "mediaType" or Content-Type');
}

function parseImageManifest(document: Record<string, unknown>, mediaType: string): ParsedManifest {
  const manifest = validate(imageManifestSchema, document);
  if (mediaType === MediaType.dockerManifest && (manifest.subject || manifest.artifactType)) {
    throw new OciError('MANIFEST_INVALID', 'Docker schema 2 manifests cannot carry "subject" or "artifactType"; use an OCI manifest');
  }
  const blobs = [manifest.config, ...manifest.layers.filter((layer) => !isNonDistributable(layer.mediaType))];
  return {
    mediaType,
    kind: 'image',
    artifactType: manifest.artifactType ?? manifest.config.mediaType,
    subject: manifest.subject as Descriptor | undefined,
    annotations: manifest.annotations,
    blobs: blobs as Descriptor[],
    manifests: [],
  };
}

function parseIndex(document: Record<string, unknown>, mediaType: string): ParsedManifest {
  const index = validate(indexSchema, document);
  return {
    mediaType,
    kind: 'index',
    artifactType: index.artifactType,
    subject: index.subject as Descriptor | undefined,
    annotations: index.annotations,
    blobs: [],
    manifests: index.manifests as Descriptor[],
  };
}

function validate<T extends z.ZodType>(schema: T, document: unknown): z.infer<T> {
  const result = schema.safeParse(document);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'manifest';
  throw new OciError('MANIFEST_INVALID', `${where}: ${issue?.message ?? 'invalid'}`, { detail: result.error.issues.slice(0, 10) });
}
