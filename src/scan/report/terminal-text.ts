/**
 * Text from images and advisories shown on a terminal. Package names, summaries and
 * paths are attacker-controlled: an ESC sequence in a package description could
 * recolour, hide or rewrite the report, and bidi overrides could reorder what the
 * reader sees. Every control character is replaced before anything is printed.
 *
 * Widths are counted in code points; East Asian wide characters and emoji take two
 * terminal cells and may make a line a little longer than measured.
 */

// C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings/overrides/isolates.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** One line of plain text: whitespace controls become spaces, every other control U+FFFD. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => (c === '\t' || c === '\n' || c === '\r' ? ' ' : '\uFFFD'));
}

export function displayWidth(text: string): number {
  return Array.from(text).length;
}

/** At most `width` code points; a cut is marked with an ellipsis. */
export function truncate(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  if (width <= 0) return '';
  return `${chars.slice(0, width - 1).join('')}…`;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
