/** Prints results as aligned columns for people or JSON for scripts (`--json`). */
export interface OutputOptions {
  json?: boolean;
}

export function printTable(rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[], options: OutputOptions, raw: unknown = rows): void {
  if (options.json) {
    console.log(JSON.stringify(raw, null, 2));
    return;
  }
  const cells = rows.map((row) => columns.map((column) => formatCell(column, row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((line) => (line[i] as string).length)));
  const line = (values: readonly string[]) => values.map((value, i) => value.padEnd(widths[i] as number)).join('  ').trimEnd();
  console.log(line(columns.map((column) => column.toUpperCase())));
  for (const row of cells) console.log(line(row));
}

export function printObject(value: Record<string, unknown>, options: OutputOptions): void {
  if (options.json) {
    console.log(JSON.stringify(value, null, 2));
    return;
  }
  const width = Math.max(...Object.keys(value).map((key) => key.length));
  for (const [key, item] of Object.entries(value)) console.log(`${`${key}:`.padEnd(width + 1)} ${formatCell(key, item)}`);
}

/** Fields named `…At` hold epoch milliseconds. */
function formatCell(key: string, value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number' && key.endsWith('At')) return new Date(value).toISOString();
  if (Array.isArray(value)) return value.map((item) => formatCell(key, item)).join(',') || '-';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
