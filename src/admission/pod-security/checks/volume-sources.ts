/**
 * Which source a pod volume uses, read from its JSON keys (every key but `name` names a source type, e.g.
 * `hostPath`, `emptyDir`). A key whose value is null is unset, as a nil pointer is in Go.
 */
import type { Volume } from '../pod-schema.js';

export function volumeName(volume: Volume, index: number): string {
  return volume.name ? volume.name : `volumes[${index}]`;
}

export function volumeSources(volume: Volume): string[] {
  return Object.keys(volume).filter((key) => key !== 'name' && volume[key] !== null && volume[key] !== undefined);
}
