/**
 * Where an image's reports are served (api/routes/images.ts): by image id, so a
 * link in an event keeps pointing at the image's latest report. Absolute when
 * the server knows its public URL, else relative to wherever the reader found it.
 */
import type { ImageRow } from '../store/image-store.js';

export interface ReportLinks {
  html: string;
  json: string;
}

/** Formats `GET /api/v1/images/{id}/report` serves: html and json as stored, the rest rendered from the JSON. */
export const IMAGE_REPORT_FORMATS = ['html', 'json', 'sarif', 'junit', 'cyclonedx', 'spdx'] as const;
export type ImageReportFormat = (typeof IMAGE_REPORT_FORMATS)[number];

/** Links to an image's reports; undefined while it has none (not judged yet, or writing them failed). */
export function reportLinks(publicUrl: string | undefined, image: Pick<ImageRow, 'id' | 'reportDigest' | 'htmlReportDigest'>): ReportLinks | undefined {
  if (!image.reportDigest || !image.htmlReportDigest) return undefined;
  const base = `${publicUrl ?? ''}/api/v1/images/${encodeURIComponent(image.id)}/report`;
  return { html: `${base}?format=html`, json: `${base}?format=json` };
}
