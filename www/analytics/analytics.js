// The analytics page: reads CSV files locally, maps their columns, calls
// the core through the wrapper and shows the results. Every figure comes
// from the core; this file only parses input (csv.js), formats output
// with Intl and draws the monthly series as inline SVG.

import { PartnerScoringError } from '../lib/index.js';
import { locate, CsvError, FIELDS, SOURCES, defaultMapping } from './csv.js';
import { toCsv, toTsv, downloadCsv, copyText } from '../common/csv-export.js';

// Reading, parsing and every core call run in a Worker (worker.js), so a
// large file never freezes the page; this file keeps the mappings and draws.
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const pending = new Map();
let nextId = 1;
worker.onmessage = ({ data }) => {
  const p = pending.get(data.id);
  if (!p) return;
  if ('progress' in data) {
    p.onProgress?.(data.progress);
    return;
  }
  pending.delete(data.id);
  if (data.error) p.reject(fromWorker(data.error));
  else p.resolve(data.result);
};
worker.onerror = (e) => {
  for (const p of pending.values()) p.reject(new Error(e.message || 'the worker stopped'));
  pending.clear();
};

function ask(op, payload = {}, onProgress) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    const transfer = payload.bytes ? [payload.bytes] : [];
    worker.postMessage({ id, op, ...payload }, transfer);
  });
}

function fromWorker(e) {
  if (e.kind === 'csv') return new CsvError(e.message, e.row, e.column);
  if (e.kind === 'core') return new PartnerScoringError(e.code, e.message, e.path);
  return new Error(e.message);
}

const SLOTS = {
  partners: { kind: 'partners', section: 'programme' },
  deals: { kind: 'deals', section: 'programme' },
  ours: { kind: 'accounts', section: 'overlap' },
  theirs: { kind: 'accounts', section: 'overlap' },
};
const SAMPLES = {
  programme: { partners: 'samples/partners.csv', deals: 'samples/deals.csv', asOf: '2026-06-30' },
  overlap: { ours: 'samples/our-accounts.csv', theirs: 'samples/partner-accounts.csv' },
};
const SVG = 'http://www.w3.org/2000/svg';
const FIELD_LABELS = {
  id: 'Id', name: 'Name', type: 'Type', signedAt: 'Signed on', certified: 'Certified',
  partnerId: 'Partner id', source: 'Source', amount: 'Amount', currency: 'Currency', status: 'Status',
  registeredAt: 'Registered on', closedAt: 'Closed on', registrationStage: 'Registration stage',
  domain: 'Domain', hash: 'Hash (private mode)',
};

const state = { partners: null, deals: null, ours: null, theirs: null };
const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- formatting

function moneyFormat(currency) {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency });
  } catch {
    return new Intl.NumberFormat(undefined, { minimumFractionDigits: 2 });
  }
}
const money = (value, currency) => (value === null || value === undefined ? '–' : moneyFormat(currency).format(value));
const pct = (ratio) => (ratio === null || ratio === undefined
  ? '–'
  : new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 2 }).format(ratio));
const count = (n) => new Intl.NumberFormat().format(n);
const monthName = (ym) => {
  const [y, m] = ym.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
};

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---------------------------------------------------------------- errors

function showError(section, message) {
  const box = $(`${section}-error`);
  box.textContent = message;
  box.hidden = false;
  $(`${section}-results`).hidden = true;
}

function clearError(section) {
  const box = $(`${section}-error`);
  box.textContent = '';
  box.hidden = true;
}

/** Describes an error with the file, row and column it points at. */
function describe(err, files) {
  if (err instanceof CsvError) return err.message;
  if (err instanceof PartnerScoringError) {
    const where = locate(err.path, files);
    const at = where
      ? `${where.file}, row ${where.row}${where.column ? `, column "${where.column}"` : ''}`
      : err.path || 'input';
    const hint = err.code === 'unknown-source' && state.deals?.mapping.source >= 0
      ? ` Say what it means under "Values of ${state.deals.headers[state.deals.mapping.source]}" in the columns of the deals file.`
      : '';
    return `${at}: ${err.message} (${err.code})${hint}`;
  }
  return `Unexpected problem: ${err?.message ?? err}`;
}

