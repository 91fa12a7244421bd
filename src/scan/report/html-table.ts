/**
 * The tables of the HTML report and their filter bars, as markup the inline script
 * (html-script.ts) enhances: it turns each header of a `table.sortable` into a sort
 * button and wires each `.filters` bar to the table it names. Without JavaScript the
 * tables are complete and in their default order, and the bars stay hidden, because
 * controls that do nothing would mislead.
 */
import { html } from './html-escape.js';

export interface HtmlColumn {
  label: string;
  /** How the script compares the column's cells: as text (numeric-aware) or as numbers. */
  type?: 'text' | 'number';
}

export interface HtmlCell {
  /** Markup, already escaped. */
  html: string;
  /** The value to sort by when the shown text is not it (severity rank, score, layer index). */
  sort?: string | number;
}

export interface HtmlRow {
  cells: HtmlCell[];
  /** `data-*` attributes the filters read (names are Airlock's, values are escaped). */
  data?: Record<string, string>;
}

export interface HtmlTableOptions {
  id: string;
  caption: string;
  columns: readonly HtmlColumn[];
  rows: readonly HtmlRow[];
  /** Column the rows are already ordered by, ascending: marked with aria-sort. */
  sortedBy?: number;
}

export function htmlTable(options: HtmlTableOptions): string {
  const { id, caption, columns, rows, sortedBy } = options;
  const head = columns
    .map((column, i) => {
      const type = column.type === 'number' ? ' data-type="number"' : '';
      const sorted = i === sortedBy ? ' aria-sort="ascending"' : '';
      return `<th scope="col"${type}${sorted}>${html(column.label)}</th>`;
    })
    .join('');
  const body = rows.map((row, index) => tableRow(row, index)).join('\n');
  return [
    `<div class="table-wrap"><table class="sortable" id="${html(id)}">`,
    `<caption>${html(caption)}</caption>`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${body}\n</tbody>`,
    `</table></div>`,
    `<p class="no-match" id="${html(id)}-none" hidden>No rows match the filters.</p>`,
  ].join('\n');
}

function tableRow(row: HtmlRow, index: number): string {
  const data = Object.entries(row.data ?? {})
    .map(([name, value]) => ` data-${name}="${html(value)}"`)
    .join('');
  const cells = row.cells.map((cell) => `<td${cell.sort === undefined ? '' : ` data-sort="${html(cell.sort)}"`}>${cell.html}</td>`).join('');
  // The original position breaks ties, so sorting is stable and "unsorted" order can be restored.
  return `<tr data-index="${index}"${data}>${cells}</tr>`;
}

/**
 * A filter bar for table `tableId`: a search box (every word must occur in the row)
 * and any extra controls (`extra`, escaped markup). Hidden until the script runs.
 */
export function filterBar(tableId: string, label: string, extra = ''): string {
  const input = `${tableId}-search`;
  return [
    `<div class="filters" data-table="${html(tableId)}" hidden>`,
    `<label for="${html(input)}">${html(label)}</label> <input type="search" id="${html(input)}" autocomplete="off" spellcheck="false" placeholder="words to match">`,
    extra,
    `<output class="shown" aria-live="polite"></output>`,
    `</div>`,
  ].join('\n');
}

export interface FilterCheckbox {
  /** What the script filters on: `severity` (rows whose `data-severity` is a checked value) or `fixable` (when checked, rows with `data-fixable="true"`). */
  filter: 'severity' | 'fixable';
  value: string;
  label: string;
  checked: boolean;
  className?: string;
}

export function filterCheckbox(box: FilterCheckbox): string {
  const cls = box.className === undefined ? '' : ` class="${html(box.className)}"`;
  const checked = box.checked ? ' checked' : '';
  return `<label${cls}><input type="checkbox" data-filter="${box.filter}" value="${html(box.value)}"${checked}> ${html(box.label)}</label>`;
}
