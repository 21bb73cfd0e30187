//! Partner economics with exact decimals (docs/design.md §3.3). Intermediate
//! results keep full precision; each output is rounded once, money to the
//! currency's minor units and ratios to 4 places, half away from zero.
//! Defaults and thresholds cite [S0] "Building Financial Models That Make
//! Partners Profitable" unless marked otherwise.

use crate::error::{Error, ErrorCode, Result};
use crate::input::{trimmed, Cell, Check, Fields, Obj};
use crate::money::num::{add, div, mul, sub, zero, Num};
use crate::money::{share_verdict, Currency};
use crate::value::Value;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::Serialize;

/// [S0] partners need 2.5-3x their opportunity cost; 2.5 is the floor.
const DEFAULT_TARGET_MULTIPLE: Decimal = dec!(2.5);
/// [S0] referral commission 10-20% of first-year contract value; midpoint.
const DEFAULT_REFERRAL_RATE: Decimal = dec!(0.15);
/// [S0] $500-2,000 per qualified referral (USD).
const REFERRAL_GUIDANCE_USD: (Decimal, Decimal) = (dec!(500), dec!(2000));
/// [S0] 25-40% reseller margin recommended.
const HEALTHY_MARGIN: (Decimal, Decimal) = (dec!(0.25), dec!(0.40));
/// [S0] partner-sourced leads pay 75-80% of standard commission; the floor.
const DEFAULT_SOURCED_SHARE: Decimal = dec!(0.75);
/// [S0] 10-20% retention uplift on shared customers; midpoint.
const DEFAULT_UPLIFT: Decimal = dec!(0.15);
/// [S0] co-sold deals close at 40% higher values.
const DEFAULT_CO_SELL_VALUE_UPLIFT: Decimal = dec!(0.4);
/// [S0] certified partners generate 4.3x the revenue of non-certified ones.
const DEFAULT_CERTIFIED_MULTIPLIER: Decimal = dec!(4.3);

fn currency<'a, F: Fields<'a>>(o: &mut F) -> Result<Currency> {
    match o.opt_string("currency")? {
        None => Ok(Currency::USD),
        Some(code) => Currency::parse(code, &o.at("currency")),
    }
}

// ---------------------------------------------------------------- per-deal functions
//
// Each per-deal function is written once, as `*_of`: it reads its input
// through [`Fields`] (an object, or one row of columns read in place) and
// computes the exact results. The single function writes them as one
// result; its columnar twin writes them as one cell of each output column.
// Both write through [`Shown::write`], in the order of `shown()`, so the
// digits and the first error are the same.

/// One output before it is written: how it is rounded and shown.
#[derive(Clone, Copy)]
enum Shown<'o> {
    /// Money, rounded once to the currency's minor units.
    Money(&'o Num, Currency),
    /// A ratio, rounded once to 4 places.
    Ratio(&'o Num),
    Word(&'static str),
    /// A word or `null`.
    OptWord(Option<&'static str>),
    Code(Currency),
}

impl Shown<'_> {
    /// Appends the text; false for `null`.
    fn write(&self, out: &mut String) -> Result<bool> {
        match self {
            Shown::Money(n, cur) => n.write_money(*cur, out)?,
            Shown::Ratio(n) => n.write_ratio(out)?,
            Shown::Word(w) => out.push_str(w),
            Shown::OptWord(Some(w)) => out.push_str(w),
            Shown::OptWord(None) => return Ok(false),
            Shown::Code(cur) => out.push_str(cur.code()),
        }
        Ok(true)
    }
}

/// The single function's text of each output, in order (words and null
/// are taken from the result itself, so they are left empty here).
fn texts(shown: &[Shown<'_>]) -> Result<std::vec::IntoIter<String>> {
    let mut out = Vec::with_capacity(shown.len());
    for s in shown {
        let mut text = String::new();
        if !matches!(s, Shown::Word(_) | Shown::OptWord(_)) {
            s.write(&mut text)?;
        }
        out.push(text);
    }
    Ok(out.into_iter())
}

// ---------------------------------------------------------------- return on effort

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "bindings",
    derive(ts_rs::TS),
    ts(rename = "PartnerReturnResult")
)]
pub struct PartnerReturn {
    /// Hours per deal (ratio string).
    pub hours: String,
    /// Payout per hour (money).
    pub hourly_return: String,
    /// Hourly return ÷ opportunity cost (ratio).
    pub multiple: String,
    /// The partner's motivation: `loses-money` below 1×, `under-motivated` below the target, else `motivated`.
    #[cfg_attr(
        feature = "bindings",
        ts(type = "'loses-money' | 'under-motivated' | 'motivated'")
    )]
    pub verdict: &'static str,
    /// Payout per deal that reaches the target multiple (money).
    pub required_payout_per_deal: String,
    /// max(0, required − payout) (money).
    pub payout_gap: String,
    /// The currency used (upper case).
    pub currency: String,
}

struct ReturnOut {
    hours: Num,
    hourly: Num,
    multiple: Num,
    verdict: &'static str,
    required: Num,
    gap: Num,
    cur: Currency,
}

impl ReturnOut {
    fn shown(&self) -> [Shown<'_>; 7] {
        [
            Shown::Ratio(&self.hours),
            Shown::Money(&self.hourly, self.cur),
            Shown::Ratio(&self.multiple),
            Shown::Word(self.verdict),
            Shown::Money(&self.required, self.cur),
            Shown::Money(&self.gap, self.cur),
            Shown::Code(self.cur),
        ]
    }
}

/// The partner's hourly return on our deals and whether it beats their
/// opportunity cost by the target multiple.
pub fn partner_return(input: &Value) -> Result<PartnerReturn> {
    let out = partner_return_of(single(input, &mut Memo::default())?)?;
    let mut t = texts(&out.shown())?;
    let hours = t.next().unwrap_or_default();
    let hourly_return = t.next().unwrap_or_default();
    let multiple = t.next().unwrap_or_default();
    t.next();
    let required_payout_per_deal = t.next().unwrap_or_default();
    let payout_gap = t.next().unwrap_or_default();
    let currency = t.next().unwrap_or_default();
    Ok(PartnerReturn {
        hours,
        hourly_return,
        multiple,
        verdict: out.verdict,
        required_payout_per_deal,
        payout_gap,
        currency,
    })
}

fn partner_return_of(mut o: Row<'_, '_>) -> Result<ReturnOut> {
    let payout = o.decimal("payoutPerDeal", Check::NonNegative)?;
    let per_deal = o.opt_decimal("hoursPerDeal", Check::Positive)?;
    let breakdown = o.cell("hours");
    let hours = match (per_deal, breakdown) {
        (Some(_), Some(_)) => {
            return Err(Error::new(
                ErrorCode::Conflict,
                "hours",
                "give hoursPerDeal or the hours breakdown, not both",
            ))
        }
        (Some(h), None) => Num::from(h),
        (None, Some(b)) => {
            let mut h = b.object("hours")?;
            let mut sum = zero();
            for step in ["identify", "qualify", "demo", "close", "implement"] {
                if let Some(v) = h.opt_decimal(step, Check::NonNegative)? {
                    sum = add(&sum, &v.into());
                }
            }
            h.finish()?;
            if sum.is_zero() {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    "hours",
                    "the hours breakdown adds up to zero; a deal takes some time",
                ));
            }
            sum
        }
        (None, None) => {
            return Err(Error::new(
                ErrorCode::MissingField,
                "hoursPerDeal",
                "hoursPerDeal (or an hours breakdown) is required",
            ))
        }
    };
    let cost = o.decimal("opportunityCostPerHour", Check::Positive)?;
    let target = o
        .opt_decimal("targetMultiple", Check::Positive)?
        .unwrap_or(DEFAULT_TARGET_MULTIPLE);
    let cur = currency(&mut o)?;
    o.finish()?;

    let (payout, cost, target) = (Num::from(payout), Num::from(cost), Num::from(target));
    let hourly = div(&payout, &hours)?;
    let multiple = div(&hourly, &cost)?;
    let verdict = if multiple.lt(&Decimal::ONE.into()) {
        "loses-money"
    } else if multiple.lt(&target) {
        "under-motivated"
    } else {
        "motivated"
    };
    let required = mul(&mul(&hours, &cost), &target);
    let gap = sub(&required, &payout).max_zero();
    Ok(ReturnOut {
        hours,
        hourly,
        multiple,
        verdict,
        required,
        gap,
        cur,
    })
}