// ---------------------------------------------------------------- files

// Each file keeps its own status: a file that could not be read says why
// beside its own drop zone, and keeps saying it when another file loads.
function setStatus(slot, text, problem = false) {
  const status = $(`${slot}-status`);
  status.textContent = text;
  status.classList.toggle('problem', problem);
}

// A file goes to the worker as bytes (or, for the samples, as text); the
// page keeps what it needs to draw the mapping controls and name rows.
async function load(slot, name, source) {
  const { kind, section } = SLOTS[slot];
  const status = $(`${slot}-status`);
  const bar = el('progress', { max: '1', value: '0', 'aria-label': `Reading ${name}` });
  status.classList.remove('problem');
  status.replaceChildren(`Reading ${name}… `, bar);
  state[slot] = null;
  try {
    const t = await ask('load', { slot, name, ...source }, (fraction) => {
      bar.value = fraction;
    });
    state[slot] = {
      name, headers: t.headers, rowCount: t.rowCount, distinct: t.distinct,
      mapping: defaultMapping(kind, t.headers), values: { source: {} },
    };
    setStatus(slot, `${name}: ${count(t.rowCount)} rows${t.notice ? `. ${t.notice}` : ''}`);
    renderMapping(slot);
  } catch (err) {
    state[slot] = null;
    const reason = `${name}: not read. ${describe(err, {})}`;
    setStatus(slot, reason, true);
    $(`${slot}-mapping-box`).hidden = true;
    await recompute(section);
    showError(section, reason);
    return;
  }
  await recompute(section);
}

async function loadFile(slot, file) {
  if (!file) return;
  await load(slot, file.name, { bytes: await file.arrayBuffer() });
}

function renderMapping(slot) {
  const { kind, section } = SLOTS[slot];
  const s = state[slot];
  const grid = $(`${slot}-mapping`);
  grid.replaceChildren();
  for (const { field, required } of FIELDS[kind]) {
    const id = `${slot}-map-${field}`;
    const wrap = el('div', { class: 'field' });
    wrap.append(el('label', { for: id }, `${FIELD_LABELS[field] ?? field}${required ? ' *' : ''}`));
    const select = el('select', { id, 'data-field': field });
    select.append(el('option', { value: '-1' }, '(none)'));
    s.headers.forEach((h, i) => select.append(el('option', { value: String(i) }, h)));
    select.value = String(s.mapping[field]);
    select.addEventListener('change', () => {
      s.mapping[field] = Number(select.value);
      if (kind === 'deals' && field === 'source') renderValueMap(slot);
      recompute(section);
    });
    wrap.append(select);
    grid.append(wrap);
  }
  if (kind === 'deals') renderValueMap(slot);
  $(`${slot}-mapping-box`).hidden = false;
}

const SOURCE_LABELS = {
  'partner-sourced': 'Partner-sourced', 'co-sold': 'Co-sold', 'partner-closed': 'Partner-closed', direct: 'Direct',
};

