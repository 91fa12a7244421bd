/**
 * The policy part: policy documents (YAML, validated with line numbers),
 * pure evaluation of an image against the org and team policies with
 * exceptions, exceptions and policy versions in the database, OpenVEX in and
 * out. The gate passes scan output in; nothing here imports scan.
 */
export { PolicyError, type PolicyErrorCode } from './policy-error.js';
export { parsePolicyDocument, readPolicy, POLICY_API_VERSION, type PolicyDocument, type PolicyRule } from './policy-document.js';
export { readLocatedYaml, type LocatedIssue } from './located-yaml.js';
export { DEFAULT_ORG_POLICY } from './default-policy.js';
export { evaluatePolicy, effectiveGracePeriod, type EvaluatePolicyOptions } from './evaluate-policy.js';
export type { Evaluation, RuleResult, RuleStatus, RuleAction, Violation, Reason, AppliedException } from './evaluation.js';
export type { PolicyInput, PolicyImage, PolicyOs, PolicyPackage, PolicyFinding, PolicySeverity, CompareVersions } from './policy-input.js';
export { POLICY_SEVERITIES } from './severity.js';
export {
  applies,
  exceptionStatus,
  validateNewException,
  parseScope,
  scopeCovers,
  VEX_JUSTIFICATIONS,
  type PolicyException,
  type NewException,
  type ExceptionScope,
  type ExceptionStatus,
  type ExceptionIssue,
  type ExceptionIssueCode,
  type VexJustification,
} from './exception.js';
export { ExceptionStore, type ExceptionFilter } from './exception-store.js';
export { PolicyStore, SYSTEM_ACTOR, type PolicyScope, type PolicyVersion, type StoredPolicy, type AppliedPolicy } from './policy-store.js';
export { diffPolicies, renderPolicyDiff, type PolicyDiff, type RuleSnapshot } from './policy-diff.js';
export {
  importOpenVex,
  exportOpenVex,
  OPENVEX_CONTEXT,
  type OpenVexImport,
  type OpenVexImportOptions,
  type OpenVexExportOptions,
  type OpenVexDocument,
  type OpenVexStatement,
} from './openvex.js';
export { ruleKinds } from './rules/rule-kinds.js';
export { END_OF_LIFE, type EndOfLifeEntry } from './rules/end-of-life-dates.js';
export { formatPath, issuesFromZod, type DocumentIssue, type DocumentPath } from './document-issue.js';
