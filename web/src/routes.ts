/**
 * The pages, in navigation order. Their first path segments must match
 * WEB_ROUTES in src/server/web-mount.ts, which serves the page for them.
 */
import type { Capabilities } from './session';

export interface NavEntry {
  path: string;
  label: string;
  /** Offered only to callers for whom this is true. */
  visible?(capabilities: Capabilities): boolean;
}

export const NAVIGATION: readonly NavEntry[] = [
  { path: '/overview', label: 'Overview' },
  { path: '/images', label: 'Images' },
  { path: '/vulnerabilities', label: 'Vulnerabilities' },
  { path: '/policies', label: 'Policies' },
  { path: '/exceptions', label: 'Exceptions' },
  { path: '/audit', label: 'Audit', visible: (capabilities) => capabilities.readAudit },
  { path: '/webhooks', label: 'Webhooks', visible: (capabilities) => capabilities.manageWebhooks !== false || capabilities.readAudit },
  { path: '/mirror', label: 'Mirror' },
];
