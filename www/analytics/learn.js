// "Learn from your history": the analytics page's panel for fitProfile
// (README.md, "Learn the profile from outcomes"). It reads the partners CSV
// (columns named after the profile's fields), takes the outcome from a
// column or from the deals CSV ("a won deal within N months of signing"),
// calls the core, and shows the weights before and after, the held-out AUC
// of both and the calibration by band as an inline SVG chart. The fitted
// profile goes to <partner-profile-editor> when the page has one, and is
// offered as JSON to download. Every figure comes from the core; this file
// only reads cells, derives the outcome from dates, and draws.
//
// Reading the files, deriving the outcomes and the fit itself run in the
// page's Worker (worker.js, ops `load` and `learn`, which call the helpers
// exported here), so a large history never blocks the page; the page
// keeps the column choices and draws the result.
import { init, builtinProfiles, PartnerScoringError } from '../lib/index.js';
import { CsvError, toIsoDate, headerKey } from './csv.js';

const SVG = 'http://www.w3.org/2000/svg';
const TRUE = new Set(['true', 'yes', 'y', '1', 'active', 'won']);
const FALSE = new Set(['false', 'no', 'n', '0', 'inactive', 'lost']);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Reads a boolean outcome cell; undefined when it is neither. */
export function outcomeOf(cell) {
  const t = String(cell ?? '').trim().toLowerCase();
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  return undefined;
}

