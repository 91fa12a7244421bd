/** Summary statistics for benchmark samples, and the units the report uses (MB = 10^6 bytes). */

export const MB = 1_000_000;
export const MiB = 1024 * 1024;

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (the value below which `p` percent of samples fall). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function megabytesPerSecond(bytes: number, seconds: number): number {
  return bytes / MB / seconds;
}

/** Wall time of `work` in seconds, from the monotonic clock. */
export async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { seconds: (performance.now() - start) / 1000, value };
}