// ---------------------------------------------------------------- referral commission

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(
    feature = "bindings",
    derive(ts_rs::TS),
    ts(rename = "ReferralCommissionResult")
)]
pub struct ReferralCommission {
    /// The commission (money).
    pub commission: String,
    /// The rate used (ratio).
    pub rate: String,
    /// Against the guidance range; `null` when there is none.
    #[cfg_attr(feature = "bindings", ts(type = "'below' | 'within' | 'above' | null"))]
    pub guidance: Option<&'static str>,
    /// The currency used (upper case).
    pub currency: String,
}

struct ReferralOut {
    commission: Num,
    rate: Num,
    guidance: Option<&'static str>,
    cur: Currency,
}

impl ReferralOut {
    fn shown(&self) -> [Shown<'_>; 4] {
        [
            Shown::Money(&self.commission, self.cur),
            Shown::Ratio(&self.rate),
            Shown::OptWord(self.guidance),
            Shown::Code(self.cur),
        ]
    }
}

pub fn referral_commission(input: &Value) -> Result<ReferralCommission> {
    let out = referral_commission_of(single(input, &mut Memo::default())?)?;
    let mut t = texts(&out.shown())?;
    let commission = t.next().unwrap_or_default();
    let rate = t.next().unwrap_or_default();
    t.next();
    let currency = t.next().unwrap_or_default();
    Ok(ReferralCommission {
        commission,
        rate,
        guidance: out.guidance,
        currency,
    })
}

fn referral_commission_of(mut o: Row<'_, '_>) -> Result<ReferralOut> {
    let value = o.decimal("firstYearContractValue", Check::NonNegative)?;
    let rate = o
        .opt_decimal("rate", Check::Rate)?
        .unwrap_or(DEFAULT_REFERRAL_RATE);
    let range = match o.cell("guidance") {
        None => None,
        Some(g) => {
            let mut r = g.object("guidance")?;
            let lo = r.decimal("min", Check::NonNegative)?;
            let hi = r.decimal("max", Check::NonNegative)?;
            r.finish()?;
            if lo > hi {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    "guidance.min",
                    "min is above max",
                ));
            }
            Some((lo, hi))
        }
    };
    let cur = currency(&mut o)?;
    o.finish()?;
    let range = range.or_else(|| (cur.code() == "USD").then_some(REFERRAL_GUIDANCE_USD));
    let commission = mul(&value.into(), &rate.into());
    let guidance = range.map(|(lo, hi)| {
        if commission.lt(&lo.into()) {
            "below"
        } else if commission.gt(&hi.into()) {
            "above"
        } else {
            "within"
        }
    });
    Ok(ReferralOut {
        commission,
        rate: Num::from(rate),
        guidance,
        cur,
    })
}

// ---------------------------------------------------------------- reseller margin

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "bindings",
    derive(ts_rs::TS),
    ts(rename = "ResellerMarginResult")
)]
pub struct ResellerMargin {
    /// The reseller's margin (money).
    pub partner_margin: String,
    /// What the vendor keeps (money).
    pub vendor_net: String,
    /// `too-thin` below 25%, `healthy` 25-40%, `above-range` above 40%.
    #[cfg_attr(
        feature = "bindings",
        ts(type = "'too-thin' | 'healthy' | 'above-range'")
    )]
    pub assessment: &'static str,
    /// The currency used (upper case).
    pub currency: String,
}

struct MarginOut {
    margin: Num,
    net: Num,
    assessment: &'static str,
    cur: Currency,
}

impl MarginOut {
    fn shown(&self) -> [Shown<'_>; 4] {
        [
            Shown::Money(&self.margin, self.cur),
            Shown::Money(&self.net, self.cur),
            Shown::Word(self.assessment),
            Shown::Code(self.cur),
        ]
    }
}

pub fn reseller_margin(input: &Value) -> Result<ResellerMargin> {
    let out = reseller_margin_of(single(input, &mut Memo::default())?)?;
    let mut t = texts(&out.shown())?;
    let partner_margin = t.next().unwrap_or_default();
    let vendor_net = t.next().unwrap_or_default();
    t.next();
    let currency = t.next().unwrap_or_default();
    Ok(ResellerMargin {
        partner_margin,
        vendor_net,
        assessment: out.assessment,
        currency,
    })
}

fn reseller_margin_of(mut o: Row<'_, '_>) -> Result<MarginOut> {
    let value = o.decimal("contractValue", Check::NonNegative)?;
    let rate = o.decimal("marginRate", Check::Rate)?;
    let cur = currency(&mut o)?;
    o.finish()?;
    let margin = mul(&value.into(), &rate.into());
    let assessment = if rate < HEALTHY_MARGIN.0 {
        "too-thin"
    } else if rate > HEALTHY_MARGIN.1 {
        "above-range"
    } else {
        "healthy"
    };
    let net = sub(&value.into(), &margin);
    Ok(MarginOut {
        margin,
        net,
        assessment,
        cur,
    })
}

// ---------------------------------------------------------------- deal registration

/// [S0 deal registration incentive structure].
pub const STAGES: [(&str, Decimal); 4] = [
    ("before-contact", dec!(0.25)),
    ("after-first-meeting", dec!(0.20)),
    ("late-stage", dec!(0.15)),
    ("unregistered", dec!(0.10)),
];
/// [S0 Connecting Partner Ecosystems to Sales Compensation]: a
/// partner-closed deal pays the rep half the standard commission.
const PARTNER_CLOSED_SHARE: Decimal = dec!(0.5);

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(
    feature = "bindings",
    derive(ts_rs::TS),
    ts(rename = "DealRegistrationResult")
)]
pub struct DealRegistrationPayout {
    /// The stage used.
    #[cfg_attr(feature = "bindings", ts(type = "DealRegistrationStage"))]
    pub stage: String,
    /// The rate used (ratio).
    pub rate: String,
    /// The payout (money).
    pub payout: String,
    /// The currency used (upper case).
    pub currency: String,
}

struct DealOut {
    stage: &'static str,
    rate: Num,
    payout: Num,
    cur: Currency,
}

impl DealOut {
    fn shown(&self) -> [Shown<'_>; 4] {
        [
            Shown::Word(self.stage),
            Shown::Ratio(&self.rate),
            Shown::Money(&self.payout, self.cur),
            Shown::Code(self.cur),
        ]
    }
}

pub fn deal_registration_payout(input: &Value) -> Result<DealRegistrationPayout> {
    let out = deal_registration_payout_of(single(input, &mut Memo::default())?)?;
    let mut t = texts(&out.shown())?;
    t.next();
    let rate = t.next().unwrap_or_default();
    let payout = t.next().unwrap_or_default();
    let currency = t.next().unwrap_or_default();
    Ok(DealRegistrationPayout {
        stage: out.stage.to_string(),
        rate,
        payout,
        currency,
    })
}

fn deal_registration_payout_of(mut o: Row<'_, '_>) -> Result<DealOut> {
    let value = o.decimal("contractValue", Check::NonNegative)?;
    let stage = trimmed(o.string("stage")?);
    let mut rates: [(&'static str, Decimal); 4] = STAGES;
    if let Some(schedule) = o.cell("schedule") {
        // A partial schedule overrides only the stages it names.
        let mut s = schedule.object("schedule")?;
        for (name, rate) in rates.iter_mut() {
            if let Some(r) = s.opt_decimal(name, Check::Rate)? {
                *rate = r;
            }
        }
        s.finish()?;
    }
    let cur = currency(&mut o)?;
    o.finish()?;
    let (stage, rate) = rates
        .iter()
        .find(|(name, _)| *name == stage)
        .copied()
        .ok_or_else(|| {
            Error::new(
                ErrorCode::UnknownStage,
                "stage",
                format!(
                    "{} is not a stage; stages: before-contact, after-first-meeting, late-stage, unregistered", crate::error::quote(stage)
                ),
            )
        })?;
    let rate = Num::from(rate);
    let payout = mul(&value.into(), &rate);
    Ok(DealOut {
        stage,
        rate,
        payout,
        cur,
    })
}

// ---------------------------------------------------------------- rep compensation

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "bindings",
    derive(ts_rs::TS),
    ts(rename = "RepCompensationResult")
)]
pub struct RepCompensation {
    /// The rep's payout (money).
    pub rep_payout: String,
    /// The partner's payout (money).
    pub partner_payout: String,
    /// Rep plus partner payout (money).
    pub total_cost_of_sale: String,
    /// Total cost of sale ÷ deal value (ratio).
    pub cost_of_sale_rate: String,
    /// The currency used (upper case).
    pub currency: String,
}

