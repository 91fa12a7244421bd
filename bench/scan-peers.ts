/**
 * Peers. No other image scanner can be installed here: Trivy, Grype and Syft
 * are Go programs shipped as prebuilt binaries, container images or Go
 * modules, and this machine reaches only Debian's packages and the npm
 * registry. Each run checks that again (PATH, `apt-cache policy`, `npm view`)
 * and records what it found. For the inventory part, the package managers' own
 * listings are timed on the unpacked trees the test images were made from, next
 * to `airlock scan` of the same directory (empty vulnerability database, so
 * inventory only). They are not the same work: dpkg-query reads one file, the
 * scanner walks the whole tree; the labels in the report say so.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { scanOnce } from './scan-cli.js';
import { DEBIAN_ROOTFS, NODE_APP_DIR } from './scan-images.js';
import { emptyDataDir } from './scan-vulndb.js';
import { timed } from './statistics.js';

const run = promisify(execFile);
export const PEER_SCANNERS = ['trivy', 'grype', 'syft'] as const;

export interface PeerAvailability {
  name: string;
  onPath: boolean;
  /** `Candidate:` of `apt-cache policy`, when Debian's lists know the package. */
  aptCandidate: string | undefined;
  /** What `npm view <name> version` answered (a version, or the error code). */
  npm: string;
}

export interface InventoryPeer {
  label: string;
  peerCommand: string;
  peerSeconds: number[];
  peerPackages: number;
  airlockCommand: string;
  airlockSeconds: number[];
  airlockPackages: number;
}

export async function peerAvailability(): Promise<PeerAvailability[]> {
  return Promise.all(
    PEER_SCANNERS.map(async (name) => ({
      name,
      onPath: (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(path.join(dir, name))),
      aptCandidate: await aptCandidate(name),
      npm: await npmView(name),
    })),
  );
}

export async function inventoryPeers(rounds: number): Promise<InventoryPeer[]> {
  const dpkgAdmin = path.join(DEBIAN_ROOTFS, 'var', 'lib', 'dpkg');
  const dpkg = await peer(rounds, async () => lines((await run('dpkg-query', ['-W', `--admindir=${dpkgAdmin}`, '-f', '${Package} ${Version}\n'])).stdout));
  const npm = await peer(rounds, async () => lines(await npmLs()) - 1);
  const scanDebian = await airlockDirectoryScan(DEBIAN_ROOTFS, rounds);
  const scanApp = await airlockDirectoryScan(NODE_APP_DIR, rounds);
  return [
    {
      label: 'dpkg packages of the bookworm root filesystem',
      peerCommand: "dpkg-query -W --admindir=rootfs-debian/var/lib/dpkg -f '${Package} ${Version}\\n'",
      peerSeconds: dpkg.seconds,
      peerPackages: dpkg.packages,
      airlockCommand: 'airlock scan rootfs-debian (directory; walks all files)',
      airlockSeconds: scanDebian.seconds,
      airlockPackages: scanDebian.packages,
    },
    {
      label: 'npm packages of the nodeapp /app directory',
      peerCommand: 'npm ls --all --parseable (in app/)',
      peerSeconds: npm.seconds,
      peerPackages: npm.packages,
      airlockCommand: 'airlock scan app (directory)',
      airlockSeconds: scanApp.seconds,
      airlockPackages: scanApp.packages,
    },
  ];
}

/** First line of `<tool> --version`, for the report. */
export async function toolVersion(tool: string): Promise<string> {
  try {
    return (await run(tool, ['--version'])).stdout.split('\n')[0]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function peer(rounds: number, list: () => Promise<number>): Promise<{ seconds: number[]; packages: number }> {
  const seconds: number[] = [];
  let packages = 0;
  for (let n = 0; n <= rounds; n++) {
    const result = await timed(list);
    // The first call is an untimed warm-up (page cache, npm's own start-up caches).
    if (n > 0) seconds.push(result.seconds);
    packages = result.value;
  }
  return { seconds, packages };
}

async function airlockDirectoryScan(directory: string, rounds: number): Promise<{ seconds: number[]; packages: number }> {
  const dataDir = await emptyDataDir();
  const seconds: number[] = [];
  let packages = 0;
  for (let n = 0; n < rounds; n++) {
    const scan = await scanOnce(directory, dataDir);
    seconds.push(scan.seconds);
    packages = scan.packages;
  }
  return { seconds, packages };
}

/** `npm ls` exits 1 when the tree has problems (extraneous or invalid packages) but still lists it. */
async function npmLs(): Promise<string> {
  try {
    return (await run('npm', ['ls', '--all', '--parseable'], { cwd: NODE_APP_DIR, maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (error) {
    const stdout = (error as { stdout?: unknown }).stdout;
    if (typeof stdout === 'string' && stdout !== '') return stdout;
    throw error;
  }
}

async function aptCandidate(name: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('apt-cache', ['policy', name]);
    const candidate = /Candidate:\s*(\S+)/.exec(stdout)?.[1];
    return candidate && candidate !== '(none)' ? candidate : undefined;
  } catch {
    return undefined;
  }
}

async function npmView(name: string): Promise<string> {
  try {
    const { stdout } = await run('npm', ['view', name, 'version'], { timeout: 30_000 });
    return stdout.trim() || 'no version';
  } catch (error) {
    const text = `${(error as { stderr?: unknown }).stderr ?? ''}`;
    return /E404/.test(text) ? 'E404 (no such package)' : `failed (${/npm error code (\S+)/.exec(text)?.[1] ?? 'no answer'})`;
  }
}

function lines(text: string): number {
  return text.split('\n').filter((line) => line.trim() !== '').length;
}
