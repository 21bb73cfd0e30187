// CSV input for the analytics page: parsing (Papa Parse: RFC 4180 quotes,
// CRLF, LF or CR line ends; here also a UTF-8 byte-order mark and comma or
// semicolon), default column mappings for HubSpot and Salesforce export
// headers, and the conversion of cells into the fields the core reads.
// Input handling only: no figure is computed here; every number comes from
// the core.
//
// Papa Parse ships as a UMD script, which neither a browser nor a module
// Worker can import as an ES module; scripts/build.sh bundles it into
// ./vendor/papaparse.js (generated, not committed) with esbuild.
import Papa from './vendor/papaparse.js';

/** A CSV problem, naming the row (1 = the header row) and the column. */
export class CsvError extends Error {
  constructor(message, row = null, column = null) {
    super(message);
    this.name = 'CsvError';
    this.row = row;
    this.column = column;
  }
}

const QUOTE_PROBLEMS = {
  MissingQuotes: 'a quoted field is never closed',
  InvalidQuotes: 'text after a closing quote (write "" for a quote inside a quoted field)',
};

/**
 * Parses CSV text into a header and rows of strings.
 * @param {string} text
 * @param {(fraction: number) => void} [onProgress] called as the text is read (0-1)
 * @returns {{headers: string[], rows: string[][], delimiter: string}}
 *   `rows[i]` is spreadsheet row `i + 2` (the header is row 1). Blank lines
 *   are no rows.
 */
export function parseCsv(text, onProgress) {
  if (typeof text !== 'string') throw new CsvError('the file is not text');
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = s.slice(0, s.search(/\r|\n|$/));
  const delimiter = count(firstLine, ';') > count(firstLine, ',') ? ';' : ',';
  const records = [];
  let problem = null;
  Papa.parse(s, {
    delimiter,
    skipEmptyLines: true,
    chunkSize: 1 << 20,
    chunk(result, parser) {
      for (const e of result.errors) {
        const at = records.length + e.row; // the row within this chunk
        if (QUOTE_PROBLEMS[e.code] && (problem === null || at < problem.at)) problem = { at, code: e.code, fields: result.data[e.row]?.length ?? 1 };
      }
      for (const r of result.data) records.push(r);
      if (problem) parser.abort();
      else onProgress?.(s.length === 0 ? 1 : result.meta.cursor / s.length);
    },
  });
  const header = (n) => (records.length > 0 && problem?.at !== 0 ? records[0][n - 1]?.trim() || null : null);
  if (problem) {
    const row = problem.at + 1;
    const n = problem.fields;
    throw new CsvError(
      `row ${row}, ${header(n) ? `column ${n} "${header(n)}"` : `column ${n}`}: ${QUOTE_PROBLEMS[problem.code]}`,
      row,
      header(n) ?? n,
    );
  }
  if (records.length === 0) throw new CsvError('the file is empty: a CSV needs a header row');
  const headers = records[0].map((h) => h.trim());
  headers.forEach((h, c) => {
    if (h === '') throw new CsvError(`row 1, column ${c + 1}: a column has no name`, 1, c + 1);
  });
  const rows = records.slice(1);
  rows.forEach((r, k) => {
    if (r.length !== headers.length) {
      throw new CsvError(
        `row ${k + 2}: ${r.length} fields, but the header has ${headers.length}`,
        k + 2,
        null,
      );
    }
  });
  return { headers, rows, delimiter };
}

function count(text, ch) {
  let n = 0;
  for (const c of text) if (c === ch) n += 1;
  return n;
}