// CRM exports name the motion in their own words (HubSpot's Original Source
// says "Offline Sources", "Referrals"...). Each distinct value of the source
// column gets a control: read it as written, or as one of the core's four
// motions. The choice is kept per value while the file is loaded.
function renderValueMap(slot) {
  const s = state[slot];
  const box = $(`${slot}-values`);
  box.replaceChildren();
  s.values = s.values ?? { source: {} };
  const col = s.mapping.source;
  if (!(col >= 0)) {
    box.hidden = true;
    return;
  }
  const values = s.distinct[col] ?? [];
  box.append(el('legend', {}, `Values of "${s.headers[col]}"`));
  box.append(el('p', { class: 'hint' }, 'Say what each value in the file means. A value left as written must already be one of the four motions.'));
  const grid = el('div', { class: 'mapping-grid' });
  values.forEach((v, i) => {
    const id = `${slot}-value-${i}`;
    const wrap = el('div', { class: 'field' });
    wrap.append(el('label', { for: id }, v));
    const select = el('select', { id, 'data-value': v });
    select.append(el('option', { value: '' }, '(as written)'));
    for (const src of SOURCES) select.append(el('option', { value: src }, SOURCE_LABELS[src]));
    select.value = s.values.source[v] ?? '';
    select.addEventListener('change', () => {
      if (select.value === '') delete s.values.source[v];
      else s.values.source[v] = select.value;
      recompute(SLOTS[slot].section);
    });
    wrap.append(select);
    grid.append(wrap);
  });
  box.append(grid);
  box.hidden = values.length === 0;
}

// What the worker needs to turn a file into records: its mapping and values.
const spec = (slot) => ({ mapping: state[slot].mapping, values: state[slot].values });

const filesFor = (...slots) => Object.fromEntries(slots.filter((k) => state[k]).map((k) => [k, state[k]]));

function recompute(section) {
  return section === 'programme' ? recomputeProgramme() : recomputeOverlap();
}

// Only the answer to the latest request of a section is drawn.
const latest = { programme: 0, overlap: 0 };

// ---------------------------------------------------------------- programme

function fxTable(text) {
  const out = {};
  for (const part of text.split(/[,;\s]+/).filter(Boolean)) {
    const m = /^([A-Za-z]{3})\s*[=:]\s*(\S+)$/.exec(part);
    if (!m) throw new CsvError(`exchange rates: "${part}" is not CODE=rate (e.g. EUR=1.0825)`);
    out[m[1].toUpperCase()] = m[2];
  }
  return out;
}

async function recomputeProgramme() {
  const seq = ++latest.programme;
  clearError('programme');
  if (!state.partners || !state.deals) {
    $('programme-results').hidden = true;
    return;
  }
  try {
    const asOf = $('as-of').value;
    const fx = fxTable($('fx').value);
    if (!asOf) throw new CsvError('choose the "As of" date');
    const busy = $('programme-busy');
    busy.hidden = false;
    let answer;
    try {
      answer = await ask('programme', {
        partners: spec('partners'), deals: spec('deals'), options: { dateFormat: $('date-format').value },
        asOf, currency: $('currency').value.trim(), fx,
      });
    } finally {
      if (seq === latest.programme) busy.hidden = true;
    }
    if (seq !== latest.programme) return;
    renderProgramme(answer.metrics, answer.cards);
  } catch (err) {
    if (seq === latest.programme) showError('programme', describe(err, filesFor('partners', 'deals')));
  }
}

function metric(list, id, term, value, detail) {
  const div = el('div', { class: 'metric' });
  div.append(el('dt', {}, term));
  const dd = el('dd', { id }, value);
  if (detail) dd.append(' ', el('span', { class: 'detail' }, detail));
  div.append(dd);
  list.append(div);
}

const VERDICTS = { below: 'below the 20–35% target', within: 'within the 20–35% target', above: 'above the 20–35% target' };

// The last figures shown, for export: the core's exact decimal strings,
// not the formatted text.
const shown = { metrics: null, cards: null, coSell: null, names: null };

