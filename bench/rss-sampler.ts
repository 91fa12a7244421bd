/**
 * Samples a process's memory from /proc/<pid>/status every 100 ms while some
 * work runs: VmRSS (resident now, its maximum over the samples is the observed
 * peak) and VmHWM (the kernel's own resident high-water mark, which also
 * catches spikes between samples but covers the whole life of the process).
 */
import { readFileSync } from 'node:fs';

export interface MemoryReading {
  rssBytes: number;
  hwmBytes: number;
}

export interface SampledWork<T> {
  value: T;
  samples: number;
  /** Highest VmRSS seen by the samples. */
  peakRssBytes: number;
  /** VmHWM when the work ended. */
  hwmBytes: number;
}

export function readMemory(pid: number): MemoryReading {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssBytes: field(status, 'VmRSS'), hwmBytes: field(status, 'VmHWM') };
}

export async function sampleMemory<T>(pid: number, work: () => Promise<T>, intervalMs = 100): Promise<SampledWork<T>> {
  let samples = 0;
  let peakRssBytes = 0;
  const sample = () => {
    const { rssBytes } = readMemory(pid);
    samples++;
    peakRssBytes = Math.max(peakRssBytes, rssBytes);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  try {
    const value = await work();
    sample();
    return { value, samples, peakRssBytes, hwmBytes: readMemory(pid).hwmBytes };
  } finally {
    clearInterval(timer);
  }
}

function field(status: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match?.[1]) throw new Error(`/proc status has no ${name}`);
  return Number(match[1]) * 1024;
}