/** Lowercase, no punctuation, single spaces: how headers are compared. */
export function headerKey(h) {
  return String(h).toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

// Each field, with the export headers that map to it by default. HubSpot
// and Salesforce standard headers first, then plain names. Custom
// properties (partner source, registration date...) use common names.
export const FIELDS = {
  partners: [
    { field: 'id', required: true, headers: ['id', 'partner id', 'record id', 'account id', 'company id'] },
    { field: 'name', required: true, headers: ['name', 'partner name', 'company name', 'account name'] },
    { field: 'type', required: true, headers: ['type', 'partner type', 'account type', 'company type'] },
    { field: 'signedAt', required: true, headers: ['signed at', 'signed', 'signed date', 'partner since', 'partnership start date', 'contract start date', 'agreement date'] },
    { field: 'certified', required: false, headers: ['certified', 'is certified', 'certification'] },
  ],
  deals: [
    { field: 'id', required: true, headers: ['id', 'deal id', 'record id', 'opportunity id'] },
    { field: 'partnerId', required: false, headers: ['partner id', 'partner account id', 'partner record id', 'associated partner id', 'partner account'] },
    { field: 'source', required: true, headers: ['source', 'deal source', 'partner source', 'sales motion', 'motion', 'opportunity source', 'original source'] },
    { field: 'amount', required: true, headers: ['amount', 'deal amount', 'amount in company currency', 'contract value'] },
    { field: 'currency', required: false, headers: ['currency', 'deal currency code', 'opportunity currency', 'currency code', 'currency iso code'] },
    { field: 'status', required: true, headers: ['status', 'deal stage', 'stage', 'opportunity stage'] },
    { field: 'registeredAt', required: false, headers: ['registered at', 'registered', 'registration date', 'deal registration date', 'date registered'] },
    { field: 'closedAt', required: false, headers: ['closed at', 'close date', 'closed date', 'date closed'] },
    { field: 'registrationStage', required: false, headers: ['registration stage', 'deal registration stage'] },
  ],
  accounts: [
    { field: 'domain', required: false, headers: ['domain', 'company domain name', 'website', 'website url', 'web site', 'email domain'] },
    { field: 'name', required: false, headers: ['name', 'company name', 'account name', 'organization name', 'company'] },
    { field: 'status', required: true, headers: ['status', 'lifecycle stage', 'type', 'account type', 'relationship'] },
    { field: 'hash', required: false, headers: ['hash'] },
  ],
};

/**
 * The default mapping of a file's columns: field → column index, or -1.
 * @param {'partners'|'deals'|'accounts'} kind
 * @param {string[]} headers
 */
export function defaultMapping(kind, headers) {
  const keys = headers.map(headerKey);
  const mapping = {};
  const taken = new Set();
  for (const { field, headers: names } of FIELDS[kind]) {
    let found = -1;
    for (const name of names) {
      const at = keys.findIndex((k, i) => k === name && !taken.has(i));
      if (at >= 0) {
        found = at;
        break;
      }
    }
    if (found >= 0) taken.add(found);
    mapping[field] = found;
  }
  return mapping;
}

const DATE_FORMATS = new Set(['iso', 'mdy', 'dmy']);

/** A date cell as YYYY-MM-DD, or the cell unchanged so the core names it. */
export function toIsoDate(cell, format = 'iso') {
  if (!DATE_FORMATS.has(format)) throw new Error(`unknown date format ${format}`);
  const t = cell.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(t);
  if (iso) return `${iso[1]}-${iso[2].padStart(2, '0')}-${iso[3].padStart(2, '0')}`;
  const parts = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T].*)?$/.exec(t);
  if (parts && format !== 'iso') {
    const [m, d] = format === 'mdy' ? [parts[1], parts[2]] : [parts[2], parts[1]];
    return `${parts[3]}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  }
  return t;
}

function kebab(cell) {
  return cell.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

function dealStatus(cell, header) {
  const k = headerKey(cell).replace(/ /g, '');
  if (k === 'won' || k === 'closedwon') return 'won';
  if (k === 'lost' || k === 'closedlost') return 'lost';
  if (k === 'open') return 'open';
  // A CRM stage column: every stage but closed won/lost is still open.
  return /stage/i.test(header) ? 'open' : cell.trim();
}

function accountStatus(cell, header) {
  const k = cell.trim().toLowerCase();
  if (k.includes('customer') || k === 'evangelist') return 'customer';
  if (k.includes('opportunit')) return 'opportunity';
  if (k.includes('prospect')) return 'prospect';
  // HubSpot lifecycle stages before opportunity (subscriber, lead, MQL, SQL).
  return /lifecycle/i.test(header) ? 'prospect' : cell.trim();
}

function amount(cell) {
  const t = cell.replace(/\s/g, '');
  return /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) ? t.replace(/,/g, '') : t;
}

function flag(cell) {
  const k = cell.trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'x'].includes(k)) return true;
  if (['false', 'no', 'n', '0'].includes(k)) return false;
  return cell.trim();
}

/**
 * Turns parsed rows into the records the core reads. Blank cells are left
 * out; the core reports what is missing or wrong, with a path that
 * {@link locate} turns back into a row and a column.
 * @param {'partners'|'deals'|'accounts'} kind
 * @param {{headers: string[], rows: string[][]}} table
 * @param {Record<string, number>} mapping field → column index (-1: none)
 * @param {{dateFormat?: 'iso'|'mdy'|'dmy', values?: Record<string, Record<string, string>>}} [options]
 *   `values`: per field, a cell as the file writes it (trimmed) → the value
 *   the core reads, chosen by the user (HubSpot's "Offline Sources" → direct)
 * @returns {object[]}
 */
export function toRecords(kind, table, mapping, options = {}) {
  const dateFormat = options.dateFormat ?? 'iso';
  const fields = FIELDS[kind];
  for (const { field, required } of fields) {
    const ok = Number.isInteger(mapping[field]) && mapping[field] >= 0 && mapping[field] < table.headers.length;
    if (required && !ok) {
      throw new CsvError(`no column is mapped to ${field}: choose one under "Columns"`, 1, null);
    }
  }
  if (kind === 'accounts' && !(mapping.hash >= 0) && !(mapping.domain >= 0) && !(mapping.name >= 0)) {
    throw new CsvError('no column is mapped to domain or name (or hash): choose one under "Columns"', 1, null);
  }
  const hashed = kind === 'accounts' && mapping.hash >= 0;
  return table.rows.map((row) => {
    const out = {};
    for (const { field } of fields) {
      const col = mapping[field];
      if (!(col >= 0)) continue;
      if (hashed && (field === 'domain' || field === 'name')) continue;
      const cell = row[col] ?? '';
      if (cell.trim() === '') continue;
      const header = table.headers[col];
      let value = cell.trim();
      if (field === 'signedAt' || field === 'registeredAt' || field === 'closedAt') value = toIsoDate(cell, dateFormat);
      else if (field === 'amount') value = amount(cell);
      else if (field === 'certified') value = flag(cell);
      else if (field === 'source' || field === 'registrationStage') value = options.values?.[field]?.[value] ?? kebab(cell);
      else if (field === 'status') value = kind === 'deals' ? dealStatus(cell, header) : accountStatus(cell, header);
      out[field] = value;
    }
    return out;
  });
}

/**
 * Where a core error points in the files: `deals[12].closedAt` is row 14
 * of the deals file, in the column mapped to closedAt.
 * @param {string} path the error's path
 * @param {Record<string, {name: string, headers: string[], mapping: Record<string, number>}>} files by list name
 * @returns {{file: string, row: number|null, column: string|null}|null}
 */
export function locate(path, files) {
  const m = /^(\w+)\[(\d+)\](?:\.(\w+))?/.exec(path ?? '');
  if (!m || !files[m[1]]) return null;
  const f = files[m[1]];
  const col = m[3] !== undefined ? f.mapping[m[3]] : undefined;
  return {
    file: f.name,
    row: Number(m[2]) + 2,
    column: col !== undefined && col >= 0 ? f.headers[col] : (m[3] ?? null),
  };
}

/**
 * A file's bytes as text. UTF-8 is read strictly; a UTF-16 file (with its
 * byte-order mark) as UTF-16; anything else that is not valid UTF-8 as
 * Windows-1252 (what Excel writes for "CSV" on Western-European systems),
 * with a notice that says so, so "Müller" never turns into "M�ller"
 * without a word.
 */
export function decodeCsvBytes(bytes, name) {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) {
    const enc = b[0] === 0xff ? 'utf-16le' : 'utf-16be';
    try {
      return { text: new TextDecoder(enc, { fatal: true }).decode(b), notice: `Read as ${enc.toUpperCase()}` };
    } catch {
      throw new CsvError(`${name} starts like a UTF-16 file but is not valid UTF-16: save it as CSV UTF-8 and load it again`);
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), notice: '' };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(b),
      notice: `${name} is not UTF-8: read as Windows-1252 (Western European). If names look wrong, save it as CSV UTF-8 and load it again`,
    };
  }
}

/** The motions a deal's source can be, as the core names them. */
export const SOURCES = ['partner-sourced', 'co-sold', 'partner-closed', 'direct'];

/**
 * The distinct values of a column as the file writes them (trimmed, blanks
 * left out), in order of first appearance, at most `limit` of them.
 */
export function distinctValues(table, col, limit = 50) {
  const seen = new Set();
  for (const row of table.rows) {
    const v = (row[col] ?? '').trim();
    if (v !== '') seen.add(v);
    if (seen.size > limit) break;
  }
  return [...seen];
}
