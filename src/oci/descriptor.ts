/** The OCI content descriptor (image-spec descriptor.md), validated at the registry boundary. */
import { z } from 'zod';
import { digestOf, parseDigest, type Digest } from './digest.js';
import { MEDIA_TYPE_PATTERN } from './media-types.js';

export const platformSchema = z.looseObject({
  architecture: z.string(),
  os: z.string(),
  'os.version': z.string().optional(),
  'os.features': z.array(z.string()).optional(),
  variant: z.string().optional(),
});

export const descriptorSchema = z
  .looseObject({
    mediaType: z.string().regex(MEDIA_TYPE_PATTERN, 'must be a media type such as application/vnd.oci.image.layer.v1.tar+gzip'),
    digest: z.string().refine(isValidDigest, 'must be a sha256 or sha512 digest'),
    size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    urls: z.array(z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
    data: z.string().optional(),
    artifactType: z.string().regex(MEDIA_TYPE_PATTERN).optional(),
    platform: platformSchema.optional(),
  })
  .superRefine((descriptor, context) => {
    if (descriptor.data === undefined) return;
    const bytes = Buffer.from(descriptor.data, 'base64');
    const algorithm = parseDigest(descriptor.digest).algorithm;
    if (bytes.length !== descriptor.size || digestOf(bytes, algorithm) !== descriptor.digest) {
      context.addIssue({ code: 'custom', message: 'embedded data does not match the descriptor digest and size', path: ['data'] });
    }
  });

export type Descriptor = z.infer<typeof descriptorSchema> & { digest: Digest };

function isValidDigest(value: string): boolean {
  try {
    parseDigest(value);
    return true;
  } catch {
    return false;
  }
}
