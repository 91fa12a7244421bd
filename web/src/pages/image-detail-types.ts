/** What the image detail page reads from /api/v1/images/{id} and its findings. */

export interface Reason {
  rule: string;
  message: string;
  vulnerability?: string;
  package?: string;
  installedVersion?: string;
  fixedVersion?: string;
  severity?: string;
  platform?: string;
}

export interface ImageDetail {
  id: string;
  repository: string;
  digest: string;
  team: string;
  tags: string[];
  state: string;
  reasons: Reason[];
  summary?: { packages: number; vulnerabilities: Record<string, number>; platforms: Array<{ digest: string; platform?: string; layers?: string[]; config?: { created?: string } }> };
  error?: string;
  policyVersion?: string;
  receivedAt?: string;
  decidedAt?: string;
  approvedAt?: string;
  revokeAt?: string;
  revokedAt?: string;
  reports?: { html: string; json: string };
  history: Array<{ at: number; from: string | null; to: string; cause: string; detail?: { outcome?: string; reasons?: Reason[]; tag?: string; error?: string } }>;
}

export interface Finding {
  id: string;
  aliases: string[];
  package: string;
  packageType?: string;
  purl: string;
  installedVersion: string;
  fixedVersion?: string;
  severity: string;
  score?: number;
  summary?: string;
  platform?: string;
  status: 'denied' | 'excepted' | 'allowed';
  rules: string[];
  exception?: { id: string; scope: string; expiresAt: string };
}

export const SEVERITY_ORDER: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 };