function renderProgramme(m, cards) {
  shown.metrics = m;
  shown.cards = cards;
  const cur = m.currency;
  $('window').textContent = `(${m.window.from} to ${m.window.to}, ${cur})`;
  const list = $('metrics');
  list.replaceChildren();
  metric(list, 'm-partner-revenue', 'Partner revenue', money(m.partnerSourcedRevenue, cur),
    `sourced ${money(m.revenueBySource.partnerSourced, cur)}, co-sold ${money(m.revenueBySource.coSold, cur)}, partner-closed ${money(m.revenueBySource.partnerClosed, cur)}`);
  metric(list, 'm-total-revenue', 'Total revenue', money(m.totalRevenue, cur));
  metric(list, 'm-partner-share', 'Partner share', pct(m.partnerShare), m.shareVerdict ? VERDICTS[m.shareVerdict] : 'no revenue yet');
  metric(list, 'm-active', 'Active partners', `${count(m.activePartners)} of ${count(m.recruitedPartners)}`,
    `${pct(m.activeShareTrailing12Months)} with a won deal in the last 12 months`);
  // [S2]'s activation rate counts a partner who has ever brought a deal.
  metric(list, 'm-activation', 'Activation rate', pct(m.activationRate), 'recruited partners who have ever brought a deal');
  metric(list, 'm-per-active', 'Revenue per active partner', money(m.revenuePerActivePartner, cur));
  metric(list, 'm-registration', 'Deal registration rate', pct(m.dealRegistrationRate), 'partners registering a deal in the last 90 days');
  metric(list, 'm-deal-size', 'Average deal size', `${money(m.averageDealSize.partner, cur)} partner`,
    `${money(m.averageDealSize.direct, cur)} direct; ratio ${m.averageDealSize.ratio ?? '–'}`);
  metric(list, 'm-win-rate', 'Win rate', `${pct(m.winRate.partner)} partner`, `${pct(m.winRate.direct)} direct`);
  const ttfd = m.timeToFirstDeal;
  metric(list, 'm-first-deal', 'Time to first deal', ttfd.medianDays === null ? '–' : `${ttfd.medianDays} days (median)`,
    `${pct(ttfd.shareUnder90Days)} under 90 days`);

  renderChart(m);

  const body = $('scorecards').tBodies[0];
  body.replaceChildren();
  for (const c of cards) {
    const tr = el('tr');
    const name = el('th', { scope: 'row' }, c.name);
    name.append(' ', el('span', { class: 'detail' }, c.partnerId));
    tr.append(name);
    tr.append(el('td', { class: `tier tier-${c.tier.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` }, c.tier));
    const days = ttfd.byPartner[c.partnerId];
    for (const value of [
      money(c.wonRevenue, cur),
      c.nextTier ? `${money(c.amountToNextTier, cur)} to ${c.nextTier}` : 'top tier',
      count(c.registeredDeals),
      money(c.openPipeline, cur),
      pct(c.winRate),
      money(c.commissionEarned, cur),
      days === null || days === undefined ? '–' : count(days),
    ]) tr.append(el('td', { class: 'num' }, value));
    body.append(tr);
  }
  $('conversions').textContent = m.conversions.length === 0
    ? ''
    : `Converted to ${cur} at: ${m.conversions.map((c) => `1 ${c.currency} = ${c.rate} ${cur} (${count(c.deals)} deals)`).join('; ')}.`;
  $('programme-results').hidden = false;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Bars per month: the total (light) with the partner part (dark) in front. */
// The chart is drawn at the width it is shown at (one SVG unit = one CSS
// pixel), so its labels keep their size on a phone instead of shrinking with
// a fixed viewBox; a narrow chart labels fewer months. Redrawn on resize.
let chartShown = null;
const chartObserver = typeof ResizeObserver === 'function'
  ? new ResizeObserver(() => {
    const box = document.getElementById('chart');
    if (chartShown && Math.abs(box.clientWidth - chartShown.width) >= 8) renderChart(chartShown.m);
  })
  : null;

function renderChart(m) {
  const cur = m.currency;
  const box = $('chart');
  const W = Math.max(280, Math.round(box.clientWidth || 720));
  chartShown = { m, width: W };
  chartObserver?.observe(box);
  const H = W < 480 ? 220 : 260;
  const pad = { left: W < 480 ? 48 : 64, right: 8, top: 12, bottom: 34 };
  const months = m.monthly;
  // Pixel scale only: heights are proportional to the core's totals.
  const max = Math.max(1, ...months.map((r) => Number(r.total)));
  const plotH = H - pad.top - pad.bottom;
  const slot = (W - pad.left - pad.right) / Math.max(1, months.length);
  const y = (v) => pad.top + plotH - (Number(v) / max) * plotH;
  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'chart-caption', class: 'bars', preserveAspectRatio: 'xMidYMid meet',
  });
  const compact = new Intl.NumberFormat(undefined, { style: 'currency', currency: cur, notation: 'compact', maximumFractionDigits: 1 });
  for (const f of [0, 0.5, 1]) {
    const gy = pad.top + plotH - f * plotH;
    root.append(svg('line', { x1: pad.left, x2: W - pad.right, y1: gy, y2: gy, class: 'grid' }));
    root.append(svg('text', { x: pad.left - 6, y: gy + 4, class: 'axis', 'text-anchor': 'end' }, compact.format(max * f)));
  }
  months.forEach((r, i) => {
    const x = pad.left + i * slot + slot * 0.15;
    const w = slot * 0.7;
    const g = svg('g', { class: 'month', 'data-month': r.month });
    g.append(svg('title', {}, `${r.month}: partner ${money(r.partnerSourced, cur)}, total ${money(r.total, cur)}`));
    g.append(svg('rect', { x, width: w, y: y(r.total), height: pad.top + plotH - y(r.total), class: 'total' }));
    g.append(svg('rect', { x, width: w, y: y(r.partnerSourced), height: pad.top + plotH - y(r.partnerSourced), class: 'partner' }));
    // A month name needs about 30 px; on a narrow chart every second or third one is named.
    const every = Math.max(1, Math.ceil(30 / slot));
    if (i % every === 0) {
      g.append(svg('text', { x: x + w / 2, y: H - pad.bottom + 16, class: 'axis', 'text-anchor': 'middle' }, monthName(r.month)));
    }
    if (i === 0 || r.month.endsWith('-01')) {
      g.append(svg('text', { x: x + w / 2, y: H - pad.bottom + 30, class: 'axis year', 'text-anchor': 'middle' }, r.month.slice(0, 4)));
    }
    root.append(g);
  });
  box.replaceChildren(root);
  const details = el('details', { class: 'chart-data' });
  details.append(el('summary', {}, 'Chart data'));
  const table = el('table');
  const head = el('tr');
  for (const h of ['Month', 'Partner', 'Total']) head.append(el('th', { scope: 'col' }, h));
  const thead = el('thead');
  thead.append(head);
  table.append(thead);
  const body = el('tbody');
  for (const r of months) {
    const tr = el('tr');
    tr.append(el('th', { scope: 'row' }, r.month));
    tr.append(el('td', { class: 'num' }, money(r.partnerSourced, cur)));
    tr.append(el('td', { class: 'num' }, money(r.total, cur)));
    body.append(tr);
  }
  table.append(body);
  details.append(table);
  box.append(details);
}