struct RepOut {
    rep: Num,
    partner: Num,
    total: Num,
    rate: Num,
    cur: Currency,
}

impl RepOut {
    fn shown(&self) -> [Shown<'_>; 5] {
        [
            Shown::Money(&self.rep, self.cur),
            Shown::Money(&self.partner, self.cur),
            Shown::Money(&self.total, self.cur),
            Shown::Ratio(&self.rate),
            Shown::Code(self.cur),
        ]
    }
}

pub fn rep_compensation(input: &Value) -> Result<RepCompensation> {
    let out = rep_compensation_of(single(input, &mut Memo::default())?)?;
    let mut t = texts(&out.shown())?;
    let rep_payout = t.next().unwrap_or_default();
    let partner_payout = t.next().unwrap_or_default();
    let total_cost_of_sale = t.next().unwrap_or_default();
    let cost_of_sale_rate = t.next().unwrap_or_default();
    let currency = t.next().unwrap_or_default();
    Ok(RepCompensation {
        rep_payout,
        partner_payout,
        total_cost_of_sale,
        cost_of_sale_rate,
        currency,
    })
}

fn rep_compensation_of(mut o: Row<'_, '_>) -> Result<RepOut> {
    let deal = o.decimal("dealValue", Check::Positive)?;
    let commission_rate = o.decimal("standardCommissionRate", Check::Rate)?;
    let motion = trimmed(o.string("motion")?);
    let fee = o.opt_decimal("partnerFeeRate", Check::Rate)?;
    let sourced = o
        .opt_decimal("sourcedShare", Check::Rate)?
        .unwrap_or(DEFAULT_SOURCED_SHARE);
    let cur = currency(&mut o)?;
    o.finish()?;
    // [S0 Connecting Partner Ecosystems to Sales Compensation].
    let share = match motion {
        "partner-sourced" => sourced,
        "co-sold" | "direct" => Decimal::ONE,
        "partner-closed" => PARTNER_CLOSED_SHARE,
        _ => {
            return Err(Error::new(
                ErrorCode::UnknownMotion,
                "motion",
                format!(
                    "{} is not a motion; motions: partner-sourced, co-sold, partner-closed, direct",
                    crate::error::quote(motion)
                ),
            ))
        }
    };
    let fee = match (motion, fee) {
        ("direct", Some(f)) if !f.is_zero() => {
            return Err(Error::new(
                ErrorCode::Conflict,
                "partnerFeeRate",
                "a direct deal has no partner fee; leave partnerFeeRate out or 0",
            ))
        }
        ("direct", _) => Decimal::ZERO,
        (_, Some(f)) => f,
        (_, None) => {
            return Err(Error::new(
                ErrorCode::MissingField,
                "partnerFeeRate",
                "partnerFeeRate is required for a partner deal",
            ))
        }
    };
    let deal = Num::from(deal);
    let rep = mul(&mul(&deal, &commission_rate.into()), &share.into());
    let partner = mul(&deal, &fee.into());
    let total = add(&rep, &partner);
    let rate = div(&total, &deal)?;
    Ok(RepOut {
        rep,
        partner,
        total,
        rate,
        cur,
    })
}

// ---------------------------------------------------------------- retention uplift

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "bindings",
    derive(ts_rs::TS),
    ts(rename = "RetentionUpliftResult")
)]
pub struct RetentionUplift {
    /// Customers kept thanks to the partner (ratio string).
    pub customers_retained: String,
    /// Their ARR (money).
    pub retained_arr: String,
    /// The currency used (upper case).
    pub currency: String,
}

pub fn retention_uplift(input: &Value) -> Result<RetentionUplift> {
    let mut o = Obj::new(input, "")?;
    let shared = o.decimal("sharedCustomers", Check::NonNegative)?;
    let arr = o.decimal("arrPerCustomer", Check::NonNegative)?;
    let churn = o.decimal("annualChurnRate", Check::Rate)?;
    let uplift = o
        .opt_decimal("upliftRate", Check::Rate)?
        .unwrap_or(DEFAULT_UPLIFT);
    let cur = currency(&mut o)?;
    o.finish()?;
    let retained = mul(&mul(&shared.into(), &churn.into()), &uplift.into());
    Ok(RetentionUplift {
        customers_retained: retained.ratio()?,
        retained_arr: mul(&retained, &arr.into()).money(cur)?,
        currency: cur.code().to_string(),
    })
}

// ---------------------------------------------------------------- programme ROI

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "bindings",
    derive(ts_rs::TS),
    ts(rename = "ProgramRoiResult")
)]
pub struct ProgramRoi {
    /// Active partners (ratio string).
    pub active_partners: String,
    /// Partner deals per year (ratio string).
    pub partner_deals: String,
    /// Partner-sourced revenue (money).
    pub partner_sourced_revenue: String,
    /// Payouts to partners (money).
    pub partner_payouts: String,
    /// Gross profit on partner-sourced revenue (money).
    pub gross_profit: String,
    /// Payouts plus programme cost (money).
    pub total_cost: String,
    /// Gross profit − total cost (money).
    pub net_contribution: String,
    /// Net contribution ÷ total cost (ratio); `null` when the cost is 0.
    pub roi: Option<String>,
    /// Months to pay back a year's programme cost, programCostPerYear ÷ ((grossProfit − partnerPayouts) ÷ 12) (ratio, below 12); `null` whenever netContribution is not positive: the cost recurs, so such a programme never pays back.
    pub payback_months: Option<String>,
    /// Total cost per partner deal (money); `null` without deals.
    pub cost_per_partner_deal: Option<String>,
    /// Partner-sourced revenue ÷ total company revenue (ratio); `null` without it.
    pub partner_revenue_share: Option<String>,
    /// Against the 20-35% target; `null` without a share.
    #[cfg_attr(feature = "bindings", ts(type = "'below' | 'within' | 'above' | null"))]
    pub share_verdict: Option<&'static str>,
    /// The currency used (upper case).
    pub currency: String,
}

pub fn program_roi(input: &Value) -> Result<ProgramRoi> {
    let mut o = Obj::new(input, "")?;
    let recruited = o.decimal("partnersRecruited", Check::NonNegative)?;
    let activation = o.decimal("activationRate", Check::Rate)?;
    let deals_each = o.decimal("dealsPerActivePartnerPerYear", Check::NonNegative)?;
    let deal_size = o.decimal("averageDealSize", Check::NonNegative)?;
    let payout_rate = o.decimal("payoutRate", Check::Rate)?;
    let program_cost = o.decimal("programCostPerYear", Check::NonNegative)?;
    let margin = o
        .opt_decimal("grossMargin", Check::Rate)?
        .unwrap_or(Decimal::ONE);
    let company = o.opt_decimal("totalCompanyRevenue", Check::Positive)?;
    // What-ifs [S0]: a share of deals co-sold at higher values, and a share
    // of active partners certified (then dealsPerActivePartnerPerYear is a
    // non-certified partner's rate).
    let co_sell_share = o
        .opt_decimal("coSellShare", Check::Rate)?
        .unwrap_or(Decimal::ZERO);
    let co_sell_uplift = o
        .opt_decimal("coSellValueUplift", Check::NonNegative)?
        .unwrap_or(DEFAULT_CO_SELL_VALUE_UPLIFT);
    let certified_share = o
        .opt_decimal("certifiedShare", Check::Rate)?
        .unwrap_or(Decimal::ZERO);
    let certified_multiplier = o
        .opt_decimal("certifiedMultiplier", Check::Positive)?
        .unwrap_or(DEFAULT_CERTIFIED_MULTIPLIER);
    let cur = currency(&mut o)?;
    o.finish()?;

    let one = Num::from(Decimal::ONE);
    let active = mul(&recruited.into(), &activation.into());
    let certified_factor = add(
        &one,
        &mul(
            &certified_share.into(),
            &sub(&certified_multiplier.into(), &one),
        ),
    );
    let deals = mul(&mul(&active, &deals_each.into()), &certified_factor);
    let value_factor = add(&one, &mul(&co_sell_share.into(), &co_sell_uplift.into()));
    let revenue = mul(&mul(&deals, &deal_size.into()), &value_factor);
    let payouts = mul(&revenue, &payout_rate.into());
    let gross = mul(&revenue, &margin.into());
    let program_cost = Num::from(program_cost);
    let total_cost = add(&payouts, &program_cost);
    let net = sub(&gross, &total_cost);
    let roi = if total_cost.is_zero() {
        None
    } else {
        Some(div(&net, &total_cost)?.ratio()?)
    };
    // The programme cost recurs every year: a programme whose net
    // contribution is not positive never pays it back (null). Otherwise the
    // months of (gross profit - payouts) that cover one year's cost, below 12.
    let payback = if net.signum() == std::cmp::Ordering::Greater {
        let monthly = div(&sub(&gross, &payouts), &Decimal::from(12).into())?;
        Some(div(&program_cost, &monthly)?.ratio()?)
    } else {
        None
    };
    let per_deal = if deals.is_zero() {
        None
    } else {
        Some(div(&total_cost, &deals)?.money(cur)?)
    };
    let share = match company {
        Some(c) => Some(div(&revenue, &c.into())?),
        None => None,
    };
    let verdict = share.as_ref().map(share_verdict);
    Ok(ProgramRoi {
        active_partners: active.ratio()?,
        partner_deals: deals.ratio()?,
        partner_sourced_revenue: revenue.money(cur)?,
        partner_payouts: payouts.money(cur)?,
        gross_profit: gross.money(cur)?,
        total_cost: total_cost.money(cur)?,
        net_contribution: net.money(cur)?,
        roi,
        payback_months: payback,
        cost_per_partner_deal: per_deal,
        partner_revenue_share: share.map(|s| s.ratio()).transpose()?,
        share_verdict: verdict,
        currency: cur.code().to_string(),
    })
}

