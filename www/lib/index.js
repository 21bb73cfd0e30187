// The thin JavaScript wrapper around the partner-scoring WebAssembly module,
// for browsers and Node 20+. It loads the module once, forwards every call
// unchanged and turns failures into one typed error. No domain logic and no
// formula lives here: every number comes from the Rust core.
//
//   import { init, scorePartner } from './www/lib/index.js';
//   await init();
//   const result = scorePartner({ icpMatch: 'strong' }, 'referral');

import wbgInit, * as wasm from '../../pkg/partner_scoring.js';

const WASM_URL = new URL('../../pkg/partner_scoring_bg.wasm', import.meta.url);

/**
 * The one error type of the library. `code` is stable (see `errorCodes()`,
 * plus `not-initialized`); `path` names the offending field ('' when the
 * error is not about one field).
 */
export class PartnerScoringError extends Error {
  constructor(code, message, path = '', options) {
    super(message, options);
    this.name = 'PartnerScoringError';
    this.code = code;
    this.path = path;
  }
}

function notInitialized() {
  return new PartnerScoringError(
    'not-initialized',
    'partner-scoring is not initialized yet: await init() before calling it',
    '',
  );
}

// The live state once init() has finished: `api` is the wasm-bindgen glue
// namespace. The build passes --experimental-reset-state-function, so the
// glue can replace a trapped instance with a fresh one (__wbg_reset_state).
let state = null;
let initPromise = null;
// Bumped on every restart: handles (createScorer) from an older instance
// point into memory that no longer exists and must not be used.
let generation = 0;

const isNode = () => typeof globalThis.process?.versions?.node === 'string';

/**
 * Loads and instantiates the WebAssembly module. Idempotent: every call,
 * concurrent or later, shares one promise and one instance; `input` is only
 * read by the first call.
 * @param {ArrayBuffer|ArrayBufferView|WebAssembly.Module|URL|string|Request|Response} [input]
 * @returns {Promise<void>}
 */
export function init(input) {
  if (initPromise === null) {
    initPromise = load(input).catch((err) => {
      initPromise = null; // a failed load may be retried
      throw err;
    });
  }
  return initPromise;
}

/**
 * Instantiates the module synchronously from a compiled `WebAssembly.Module`
 * or its bytes, for hosts with no async start (the Google Sheets bundle).
 * Does nothing when the module is already initialized.
 * @param {WebAssembly.Module|ArrayBuffer|ArrayBufferView} module
 */
export function initSync(module) {
  if (state !== null) return;
  const compiled = module instanceof WebAssembly.Module ? module : new WebAssembly.Module(module);
  wasm.initSync({ module: compiled });
  state = { api: wasm };
  initPromise = Promise.resolve();
}

/** True once init() has finished and the functions may be called. */
export function isInitialized() {
  return state !== null;
}

async function load(input) {
  const module = await compile(input);
  if (isNode()) {
    wasm.initSync({ module });
  } else {
    await wbgInit({ module_or_path: module });
  }
  state = { api: wasm };
}

async function compile(input) {
  if (input === undefined || input === null) {
    if (isNode()) return WebAssembly.compile(await readLocal(WASM_URL));
    return compileResponse(await fetch(WASM_URL));
  }
  if (input instanceof WebAssembly.Module) return input;
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return WebAssembly.compile(input);
  if (typeof Response === 'function' && input instanceof Response) return compileResponse(input);
  if (typeof Request === 'function' && input instanceof Request) return compileResponse(await fetch(input));
  if (typeof input === 'string' || input instanceof URL) {
    const url = toUrl(input);
    if (url === null) return WebAssembly.compile(await readLocal(input)); // a Node file path
    if (url.protocol === 'file:' && isNode()) return WebAssembly.compile(await readLocal(url));
    return compileResponse(await fetch(url));
  }
  throw new TypeError(
    'init(input): input must be bytes (ArrayBuffer, Uint8Array), a WebAssembly.Module, a URL, a string, a Request or a Response',
  );
}

function toUrl(input) {
  if (input instanceof URL) return input;
  if (isNode()) {
    // In Node a string is a URL only when it has a scheme; otherwise a path.
    return /^[a-z][a-z0-9+.-]*:/i.test(input) && !/^[a-z]:[\\/]/i.test(input) ? new URL(input) : null;
  }
  return new URL(input, globalThis.document?.baseURI ?? globalThis.location?.href ?? import.meta.url);
}

async function readLocal(pathOrUrl) {
  const { readFile } = await import('node:fs/promises');
  return readFile(pathOrUrl);
}

