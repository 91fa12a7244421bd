/** The operating system an image is built on, as far as its files tell. */
export interface OsInfo {
  /** `/etc/os-release` ID: debian, ubuntu, alpine, rhel, centos, rocky, almalinux, amzn, fedora, ol, sles, … */
  family: string;
  /** VERSION_ID (or the version file): `12`, `22.04`, `3.20.3`, `9.4`, `2023`. */
  version: string;
  /** VERSION_CODENAME when known: bookworm, jammy. */
  codename?: string;
  /** PRETTY_NAME for reports. */
  name?: string;
  /** Which file said so. */
  source: string;
}
