// Decimal numbers as text, moved exactly: no float ever comes in between.
// The one home of shiftDecimal, used by the ROI calculator (percent typed →
// fraction for the core, and back) and by the CRM field maps (a 0-1 rate ↔
// a 0-100 percentage).

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Multiplies a decimal string by 10^places, exactly, by moving its point:
 * `places` > 0 moves it right (shiftDecimal('0.25', 2) === '25'), < 0 left
 * (shiftDecimal('30', -2) === '0.3'). An exponent is folded in ('1e-7',
 * '1.5e3'); a leading '+' is dropped; zero has no sign. Anything that is
 * not a decimal number throws a TypeError.
 * @param {string|number} text
 * @param {number} places an integer
 * @returns {string} a plain decimal: optional '-', digits, optional '.' and digits
 */
export function shiftDecimal(text, places) {
  const s = String(text).trim();
  const m = DECIMAL.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '') || !Number.isInteger(places)) {
    throw new TypeError(`shiftDecimal: not a decimal number: ${JSON.stringify(text)}`);
  }
  const sign = m[1] === '-' ? '-' : '';
  const int = m[2];
  const frac = m[3] ?? '';
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  let digits = int + frac;
  let point = int.length + places + exp;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const rest = digits.slice(point).replace(/0+$/, '');
  const out = rest ? `${whole}.${rest}` : whole;
  return /^0(\.0*)?$/.test(out) ? out : sign + out;
}

/** A percentage as typed ("30") → the fraction the core takes ("0.3"). */
export function percentToFraction(text) {
  return shiftDecimal(text, -2);
}

/** A fraction from the core ("0.3") → a percentage ("30"). */
export function fractionToPercent(text) {
  return shiftDecimal(text, 2);
}
