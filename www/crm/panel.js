// The CRM panel: receives a record by postMessage (PROTOCOL.md), scores it
// with the core and shows the score, the reasons, the missing fields, the
// best partner type, the partner's return on our offer and the tier.
// Record values are always inserted as text (textContent), never as HTML.

import {
  init, builtinProfiles, validateProfile, scorePartner, recommendPartnerType, partnerReturn, assignTier,
} from '../lib/index.js';
import {
  makeMessage, parseHostMessage, readAllowlist, isAllowedOrigin, requestIdOf, newRequestId,
  ProtocolError, FIELD_MAP_IDS, VERSION,
} from './protocol.js';
import { applyFieldMap, validateFieldMap } from './fieldmap.js';
import { evaluate, rankReasons, missingWithPoints } from './evaluate.js';
import {
  valueInWords, gateInWords, bandsInWords, errorInWords, ungatedScore, SCORE_MEANING, COVERAGE_MEANING,
} from '../common/explain.js';
import '../editor/partner-profile-editor.js';

const lib = { scorePartner, recommendPartnerType, partnerReturn, assignTier };
const STORE_PROFILES = 'partner-scoring.crm.profiles.v1';
const STORE_ECON = 'partner-scoring.crm.economics.v1';
const STORE_PICK = 'partner-scoring.crm.profile-choice.v1';
const ECON_DEFAULTS = { payoutPerDeal: '2000', hoursPerDeal: '8', opportunityCostPerHour: '300' };
const TYPE_NAMES = {
  referral: 'Referral', technology: 'Technology', reseller: 'Reseller',
  strategic: 'Strategic', services: 'Services', alliance: 'Alliance',
};
const VERDICTS = { 'loses-money': 'Loses money', 'under-motivated': 'Under-motivated', motivated: 'Motivated' };

const $ = (id) => document.getElementById(id);
const html = document.documentElement;
// Framed: the panel talks to its parent frame only. Not framed (a tab, or a
// popup some page opened), it is standalone and answers no message at all.
const framed = window.parent !== window;

// ---------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------

// Only the deployment says whom the panel trusts (PROTOCOL.md, "Origins"):
// the page's own attribute, never its URL.
const allow = readAllowlist({ attribute: html.getAttribute('data-allowed-origins'), self: location.origin });
let builtins = [];
const customProfiles = new Map(); // id → profile (stored in localStorage)
const sessionProfiles = new Map(); // id → profile sent by the host (memory only)
let current = null; // { record, economicsFromRecord, label, sources, mapId, problems }
let hostOrigin = null; // the origin that sent the last accepted message
let hostWindow = null;
let firstResultMarked = false;
let lastResult = null;

const readyPromise = init().then(() => {
  builtins = builtinProfiles();
  performance.mark('crm-wasm-ready');
});

// ---------------------------------------------------------------------------
// Storage (may be unavailable in a sandboxed or third-party frame)
// ---------------------------------------------------------------------------

// What the user stored (custom profiles, the picker's choice, the offer
// terms) is read and written only once the panel knows it is shown to the
// user directly (standalone) or by an allowlisted parent (the first message
// accepted from it). Until then a framed panel works from the built-ins and
// the defaults, so a page that frames it learns nothing the user stored.
let storageOpen = false;

