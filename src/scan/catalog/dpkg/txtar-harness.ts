/**
 * Reads Go txtar archives (golang.org/x/tools/txtar), the format of Trivy's dpkg
 * test data: a free-text comment, then files introduced by `-- name --` lines.
 * Test-only: excluded from the build.
 */
export function parseTxtar(text: string): Map<string, string> {
  const files = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (name !== undefined) files.set(name, lines.length > 0 ? `${lines.join('\n')}\n` : '');
  };
  for (const line of text.split('\n')) {
    const marker = /^-- (.+) --$/.exec(line);
    if (marker?.[1]) {
      flush();
      name = marker[1].trim();
      lines = [];
    } else if (name !== undefined) {
      lines.push(line);
    }
  }
  if (lines.at(-1) === '') lines.pop();
  flush();
  return files;
}
