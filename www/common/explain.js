// Plain words for what the core returns: a criterion's value, a failed
// must-have, what each band of a profile means, an error. Shared by the demo
// page (www/index.html) and the CRM panel (www/crm/panel.html). Nothing here
// computes a score: the thresholds and labels are read from the profile, the
// points from the core's result; this file only chooses words.

/** The result's score without the gates, once the core gives it; else null. */
export function ungatedScore(result) {
  for (const key of ['scoreWithoutGates', 'ungatedScore']) {
    if (typeof result?.[key] === 'number') return result[key];
  }
  return null;
}

function numberFormat(locale, options) {
  try {
    return new Intl.NumberFormat(locale, options);
  } catch {
    return new Intl.NumberFormat('en-US', options);
  }
}

/**
 * A criterion's unit, from its declared domain (when the profile has one)
 * and its field's name: 'percent' (0-100), 'fraction' (a rate, 0-1),
 * 'multiple' or 'number'.
 */
export function unitOf(criterion) {
  const field = String(criterion?.field ?? '');
  const max = criterion?.domain?.max;
  if (/Percent$/i.test(field) || /percent/i.test(field)) return 'percent';
  if (/(Rate|Share|Ratio)$/.test(field) && (max === undefined || Number(max) <= 1)) return 'fraction';
  if (/Multiple$/.test(field)) return 'multiple';
  return 'number';
}

/**
 * Which flag value the criterion's label states: the one its gate requires,
 * else the one that scores higher (whenTrue defaults to 1, whenFalse to 0).
 */
// A flag's label says what `true` means ("Sells a competing product"), as the
// core reads it when it words a failed gate (src/score.rs, gate_words).
function statedFlag() {
  return true;
}

const lower = (text) => (text ? text[0].toLowerCase() + text.slice(1) : text);
const upper = (text) => (text ? text[0].toUpperCase() + text.slice(1) : text);

function thirdPerson(verb) {
  if (verb === 'have') return 'has';
  if (verb === 'be') return 'is';
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  if (/(s|sh|ch|x|z|o)$/.test(verb)) return `${verb}es`;
  return `${verb}s`;
}

function baseForm(verb) {
  if (verb === 'has') return 'have';
  if (/[^aeiou]ies$/.test(verb)) return `${verb.slice(0, -3)}y`;
  if (/(sses|shes|ches|xes|zes|oes)$/.test(verb)) return verb.slice(0, -2);
  return verb.slice(0, -1);
}

/**
 * The opposite of a statement in a label, in words: "Does not sell a
 * competing product" → "Sells a competing product", "Implements for
 * customers" → "Does not implement for customers". A label the rules do not
 * recognise is quoted: Not “Executive sponsor named”.
 */
export function negateStatement(label) {
  const text = String(label ?? '').trim();
  let m = /^does not (\w+)(.*)$/i.exec(text);
  if (m) return upper(thirdPerson(m[1].toLowerCase()) + m[2]);
  m = /^(is|are|has|was) not (.*)$/i.exec(text);
  if (m) return upper(`${m[1].toLowerCase()} ${m[2]}`);
  m = /^has no (.*)$/i.exec(text);
  if (m) return `Has ${m[1]}`;
  m = /^not (.*)$/i.exec(text);
  if (m) return upper(m[1]);
  m = /^(is|are|was)\b(.*)$/i.exec(text);
  if (m) return `${upper(m[1].toLowerCase())} not${m[2]}`;
  m = /^(\w+s)\b(.*)$/.exec(text);
  if (m && !/(ss|us|is)$/i.test(m[1])) return `Does not ${baseForm(m[1].toLowerCase())}${m[2]}`;
  return `Not “${text}”`;
}

/** What a flag value says about the partner, in the label's words. */
export function flagStatement(criterion, value) {
  const label = String(criterion?.label ?? criterion?.field ?? '');
  return value === statedFlag(criterion) ? label : negateStatement(label);
}

/**
 * A criterion's value in words: "55%", "2.6×", "Yes — Does not sell a
 * competing product", "agency", "native deployment, unified identity".
 * @param {object|undefined} criterion from the profile (may be unknown)
 * @param {unknown} value the contribution's value
 * @param {string} status the contribution's status (scored, missing, invalid)
 * @param {string} [locale]
 */
