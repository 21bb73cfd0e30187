// The panel's postMessage protocol (PROTOCOL.md): message shapes, their
// validation and the origin allowlist. Pure module: no DOM access beyond
// what is passed in, so Node tests cover it and hosts can import it.

/** The protocol tag every message carries. */
export const PROTOCOL = 'partner-scoring-crm';
/** The one protocol version this panel speaks. */
export const VERSION = 1;

/** Messages a host sends to the panel. */
export const HOST_TYPES = Object.freeze(['score', 'profile', 'theme']);
/** Messages the panel sends to the host. */
export const PANEL_TYPES = Object.freeze(['ready', 'result', 'error', 'resize']);
/** Built-in field maps, by id (www/crm/fieldmaps/<id>.json). */
export const FIELD_MAP_IDS = Object.freeze(['hubspot', 'salesforce', 'pipedrive', 'zoho', 'dynamics']);
/** Themes the panel knows. */
export const THEMES = Object.freeze(['light', 'dark']);

const MAX_REQUEST_ID = 128;
const MAX_RECORD_FIELDS = 1000;
const MAX_ORIGINS = 32;
const ENVELOPE = ['protocol', 'version', 'type', 'requestId'];
const ALLOWED_KEYS = {
  score: new Set([...ENVELOPE, 'record', 'profileId', 'fieldMap', 'economics']),
  profile: new Set([...ENVELOPE, 'profile', 'select']),
  theme: new Set([...ENVELOPE, 'theme']),
};
const ECONOMICS_KEYS = new Set(['payoutPerDeal', 'hoursPerDeal', 'opportunityCostPerHour', 'targetMultiple', 'currency', 'annualPartnerRevenue']);

/** A protocol failure: `code` and `path` as in the core's errors. */
export class ProtocolError extends Error {
  constructor(code, path, message) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
    this.path = path;
  }
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Builds a message with the envelope filled in.
 * @param {string} type
 * @param {string} requestId
 * @param {object} [body]
 */
export function makeMessage(type, requestId, body = {}) {
  return { protocol: PROTOCOL, version: VERSION, type, requestId, ...body };
}

/**
 * The requestId of a message if it has a usable one, else null (used to
 * answer a malformed message as precisely as possible).
 */
export function requestIdOf(data) {
  if (isPlainObject(data) && typeof data.requestId === 'string'
    && data.requestId.length > 0 && data.requestId.length <= MAX_REQUEST_ID) {
    return data.requestId;
  }
  return null;
}

/**
 * Validates a host → panel message. Returns it (unchanged) or throws a
 * ProtocolError naming the first problem.
 * @param {unknown} data
 * @returns {{type: string, requestId: string}}
 */