// ---------------------------------------------------------------- columns

/// The output of a columnar twin: each output field of the single function
/// as a column (`null` where the single function gives `null`), in the
/// single function's field order.
#[derive(Clone, Debug, PartialEq)]
pub struct Columns(pub Vec<(&'static str, Vec<Option<String>>)>);

impl Serialize for Columns {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// One input field of a columnar call: one value for every row, or a
/// column of cells.
enum Field<'a> {
    Shared(&'a Value),
    Column(Vec<Cell<'a>>),
    /// One cell for every row, read in place (a single call's packed
    /// input, `packed_single`).
    One(Cell<'a>),
}

static NULL: Value = Value::Null;
static TRUE: Value = Value::Bool(true);
static FALSE: Value = Value::Bool(false);

/// Row `i` of columnar input, read in place as the single function reads
/// its object: no row object is built. The keys asked are kept in a buffer
/// shared by every row.
struct Row<'p, 'a> {
    fields: RowFields<'p, 'a>,
    i: usize,
    seen: &'p mut Memo,
}

/// What a [`Row`] remembers: the keys asked in this row, and, for every
/// row of one call, which field each key names (looked up once per call,
/// not once per row).
#[derive(Default)]
struct Memo {
    /// The keys asked in this row, in order.
    asked: Vec<&'static str>,
    /// The fields read in this row, by index (the first 64).
    read: u64,
    /// A key's address and length, and the index of the field it names.
    keys: Vec<(usize, usize, Option<usize>)>,
}

impl Memo {
    /// Ready for the next row of the same fields.
    fn next_row(&mut self) {
        self.asked.clear();
        self.read = 0;
    }
}

/// The bit of field `i` in [`Memo::read`] (none past 64 fields).
fn field_bit(i: usize) -> u64 {
    u32::try_from(i)
        .ok()
        .and_then(|i| 1u64.checked_shl(i))
        .unwrap_or(0)
}

/// The fields a [`Row`] reads: the columns of a call, or a single
/// function's own object.
enum RowFields<'p, 'a> {
    Borrowed(&'p [(&'a str, Field<'a>)]),
    Owned(Vec<(&'a str, Field<'a>)>),
}

impl<'a> Row<'_, 'a> {
    fn list(&self) -> &[(&'a str, Field<'a>)] {
        match &self.fields {
            RowFields::Borrowed(f) => f,
            RowFields::Owned(f) => f,
        }
    }

    fn value(&self, field: &Field<'a>) -> Option<Cell<'a>> {
        let cell = match field {
            Field::Shared(v) => Cell::Value(v),
            Field::Column(cells) => *cells.get(self.i)?,
            Field::One(c) => *c,
        };
        match cell {
            Cell::Value(Value::Null) => None,
            other => Some(other),
        }
    }
}

impl<'a> Fields<'a> for Row<'_, 'a> {
    fn cell(&mut self, key: &'static str) -> Option<Cell<'a>> {
        self.seen.asked.push(key);
        let at = (key.as_ptr() as usize, key.len());
        let known = self
            .seen
            .keys
            .iter()
            .find(|(p, l, _)| (*p, *l) == at)
            .map(|(_, _, i)| *i);
        let index = match known {
            Some(i) => i,
            None => {
                let i = self.list().iter().position(|(k, _)| same_key(k, key));
                self.seen.keys.push((at.0, at.1, i));
                i
            }
        }?;
        self.seen.read |= field_bit(index);
        let (_, field) = self.list().get(index)?;
        self.value(field)
    }
    fn base(&self) -> &str {
        ""
    }
    fn finish(self) -> Result<()> {
        for (j, (k, field)) in self.list().iter().enumerate() {
            if self.seen.read & field_bit(j) != 0 {
                continue;
            }
            if self.value(field).is_some() && !self.seen.asked.iter().any(|s| same_key(s, k)) {
                return Err(crate::input::unknown_field("", k, &self.seen.asked));
            }
        }
        Ok(())
    }
}

/// A single function's input object as a one-row reader: every field
/// shared. Anything but an object is refused as [`Obj::new`] refuses it.
fn single<'p, 'a>(input: &'a Value, seen: &'p mut Memo) -> Result<Row<'p, 'a>> {
    Obj::new(input, "")?;
    let fields = match input {
        Value::Object(entries) => entries
            .iter()
            .map(|(k, v)| (k.as_str(), Field::Shared(v)))
            .collect(),
        _ => Vec::new(),
    };
    Ok(Row {
        fields: RowFields::Owned(fields),
        i: 0,
        seen,
    })
}

/// `a == b`, deciding most unequal keys on their length and first byte
/// (every row looks each key up).
fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// `contractValue` → `contractValue[17]` when that field is a column;
/// `schedule.late-stage` stays as it is when `schedule` is shared; an error
/// about the whole row is `[17]`.
fn at_row(mut e: Error, fields: &[(&str, Field<'_>)], row: usize) -> Error {
    if e.path.is_empty() {
        e.path = format!("[{row}]");
        return e;
    }
    let head_end = e.path.find(['.', '[']).unwrap_or(e.path.len());
    let (head, rest) = e.path.split_at_checked(head_end).unwrap_or((&e.path, ""));
    if fields
        .iter()
        .any(|(k, f)| *k == head && matches!(f, Field::Column(_)))
    {
        e.path = format!("{head}[{row}]{rest}");
    }
    e
}

/// Separates the cells of one column in [`Packed`] text (and in the
/// packed input's text cells). No output cell contains it.
pub const CELL_SEPARATOR: char = '\u{1f}';
/// Separates the columns of [`Packed`] text.
pub const COLUMN_SEPARATOR: char = '\u{1e}';
/// Ends a column's name in [`Packed`] text.
pub const NAME_END: char = '\u{1d}';

/// The output columns of a columnar call, each as one text of its cells
/// joined by [`CELL_SEPARATOR`] (no output cell is empty, so an empty cell
/// is `null`).
struct Packed {
    columns: Vec<PackedColumn>,
}

struct PackedColumn {
    name: &'static str,
    text: String,
    cells: usize,
    /// The first cell's end in `text`, and whether every cell equals it.
    first_end: usize,
    same: bool,
    nulls: bool,
}

impl Packed {
    fn new(names: &[&'static str], n: usize) -> Packed {
        Packed {
            columns: names
                .iter()
                .map(|name| PackedColumn {
                    name,
                    text: String::with_capacity(n.saturating_mul(12)),
                    cells: 0,
                    first_end: 0,
                    same: true,
                    nulls: false,
                })
                .collect(),
        }
    }

    /// Appends one row: a cell to each column, in order.
    fn row(&mut self, shown: &[Shown<'_>]) -> Result<()> {
        for (c, s) in self.columns.iter_mut().zip(shown) {
            let start = if c.cells == 0 {
                0
            } else {
                c.text.push(CELL_SEPARATOR);
                c.text.len()
            };
            if !s.write(&mut c.text)? {
                c.nulls = true;
            }
            if c.cells == 0 {
                c.first_end = c.text.len();
            } else if c.same {
                let first = c.text.get(..c.first_end);
                c.same = first.is_some() && first == c.text.get(start..);
            }
            c.cells = c.cells.saturating_add(1);
        }
        Ok(())
    }

    /// Each column as a list (the JSON answer).
    fn lists(self) -> Columns {
        Columns(
            self.columns
                .into_iter()
                .map(|c| {
                    let cells = if c.cells == 0 {
                        Vec::new()
                    } else {
                        c.text
                            .split(CELL_SEPARATOR)
                            .map(|t| (!t.is_empty()).then(|| t.to_string()))
                            .collect()
                    };
                    (c.name, cells)
                })
                .collect(),
        )
    }

    /// The wrapper's form: `name` NAME_END tag body, per column, joined by
    /// COLUMN_SEPARATOR. Tags: `k` every cell is the body; `z` every cell
    /// is null; `t` the cells, joined by CELL_SEPARATOR; `u` the same, an
    /// empty cell null.
    fn text(self) -> String {
        let size = self
            .columns
            .iter()
            .map(|c| c.text.len().saturating_add(c.name.len()).saturating_add(3))
            .fold(0usize, usize::saturating_add);
        let mut out = String::with_capacity(size);
        for (i, c) in self.columns.iter().enumerate() {
            if i > 0 {
                out.push(COLUMN_SEPARATOR);
            }
            out.push_str(c.name);
            out.push(NAME_END);
            let first = c.text.get(..c.first_end).unwrap_or_default();
            if c.same && c.cells > 0 {
                if first.is_empty() {
                    out.push('z');
                } else {
                    out.push('k');
                    out.push_str(first);
                }
            } else {
                out.push(if c.nulls { 'u' } else { 't' });
                out.push_str(&c.text);
            }
        }
        out
    }
}

/// Where a computed row is written: a twin's output columns ([`Packed`]),
/// or a single call's packed answer ([`OneRow`]).
trait Sink {
    fn row(&mut self, shown: &[Shown<'_>]) -> Result<()>;
}

impl Sink for Packed {
    fn row(&mut self, shown: &[Shown<'_>]) -> Result<()> {
        Packed::row(self, shown)
    }
}

/// A single call's answer as the wrapper reads it: each output's text in
/// the single function's field order, joined by [`CELL_SEPARATOR`]; an
/// empty text is `null` (no output is empty otherwise).
struct OneRow<'o>(&'o mut String);

impl Sink for OneRow<'_> {
    fn row(&mut self, shown: &[Shown<'_>]) -> Result<()> {
        for (i, s) in shown.iter().enumerate() {
            if i > 0 {
                self.0.push(CELL_SEPARATOR);
            }
            s.write(self.0)?;
        }
        Ok(())
    }
}

/// One row of a twin (or one single call): read and computed by the single
/// function's own `*_of`, written in the order of its `shown()`.
type Each = for<'p, 'a> fn(Row<'p, 'a>, &mut dyn Sink) -> Result<()>;

fn return_row(r: Row<'_, '_>, out: &mut dyn Sink) -> Result<()> {
    out.row(&partner_return_of(r)?.shown())
}
fn referral_row(r: Row<'_, '_>, out: &mut dyn Sink) -> Result<()> {
    out.row(&referral_commission_of(r)?.shown())
}
fn margin_row(r: Row<'_, '_>, out: &mut dyn Sink) -> Result<()> {
    out.row(&reseller_margin_of(r)?.shown())
}
fn deal_row(r: Row<'_, '_>, out: &mut dyn Sink) -> Result<()> {
    out.row(&deal_registration_payout_of(r)?.shown())
}
fn rep_row(r: Row<'_, '_>, out: &mut dyn Sink) -> Result<()> {
    out.row(&rep_compensation_of(r)?.shown())
}

/// The columnar twins: name, the single function's name, output fields in
/// the single function's order, and how a row is computed.
const TWINS: [(&str, &str, &[&str], Each); 5] = [
    (
        "partnerReturns",
        "partnerReturn",
        &[
            "hours",
            "hourlyReturn",
            "multiple",
            "verdict",
            "requiredPayoutPerDeal",
            "payoutGap",
            "currency",
        ],
        return_row,
    ),
    (
        "referralCommissions",
        "referralCommission",
        &["commission", "rate", "guidance", "currency"],
        referral_row,
    ),
    (
        "resellerMargins",
        "resellerMargin",
        &["partnerMargin", "vendorNet", "assessment", "currency"],
        margin_row,
    ),
    (
        "dealRegistrationPayouts",
        "dealRegistrationPayout",
        &["stage", "rate", "payout", "currency"],
        deal_row,
    ),
    (
        "repCompensations",
        "repCompensation",
        &[
            "repPayout",
            "partnerPayout",
            "totalCostOfSale",
            "costOfSaleRate",
            "currency",
        ],
        rep_row,
    ),
];

/// Runs twin `name` over `n` rows of `fields`, each row read in place and
/// computed as the single function computes its object. A bad cell is
/// reported with its row (`contractValue[17]`); `None` for no such twin.
fn rows(name: &str, fields: &[(&str, Field<'_>)], n: usize) -> Option<Result<Packed>> {
    let (_, _, names, each) = TWINS.iter().find(|(t, _, _, _)| *t == name)?;
    let mut out = Packed::new(names, n);
    let mut seen = Memo::default();
    for i in 0..n {
        seen.next_row();
        let row = Row {
            fields: RowFields::Borrowed(fields),
            i,
            seen: &mut seen,
        };
        if let Err(e) = each(row, &mut out) {
            return Some(Err(at_row(e, fields, i)));
        }
    }
    Some(Ok(out))
}

/// The input of a columnar twin as fields: every input field that is a
/// list is a column (one cell per row, all columns of one length), anything
/// else is the same for every row.
fn fields_of(input: &Value) -> Result<(Vec<(&str, Field<'_>)>, usize)> {
    let entries = match input {
        Value::Object(entries) => entries,
        Value::Null => {
            return Err(Error::new(
                ErrorCode::MissingField,
                "",
                "an object of columns is required",
            ))
        }
        other => {
            return Err(Error::new(
                ErrorCode::InvalidType,
                "",
                format!(
                "expected an object of field: column (a list, or one value for every row), got {}",
                other.type_name()
            ),
            ))
        }
    };
    let mut rows: Option<(usize, &str)> = None;
    for (k, v) in entries {
        if let Value::Array(cells) = v {
            match rows {
                None => rows = Some((cells.len(), k)),
                Some((n, first)) if n != cells.len() => {
                    return Err(Error::new(
                        ErrorCode::Conflict,
                        k.as_str(),
                        format!(
                        "{k} has {} rows and {first} has {n}; every column has one cell per row",
                        cells.len()
                    ),
                    ))
                }
                Some(_) => {}
            }
        }
    }
    let n = rows.map_or(1, |(n, _)| n);
    if n > crate::score::MAX_ROWS {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            rows.map_or("", |(_, k)| k),
            format!("{n} rows; the limit is {}", crate::score::MAX_ROWS),
        ));
    }
    let fields = entries
        .iter()
        .map(|(k, v)| {
            let field = match v {
                Value::Array(cells) => Field::Column(cells.iter().map(Cell::Value).collect()),
                other => Field::Shared(other),
            };
            (k.as_str(), field)
        })
        .collect();
    Ok((fields, n))
}

/// A columnar twin over parsed input (an object of columns).
fn columnar(input: &Value, name: &str) -> Result<Columns> {
    let (fields, n) = fields_of(input)?;
    match rows(name, &fields, n) {
        Some(r) => r.map(Packed::lists),
        None => Err(Error::new(ErrorCode::Internal, "", "no such columnar twin")),
    }
}

pub fn partner_returns(input: &Value) -> Result<Columns> {
    columnar(input, "partnerReturns")
}

pub fn referral_commissions(input: &Value) -> Result<Columns> {
    columnar(input, "referralCommissions")
}

pub fn reseller_margins(input: &Value) -> Result<Columns> {
    columnar(input, "resellerMargins")
}

pub fn deal_registration_payouts(input: &Value) -> Result<Columns> {
    columnar(input, "dealRegistrationPayouts")
}

pub fn rep_compensations(input: &Value) -> Result<Columns> {
    columnar(input, "repCompensations")
}

// ---------------------------------------------------------------- packed columns

/// Type codes of a packed input cell (www/lib/index.js, "Batch money").
const CELL_TEXT: u8 = 0;
const CELL_NUMBER: u8 = 1;
const CELL_NULL: u8 = 2;
const CELL_TRUE: u8 = 3;
const CELL_FALSE: u8 = 4;

/// A columnar twin over the wrapper's packed columns, with no JSON for the
/// cells in either direction:
/// - `spec`: wire text (src/wasm.rs) of `[rows, keys, shared, texts]`: the
///   row count, every input key in the input's order, an object of the
///   fields that are one value for every row, and how many text cells
///   there are; the other keys are columns, in the order of `keys`;
/// - `types`: a type code per cell, column after column (`rows` each);
/// - `numbers`: the number of each number cell, at the same index (empty
///   when there is none);
/// - `text`: the text cells in the same order, joined by
///   [`CELL_SEPARATOR`].
///
/// Each cell reads as the value it packs: text as a string, a number as a
/// number (NaN and the infinities too), null, true or false. The answer is
/// `Some` packed output text (see [`Packed::text`]), or `None` when the
/// input is not one this path takes exactly as the parsed path would (a
/// text cell holding a separator or past the length limit, a spec the
/// parser refuses, an operation without a twin): the wrapper then sends
/// the input as wire text, which gives the parsed path's own answer.
pub fn packed_columns(
    name: &str,
    spec: &str,
    types: &[u8],
    numbers: &[f64],
    text: &str,
) -> Result<Option<String>> {
    let Ok(spec) = crate::value::parse_wire(spec, "") else {
        return Ok(None);
    };
    let Some((fields, n)) = packed_fields(&spec, types, numbers, text) else {
        return Ok(None);
    };
    rows(name, &fields, n)
        .map(|r| r.map(Packed::text))
        .transpose()
}

/// The cells of packed text, split at [`CELL_SEPARATOR`] byte by byte
/// (what `str::split` gives, without its general char search).
struct Pieces<'a> {
    text: &'a str,
    at: usize,
    done: bool,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        if self.done {
            return None;
        }
        let rest = self.text.as_bytes().get(self.at..)?;
        let end = match rest.iter().position(|b| *b == 0x1f) {
            Some(len) => self.at.checked_add(len)?,
            None => {
                self.done = true;
                self.text.len()
            }
        };
        let piece = self.text.get(self.at..end)?;
        self.at = end.checked_add(1)?;
        Some(piece)
    }
}

/// The fields of packed input, or `None` when it is not well formed.
fn packed_fields<'a>(
    spec: &'a Value,
    types: &[u8],
    numbers: &[f64],
    text: &'a str,
) -> Option<(Vec<(&'a str, Field<'a>)>, usize)> {
    let Value::Array(parts) = spec else {
        return None;
    };
    let [Value::Number(n), Value::Array(keys), Value::Object(shared), Value::Number(texts)] =
        parts.as_slice()
    else {
        return None;
    };
    let n = crate::input::count_from_f64(*n, crate::score::MAX_ROWS, "").ok()?;
    let texts = crate::input::count_from_f64(*texts, crate::value::MAX_LIST_ITEMS, "").ok()?;
    let mut pieces = (texts > 0).then_some(Pieces {
        text,
        at: 0,
        done: false,
    });
    if texts == 0 && !text.is_empty() {
        return None;
    }
    let mut taken = 0usize;
    let mut column = 0usize;
    let mut fields = Vec::with_capacity(keys.len());
    for key in keys {
        let Value::String(key) = key else {
            return None;
        };
        if let Some((_, v)) = shared.iter().find(|(k, _)| k == key) {
            fields.push((key.as_str(), Field::Shared(v)));
            continue;
        }
        let from = column.checked_mul(n)?;
        let codes = types.get(from..from.checked_add(n)?)?;
        let mut cells = Vec::with_capacity(n);
        for (i, code) in codes.iter().enumerate() {
            cells.push(match *code {
                CELL_TEXT => {
                    let piece = pieces.as_mut()?.next()?;
                    crate::value::check_field_text(piece.len(), "").ok()?;
                    taken = taken.checked_add(1)?;
                    Cell::Text(piece)
                }
                CELL_NUMBER => Cell::Number(*numbers.get(from.checked_add(i)?)?),
                CELL_NULL => Cell::Value(&NULL),
                CELL_TRUE => Cell::Value(&TRUE),
                CELL_FALSE => Cell::Value(&FALSE),
                _ => return None,
            });
        }
        fields.push((key.as_str(), Field::Column(cells)));
        column = column.checked_add(1)?;
    }
    // Every cell and every text used exactly once, and at least one column.
    let rest = pieces.map_or(0, |p| p.count());
    if column == 0 || taken != texts || rest != 0 || types.len() != column.checked_mul(n)? {
        return None;
    }
    if !numbers.is_empty() && numbers.len() != types.len() {
        return None;
    }
    Some((fields, n))
}

// ---------------------------------------------------------------- packed single calls

/// Type codes of a packed single call's field (www/lib/wrapper.js,
/// `moneyOne`); text, number, true and false are [`CELL_TEXT`] and the
/// other cell codes.
const FIELD_WIRE: u32 = 5;

/// The per-deal function `name` (`dealRegistrationPayout`, ...) that takes
/// packed input: its index for [`packed_single`] and its output fields, in
/// the single function's order.
pub fn single_fields(name: &str) -> Option<(usize, &'static [&'static str])> {
    TWINS
        .iter()
        .enumerate()
        .find(|(_, (_, single, _, _))| *single == name)
        .map(|(i, (_, _, names, _))| (i, *names))
}

/// The bytes a packed single call with `count` fields puts before its
/// text: a number (f64) and three u32 (type, key length, value length)
/// per field.
pub fn single_header_bytes(count: usize) -> Option<usize> {
    count.checked_mul(20)
}

/// A per-deal function over one input object packed without JSON (the
/// wrapper's fast path for a plain object; www/lib/wrapper.js, `moneyOne`).
/// `bytes` holds, for `count` fields in the object's key order (null and
/// undefined fields left out): their numbers as little-endian f64, then
/// per field its type code, key length and value length as little-endian
/// u32, then each key's and text value's UTF-8, one after the other. A
/// nested object (type [`FIELD_WIRE`]) is its wire text (src/wasm.rs).
///
/// Each field reads as the value it packs, so the answer is the one the
/// single function gives for the same object: `Some(Ok)` with the outputs
/// in `out` ([`OneRow`]), `Some(Err)` with the single function's error, or
/// `None` when the packing is not one this path reads exactly as the
/// parsed path would (a text past the length limit, bytes that do not
/// match the layout): the wrapper then sends the object as wire text.
pub fn packed_single(
    op: usize,
    count: usize,
    bytes: &[u8],
    out: &mut String,
) -> Option<Result<()>> {
    let (_, _, _, each) = TWINS.get(op)?;
    let u32_at = |at: usize| -> Option<usize> {
        let b: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(b)).ok()
    };
    let meta = count.checked_mul(8)?;
    let mut text_at = single_header_bytes(count)?;
    // Keys and values as text, with nested objects parsed first (the
    // fields below borrow them).
    let mut parts: Vec<(&str, u32, Option<&str>)> = Vec::with_capacity(count);
    let mut nested: Vec<Value> = Vec::new();
    for f in 0..count {
        let m = meta.checked_add(f.checked_mul(12)?)?;
        let code = u32::try_from(u32_at(m)?).ok()?;
        let key_len = u32_at(m.checked_add(4)?)?;
        let value_len = u32_at(m.checked_add(8)?)?;
        crate::value::check_field_text(key_len, "").ok()?;
        crate::value::check_field_text(value_len, "").ok()?;
        let key_end = text_at.checked_add(key_len)?;
        let key = std::str::from_utf8(bytes.get(text_at..key_end)?).ok()?;
        let value_end = key_end.checked_add(value_len)?;
        let value = match code {
            c if c == u32::from(CELL_TEXT) || c == FIELD_WIRE => {
                Some(std::str::from_utf8(bytes.get(key_end..value_end)?).ok()?)
            }
            _ => None,
        };
        if code == FIELD_WIRE {
            nested.push(crate::value::parse_wire(value?, "").ok()?);
        }
        text_at = value_end;
        parts.push((key, code, value));
    }
    let mut nested = nested.iter();
    let mut fields: Vec<(&str, Field<'_>)> = Vec::with_capacity(count);
    for (f, (key, code, value)) in parts.into_iter().enumerate() {
        let cell = match u8::try_from(code).ok()? {
            CELL_TEXT => Cell::Text(value?),
            CELL_NUMBER => {
                let at = f.checked_mul(8)?;
                let b: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
                Cell::Number(f64::from_le_bytes(b))
            }
            CELL_TRUE => Cell::Value(&TRUE),
            CELL_FALSE => Cell::Value(&FALSE),
            _ if code == FIELD_WIRE => Cell::Value(nested.next()?),
            _ => return None,
        };
        fields.push((key, Field::One(cell)));
    }
    let mut seen = Memo::default();
    let row = Row {
        fields: RowFields::Borrowed(&fields),
        i: 0,
        seen: &mut seen,
    };
    Some(each(row, &mut OneRow(out)))
}

// ---- The operations of this file (README.md, "Adding an operation"): a
// line each, with its input and result types for the generated bindings
// (www/lib/economics.js and .d.ts, written by tests/bindings.rs).
crate::operations! { Core;
    /// The partner's return on effort for one deal (docs/design.md §3.3): $2,000 for
    /// 8 hours against $300/h gives `hourlyReturn` "250.00", `multiple` "0.8333",
    /// `verdict` "loses-money".
    /// @throws {PartnerScoringError} e.g. `missing-field`, `negative-amount`, `out-of-range` (zero hours), `conflict`
    "partnerReturn" => partner_return(inputs::PartnerReturnInput) -> PartnerReturn;
    /// Referral commission on first-year contract value, against guidance.
    /// @throws {PartnerScoringError} e.g. `out-of-range` for a rate outside 0-1
    "referralCommission" => referral_commission(inputs::ReferralCommissionInput) -> ReferralCommission;
    /// Reseller margin, the vendor's net and an assessment against 25-40%.
    /// @throws {PartnerScoringError}
    "resellerMargin" => reseller_margin(inputs::ResellerMarginInput) -> ResellerMargin;
    /// Deal-registration incentive by the stage the deal was registered at.
    /// @throws {PartnerScoringError} `unknown-stage` for a stage not in the schedule
    "dealRegistrationPayout" => deal_registration_payout(inputs::DealRegistrationInput) -> DealRegistrationPayout;
    /// Rep and partner payouts on a deal, by sales motion.
    /// @throws {PartnerScoringError} `unknown-motion`, `conflict` (a fee on a direct deal)
    "repCompensation" => rep_compensation(inputs::RepCompensationInput) -> RepCompensation;
    /// ARR retained thanks to a technology partner's retention uplift.
    /// @throws {PartnerScoringError}
    "retentionUplift" => retention_uplift(inputs::RetentionUpliftInput) -> RetentionUplift;
    /// Partner programme ROI: revenue, cost, net contribution, ROI, payback and the
    /// partner revenue share, with the co-sell and certification what-ifs.
    /// @throws {PartnerScoringError}
    "programRoi" => program_roi(inputs::ProgramRoiInput) -> ProgramRoi;
    /// partnerReturn over columns, one call for every row: each input field a column
    /// (an array) or one value for every row; digits equal the single calls'.
    /// @throws {PartnerScoringError} a bad cell with its row in the path (`payoutPerDeal[17]`), a whole-row error as `[17]`, `conflict` for columns of different lengths, `limit-exceeded` past 1,000,000 rows
    "partnerReturns" => partner_returns(ts::Columns<inputs::PartnerReturnInput>) -> ts::ColumnsOf<PartnerReturn>;
    /// referralCommission over columns, one call for every row.
    /// @throws {PartnerScoringError} as partnerReturns
    "referralCommissions" => referral_commissions(ts::Columns<inputs::ReferralCommissionInput>) -> ts::ColumnsOf<ReferralCommission>;
    /// resellerMargin over columns, one call for every row.
    /// @throws {PartnerScoringError} as partnerReturns
    "resellerMargins" => reseller_margins(ts::Columns<inputs::ResellerMarginInput>) -> ts::ColumnsOf<ResellerMargin>;
    /// dealRegistrationPayout over columns, one call for every row.
    /// @throws {PartnerScoringError} as partnerReturns
    "dealRegistrationPayouts" => deal_registration_payouts(ts::Columns<inputs::DealRegistrationInput>) -> ts::ColumnsOf<DealRegistrationPayout>;
    /// repCompensation over columns, one call for every row.
    /// @throws {PartnerScoringError} as partnerReturns
    "repCompensations" => rep_compensations(ts::Columns<inputs::RepCompensationInput>) -> ts::ColumnsOf<RepCompensation>;
}

#[cfg(feature = "bindings")]
use crate::api::ts;

/// The inputs as TypeScript declares them (the readers above check them
/// field by field; tests/js/output-types.test.mjs checks every golden
/// input against these).
#[cfg(feature = "bindings")]
#[allow(dead_code)]
mod inputs {
    use crate::api::ts::{CurrencyCode, Money};
    use ts_rs::TS;

    /// A partner's hours per deal, step by step (their sum must be > 0).
    #[derive(TS)]
    #[ts(optional_fields)]
    pub struct HoursBreakdown {
        identify: Option<Money>,
        qualify: Option<Money>,
        demo: Option<Money>,
        close: Option<Money>,
        implement: Option<Money>,
    }

    /// Input of `partnerReturn`: give `hoursPerDeal` or `hours`, not both.
    #[derive(TS)]
    #[ts(optional_fields, rename_all = "camelCase")]
    pub struct PartnerReturnInput {
        /// What the partner earns per deal.
        payout_per_deal: Money,
        /// The partner's hours per deal (> 0).
        hours_per_deal: Option<Money>,
        /// The hours as a breakdown instead of `hoursPerDeal`.
        hours: Option<HoursBreakdown>,
        /// What an hour of the partner's time earns elsewhere (> 0).
        opportunity_cost_per_hour: Money,
        /// Multiple needed to prioritise us (> 0); 2.5 by default.
        target_multiple: Option<Money>,
        /// ISO 4217 code setting the rounding of money outputs; USD by default.
        currency: Option<CurrencyCode>,
    }

    /// A guidance range for a referral commission.
    #[derive(TS)]
    pub struct GuidanceRange {
        min: Money,
        max: Money,
    }

    /// Input of `referralCommission`.
    #[derive(TS)]
    #[ts(optional_fields, rename_all = "camelCase")]
    pub struct ReferralCommissionInput {
        /// First-year contract value.
        first_year_contract_value: Money,
        /// Commission rate 0-1; 0.15 by default.
        rate: Option<Money>,
        /// Guidance range; 500-2,000 by default in USD, none otherwise.
        guidance: Option<GuidanceRange>,
        /// ISO 4217 code setting the rounding of money outputs; USD by default.
        currency: Option<CurrencyCode>,
    }

    /// Input of `resellerMargin`.
    #[derive(TS)]
    #[ts(optional_fields, rename_all = "camelCase")]
    pub struct ResellerMarginInput {
        /// Contract value.
        contract_value: Money,
        /// The reseller's margin 0-1.
        margin_rate: Money,
        /// ISO 4217 code setting the rounding of money outputs; USD by default.
        currency: Option<CurrencyCode>,
    }

    /// Input of `dealRegistrationPayout`.
    #[derive(TS)]
    #[ts(optional_fields, rename_all = "camelCase")]
    pub struct DealRegistrationInput {
        /// Contract value.
        contract_value: Money,
        /// The registration stage.
        #[ts(type = "DealRegistrationStage")]
        stage: String,
        /// An edited schedule: rates (0-1) per stage.
        #[ts(type = "DealRegistrationSchedule", optional)]
        schedule: Option<String>,
        /// ISO 4217 code setting the rounding of money outputs; USD by default.
        currency: Option<CurrencyCode>,
    }

    /// Input of `repCompensation`.
    #[derive(TS)]
    #[ts(optional_fields, rename_all = "camelCase")]
    pub struct RepCompensationInput {
        /// Deal value (> 0).
        deal_value: Money,
        /// How the deal was sold.
        #[ts(type = "SalesMotion")]
        motion: String,
        /// The rep's standard commission rate 0-1.
        standard_commission_rate: Money,
        /// The partner's fee 0-1: required for partner motions, absent or 0 for `direct`.
        partner_fee_rate: Option<Money>,
        /// The rep's share on partner-sourced deals 0-1; 0.75 by default.
        sourced_share: Option<Money>,
        /// ISO 4217 code setting the rounding of money outputs; USD by default.
        currency: Option<CurrencyCode>,
    }

    /// Input of `retentionUplift`.
    #[derive(TS)]
    #[ts(optional_fields, rename_all = "camelCase")]
    pub struct RetentionUpliftInput {
        /// Customers shared with the technology partner.
        shared_customers: Money,
        /// Annual churn rate 0-1.
        annual_churn_rate: Money,
        /// Retention uplift 0-1; 0.15 by default.
        uplift_rate: Option<Money>,
        /// ARR per customer.
        arr_per_customer: Money,
        /// ISO 4217 code setting the rounding of money outputs; USD by default.
        currency: Option<CurrencyCode>,
    }

    /// Input of `programRoi`.
    #[derive(TS)]
    #[ts(optional_fields, rename_all = "camelCase")]
    pub struct ProgramRoiInput {
        /// Partners recruited per year.
        partners_recruited: Money,
        /// Share of them that become active, 0-1.
        activation_rate: Money,
        /// Deals per active partner per year.
        deals_per_active_partner_per_year: Money,
        /// Average deal size.
        average_deal_size: Money,
        /// Payout rate on partner-sourced revenue, 0-1.
        payout_rate: Money,
        /// Yearly programme cost.
        program_cost_per_year: Money,
        /// Gross margin 0-1; 1 by default.
        gross_margin: Option<Money>,
        /// Total company revenue (> 0), for the partner revenue share.
        total_company_revenue: Option<Money>,
        /// What-if: share (0-1) of partner deals co-sold; their value rises by `coSellValueUplift` [S0].
        co_sell_share: Option<Money>,
        /// Value uplift of a co-sold deal; 0.4 by default (co-sold deals close at 40% higher values [S0]).
        co_sell_value_uplift: Option<Money>,
        /// What-if: share (0-1) of active partners certified; then `dealsPerActivePartnerPerYear` is a non-certified partner's rate.
        certified_share: Option<Money>,
        /// Revenue multiple of a certified partner; 4.3 by default [S0].
        certified_multiplier: Option<Money>,
        /// ISO 4217 code setting the rounding of money outputs; USD by default.
        currency: Option<CurrencyCode>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::parse_json;

    fn v(json: &str) -> Value {
        parse_json(json, "").unwrap()
    }

    #[test]
    fn constants_are_the_documented_figures() {
        // Built by `dec!` at compile time; a typo cannot become a silent 0.
        let d = |t: &str| t.parse::<Decimal>().unwrap();
        for (got, want) in [
            (DEFAULT_TARGET_MULTIPLE, "2.5"),
            (DEFAULT_REFERRAL_RATE, "0.15"),
            (REFERRAL_GUIDANCE_USD.0, "500"),
            (REFERRAL_GUIDANCE_USD.1, "2000"),
            (HEALTHY_MARGIN.0, "0.25"),
            (HEALTHY_MARGIN.1, "0.40"),
            (DEFAULT_SOURCED_SHARE, "0.75"),
            (DEFAULT_UPLIFT, "0.15"),
            (DEFAULT_CO_SELL_VALUE_UPLIFT, "0.4"),
            (DEFAULT_CERTIFIED_MULTIPLIER, "4.3"),
            (PARTNER_CLOSED_SHARE, "0.5"),
        ] {
            assert_eq!(got, d(want));
            assert!(!got.is_zero());
        }
        let stages: Vec<(&str, String)> = STAGES
            .iter()
            .map(|(s, r)| (*s, r.normalize().to_string()))
            .collect();
        assert_eq!(
            stages,
            [
                ("before-contact", "0.25".to_string()),
                ("after-first-meeting", "0.2".to_string()),
                ("late-stage", "0.15".to_string()),
                ("unregistered", "0.1".to_string()),
            ]
        );
    }

    #[test]
    fn seed_referral_example() {
        // [S0] $2,000 for 8 hours is $250/h, below a $300/h consulting rate.
        let r = partner_return(&v(
            r#"{"payoutPerDeal":2000,"hoursPerDeal":8,"opportunityCostPerHour":300}"#,
        ))
        .unwrap();
        assert_eq!(r.hourly_return, "250.00");
        assert_eq!(r.multiple, "0.8333");
        assert_eq!(r.verdict, "loses-money");
        assert_eq!(r.required_payout_per_deal, "6000.00");
        assert_eq!(r.payout_gap, "4000.00");
    }

    #[test]
    fn seed_consultant_needs_625_to_750() {
        // [S0] a $250/h consultant needs an effective $625-750/h.
        for (t, want) in [("2.5", "625.00"), ("3", "750.00")] {
            let r = partner_return(&v(&format!(
                r#"{{"payoutPerDeal":0,"hoursPerDeal":1,"opportunityCostPerHour":250,"targetMultiple":"{t}"}}"#
            )))
            .unwrap();
            assert_eq!(r.required_payout_per_deal, want);
        }
    }

    #[test]
    fn hours_breakdown_and_conflicts() {
        let r = partner_return(&v(
            r#"{"payoutPerDeal":"3000","hours":{"identify":2,"qualify":1,"demo":1.5,"close":0.5},"opportunityCostPerHour":100}"#,
        ))
        .unwrap();
        assert_eq!(
            (r.hours.as_str(), r.multiple.as_str(), r.verdict),
            ("5", "6", "motivated")
        );
        let e = partner_return(&v(
            r#"{"payoutPerDeal":1,"hoursPerDeal":1,"hours":{"demo":1},"opportunityCostPerHour":1}"#,
        ))
        .unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::Conflict, "hours"));
        let e = partner_return(&v(
            r#"{"payoutPerDeal":1,"hoursPerDeal":0,"opportunityCostPerHour":1}"#,
        ))
        .unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::OutOfRange, "hoursPerDeal")
        );
    }

    #[test]
    fn deal_registration_schedule() {
        let r = deal_registration_payout(&v(
            r#"{"contractValue":"40000","stage":"after-first-meeting"}"#,
        ))
        .unwrap();
        assert_eq!((r.rate.as_str(), r.payout.as_str()), ("0.2", "8000.00"));
        let r = deal_registration_payout(&v(
            r#"{"contractValue":40000,"stage":"late-stage","schedule":{"late-stage":0.18}}"#,
        ))
        .unwrap();
        assert_eq!(r.payout, "7200.00");
        let e = deal_registration_payout(&v(r#"{"contractValue":1,"stage":"won"}"#)).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnknownStage);
    }

    /// The layout `packed_single` reads (www/lib/wrapper.js writes it).
    fn packed(fields: &[(&str, u32, f64, &str)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (_, _, n, _) in fields {
            out.extend_from_slice(&n.to_le_bytes());
        }
        for (k, code, _, v) in fields {
            for x in [*code, k.len() as u32, v.len() as u32] {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        for (k, _, _, v) in fields {
            out.extend_from_slice(k.as_bytes());
            out.extend_from_slice(v.as_bytes());
        }
        out
    }

    #[test]
    fn packed_single_answers_as_the_single_function() {
        let (op, names) = single_fields("dealRegistrationPayout").unwrap();
        assert_eq!(names, ["stage", "rate", "payout", "currency"]);
        let bytes = packed(&[
            ("contractValue", 1, 40000.0, ""),
            ("stage", 0, 0.0, " late-stage "),
            ("schedule", FIELD_WIRE, 0.0, r#"{"late-stage":0.18}"#),
        ]);
        let mut out = String::new();
        packed_single(op, 3, &bytes, &mut out).unwrap().unwrap();
        assert_eq!(out, "late-stage\u{1f}0.18\u{1f}7200.00\u{1f}USD");
        let bytes = packed(&[("contractValue", 0, 0.0, "-5"), ("stage", 3, 0.0, "")]);
        let e = packed_single(op, 2, &bytes, &mut String::new())
            .unwrap()
            .unwrap_err();
        let want =
            deal_registration_payout(&v(r#"{"contractValue":"-5","stage":true}"#)).unwrap_err();
        assert_eq!(e, want);
        // A layout that does not add up is left to the general path.
        assert!(packed_single(op, 3, &bytes, &mut String::new()).is_none());
        assert!(single_fields("programRoi").is_none());
    }

    #[test]
    fn roi_nulls_when_undefined() {
        let r = program_roi(&v(
            r#"{"partnersRecruited":0,"activationRate":0.5,"dealsPerActivePartnerPerYear":4,"averageDealSize":20000,"payoutRate":0.2,"programCostPerYear":0}"#,
        ))
        .unwrap();
        assert_eq!(
            (r.roi, r.payback_months, r.cost_per_partner_deal),
            (None, None, None)
        );
    }
}