function storeGet(key) {
  if (!storageOpen) return null;
  try {
    const text = window.localStorage.getItem(key);
    return text === null ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

function storeSet(key, value) {
  if (!storageOpen) return false;
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

function loadCustomProfiles() {
  const list = storeGet(STORE_PROFILES);
  if (!Array.isArray(list)) return;
  for (const p of list) {
    if (p && typeof p === 'object' && typeof p.id === 'string' && validateProfile(p).ok) customProfiles.set(p.id, p);
  }
}

function saveCustomProfiles() {
  return storeSet(STORE_PROFILES, [...customProfiles.values()]);
}

// Opens the user's storage (once): loads the stored profiles and choice
// into the picker. Called after the module is ready.
function openStorage() {
  if (storageOpen) return;
  storageOpen = true;
  loadCustomProfiles();
  renderPicker();
  const pick = storeGet(STORE_PICK);
  if (typeof pick === 'string') setPicker(pick);
}

// ---------------------------------------------------------------------------
// Formatting (display only; every figure comes from the core)
// ---------------------------------------------------------------------------

const fmtPoints = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const fmtPercent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const fmtRatio = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

function fmtMoney(value, currency) {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(value);
  } catch {
    return `${value} ${currency}`;
  }
}

function valueText(value) {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map((v) => String(v)).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---------------------------------------------------------------------------
// Messaging
// ---------------------------------------------------------------------------

function postTo(target, origin, message) {
  try {
    target.postMessage(message, origin);
  } catch {
    // a closed or navigated-away host: nothing to do
  }
}

function reply(event, message) {
  postTo(event.source, event.origin, message);
}

// Messages the panel starts (ready, resize) go to the host once known;
// before that, to the parent under each allowlisted origin in turn: the
// browser delivers only to the one the parent really has.
function announce(message) {
  if (hostWindow && hostOrigin) {
    postTo(hostWindow, hostOrigin, message);
    return;
  }
  if (!framed) return;
  for (const origin of allow.origins) postTo(window.parent, origin, message);
}

let lastHeight = 0;
function reportHeight() {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height === lastHeight) return;
  lastHeight = height;
  announce(makeMessage('resize', newRequestId('resize'), { height }));
}

const fieldMapCache = new Map(); // id → promise of the map

function fetchFieldMap(id) {
  if (!fieldMapCache.has(id)) {
    const p = fetch(new URL(`fieldmaps/${id}.json`, import.meta.url)).then((res) => {
      if (!res.ok) throw new ProtocolError('internal', 'fieldMap', `could not load field map ${id}: HTTP ${res.status}`);
      return res.json();
    });
    p.catch(() => fieldMapCache.delete(id)); // a failed load may be retried
    fieldMapCache.set(id, p);
  }
  return fieldMapCache.get(id);
}

async function loadFieldMap(spec) {
  if (spec === undefined || spec === null) return { map: null, id: null };
  if (typeof spec === 'string') {
    if (!FIELD_MAP_IDS.includes(spec)) throw new ProtocolError('unknown-field-map', 'fieldMap', `no built-in field map "${spec}"`);
    return { map: await fetchFieldMap(spec), id: spec };
  }
  const check = validateFieldMap(spec);
  if (!check.ok) {
    const first = check.errors[0];
    throw new ProtocolError(first.code, first.path, first.message);
  }
  return { map: spec, id: typeof spec.id === 'string' ? spec.id : 'custom' };
}

function findProfile(id) {
  if (sessionProfiles.has(id)) return sessionProfiles.get(id);
  if (customProfiles.has(id)) return customProfiles.get(id);
  return null;
}

// The profile choice: from the message (for that request only), else from
// the picker.
function choiceFor(profileId) {
  if (typeof profileId === 'string') {
    if (builtins.some((p) => p.id === profileId)) return { builtinId: profileId };
    const custom = findProfile(profileId);
    if (custom) return { profile: custom };
    throw Object.assign(new Error(`profile "${profileId}" is neither built in nor imported`), { code: 'unknown-profile', path: 'profileId' });
  }
  const value = $('profile-select').value;
  if (value.startsWith('builtin:')) return { builtinId: value.slice('builtin:'.length) };
  if (value.startsWith('custom:')) {
    const p = findProfile(value.slice('custom:'.length));
    if (p) return { profile: p };
  }
  return {};
}

function economicsInputs() {
  return {
    payoutPerDeal: $('econ-payout').value.trim(),
    hoursPerDeal: $('econ-hours').value.trim(),
    opportunityCostPerHour: $('econ-cost').value.trim(),
  };
}

// Fills the economics inputs for a new record: values from the message or
// mapped from the record win; otherwise the user's saved defaults.
function fillEconomics(fromRecord) {
  const saved = storeGet(STORE_ECON) ?? {};
  const fields = [['payoutPerDeal', 'econ-payout'], ['hoursPerDeal', 'econ-hours'], ['opportunityCostPerHour', 'econ-cost']];
  let fromData = 0;
  for (const [key, id] of fields) {
    const v = fromRecord[key];
    if (v !== undefined && v !== null && v !== '') {
      $(id).value = String(v);
      fromData += 1;
    } else {
      $(id).value = String(saved[key] ?? ECON_DEFAULTS[key]);
    }
  }
  $('econ-source').textContent = fromData === 0
    ? 'Your defaults; edit them, or map them from record fields.'
    : `${fromData} of 3 from the record; edit any to try another offer.`;
}

/** Scores `current` and renders it. Returns the evaluation. */
function run(choice) {
  const econ = { ...current.economicsFromRecord, ...economicsInputs() };
  const result = evaluate(lib, { record: current.record, economics: econ, choice, builtins });
  render(result);
  lastResult = result;
  return result;
}

function resultMessage(requestId, of, result) {
  return makeMessage('result', requestId, {
    of,
    label: current?.label ?? null,
    profile: result?.profile ?? null,
    score: result?.score ?? null,
    recommendations: result?.recommendations ?? null,
    economics: result?.economics ?? null,
    tier: result?.tier ?? null,
    mapping: current ? { fieldMap: current.mapId, problems: current.problems } : null,
  });
}

function errorMessage(requestId, err) {
  return makeMessage('error', requestId, {
    code: typeof err?.code === 'string' ? err.code : 'internal',
    path: typeof err?.path === 'string' ? err.path : '',
    message: String(err?.message ?? err),
  });
}

async function handleScore(msg) {
  const { map, id } = await loadFieldMap(msg.fieldMap);
  let mapped;
  try {
    mapped = applyFieldMap(msg.record, map);
  } catch (err) {
    throw new ProtocolError(err.code ?? 'invalid-type', err.path ?? 'record', err.message);
  }
  const choice = choiceFor(msg.profileId ?? undefined);
  const previous = current;
  current = {
    record: mapped.record,
    economicsFromRecord: { ...mapped.economics, ...(msg.economics ?? {}) },
    label: mapped.label,
    sources: mapped.sources,
    mapId: id,
    problems: mapped.problems,
    profileId: msg.profileId ?? undefined,
  };
  fillEconomics(current.economicsFromRecord);
  try {
    return run(choice);
  } catch (err) {
    current = previous; // keep showing the last good record
    if (previous) fillEconomics(previous.economicsFromRecord);
    throw err;
  }
}

function handleProfile(msg) {
  const check = validateProfile(msg.profile);
  if (!check.ok) {
    const first = check.errors[0];
    throw new ProtocolError(first.code, first.path ? `profile.${first.path}` : 'profile', first.message);
  }
  // Kept for this session only: a host cannot change what the user stored.
  sessionProfiles.set(msg.profile.id, msg.profile);
  renderPicker();
  if (msg.select !== false) setPicker(`custom:${msg.profile.id}`);
  if (!current) return null;
  if (msg.select !== false) current.profileId = undefined;
  return run(choiceFor(current.profileId));
}

function handleTheme(msg) {
  html.setAttribute('data-theme', msg.theme);
}

async function onMessage(event) {
  // Only the parent frame, never an opener, a popup or a sibling: a page
  // that opens the panel in a window of its own gets no answer (issue 15).
  if (!framed || event.source === null || event.source !== window.parent) return;
  // Not on the allowlist: no answer, no change.
  if (!isAllowedOrigin(allow.origins, event.origin)) return;
  const requestId = requestIdOf(event.data);
  try {
    await readyPromise;
  } catch (err) {
    reply(event, errorMessage(requestId, { code: 'internal', path: '', message: `the scoring module did not load: ${err.message}` }));
    return;
  }
  let msg;
  try {
    msg = parseHostMessage(event.data);
  } catch (err) {
    reply(event, errorMessage(requestId, err));
    return;
  }
  hostOrigin = event.origin;
  hostWindow = event.source;
  openStorage();
  try {
    if (msg.type === 'score') {
      const result = await handleScore(msg);
      clearError();
      reply(event, resultMessage(msg.requestId, 'score', result));
    } else if (msg.type === 'profile') {
      const result = handleProfile(msg);
      clearError();
      reply(event, resultMessage(msg.requestId, 'profile', result));
    } else if (msg.type === 'theme') {
      handleTheme(msg);
      reply(event, makeMessage('result', msg.requestId, { of: 'theme', theme: msg.theme }));
    }
  } catch (err) {
    showError(err);
    reply(event, errorMessage(msg.requestId, err));
  }
  reportHeight();
}

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

// An error for people: the message first, the code and path on a details line.
function errorNodes(err) {
  const words = errorInWords(err);
  return [el('span', 'error-message', words.message), el('span', 'error-detail', words.detail)];
}

function showError(err) {
  const box = $('error');
  box.replaceChildren(...errorNodes(err));
  box.hidden = false;
}

function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

function notice(text) {
  const n = $('notice');
  n.textContent = text ?? '';
  n.hidden = !text;
}

function typeName(t) {
  return TYPE_NAMES[t] ?? t;
}

function render(result) {
  const { score } = result;
  $('record-label').textContent = current.label ?? 'Unnamed record';
  $('score').textContent = fmtPoints.format(score.score);
  const band = $('band');
  band.textContent = score.band ?? '–';
  band.dataset.band = (score.band ?? '').toLowerCase();
  const via = result.profile.source === 'best-fit' ? ' (best fit)' : '';
  $('profile-name').textContent = `${result.profile.name}${via}`;
  $('coverage').textContent = fmtPercent.format(score.coverage);

  // The profile in use, for the criteria's sources and the band thresholds.
  const profile = builtins.find((p) => p.id === result.profile.id) ?? findProfile(result.profile.id);
  const criteria = Array.isArray(profile?.criteria) ? profile.criteria : [];
  const bands = bandsInWords(profile);
  const inBand = bands.find((b) => b.label === score.band);
  $('band-meaning').textContent = inBand ? `${inBand.label} (${inBand.range}): ${inBand.meaning ?? 'a band of this profile.'}` : '';
  $('score-meaning-text').textContent = `${SCORE_MEANING} ${COVERAGE_MEANING}`;
  $('band-list').replaceChildren(...bands.map((b) => {
    const li = el('li');
    if (b === inBand) li.setAttribute('aria-current', 'true');
    li.append(el('strong', '', b.label), ` ${b.range}${b.meaning ? ` — ${b.meaning}` : ''}`);
    return li;
  }));

  $('disqualified').hidden = !score.disqualified;
  $('failed-gates').replaceChildren(...score.failedGates.map((g) => {
    const c = score.contributions.find((x) => x.criterion === g.criterion);
    return el('li', '', gateInWords(g, criteria.find((x) => x.id === g.criterion), c));
  }));
  // A disqualified score is 0; the reasons are then what the partner would
  // score without the gate (the core's figure once it gives one).
  const ungated = ungatedScore(score);
  $('reasons-heading').textContent = score.disqualified ? 'Without the gate' : 'Why this score';
  $('reasons-hint').textContent = score.disqualified
    ? `The score is 0 because a must-have failed. Without it: ${ungated === null ? 'the points below' : `${fmtPoints.format(ungated)} / 100`}.`
    : 'Points won and lost per criterion, largest first.';

  const sources = current.sources ?? {};
  $('reasons').replaceChildren(...rankReasons(score.contributions).map((c) => {
    const li = el('li', `reason status-${c.status}`);
    const head = el('div', 'reason-head');
    head.append(el('span', 'reason-label', c.label));
    const pts = el('span', 'reason-points');
    pts.append(el('span', 'won', `+${fmtPoints.format(c.points)}`));
    if (c.lost > 0) pts.append(el('span', 'lost', ` −${fmtPoints.format(c.lost)}`));
    head.append(pts);
    li.append(head);
    const meter = el('meter');
    meter.min = 0;
    meter.max = c.maxPoints > 0 ? c.maxPoints : 1;
    meter.value = c.points;
    meter.setAttribute('aria-label', `${c.label}: ${fmtPoints.format(c.points)} of ${fmtPoints.format(c.maxPoints)} points`);
    li.append(meter);
    // The value in words; where it comes from (the criterion's source, the
    // CRM property) on demand.
    const criterion = criteria.find((x) => x.id === c.criterion);
    li.append(el('span', 'reason-value', valueInWords(criterion, c.value, c.status)));
    const about = el('details', 'reason-source');
    about.append(el('summary', '', 'Where this comes from'));
    if (criterion?.source) about.append(el('p', '', criterion.source));
    about.append(el('p', 'reason-field', sources[c.field] ? `CRM property: ${sources[c.field]}` : `Record field: ${c.field}`));
    li.append(about);
    return li;
  }));

  const missing = missingWithPoints(score);
  $('missing-none').hidden = missing.length > 0;
  $('missing').replaceChildren(...missing.map((m) => {
    const li = el('li');
    li.append(el('span', 'missing-label', m.label));
    li.append(el('span', 'missing-points', `up to +${fmtPoints.format(m.maxPoints)} pts`));
    li.append(el('span', 'missing-field', sources[m.field] ? `CRM property: ${sources[m.field]} (${m.field})` : `Record field: ${m.field}`));
    return li;
  }));

  const top = result.recommendations[0];
  $('recommended-type').textContent = top ? typeName(top.partnerType) : '–';
  $('recommended-score').textContent = top ? `${fmtPoints.format(top.score)} · ${top.band ?? ''}` : '';
  $('recommendations').replaceChildren(...result.recommendations.slice(1, 3).map((r) => el('li', '', `${typeName(r.partnerType)} ${fmtPoints.format(r.score)}`)));

  renderEconomics(result.economics);
  renderTier(result.tier);
  markFirstResult();
}

function renderEconomics(econ) {
  const err = $('econ-error');
  const ids = ['econ-multiple', 'econ-required', 'econ-gap'];
  const verdict = $('econ-verdict');
  if (!econ || econ.error) {
    for (const id of ids) $(id).textContent = '–';
    verdict.textContent = '–';
    verdict.dataset.verdict = '';
    err.hidden = !econ?.error;
    err.replaceChildren(...(econ?.error ? errorNodes(econ.error) : []));
    return;
  }
  err.hidden = true;
  const r = econ.result;
  $('econ-multiple').textContent = `${fmtRatio.format(r.multiple)}×`;
  verdict.textContent = VERDICTS[r.verdict] ?? r.verdict;
  verdict.dataset.verdict = r.verdict;
  $('econ-required').textContent = fmtMoney(r.requiredPayoutPerDeal, r.currency);
  $('econ-gap').textContent = fmtMoney(r.payoutGap, r.currency);
}

function renderTier(tier) {
  $('tier-section').hidden = !tier;
  if (!tier) return;
  if (tier.error) {
    $('tier-revenue').textContent = valueText(tier.revenue);
    $('tier-name').replaceChildren(...errorNodes(tier.error));
    $('tier-next').textContent = '–';
    $('tier-gap').textContent = '–';
    return;
  }
  const r = tier.result;
  $('tier-revenue').textContent = fmtMoney(String(tier.revenue), r.currency);
  $('tier-name').textContent = r.tier;
  $('tier-next').textContent = r.nextTier ?? 'top tier';
  $('tier-gap').textContent = r.amountToNextTier === null ? '–' : fmtMoney(r.amountToNextTier, r.currency);
}

function markFirstResult() {
  if (firstResultMarked) return;
  firstResultMarked = true;
  // Two frames: the first runs before the result's frame is painted, the
  // second after it.
  requestAnimationFrame(() => requestAnimationFrame(() => {
    performance.mark('crm-first-result');
    html.setAttribute('data-first-result', String(Math.round(performance.now())));
  }));
}

// ---------------------------------------------------------------------------
// Profile picker, import and export
// ---------------------------------------------------------------------------

function renderPicker() {
  const select = $('profile-select');
  const value = select.value;
  const options = [el('option', '', 'Best-fit partner type')];
  options[0].value = 'auto';
  const builtGroup = el('optgroup');
  builtGroup.label = 'Built-in';
  for (const p of builtins) {
    const o = el('option', '', p.name);
    o.value = `builtin:${p.id}`;
    builtGroup.append(o);
  }
  options.push(builtGroup);
  const all = new Map([...customProfiles, ...sessionProfiles]);
  if (all.size > 0) {
    const g = el('optgroup');
    g.label = 'Custom';
    for (const [id, p] of all) {
      const o = el('option', '', `${p.name} (${id})`);
      o.value = `custom:${id}`;
      g.append(o);
    }
    options.push(g);
  }
  select.replaceChildren(...options);
  select.value = [...select.options].some((o) => o.value === value) ? value : 'auto';
}

function setPicker(value) {
  const select = $('profile-select');
  if ([...select.options].some((o) => o.value === value)) select.value = value;
}

function selectedProfileObject() {
  const v = $('profile-select').value;
  if (v.startsWith('builtin:')) return builtins.find((p) => p.id === v.slice(8)) ?? null;
  if (v.startsWith('custom:')) return findProfile(v.slice(7));
  return null;
}

function showProblems(errors) {
  const list = $('profile-problems');
  list.replaceChildren(...errors.map((e) => el('li', '', `${e.code} at ${e.path || 'profile'}: ${e.message}`)));
  list.hidden = errors.length === 0;
}

function importProfile(text) {
  let profile;
  try {
    profile = JSON.parse(text);
  } catch (err) {
    showProblems([{ code: 'invalid-json', path: 'profile', message: err.message }]);
    return;
  }
  const check = validateProfile(profile);
  if (!check.ok) {
    showProblems(check.errors);
    return;
  }
  if (builtins.some((p) => p.id === profile.id)) {
    showProblems([{ code: 'duplicate-id', path: 'id', message: `"${profile.id}" is a built-in profile's id; give yours another id` }]);
    return;
  }
  showProblems([]);
  customProfiles.set(profile.id, profile);
  const stored = saveCustomProfiles();
  renderPicker();
  setPicker(`custom:${profile.id}`);
  storeSet(STORE_PICK, $('profile-select').value);
  if (current) current.profileId = undefined;
  notice(stored ? `Imported "${profile.name}".` : `Imported "${profile.name}" for this session (this browser blocks storage).`);
  rescore();
}

function exportProfile() {
  const p = selectedProfileObject() ?? builtins.find((b) => b.id === lastResult?.profile.id) ?? builtins[0];
  const text = JSON.stringify(p, null, 2);
  $('profile-json').value = text;
  const link = $('profile-download');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.download = `${p.id}.json`;
  link.hidden = false;
}

function deleteProfile() {
  const v = $('profile-select').value;
  if (!v.startsWith('custom:')) {
    notice('Select a custom profile to delete it.');
    return;
  }
  const id = v.slice(7);
  customProfiles.delete(id);
  sessionProfiles.delete(id);
  saveCustomProfiles();
  renderPicker();
  $('profile-select').value = 'auto';
  storeSet(STORE_PICK, 'auto');
  if (current) current.profileId = undefined;
  notice(`Deleted "${id}".`);
  rescore();
}

function rescore() {
  if (!current) return;
  try {
    run(choiceFor(current.profileId));
    clearError();
  } catch (err) {
    showError(err);
  }
}

// ---------------------------------------------------------------------------
// Standalone mode: not in a frame, the panel scores a record pasted here.
// ---------------------------------------------------------------------------

async function scoreStandalone() {
  let record;
  try {
    record = JSON.parse($('standalone-record').value);
  } catch (err) {
    showError({ code: 'invalid-json', path: 'record', message: err.message });
    return;
  }
  try {
    const mapId = $('standalone-map').value || null;
    const msg = parseHostMessage(makeMessage('score', 'standalone', mapId ? { record, fieldMap: mapId } : { record }));
    await handleScore(msg);
    clearError();
  } catch (err) {
    showError(err);
  }
}

async function startStandalone() {
  $('standalone').hidden = false;
  $('standalone').open = true;
  try {
    const samples = await samplesPromise;
    const first = samples.records[0];
    $('standalone-map').value = samples.fieldMap;
    $('standalone-record').value = JSON.stringify(first.properties, null, 2);
    await scoreStandalone();
  } catch (err) {
    showError(err);
  }
}

// ---------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------

window.addEventListener('message', (event) => {
  onMessage(event).catch((err) => showError(err));
});

function debounce(fn, ms) {
  let t = 0;
  return () => {
    clearTimeout(t);
    t = setTimeout(fn, ms);
  };
}

// Standalone, the sample record and its field map load while the wasm
// compiles, not after.
const samplesPromise = framed ? null : fetch(new URL('samples.json', import.meta.url)).then((res) => res.json());
samplesPromise?.catch(() => {}); // awaited (and reported) in startStandalone
if (!framed) fetchFieldMap('hubspot').catch(() => {});

async function start() {
  const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
  if (!html.hasAttribute('data-theme')) html.setAttribute('data-theme', prefersDark ? 'dark' : 'light');
  try {
    await readyPromise;
  } catch (err) {
    showError({ code: 'internal', path: '', message: `the scoring module did not load: ${err.message}` });
    $('panel').setAttribute('aria-busy', 'false');
    return;
  }
  renderPicker();
  if (!framed) openStorage();
  const select = $('profile-select');
  select.disabled = false;
  select.addEventListener('change', () => {
    storeSet(STORE_PICK, select.value);
    if (current) current.profileId = undefined; // the user's choice wins over the host's
    rescore();
  });
  const onEcon = debounce(() => {
    storeSet(STORE_ECON, economicsInputs());
    rescore();
  }, 150);
  for (const id of ['econ-payout', 'econ-hours', 'econ-cost']) $(id).addEventListener('input', onEcon);
  $('profile-import').addEventListener('click', () => importProfile($('profile-json').value));
  $('profile-export').addEventListener('click', exportProfile);
  // The profile editor starts from the profile in use and the current record.
  $('profile-editor-box').addEventListener('toggle', () => {
    if (!$('profile-editor-box').open) return;
    const editor = $('profile-editor');
    const start = selectedProfileObject() ?? builtins.find((b) => b.id === lastResult?.profile.id) ?? builtins[0];
    // A built-in's copy gets its own id, as a custom profile must.
    editor.profile = builtins.includes(start) ? { ...start, id: `${start.id}-custom`, name: `${start.name} (custom)` } : start;
    editor.sample = current?.record ?? {};
  });
  $('profile-editor').addEventListener('profile-apply', (event) => importProfile(JSON.stringify(event.detail.profile)));
  $('profile-delete').addEventListener('click', deleteProfile);
  $('profile-file').addEventListener('change', async () => {
    const file = $('profile-file').files?.[0];
    if (!file) return;
    const text = await file.text();
    $('profile-json').value = text;
    importProfile(text);
  });
  $('standalone-score').addEventListener('click', scoreStandalone);

  if (typeof ResizeObserver === 'function') new ResizeObserver(() => reportHeight()).observe(document.documentElement);
  html.setAttribute('data-ready', 'true');
  $('panel').setAttribute('aria-busy', 'false');

  if (framed) {
    if (allow.origins.length === 0) {
      notice('No host origin is configured, so this panel answers no one (see PROTOCOL.md).');
    }
    announce(makeMessage('ready', newRequestId('ready'), {
      protocolVersion: VERSION,
      profiles: builtins.map((p) => p.id),
      fieldMaps: FIELD_MAP_IDS,
    }));
    reportHeight();
  } else {
    await startStandalone();
  }
}

start();
