// The calculator's shadow-root styles, adopted as a constructed stylesheet
// (no <style> element, so a host's `style-src 'self'` policy is satisfied).
// Every colour, the font and the radius come from documented custom
// properties (README.md, "Theming"); the defaults meet WCAG AA contrast in
// light and dark schemes.

const LIGHT = `
  --_bg: var(--roi-bg, #ffffff);
  --_surface: var(--roi-surface, #f4f6fa);
  --_fg: var(--roi-fg, #1d2330);
  --_muted: var(--roi-muted, #4f5869);
  --_border: var(--roi-border, #cfd5df);
  --_accent: var(--roi-accent, #2f5bd3);
  --_accent-fg: var(--roi-accent-contrast, #ffffff);
  --_positive: var(--roi-positive, #17683b);
  --_negative: var(--roi-negative, #b3261e);
  --_warning: var(--roi-warning, #8a5100);
  --_focus: var(--roi-focus, #1a47c0);
  color-scheme: light;
`;

const DARK = `
  --_bg: var(--roi-dark-bg, #14171f);
  --_surface: var(--roi-dark-surface, #1e2330);
  --_fg: var(--roi-dark-fg, #e8ebf2);
  --_muted: var(--roi-dark-muted, #aab2c2);
  --_border: var(--roi-dark-border, #3b4354);
  --_accent: var(--roi-dark-accent, #8fb0ff);
  --_accent-fg: var(--roi-dark-accent-contrast, #0d1630);
  --_positive: var(--roi-dark-positive, #6fd39a);
  --_negative: var(--roi-dark-negative, #ff8f86);
  --_warning: var(--roi-dark-warning, #f2c46b);
  --_focus: var(--roi-dark-focus, #b4c9ff);
  color-scheme: dark;
`;

