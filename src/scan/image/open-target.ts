/**
 * `airlock scan <target>`: `oci:<dir>[:<ref>]`, `docker-archive:<file>[:<name:tag>]`,
 * `docker://<reference>` or a bare reference (any registry), or a directory
 * holding a root filesystem.
 */
import { existsSync, statSync } from 'node:fs';
import { OciError, parseImageReference } from '../../oci/index.js';
import { openDockerArchive } from './docker-archive-source.js';
import { DEFAULT_PLATFORM, type ImageSource, type PlatformWanted } from './image-source.js';
import { openOciLayout } from './oci-layout-source.js';
import { openRegistryImage, type RegistryAccessOptions } from './registry-source.js';
import { ScanTargetError } from './scan-target-error.js';

export interface OpenTargetOptions extends RegistryAccessOptions {
  platform?: PlatformWanted;
}

export async function openTarget(target: string, options: OpenTargetOptions = {}): Promise<ImageSource> {
  const platform = options.platform ?? DEFAULT_PLATFORM;
  if (target.startsWith('oci:')) {
    const { path, reference } = splitPathAndReference(target.slice('oci:'.length));
    return openOciLayout(path, reference, platform, target);
  }
  if (target.startsWith('docker-archive:')) {
    const { path, reference } = splitPathAndReference(target.slice('docker-archive:'.length));
    return openDockerArchive(path, reference, target);
  }
  if (!target.startsWith('docker://') && isDirectory(target)) {
    return { name: target, layers: [], rootfs: target, close: async () => undefined };
  }
  const text = target.replace(/^docker:\/\//, '');
  let reference;
  try {
    reference = parseImageReference(text);
  } catch (error) {
    if (error instanceof OciError) {
      throw new ScanTargetError('TARGET_INVALID', `"${target}" is neither an image reference, oci:<dir>, docker-archive:<file> nor a directory: ${error.message}`);
    }
    throw error;
  }
  return openRegistryImage(reference, platform, target, options);
}

/** `path[:reference]` where the path itself may contain ':' — the longest existing prefix wins. */
function splitPathAndReference(text: string): { path: string; reference?: string } {
  if (existsSync(text)) return { path: text };
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    if (existsSync(text.slice(0, i))) return { path: text.slice(0, i), reference: text.slice(i + 1) || undefined };
  }
  throw new ScanTargetError('TARGET_NOT_FOUND', `${text.split(':')[0]} does not exist`);
}

function isDirectory(target: string): boolean {
  try {
    return statSync(target).isDirectory();
  } catch {
    return false;
  }
}
