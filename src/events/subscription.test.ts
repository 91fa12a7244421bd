import { describe, expect, it } from 'vitest';
import { toSubscription, wantsEvent } from './subscription.js';

describe('subscription filters', () => {
  const base = { active: true, eventTypes: [], teams: [] };

  it('empty filters take every event; type and team filters narrow', () => {
    expect(wantsEvent(base, { type: 'image.approved', team: null })).toBe(true);
    expect(wantsEvent({ ...base, eventTypes: ['image.approved'] }, { type: 'image.approved', team: 'a' })).toBe(true);
    expect(wantsEvent({ ...base, eventTypes: ['image.approved'] }, { type: 'image.rejected', team: 'a' })).toBe(false);
    expect(wantsEvent({ ...base, teams: ['a'] }, { type: 'image.rejected', team: 'a' })).toBe(true);
    expect(wantsEvent({ ...base, teams: ['a'] }, { type: 'image.rejected', team: 'b' })).toBe(false);
  });

  it('sends organisation-wide events only to subscriptions without a team filter, and nothing to inactive ones', () => {
    expect(wantsEvent({ ...base, teams: ['a'] }, { type: 'policy.changed', team: null })).toBe(false);
    expect(wantsEvent({ ...base, active: false }, { type: 'policy.changed', team: null })).toBe(false);
  });

  it('reads stored rows without the secret', () => {
    const subscription = toSubscription({
      id: 'w1',
      url: 'https://hooks.example.com',
      secret: 'do-not-leak-this-secret',
      eventTypes: '["image.approved","no.such-type"]',
      teams: '["a"]',
      createdBy: 'alice',
      createdAt: 1,
      deactivatedAt: null,
    });
    expect(subscription).toEqual({ id: 'w1', url: 'https://hooks.example.com', eventTypes: ['image.approved'], teams: ['a'], active: true, createdBy: 'alice', createdAt: 1, deactivatedAt: null });
  });
});
