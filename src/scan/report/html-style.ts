/**
 * The HTML report's stylesheet, inline (the report requests nothing): system fonts,
 * severity colours that keep a 4.5:1 contrast with their text, light and dark
 * schemes, tables that scroll sideways instead of squeezing, and long digests,
 * purls and paths that wrap anywhere. Constant, so the CSP allows it by its hash.
 */
export const HTML_STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0; --link: #0550ae;
  --critical: #8b0000; --high: #c2410c; --medium: #8a6100; --low: #1d4ed8; --unknown: #5b6470; --ok: #116329; --bad: #a40e26; --warn: #8a6100; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d; --link: #6cb6ff;
    --critical: #ff7b72; --high: #ffa657; --medium: #e3b341; --low: #79c0ff; --unknown: #9198a1; --ok: #56d364; --bad: #ff7b72; --warn: #e3b341; }
}
[hidden] { display: none !important; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 110rem; padding: 1rem 1.5rem 3rem; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.5rem; margin: 0.5rem 0; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--line); }
a { color: var(--link); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; padding: 0; margin: 0.25rem 0 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ul.counts { list-style: none; display: flex; flex-wrap: wrap; gap: 0.5rem; padding: 0; margin: 1rem 0; }
ul.counts li { border: 1px solid var(--line); border-left: 0.35rem solid currentColor; border-radius: 0.3rem; padding: 0.3rem 0.75rem; background: var(--panel); }
ul.counts strong { font-size: 1.2rem; margin-left: 0.35rem; color: var(--fg); }
.sev { font-weight: 600; text-transform: uppercase; font-size: 0.8rem; letter-spacing: 0.02em; white-space: nowrap; }
.sev-critical { color: var(--critical); } .sev-high { color: var(--high); } .sev-medium { color: var(--medium); }
.sev-low { color: var(--low); } .sev-unknown { color: var(--unknown); }
.badge { display: inline-block; border: 2px solid currentColor; border-radius: 0.3rem; padding: 0.1rem 0.6rem; font-weight: 700; text-transform: uppercase; overflow-wrap: anywhere; }
.state-ok { color: var(--ok); } .state-bad { color: var(--bad); } .state-warn { color: var(--warn); } .state-other { color: var(--muted); }
ol.reasons { padding-left: 1.5rem; }
ol.reasons li { margin: 0.4rem 0; overflow-wrap: anywhere; }
.rule { font-weight: 600; }
.muted, .none { color: var(--muted); }
.warning { border-left: 0.3rem solid var(--warn); background: var(--panel); padding: 0.5rem 0.75rem; }
.filters { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 1rem; margin: 0.5rem 0; padding: 0.5rem 0.75rem; background: var(--panel); border: 1px solid var(--line); border-radius: 0.3rem; }
.filters input[type="search"] { min-width: 16rem; padding: 0.25rem 0.4rem; font: inherit; }
.filters output { margin-left: auto; color: var(--muted); }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 0.3rem; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; padding: 0.4rem 0.6rem; color: var(--muted); }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.6rem; border-top: 1px solid var(--line); unicode-bidi: isolate; }
td { overflow-wrap: break-word; }
td code { overflow-wrap: anywhere; }
td code.layer { white-space: nowrap; }
thead th { position: sticky; top: 0; background: var(--panel); white-space: nowrap; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
th button::after { content: "\\2195"; color: var(--muted); margin-left: 0.3rem; }
th[aria-sort="ascending"] button::after { content: "\\25B2"; color: var(--fg); }
th[aria-sort="descending"] button::after { content: "\\25BC"; color: var(--fg); }
tbody tr:hover { background: var(--panel); }
td ul { margin: 0.2rem 0 0; padding-left: 1rem; }
.aliases, .small { font-size: 0.85em; color: var(--muted); }
.no-match, .empty { color: var(--muted); font-style: italic; }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.85rem; }
@media print { .filters, nav { display: none !important; } .table-wrap { overflow: visible; border: 0; } thead th { position: static; } }
`;
