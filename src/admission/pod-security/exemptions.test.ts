import { describe, expect, it } from 'vitest';
import { isExempt } from './exemptions.js';

describe('isExempt', () => {
  const exemptions = { namespaces: ['kube-system'], usernames: ['system:serviceaccount:ci:deployer'], runtimeClasses: ['gvisor'] };

  it('exempts a listed namespace, username or runtime class', () => {
    expect(isExempt({ namespace: 'kube-system' }, exemptions)).toBe(true);
    expect(isExempt({ namespace: 'shop', username: 'system:serviceaccount:ci:deployer' }, exemptions)).toBe(true);
    expect(isExempt({ namespace: 'shop', runtimeClassName: 'gvisor' }, exemptions)).toBe(true);
  });

  it('exempts nothing else', () => {
    expect(isExempt({ namespace: 'shop', username: 'alice', runtimeClassName: 'runc' }, exemptions)).toBe(false);
    expect(isExempt({ namespace: 'kube-system' }, undefined)).toBe(false);
    expect(isExempt({}, exemptions)).toBe(false);
  });

  it('never matches an empty value, even if the list holds one', () => {
    expect(isExempt({ namespace: '', username: '', runtimeClassName: '' }, { namespaces: [''], usernames: [''], runtimeClasses: [''] })).toBe(false);
  });

  it('matches exactly (case-sensitive, no prefixes)', () => {
    expect(isExempt({ namespace: 'kube-system-2' }, exemptions)).toBe(false);
    expect(isExempt({ namespace: 'Kube-System' }, exemptions)).toBe(false);
  });
});
