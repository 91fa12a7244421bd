/** Matching packages against advisories. */
export { matchPackages, type MatchResult } from './match-packages.js';
export { lookupFor, ecosystemsNeeded, indexKeysFor, indexKeyOfAffected, type Lookup } from './ecosystem-of.js';
export { evaluateAffected, type RangeVerdict } from './osv-range.js';
export { bestCvss, scoreVector, severityOfScore, severityOfLabel, severityRank, higherSeverity } from './severity.js';
export { SEVERITIES, type Finding, type Severity, type CvssScore } from './finding.js';
