// The demo page: pick a profile, edit a partner record, see the score and
// its reasons; and a small partner-economics calculator. Every figure comes
// from the WebAssembly module through the wrapper; this file only builds
// the form, formats for display (Intl) and inserts text (never HTML).

import {
  init,
  builtinProfiles,
  scorePartner,
  recommendPartnerType,
  validateProfile,
  partnerReturn,
  PartnerScoringError,
} from '../lib/index.js';
import {
  valueInWords, statusInWords, gateInWords, bandsInWords, errorInWords, ungatedScore, SCORE_MEANING, COVERAGE_MEANING,
} from '../common/explain.js';
import '../editor/partner-profile-editor.js';
import { toCsv, toTsv, downloadCsv, copyText } from '../common/csv-export.js';

const $ = (id) => document.getElementById(id);

const state = {
  builtins: [],
  profile: null, // the profile object in use
  custom: false, // whether it is a custom profile
  record: {}, // the record being edited
};

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const multipleFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

// ---- small DOM helpers (text only, never HTML) ----

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'className') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key in node && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

function setText(id, text) {
  $(id).textContent = text;
}

function slug(text) {
  return String(text).replace(/[^A-Za-z0-9_-]+/g, '-');
}

function displayValue(value) {
  if (value === undefined || value === null) return '—';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(', ');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

// ---- errors ----

function showError(err, context, boxId = 'error') {
  const box = $(boxId);
  box.replaceChildren();
  if (err === null) {
    box.hidden = true;
    return;
  }
  // The message first, in words; the code and the field path on a details line.
  const words = errorInWords(err);
  box.append(
    el('strong', { text: context ? `${context}: ` : '' }),
    el('span', { className: 'error-message', text: words.message }),
    el('span', { className: 'error-detail', text: words.detail }),
  );
  box.hidden = false;
}

// ---- example record ----

// A plausible value for a criterion, taken from the profile's own data.
function exampleValue(criterion) {
  switch (criterion.kind) {
    case 'range': {
      const curve = Array.isArray(criterion.curve) ? criterion.curve : [];
      if (curve.length === 0) return 0;
      // The second-highest point: a good but not perfect value.
      const point = curve[curve.length >= 3 ? curve.length - 2 : curve.length - 1];
      return Array.isArray(point) ? Number(point[0]) : 0;
    }
    case 'category': {
      const keys = Object.keys(criterion.values ?? {});
      return keys.length > 1 ? keys[1] : (keys[0] ?? '');
    }
    case 'flag':
      return criterion.gate && 'required' in criterion.gate ? Boolean(criterion.gate.required) : true;
    case 'tags': {
      const wanted = Array.isArray(criterion.wanted) ? criterion.wanted : [];
      return wanted.slice(0, Math.max(1, Math.ceil(wanted.length / 2)));
    }
    default:
      return null;
  }
}

function criteriaOf(profile) {
  return Array.isArray(profile?.criteria) ? profile.criteria.filter((c) => c && typeof c.field === 'string') : [];
}

// Fills every field the profile reads (and, for the recommendation, every
// field of the built-in profiles) that the record does not have yet.
function fillExample(record, profiles) {
  for (const profile of profiles) {
    for (const criterion of criteriaOf(profile)) {
      if (!(criterion.field in record)) {
        const value = exampleValue(criterion);
        if (value !== null) record[criterion.field] = value;
      }
    }
  }
  return record;
}

// ---- the record form ----

function inputFor(criterion, id, value) {
  const describedBy = `${id}-hint`;
  switch (criterion.kind) {
    case 'range':
      return el('input', {
        id,
        type: 'number',
        step: 'any',
        inputmode: 'decimal',
        'aria-describedby': describedBy,
        value: typeof value === 'number' || typeof value === 'string' ? String(value) : '',
      });
    case 'category': {
      const select = el('select', { id, 'aria-describedby': describedBy });
      select.append(el('option', { value: '', text: '(blank)' }));
      const keys = Object.keys(criterion.values ?? {});
      for (const key of keys) select.append(el('option', { value: key, text: key }));
      if (typeof value === 'string' && value !== '' && !keys.includes(value)) {
        select.append(el('option', { value, text: `${value} (not in profile)` }));
      }
      select.value = value === undefined || value === null ? '' : String(value);
      return select;
    }
    case 'flag': {
      const select = el('select', { id, 'aria-describedby': describedBy });
      select.append(
        el('option', { value: '', text: '(blank)' }),
        el('option', { value: 'true', text: 'true' }),
        el('option', { value: 'false', text: 'false' }),
      );
      select.value = value === true ? 'true' : value === false ? 'false' : '';
      return select;
    }
    case 'tags':
      return el('input', {
        id,
        type: 'text',
        autocomplete: 'off',
        'aria-describedby': describedBy,
        value: Array.isArray(value) ? value.join(', ') : value === undefined || value === null ? '' : String(value),
      });
    default:
      return el('input', { id, type: 'text', 'aria-describedby': describedBy, value: displayValue(value) });
  }
}

function hintFor(criterion) {
  const parts = [`field “${criterion.field}”`, `weight ${criterion.weight}`];
  if (criterion.kind === 'tags' && Array.isArray(criterion.wanted)) parts.push(`wanted: ${criterion.wanted.join(', ')}`);
  if (criterion.kind === 'range' && Array.isArray(criterion.curve) && criterion.curve.length > 0) {
    const xs = criterion.curve.map((p) => (Array.isArray(p) ? p[0] : '?'));
    parts.push(`scale ${xs[0]}–${xs[xs.length - 1]}`);
  }
  if (criterion.gate) parts.push('must-have');
  return parts.join(' · ');
}

function readInput(criterion, input) {
  const raw = input.value;
  switch (criterion.kind) {
    case 'range': {
      if (raw.trim() === '') return undefined;
      const n = Number(raw);
      return Number.isFinite(n) ? n : raw;
    }
    case 'flag':
      return raw === '' ? undefined : raw === 'true';
    case 'tags': {
      if (raw.trim() === '') return undefined;
      return raw.split(',').map((t) => t.trim()).filter((t) => t !== '');
    }
    default:
      return raw.trim() === '' ? undefined : raw;
  }
}

function buildForm() {
  const container = $('record-fields');
  container.replaceChildren();
  const seen = new Set();
  for (const criterion of criteriaOf(state.profile)) {
    if (seen.has(criterion.field)) continue; // one input per record field
    seen.add(criterion.field);
    const id = `field-${slug(criterion.field)}`;
    const input = inputFor(criterion, id, state.record[criterion.field]);
    input.dataset.field = criterion.field;
    input.addEventListener(criterion.kind === 'range' || criterion.kind === 'tags' ? 'input' : 'change', () => {
      const value = readInput(criterion, input);
      if (value === undefined) delete state.record[criterion.field];
      else state.record[criterion.field] = value;
      syncJson();
      update();
    });
    container.append(
      el('div', { className: 'field' },
        el('label', { for: id },
          criterion.label ?? criterion.field,
          criterion.gate ? el('span', { className: 'badge', text: 'must-have' }) : null),
        input,
        el('p', { id: `${id}-hint`, className: 'hint', text: hintFor(criterion) })),
    );
  }
}

function syncJson() {
  $('record-json').value = JSON.stringify(state.record, null, 2);
}

function syncFormFromRecord() {
  for (const criterion of criteriaOf(state.profile)) {
    const input = document.getElementById(`field-${slug(criterion.field)}`);
    if (!input) continue;
    const fresh = inputFor(criterion, input.id, state.record[criterion.field]);
    if (input.tagName === 'SELECT') {
      // Rebuild options so an out-of-profile value still shows.
      input.replaceChildren(...fresh.childNodes);
      input.value = fresh.value;
    } else {
      input.value = fresh.value;
    }
  }
}

// ---- results ----

function renderMeaning(result) {
  const bands = bandsInWords(state.profile);
  const current = bands.find((b) => b.label === result.band);
  setText('band-meaning', current ? `${current.label} (${current.range}): ${current.meaning ?? 'a band of this profile.'}` : '');
  setText('score-meaning-text', SCORE_MEANING);
  setText('coverage-meaning', COVERAGE_MEANING);
  $('band-list').replaceChildren(...bands.map((b) => el('li', { 'aria-current': b === current ? 'true' : null },
    el('strong', { text: b.label }), ` ${b.range}`, b.meaning ? ` — ${b.meaning}` : '')));
}

function renderResult(result) {
  setText('score', numberFormat.format(result.score));
  const band = $('band');
  band.textContent = result.band ?? '–';
  band.className = `band band-${slug(String(result.band ?? 'none').toLowerCase())}`;
  setText('coverage', percentFormat.format(Number(result.coverage)));
  setText('profile-name', state.profile?.name ?? result.profileId);
  renderMeaning(result);

  const criteria = criteriaOf(state.profile);
  const dq = $('disqualified');
  const gates = $('failed-gates');
  gates.replaceChildren();
  for (const gate of result.failedGates ?? []) {
    const criterion = criteria.find((c) => c.id === gate.criterion);
    const line = (result.contributions ?? []).find((c) => c.criterion === gate.criterion);
    gates.append(el('li', { text: gateInWords(gate, criterion, line) }));
  }
  dq.hidden = !result.disqualified;
  // A disqualified score is 0; the breakdown shows what the partner would
  // score without the gate (the core's figure once it gives one).
  const ungated = ungatedScore(result);
  setText('why-heading', result.disqualified ? 'What it would score without the gate' : 'Why this score');
  setText('why-hint', result.disqualified
    ? `The score is 0 because a must-have failed. Without it, the criteria below give ${ungated === null ? 'the points shown' : `${numberFormat.format(ungated)} of 100`}.`
    : 'Criteria sorted by points lost. Open a criterion to see where it comes from.');

  const body = $('contributions').tBodies[0];
  body.replaceChildren();
  const rows = [...(result.contributions ?? [])].sort(
    (a, b) => (b.maxPoints - b.points) - (a.maxPoints - a.points),
  );
  for (const c of rows) {
    const share = c.maxPoints > 0 ? Math.max(0, Math.min(1, c.points / c.maxPoints)) : 0;
    const fill = el('span', { className: 'bar-fill' });
    fill.style.width = `${(share * 100).toFixed(1)}%`;
    const criterion = criteria.find((x) => x.id === c.criterion);
    const about = el('details', { className: 'source' },
      el('summary', { text: 'Where this comes from' }),
      criterion?.source ? el('p', { text: criterion.source }) : null,
      el('p', { className: 'sub', text: `Record field: ${c.field}` }));
    body.append(
      el('tr', { className: `row-${slug(c.status)}` },
        el('th', { scope: 'row' }, el('span', { text: c.label ?? c.criterion }), about),
        el('td', { className: 'value', text: valueInWords(criterion, c.value, c.status) }),
        el('td', {}, el('span', { className: `status status-${slug(c.status)}`, text: statusInWords(c.status) })),
        el('td', { className: 'num' },
          el('span', { className: 'points', text: `${numberFormat.format(c.points)} / ${numberFormat.format(c.maxPoints)}` }),
          el('span', { className: 'bar', 'aria-hidden': 'true' }, fill))),
    );
  }

  const missing = $('missing-fields');
  // Missing data by the criteria's labels, not by field names.
  missing.replaceChildren(...(result.missingFields ?? []).map((f) => {
    const labels = criteria.filter((c) => c.field === f).map((c) => c.label);
    return el('li', { text: labels.length ? labels.join('; ') : f });
  }));
  $('missing-none').hidden = (result.missingFields ?? []).length > 0;
}

function clearResult() {
  setText('score', '–');
  const band = $('band');
  band.textContent = '–';
  band.className = 'band';
  setText('coverage', '–');
  setText('band-meaning', '');
  $('disqualified').hidden = true;
  $('contributions').tBodies[0].replaceChildren();
  $('missing-fields').replaceChildren();
  $('missing-none').hidden = true;
  $('recommendations').replaceChildren();
}

function renderRecommendations(ranking) {
  const list = $('recommendations');
  list.replaceChildren();
  const best = ranking.length > 0 ? ranking[0].score : 0;
  for (const r of ranking) {
    const fill = el('span', { className: 'bar-fill' });
    fill.style.width = `${Math.max(0, Math.min(100, r.score)).toFixed(1)}%`;
    list.append(
      el('li', { className: r.score === best && best > 0 ? 'best' : '' },
        el('span', { className: 'type', text: r.partnerType }),
        el('span', { className: 'bar', 'aria-hidden': 'true' }, fill),
        el('span', { className: 'rec-score', text: `${numberFormat.format(r.score)} · ${r.band ?? ''}` })),
    );
  }
}

// The record goes to the module as JSON text when the textarea does not
// parse, so the module itself reports the fault (code invalid-json).
let recordText = null;

function update() {
  if (recordText === null) $('profile-editor').sample = state.record;
  try {
    const record = recordText ?? state.record;
    const result = scorePartner(record, state.custom ? state.profile : state.profile.id);
    lastResult = result;
    renderResult(result);
    renderRecommendations(recommendPartnerType(record));
    showError(null);
  } catch (err) {
    lastResult = null;
    clearResult();
    showError(err, 'Scoring');
  }
}

// ---- export ----

let lastResult = null;

const EXPORT_HEADER = ['Profile', 'Score', 'Band', 'Disqualified', 'Coverage', 'Criterion', 'Record field', 'Value', 'Status', 'Points', 'Max points'];

// One row per criterion of the last result; the record's values go out as
// given, neutralised against CSV injection by csv-export.js.
function exportRows() {
  if (lastResult === null) return [];
  const r = lastResult;
  return (r.contributions ?? []).map((c) => [
    state.profile?.name ?? r.profileId, r.score, r.band ?? '', r.disqualified ? 'yes' : 'no', r.coverage,
    c.label ?? c.criterion, c.field, c.value, c.status, c.points, c.maxPoints,
  ]);
}

function exportName() {
  return `partner-score-${slug(state.profile?.id ?? 'profile')}.csv`;
}

// ---- profiles ----

function fillProfileSelect() {
  const select = $('profile-select');
  select.replaceChildren();
  for (const profile of state.builtins) {
    select.append(el('option', { value: profile.id, text: `${profile.name} (${profile.partnerType})` }));
  }
  select.append(el('option', { value: '__custom', text: 'Custom profile…' }));
  select.disabled = false;
}

function useProfile(profile, custom, fromEditor = false) {
  state.profile = profile;
  state.custom = custom;
  fillExample(state.record, [profile]);
  buildForm();
  syncJson();
  recordText = null;
  const editor = $('profile-editor');
  if (!fromEditor) editor.profile = profile;
  editor.sample = state.record;
  update();
}

function showProblems(errors) {
  const list = $('profile-problems');
  list.replaceChildren(
    ...errors.map((e) => {
      const words = errorInWords(e);
      return el('li', {}, el('span', { className: 'error-message', text: words.message }), el('span', { className: 'error-detail', text: words.detail }));
    }),
  );
  list.hidden = errors.length === 0;
}

function applyCustomProfile() {
  const text = $('profile-json').value;
  try {
    const verdict = validateProfile(text);
    if (!verdict.ok) {
      showProblems(verdict.errors);
      const first = verdict.errors[0];
      showError(new PartnerScoringError(first.code, first.message, first.path), 'Custom profile');
      return;
    }
    showProblems([]);
    useProfile(JSON.parse(text), true);
    $('profile-select').value = '__custom';
  } catch (err) {
    showProblems(err instanceof PartnerScoringError ? [{ code: err.code, path: err.path, message: err.message }] : []);
    showError(err, 'Custom profile');
  }
}

function copySelectedProfile() {
  $('profile-json').value = JSON.stringify(state.profile, null, 2);
}

// ---- partner economics ----

const econIds = ['econ-payout', 'econ-hours', 'econ-cost', 'econ-target'];

const VERDICTS = {
  'loses-money': ['Loses money', 'The deal pays less per hour than the partner’s own time is worth.'],
  'under-motivated': ['Under-motivated', 'It pays, but not enough for the partner to prioritise you.'],
  motivated: ['Motivated', 'The partner has a reason to put you first.'],
};

function updateEconomics() {
  const currency = $('econ-currency').value;
  const input = { currency };
  const names = { 'econ-payout': 'payoutPerDeal', 'econ-hours': 'hoursPerDeal', 'econ-cost': 'opportunityCostPerHour', 'econ-target': 'targetMultiple' };
  for (const id of econIds) {
    const raw = $(id).value.trim();
    if (raw !== '') input[names[id]] = raw; // decimal text: exact in the module
  }
  const money = new Intl.NumberFormat(undefined, { style: 'currency', currency });
  try {
    const r = partnerReturn(input);
    setText('econ-hourly', `${money.format(r.hourlyReturn)} / hour`);
    setText('econ-multiple', `${multipleFormat.format(r.multiple)}×`);
    const verdict = $('econ-verdict');
    const [label, detail] = VERDICTS[r.verdict] ?? [r.verdict, ''];
    verdict.textContent = label;
    verdict.className = `verdict verdict-${slug(r.verdict)}`;
    setText('econ-verdict-detail', detail);
    setText('econ-required', money.format(r.requiredPayoutPerDeal));
    setText('econ-gap', money.format(r.payoutGap));
    showError(null, '', 'econ-error');
  } catch (err) {
    for (const id of ['econ-hourly', 'econ-multiple', 'econ-required', 'econ-gap']) setText(id, '–');
    const verdict = $('econ-verdict');
    verdict.textContent = '–';
    verdict.className = 'verdict';
    setText('econ-verdict-detail', '');
    showError(err, 'Partner economics', 'econ-error');
  }
}

// ---- wiring ----

function wire() {
  $('profile-select').addEventListener('change', (event) => {
    const id = event.target.value;
    if (id === '__custom') {
      const details = $('custom-profile');
      details.open = true;
      if ($('profile-json').value.trim() === '') copySelectedProfile();
      $('profile-json').focus();
      return;
    }
    const profile = state.builtins.find((p) => p.id === id);
    if (profile) useProfile(profile, false);
  });
  $('profile-apply').addEventListener('click', applyCustomProfile);
  $('export-csv').addEventListener('click', () => {
    if (lastResult === null) {
      setText('export-status', 'Nothing to export: fix the record first.');
      return;
    }
    downloadCsv(exportName(), toCsv(EXPORT_HEADER, exportRows()));
    setText('export-status', `Downloaded ${exportName()}.`);
  });
  $('export-copy').addEventListener('click', async () => {
    if (lastResult === null) {
      setText('export-status', 'Nothing to copy: fix the record first.');
      return;
    }
    const ok = await copyText(toTsv(EXPORT_HEADER, exportRows()));
    setText('export-status', ok ? 'Copied; paste it into a spreadsheet.' : 'This browser did not allow copying; use the download instead.');
  });
  $('profile-editor').addEventListener('profile-apply', (event) => {
    useProfile(event.detail.profile, true, true);
    $('profile-select').value = '__custom';
    $('profile-json').value = JSON.stringify(event.detail.profile, null, 2);
  });
  $('profile-copy').addEventListener('click', copySelectedProfile);
  $('record-reset').addEventListener('click', () => {
    state.record = fillExample({}, [state.profile, ...state.builtins]);
    recordText = null;
    buildForm();
    syncJson();
    update();
  });
  $('record-json').addEventListener('input', (event) => {
    const text = event.target.value;
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      state.record = parsed;
      recordText = null;
      syncFormFromRecord();
    } else {
      recordText = text; // let the module say what is wrong with it
    }
    update();
  });
  for (const id of econIds) $(id).addEventListener('input', updateEconomics);
  $('econ-currency').addEventListener('change', updateEconomics);
}

async function main() {
  try {
    await init();
  } catch (err) {
    showError(err, 'Loading the WebAssembly module');
    return;
  }
  try {
    state.builtins = builtinProfiles();
  } catch (err) {
    showError(err, 'Loading the built-in profiles');
    return;
  }
  fillProfileSelect();
  wire();
  state.profile = state.builtins[0];
  state.record = fillExample({}, state.builtins);
  $('profile-select').value = state.profile.id;
  useProfile(state.profile, false);
  updateEconomics();
  document.documentElement.dataset.ready = 'true';
}

main();
