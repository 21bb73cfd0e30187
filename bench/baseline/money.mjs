// BENCHMARK BASELINE ONLY. The deal-registration payout and programme-ROI
// formulas (docs/design.md §3.3, src/economics.rs) written with decimal.js, so
// the benchmarks can compare the WebAssembly core against a JS decimal
// library. The product never imports this file: every amount the product
// shows comes from the Rust core. bench/node.mjs checks that both give the
// same strings, digit for digit, before it times anything.
//
// Conventions reproduced: numbers read through their shortest decimal form;
// full precision inside; money rounded once to the currency's minor units
// and ratios to 4 places without trailing zeros, both half away from zero
// (decimal.js ROUND_HALF_UP rounds ties away from zero); "-0" never shown.
// Inputs are checked as the core checks them (type, sign, rate 0-1,
// unknown fields), but errors are plain Errors: only the happy path is
// benchmarked.

import DecimalJs from 'decimal.js';

// 40 significant digits inside: more than rust_decimal's 28, so the only
// rounding that matters is the one at the output.
export const D = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
const HALF_AWAY = DecimalJs.ROUND_HALF_UP;

const ZERO = new D(0);
const ONE = new D(1);
const TWELVE = new D(12);

// Enough of ISO 4217 for the benchmark's inputs.
const MINOR_UNITS = new Map([['USD', 2], ['EUR', 2], ['GBP', 2], ['JPY', 0], ['BHD', 3]]);

function num(input, key, check, required = true) {
  const v = input[key];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) throw new Error(`missing-field ${key}`);
    return null;
  }
  if (typeof v !== 'number' && typeof v !== 'string') throw new Error(`invalid-type ${key}`);
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`not-finite ${key}`);
  const d = new D(typeof v === 'string' ? v.trim() : v);
  if (check === 'nonneg' && d.isNeg() && !d.isZero()) throw new Error(`negative-amount ${key}`);
  if (check === 'positive' && !d.gt(ZERO)) throw new Error(`out-of-range ${key}`);
  if (check === 'rate' && (d.lt(ZERO) || d.gt(ONE))) throw new Error(`out-of-range ${key}`);
  return d;
}

function only(input, allowed) {
  for (const k in input) if (!allowed.has(k)) throw new Error(`unknown-field ${k}`);
}

function currencyOf(input) {
  const code = (input.currency ?? 'USD').trim().toUpperCase();
  const places = MINOR_UNITS.get(code);
  if (places === undefined) throw new Error(`unknown-currency ${code}`);
  return { code, places };
}

/** Money: rounded to `places`, exactly that many digits, never "-0.00". */
export function money(d, places) {
  const r = d.toDecimalPlaces(places, HALF_AWAY);
  return (r.isZero() ? ZERO : r).toFixed(places);
}

/** Ratio: 4 places, no trailing zeros, "0" for zero. */
export function ratio(d) {
  const r = d.toDecimalPlaces(4, HALF_AWAY);
  return r.isZero() ? '0' : r.toFixed();
}

const STAGES = ['before-contact', 'after-first-meeting', 'late-stage', 'unregistered'];
const DEFAULT_RATES = new Map([
  ['before-contact', new D('0.25')],
  ['after-first-meeting', new D('0.20')],
  ['late-stage', new D('0.15')],
  ['unregistered', new D('0.10')],
]);
const DEAL_KEYS = new Set(['contractValue', 'stage', 'schedule', 'currency']);
const SCHEDULE_KEYS = new Set(STAGES);

