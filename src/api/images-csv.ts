/** The images table as CSV (RFC 4180), one row per image, for spreadsheets. */

interface CsvImage {
  id: string;
  repository: string;
  team: string;
  tags: string[];
  state: string;
  digest: string;
  counts: { critical: number; high: number; medium: number; low: number; unknown: number };
  receivedAt?: string;
  decidedAt?: string;
}

const HEADER = ['id', 'repository', 'team', 'tags', 'state', 'critical', 'high', 'medium', 'low', 'unknown', 'digest', 'receivedAt', 'decidedAt'];

export function imagesCsv(images: readonly CsvImage[]): string {
  const lines = [HEADER.join(',')];
  for (const image of images) {
    const { counts } = image;
    lines.push(
      [image.id, image.repository, image.team, image.tags.join(' '), image.state, counts.critical, counts.high, counts.medium, counts.low, counts.unknown, image.digest, image.receivedAt ?? '', image.decidedAt ?? '']
        .map((value) => cell(String(value)))
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Quoted when needed; a leading =, +, - or @ is defused so spreadsheets do not run it as a formula. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
