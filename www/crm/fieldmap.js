// Field maps: from a CRM record's properties to the fields a profile reads.
//
// This is mapping, not a formula: renaming properties and coercing the
// CRM's types (numbers sent as text, percentages as 0-100 or 0-1, picklist
// values, `;`-separated multi-select text) into the plain values the core
// expects. Scores and economics still come from the core alone.
//
// A field map is data (see fieldmaps/*.json and README.md):
//
//   { "id": "hubspot", "crm": "HubSpot", "object": "company", "version": 1,
//     "label": "name",
//     "fields": {
//       "icpMatchPercent": { "from": "partner_icp_match", "type": "percent", "scale": "0-100" },
//       "integrationCapabilities": { "from": "integration_capabilities", "type": "multiselect", "separator": ";" },
//       "businessModel": { "from": "business_model", "type": "picklist", "options": { "VAR": "var" } } } }
//
// Pure module: no DOM, no fetch; runs in Node and the browser.

import { shiftDecimal } from '../common/decimal-text.js';

/** The coercion types a field map entry may name. */
export const FIELD_TYPES = Object.freeze(['number', 'percent', 'fraction', 'boolean', 'picklist', 'multiselect', 'text']);

/** Scales a percentage may arrive in. */
export const SCALES = Object.freeze(['0-100', '0-1']);

/**
 * Fields that feed the economics and the tier rather than the fit score.
 * They are kept out of the scored record.
 */
export const ECONOMICS_FIELDS = Object.freeze([
  'payoutPerDeal', 'hoursPerDeal', 'opportunityCostPerHour', 'targetMultiple', 'currency', 'annualPartnerRevenue',
]);

const ENTRY_KEYS = new Set(['from', 'type', 'scale', 'separator', 'options', 'description']);
const MAP_KEYS = new Set(['id', 'crm', 'object', 'version', 'label', 'description', 'fields', 'source', '$comment']);
const MAX_FIELDS = 256;
const MAX_OPTIONS = 1024;
const MAX_TEXT = 10_000;
const MAX_LIST = 1024;

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on', 'checked']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off', 'unchecked']);

