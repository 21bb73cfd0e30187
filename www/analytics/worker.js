// The analytics page's worker: reads, parses and computes off the main
// thread, so a 100,000-deal file never freezes the page. It holds the parsed
// tables; the page holds the mappings and sends them with each request. Every
// figure still comes from the core, through the same wrapper the page would
// use.
//
// Messages in:  {id, op, ...}   ops: load, drop, programme, overlap, hashes,
//               learn (the "Learn from your history" panel's fit, learn.js)
// Messages out: {id, progress}  while a file is read (0-1)
//               {id, result} or {id, error: {kind, message, code, path, row, column}}

import * as lib from '../lib/index.js';
import { parseCsv, decodeCsvBytes, toRecords, distinctValues, CsvError, FIELDS } from './csv.js';
import { learnFromTables } from './learn.js';

const tables = {}; // slot → {name, headers, rows}
let ready = null;

function start() {
  ready ??= (async () => {
    await lib.init();
    // The analytics functions may live in a module of their own, loaded on first use.
    if (typeof lib.initAnalytics === 'function') await lib.initAnalytics();
  })();
  return ready;
}

function records(slot, kind, spec, options) {
  const t = tables[slot];
  if (!t) throw new CsvError(`the ${slot} file is not loaded`);
  try {
    return toRecords(kind, t, spec.mapping, { ...options, values: spec.values });
  } catch (err) {
    if (err instanceof CsvError) throw new CsvError(`${t.name}: ${err.message}`, err.row, err.column);
    throw err;
  }
}

function load({ id, slot, name, bytes, text }) {
  const decoded = bytes ? decodeCsvBytes(new Uint8Array(bytes), name) : { text, notice: '' };
  let last = 0;
  const table = parseCsv(decoded.text, (fraction) => {
    if (fraction - last >= 0.05) {
      last = fraction;
      postMessage({ id, progress: fraction });
    }
  });
  tables[slot] = { name, headers: table.headers, rows: table.rows };
  return {
    headers: table.headers,
    rowCount: table.rows.length,
    notice: decoded.notice,
    // The distinct values of every column (at most 50 each), for the value mapping controls.
    distinct: table.headers.map((_, c) => distinctValues(table, c)),
  };
}

function programme({ partners, deals, options, asOf, currency, fx }) {
  const input = {
    partners: records('partners', 'partners', partners, options),
    deals: records('deals', 'deals', deals, options),
    asOf,
  };
  if (currency) input.currency = currency;
  if (fx && Object.keys(fx).length > 0) input.fx = fx;
  // As JSON text: from CSV cells (text only) it is the same input, and it
  // crosses into WebAssembly about twice as fast as objects.
  const text = JSON.stringify(input);
  return { metrics: lib.programMetrics(text), cards: lib.partnerScorecards(text) };
}

function hashed(slot, spec, secret, matchBy) {
  const list = records(slot, 'accounts', spec);
  if (spec.mapping.hash >= 0) return list;
  try {
    return lib.hashAccounts(JSON.stringify(list), secret, matchBy);
  } catch (err) {
    if (err instanceof lib.PartnerScoringError && err.path.startsWith('list')) {
      throw new lib.PartnerScoringError(err.code, err.message, slot + err.path.slice(4));
    }
    throw err;
  }
}

// Company names from our own file, for the co-sell list: the core answers
// with its match key (the domain as the file wrote it, or a keyed hash in
// private mode), and people know their accounts by name. Plain lookups only,
// no normalising here: a domain or name is matched as the file wrote it
// (trimmed), and in private mode each of our named rows is hashed alone by
// the core (hashAccounts sorts and merges a whole list), stopping once every
// co-sell key has its name.
function ourNames(plain, coSell, secret, matchBy) {
  const names = {};
  if (coSell.length === 0) return names;
  if (secret === '') {
    for (const rec of plain) {
      const name = rec.name?.trim();
      if (!name) continue;
      for (const k of [rec.domain?.trim(), name]) if (k && !(k in names)) names[k] = name;
    }
    return names;
  }
  const wanted = new Set(coSell.map((c) => c.key));
  for (const rec of plain) {
    if (wanted.size === 0) break;
    const name = rec.name?.trim();
    if (!name) continue;
    try {
      const [h] = lib.hashAccounts(JSON.stringify([rec]), secret, matchBy);
      if (h && wanted.delete(h.hash)) names[h.hash] = name;
    } catch {
      // A row the core refuses has already been reported by the overlap call.
    }
  }
  return names;
}

function overlap({ ours, theirs, secret, matchBy }) {
  const oursHashed = ours.mapping.hash >= 0;
  let result;
  if (secret !== '') {
    result = lib.accountOverlap(JSON.stringify({
      ours: hashed('ours', ours, secret, matchBy), theirs: hashed('theirs', theirs, secret, matchBy),
    }));
  } else if (oursHashed || theirs.mapping.hash >= 0) {
    throw new CsvError('a list holds hashes: enter the shared secret to hash the other list the same way');
  } else {
    result = lib.accountOverlap(JSON.stringify({
      ours: records('ours', 'accounts', ours), theirs: records('theirs', 'accounts', theirs), matchBy,
    }));
  }
  const named = !oursHashed && ours.mapping.name >= 0;
  const names = named ? ourNames(records('ours', 'accounts', ours), result.coSell, secret, matchBy) : {};
  return { result, names };
}

function toError(err) {
  if (err instanceof CsvError) return { kind: 'csv', message: err.message, row: err.row, column: err.column };
  if (err instanceof lib.PartnerScoringError) return { kind: 'core', message: err.message, code: err.code, path: err.path };
  return { kind: 'other', message: String(err?.message ?? err) };
}

const OPS = {
  load,
  drop: ({ slot }) => {
    delete tables[slot];
    return null;
  },
  programme,
  overlap,
  hashes: ({ ours, secret, matchBy }) => hashed('ours', ours, secret, matchBy),
  fields: () => FIELDS,
  // The panel's files are the slots learn-partners and learn-deals.
  learn: (spec) => {
    const partners = tables['learn-partners'];
    if (!partners) throw new CsvError('the partners file is not loaded');
    return learnFromTables(lib, partners, tables['learn-deals'], spec);
  },
};

// Requests are answered one at a time, in the order they came.
let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  queue = queue.then(async () => {
    try {
      await start();
      postMessage({ id: data.id, result: OPS[data.op](data) });
    } catch (err) {
      postMessage({ id: data.id, error: toError(err) });
    }
  });
};