/** Adds whole months to an ISO date (the day clamped to the month's end). */
export function addMonths(iso, months) {
  const [y, m, d] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

// toIsoDate gives YYYY-MM-DD, or the cell unchanged when it is not a date.
function isoOrNull(cell) {
  const iso = toIsoDate(String(cell ?? ''));
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : null;
}

/**
 * Outcome per partner from the deals: true when the partner has a won deal
 * closed within `months` of its signing date. Throws with the row at fault.
 */
export function outcomesFromDeals(partners, deals, cols, months) {
  const signed = partners.rows.map((r, i) => {
    const iso = isoOrNull(r[cols.signed]);
    if (iso === null) throw new Error(`partners row ${i + 2}: "${r[cols.signed] ?? ''}" in ${partners.headers[cols.signed]} is not a date`);
    return iso;
  });
  const wonBy = new Map();
  deals.rows.forEach((r, i) => {
    if (!/won/i.test(r[cols.stage] ?? '')) return;
    const iso = isoOrNull(r[cols.close]);
    if (iso === null) throw new Error(`deals row ${i + 2}: "${r[cols.close] ?? ''}" in ${deals.headers[cols.close]} is not a date`);
    const id = String(r[cols.dealPartner] ?? '').trim();
    (wonBy.get(id) ?? wonBy.set(id, []).get(id)).push(iso);
  });
  return partners.rows.map((r, i) => {
    const id = String(r[cols.id] ?? '').trim();
    const end = addMonths(signed[i], months);
    return (wonBy.get(id) ?? []).some((d) => d >= signed[i] && d <= end);
  });
}

/** Outcome per partner from a yes/no column. Throws with the row at fault. */
export function outcomesFromColumn(partners, col) {
  return partners.rows.map((r, i) => {
    const v = outcomeOf(r[col]);
    if (v === undefined) throw new Error(`partners row ${i + 2}: "${r[col] ?? ''}" in ${partners.headers[col]} is not yes/no, true/false or 1/0`);
    return v;
  });
}

/**
 * The worker's side of a fit (worker.js op `learn`): the outcomes from a
 * column or from the deals, the partner rows as records, and the core's
 * fitProfile on them, as objects (the wrapper sends the fields the profile
 * reads as typed columns, faster than JSON text). `lib` is the wrapper the
 * worker loaded. Answers `{fitted,
 * sample}`: the core's `{profile, report}` and the first partner's record,
 * which the profile editor's preview scores.
 */
export function learnFromTables(lib, partners, deals, { mode, column, cols, months, profile }) {
  let outcomes;
  if (mode === 'column') {
    outcomes = outcomesFromColumn(partners, column);
  } else {
    if (!deals) throw new Error('Choose the deals CSV, or take the outcome from a column.');
    if (!Number.isInteger(months) || months < 1 || months > 120) throw new Error('Months must be a whole number from 1 to 120.');
    outcomes = outcomesFromDeals(partners, deals, cols, months);
  }
  const records = recordsOf(partners);
  return { fitted: lib.fitProfile({ records, outcomes, profile }), sample: records[0] ?? {} };
}

/** Partner rows as records for the core: header → trimmed cell, blanks left out. */
export function recordsOf(table) {
  return table.rows.map((r) => {
    const rec = {};
    table.headers.forEach((h, c) => {
      const v = (r[c] ?? '').trim();
      if (h && v !== '') rec[h.trim()] = v;
    });
    return rec;
  });
}

/** The calibration chart: one bar per band, its height the observed rate. */
export function calibrationChart(calibration) {
  const w = 360;
  const h = 180;
  const pad = 28;
  const bw = (w - pad * 2) / Math.max(1, calibration.length);
  const root = svg('svg', { viewBox: `0 0 ${w} ${h}`, role: 'img', 'aria-labelledby': 'learn-cal-title', class: 'learn-chart' });
  root.append(svg('title', { id: 'learn-cal-title' }, 'Observed outcome rate by band of the fitted profile, on held-out scores'));
  root.append(svg('line', { x1: pad, y1: h - pad, x2: w - pad, y2: h - pad, class: 'axis' }));
  calibration.forEach((b, i) => {
    const rate = b.rate ?? 0;
    const bh = (h - pad * 2) * rate;
    const x = pad + i * bw + bw * 0.15;
    root.append(svg('rect', { x, y: h - pad - bh, width: bw * 0.7, height: bh, class: 'bar' }));
    root.append(svg('text', { x: x + bw * 0.35, y: h - pad - bh - 4, 'text-anchor': 'middle', class: 'value' }, b.rate === null ? 'none' : `${Math.round(rate * 100)}%`));
    root.append(svg('text', { x: x + bw * 0.35, y: h - pad + 14, 'text-anchor': 'middle', class: 'label' }, `${b.band} (${b.count})`));
  });
  return root;
}

function guess(headers, patterns) {
  const keys = headers.map(headerKey);
  for (const p of patterns) {
    const i = keys.findIndex((k) => p.test(k));
    if (i >= 0) return i;
  }
  return 0;
}

// The worker, started on first use, and its requests by id.
let worker = null;
const pending = new Map();
let nextId = 1;

function ask(op, payload = {}) {
  if (worker === null) {
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => {
      const p = pending.get(data.id);
      if (!p || 'progress' in data) return;
      pending.delete(data.id);
      if (data.error) p.reject(fromWorker(data.error));
      else p.resolve(data.result);
    };
    worker.onerror = (e) => {
      for (const p of pending.values()) p.reject(new Error(e.message || 'the worker stopped'));
      pending.clear();
    };
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, ...payload }, payload.bytes ? [payload.bytes] : []);
  });
}

function fromWorker(e) {
  if (e.kind === 'csv') return new CsvError(e.message, e.row, e.column);
  if (e.kind === 'core') return new PartnerScoringError(e.code, e.message, e.path);
  return new Error(e.message);
}

// Sends the chosen file to the worker, which parses and keeps it; answers
// its headers and row count.
async function readTable(input, slot) {
  const file = input.files?.[0];
  if (!file) return null;
  return ask('load', { slot, name: file.name, bytes: await file.arrayBuffer() });
}

function fillSelect(select, headers, index) {
  select.replaceChildren(...headers.map((h, i) => el('option', { value: String(i), text: h || `(column ${i + 1})` })));
  select.value = String(index);
}

