// <partner-profile-editor>: edits an ideal partner profile without writing
// JSON by hand. Criteria (label, field, weight, kind, source), curve points,
// category values, flags, tags, gates, bands and the missing-data policy;
// a live preview of the score of a sample record; validation messages in
// words that point at the control (from the core's validateProfile code and
// path); import and export of the JSON. Used by the demo page
// (www/index.html) and the CRM panel (www/crm/panel.html); README.md beside
// this file documents it.
//
// The element renders in the light DOM (the page's styles and
// www/editor/editor.css apply) and inserts every text as text.

import { init, builtinProfiles, validateProfile, scorePartner } from '../lib/index.js';
import { errorInWords, bandsInWords } from '../common/explain.js';

export const TAG = 'partner-profile-editor';
const KINDS = [
  ['range', 'Number on a scale (curve)'],
  ['category', 'One of named values'],
  ['flag', 'Yes or no'],
  ['tags', 'A list of tags'],
];
const MISSING = [
  ['zero', 'A missing field scores 0 and keeps its weight'],
  ['renormalize', 'A missing field is left out; the other weights are scaled up'],
];

let counter = 0;

// ---- small helpers -------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'text') el.textContent = v;
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

/** "criteria[0].curve[1][0]" → ['criteria', 0, 'curve', 1, 0]. */
export function parsePath(path) {
  const out = [];
  for (const m of String(path).matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  }
  return out;
}

function getAt(obj, segs) {
  let o = obj;
  for (const s of segs) {
    if (o === null || typeof o !== 'object') return undefined;
    o = o[s];
  }
  return o;
}

function setAt(obj, segs, value) {
  let o = obj;
  for (let i = 0; i < segs.length - 1; i += 1) {
    if (o[segs[i]] === null || typeof o[segs[i]] !== 'object') o[segs[i]] = typeof segs[i + 1] === 'number' ? [] : {};
    o = o[segs[i]];
  }
  const last = segs[segs.length - 1];
  if (value === undefined) {
    if (Array.isArray(o)) o[last] = null;
    else delete o[last];
  } else {
    o[last] = value;
  }
}

/** A typed number: a JSON number when it reads as one, else the text (the core then says why). */
function readNumber(text) {
  const t = String(text).trim();
  if (t === '') return undefined;
  if (/^-?(\d+\.?\d*|\.\d+)$/.test(t)) return Number(t);
  return t;
}

function listText(list) {
  return Array.isArray(list) ? list.join(', ') : '';
}

