// Excel custom functions, namespace PARTNER (=PARTNER.FIT(...)), loaded by
// taskpane.html into the add-in's shared runtime. The JSDoc below is the
// source of functions.json (`npx custom-functions-metadata generate
// www/sheets/excel/functions.js`), and tests/js/sheets-excel.test.mjs checks
// that the two agree. Formulas live in the core; glue in ../common.js.

import * as lib from '../../lib/index.js';
import * as common from '../common.js';

// The wrapper fetches pkg/partner_scoring_bg.wasm from next to itself. Calls
// that arrive before it is ready get a promise, which Excel waits for.
// PARTNER.FIT_WEIGHTS fits in the analytics module, loaded beside the core.
const ready = lib.init().then(() => lib.initAnalytics());
ready.catch(() => {}); // reported to each call that waits for it, not as an unhandled rejection

// Excel keeps an error's message only on #VALUE! and #N/A (the runtime drops
// it from #NUM!), so an out-of-range number is #VALUE! here, with the core's
// message; www/sheets/README.md lists each host's error cells.
const ERROR_CODE = { VALUE: 'invalidValue', NUM: 'invalidValue', NA: 'notAvailable' };

function excelError(e) {
  const CF = globalThis.CustomFunctions;
  return new CF.Error(CF.ErrorCode[ERROR_CODE[e.kind]], e.message.slice(0, 255));
}

// Excel's blank is null or ''; both are blank to common.js already.
function finish(value) {
  if (value instanceof common.SheetError) throw excelError(value); // Excel's documented way to return an error
  if (Array.isArray(value)) {
    return value.map((row) => row.map((v) => (v instanceof common.SheetError ? excelError(v) : v)));
  }
  return value;
}

function run(impl, args) {
  const go = () => {
    try {
      return finish(impl(...args.map((a) => (a === undefined ? null : a))));
    } catch (err) {
      if (err instanceof globalThis.CustomFunctions.Error) throw err;
      throw excelError(common.toSheetError(err));
    }
  };
  return lib.isInitialized() ? go() : ready.then(go);
}

/**
 * Fit score (0-100) of each prospect row against an ideal partner profile; spills a column.
 * @customfunction FIT FIT
 * @param {string} profile_id Profile: referral, technology, reseller, strategic, services, alliance, an imported id, or blank for the active one.
 * @param {any[][]} headers One row of field names.
 * @param {any[][]} rows One row or many of prospect data, as wide as headers.
 * @returns {any[][]} One score per row.
 */
export function fit(profile_id, headers, rows) {
  return run(common.partnerFit, [profile_id, headers, rows]);
}

/**
 * Band of each prospect row (Ideal, Good, Possible, Poor in the built-in profiles).
 * @customfunction BAND BAND
 * @param {string} profile_id Profile id, or blank for the active one.
 * @param {any[][]} headers One row of field names.
 * @param {any[][]} rows One row or many of prospect data.
 * @returns {any[][]} One band per row.
 */
export function band(profile_id, headers, rows) {
  return run(common.partnerBand, [profile_id, headers, rows]);
}

/**
 * Short text of the top points won and lost by each prospect row.
 * @customfunction REASONS REASONS
 * @param {string} profile_id Profile id, or blank for the active one.
 * @param {any[][]} headers One row of field names.
 * @param {any[][]} rows One row or many of prospect data.
 * @returns {any[][]} One text per row.
 */
export function reasons(profile_id, headers, rows) {
  return run(common.partnerReasons, [profile_id, headers, rows]);
}

/**
 * Best partner type for each prospect row (referral, technology, reseller, strategic, services, alliance).
 * @customfunction BEST_TYPE BEST_TYPE
 * @param {any[][]} headers One row of field names.
 * @param {any[][]} rows One row or many of prospect data.
 * @returns {any[][]} One partner type per row.
 */
export function bestType(headers, rows) {
  return run(common.partnerBestType, [headers, rows]);
}

