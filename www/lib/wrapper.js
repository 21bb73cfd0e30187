// The thin JavaScript wrapper around the partner-scoring WebAssembly module,
// for browsers and Node 20+. It loads the module once, forwards every call
// unchanged and turns failures into one typed error. No domain logic and no
// formula lives here: every number comes from the Rust core.
//
//   import { init, scorePartner } from './www/lib/index.js';
//   await init();
//   const result = scorePartner({ icpMatch: 'strong' }, 'referral');
//
// Two modules (README.md, "Two modules"): init() loads the core (scoring,
// economics, tiers); initAnalytics() loads the analytics module (programme
// metrics, scorecards, account mapping) the first time it is needed.

import wbgInit, * as wasm from '../../pkg/partner_scoring.js';
import connectEconomics from './economics.js';

const WASM_URL = new URL('../../pkg/partner_scoring_bg.wasm', import.meta.url);
const ANALYTICS_URL = new URL('../../pkg/partner_scoring_analytics_bg.wasm', import.meta.url);
// After a call leaves an instance holding more memory than this, the
// instance is replaced by a fresh one before the next call (wasm memory
// grows but never shrinks), so one huge input does not pin it for good.
const RESTART_BYTES = 64 * 1024 * 1024;

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

function notInitialized(what = 'init()') {
  return new PartnerScoringError(
    'not-initialized',
    `partner-scoring is not initialized yet: await ${what} before calling it`,
    '',
  );
}

// The live state once init() has finished: `api` is the wasm-bindgen glue
// namespace. The build passes --experimental-reset-state-function, so the
// glue can replace a trapped instance with a fresh one (__wbg_reset_state).
// `analytics` is the same for the analytics module, once initAnalytics()
// has finished. `ops` is the module's operation registry: name ->
// {args, module}.
let state = null;
let initPromise = null;
let analytics = null;
let analyticsPromise = null;
let ops = null;
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
  state = started(wasm);
  initPromise = Promise.resolve();
}

// An instance's state; the first one loaded also fills the registry.
function started(api) {
  if (ops === null) {
    ops = new Map();
    for (const op of JSON.parse(api.operations())) ops.set(op.name, op);
  }
  return { api };
}

/**
 * Loads the analytics module (programMetrics, partnerScorecards,
 * accountOverlap, hashAccounts). Idempotent, like init(); `input` takes the
 * same forms, for the analytics .wasm.
 * @param {ArrayBuffer|ArrayBufferView|WebAssembly.Module|URL|string|Request|Response} [input]
 * @returns {Promise<void>}
 */
export function initAnalytics(input) {
  if (analyticsPromise === null) {
    analyticsPromise = loadAnalytics(input).catch((err) => {
      analyticsPromise = null;
      throw err;
    });
  }
  return analyticsPromise;
}

async function loadAnalytics(input) {
  const [glue, module] = await Promise.all([
    import('../../pkg/partner_scoring_analytics.js'),
    compile(input, ANALYTICS_URL),
  ]);
  if (isNode()) glue.initSync({ module });
  else await glue.default({ module_or_path: module });
  analytics = started(glue);
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
  state = started(wasm);
}