function issue(code, path, message) {
  return { code, path, message };
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Checks a field map. Lists every problem at once, like validateProfile.
 * @param {unknown} map
 * @returns {{ok: boolean, errors: Array<{code: string, path: string, message: string}>}}
 */
export function validateFieldMap(map) {
  const errors = [];
  if (!isPlainObject(map)) {
    errors.push(issue('invalid-type', 'fieldMap', 'a field map must be an object'));
    return { ok: false, errors };
  }
  for (const key of Object.keys(map)) {
    if (!MAP_KEYS.has(key)) errors.push(issue('unknown-field', `fieldMap.${key}`, `unknown field-map key "${key}"`));
  }
  for (const key of ['id', 'crm', 'object', 'label', 'description']) {
    if (map[key] !== undefined && typeof map[key] !== 'string') {
      errors.push(issue('invalid-type', `fieldMap.${key}`, `${key} must be text`));
    }
  }
  if (map.version !== undefined && map.version !== 1) {
    errors.push(issue('out-of-range', 'fieldMap.version', 'only field-map version 1 is known'));
  }
  if (map.fields === undefined) {
    errors.push(issue('missing-field', 'fieldMap.fields', 'a field map needs "fields"'));
    return { ok: false, errors };
  }
  if (!isPlainObject(map.fields)) {
    errors.push(issue('invalid-type', 'fieldMap.fields', '"fields" must be an object of profile field → entry'));
    return { ok: false, errors };
  }
  const names = Object.keys(map.fields);
  if (names.length > MAX_FIELDS) {
    errors.push(issue('limit-exceeded', 'fieldMap.fields', `at most ${MAX_FIELDS} fields`));
    return { ok: false, errors };
  }
  for (const name of names) {
    const path = `fieldMap.fields.${name}`;
    const entry = map.fields[name];
    if (name.trim() === '') errors.push(issue('invalid-type', path, 'a profile field name may not be blank'));
    if (!isPlainObject(entry)) {
      errors.push(issue('invalid-type', path, 'an entry must be an object {from, type}'));
      continue;
    }
    for (const key of Object.keys(entry)) {
      if (!ENTRY_KEYS.has(key)) errors.push(issue('unknown-field', `${path}.${key}`, `unknown entry key "${key}"`));
    }
    if (entry.from === undefined) errors.push(issue('missing-field', `${path}.from`, 'the CRM property to read is required'));
    else if (typeof entry.from !== 'string' || entry.from.trim() === '') {
      errors.push(issue('invalid-type', `${path}.from`, '"from" must be a non-blank property name'));
    }
    if (entry.type === undefined) errors.push(issue('missing-field', `${path}.type`, `the type is required: ${FIELD_TYPES.join(', ')}`));
    else if (!FIELD_TYPES.includes(entry.type)) {
      errors.push(issue('unknown-kind', `${path}.type`, `type must be one of ${FIELD_TYPES.join(', ')}`));
    }
    if (entry.scale !== undefined && !SCALES.includes(entry.scale)) {
      errors.push(issue('out-of-range', `${path}.scale`, `scale must be "0-100" or "0-1"`));
    }
    if (entry.separator !== undefined
      && (typeof entry.separator !== 'string' || entry.separator.length === 0 || entry.separator.length > 8)) {
      errors.push(issue('invalid-type', `${path}.separator`, 'separator must be 1-8 characters of text'));
    }
    if (entry.description !== undefined && typeof entry.description !== 'string') {
      errors.push(issue('invalid-type', `${path}.description`, 'description must be text'));
    }
    if (entry.options !== undefined) {
      if (!isPlainObject(entry.options)) {
        errors.push(issue('invalid-type', `${path}.options`, 'options must be an object of CRM value → profile value'));
      } else if (Object.keys(entry.options).length > MAX_OPTIONS) {
        errors.push(issue('limit-exceeded', `${path}.options`, `at most ${MAX_OPTIONS} options`));
      } else {
        for (const [k, v] of Object.entries(entry.options)) {
          if (typeof v !== 'string' && typeof v !== 'boolean') {
            errors.push(issue('invalid-type', `${path}.options.${k}`, 'an option maps to text (or true/false for a boolean)'));
          }
        }
      }
    }
  }
  return { ok: errors.length === 0, errors };
}

// shiftDecimal (×10^places, exactly, as text) has its one home in
// www/common/decimal-text.js; it stays exported here for this module's users.
export { shiftDecimal };

function isBlank(value) {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
    || (Array.isArray(value) && value.length === 0);
}

// A CRM number: a JS number, or text such as "12", " 12.5 ", "1,250.00".
// Returns the number as given (JS number) or as a normalised decimal string.
function readNumber(value) {
  if (typeof value === 'number') return Number.isFinite(value) ? { ok: true, value } : { ok: false };
  if (typeof value !== 'string') return { ok: false };
  let s = value.trim();
  if (GROUPED.test(s)) s = s.replace(/,/g, '');
  if (!DECIMAL.test(s)) return { ok: false };
  return { ok: true, value: s.startsWith('+') ? s.slice(1) : s };
}

function lookupOption(options, raw) {
  if (!options) return undefined;
  const key = String(raw).trim();
  if (Object.prototype.hasOwnProperty.call(options, key)) return options[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(options)) {
    if (k.trim().toLowerCase() === lower) return v;
  }
  return undefined;
}

function coercePercentLike(value, entry, target, path) {
  // target: 'percent' (0-100) or 'fraction' (0-1)
  let text = value;
  let explicitPercent = false;
  if (typeof text === 'string' && text.trim().endsWith('%')) {
    text = text.trim().slice(0, -1);
    explicitPercent = true;
  }
  const n = readNumber(text);
  if (!n.ok) return { value, problem: issue('invalid-number', path, `${JSON.stringify(value)} is not a number`) };
  const scale = explicitPercent ? '0-100' : (entry.scale ?? (target === 'percent' ? '0-100' : '0-1'));
  const from = scale === '0-100' ? 'percent' : 'fraction';
  if (from === target) return { value: n.value };
  const shift = target === 'percent' ? 2 : -2;
  return { value: shiftDecimal(String(n.value), shift) };
}

/**
 * Coerces one CRM value by its field-map entry. Blank values (null,
 * undefined, blank text, empty list) are missing: `{ missing: true }`.
 * A value that cannot be coerced is passed on unchanged, so the core marks
 * it invalid, and a `problem` says why.
 * @param {unknown} value
 * @param {{type: string, scale?: string, separator?: string, options?: object}} entry
 * @param {string} [path]
 * @returns {{value?: unknown, missing?: boolean, problem?: {code: string, path: string, message: string}}}
 */
export function coerceValue(value, entry, path = '') {
  if (isBlank(value)) return { missing: true };
  if (typeof value === 'string' && value.length > MAX_TEXT) {
    return { missing: true, problem: issue('limit-exceeded', path, `text longer than ${MAX_TEXT} characters`) };
  }
  switch (entry.type) {
    case 'number': {
      const n = readNumber(value);
      return n.ok ? { value: n.value } : { value, problem: issue('invalid-number', path, `${JSON.stringify(value)} is not a number`) };
    }
    case 'percent':
      return coercePercentLike(value, entry, 'percent', path);
    case 'fraction':
      return coercePercentLike(value, entry, 'fraction', path);
    case 'boolean': {
      const mapped = lookupOption(entry.options, value);
      const v = mapped !== undefined ? mapped : value;
      if (typeof v === 'boolean') return { value: v };
      if (v === 1 || v === 0) return { value: v === 1 };
      if (typeof v === 'string') {
        const w = v.trim().toLowerCase();
        if (TRUE_WORDS.has(w)) return { value: true };
        if (FALSE_WORDS.has(w)) return { value: false };
      }
      return { value, problem: issue('invalid-type', path, `${JSON.stringify(value)} is not true or false`) };
    }
    case 'picklist': {
      let v = value;
      if (Array.isArray(v)) {
        if (v.length !== 1) return { value, problem: issue('invalid-type', path, 'a picklist holds one value, not a list') };
        [v] = v;
      }
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        return { value, problem: issue('invalid-type', path, 'a picklist value must be text') };
      }
      const mapped = lookupOption(entry.options, v);
      return { value: mapped !== undefined ? String(mapped) : String(v).trim() };
    }
    case 'multiselect': {
      let parts;
      if (Array.isArray(value)) parts = value;
      else if (typeof value === 'string' || typeof value === 'number') parts = String(value).split(entry.separator ?? ';');
      else return { value, problem: issue('invalid-type', path, 'a multi-select value must be text or a list') };
      if (parts.length > MAX_LIST) return { missing: true, problem: issue('limit-exceeded', path, `more than ${MAX_LIST} values`) };
      const out = [];
      for (const part of parts) {
        if (typeof part !== 'string' && typeof part !== 'number') {
          return { value, problem: issue('invalid-type', path, 'each multi-select value must be text') };
        }
        const t = String(part).trim();
        if (t === '') continue;
        const mapped = lookupOption(entry.options, t);
        out.push(mapped !== undefined ? String(mapped) : t);
      }
      return out.length === 0 ? { missing: true } : { value: out };
    }
    case 'text':
      if (typeof value === 'string') return { value: value.trim() };
      if (typeof value === 'number' || typeof value === 'boolean') return { value: String(value) };
      return { value, problem: issue('invalid-type', path, 'expected text') };
    default:
      return { value, problem: issue('unknown-kind', path, `unknown field-map type ${JSON.stringify(entry.type)}`) };
  }
}

