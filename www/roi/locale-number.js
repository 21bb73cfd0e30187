// Reading numbers that people type, in their own locale, into the plain
// decimal strings the core takes ("1200.50"). This is input handling only:
// no arithmetic happens here and no float is ever produced. The separators
// and the digit grouping come from Intl.NumberFormat(locale).formatToParts,
// so "1,200.50" is read in en-US, "1.200,50" in de-DE, "1 200,50" in fr-FR
// and "12,00,000" in en-IN. Text that could be misread is refused with a
// message, never guessed.

const SPACES = /[\u0020\u00a0\u2007\u2009\u202f]/g;
const APOSTROPHES = /[\u0027\u2019\u02bc]/g;
const MINUS = /^[-\u2212]/;

const conventionsCache = new Map();

/**
 * The number conventions of a locale: its group and decimal separators,
 * its group sizes and its digits.
 * @param {string} locale a BCP 47 tag
 */
export function numberConventions(locale) {
  const key = String(locale);
  const cached = conventionsCache.get(key);
  if (cached) return cached;
  const nf = new Intl.NumberFormat(key, { useGrouping: true, maximumFractionDigits: 2 });
  const parts = nf.formatToParts(1234567891.5);
  let group = null;
  let decimal = '.';
  const sizes = [];
  for (const part of parts) {
    if (part.type === 'group' && group === null) group = part.value;
    if (part.type === 'decimal') decimal = part.value;
    if (part.type === 'integer') sizes.push(part.value.length);
  }
  // A space-like or apostrophe-like group separator is typed in many ways.
  let groupKind = 'char';
  if (group !== null && new RegExp(SPACES.source).test(group)) groupKind = 'space';
  else if (group !== null && new RegExp(APOSTROPHES.source).test(group)) groupKind = 'apostrophe';
  const primary = sizes.length > 1 ? sizes[sizes.length - 1] : 3;
  const secondary = sizes.length > 2 ? sizes[sizes.length - 2] : primary;
  const digitFormat = new Intl.NumberFormat(key, { useGrouping: false });
  const digits = [];
  for (let d = 0; d <= 9; d += 1) digits.push(digitFormat.format(d));
  const percentSign = new Intl.NumberFormat(key, { style: 'percent' })
    .formatToParts(0.5).find((p) => p.type === 'percentSign')?.value ?? '%';
  const resolved = nf.resolvedOptions().locale;
  const conventions = {
    locale: resolved,
    group: groupKind === 'space' ? ' ' : groupKind === 'apostrophe' ? '\'' : group,
    groupKind,
    decimal,
    primary,
    secondary,
    digits,
    percentSign,
    example: nf.format(1234.5).replace(/\u00a0|\u202f/g, ' '),
  };
  conventionsCache.set(key, conventions);
  return conventions;
}

function describe(conv) {
  const names = { '.': 'a point', ',': 'a comma', ' ': 'a space', '\'': 'an apostrophe' };
  const g = conv.group === null ? 'nothing' : (names[conv.group] ?? `“${conv.group}”`);
  const d = names[conv.decimal] ?? `“${conv.decimal}”`;
  return `In ${conv.locale}, ${g} groups thousands and ${d} marks decimals: write it like ${conv.example}.`;
}

function refuse(reason, message) {
  return { ok: false, reason, message };
}

/**
 * Reads a number typed in a locale.
 * @param {string} text what was typed
 * @param {string} locale a BCP 47 tag
 * @param {{ percent?: boolean, currencySymbols?: string[] }} [options]
 *   `percent`: a trailing percent sign is allowed; `currencySymbols`: symbols
 *   that may stand before or after the number ("$", "€", "USD").
 * @returns {{ ok: true, value: string } | { ok: false, reason: 'empty'|'malformed'|'ambiguous', message: string }}
 *   `value` is a plain decimal string: optional "-", digits, optional "." and digits.
 */