export const STYLES = `
:host {
  ${LIGHT}
  --_font: var(--roi-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  --_radius: var(--roi-radius, 10px);
  display: block;
  container-type: inline-size;
  font-family: var(--_font);
  font-size: var(--roi-font-size, 1rem);
  line-height: 1.45;
  color: var(--_fg);
}
:host([hidden]) { display: none; }
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) { ${DARK} }
}
:host([theme="dark"]) { ${DARK} }

* { box-sizing: border-box; }
[hidden] { display: none !important; }

.calc {
  background: var(--_bg);
  color: var(--_fg);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  padding: 20px;
}
:host([compact]) .calc { padding: 12px; }

.title { margin: 0 0 4px; font-size: 1.25em; line-height: 1.25; }
:host([compact]) .title { font-size: 1.1em; }
.intro { margin: 0 0 16px; color: var(--_muted); }
:host([compact]) .intro { display: none; }

.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}

/* Tabs (mode="both") */
.tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--_border); margin-bottom: 16px; flex-wrap: wrap; }
.tab {
  font: inherit; color: var(--_muted); background: none; border: 0;
  border-bottom: 3px solid transparent; padding: 8px 10px; cursor: pointer; font-size: 0.95em;
  margin-bottom: -1px; transition: color 0.15s, border-color 0.15s;
}
.tab[aria-selected="true"] { color: var(--_fg); border-bottom-color: var(--_accent); font-weight: 600; }
.tab:hover { color: var(--_fg); }

.panel-grid { display: grid; gap: 20px; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 720px) {
  :host(:not([compact])) .panel-grid { grid-template-columns: minmax(0, 5fr) minmax(0, 6fr); gap: 28px; }
}

/* Fields */
.field { margin: 0 0 14px; }
.field-head { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; flex-wrap: wrap; }
label, .label { font-weight: 600; font-size: 0.95em; }
.field-row { display: grid; grid-template-columns: minmax(0, 1fr) 9.5em; gap: 10px; align-items: center; margin-top: 4px; }
@container (max-width: 420px) {
  .field-row { grid-template-columns: minmax(0, 1fr) 7.5em; gap: 8px; }
  .calc { padding: 14px 12px; }
  fieldset { padding: 8px 10px 0; }
  .tab { flex: 1 1 0; text-align: center; padding: 8px 4px; }
  .compare { font-size: 0.9em; }
  .compare th, .compare td { padding: 6px 4px; }
}
.box { display: flex; align-items: center; border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 0.6); background: var(--_bg); }
.box:focus-within { outline: 2px solid var(--_focus); outline-offset: 1px; }
.box .unit { padding: 0 8px 0 0; color: var(--_muted); font-size: 0.9em; white-space: nowrap; }
.box .unit.before { padding: 0 0 0 8px; }
input.num {
  font: inherit; color: var(--_fg); background: transparent; border: 0; outline: none;
  width: 100%; min-width: 0; padding: 6px 8px; text-align: right; font-variant-numeric: tabular-nums;
}
.field[data-invalid] .box { border-color: var(--_negative); box-shadow: inset 0 0 0 1px var(--_negative); }
input[type="range"] { width: 100%; margin: 0; accent-color: var(--_accent); min-height: 24px; }
input[type="range"]:focus-visible, input[type="checkbox"]:focus-visible, button:focus-visible, .tab:focus-visible, .share-url:focus-visible {
  outline: 2px solid var(--_focus); outline-offset: 2px;
}
.hint { margin: 2px 0 0; color: var(--_muted); font-size: 0.85em; }
.error { margin: 4px 0 0; color: var(--_negative); font-size: 0.88em; font-weight: 600; }
.error:empty { display: none; }

fieldset { border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 0.8); margin: 0 0 14px; padding: 10px 12px 0; min-width: 0; }
legend { font-weight: 700; padding: 0 4px; }
.whatif { border-style: dashed; }
.toggle { display: flex; gap: 8px; align-items: flex-start; margin: 0 0 10px; font-weight: 600; }
.toggle input { margin-top: 0.3em; accent-color: var(--_accent); width: 1.05em; height: 1.05em; flex: none; }
.cite { color: var(--_muted); font-size: 0.85em; font-weight: normal; margin: 0 0 10px; }

/* Results */
.results { min-width: 0; }
.stale-note {
  margin: 0 0 10px; padding: 8px 10px; border: 1px solid var(--_warning); border-left-width: 4px;
  border-radius: calc(var(--_radius) * 0.6); color: var(--_fg); font-size: 0.9em; font-weight: 600;
}
/* Out-of-date figures: struck through and muted (still AA contrast), charts faded. */
.results[data-stale] output, .results[data-stale] td { color: var(--_muted); text-decoration: line-through; }
.results[data-stale] svg { opacity: 0.4; }
/* As many columns as fit a figure of about fifteen characters: two on a
   wide results column, one on a phone or a narrow results column. */
.headline { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(15em, 100%), 1fr)); gap: 10px; margin: 0 0 14px; }
.metric { background: var(--_surface); border-radius: calc(var(--_radius) * 0.8); padding: 10px 12px; min-width: 0; }
.metric .k { display: block; color: var(--_muted); font-size: 0.85em; }
/* A figure never breaks inside a number: lines break only at spaces (Intl
   keeps a number and its currency together with no-break spaces), and the
   size follows the calculator's width so that long figures still fit. */
.metric output {
  display: block; font-size: 1.3em; font-weight: 700; font-variant-numeric: tabular-nums;
  overflow-wrap: normal; word-break: keep-all; hyphens: none;
}
:host([compact]) .metric output { font-size: 1.1em; }
.metric.wide { grid-column: 1 / -1; }
.metric .sub { display: block; color: var(--_muted); font-size: 0.85em; overflow-wrap: break-word; }
.metric output.verdict-box { font-size: 1em; font-weight: normal; }
.metric output.verdict-box .verdict { font-size: 1.05em; margin: 2px 0 4px; }
[data-sign="negative"] { color: var(--_negative); }
.facts { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 4px 12px; margin: 0 0 14px; }
.facts dt { color: var(--_muted); }
.facts dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
.facts output { font-weight: 600; }

.verdict { display: inline-block; padding: 2px 8px; border-radius: 999px; font-weight: 700; font-size: 0.9em; border: 1px solid currentColor; }
.verdict[data-verdict="motivated"], .verdict[data-verdict="within"] { color: var(--_positive); }
.verdict[data-verdict="under-motivated"], .verdict[data-verdict="below"], .verdict[data-verdict="above"] { color: var(--_warning); }
.verdict[data-verdict="loses-money"] { color: var(--_negative); }

.band { margin: 0 0 14px; }
.band svg { display: block; width: 100%; height: 22px; margin-top: 6px; }
.band .track { fill: var(--_surface); stroke: var(--_border); stroke-width: 0.3; }
.band .target { fill: var(--_positive); opacity: 0.35; }
.band .marker { fill: var(--_fg); transition: x 0.25s ease; }

.chart { margin: 0 0 14px; }
:host([compact]) .chart { display: none; }
.chart svg { display: block; width: 100%; height: auto; max-height: 260px; }
.chart .bar { transition: y 0.25s ease, height 0.25s ease; }
.chart .bar.revenue { fill: var(--_accent); }
.chart .bar.profit { fill: var(--_accent); opacity: 0.7; }
.chart .bar.cost { fill: var(--_warning); }
.chart .bar.net { fill: var(--_positive); }
.chart .bar.net[data-sign="negative"] { fill: var(--_negative); }
.chart .axis { stroke: var(--_border); stroke-width: 1; }
.chart text { fill: var(--_fg); font-family: var(--_font); font-size: 11px; }
.chart text.value { font-weight: 700; }
.chart text.name { fill: var(--_muted); }

.cashflow { margin: 0 0 14px; }
.cashflow figcaption { font-weight: 700; margin: 0 0 4px; }
.cashflow svg { display: block; width: 100%; height: auto; max-height: 260px; }
.cashflow .axis { stroke: var(--_border); stroke-width: 1; }
.cashflow .cash-line { fill: none; stroke: var(--_positive); stroke-width: 2.5; stroke-linejoin: round; }
.cashflow .cash-line[data-sign="negative"] { stroke: var(--_negative); }
.cashflow .payback { fill: var(--_bg); stroke: var(--_fg); stroke-width: 2; }
.cashflow text { fill: var(--_fg); font-family: var(--_font); font-size: 11px; }
.cashflow text.value { font-weight: 700; }
.cashflow text.name { fill: var(--_muted); }
.cashflow text.never { fill: var(--_negative); font-weight: 700; font-size: 14px; }
.cash-verdict { margin: 4px 0 0; font-weight: 600; }
:host([compact]) .cashflow { display: none; }
.cta { margin: 12px 0 0; }

.table-wrap { overflow-x: auto; margin: 0 0 14px; }
.table-wrap:focus-visible { outline: 2px solid var(--_focus); outline-offset: 2px; }
.table-wrap table { margin: 0; }
table { width: 100%; border-collapse: collapse; margin: 0 0 14px; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 700; padding: 0 0 6px; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--_border); text-align: left; }
th[scope="row"] { font-weight: normal; }
th[scope="col"] { color: var(--_muted); font-weight: 600; font-size: 0.9em; }
.num { text-align: right; }

.notes { margin: 16px 0 0; padding: 12px 0 0; border-top: 1px solid var(--_border); color: var(--_muted); font-size: 0.85em; }
.notes p { margin: 0 0 6px; }
:host([compact]) .notes { margin-top: 10px; }

.share { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 16px 0 0; }
.share label { flex: 1 1 100%; }
.share-url {
  flex: 1 1 14em; min-width: 0; font: inherit; font-size: 0.85em; color: var(--_fg);
  background: var(--_surface); border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 0.6); padding: 6px 8px;
}
button.action {
  font: inherit; font-weight: 600; color: var(--_accent-fg); background: var(--_accent);
  border: 0; border-radius: calc(var(--_radius) * 0.6); padding: 7px 14px; cursor: pointer;
}
.status { min-height: 1.45em; margin: 8px 0 0; font-size: 0.9em; }
.status[data-kind="error"] { color: var(--_negative); font-weight: 600; }
.load-error { color: var(--_negative); font-weight: 600; }

@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { transition: none !important; animation: none !important; scroll-behavior: auto !important; }
}
@media (forced-colors: active) {
  .chart .bar, .band .marker, .band .target { fill: CanvasText; }
  .cashflow .cash-line { stroke: CanvasText; }
}
`;