function build(section) {
  const ids = builtinProfiles().map((p) => p.id);
  const f = {
    partners: el('input', { type: 'file', id: 'learn-partners', accept: '.csv,text/csv' }),
    deals: el('input', { type: 'file', id: 'learn-deals', accept: '.csv,text/csv' }),
    profile: el('select', { id: 'learn-profile' }),
    modeColumn: el('input', { type: 'radio', name: 'learn-mode', id: 'learn-mode-column', value: 'column' }),
    modeDeals: el('input', { type: 'radio', name: 'learn-mode', id: 'learn-mode-deals', value: 'deals' }),
    outcome: el('select', { id: 'learn-outcome' }),
    id: el('select', { id: 'learn-id' }),
    signed: el('select', { id: 'learn-signed' }),
    dealPartner: el('select', { id: 'learn-deal-partner' }),
    close: el('select', { id: 'learn-close' }),
    stage: el('select', { id: 'learn-stage' }),
    months: el('input', { type: 'number', id: 'learn-months', min: '1', max: '120', step: '1', value: '12' }),
    run: el('button', { type: 'button', id: 'learn-run', text: 'Learn weights' }),
    status: el('p', { id: 'learn-status', class: 'file-status', 'aria-live': 'polite', text: 'No partners file yet.' }),
    result: el('div', { id: 'learn-result' }),
  };
  f.modeDeals.checked = true;
  f.profile.replaceChildren(...ids.map((id) => el('option', { value: id, text: id })));
  const field = (label, control, forId) => el('div', { class: 'field' }, el('label', { for: forId, text: label }), control);
  section.replaceChildren(
    el('h2', { id: 'learn-heading', text: 'Learn from your history' }),
    el('p', { class: 'hint', text: 'Checks a profile against your own partners: which criteria told apart the partners who became active. The weights are re-fitted to your history and tested on partners the fit did not see (held-out folds). This shows associations in your history, not causes, and only among partners you chose to recruit. It needs at least 20 active and 20 inactive partners; below about 100 of each the held-out AUC moves by 0.1 or more by chance. Nothing leaves this page.' }),
    el('div', { class: 'files' },
      el('div', { class: 'drop' }, el('label', { for: 'learn-partners', text: 'Partners CSV (columns named after the profile fields)' }), f.partners),
      el('div', { class: 'drop' }, el('label', { for: 'learn-deals', text: 'Deals CSV (for the outcome from deals)' }), f.deals)),
    el('div', { class: 'options' },
      field('Base profile', f.profile, 'learn-profile'),
      el('fieldset', { class: 'learn-mode' }, el('legend', { text: 'Outcome' }),
        el('label', { for: 'learn-mode-deals' }, f.modeDeals, ' a won deal within'), f.months, el('label', { for: 'learn-months', text: ' months of signing' }),
        el('br'),
        el('label', { for: 'learn-mode-column' }, f.modeColumn, ' a column of the partners CSV (yes/no, true/false, 1/0)'))),
    el('div', { class: 'options' },
      field('Outcome column', f.outcome, 'learn-outcome'),
      field('Partner id', f.id, 'learn-id'),
      field('Signing date', f.signed, 'learn-signed'),
      field('Deal partner id', f.dealPartner, 'learn-deal-partner'),
      field('Deal close date', f.close, 'learn-close'),
      field('Deal stage', f.stage, 'learn-stage')),
    f.run, f.status, f.result,
  );
  return f;
}

function showError(f, err) {
  const where = err instanceof PartnerScoringError ? ` (${err.code}${err.path ? ` at ${err.path}` : ''})` : '';
  f.status.textContent = `${err.message}${where}`;
  f.result.replaceChildren();
}

