/**
 * When each base OS release stops receiving security updates without a paid
 * subscription. A release is end of life from the day after its date (UTC).
 *
 * Conventions, so the table stays comparable:
 * - Debian: the end of Debian LTS (security updates keep flowing to the same
 *   archive until then), as Trivy also uses; not the shorter "regular" support.
 * - Ubuntu: the end of standard support; ESM needs Ubuntu Pro, so it does not count.
 * - RHEL, Rocky, AlmaLinux, CentOS: the end of maintenance/security support; paid
 *   extended life (ELS) does not count.
 * - Where a vendor publishes only a month, the last day of that month.
 * Review when a release is added or a date is moved; each line names its source.
 */
export interface EndOfLifeEntry {
  /** os-release ID. */
  family: string;
  /** The release as compared: major (`12`, `9`, `2023`) or major.minor (`22.04`, `3.20`). */
  release: string;
  /** Last day of support, YYYY-MM-DD (UTC). */
  endOfLife: string;
}

/** How many leading version parts name a release, per family (Ubuntu and Alpine releases are major.minor). */
export const RELEASE_PARTS: Readonly<Record<string, number>> = {
  debian: 1,
  ubuntu: 2,
  alpine: 2,
  rhel: 1,
  centos: 1,
  rocky: 1,
  almalinux: 1,
  amzn: 1,
};

/** Display names for messages. */
export const FAMILY_NAMES: Readonly<Record<string, string>> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  alpine: 'Alpine',
  rhel: 'RHEL',
  centos: 'CentOS',
  rocky: 'Rocky Linux',
  almalinux: 'AlmaLinux',
  amzn: 'Amazon Linux',
};

export const END_OF_LIFE: readonly EndOfLifeEntry[] = [
  // Debian: https://wiki.debian.org/LTS (table "Debian version / support architecture / schedule"), https://endoflife.date/debian
  { family: 'debian', release: '8', endOfLife: '2020-06-30' }, // jessie LTS ended 30 June 2020
  { family: 'debian', release: '9', endOfLife: '2022-06-30' }, // stretch LTS ended 30 June 2022
  { family: 'debian', release: '10', endOfLife: '2024-06-30' }, // buster LTS ended 30 June 2024
  { family: 'debian', release: '11', endOfLife: '2026-08-31' }, // bullseye LTS until 31 August 2026
  { family: 'debian', release: '12', endOfLife: '2028-06-30' }, // bookworm LTS until 30 June 2028
  { family: 'debian', release: '13', endOfLife: '2030-06-30' }, // trixie LTS until 30 June 2030
  // Ubuntu LTS, end of standard support: https://ubuntu.com/about/release-cycle, https://wiki.ubuntu.com/Releases
  { family: 'ubuntu', release: '14.04', endOfLife: '2019-04-30' }, // "Apr 2019"
  { family: 'ubuntu', release: '16.04', endOfLife: '2021-04-30' }, // "Apr 2021"
  { family: 'ubuntu', release: '18.04', endOfLife: '2023-05-31' }, // 31 May 2023 (announced date)
  { family: 'ubuntu', release: '20.04', endOfLife: '2025-05-31' }, // "May 2025"
  { family: 'ubuntu', release: '22.04', endOfLife: '2027-04-30' }, // "Apr 2027"
  { family: 'ubuntu', release: '24.04', endOfLife: '2029-04-30' }, // "Apr 2029"
  // Alpine: https://alpinelinux.org/releases/ ("End of support" column)
  { family: 'alpine', release: '3.10', endOfLife: '2021-05-01' },
  { family: 'alpine', release: '3.11', endOfLife: '2021-11-01' },
  { family: 'alpine', release: '3.12', endOfLife: '2022-05-01' },
  { family: 'alpine', release: '3.13', endOfLife: '2022-11-01' },
  { family: 'alpine', release: '3.14', endOfLife: '2023-05-01' },
  { family: 'alpine', release: '3.15', endOfLife: '2023-11-01' },
  { family: 'alpine', release: '3.16', endOfLife: '2024-05-23' },
  { family: 'alpine', release: '3.17', endOfLife: '2024-11-22' },
  { family: 'alpine', release: '3.18', endOfLife: '2025-05-09' },
  { family: 'alpine', release: '3.19', endOfLife: '2025-11-01' },
  { family: 'alpine', release: '3.20', endOfLife: '2026-04-01' },
  { family: 'alpine', release: '3.21', endOfLife: '2026-11-01' },
  // RHEL, end of Maintenance Support: https://access.redhat.com/support/policy/updates/errata ("Life Cycle Dates")
  { family: 'rhel', release: '7', endOfLife: '2024-06-30' },
  { family: 'rhel', release: '8', endOfLife: '2029-05-31' },
  { family: 'rhel', release: '9', endOfLife: '2032-05-31' },
  // CentOS Linux (Rocky and AlmaLinux start at 8; CentOS 7 is what "7" means there): https://www.centos.org/centos-linux-eol/
  { family: 'centos', release: '7', endOfLife: '2024-06-30' },
  { family: 'centos', release: '8', endOfLife: '2021-12-31' },
  // Rocky Linux, end of security support: https://wiki.rockylinux.org/rocky/version/
  { family: 'rocky', release: '8', endOfLife: '2029-05-31' },
  { family: 'rocky', release: '9', endOfLife: '2032-05-31' },
  // AlmaLinux, end of security support: https://wiki.almalinux.org/release-notes/ (release table)
  { family: 'almalinux', release: '8', endOfLife: '2029-03-01' },
  { family: 'almalinux', release: '9', endOfLife: '2032-05-31' },
  // Amazon Linux: https://aws.amazon.com/amazon-linux-2/faqs/ (AL2 end of support 30 June 2026),
  // https://docs.aws.amazon.com/linux/al2023/ug/release-cadence.html (AL2023 end of life 30 June 2029)
  { family: 'amzn', release: '2', endOfLife: '2026-06-30' },
  { family: 'amzn', release: '2023', endOfLife: '2029-06-30' },
];
