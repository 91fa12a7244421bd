import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { PolicyError } from '../policy-error.js';
import { defineRuleKind } from './rule-kind.js';
import { indexRuleKinds, ruleKinds } from './rule-kinds.js';

const kind = (name: string, keys: string[]) =>
  defineRuleKind({ name, keys, schema: z.object({}), evaluate: () => ({ status: 'evaluated', violations: [] }) });

describe('the rule kind list', () => {
  it('holds every kind once, each owning its keys', () => {
    expect(ruleKinds.map((k) => k.name)).toEqual(['severity', 'max', 'vulnerabilities', 'package', 'licenses', 'imageAge', 'baseOs', 'require']);
    expect([...indexRuleKinds(ruleKinds).keys()]).toEqual(['severity', 'fixAvailable', 'max', 'vulnerabilities', 'package', 'licenses', 'imageAge', 'endOfLife', 'os', 'require']);
  });

  it('throws at start-up on a duplicate name or a key two kinds claim', () => {
    expect(() => indexRuleKinds([kind('a', ['x']), kind('a', ['y'])])).toThrow(new PolicyError('RULE_KIND_DUPLICATE', 'two policy rule kinds are named a'));
    expect(() => indexRuleKinds([kind('a', ['x']), kind('b', ['x'])])).toThrow('policy rule kinds a and b both claim the condition key x');
    expect(() => indexRuleKinds([...ruleKinds, kind('severity2', ['severity'])])).toThrow(PolicyError);
  });
});
