/** Human durations used in configuration and the CLI: `90s`, `15m`, `24h`, `7d`, `2w`. */
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const PATTERN = /^(\d+)(ms|s|m|h|d|w)$/;

/** @returns milliseconds, or undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

export const DURATION_HELP = 'a duration such as 90s, 15m, 24h, 7d or 2w';
