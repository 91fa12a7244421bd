/**
 * Serves an image's stored reports: the HTML page and the JSON report stream
 * straight from the blob store; SARIF, JUnit, CycloneDX and SPDX are rendered
 * from the stored JSON report, so every format tells the same scan.
 */
import type { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import type { Digest } from '../../oci/index.js';
import { formatNamed, type ScanReport } from '../../scan/index.js';
import type { BlobStore } from '../../storage/index.js';
import type { ImageRow } from '../store/image-store.js';
import { reportLinks, type ImageReportFormat, type ReportLinks } from './report-links.js';

export interface ReportDocument {
  /** A stream of the stored blob, or the rendered text. */
  body: Readable | string;
  /** Byte length, when known before sending. */
  size?: number;
  mediaType: string;
  /** For `Content-Disposition`: `<name>-<digest prefix>.<extension>`. */
  fileName: string;
}

export class ImageReports {
  constructor(
    private readonly store: BlobStore,
    private readonly publicUrl: string | undefined,
  ) {}

  links(image: ImageRow): ReportLinks | undefined {
    return reportLinks(this.publicUrl, image);
  }

  /** The image's latest report as `format`; undefined when it has none (or its blob is gone). */
  async open(image: ImageRow, format: ImageReportFormat): Promise<ReportDocument | undefined> {
    const renderer = formatNamed(format);
    const fileName = `${fileStem(image)}.${renderer.fileExtension}`;
    const digest = (format === 'html' ? image.htmlReportDigest : image.reportDigest) as Digest | null;
    if (!digest) return undefined;
    const info = await this.store.stat(digest);
    if (!info) return undefined;
    if (format === 'html' || format === 'json') return { body: await this.store.read(digest), size: info.size, mediaType: renderer.mediaType, fileName };
    // Airlock wrote this JSON itself (report-writer.ts) and it is content-addressed: it is the ScanReport it was rendered from.
    const report = JSON.parse(await text(await this.store.read(digest))) as ScanReport;
    return { body: renderer.render(report), mediaType: renderer.mediaType, fileName };
  }
}

/** `quarantine/acme/nodeapp` @ `sha256:0123…` → `nodeapp-0123456789ab`: recognisable, and distinct per digest. */
function fileStem(image: Pick<ImageRow, 'repository' | 'digest'>): string {
  const name = image.repository.slice(image.repository.lastIndexOf('/') + 1);
  const hex = image.digest.slice(image.digest.indexOf(':') + 1, image.digest.indexOf(':') + 13);
  return `${name}-${hex}`;
}
