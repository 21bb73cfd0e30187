// The demo CRM host: a fake company record a visitor can edit, beside the
// panel in an iframe. It plays the part a CRM adapter plays: it turns the
// record into the protocol's `score` message (PROTOCOL.md), sizes the
// iframe from `resize` and logs every message both ways.

import { PROTOCOL, makeMessage } from './protocol.js';

const $ = (id) => document.getElementById(id);
const frame = $('panel');
const panelUrl = new URL('panel.html', import.meta.url);
// The panel's allowlist is its deployer's (data-allowed-origins="self" in
// panel.html: this page is on the panel's own origin).
const panelOrigin = panelUrl.origin;

let samples = null;
let fieldMap = null;
let record = {};
let ready = false;
let seq = 0;

function log(direction, msg) {
  const li = document.createElement('li');
  li.dataset.type = String(msg?.type ?? '?');
  li.dataset.requestId = String(msg?.requestId ?? '');
  let detail = '';
  if (msg?.type === 'result' && msg.score) detail = ` score ${msg.score.score} (${msg.score.band})`;
  if (msg?.type === 'error') detail = ` ${msg.code} ${msg.path}`;
  if (msg?.type === 'resize') detail = ` ${msg.height}px`;
  li.textContent = `${direction} ${msg?.type ?? '?'} ${msg?.requestId ?? ''}${detail}`;
  const list = $('log');
  list.prepend(li);
  while (list.children.length > 30) list.lastChild.remove();
}

function send(type, body) {
  seq += 1;
  const msg = makeMessage(type, `host-${seq}`, body);
  log('→', msg);
  frame.contentWindow.postMessage(msg, panelOrigin);
  return msg.requestId;
}

function sendRecord() {
  if (!ready) return;
  send('score', { record: { ...record }, fieldMap: samples.fieldMap });
}

function sendTheme() {
  if (!ready) return;
  send('theme', { theme: $('dark-theme').checked ? 'dark' : 'light' });
}

window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || event.origin !== panelOrigin) return;
  const msg = event.data;
  if (!msg || msg.protocol !== PROTOCOL) return;
  log('←', msg);
  if (msg.type === 'ready') {
    ready = true;
    sendTheme();
    sendRecord();
  } else if (msg.type === 'resize' && Number.isFinite(msg.height)) {
    frame.style.height = `${Math.max(200, Math.min(4000, msg.height))}px`;
  }
});

function labelFor(property) {
  const words = property.replace(/^partner_/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function renderForm() {
  const form = $('record-form');
  const rows = [];
  const props = [fieldMap.label, ...Object.values(fieldMap.fields).map((e) => e.from)];
  const hints = {};
  for (const entry of Object.values(fieldMap.fields)) {
    if (entry.type === 'multiselect') hints[entry.from] = `values separated by "${entry.separator ?? ';'}": ${Object.keys(entry.options ?? {}).join(', ')}`;
    else if (entry.type === 'picklist' && entry.options) hints[entry.from] = Object.keys(entry.options).join(', ');
    else if (entry.type === 'boolean') hints[entry.from] = 'true or false';
    else if (entry.type === 'percent') hints[entry.from] = entry.scale === '0-1' ? '0-1' : '0-100';
    else if (entry.type === 'fraction') hints[entry.from] = entry.scale === '0-100' ? '0-100' : 'fraction 0-1';
  }
  for (const prop of props) {
    const row = document.createElement('div');
    row.className = 'prop';
    const id = `prop-${prop}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = prop === fieldMap.label ? 'Company name' : labelFor(prop);
    const input = document.createElement('input');
    input.id = id;
    input.type = 'text';
    input.autocomplete = 'off';
    input.dataset.prop = prop;
    input.value = record[prop] ?? '';
    const code = document.createElement('code');
    code.textContent = prop;
    code.className = 'prop-name';
    row.append(label, input, code);
    if (hints[prop]) {
      const hint = document.createElement('span');
      hint.className = 'prop-hint';
      hint.id = `${id}-hint`;
      hint.textContent = hints[prop];
      input.setAttribute('aria-describedby', hint.id);
      row.append(hint);
    }
    rows.push(row);
  }
  form.replaceChildren(...rows);
}

let timer = 0;
function onEdit(event) {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.dataset.prop) return;
  if (input.value === '') delete record[input.dataset.prop];
  else record[input.dataset.prop] = input.value;
  clearTimeout(timer);
  timer = setTimeout(sendRecord, 150);
}

function loadSample(id) {
  const sample = samples.records.find((r) => r.id === id) ?? samples.records[0];
  record = { ...sample.properties };
  renderForm();
  sendRecord();
}

async function start() {
  const [s, m] = await Promise.all([
    fetch(new URL('samples.json', import.meta.url)).then((r) => r.json()),
    fetch(new URL('fieldmaps/hubspot.json', import.meta.url)).then((r) => r.json()),
  ]);
  samples = s;
  fieldMap = m;
  const switcher = $('record-switch');
  for (const r of samples.records) {
    const o = document.createElement('option');
    o.value = r.id;
    o.textContent = `${r.properties.name} — ${r.type}`;
    switcher.append(o);
  }
  switcher.addEventListener('change', () => loadSample(switcher.value));
  $('record-form').addEventListener('input', onEdit);
  $('record-form').addEventListener('submit', (e) => e.preventDefault());
  $('dark-theme').addEventListener('change', sendTheme);
  record = { ...samples.records[0].properties };
  renderForm();
  frame.src = panelUrl.href;
  document.documentElement.setAttribute('data-ready', 'true');
}

start();
