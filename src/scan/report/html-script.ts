/**
 * The HTML report's only script: sorting and filtering of the tables marked up by
 * html-table.ts. Plain ES2017 run by the browser as written (it is not compiled), so
 * it holds no report data at all: it reads the rows already in the document, which
 * keeps it constant and lets the CSP allow exactly this text by its hash.
 *
 * - Every header of a `table.sortable` becomes a button; a click sorts by that column
 *   (ascending, then descending on the next click) and moves `aria-sort` to it. Cells
 *   sort by `data-sort` when they have it, else by their text; ties keep the
 *   original order (`data-index`).
 * - A `.filters` bar shows only the rows of its table that contain every word typed
 *   in its search box, whose severity is checked, and (with "fixable only") that
 *   have a fix; it says how many rows are shown.
 */
export const HTML_SCRIPT = `
(function () {
  'use strict';
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  function key(row, column) {
    var cell = row.cells[column];
    if (!cell) return '';
    var value = cell.getAttribute('data-sort');
    return value === null ? cell.textContent.trim() : value;
  }

  function sortTable(table, header, direction) {
    var column = header.cellIndex;
    var numeric = header.getAttribute('data-type') === 'number';
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sign = direction === 'ascending' ? 1 : -1;
    rows.sort(function (a, b) {
      var x = key(a, column);
      var y = key(b, column);
      var order = numeric ? (Number(x) || 0) - (Number(y) || 0) : collator.compare(x, y);
      return sign * order || Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index'));
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
    each(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute('aria-sort'); });
    header.setAttribute('aria-sort', direction);
  }

  function sortable(table) {
    each(table.tHead.rows[0].cells, function (header) {
      var button = document.createElement('button');
      button.type = 'button';
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener('click', function () {
        var next = header.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
        sortTable(table, header, next);
      });
    });
  }

  function filters(bar) {
    var id = bar.getAttribute('data-table');
    var table = document.getElementById(id);
    if (!table) return;
    var none = document.getElementById(id + '-none');
    var search = bar.querySelector('input[type="search"]');
    var severities = bar.querySelectorAll('input[data-filter="severity"]');
    var fixable = bar.querySelector('input[data-filter="fixable"]');
    var shown = bar.querySelector('output');
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = new Map(rows.map(function (row) { return [row, row.textContent.toLowerCase()]; }));

    function apply() {
      var words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
      var allowed = {};
      each(severities, function (box) { allowed[box.value] = box.checked; });
      var count = 0;
      rows.forEach(function (row) {
        var text = texts.get(row);
        var visible = words.every(function (word) { return text.indexOf(word) !== -1; }) &&
          (severities.length === 0 || allowed[row.getAttribute('data-severity')] === true) &&
          (!fixable || !fixable.checked || row.getAttribute('data-fixable') === 'true');
        row.hidden = !visible;
        if (visible) count += 1;
      });
      shown.textContent = 'Showing ' + count + ' of ' + rows.length;
      if (none) none.hidden = count > 0;
    }

    bar.addEventListener('input', apply);
    bar.addEventListener('change', apply);
    bar.hidden = false;
    apply();
  }

  each(document.querySelectorAll('table.sortable'), sortable);
  each(document.querySelectorAll('.filters'), filters);
  document.documentElement.classList.add('js');
})();
`;