/** `{stage, rate, payout, currency}` as dealRegistrationPayout returns. */
export function dealRegistrationPayout(input) {
  only(input, DEAL_KEYS);
  const value = num(input, 'contractValue', 'nonneg');
  if (typeof input.stage !== 'string') throw new Error('invalid-type stage');
  const stage = input.stage.trim();
  let rate = DEFAULT_RATES.get(stage);
  if (input.schedule !== undefined && input.schedule !== null) {
    only(input.schedule, SCHEDULE_KEYS);
    const r = num(input.schedule, stage, 'rate', false);
    if (r !== null) rate = r;
  }
  const cur = currencyOf(input);
  if (rate === undefined) throw new Error(`unknown-stage ${stage}`);
  return {
    stage,
    rate: ratio(rate),
    payout: money(value.times(rate), cur.places),
    currency: cur.code,
  };
}

const ROI_KEYS = new Set([
  'partnersRecruited', 'activationRate', 'dealsPerActivePartnerPerYear', 'averageDealSize',
  'payoutRate', 'programCostPerYear', 'grossMargin', 'totalCompanyRevenue', 'coSellShare',
  'coSellValueUplift', 'certifiedShare', 'certifiedMultiplier', 'currency',
]);
const CO_SELL_UPLIFT = new D('0.4');
const CERTIFIED_MULTIPLIER = new D('4.3');
const SHARE_LOW = new D('0.20');
const SHARE_HIGH = new D('0.35');

/** The object programRoi returns, field for field. */
export function programRoi(input) {
  only(input, ROI_KEYS);
  const recruited = num(input, 'partnersRecruited', 'nonneg');
  const activation = num(input, 'activationRate', 'rate');
  const dealsEach = num(input, 'dealsPerActivePartnerPerYear', 'nonneg');
  const dealSize = num(input, 'averageDealSize', 'nonneg');
  const payoutRate = num(input, 'payoutRate', 'rate');
  const programCost = num(input, 'programCostPerYear', 'nonneg');
  const margin = num(input, 'grossMargin', 'rate', false) ?? ONE;
  const company = num(input, 'totalCompanyRevenue', 'positive', false);
  const coSellShare = num(input, 'coSellShare', 'rate', false) ?? ZERO;
  const coSellUplift = num(input, 'coSellValueUplift', 'nonneg', false) ?? CO_SELL_UPLIFT;
  const certifiedShare = num(input, 'certifiedShare', 'rate', false) ?? ZERO;
  const certifiedMultiplier = num(input, 'certifiedMultiplier', 'positive', false) ?? CERTIFIED_MULTIPLIER;
  const cur = currencyOf(input);

  const active = recruited.times(activation);
  const certifiedFactor = ONE.plus(certifiedShare.times(certifiedMultiplier.minus(ONE)));
  const deals = active.times(dealsEach).times(certifiedFactor);
  const valueFactor = ONE.plus(coSellShare.times(coSellUplift));
  const revenue = deals.times(dealSize).times(valueFactor);
  const payouts = revenue.times(payoutRate);
  const gross = revenue.times(margin);
  const totalCost = payouts.plus(programCost);
  const net = gross.minus(totalCost);
  const monthly = gross.minus(payouts).div(TWELVE);
  const share = company === null ? null : revenue.div(company);
  let verdict = null;
  if (share !== null) verdict = share.lt(SHARE_LOW) ? 'below' : share.gt(SHARE_HIGH) ? 'above' : 'within';
  return {
    activePartners: ratio(active),
    partnerDeals: ratio(deals),
    partnerSourcedRevenue: money(revenue, cur.places),
    partnerPayouts: money(payouts, cur.places),
    grossProfit: money(gross, cur.places),
    totalCost: money(totalCost, cur.places),
    netContribution: money(net, cur.places),
    roi: totalCost.isZero() ? null : ratio(net.div(totalCost)),
    // No payback while the net contribution is not positive (docs/design.md §3.3).
    paybackMonths: net.gt(ZERO) ? ratio(programCost.div(monthly)) : null,
    costPerPartnerDeal: deals.isZero() ? null : money(totalCost.div(deals), cur.places),
    partnerRevenueShare: share === null ? null : ratio(share),
    shareVerdict: verdict,
    currency: cur.code,
  };
}