/**
 * Weights learned from outcomes next to the base weights: one row per header field (field, base, fitted, low, high), then the held-out AUC of both. Associations in your history, not causes.
 * @customfunction FIT_WEIGHTS FIT_WEIGHTS
 * @param {string} profile_id Base profile id, or blank for the active one.
 * @param {any[][]} headers One row of field names.
 * @param {any[][]} rows One row per partner, as wide as headers; at least 20 of each outcome.
 * @param {any[][]} outcomes One TRUE or FALSE per row, e.g. active within 12 months of signing.
 * @param {number} [seed] Seed for the folds and the bootstrap; 1 when blank.
 * @returns {any[][]} One row per header field, then the AUC row.
 */
export function fitWeights(profile_id, headers, rows, outcomes, seed) {
  return run(common.partnerFitWeights, [profile_id, headers, rows, outcomes, seed]);
}

/**
 * Tier for each annual partner-sourced revenue (Platinum, Gold, Silver, Inactive, or your own table).
 * @customfunction TIER TIER
 * @param {any[][]} revenue Annual partner-sourced revenue: a value or a range.
 * @param {any[][]} [thresholds] Lower bounds of your own tiers; one must be 0.
 * @param {any[][]} [names] Names of your own tiers, one per threshold.
 * @returns {any[][]} One tier per revenue cell.
 */
export function tier(revenue, thresholds, names) {
  return run(common.partnerTier, [revenue, thresholds, names]);
}

/**
 * Revenue still needed for the next tier; blank at the top tier.
 * @customfunction TIER_GAP TIER_GAP
 * @param {any[][]} revenue Annual partner-sourced revenue: a value or a range.
 * @param {any[][]} [thresholds] Lower bounds of your own tiers; one must be 0.
 * @param {any[][]} [names] Names of your own tiers, one per threshold.
 * @returns {any[][]} One amount per revenue cell.
 */
export function tierGap(revenue, thresholds, names) {
  return run(common.partnerTierGap, [revenue, thresholds, names]);
}

/**
 * The partner's return per hour of effort: payout per deal divided by hours per deal.
 * @customfunction HOURLY_RETURN HOURLY_RETURN
 * @param {any} payout Payout per deal.
 * @param {any} hours Hours the partner spends per deal (more than 0).
 * @returns {number} Money per hour.
 */
export function hourlyReturn(payout, hours) {
  return run(common.partnerHourlyReturn, [payout, hours]);
}

/**
 * The partner's hourly return as a multiple of its opportunity cost (2.5-3x motivates).
 * @customfunction RETURN_MULTIPLE RETURN_MULTIPLE
 * @param {any} payout Payout per deal.
 * @param {any} hours Hours per deal (more than 0).
 * @param {any} opportunity_cost_per_hour The partner's opportunity cost per hour.
 * @returns {number} The multiple.
 */
export function returnMultiple(payout, hours, opportunity_cost_per_hour) {
  return run(common.partnerReturnMultiple, [payout, hours, opportunity_cost_per_hour]);
}

/**
 * Payout per deal needed to reach the target multiple of the opportunity cost.
 * @customfunction REQUIRED_PAYOUT REQUIRED_PAYOUT
 * @param {any} hours Hours per deal (more than 0).
 * @param {any} opportunity_cost_per_hour The partner's opportunity cost per hour.
 * @param {any} [target_multiple] Target multiple; 2.5 when blank.
 * @returns {number} Money per deal.
 */
export function requiredPayout(hours, opportunity_cost_per_hour, target_multiple) {
  return run(common.partnerRequiredPayout, [hours, opportunity_cost_per_hour, target_multiple]);
}

/**
 * Referral commission on first-year contract value.
 * @customfunction REFERRAL_COMMISSION REFERRAL_COMMISSION
 * @param {any[][]} first_year_value First-year contract value: a value or a range.
 * @param {any[][]} [rate] Commission rate as a fraction (15% is 0.15); 0.15 when blank. A value or a range.
 * @returns {any[][]} The commission, one per row of the range.
 */