export function parseLocaleNumber(text, locale, options = {}) {
  const conv = numberConventions(locale);
  let t = String(text ?? '');
  // Normalise the ways a separator can be typed.
  t = t.replace(SPACES, ' ');
  if (conv.groupKind === 'apostrophe') t = t.replace(APOSTROPHES, '\'');
  t = t.trim();
  for (const symbol of options.currencySymbols ?? []) {
    if (!symbol) continue;
    if (t.startsWith(symbol)) t = t.slice(symbol.length).trim();
    else if (t.endsWith(symbol)) t = t.slice(0, -symbol.length).trim();
  }
  if (options.percent) {
    if (t.endsWith('%')) t = t.slice(0, -1).trim();
    else if (t.endsWith(conv.percentSign)) t = t.slice(0, -conv.percentSign.length).trim();
  }
  let negative = false;
  if (MINUS.test(t)) {
    negative = true;
    t = t.slice(1).trim();
  }
  if (t === '') return refuse('empty', 'Enter a number.');

  // Map the locale's own digits (e.g. Arabic-Indic) onto ASCII.
  if (conv.digits[0] !== '0') {
    t = [...t].map((ch) => {
      const i = conv.digits.indexOf(ch);
      return i >= 0 ? String(i) : ch;
    }).join('');
  }

  // "150k", "2.5M", "1bn": shorthand for thousands, millions or billions is
  // refused with its own message rather than read as 150 (or guessed).
  if (/^[\d.,' ]+\s*(k|m|mm|b|bn|mn|mio|mrd|t)\.?$/i.test(t)) {
    return refuse('malformed', `“${text}” uses a letter for thousands or millions: write the whole number in digits. ${describe(conv)}`);
  }

  const groupChar = conv.group;
  for (const ch of t) {
    if (ch >= '0' && ch <= '9') continue;
    if (ch === conv.decimal || ch === groupChar) continue;
    if (ch === '.' || ch === ',' || ch === ' ' || ch === '\'') {
      return refuse('ambiguous', `“${text}” uses “${ch}”, which is not a separator in ${conv.locale}. ${describe(conv)}`);
    }
    return refuse('malformed', `“${text}” is not a number. ${describe(conv)}`);
  }

  const pieces = t.split(conv.decimal);
  if (pieces.length > 2) {
    return refuse('ambiguous', `“${text}” has more than one decimal separator. ${describe(conv)}`);
  }
  const [intText, fracText = ''] = pieces;
  if (groupChar !== null && fracText.includes(groupChar)) {
    return refuse('ambiguous', `“${text}” has a thousands separator after the decimals. ${describe(conv)}`);
  }
  let intDigits = intText;
  if (groupChar !== null && intText.includes(groupChar)) {
    const groups = intText.split(groupChar);
    const last = groups.length - 1;
    const ok = groups.every((g, i) => {
      if (i === 0) return g.length >= 1 && g.length <= (last === 1 ? conv.primary : conv.secondary);
      if (i === last) return g.length === conv.primary;
      return g.length === conv.secondary;
    });
    if (!ok) {
      return refuse('ambiguous', `“${text}” is ambiguous: its digit groups do not match ${conv.locale}. ${describe(conv)}`);
    }
    intDigits = groups.join('');
  }
  if (intDigits === '' && fracText === '') return refuse('malformed', `“${text}” has no digits. ${describe(conv)}`);
  const int = intDigits.replace(/^0+(?=\d)/, '') || '0';
  const value = (negative ? '-' : '') + int + (fracText === '' ? '' : `.${fracText}`);
  return { ok: true, value };
}

/**
 * Reads a plain decimal as written in a URL or an attribute ("1200.50"):
 * digits with at most one point and an optional leading minus, nothing else.
 */
export function parsePlainDecimal(text) {
  const t = String(text ?? '').trim();
  if (t === '') return refuse('empty', 'Enter a number.');
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(t)) {
    return refuse('malformed', `“${text}” is not a plain decimal number (write it like 1200.50).`);
  }
  let [int, frac = ''] = t.replace(/^-/, '').split('.');
  int = int.replace(/^0+(?=\d)/, '') || '0';
  return { ok: true, value: (t.startsWith('-') ? '-' : '') + int + (frac === '' ? '' : `.${frac}`) };
}

/**
 * Writes a plain decimal string in a locale, for a text field ("1200.5" →
 * "1,200.5" in en-US, "1.200,5" in de-DE), keeping every digit, so that
 * parseLocaleNumber reads it back to the same value.
 */
export function formatForField(value, locale) {
  if (value === '' || value === null || value === undefined) return '';
  return new Intl.NumberFormat(locale, { useGrouping: true, maximumFractionDigits: 20 })
    .format(String(value))
    .replace(/\u00a0|\u202f/g, ' ');
}