// ---------------------------------------------------------------- overlap

const isHashed = (slot) => state[slot] && state[slot].mapping.hash >= 0;

async function recomputeOverlap() {
  const seq = ++latest.overlap;
  clearError('overlap');
  const secret = $('secret').value;
  $('download-hashes').disabled = !(state.ours && !isHashed('ours') && secret !== '');
  if (!state.ours || !state.theirs) {
    $('overlap-results').hidden = true;
    return;
  }
  try {
    const { result, names } = await ask('overlap', {
      ours: spec('ours'), theirs: spec('theirs'), secret, matchBy: $('match-by').value,
    });
    if (seq !== latest.overlap) return;
    renderOverlap(result, new Map(Object.entries(names)));
  } catch (err) {
    if (seq === latest.overlap) showError('overlap', describe(err, filesFor('ours', 'theirs')));
  }
}

const STATUS = ['customer', 'prospect', 'opportunity'];
const STATUS_LABEL = { customer: 'Customer', prospect: 'Prospect', opportunity: 'Opportunity' };

function renderOverlap(r, names = new Map()) {
  shown.coSell = r.coSell;
  shown.names = names;
  const list = $('overlap-metrics');
  list.replaceChildren();
  metric(list, 'o-customer-overlap', 'Customer overlap', r.customerOverlapPct === null
    ? '–'
    : `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(r.customerOverlapPct)}%`,
  `${count(r.theirCustomersShared)} of their ${count(r.theirCustomers)} customers are in our list (the profile's customerOverlapPercent)`);
  metric(list, 'o-shared', 'Shared accounts', count(r.sharedAccounts), `${count(r.ourAccounts)} ours, ${count(r.theirAccounts)} theirs`);
  metric(list, 'o-cosell', 'Co-sell candidates', count(r.coSell.length));

  const body = $('matrix').tBodies[0];
  body.replaceChildren();
  for (const ours of STATUS) {
    const tr = el('tr');
    tr.append(el('th', { scope: 'row' }, STATUS_LABEL[ours]));
    for (const theirs of STATUS) {
      const cell = r.matrix.find((c) => c.ours === ours && c.theirs === theirs);
      tr.append(el('td', { class: 'num' }, count(cell ? cell.count : 0)));
    }
    body.append(tr);
  }
  const cs = $('cosell').tBodies[0];
  cs.replaceChildren();
  for (const c of r.coSell) {
    const tr = el('tr');
    const name = names.get(c.label ?? c.key) ?? names.get(c.key);
    const cell = el('td', {}, name ?? c.label ?? `${c.key.slice(0, 16)}…`);
    if (name && c.label && c.label !== name) cell.append(' ', el('span', { class: 'detail' }, c.label));
    tr.append(cell);
    tr.append(el('td', {}, c.by));
    tr.append(el('td', {}, STATUS_LABEL[c.ours]));
    cs.append(tr);
  }
  if (r.coSell.length === 0) {
    const tr = el('tr');
    tr.append(el('td', { colspan: '3' }, 'None'));
    cs.append(tr);
  }
  $('overlap-results').hidden = false;
}

