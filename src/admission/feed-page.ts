/**
 * The approved-image feed as the webhook reads it (GET /api/v1/admission/snapshot
 * and /changes): validated at the boundary, so the cache holds only what it
 * understands. Unknown properties are dropped (z.object strips them), so a newer server is read fine.
 */
import { z } from 'zod';

const reasonSchema = z.object({
  rule: z.string(),
  message: z.string(),
  vulnerability: z.string().optional(),
  package: z.string().optional(),
  installedVersion: z.string().optional(),
  fixedVersion: z.string().optional(),
  severity: z.string().optional(),
});

const imageSchema = z.object({
  repository: z.string().min(1),
  quarantineRepository: z.string().min(1),
  digest: z.string().min(1),
  // A state this webhook does not know (a newer server) is kept as unknown: such an image never runs.
  state: z.string(),
  tags: z.array(z.string()),
  quarantineTags: z.array(z.string()),
  reasons: z.array(reasonSchema),
  error: z.string().optional(),
  revokeAt: z.number().optional(),
  /** A multi-platform index's platform images: a pod pinned to one of them is judged as the index. */
  platformDigests: z.array(z.string()).optional(),
});

export const feedPageSchema = z.object({
  cursor: z.string().min(1),
  images: z.array(imageSchema),
});

export type FeedImage = z.infer<typeof imageSchema>;
export type FeedReason = z.infer<typeof reasonSchema>;
export type FeedPage = z.infer<typeof feedPageSchema>;

/** Where the webhook's cache is filled from: the Airlock API over HTTPS, or the gate itself inside `airlock serve`. */
export interface ApprovedImageFeed {
  snapshot(): Promise<FeedPage>;
  changes(cursor: string): Promise<FeedPage>;
}
