// Display formatting of the core's decimal strings with Intl.NumberFormat.
// Intl formats a decimal *string* exactly (no float in between), so what is
// shown is the core's figure, rounded only where a display rounds (a
// percentage to one decimal, a multiple to two).

const DASH = '—';

/**
 * Formatters for one locale and currency. Each takes a decimal string from
 * the core (or null, shown as a dash) and returns display text.
 * @param {string} locale
 * @param {string} currency ISO 4217 code
 */
export function makeFormatters(locale, currency) {
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const moneyCompact = new Intl.NumberFormat(locale, {
    style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1,
  });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const percentExact = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
  const multiple = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  // An expected count (40 partners × 13% activation = 5.2) reads as people
  // count: a whole number; the exact figure goes in a tooltip.
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const months = new Intl.NumberFormat(locale, {
    style: 'unit', unit: 'month', unitDisplay: 'long', maximumFractionDigits: 1,
  });
  const hours = new Intl.NumberFormat(locale, {
    style: 'unit', unit: 'hour', unitDisplay: 'long', maximumFractionDigits: 2,
  });
  const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 20 });
  const nb = (s) => s.replace(/\u202f/g, '\u00a0');
  const wrap = (fmt) => (value) => (value === null || value === undefined ? DASH : nb(fmt.format(String(value))));
  const symbolPart = money.formatToParts(1).find((p) => p.type === 'currency');
  return {
    locale,
    currency,
    currencySymbol: symbolPart ? symbolPart.value : currency,
    money: wrap(money),
    moneyCompact: wrap(moneyCompact),
    percent: wrap(percent),
    percentExact: wrap(percentExact),
    multiple: (value) => (value === null || value === undefined ? DASH : `${nb(multiple.format(String(value)))}×`),
    count: wrap(count),
    wholeCount: wrap(whole),
    months: wrap(months),
    hours: wrap(hours),
    plain: wrap(plain),
    /** A money amount per hour, "$250.00/h". */
    perHour: (value) => (value === null || value === undefined ? DASH : `${nb(money.format(String(value)))}/h`),
  };
}

/**
 * Whether a locale and a currency can be used by Intl; returns an error
 * message or null.
 */
export function checkLocaleCurrency(locale, currency) {
  try {
    new Intl.NumberFormat(locale, { style: 'currency', currency });
    return null;
  } catch (err) {
    return `Cannot format “${currency}” in “${locale}”: ${err.message}`;
  }
}

export { DASH };