async function compile(input, fallback = WASM_URL) {
  if (input === undefined || input === null) {
    if (isNode()) return WebAssembly.compile(await readLocal(fallback));
    return compileResponse(await fetch(fallback));
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

// Replaces an instance (trapped, or holding too much memory) with a fresh
// one. Returns whether it succeeded. Synchronous, so the next call already
// uses the new instance.
function reinstantiate(inst = state) {
  try {
    if (typeof inst.api.__wbg_reset_state === 'function') {
      inst.api.__wbg_reset_state();
      if (inst === state) generation += 1;
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

// An error the module threw as its `{"error": …}` text.
function thrownText(err) {
  if (typeof err !== 'string' || !err.startsWith('{"error":')) return null;
  try {
    return JSON.parse(err).error;
  } catch {
    return null;
  }
}

function toError(err, inst) {
  if (err instanceof PartnerScoringError) return err;
  const text = thrownText(err);
  if (text !== null) return toError(text, inst);
  if (isStructured(err)) {
    const path = typeof err.path === 'string' ? err.path : '';
    const message = typeof err.message === 'string' && err.message !== '' ? err.message : err.code;
    return new PartnerScoringError(err.code, message, path);
  }
  // A trap (WebAssembly.RuntimeError), a stack overflow or any exception that
  // unwound through the module: its memory may be inconsistent, so it is
  // replaced before the next call.
  const recovered = reinstantiate(inst);
  const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const message = recovered
    ? `internal fault in the partner-scoring module (${what}); the module was restarted`
    : `internal fault in the partner-scoring module (${what})`;
  return new PartnerScoringError('internal', message, '', { cause: err });
}

// Calls a named export of the core module directly (handles, memoryBytes).
function call(fn, ...args) {
  if (state === null) throw notInitialized();
  const f = state.api[fn];
  if (typeof f !== 'function') {
    throw new PartnerScoringError('internal', `this build of the module has no ${fn} export`, '');
  }
  return guarded(() => f(...args));
}

function guarded(thunk, inst = state) {
  try {
    return thunk();
  } catch (err) {
    throw toError(err, inst);
  } finally {
    shrink(inst);
  }
}

// Gives memory back after a call that grew the instance past RESTART_BYTES.
function shrink(inst) {
  if (inst === null) return;
  let bytes = 0;
  try {
    bytes = inst.api.memoryBytes();
  } catch {
    return;
  }
  if (bytes > RESTART_BYTES) reinstantiate(inst);
}

// Deeper than the core's own nesting limit (which reports it, with its
// path): the encoder stops here so a cyclic input cannot recurse forever.
const MAX_NESTING = 40;

// Writes one value as the boundary's wire text (src/wasm.rs): JSON, plus
// bare NaN/Infinity/-Infinity, and `!kind` for a value that is not plain
// data (a BigInt, a symbol, a function, a Date, a Map, a class instance),
// which the core refuses with `invalid-type` at the value's path. Plain
// objects are those whose prototype is Object.prototype or null, from any
// realm. `undefined` is null, as it has always been.
function wire(v, depth = 0) {
  switch (typeof v) {
    case 'string': return JSON.stringify(v);
    case 'number': return Object.is(v, -0) ? '-0' : String(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'undefined': return 'null';
    case 'object': break;
    default: return `!${typeof v}`; // bigint, symbol, function
  }
  if (v === null || depth > MAX_NESTING) return 'null';
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i += 1) out += (i === 0 ? '' : ',') + wire(v[i], depth + 1);
    return `${out}]`;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) {
    const name = /^[\w$]{1,40}$/.test(proto.constructor?.name) ? proto.constructor.name : 'object';
    return `!${name}`;
  }
  let out = '{';
  let first = true;
  for (const k of Object.keys(v)) {
    out += `${first ? '' : ','}${JSON.stringify(k)}:${wire(v[k], depth + 1)}`;
    first = false;
  }
  return `${out}}`;
}

// Encodes arguments; a getter or proxy that throws while being read is
// reported as invalid input, not as a fault of the module.
function toWire(v) {
  try {
    return wire(v);
  } catch (err) {
    const what = err instanceof Error ? err.message : String(err);
    throw new PartnerScoringError('invalid-type', `the input could not be read: ${what.slice(0, 200)}`, '');
  }
}

// The one path every operation takes into its module: its arguments as one
// wire text in, JSON text out.
function run(name, args) {
  const op = ops?.get(name);
  const inst = op?.module === 'analytics' ? analytics : state;
  if (inst === null) throw notInitialized(op?.module === 'analytics' ? 'initAnalytics()' : 'init()');
  const text = toWire(args);
  const out = JSON.parse(guarded(() => inst.api.call(name, text), inst));
  if (out.error !== undefined) throw toError(out.error, inst);
  return out.ok;
}

// ---------------------------------------------------------------------------
// Batch scoring: the columnar path (src/kernel.rs, README "Batch scoring").
// Each column crosses into wasm memory once, as one typed array (the glue
// copies it with one `set()`); text, booleans and lists cross as the
// distinct values of a dictionary plus a Uint32Array of codes. The wrapper
// only reshapes data here; the core reads and scores every cell.

// Most record objects one call takes (the core's limit; a longer list goes
// to the core as it is, which answers limit-exceeded).
const MAX_RECORDS = 100_000;
// In a coded column: "read this row's number" and "blank" (past the end).
const NUMBER_CODE = 0xffffffff;
const BLANK_CODE = 0xfffffffe;

// One column: a finite number goes into `numbers` (NaN there = blank),
// null/undefined are blank, anything else (text, booleans, tags, NaN) is a
// dictionary value, each distinct one crossing once. `codes` starts as
// NUMBER_CODE everywhere, so numbers and blanks never write to it.
class Encoder {
  constructor(n) {
    this.n = n;
    this.numbers = null;
    this.codes = null;
    this.values = null;
    this.index = null;
    this.yes = -1; // codes of true and false, kept out of the Map
    this.no = -1;
  }

  number(i, v) {
    if (this.numbers === null) this.numbers = new Float64Array(this.n).fill(NaN);
    this.numbers[i] = v;
  }

  other(i, v) {
    if (this.codes === null) {
      this.codes = new Uint32Array(this.n).fill(NUMBER_CODE);
      this.values = [];
      this.index = new Map();
    }
    let code;
    if (v === true) {
      if (this.yes < 0) this.yes = this.add(v);
      code = this.yes;
    } else if (v === false) {
      if (this.no < 0) this.no = this.add(v);
      code = this.no;
    } else {
      code = this.index.get(v);
      if (code === undefined) {
        code = this.add(v);
        this.index.set(v, code);
      }
    }
    this.codes[i] = code;
  }

  add(v) {
    this.values.push(v);
    return this.values.length - 1;
  }

  // Numbers only, coded only, both, or nothing (blank in every row).
  stage(handle, slot) {
    if (this.codes === null) {
      if (this.numbers !== null) handle.stageNumbers(slot, this.numbers);
    } else if (this.numbers === null) {
      handle.stageCoded(slot, this.values, this.codes);
    } else {
      handle.stageMixed(slot, this.values, this.codes, this.numbers);
    }
  }
}

// `v - v === 0` is Number.isFinite for a number (NaN and ±Infinity give NaN).
function encodeArray(cells, n) {
  const enc = new Encoder(n);
  for (let i = 0; i < n; i += 1) {
    const v = cells[i];
    if (typeof v === 'number' && v - v === 0) enc.number(i, v);
    else if (v !== undefined && v !== null) enc.other(i, v);
  }
  return enc;
}

// One field of every record in one pass (one key per loop). `own`: the
// name is also on Object.prototype, so only an own property may answer.
function encodeField(records, n, key, own) {
  const enc = new Encoder(n);
  const hasOwn = Object.prototype.hasOwnProperty;
  for (let i = 0; i < n; i += 1) {
    const r = records[i];
    const v = own && !hasOwn.call(r, key) ? undefined : r[key];
    if (typeof v === 'number' && v - v === 0) enc.number(i, v);
    else if (v !== undefined && v !== null) enc.other(i, v);
  }
  return enc;
}

function badColumn(field) {
  return new PartnerScoringError(
    'invalid-type',
    'a column must be a Float64Array (NaN = blank), a Uint8Array (0, 1; other bytes blank), '
      + 'an array of values, or {values, codes: Uint32Array}',
    `columns.${field}`,
  );
}

// One staging step per field the profile reads, planned before anything
// crosses, so a bad column leaves nothing staged.
function planColumn(col, field, rowCount) {
  if (col === undefined || col === null) return null;
  if (col instanceof Float64Array) return (h, slot) => h.stageNumbers(slot, col);
  if (col instanceof Uint8Array) return (h, slot) => h.stageFlags(slot, col);
  if (ArrayBuffer.isView(col) && !(col instanceof DataView)) {
    if (col instanceof BigInt64Array || col instanceof BigUint64Array) throw badColumn(field);
    const numbers = Float64Array.from(col);
    return (h, slot) => h.stageNumbers(slot, numbers);
  }
  if (Array.isArray(col)) {
    const enc = encodeArray(col, Math.min(col.length, rowCount));
    return (h, slot) => enc.stage(h, slot);
  }
  if (typeof col === 'object' && col.codes instanceof Uint32Array) {
    if (!Array.isArray(col.values)) {
      throw new PartnerScoringError('invalid-type', 'a coded column needs values: an array', `columns.${field}.values`);
    }
    if (col.numbers !== undefined && col.numbers !== null) {
      if (!(col.numbers instanceof Float64Array)) {
        throw new PartnerScoringError('invalid-type', 'numbers must be a Float64Array', `columns.${field}.numbers`);
      }
      return (h, slot) => h.stageMixed(slot, col.values, col.codes, col.numbers);
    }
    return (h, slot) => h.stageCoded(slot, col.values, col.codes);
  }
  throw badColumn(field);
}

// Stages every planned column, scores, and returns {scores, bands}; on any
// failure the staged columns are dropped.
function runStaged(handle, plans, rowCount) {
  try {
    for (let slot = 0; slot < plans.length; slot += 1) {
      if (plans[slot] !== null) plans[slot](handle, slot);
    }
    // The core refuses a count that is not a whole number within its limit.
    const scores = handle.scoreStaged(rowCount);
    return { scores, bands: handle.takeBands() };
  } catch (err) {
    handle.clearStaged();
    throw err;
  }
}

// A record the columnar path takes: a plain object (its prototype is
// Object.prototype or null, from any realm). Anything else goes to the core
// as it is, which refuses it at its path.
const isPlainRecord = (r) => {
  if (r === null || typeof r !== 'object' || Array.isArray(r)) return false;
  const proto = Object.getPrototypeOf(r);
  return proto === null || Object.getPrototypeOf(proto) === null;
};

/**
 * A profile compiled once for bulk scoring (from {@link createScorer}).
 * Scores only, no explanations: use scorePartners for those.
 */
class PartnerScorer {
  #handle;
  #generation;
  #labels;
  #profile;

  constructor(handle, profile) {
    this.#handle = handle;
    this.#profile = profile;
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
      // The module restarted (after a fault, or to give memory back): the
      // profile is compiled again in the new instance, transparently.
      this.#handle = call('createScorer', this.#profile);
      this.#generation = generation;
    }
    return this.#handle;
  }

  /**
   * Scores an array of record objects (or its JSON text): `{scores, bands}`.
   * Plain objects are reshaped into one column per field and scored on the
   * columnar path; anything else goes to the core as it is, which reads it
   * the same way and answers errors with their paths.
   */
  scoreRecords(records) {
    const handle = this.#live();
    if (!Array.isArray(records) || records.length > MAX_RECORDS || !records.every(isPlainRecord)) {
      return guarded(() => handle.scoreRecords(toWire(records)));
    }
    const n = records.length;
    const encoders = this.fields.map((key) => encodeField(records, n, key, key in Object.prototype));
    const plans = encoders.map((enc) => (h, slot) => enc.stage(h, slot));
    return guarded(() => runStaged(handle, plans, n));
  }

  /**
   * Scores `rowCount` rows from columns keyed by field name → `{scores, bands}`.
   * A column is a Float64Array (NaN = blank), a Uint8Array (0, 1; any
   * other byte blank), another numeric typed array, an array of values, or
   * a dictionary-coded `{values, codes: Uint32Array, numbers?: Float64Array}`.
   */
  scoreColumns(columns, rowCount) {
    const handle = this.#live();
    // The core refuses fractions, negatives and counts past its limit.
    if (typeof rowCount !== 'number') {
      throw new PartnerScoringError('invalid-type', 'rowCount must be a whole number of rows, 0 or more', 'rowCount');
    }
    if (columns === null || typeof columns !== 'object' || Array.isArray(columns)) {
      throw new PartnerScoringError('invalid-type', 'columns must be an object of field name: column', 'columns');
    }
    const plans = this.fields.map((field) => planColumn(columns[field], field, rowCount));
    return guarded(() => runStaged(handle, plans, rowCount));
  }

  /** Frees the compiled profile's memory now (otherwise when collected). */
  free() {
    if (this.#handle !== null && this.#generation === generation) this.#handle.free();
    this.#handle = null;
  }
}

/** Validates and compiles a profile once, for scoring many records fast. */
export function createScorer(profileOrId) {
  const profile = toWire(profileOrId);
  return new PartnerScorer(call('createScorer', profile), profile);
}

/** Scores one record against a profile (built-in id, profile object or JSON text). */
export function scorePartner(record, profileOrId) {
  return run('scorePartner', [record, profileOrId]);
}

/** Scores a list of records against one profile; results in input order. */
export function scorePartners(records, profileOrId) {
  return run('scorePartners', [records, profileOrId]);
}

/** Ranks records by score, best first, stable on ties. */
export function rankPartners(records, profileOrId) {
  return run('rankPartners', [records, profileOrId]);
}

/** Scores a record against every built-in profile, best partner type first. */
export function recommendPartnerType(record) {
  return run('recommendPartnerType', [record]);
}

/** The six built-in profiles. */
export function builtinProfiles() {
  return run('builtinProfiles', []);
}

/** Checks a profile; never throws for an invalid profile. */
export function validateProfile(profile) {
  return run('validateProfile', [profile]);
}

// ---------------------------------------------------------------------------
// Batch money (README.md, "Batch money"): columns cross packed, no JSON per
// cell (src/economics.rs, `packed_columns`); anything the packing does not
// cover goes through `run` unchanged.
const CELL_TEXT = 0;
const CELL_NUMBER = 1;
const CELL_NULL = 2;
const CELL_TRUE = 3;
const CELL_FALSE = 4;
const CELL_SEP = '\u001f';
const COLUMN_SEP = '\u001e';
const NAME_END = '\u001d';
const MAX_MONEY_ROWS = 1_000_000;
const MAX_MONEY_KEYS = 64;

function packMoney(input) {
  if (!isPlainRecord(input)) return null;
  const keys = Object.keys(input);
  if (keys.length > MAX_MONEY_KEYS) return null;
  const shared = {};
  const columns = [];
  let n = -1;
  for (const k of keys) {
    const v = input[k];
    if (Array.isArray(v)) {
      if (n === -1) n = v.length;
      else if (v.length !== n) return null;
      columns.push(v);
    } else {
      shared[k] = v;
    }
  }
  if (columns.length === 0 || n <= 0 || n > MAX_MONEY_ROWS) return null;
  const types = new Uint8Array(n * columns.length);
  let numbers = null;
  const texts = [];
  let textCells = 0;
  for (let c = 0; c < columns.length; c += 1) {
    const col = columns[c];
    const base = c * n;
    let allText = true;
    for (let i = 0; i < n; i += 1) {
      const v = col[i];
      if (typeof v === 'string') continue;
      allText = false;
      if (typeof v === 'number') {
        if (numbers === null) numbers = new Float64Array(n * columns.length);
        numbers[base + i] = v;
        types[base + i] = CELL_NUMBER;
      } else if (v === null || v === undefined) {
        types[base + i] = CELL_NULL;
      } else if (typeof v === 'boolean') {
        types[base + i] = v ? CELL_TRUE : CELL_FALSE;
      } else {
        return null;
      }
    }
    // A column of text only is joined natively, in one piece.
    if (allText) {
      texts.push(col.join(CELL_SEP));
      textCells += n;
    } else {
      for (let i = 0; i < n; i += 1) {
        if (types[base + i] === CELL_TEXT) {
          texts.push(col[i]);
          textCells += 1;
        }
      }
    }
  }
  return {
    n,
    spec: wire([n, keys, shared, textCells]),
    types,
    numbers: numbers ?? new Float64Array(0),
    text: utf8.encode(texts.join(CELL_SEP)),
  };
}

function unpackMoney(text, n) {
  const out = {};
  for (const part of text.split(COLUMN_SEP)) {
    const at = part.indexOf(NAME_END);
    const name = part.slice(0, at);
    const tag = part[at + 1];
    const body = part.slice(at + 2);
    if (tag === 'k') out[name] = new Array(n).fill(body);
    else if (tag === 'z') out[name] = new Array(n).fill(null);
    else {
      const cells = body.split(CELL_SEP);
      if (tag === 'u') for (let i = 0; i < n; i += 1) if (cells[i] === '') cells[i] = null;
      out[name] = cells;
    }
  }
  return out;
}

function moneyColumns(name, input) {
  if (state === null) return undefined;
  let packed = null;
  try {
    packed = packMoney(input);
  } catch {
    packed = null;
  }
  if (packed !== null && typeof state.api.moneyColumns === 'function') {
    const inst = state;
    const out = guarded(
      () => inst.api.moneyColumns(name, packed.spec, packed.types, packed.numbers, packed.text),
      inst,
    );
    if (out.startsWith('{"error":')) throw toError(JSON.parse(out).error, inst);
    if (out !== '') return unpackMoney(out, packed.n);
  }
  return undefined;
}

// For plain objects of text, finite numbers (not -0), null and undefined
// (left out: read as null), JSON.stringify writes the wire text natively.
function plainJson(v, depth) {
  if (!isPlainRecord(v) || depth > 4) return false;
  for (const k in v) {
    const x = v[k];
    const t = typeof x;
    if (t === 'string' || x === null || x === undefined) continue;
    if (t === 'number' ? !Number.isFinite(x) || (x === 0 && 1 / x < 0) : !plainJson(x, depth + 1)) return false;
  }
  return true;
}

// A single per-deal call (README.md, "Batch money"): a plain object's
// fields are written straight into a buffer in wasm memory (numbers as
// f64, keys and text as UTF-8, a nested plain object as its JSON) and the
// outputs come back from another, joined by CELL_SEP (src/economics.rs,
// `packed_single`): no JSON either way and no allocation per call. Anything
// else (or a text past the core's length limit) goes through `run`.
const FIELD_WIRE = 5;
const MAX_FAST_FIELDS = 64;
// A text this long may be past the core's 65,536-byte limit once UTF-8.
const MAX_FAST_TEXT = 21_845;
const utf8 = new TextEncoder();
const LONE_SURROGATE = /\p{Cs}/u;
const fromUtf8 = new TextDecoder();
// The views of one instance's buffers (moneyInput / moneyOutput).
let fast = null;
const fastKeys = [];
const fastValues = [];
const fastCodes = [];

function fastBuffers(inst, bytes) {
  let f = fast;
  if (f === null || f.inst !== inst || f.generation !== generation) {
    if (typeof inst.api.moneyOne !== 'function') return null;
    f = { inst, generation, memory: inst.api.moneyMemory(), input: 0, size: 0, output: inst.api.moneyOutput(), u8: null, ops: new Map() };
    fast = f;
  }
  if (bytes > f.size) {
    f.size = Math.max(bytes, 4096);
    f.input = inst.api.moneyInput(f.size);
    f.u8 = null;
  }
  if (f.u8 === null || f.u8.byteLength === 0) {
    const buf = f.memory.buffer;
    f.u8 = new Uint8Array(buf);
    f.u32 = new Uint32Array(buf);
    f.f64 = new Float64Array(buf);
  }
  return f;
}

function fastOp(f, name) {
  let op = f.ops.get(name);
  if (op === undefined) {
    const text = f.inst.api.moneyFields(name);
    const at = text.indexOf(NAME_END);
    op = at === -1 ? null : { index: Number(text.slice(0, at)), fields: text.slice(at + 1).split(CELL_SEP) };
    f.ops.set(name, op);
  }
  return op;
}

// Writes `s` as UTF-8 at `at`; the new end, or -1 for a text the core
// could read differently (a lone surrogate).
function putText(u8, at, s) {
  const n = s.length;
  for (let i = 0; i < n; i += 1) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      if (LONE_SURROGATE.test(s)) return -1;
      return at - i + utf8.encodeInto(s, u8.subarray(at - i)).written;
    }
    u8[at] = c;
    at += 1;
  }
  return at;
}

// The economics calls without the packed path (programme ROI, retention)
// on plain objects: JSON.stringify writes the wire text natively.
function jsonOne(name, input) {
  let plain = false;
  try {
    plain = plainJson(input, 0);
  } catch {
    plain = false; // a getter that throws: `run` reports it
  }
  if (!plain) return undefined;
  const inst = state;
  const out = JSON.parse(guarded(() => inst.api.call(name, `[${JSON.stringify(input)}]`), inst));
  if (out.error !== undefined) throw toError(out.error, inst);
  return out.ok;
}

// Undefined when the input must go through `run` (so for moneyColumns).
function moneyOne(name, input) {
  const inst = state;
  if (inst === null || !isPlainRecord(input)) return undefined;
  const op = fastBuffers(inst, 0) && fastOp(fast, name);
  if (!op) return jsonOne(name, input);
  let count = 0;
  let textBytes = 0;
  try {
    const keys = Object.keys(input);
    if (keys.length > MAX_FAST_FIELDS) return undefined;
    for (const k of keys) {
      let v = input[k];
      let code;
      if (typeof v === 'string') code = CELL_TEXT;
      else if (typeof v === 'number') {
        if (!Number.isFinite(v) || (v === 0 && 1 / v < 0)) return undefined;
        code = CELL_NUMBER;
      } else if (v === null || v === undefined) continue;
      else if (typeof v === 'boolean') code = v ? CELL_TRUE : CELL_FALSE;
      else if (plainJson(v, 1)) {
        v = JSON.stringify(v);
        code = FIELD_WIRE;
      } else return undefined;
      if (k.length > MAX_FAST_TEXT || (typeof v === 'string' && v.length > MAX_FAST_TEXT)) return undefined;
      fastKeys[count] = k;
      fastValues[count] = v;
      fastCodes[count] = code;
      count += 1;
      textBytes += 3 * (k.length + (typeof v === 'string' ? v.length : 0));
    }
  } catch {
    return undefined; // a getter that throws: `run` reports it
  }
  const f = fastBuffers(inst, 20 * count + textBytes);
  const { u8, u32, f64 } = f;
  const base = f.input;
  let at = base + 20 * count;
  for (let i = 0; i < count; i += 1) {
    const code = fastCodes[i];
    const v = fastValues[i];
    const m = (base + 8 * count) / 4 + 3 * i;
    u32[m] = code;
    const keyEnd = putText(u8, at, fastKeys[i]);
    if (keyEnd === -1) return undefined;
    u32[m + 1] = keyEnd - at;
    at = keyEnd;
    if (code === CELL_NUMBER) {
      f64[base / 8 + i] = v;
      u32[m + 2] = 0;
    } else if (code === CELL_TEXT || code === FIELD_WIRE) {
      const end = putText(u8, at, v);
      if (end === -1) return undefined;
      u32[m + 2] = end - at;
      at = end;
    } else u32[m + 2] = 0;
  }
  const n = guarded(() => inst.api.moneyOne(op.index, count), inst);
  if (n === -1) return undefined;
  const out = f.u8.byteLength === 0 ? new Uint8Array(f.memory.buffer) : f.u8;
  if (n < -1) throw toError(JSON.parse(fromUtf8.decode(out.subarray(f.output, f.output - n - 2))), inst);
  // The outputs are ASCII (the core checks): short texts are quicker built
  // a character at a time than through a TextDecoder.
  const result = {};
  let field = 0;
  let cell = '';
  for (let i = f.output, end = f.output + n; i <= end; i += 1) {
    const c = i < end ? out[i] : 0x1f;
    if (c !== 0x1f) cell += String.fromCharCode(c);
    else {
      result[op.fields[field]] = cell === '' ? null : cell;
      field += 1;
      cell = '';
    }
  }
  return result;
}

// The economics operations (per deal, their columnar twins, retention and
// programme ROI) are generated from the registry in src/economics.rs into
// ./economics.js (README.md, "Adding an operation"). Each calls this with
// its name, its arguments and whether it is a columnar twin: the packed
// paths above first, `run` for whatever they leave.
connectEconomics((name, args, columnar) =>
  (columnar ? moneyColumns(name, args[0]) : moneyOne(name, args[0])) ?? run(name, args),
);
export * from './economics.js';

// ---------------------------------------------------------------------------

/** The tier for an annual partner-sourced revenue. */
export function assignTier(annualPartnerRevenue, table, currency) {
  return run('assignTier', [annualPartnerRevenue, table, currency]);
}

/** The default tier table (Platinum, Gold, Silver, Inactive). */
export function defaultTierTable() {
  return run('defaultTierTable', []);
}

/** Bytes of WebAssembly memory the module holds now (it grows, never shrinks). */
export function memoryBytes() {
  return call('memoryBytes');
}

/** The stable list of error codes with their meaning. */
export function errorCodes() {
  return run('errorCodes', []);
}

/** Programme metrics as of a date, over the trailing 12 months. */
export function programMetrics(input) {
  return run('programMetrics', [input]);
}

/** One scorecard per partner in the programme, on programMetrics' input. */
export function partnerScorecards(input) {
  return run('partnerScorecards', [input]);
}

/** The overlap of our account list and a partner's (plain or hashed). */
export function accountOverlap(input) {
  return run('accountOverlap', [input]);
}

/** Keyed hashes (HMAC-SHA256) of a list's normalised account keys, for private mapping. */
export function hashAccounts(list, secret, matchBy) {
  return run('hashAccounts', [list, secret, matchBy]);
}

// ---------------------------------------------------------------------------
// fitProfile (src/fit.rs, README.md "Learn the profile from outcomes"). An
// input whose records are plain objects and whose outcomes are booleans, one
// per record, crosses as columns: each field the profile reads is encoded as
// the batch path encodes it (numbers as one Float64Array, anything else as
// the distinct values plus a Uint32Array of codes), the outcomes as a
// Uint8Array, and the core reads every cell. Anything else, or anything the
// encoder cannot read, goes to the core as it is (`run`), which answers with
// the same codes and paths.

const FIT_KEYS = ['records', 'outcomes', 'profile', 'seed', 'folds'];

// The arguments of the analytics module's fitColumns export (src/wasm.rs),
// or undefined when the input must take the `run` path.
function fitColumnsArgs(api, input) {
  if (!isPlainRecord(input)) return undefined;
  for (const key of Object.keys(input)) {
    if (!FIT_KEYS.includes(key) && input[key] !== null && input[key] !== undefined) return undefined;
  }
  const { records, outcomes } = input;
  if (!Array.isArray(records) || !Array.isArray(outcomes)) return undefined;
  const n = records.length;
  if (outcomes.length !== n || n > MAX_RECORDS) return undefined;
  const flags = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) {
    const o = outcomes[i];
    if (o === true) flags[i] = 1;
    else if (o !== false) return undefined;
  }
  for (let i = 0; i < n; i += 1) if (!isPlainRecord(records[i])) return undefined;
  const spec = wire({ profile: input.profile, seed: input.seed, folds: input.folds });
  const fieldsText = api.fitFields(wire(input.profile));
  if (fieldsText === '') return undefined;
  const encoders = JSON.parse(fieldsText).map((key) => [key, encodeField(records, n, key, key in Object.prototype)]);
  // One buffer: every numbers column, then every codes column, then the
  // outcomes (src/wasm.rs, fitColumns).
  const withNumbers = encoders.filter(([, e]) => e.numbers !== null).length;
  const withCodes = encoders.filter(([, e]) => e.codes !== null).length;
  const data = new Uint8Array((8 * withNumbers + 4 * withCodes + 1) * n);
  const numbers = new Float64Array(data.buffer, 0, withNumbers * n);
  const codes = new Uint32Array(data.buffer, 8 * withNumbers * n, withCodes * n);
  data.set(flags, (8 * withNumbers + 4 * withCodes) * n);
  let atNumber = 0;
  let atCode = 0;
  const layout = encoders.map(([key, e]) => {
    if (e.numbers !== null) numbers.set(e.numbers, (atNumber++) * n);
    if (e.codes !== null) codes.set(e.codes, (atCode++) * n);
    return [key, e.numbers !== null, e.codes !== null, e.values ?? []];
  });
  return [spec, wire(layout), data];
}

/**
 * Learns a profile's weights from a team's own history: `{records, outcomes,
 * profile, seed?, folds?}` → `{profile, report}` with held-out AUC, calibration
 * by band, bootstrap intervals and lift. Associations, not causes (README.md).
 * The input may also be its JSON text.
 */
export function fitProfile(input) {
  const inst = analytics;
  if (inst !== null && typeof inst.api.fitColumns === 'function') {
    let args;
    try {
      args = fitColumnsArgs(inst.api, input);
    } catch {
      args = undefined; // a getter that throws: `run` reports it
    }
    if (args !== undefined) {
      const text = guarded(() => inst.api.fitColumns(...args), inst);
      if (text !== '') {
        const out = JSON.parse(text);
        if (out.error !== undefined) throw toError(out.error, inst);
        return out.ok;
      }
    }
  }
  return run('fitProfile', [input]);
}