function render(f, { fitted, sample }, base) {
  const { report, profile } = fitted;
  const rows = report.importance.map((c) => el('tr', {},
    el('th', { scope: 'row', text: c.label }),
    el('td', { text: String(c.base) }),
    el('td', { text: c.dropped ? 'dropped' : String(c.fitted) }),
    el('td', { text: `${c.low} – ${c.high}` })));
  const table = el('table', { class: 'learn-weights' },
    el('caption', { text: 'Weights out of 100, before and after (95% bootstrap interval of the fitted share)' }),
    el('thead', {}, el('tr', {}, ...['Criterion', 'Base', 'Fitted', 'Interval'].map((t) => el('th', { scope: 'col', text: t })))),
    el('tbody', {}, ...rows));
  const auc = el('p', { class: 'learn-auc', text: `Held-out AUC: fitted ${report.auc.fitted}, base ${report.auc.base} (mean of ${report.folds} folds; per fold ${report.auc.byFold.map((a) => `${a.fitted}/${a.base}`).join(', ')}). Top tenth: ${Math.round(report.lift.topDecileRate * 100)}% active against ${Math.round(report.lift.overallRate * 100)}% overall (lift ${report.lift.lift}). ${report.n} partners, ${report.positives} active.` });
  const warnings = el('ul', { class: 'learn-warnings' }, ...report.warnings.map((w) => el('li', { text: w.message })));
  const blob = new Blob([JSON.stringify(profile, null, 2)], { type: 'application/json' });
  const download = el('a', { href: URL.createObjectURL(blob), download: `${profile.id}-fitted.json`, id: 'learn-download', text: 'Download the fitted profile (JSON)' });
  // The page's <partner-profile-editor> (www/editor/) receives the fitted
  // profile as it is, validates it with the core and previews it.
  const editor = document.getElementById('learn-profile-editor');
  const handOff = editor && customElements.get('partner-profile-editor')
    ? el('button', { type: 'button', id: 'learn-to-editor', text: 'Open in the profile editor' })
    : null;
  handOff?.addEventListener('click', () => {
    editor.profile = profile;
    editor.sample = sample;
    const box = document.getElementById('learn-editor');
    box.hidden = false;
    box.scrollIntoView?.();
    document.getElementById('learn-editor-heading')?.focus();
  });
  f.result.replaceChildren(auc, calibrationChart(report.calibration), table, warnings, el('p', {}, download, ' ', handOff));
  f.status.textContent = `Fitted ${base} on ${report.n} partners.`;
}

async function main() {
  const section = document.getElementById('learn');
  if (!section) return;
  // The core, for the built-in profiles' ids; fitProfile runs in the worker.
  await init();
  const f = build(section);
  let partners = null;
  let deals = null;
  f.partners.addEventListener('change', async () => {
    try {
      partners = await readTable(f.partners, 'learn-partners');
      if (!partners) return;
      fillSelect(f.outcome, partners.headers, guess(partners.headers, [/active/, /outcome/, /success/]));
      fillSelect(f.id, partners.headers, guess(partners.headers, [/^record id$/, /\bid$/]));
      fillSelect(f.signed, partners.headers, guess(partners.headers, [/since/, /sign/, /start/, /date/]));
      f.status.textContent = `Partners: ${partners.rowCount} rows, ${partners.headers.length} columns.`;
    } catch (err) {
      showError(f, err);
    }
  });
  f.deals.addEventListener('change', async () => {
    try {
      deals = await readTable(f.deals, 'learn-deals');
      if (!deals) return;
      fillSelect(f.dealPartner, deals.headers, guess(deals.headers, [/partner.*\bid$/, /partner/]));
      fillSelect(f.close, deals.headers, guess(deals.headers, [/close/, /date/]));
      fillSelect(f.stage, deals.headers, guess(deals.headers, [/stage/, /status/]));
      f.status.textContent = `Deals: ${deals.rowCount} rows.`;
    } catch (err) {
      showError(f, err);
    }
  });
  f.run.addEventListener('click', async () => {
    try {
      if (!partners) throw new Error('Choose the partners CSV first.');
      const profile = f.profile.value;
      f.status.textContent = 'Fitting…';
      f.run.disabled = true;
      const fitted = await ask('learn', {
        profile,
        mode: f.modeColumn.checked ? 'column' : 'deals',
        column: Number(f.outcome.value),
        cols: {
          id: Number(f.id.value), signed: Number(f.signed.value), dealPartner: Number(f.dealPartner.value),
          close: Number(f.close.value), stage: Number(f.stage.value),
        },
        months: Number(f.months.value),
      });
      render(f, fitted, profile);
    } catch (err) {
      showError(f, err);
    } finally {
      f.run.disabled = false;
    }
  });
}

if (typeof document !== 'undefined') main();