async function compileResponse(response) {
  if (!response.ok) {
    throw new Error(`could not load the WebAssembly module: HTTP ${response.status} for ${response.url}`);
  }
  const type = response.headers.get('content-type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.toLowerCase().startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

// Replaces a trapped instance with a fresh one. Returns whether it
// succeeded. Synchronous, so the next call already uses the new instance.
function reinstantiate() {
  try {
    if (typeof state.api.__wbg_reset_state === 'function') {
      state.api.__wbg_reset_state();
      generation += 1;
      return true;
    }
  } catch {
    // fall through: report failure
  }
  return false;
}

function isStructured(err) {
  return err !== null && typeof err === 'object' && !(err instanceof Error)
    && typeof err.code === 'string' && err.code !== '';
}

function toError(err) {
  if (err instanceof PartnerScoringError) return err;
  if (isStructured(err)) {
    const path = typeof err.path === 'string' ? err.path : '';
    const message = typeof err.message === 'string' && err.message !== '' ? err.message : err.code;
    return new PartnerScoringError(err.code, message, path);
  }
  // A trap (WebAssembly.RuntimeError), a stack overflow or any exception that
  // unwound through the module: its memory may be inconsistent, so it is
  // replaced before the next call.
  const recovered = reinstantiate();
  const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const message = recovered
    ? `internal fault in the partner-scoring module (${what}); the module was restarted`
    : `internal fault in the partner-scoring module (${what})`;
  return new PartnerScoringError('internal', message, '', { cause: err });
}

// The one path every export takes into the module.
function call(fn, ...args) {
  if (state === null) throw notInitialized();
  const f = state.api[fn];
  if (typeof f !== 'function') {
    throw new PartnerScoringError('internal', `this build of the module has no ${fn} export`, '');
  }
  return guarded(() => f(...args));
}

function guarded(thunk) {
  try {
    return thunk();
  } catch (err) {
    throw toError(err);
  }
}

// Most record objects one call takes (the core's limit; a longer list goes
// to the core as it is, which answers limit-exceeded).
const MAX_RECORDS = 100_000;

// Reshapes records into one column per field the profile reads, so the
// module reads each cell directly instead of walking every object across
// the boundary: a Float64Array when a field holds only finite numbers or
// blanks (NaN marks a blank), else an array of the values as they are.
// Data shaping only: the core still reads and scores every cell. Returns
// null, and the records go to the core as they are, for anything unusual
// (a record that is not a plain object, a value that is not a number,
// text, boolean, blank or list), so errors and edge cases keep one path.
function toColumns(records, fields) {
  if (records.length > MAX_RECORDS) return null;
  for (const r of records) {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) return null;
  }
  const columns = {};
  for (const field of fields) {
    let numeric = true;
    const values = new Array(records.length);
    for (let i = 0; i < records.length; i += 1) {
      const v = Object.prototype.hasOwnProperty.call(records[i], field) ? records[i][field] : undefined;
      const type = typeof v;
      if (type === 'number') {
        if (!Number.isFinite(v)) numeric = false;
      } else if (v === undefined || v === null) {
        // blank
      } else if (type === 'string' || type === 'boolean') {
        numeric = false;
      } else if (Array.isArray(v)) {
        numeric = false;
      } else {
        return null;
      }
      values[i] = v;
    }
    columns[field] = numeric ? Float64Array.from(values, (v) => (v == null ? NaN : v)) : encode(values);
  }
  return columns;
}

// Dictionary-encodes a column of text, booleans and blanks when it has few
// distinct values (categories, yes/no flags): the module then reads each
// distinct value once and a Uint32Array of codes, instead of every cell.
// Blank is a code past the end of `values`.
function encode(values) {
  const index = new Map();
  const dict = [];
  const codes = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    if (v === undefined || v === null) {
      codes[i] = 0xffffffff;
      continue;
    }
    if (typeof v === 'object') return values; // lists of tags: as they are
    let code = index.get(v);
    if (code === undefined) {
      code = dict.length;
      if (code > 4096 || code * 4 > values.length + 64) return values; // mostly distinct
      index.set(v, code);
      dict.push(v);
    }
    codes[i] = code;
  }
  return { values: dict, codes };
}

/**
 * A profile compiled once for bulk scoring (from {@link createScorer}).
 * Scores only, no explanations: use scorePartners for those.
 */
class PartnerScorer {
  #handle;
  #generation;
  #labels;

  constructor(handle) {
    this.#handle = handle;
    this.#generation = generation;
    this.#labels = guarded(() => handle.bandLabels());
    /** The profile's id. */
    this.profileId = guarded(() => handle.profileId);
    /** The record fields the profile reads. */
    this.fields = guarded(() => handle.fields());
  }