export function parseHostMessage(data) {
  if (!isPlainObject(data)) {
    throw new ProtocolError('invalid-type', '', 'a message must be an object');
  }
  if (data.protocol !== PROTOCOL) {
    throw new ProtocolError(data.protocol === undefined ? 'missing-field' : 'invalid-type', 'protocol',
      `"protocol" must be "${PROTOCOL}"`);
  }
  if (data.version === undefined) throw new ProtocolError('missing-field', 'version', `"version" is required (${VERSION})`);
  if (data.version !== VERSION) {
    throw new ProtocolError('unsupported-version', 'version', `this panel speaks version ${VERSION}, not ${JSON.stringify(data.version)}`);
  }
  if (data.requestId === undefined) throw new ProtocolError('missing-field', 'requestId', '"requestId" is required');
  if (typeof data.requestId !== 'string' || data.requestId.length === 0 || data.requestId.length > MAX_REQUEST_ID) {
    throw new ProtocolError('invalid-type', 'requestId', `"requestId" must be text of 1-${MAX_REQUEST_ID} characters`);
  }
  if (data.type === undefined) throw new ProtocolError('missing-field', 'type', '"type" is required');
  if (!HOST_TYPES.includes(data.type)) {
    throw new ProtocolError('unknown-type', 'type', `"type" must be one of ${HOST_TYPES.join(', ')}`);
  }
  for (const key of Object.keys(data)) {
    if (!ALLOWED_KEYS[data.type].has(key)) {
      throw new ProtocolError('unknown-field', key, `a "${data.type}" message has no "${key}"`);
    }
  }
  if (data.type === 'score') {
    if (data.record === undefined) throw new ProtocolError('missing-field', 'record', 'a score message needs "record"');
    if (!isPlainObject(data.record)) throw new ProtocolError('invalid-type', 'record', '"record" must be an object of property → value');
    if (Object.keys(data.record).length > MAX_RECORD_FIELDS) {
      throw new ProtocolError('limit-exceeded', 'record', `at most ${MAX_RECORD_FIELDS} properties`);
    }
    if (data.profileId !== undefined && data.profileId !== null
      && (typeof data.profileId !== 'string' || data.profileId === '' || data.profileId.length > 128)) {
      throw new ProtocolError('invalid-type', 'profileId', '"profileId" must be a profile id');
    }
    if (data.fieldMap !== undefined && data.fieldMap !== null) {
      if (typeof data.fieldMap === 'string') {
        if (!FIELD_MAP_IDS.includes(data.fieldMap)) {
          throw new ProtocolError('unknown-field-map', 'fieldMap', `"fieldMap" must be one of ${FIELD_MAP_IDS.join(', ')} or a field map object`);
        }
      } else if (!isPlainObject(data.fieldMap)) {
        throw new ProtocolError('invalid-type', 'fieldMap', '"fieldMap" must be a built-in map id or a field map object');
      }
    }
    if (data.economics !== undefined && data.economics !== null) {
      if (!isPlainObject(data.economics)) throw new ProtocolError('invalid-type', 'economics', '"economics" must be an object');
      for (const key of Object.keys(data.economics)) {
        if (!ECONOMICS_KEYS.has(key)) throw new ProtocolError('unknown-field', `economics.${key}`, `unknown economics input "${key}"`);
      }
    }
  } else if (data.type === 'profile') {
    if (data.profile === undefined) throw new ProtocolError('missing-field', 'profile', 'a profile message needs "profile"');
    if (!isPlainObject(data.profile)) throw new ProtocolError('invalid-type', 'profile', '"profile" must be a profile object');
    if (data.select !== undefined && typeof data.select !== 'boolean') {
      throw new ProtocolError('invalid-type', 'select', '"select" must be true or false');
    }
  } else if (data.type === 'theme') {
    if (data.theme === undefined) throw new ProtocolError('missing-field', 'theme', 'a theme message needs "theme"');
    if (!THEMES.includes(data.theme)) throw new ProtocolError('out-of-range', 'theme', `"theme" must be ${THEMES.join(' or ')}`);
  }
  return data;
}

/**
 * Reads one origin: "https://crm.example.com" (scheme, host, optional
 * port; nothing else). Returns the normalised origin or null.
 */
export function normalizeOrigin(text) {
  if (typeof text !== 'string') return null;
  const t = text.trim();
  if (t === '' || t === '*' || t === 'null') return null;
  let url;
  try {
    url = new URL(t);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return null;
  if (t.replace(/\/$/, '').toLowerCase() !== url.origin.toLowerCase()) return null;
  return url.origin;
}

/**
 * The allowlist: the origins listed in the panel page's
 * `data-allowed-origins` attribute, set by whoever deploys the page
 * (PROTOCOL.md, "Origins"). Separated by spaces or commas; the keyword
 * `self` stands for the panel's own origin (`self` below). Anything that is
 * not an exact http(s) origin is dropped (and reported). Nothing is read
 * from the URL: the page's address is chosen by whoever opens or frames it,
 * so it cannot say whom the panel trusts. Empty when the attribute is: no
 * origin is allowed until one is configured.
 * @param {{attribute?: string|null, self?: string|null}} config
 * @returns {{origins: string[], source: 'attribute'|'none', rejected: string[]}}
 */
export function readAllowlist({ attribute = null, self = null } = {}) {
  const items = typeof attribute === 'string' ? attribute.split(/[\s,]+/).filter((x) => x !== '') : [];
  const origins = [];
  const rejected = [];
  for (const item of items.slice(0, MAX_ORIGINS)) {
    const o = item.toLowerCase() === 'self' ? normalizeOrigin(self) : normalizeOrigin(item);
    if (o === null) rejected.push(item);
    else if (!origins.includes(o)) origins.push(o);
  }
  return { origins, source: origins.length > 0 ? 'attribute' : 'none', rejected };
}

/** Whether a message event's origin is on the allowlist (exact match). */
export function isAllowedOrigin(origins, origin) {
  return typeof origin === 'string' && origin !== 'null' && origins.includes(origin);
}

/** A fresh request id for messages the panel starts (ready, resize). */
export function newRequestId(prefix = 'panel') {
  const rand = typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `${prefix}-${rand}`;
}