function readList(text) {
  return String(text).split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function numberText(v) {
  return v === undefined || v === null ? '' : String(v);
}

// ---- the element ------------------------------------------------------------------

export class PartnerProfileEditor extends HTMLElement {
  #uid = `ppe${(counter += 1)}`;
  #profile = null;
  #sample = {};
  #built = false;
  #els = {};
  #controls = new Map(); // path → { input, error, name }
  #lastCheck = { ok: false, errors: [] };
  #downloadUrl = null;
  #openCriteria = new Set(); // indexes of the criteria shown unfolded

  /** The profile being edited (a copy). */
  get profile() {
    return this.#profile === null ? null : structuredClone(this.#profile);
  }

  set profile(value) {
    this.#profile = value && typeof value === 'object' ? structuredClone(value) : null;
    this.#openCriteria.clear();
    if (this.#built) this.#renderForm();
  }

  /** The record the preview scores. */
  get sample() {
    return structuredClone(this.#sample);
  }

  set sample(value) {
    this.#sample = value && typeof value === 'object' ? structuredClone(value) : {};
    if (this.#built) {
      this.#els.sample.value = JSON.stringify(this.#sample, null, 2);
      this.#check();
    }
  }

  /** The last validation: { ok, errors: [{ code, path, message }] }. */
  get validation() {
    return structuredClone(this.#lastCheck);
  }

  connectedCallback() {
    if (this.#built) return;
    this.#built = true;
    this.#build();
    init().then(() => {
      if (this.#profile === null) this.#profile = structuredClone(builtinProfiles()[0]);
      this.#renderForm();
      this.setAttribute('data-ready', 'true');
    }, (err) => {
      this.#els.problems.replaceChildren(h('li', { text: `The scoring engine could not load: ${err?.message ?? err}` }));
    });
  }

  disconnectedCallback() {
    if (this.#downloadUrl) URL.revokeObjectURL(this.#downloadUrl);
  }

  #id(name) {
    return `${this.#uid}-${name}`;
  }

  // --- the fixed frame ------------------------------------------------------------

  #build() {
    const els = this.#els;
    els.form = h('div', { class: 'ppe-form' });
    els.problemsHeading = h('h4', { id: this.#id('problems-h'), text: 'Problems', hidden: true });
    els.problems = h('ul', { class: 'ppe-problems', 'aria-labelledby': this.#id('problems-h') });
    els.status = h('p', { class: 'ppe-status', role: 'status', 'aria-live': 'polite' });

    els.sample = h('textarea', { id: this.#id('sample'), rows: '6', spellcheck: 'false', class: 'ppe-json' });
    els.sample.addEventListener('input', () => {
      try {
        const parsed = JSON.parse(els.sample.value);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('a record is a JSON object');
        this.#sample = parsed;
        els.sampleError.textContent = '';
        els.sample.removeAttribute('aria-invalid');
      } catch (err) {
        els.sampleError.textContent = `The sample record is not a JSON object: ${err.message}`;
        els.sample.setAttribute('aria-invalid', 'true');
      }
      this.#check();
    });
    els.sampleError = h('p', { class: 'ppe-error', id: this.#id('sample-error') });
    els.sample.setAttribute('aria-describedby', els.sampleError.id);
    els.previewScore = h('output', { class: 'ppe-score', id: this.#id('preview-score'), 'aria-live': 'polite' }, '–');
    els.previewBand = h('span', { class: 'ppe-band' });
    els.preview = h('section', { class: 'ppe-preview', 'aria-labelledby': this.#id('preview-h') },
      h('h4', { id: this.#id('preview-h'), text: 'Preview' }),
      h('p', { class: 'ppe-preview-line' }, 'Sample record scores ', els.previewScore, ' / 100 ', els.previewBand),
      h('label', { for: els.sample.id, text: 'Sample record (JSON)' }), els.sample, els.sampleError);

    // Import and export.
    els.json = h('textarea', { id: this.#id('json'), rows: '8', spellcheck: 'false', class: 'ppe-json' });
    els.file = h('input', { type: 'file', id: this.#id('file'), accept: 'application/json,.json' });
    const importButton = h('button', { type: 'button', class: 'ppe-import', text: 'Import this JSON' });
    const copyButton = h('button', { type: 'button', class: 'ppe-copy', text: 'Copy JSON' });
    els.download = h('a', { class: 'ppe-download', href: '#', download: 'profile.json', text: 'Download profile.json' });
    importButton.addEventListener('click', () => this.#import(els.json.value));
    els.file.addEventListener('change', async () => {
      const file = els.file.files?.[0];
      if (file) this.#import(await file.text());
    });
    copyButton.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(JSON.stringify(this.#profile, null, 2));
        this.#say('The profile JSON is copied.');
      } catch {
        els.json.focus();
        els.json.select();
        this.#say('Press Ctrl+C (⌘C) to copy the selected JSON.');
      }
    });
    const io = h('details', { class: 'ppe-io' },
      h('summary', { text: 'Import or export the JSON' }),
      h('label', { for: els.json.id, text: 'Profile JSON' }), els.json,
      h('div', { class: 'ppe-buttons' }, importButton, copyButton, els.download),
      h('label', { for: els.file.id, text: 'Or import a file' }), els.file);

    els.apply = h('button', { type: 'button', class: 'ppe-apply primary', text: 'Use this profile' });
    els.apply.addEventListener('click', () => {
      if (!this.#lastCheck.ok) {
        this.#say('Fix the problems first; the first one has the focus.');
        this.#focusProblem(this.#lastCheck.errors[0]);
        return;
      }
      this.dispatchEvent(new CustomEvent('profile-apply', { detail: { profile: this.profile }, bubbles: true }));
    });

    this.replaceChildren(els.form, els.problemsHeading, els.problems, els.preview, io,
      h('div', { class: 'ppe-buttons' }, els.apply), els.status);
  }

  #say(text) {
    this.#els.status.textContent = text;
  }

  // --- controls -----------------------------------------------------------------------

  /**
   * One labelled control bound to a path of the profile. `kind`: text,
   * number, textarea, list (comma-separated) or select (`options`).
   */
  #control(label, path, { kind = 'text', options = [], hint = null, onChange = null, name = null } = {}) {
    const id = this.#id(`c${this.#controls.size}`);
    const segs = parsePath(path);
    const value = getAt(this.#profile, segs);
    let input;
    if (kind === 'select') {
      input = h('select', { id }, options.map(([v, text]) => h('option', { value: v, text })));
      input.value = value === undefined ? options[0][0] : String(value);
    } else if (kind === 'textarea') {
      input = h('textarea', { id, rows: '2', value: value ?? '' });
    } else {
      input = h('input', {
        id,
        type: 'text',
        autocomplete: 'off',
        spellcheck: 'false',
        inputmode: kind === 'number' ? 'decimal' : null,
        value: kind === 'list' ? listText(value) : kind === 'number' ? numberText(value) : (value ?? ''),
      });
    }
    input.dataset.path = path;
    const error = h('p', { class: 'ppe-error', id: `${id}-error` });
    const hintEl = hint ? h('p', { class: 'ppe-hint', id: `${id}-hint`, text: hint }) : null;
    input.setAttribute('aria-describedby', `${hint ? `${id}-hint ` : ''}${id}-error`);
    const read = () => {
      if (kind === 'number') return readNumber(input.value);
      if (kind === 'list') return readList(input.value);
      if (kind === 'select') return input.value;
      return input.value === '' && (path === 'description' || path.endsWith('.source')) ? undefined : input.value;
    };
    input.addEventListener(kind === 'select' ? 'change' : 'input', () => {
      if (onChange) onChange(read(), input);
      else setAt(this.#profile, segs, read());
      this.#check();
    });
    this.#controls.set(path, { input, error, name: name ?? label });
    return h('div', { class: 'ppe-field' }, h('label', { for: id, text: label }), input, hintEl, error);
  }

  #button(text, onClick, extra = {}) {
    const b = h('button', { type: 'button', ...extra, text });
    b.addEventListener('click', onClick);
    return b;
  }

  /** Rebuilds the form (after a structural change), keeping the focus on `focusPath` if given. */
  #renderForm(focusPath = null) {
    const p = this.#profile;
    if (p === null) return;
    if (!Array.isArray(p.criteria)) p.criteria = [];
    if (!Array.isArray(p.bands)) p.bands = [];
    this.#controls.clear();
    const typeIds = [...new Set(builtinProfiles().map((b) => b.partnerType))];
    if (typeof p.partnerType === 'string' && !typeIds.includes(p.partnerType)) typeIds.push(p.partnerType);
    const types = typeIds.map((t) => [t, t ? t[0].toUpperCase() + t.slice(1) : '(none)']);
    const basics = h('fieldset', { class: 'ppe-basics' }, h('legend', { text: 'Profile' }),
      this.#control('Name', 'name'),
      this.#control('Id', 'id', { hint: 'Letters, digits and dashes; unique among your profiles.' }),
      this.#control('Partner type', 'partnerType', { kind: 'select', options: types }),
      this.#control('Description', 'description', { kind: 'textarea' }),
      this.#control('Missing data', 'missing', { kind: 'select', options: MISSING }));

    const criteria = h('div', { class: 'ppe-criteria' });
    p.criteria.forEach((c, i) => criteria.append(this.#criterion(c, i)));
    const addCriterion = this.#button('Add a criterion', () => {
      const n = p.criteria.length + 1;
      p.criteria.push({ id: `criterion-${n}`, label: `New criterion ${n}`, field: `field${n}`, weight: 10, kind: 'range', curve: [[0, 0], [100, 1]] });
      this.#openCriteria.add(n - 1);
      this.#renderForm(`criteria[${n - 1}].label`);
    }, { class: 'ppe-add-criterion' });

    const bands = h('fieldset', { class: 'ppe-bands' }, h('legend', { text: 'Bands (score from which each applies)' }));
    p.bands.forEach((b, i) => bands.append(h('div', { class: 'ppe-row' },
      this.#control(`Band ${i + 1} label`, `bands[${i}].label`),
      this.#control(`Band ${i + 1} from score`, `bands[${i}].min`, { kind: 'number' }),
      this.#button(`Remove band ${i + 1}`, () => {
        p.bands.splice(i, 1);
        this.#renderForm();
      }, { class: 'ppe-remove' }))));
    bands.append(this.#button('Add a band', () => {
      p.bands.push({ label: 'New band', min: 0 });
      this.#renderForm(`bands[${p.bands.length - 1}].label`);
    }));

    this.#els.form.replaceChildren(basics, h('h4', { text: 'Criteria' }), criteria, addCriterion, bands);
    const target = focusPath ? this.#controls.get(focusPath) : null;
    if (target) {
      for (let d = target.input.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
      target.input.focus();
    }
    this.#check();
  }

  #criterion(c, i) {
    const p = this.#profile;
    const base = `criteria[${i}]`;
    // Each criterion folds away (a disclosure), so that a long profile stays
    // short; a problem's "Go to" opens the one it points into.
    const titleId = this.#id(`crit${i}`);
    const title = h('span', { class: 'ppe-title', id: titleId, text: `Criterion ${i + 1}: ${c.label ?? ''}` });
    const summaryText = () => `${c.kind ?? ''} · weight ${c.weight ?? '?'}${c.gate ? ' · must-have' : ''}`;
    const facts = h('span', { class: 'ppe-facts', text: ` ${summaryText()}` });
    const box = h('details', { class: 'ppe-criterion', 'data-index': String(i), open: this.#openCriteria.has(i) },
      h('summary', {}, title, facts));
    box.addEventListener('toggle', () => {
      if (box.open) this.#openCriteria.add(i);
      else this.#openCriteria.delete(i);
    });
    box.addEventListener('input', () => { facts.textContent = ` ${summaryText()}`; });
    box.addEventListener('change', () => { facts.textContent = ` ${summaryText()}`; });
    box.append(h('div', { class: 'ppe-criterion-body', role: 'group', 'aria-labelledby': titleId },
      h('div', { class: 'ppe-row' },
        this.#control('Label', `${base}.label`, {
          name: `Criterion ${i + 1} label`,
          onChange: (v) => {
            c.label = v;
            title.textContent = `Criterion ${i + 1}: ${v}`;
          },
        }),
        this.#control('Record field', `${base}.field`, { name: `Criterion ${i + 1} record field` })),
      h('div', { class: 'ppe-row' },
        this.#control('Weight', `${base}.weight`, { kind: 'number', name: `Criterion ${i + 1} weight` }),
        this.#control('Kind', `${base}.kind`, {
          kind: 'select',
          options: KINDS,
          name: `Criterion ${i + 1} kind`,
          onChange: (v) => {
            this.#changeKind(c, v);
            this.#renderForm(`${base}.kind`);
          },
        }),
        this.#control('Id', `${base}.id`, { name: `Criterion ${i + 1} id` })),
      this.#kindControls(c, i),
      this.#control('Where it comes from (source)', `${base}.source`, { kind: 'textarea', name: `Criterion ${i + 1} source` }),
      h('div', { class: 'ppe-buttons' },
        this.#button(`Move criterion ${i + 1} up`, () => {
          [p.criteria[i - 1], p.criteria[i]] = [p.criteria[i], p.criteria[i - 1]];
          this.#openCriteria.delete(i);
          this.#openCriteria.add(i - 1);
          this.#renderForm(`criteria[${i - 1}].label`);
        }, { disabled: i === 0 }),
        this.#button(`Move criterion ${i + 1} down`, () => {
          [p.criteria[i + 1], p.criteria[i]] = [p.criteria[i], p.criteria[i + 1]];
          this.#openCriteria.delete(i);
          this.#openCriteria.add(i + 1);
          this.#renderForm(`criteria[${i + 1}].label`);
        }, { disabled: i === p.criteria.length - 1 }),
        this.#button(`Remove criterion ${i + 1}`, () => {
          p.criteria.splice(i, 1);
          this.#openCriteria.clear();
          this.#renderForm();
        }, { class: 'ppe-remove' }))));
    return box;
  }

  #changeKind(c, kind) {
    for (const key of ['curve', 'values', 'default', 'whenTrue', 'whenFalse', 'wanted', 'gate', 'domain']) delete c[key];
    c.kind = kind;
    if (kind === 'range') c.curve = [[0, 0], [100, 1]];
    if (kind === 'category') c.values = { yes: 1 };
    if (kind === 'tags') c.wanted = [];
  }

  #kindControls(c, i) {
    const base = `criteria[${i}]`;
    const n = i + 1;
    const wrap = h('div', { class: 'ppe-kind' });
    if (c.kind === 'range') {
      if (!Array.isArray(c.curve)) c.curve = [];
      const curve = h('fieldset', { class: 'ppe-curve' }, h('legend', { text: 'Curve: value → share of the weight (0 to 1)' }));
      this.#controls.set(`${base}.curve`, { input: curve, error: h('p', { class: 'ppe-error' }), name: `Criterion ${n} curve` });
      c.curve.forEach((_, j) => curve.append(h('div', { class: 'ppe-row' },
        this.#control(`Point ${j + 1} value`, `${base}.curve[${j}][0]`, { kind: 'number', name: `Criterion ${n}, point ${j + 1} value` }),
        this.#control(`Point ${j + 1} share`, `${base}.curve[${j}][1]`, { kind: 'number', name: `Criterion ${n}, point ${j + 1} share` }),
        this.#button(`Remove point ${j + 1}`, () => {
          c.curve.splice(j, 1);
          this.#renderForm();
        }, { class: 'ppe-remove' }))));
      curve.append(this.#controls.get(`${base}.curve`).error, this.#button('Add a point', () => {
        const last = c.curve[c.curve.length - 1];
        c.curve.push([Array.isArray(last) && typeof last[0] === 'number' ? last[0] + 10 : 0, 1]);
        this.#renderForm(`${base}.curve[${c.curve.length - 1}][0]`);
      }));
      const gateMin = this.#control('Must-have: at least', `${base}.gate.min`, { kind: 'number', name: `Criterion ${n} must-have minimum`, onChange: (v) => this.#setGate(c, 'min', v) });
      const gateMax = this.#control('Must-have: at most', `${base}.gate.max`, { kind: 'number', name: `Criterion ${n} must-have maximum`, onChange: (v) => this.#setGate(c, 'max', v) });
      wrap.append(curve, h('div', { class: 'ppe-row' }, gateMin, gateMax));
    } else if (c.kind === 'category') {
      if (!c.values || typeof c.values !== 'object') c.values = {};
      const values = h('fieldset', { class: 'ppe-values' }, h('legend', { text: 'Values and their share of the weight (0 to 1)' }));
      Object.keys(c.values).forEach((key, j) => {
        const nameId = this.#id(`v${i}-${j}`);
        const nameInput = h('input', { id: nameId, type: 'text', value: key, autocomplete: 'off' });
        nameInput.addEventListener('change', () => {
          const next = nameInput.value.trim();
          if (next === '' || next === key || next in c.values) {
            nameInput.value = key;
            return;
          }
          c.values = Object.fromEntries(Object.entries(c.values).map(([k, v]) => [k === key ? next : k, v]));
          this.#renderForm();
        });
        values.append(h('div', { class: 'ppe-row' },
          h('div', { class: 'ppe-field' }, h('label', { for: nameId, text: `Value ${j + 1}` }), nameInput),
          this.#control(`Value ${j + 1} share`, `${base}.values.${key}`, { kind: 'number', name: `Criterion ${n}, value “${key}”` }),
          this.#button(`Remove value ${j + 1}`, () => {
            delete c.values[key];
            this.#renderForm();
          }, { class: 'ppe-remove' })));
      });
      values.append(this.#button('Add a value', () => {
        let k = 1;
        while (`value ${k}` in c.values) k += 1;
        c.values[`value ${k}`] = 1;
        this.#renderForm();
      }));
      wrap.append(values, h('div', { class: 'ppe-row' },
        this.#control('Share for any other value', `${base}.default`, { kind: 'number', name: `Criterion ${n} share for other values` }),
        this.#control('Must-have: one of (comma-separated)', `${base}.gate.allowed`, { kind: 'list', name: `Criterion ${n} must-have values`, onChange: (v) => this.#setGate(c, 'allowed', v.length ? v : undefined) })));
    } else if (c.kind === 'flag') {
      const gate = c.gate && typeof c.gate.required === 'boolean' ? String(c.gate.required) : '';
      const gateId = this.#id(`g${i}`);
      const select = h('select', { id: gateId, 'data-path': `${base}.gate.required` },
        h('option', { value: '', text: 'Not a must-have' }),
        h('option', { value: 'true', text: 'Must be yes' }),
        h('option', { value: 'false', text: 'Must be no' }));
      select.value = gate;
      select.addEventListener('change', () => {
        if (select.value === '') delete c.gate;
        else c.gate = { required: select.value === 'true' };
        this.#check();
      });
      const error = h('p', { class: 'ppe-error', id: `${gateId}-error` });
      select.setAttribute('aria-describedby', error.id);
      this.#controls.set(`${base}.gate.required`, { input: select, error, name: `Criterion ${n} must-have` });
      wrap.append(h('div', { class: 'ppe-row' },
        this.#control('Share when yes', `${base}.whenTrue`, { kind: 'number', name: `Criterion ${n} share when yes`, hint: '1 by default' }),
        this.#control('Share when no', `${base}.whenFalse`, { kind: 'number', name: `Criterion ${n} share when no`, hint: '0 by default' }),
        h('div', { class: 'ppe-field' }, h('label', { for: gateId, text: 'Must-have' }), select, error)));
    } else if (c.kind === 'tags') {
      wrap.append(h('div', { class: 'ppe-row' },
        this.#control('Wanted tags (comma-separated)', `${base}.wanted`, { kind: 'list', name: `Criterion ${n} wanted tags` }),
        this.#control('Must-have: one of (comma-separated)', `${base}.gate.allowed`, { kind: 'list', name: `Criterion ${n} must-have tags`, onChange: (v) => this.#setGate(c, 'allowed', v.length ? v : undefined) })));
    }
    return wrap;
  }

  #setGate(c, key, value) {
    const gate = c.gate && typeof c.gate === 'object' ? { ...c.gate } : {};
    if (value === undefined) delete gate[key];
    else gate[key] = value;
    if (Object.keys(gate).length === 0) delete c.gate;
    else c.gate = gate;
  }

  // --- validation, preview, export -------------------------------------------------

  /** The control a core error path points at: the path itself, or its nearest parent. */
  #controlFor(path) {
    let segs = parsePath(path);
    while (segs.length > 0) {
      const key = segs.reduce((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
      if (this.#controls.has(key)) return this.#controls.get(key);
      segs = segs.slice(0, -1);
    }
    return null;
  }

  #focusProblem(e) {
    const control = e ? this.#controlFor(e.path) : null;
    if (!control) return;
    for (let d = control.input.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
    if (typeof control.input.focus === 'function') {
      if (control.input.tagName === 'FIELDSET') control.input.querySelector('input, select, textarea, button')?.focus();
      else control.input.focus();
    }
  }

  #check() {
    if (this.#profile === null) return;
    let check;
    try {
      check = validateProfile(this.#profile);
    } catch (err) {
      check = { ok: false, errors: [{ code: err?.code ?? 'internal', path: err?.path ?? '', message: err?.message ?? String(err) }] };
    }
    this.#lastCheck = check;
    for (const { input, error } of this.#controls.values()) {
      input.removeAttribute?.('aria-invalid');
      error.textContent = '';
    }
    const items = [];
    for (const e of check.errors) {
      const words = errorInWords(e);
      const control = this.#controlFor(e.path);
      const where = control ? control.name : 'The profile';
      if (control) {
        if (control.input.tagName !== 'FIELDSET') control.input.setAttribute('aria-invalid', 'true');
        control.error.textContent = control.error.textContent ? `${control.error.textContent} ${words.message}` : words.message;
      }
      const go = this.#button(`Go to ${where.toLowerCase().startsWith('the ') ? where.slice(4) : where}`, () => this.#focusProblem(e), { class: 'ppe-goto' });
      items.push(h('li', { 'data-problem-path': e.path, 'data-code': e.code },
        h('span', { class: 'ppe-problem', text: `${where}: ${words.message}` }), ' ', go,
        h('span', { class: 'ppe-detail', text: words.detail })));
    }
    this.#els.problems.replaceChildren(...items);
    this.#els.problemsHeading.hidden = items.length === 0;
    this.#els.apply.setAttribute('aria-disabled', String(!check.ok));
    this.#preview(check);
    this.#export();
    this.dispatchEvent(new CustomEvent('profile-change', { detail: { profile: this.profile, ok: check.ok, errors: check.errors } }));
  }

  #preview(check) {
    const { previewScore, previewBand } = this.#els;
    if (!check.ok) {
      previewScore.textContent = '–';
      previewBand.textContent = 'Fix the problems above to see the preview.';
      return;
    }
    try {
      const r = scorePartner(this.#sample, this.#profile);
      previewScore.textContent = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(r.score);
      const band = bandsInWords(this.#profile).find((b) => b.label === r.band);
      previewBand.textContent = `${r.band ?? ''}${band ? ` (${band.range})` : ''}${r.disqualified ? ' · disqualified by a must-have' : ''}`;
    } catch (err) {
      previewScore.textContent = '–';
      previewBand.textContent = errorInWords(err).message;
    }
  }

  #export() {
    const text = JSON.stringify(this.#profile, null, 2);
    if (document.activeElement !== this.#els.json) this.#els.json.value = text;
    if (this.#downloadUrl) URL.revokeObjectURL(this.#downloadUrl);
    this.#downloadUrl = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    this.#els.download.href = this.#downloadUrl;
    this.#els.download.download = `${String(this.#profile?.id ?? 'profile').replace(/[^A-Za-z0-9_-]+/g, '-') || 'profile'}.json`;
  }

  #import(text) {
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      this.#say(`Not imported: the text is not JSON (${err.message}).`);
      return;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      this.#say('Not imported: a profile is a JSON object.');
      return;
    }
    this.#profile = parsed;
    this.#openCriteria.clear();
    this.#renderForm();
    this.#say(this.#lastCheck.ok ? `Imported “${parsed.name ?? parsed.id ?? 'profile'}”.` : 'Imported; see the problems listed.');
  }
}

/** Defines the element once. */
export function defineProfileEditor(name = TAG) {
  if (!customElements.get(name)) customElements.define(name, class extends PartnerProfileEditor {});
  return customElements.get(name);
}

defineProfileEditor();