  /** Band labels, highest first; `bands[i]` indexes into this list (255: none). */
  get bandLabels() {
    return [...this.#labels];
  }

  #live() {
    if (this.#handle === null) {
      throw new PartnerScoringError('invalid-type', 'this scorer was freed; create a new one', '');
    }
    if (this.#generation !== generation) {
      throw new PartnerScoringError('internal', 'the module restarted since this scorer was made; create a new one', '');
    }
    return this.#handle;
  }

  /** Scores an array of record objects (or its JSON text): `{scores, bands}`. */
  scoreRecords(records) {
    const handle = this.#live();
    const columns = Array.isArray(records) ? toColumns(records, this.fields) : null;
    if (columns === null) return guarded(() => handle.scoreRecords(records));
    return guarded(() => handle.scoreColumns(columns, records.length));
  }

  /** Scores `rowCount` rows from columns: `{field: Float64Array | any[]}` → `{scores, bands}`. */
  scoreColumns(columns, rowCount) {
    const handle = this.#live();
    if (!Number.isSafeInteger(rowCount) || rowCount < 0) {
      throw new PartnerScoringError('invalid-type', 'rowCount must be a whole number of rows, 0 or more', 'rowCount');
    }
    return guarded(() => handle.scoreColumns(columns, rowCount));
  }

  /** Frees the compiled profile's memory now (otherwise when collected). */
  free() {
    if (this.#handle !== null && this.#generation === generation) this.#handle.free();
    this.#handle = null;
  }
}

/** Validates and compiles a profile once, for scoring many records fast. */
export function createScorer(profileOrId) {
  return new PartnerScorer(call('createScorer', profileOrId));
}

/** Scores one record against a profile (built-in id, profile object or JSON text). */
export function scorePartner(record, profileOrId) {
  return call('scorePartner', record, profileOrId);
}

/** Scores a list of records against one profile; results in input order. */
export function scorePartners(records, profileOrId) {
  return call('scorePartners', records, profileOrId);
}

/** Ranks records by score, best first, stable on ties. */
export function rankPartners(records, profileOrId) {
  return call('rankPartners', records, profileOrId);
}

/** Scores a record against every built-in profile, best partner type first. */
export function recommendPartnerType(record) {
  return call('recommendPartnerType', record);
}

/** The six built-in profiles. */
export function builtinProfiles() {
  return call('builtinProfiles');
}

/** Checks a profile; never throws for an invalid profile. */
export function validateProfile(profile) {
  return call('validateProfile', profile);
}

/** The partner's return on effort for one deal. */
export function partnerReturn(input) {
  return call('partnerReturn', input);
}

/** Referral commission on first-year contract value. */
export function referralCommission(input) {
  return call('referralCommission', input);
}

/** Reseller margin and the vendor's net. */
export function resellerMargin(input) {
  return call('resellerMargin', input);
}

/** Deal-registration incentive by registration stage. */
export function dealRegistrationPayout(input) {
  return call('dealRegistrationPayout', input);
}

/** Rep and partner payouts on a partner deal. */
export function repCompensation(input) {
  return call('repCompensation', input);
}

/** ARR retained thanks to a technology partner. */
export function retentionUplift(input) {
  return call('retentionUplift', input);
}

/** Partner programme ROI. */
export function programRoi(input) {
  return call('programRoi', input);
}

/** The tier for an annual partner-sourced revenue. */
export function assignTier(annualPartnerRevenue, table, currency) {
  return call('assignTier', annualPartnerRevenue, table, currency);
}

/** The default tier table (Platinum, Gold, Silver, Inactive). */
export function defaultTierTable() {
  return call('defaultTierTable');
}

/** Bytes of WebAssembly memory the module holds now (it grows, never shrinks). */
export function memoryBytes() {
  return call('memoryBytes');
}

/** The stable list of error codes with their meaning. */
export function errorCodes() {
  return call('errorCodes');
}

/** Programme metrics as of a date, over the trailing 12 months. */
export function programMetrics(input) {
  return call('programMetrics', input);
}

/** One scorecard per partner in the programme, on programMetrics' input. */
export function partnerScorecards(input) {
  return call('partnerScorecards', input);
}

/** The overlap of our account list and a partner's (plain or hashed). */
export function accountOverlap(input) {
  return call('accountOverlap', input);
}

/** Keyed hashes (HMAC-SHA256) of a list's normalised account keys, for private mapping. */
export function hashAccounts(list, secret, matchBy) {
  return call('hashAccounts', list, secret, matchBy);
}

/**
 * Learns a profile's weights from a team's own history: `{records, outcomes,
 * profile, seed?, folds?}` → `{profile, report}` with held-out AUC, calibration
 * by band, bootstrap intervals and lift. Associations, not causes (README.md).
 */
export function fitProfile(input) {
  return call('fitProfile', input);
}