export function referralCommission(first_year_value, rate) {
  return run(common.partnerReferralCommission, [first_year_value, rate]);
}

/**
 * The reseller's margin on a contract.
 * @customfunction RESELLER_MARGIN RESELLER_MARGIN
 * @param {any[][]} contract_value Contract value: a value or a range.
 * @param {any[][]} margin_rate Margin rate as a fraction (0.25-0.40 is healthy): a value or a range.
 * @returns {any[][]} The margin, one per row of the range.
 */
export function resellerMargin(contract_value, margin_rate) {
  return run(common.partnerResellerMargin, [contract_value, margin_rate]);
}

/**
 * Deal-registration payout for the stage at which the deal was registered.
 * @customfunction DEAL_REG_PAYOUT DEAL_REG_PAYOUT
 * @param {any[][]} contract_value Contract value: a value or a range.
 * @param {any[][]} stage before-contact, after-first-meeting, late-stage or unregistered: a value or a range.
 * @returns {any[][]} The payout, one per row of the range.
 */
export function dealRegPayout(contract_value, stage) {
  return run(common.partnerDealRegPayout, [contract_value, stage]);
}

/**
 * The sales rep's commission on a deal, by partner motion.
 * @customfunction REP_PAYOUT REP_PAYOUT
 * @param {any[][]} deal_value Deal value: a value or a range.
 * @param {any[][]} standard_rate The rep's standard commission rate as a fraction: a value or a range.
 * @param {any[][]} motion partner-sourced, co-sold, partner-closed or direct: a value or a range.
 * @returns {any[][]} The rep's payout, one per row of the range.
 */
export function repPayout(deal_value, standard_rate, motion) {
  return run(common.partnerRepPayout, [deal_value, standard_rate, motion]);
}

/**
 * Partner programme ROI: net contribution divided by total cost; blank when the cost is 0.
 * @customfunction PROGRAM_ROI PROGRAM_ROI
 * @param {any} partners_recruited Partners recruited.
 * @param {any} activation_rate Share of recruited partners that become active, as a fraction.
 * @param {any} deals_per_active_partner Deals per active partner per year.
 * @param {any} average_deal_size Average deal size.
 * @param {any} payout_rate Payout rate on partner-sourced revenue, as a fraction.
 * @param {any} program_cost Programme cost per year.
 * @param {any} [gross_margin] Gross margin as a fraction; 1 when blank.
 * @returns {any} The ROI as a ratio.
 */
export function programRoi(partners_recruited, activation_rate, deals_per_active_partner, average_deal_size, payout_rate, program_cost, gross_margin) {
  return run(common.partnerProgramRoi,
    [partners_recruited, activation_rate, deals_per_active_partner, average_deal_size, payout_rate, program_cost, gross_margin]);
}

/** The id of each function in functions.json, with its implementation. */
export const ASSOCIATIONS = {
  FIT: fit,
  BAND: band,
  REASONS: reasons,
  BEST_TYPE: bestType,
  FIT_WEIGHTS: fitWeights,
  TIER: tier,
  TIER_GAP: tierGap,
  HOURLY_RETURN: hourlyReturn,
  RETURN_MULTIPLE: returnMultiple,
  REQUIRED_PAYOUT: requiredPayout,
  REFERRAL_COMMISSION: referralCommission,
  RESELLER_MARGIN: resellerMargin,
  DEAL_REG_PAYOUT: dealRegPayout,
  REP_PAYOUT: repPayout,
  PROGRAM_ROI: programRoi,
};

if (typeof globalThis.CustomFunctions?.associate === 'function') {
  for (const [id, fn] of Object.entries(ASSOCIATIONS)) globalThis.CustomFunctions.associate(id, fn);
}
