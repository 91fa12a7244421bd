/**
 * The gate passes scan's output to evaluatePolicy as is. This test pins that
 * scan's types fit the policy part's own input types (type-only imports:
 * nothing of scan is loaded, and policy's production code never imports it).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Finding, OsInfo, Package } from '../scan/index.js';
import type { PolicyFinding, PolicyOs, PolicyPackage } from './policy-input.js';

describe('policy input types', () => {
  it("accept scan's findings, packages and OS as they are", () => {
    expectTypeOf<Finding>().toMatchTypeOf<PolicyFinding>();
    expectTypeOf<Package>().toMatchTypeOf<PolicyPackage>();
    expectTypeOf<OsInfo>().toMatchTypeOf<PolicyOs>();
    expect(true).toBe(true);
  });
});