export function valueInWords(criterion, value, status = 'scored', locale = undefined) {
  if (status === 'missing' || value === null || value === undefined) return 'Not given';
  const kind = criterion?.kind;
  // A number sent as text (CRMs send "55") reads like a number.
  if (typeof value === 'string' && kind === 'range' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) value = Number(value);
  let text;
  if (typeof value === 'boolean') {
    text = kind === 'flag' && criterion ? flagStatement(criterion, value) : (value ? 'Yes' : 'No');
  } else if (Array.isArray(value)) {
    text = value.length === 0 ? 'None' : value.map((v) => String(v)).join(', ');
  } else if (typeof value === 'number' && Number.isFinite(value)) {
    const unit = unitOf(criterion);
    if (unit === 'percent') text = `${numberFormat(locale, { maximumFractionDigits: 2 }).format(value)}%`;
    else if (unit === 'fraction') text = numberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(value);
    else if (unit === 'multiple') text = `${numberFormat(locale, { maximumFractionDigits: 2 }).format(value)}×`;
    else text = numberFormat(locale, { maximumFractionDigits: 6 }).format(value);
  } else if (typeof value === 'object') {
    text = JSON.stringify(value);
  } else {
    text = String(value);
  }
  if (status === 'invalid') return `Not usable: ${text}`;
  return text;
}

/** What a contribution's status means, in words. */
export function statusInWords(status) {
  return { scored: 'Scored', missing: 'Missing', invalid: 'Not usable' }[status] ?? String(status);
}

/**
 * A failed must-have in words: "Disqualified: sells a competing product (a
 * must-have)". `gate` is an entry of the result's failedGates, `criterion`
 * the profile's criterion (when known), `contribution` the result's line
 * for it (for the value).
 */
export function gateInWords(gate, criterion, contribution, locale = undefined) {
  const label = criterion?.label ?? contribution?.label ?? gate?.criterion ?? 'a criterion';
  const value = contribution?.value;
  const g = criterion?.gate ?? {};
  let fact;
  if (typeof value === 'boolean' && criterion?.kind === 'flag') {
    fact = lower(flagStatement(criterion, value));
  } else if (typeof value === 'number' && (g.min !== undefined || g.max !== undefined)) {
    const shown = valueInWords(criterion, value, 'scored', locale);
    const limit = (n) => valueInWords(criterion, n, 'scored', locale);
    if (g.min !== undefined && value < g.min) fact = `${lower(label)} is ${shown}, below the minimum of ${limit(g.min)}`;
    else fact = `${lower(label)} is ${shown}, above the maximum of ${limit(g.max)}`;
  } else if (Array.isArray(g.allowed)) {
    const shown = valueInWords(criterion, value, 'scored', locale);
    fact = `${lower(label)} is ${shown}, not one of ${g.allowed.join(', ')}`;
  } else {
    fact = `${lower(label)}: ${gate?.reason ?? 'failed'}`;
  }
  return `Disqualified: ${fact} (a must-have)`;
}

/** What a band label means, for the built-in band names; null for others. */
const BAND_MEANINGS = {
  ideal: 'Fits this partner type closely: worth recruiting now.',
  good: 'A solid fit: close the gaps below before you commit.',
  possible: 'Fits in part: check the weak and missing criteria first.',
  poor: 'Little fit for this partner type.',
};

/**
 * Each band of a profile with its score range and a short meaning, highest
 * first: [{ label, min, max, range: "80–100", meaning }]. The thresholds
 * come from the profile's own `bands`.
 */
export function bandsInWords(profile, locale = undefined) {
  const bands = Array.isArray(profile?.bands) ? profile.bands.filter((b) => b && typeof b.min === 'number') : [];
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  const n = numberFormat(locale, { maximumFractionDigits: 1 });
  return sorted.map((band, i) => {
    const above = i === 0 ? null : sorted[i - 1].min;
    const range = above === null ? `${n.format(band.min)}–100` : `${n.format(band.min)} to under ${n.format(above)}`;
    const meaning = BAND_MEANINGS[String(band.label).trim().toLowerCase()] ?? null;
    return { label: String(band.label), min: band.min, max: above, range, meaning };
  });
}

/** What the score and coverage figures mean. */
export const SCORE_MEANING = 'The score is the share of the profile’s weighted criteria this partner meets, out of 100.';
export const COVERAGE_MEANING = 'Coverage is the share of the profile’s weight for which the record has usable data; missing data scores nothing.';

/**
 * An error for people: its message first, the code (and field path) for a
 * details line. Works for a PartnerScoringError, an error object from a
 * validation list ({code, path, message}) or anything thrown.
 */
export function errorInWords(err) {
  const code = typeof err?.code === 'string' ? err.code : 'internal';
  const path = typeof err?.path === 'string' ? err.path : '';
  let message = String(err?.message ?? err ?? 'Something went wrong.').trim();
  if (message === '') message = 'Something went wrong.';
  message = upper(message);
  if (!/[.!?]$/.test(message)) message += '.';
  const detail = path ? `Code ${code}, at ${path}` : `Code ${code}`;
  return { message, detail, code, path };
}