/** Reads a property; a dotted `from` ("fields.Name.value") walks into objects. */
function readProperty(crmRecord, from) {
  if (Object.prototype.hasOwnProperty.call(crmRecord, from)) return crmRecord[from];
  if (!from.includes('.')) return undefined;
  let cur = crmRecord;
  for (const part of from.split('.')) {
    if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function splitEconomics(mapped) {
  const record = {};
  const economics = {};
  for (const [k, v] of Object.entries(mapped)) {
    if (ECONOMICS_FIELDS.includes(k)) economics[k] = v;
    else record[k] = v;
  }
  return { record, economics };
}

/**
 * Turns a CRM record into a partner record (profile fields), the economics
 * inputs found on it and a display label. Without a map the record is taken
 * as already keyed by profile field.
 * @param {Record<string, unknown>} crmRecord
 * @param {object|null} [map] a field map (validate it first)
 * @returns {{record: object, economics: object, label: string|null, problems: Array<{code: string, path: string, message: string}>, sources: Record<string, string>}}
 */
export function applyFieldMap(crmRecord, map) {
  if (!isPlainObject(crmRecord)) {
    throw Object.assign(new TypeError('a record must be an object of property → value'), { code: 'invalid-type', path: 'record' });
  }
  const problems = [];
  if (!map) {
    const mapped = {};
    for (const [k, v] of Object.entries(crmRecord)) {
      if (k === 'name') continue;
      if (!isBlank(v)) mapped[k] = v;
    }
    const { record, economics } = splitEconomics(mapped);
    const label = typeof crmRecord.name === 'string' ? crmRecord.name : null;
    return { record, economics, label, problems, sources: {} };
  }
  const mapped = {};
  const sources = {};
  for (const [field, entry] of Object.entries(map.fields)) {
    sources[field] = entry.from;
    const raw = readProperty(crmRecord, entry.from);
    const out = coerceValue(raw, entry, `record.${entry.from}`);
    if (out.problem) problems.push(out.problem);
    if (!out.missing) mapped[field] = out.value;
  }
  const { record, economics } = splitEconomics(mapped);
  let label = null;
  if (typeof map.label === 'string') {
    const l = readProperty(crmRecord, map.label);
    if (typeof l === 'string' || typeof l === 'number') label = String(l);
  }
  return { record, economics, label, problems, sources };
}
