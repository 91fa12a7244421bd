import { describe, expect, it } from 'vitest';
import { cloudEventBody } from './cloud-event.js';

describe('CloudEvents structured-mode body', () => {
  const event = { id: 'e-1', type: 'image.rejected' as const, subject: 'web/app@sha256:1', team: 'web', time: 0, data: '{"reasons":["critical CVE"],"n":1.5}' };

  it('carries the required and optional context attributes and the data as JSON', () => {
    expect(JSON.parse(cloudEventBody(event, 'airlock').toString('utf8'))).toEqual({
      specversion: '1.0',
      id: 'e-1',
      source: 'airlock',
      type: 'image.rejected',
      subject: 'web/app@sha256:1',
      time: '1970-01-01T00:00:00.000Z',
      datacontenttype: 'application/json',
      team: 'web',
      data: { reasons: ['critical CVE'], n: 1.5 },
    });
  });

  it('omits subject and team when the event has none', () => {
    const parsed = JSON.parse(cloudEventBody({ ...event, subject: null, team: null, data: '{}' }, 'https://airlock.example.com').toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(['data', 'datacontenttype', 'id', 'source', 'specversion', 'time', 'type']);
    expect(parsed.source).toBe('https://airlock.example.com');
  });
});
