// The analytics page: reads CSV files locally, maps their columns, calls
// the core through the wrapper and shows the results. Every figure comes
// from the core; this file only parses input (csv.js), formats output
// with Intl and draws the monthly series as inline SVG.

import {
  init,
  initAnalytics,
  programMetrics,
  partnerScorecards,
  accountOverlap,
  hashAccounts,
  PartnerScoringError,
} from '../lib/index.js';
import { parseCsv, defaultMapping, toRecords, locate, CsvError, FIELDS } from './csv.js';

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
    return `${at}: ${err.message} (${err.code})`;
  }
  return `Unexpected problem: ${err?.message ?? err}`;
}

// ---------------------------------------------------------------- files

function load(slot, name, text) {
  const { kind, section } = SLOTS[slot];
  const status = $(`${slot}-status`);
  try {
    const table = parseCsv(text);
    state[slot] = { name, headers: table.headers, rows: table.rows, mapping: defaultMapping(kind, table.headers) };
    status.textContent = `${name}: ${count(table.rows.length)} rows`;
    renderMapping(slot);
  } catch (err) {
    state[slot] = null;
    status.textContent = `${name}: not read`;
    $(`${slot}-mapping-box`).hidden = true;
    showError(section, `${name}: ${describe(err, {})}`);
    return;
  }
  recompute(section);
}

async function loadFile(slot, file) {
  if (!file) return;
  load(slot, file.name, await file.text());
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
      recompute(section);
    });
    wrap.append(select);
    grid.append(wrap);
  }
  $(`${slot}-mapping-box`).hidden = false;
}

function records(slot, options) {
  const s = state[slot];
  try {
    return toRecords(SLOTS[slot].kind, s, s.mapping, options);
  } catch (err) {
    if (err instanceof CsvError) throw new CsvError(`${s.name}: ${err.message}`, err.row, err.column);
    throw err;
  }
}

const filesFor = (...slots) => Object.fromEntries(slots.filter((k) => state[k]).map((k) => [k, state[k]]));

function recompute(section) {
  if (section === 'programme') recomputeProgramme();
  else recomputeOverlap();
}

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

function recomputeProgramme() {
  clearError('programme');
  if (!state.partners || !state.deals) {
    $('programme-results').hidden = true;
    return;
  }
  try {
    const options = { dateFormat: $('date-format').value };
    const input = {
      partners: records('partners', options),
      deals: records('deals', options),
      asOf: $('as-of').value,
    };
    const currency = $('currency').value.trim();
    if (currency) input.currency = currency;
    const fx = fxTable($('fx').value);
    if (Object.keys(fx).length > 0) input.fx = fx;
    if (!input.asOf) throw new CsvError('choose the "As of" date');
    // As JSON text: from CSV cells (text only) it is the same input, and it
    // crosses into WebAssembly about twice as fast as objects.
    const text = JSON.stringify(input);
    const metrics = programMetrics(text);
    const cards = partnerScorecards(text);
    renderProgramme(metrics, cards);
  } catch (err) {
    showError('programme', describe(err, filesFor('partners', 'deals')));
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

function renderProgramme(m, cards) {
  const cur = m.currency;
  $('window').textContent = `(${m.window.from} to ${m.window.to}, ${cur})`;
  const list = $('metrics');
  list.replaceChildren();
  metric(list, 'm-partner-revenue', 'Partner revenue', money(m.partnerSourcedRevenue, cur),
    `sourced ${money(m.revenueBySource.partnerSourced, cur)}, co-sold ${money(m.revenueBySource.coSold, cur)}, partner-closed ${money(m.revenueBySource.partnerClosed, cur)}`);
  metric(list, 'm-total-revenue', 'Total revenue', money(m.totalRevenue, cur));
  metric(list, 'm-partner-share', 'Partner share', pct(m.partnerShare), m.shareVerdict ? VERDICTS[m.shareVerdict] : 'no revenue yet');
  metric(list, 'm-active', 'Active partners', `${count(m.activePartners)} of ${count(m.recruitedPartners)}`,
    `activation rate ${pct(m.activationRate)}`);
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
function renderChart(m) {
  const cur = m.currency;
  const W = 720;
  const H = 260;
  const pad = { left: 64, right: 8, top: 12, bottom: 34 };
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
    g.append(svg('text', { x: x + w / 2, y: H - pad.bottom + 16, class: 'axis', 'text-anchor': 'middle' }, monthName(r.month)));
    if (i === 0 || r.month.endsWith('-01')) {
      g.append(svg('text', { x: x + w / 2, y: H - pad.bottom + 30, class: 'axis year', 'text-anchor': 'middle' }, r.month.slice(0, 4)));
    }
    root.append(g);
  });
  const box = $('chart');
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

function hashed(slot, secret, matchBy) {
  const list = records(slot);
  if (isHashed(slot)) return list;
  try {
    return hashAccounts(JSON.stringify(list), secret, matchBy);
  } catch (err) {
    if (err instanceof PartnerScoringError && err.path.startsWith('list')) {
      throw new PartnerScoringError(err.code, err.message, slot + err.path.slice(4));
    }
    throw err;
  }
}

function recomputeOverlap() {
  clearError('overlap');
  const secret = $('secret').value;
  $('download-hashes').disabled = !(state.ours && !isHashed('ours') && secret !== '');
  if (!state.ours || !state.theirs) {
    $('overlap-results').hidden = true;
    return;
  }
  const matchBy = $('match-by').value;
  try {
    let result;
    if (secret !== '') {
      result = accountOverlap(JSON.stringify({ ours: hashed('ours', secret, matchBy), theirs: hashed('theirs', secret, matchBy) }));
    } else if (isHashed('ours') || isHashed('theirs')) {
      throw new CsvError('a list holds hashes: enter the shared secret to hash the other list the same way');
    } else {
      result = accountOverlap(JSON.stringify({ ours: records('ours'), theirs: records('theirs'), matchBy }));
    }
    renderOverlap(result);
  } catch (err) {
    showError('overlap', describe(err, filesFor('ours', 'theirs')));
  }
}

const STATUS = ['customer', 'prospect', 'opportunity'];
const STATUS_LABEL = { customer: 'Customer', prospect: 'Prospect', opportunity: 'Opportunity' };

function renderOverlap(r) {
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
    tr.append(el('td', {}, c.label ?? `${c.key.slice(0, 16)}…`));
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

function downloadHashes() {
  try {
    const list = hashed('ours', $('secret').value, $('match-by').value);
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
    load(slot, sample[slot].split('/').pop(), await res.text());
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
}

async function main() {
  $('as-of').value = today();
  wire();
  try {
    // The analytics functions live in their own module (README.md, "Two modules").
    await Promise.all([init(), initAnalytics()]);
  } catch (err) {
    showError('programme', `The WebAssembly module did not load: ${err.message}`);
    return;
  }
  document.documentElement.dataset.ready = 'true';
}

main();
