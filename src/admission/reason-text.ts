/**
 * Why an image may not run, in the words a developer acts on:
 * `rejected for CVE-2021-44906 (minimist 1.2.0, fixed in 1.2.6)`. The gate's
 * policy often cites one vulnerability under several rules (no-critical and
 * no-fixable-high): each is named once.
 */
import type { FeedReason } from './feed-page.js';

const SHOWN = 5;

export function reasonsText(reasons: readonly FeedReason[]): string {
  const texts = [...new Set(reasons.map(reasonText))];
  if (texts.length === 0) return 'the policy gives no reason';
  const shown = texts.slice(0, SHOWN).join(', ');
  return texts.length > SHOWN ? `${shown} and ${texts.length - SHOWN} more` : shown;
}

function reasonText(reason: FeedReason): string {
  if (!reason.vulnerability) return reason.message;
  const where = [reason.package, reason.installedVersion].filter(Boolean).join(' ');
  const fix = reason.fixedVersion ? `, fixed in ${reason.fixedVersion}` : where ? ', no fix yet' : '';
  return where ? `${reason.vulnerability} (${where}${fix})` : reason.vulnerability;
}
