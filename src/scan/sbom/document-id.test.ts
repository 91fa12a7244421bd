import { describe, expect, it } from 'vitest';
import { emptyReport } from '../report/fixtures/sample-reports.js';
import { scanDocumentUuid, uuidV5 } from './document-id.js';

describe('uuidV5', () => {
  it('matches RFC 4122 name-based UUIDs (values from Python uuid.uuid5)', () => {
    expect(uuidV5('python.org', '6ba7b8109dad11d180b400c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(uuidV5('https://airlock.example/x')).toBe('b75e4f3a-0407-5478-9aab-c59658b7c8b5');
  });

  it('differs per scan and per document kind', () => {
    const report = emptyReport();
    expect(scanDocumentUuid(report, 'spdx')).toBe(scanDocumentUuid(emptyReport(), 'spdx'));
    expect(scanDocumentUuid(report, 'spdx')).not.toBe(scanDocumentUuid(report, 'cyclonedx'));
    expect(scanDocumentUuid({ ...report, createdAt: '2030-01-01T00:00:00Z' }, 'spdx')).not.toBe(scanDocumentUuid(report, 'spdx'));
  });
});