async function downloadHashes() {
  try {
    const list = await ask('hashes', { ours: spec('ours'), secret: $('secret').value, matchBy: $('match-by').value });
    const text = ['hash,status', ...list.map((h) => `${h.hash},${h.status}`)].join('\r\n') + '\r\n';
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
    const a = el('a', { href: url, download: 'account-hashes.csv' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (err) {
    showError('overlap', describe(err, filesFor('ours')));
  }
}

// ---------------------------------------------------------------- export

// Each export is a header and rows of the core's own figures (decimal
// strings, ratios as fractions), so a spreadsheet gets the exact numbers.
function exportTable(kind) {
  if (kind === 'metrics') {
    const m = shown.metrics;
    const rows = [
      ['partnerSourcedRevenue', m.partnerSourcedRevenue],
      ['revenueBySource.partnerSourced', m.revenueBySource.partnerSourced],
      ['revenueBySource.coSold', m.revenueBySource.coSold],
      ['revenueBySource.partnerClosed', m.revenueBySource.partnerClosed],
      ['totalRevenue', m.totalRevenue],
      ['partnerShare', m.partnerShare],
      ['shareVerdict', m.shareVerdict],
      ['recruitedPartners', m.recruitedPartners],
      ['activePartners', m.activePartners],
      ['activeShareTrailing12Months', m.activeShareTrailing12Months],
      ['activationRate', m.activationRate],
      ['revenuePerActivePartner', m.revenuePerActivePartner],
      ['dealRegistrationRate', m.dealRegistrationRate],
      ['averageDealSize.partner', m.averageDealSize.partner],
      ['averageDealSize.direct', m.averageDealSize.direct],
      ['winRate.partner', m.winRate.partner],
      ['winRate.direct', m.winRate.direct],
      ['timeToFirstDeal.medianDays', m.timeToFirstDeal.medianDays],
      ['timeToFirstDeal.shareUnder90Days', m.timeToFirstDeal.shareUnder90Days],
    ];
    return {
      name: `programme-metrics-${m.window.to}.csv`,
      header: ['metric', 'value', 'currency', 'from', 'to'],
      rows: rows.map(([k, v]) => [k, v ?? '', m.currency, m.window.from, m.window.to]),
    };
  }
  if (kind === 'scorecards') {
    const days = shown.metrics.timeToFirstDeal.byPartner;
    return {
      name: `partner-scorecards-${shown.metrics.window.to}.csv`,
      header: ['partnerId', 'name', 'tier', 'wonRevenue', 'nextTier', 'amountToNextTier', 'registeredDeals',
        'openPipeline', 'winRate', 'commissionEarned', 'daysToFirstDeal', 'currency'],
      rows: shown.cards.map((c) => [c.partnerId, c.name, c.tier, c.wonRevenue, c.nextTier ?? '', c.amountToNextTier ?? '',
        c.registeredDeals, c.openPipeline, c.winRate ?? '', c.commissionEarned, days[c.partnerId] ?? '', shown.metrics.currency]),
    };
  }
  return {
    name: 'co-sell-list.csv',
    header: ['account', 'matchedOn', 'key', 'ourStatus'],
    rows: shown.coSell.map((c) => [shown.names.get(c.label ?? c.key) ?? shown.names.get(c.key) ?? c.label ?? c.key, c.by, c.key, c.ours]),
  };
}

async function exportAs(kind, as) {
  const status = document.querySelector(`[data-export-status="${kind}"]`);
  const t = exportTable(kind);
  if (as === 'csv') {
    downloadCsv(t.name, toCsv(t.header, t.rows));
    status.textContent = `Downloaded ${t.name}`;
  } else {
    const ok = await copyText(toTsv(t.header, t.rows));
    status.textContent = ok
      ? `Copied ${count(t.rows.length)} rows: paste them into a spreadsheet`
      : 'The browser did not allow copying: use the download instead';
  }
}

// ---------------------------------------------------------------- wiring

async function loadSamples(section) {
  const sample = SAMPLES[section];
  if (sample.asOf) $('as-of').value = sample.asOf;
  for (const slot of Object.keys(SLOTS).filter((k) => SLOTS[k].section === section)) {
    const res = await fetch(sample[slot]);
    if (!res.ok) {
      showError(section, `could not load ${sample[slot]}: HTTP ${res.status}`);
      return;
    }
    state[slot] = null;
    await load(slot, sample[slot].split('/').pop(), { text: await res.text() });
  }
}

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function wire() {
  for (const slot of Object.keys(SLOTS)) {
    const input = $(`${slot}-file`);
    input.addEventListener('change', () => loadFile(slot, input.files[0]));
    const drop = $(`${slot}-drop`);
    drop.addEventListener('dragover', (e) => {
      e.preventDefault();
      drop.classList.add('over');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      loadFile(slot, e.dataTransfer?.files?.[0]);
    });
  }
  for (const id of ['as-of', 'date-format', 'currency', 'fx']) $(id).addEventListener('change', recomputeProgramme);
  $('currency').addEventListener('input', recomputeProgramme);
  for (const id of ['match-by', 'secret']) $(id).addEventListener('input', recomputeOverlap);
  $('programme-sample').addEventListener('click', () => loadSamples('programme'));
  $('overlap-sample').addEventListener('click', () => loadSamples('overlap'));
  $('download-hashes').addEventListener('click', downloadHashes);
  for (const b of document.querySelectorAll('[data-export]')) {
    b.addEventListener('click', () => exportAs(b.dataset.export, b.dataset.as));
  }
}

async function main() {
  $('as-of').value = today();
  wire();
  try {
    await ask('fields');
  } catch (err) {
    showError('programme', `The WebAssembly module did not load: ${err.message}`);
    return;
  }
  document.documentElement.dataset.ready = 'true';
}

main();
