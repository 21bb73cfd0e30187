//! Partner economics with exact decimals (docs/design.md §3.3). Intermediate
//! results keep full precision; each output is rounded once, money to the
//! currency's minor units and ratios to 4 places, half away from zero.
//! Defaults and thresholds cite [S0] "Building Financial Models That Make
//! Partners Profitable" unless marked otherwise.

use crate::error::{Error, ErrorCode, Result};
use crate::input::{Check, Obj};
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

fn currency(o: &mut Obj) -> Result<Currency> {
    match o.opt_string("currency")? {
        None => Ok(Currency::USD),
        Some(code) => Currency::parse(code, &o.at("currency")),
    }
}

// ---------------------------------------------------------------- return on effort

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartnerReturn {
    pub hours: String,
    pub hourly_return: String,
    pub multiple: String,
    pub verdict: &'static str,
    pub required_payout_per_deal: String,
    pub payout_gap: String,
    pub currency: String,
}

/// The partner's hourly return on our deals and whether it beats their
/// opportunity cost by the target multiple.
pub fn partner_return(input: &Value) -> Result<PartnerReturn> {
    let mut o = Obj::new(input, "")?;
    let payout = o.decimal("payoutPerDeal", Check::NonNegative)?;
    let per_deal = o.opt_decimal("hoursPerDeal", Check::Positive)?;
    let breakdown = o.get("hours");
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
            let mut h = Obj::new(b, "hours")?;
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
    Ok(PartnerReturn {
        hours: hours.ratio()?,
        hourly_return: hourly.money(cur)?,
        multiple: multiple.ratio()?,
        verdict,
        required_payout_per_deal: required.money(cur)?,
        payout_gap: gap.money(cur)?,
        currency: cur.code().to_string(),
    })
}

// ---------------------------------------------------------------- referral commission

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReferralCommission {
    pub commission: String,
    pub rate: String,
    pub guidance: Option<&'static str>,
    pub currency: String,
}

pub fn referral_commission(input: &Value) -> Result<ReferralCommission> {
    let mut o = Obj::new(input, "")?;
    let value = o.decimal("firstYearContractValue", Check::NonNegative)?;
    let rate = o
        .opt_decimal("rate", Check::Rate)?
        .unwrap_or(DEFAULT_REFERRAL_RATE);
    let range = match o.get("guidance") {
        None => None,
        Some(g) => {
            let mut r = Obj::new(g, "guidance")?;
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
    Ok(ReferralCommission {
        commission: commission.money(cur)?,
        rate: Num::from(rate).ratio()?,
        guidance,
        currency: cur.code().to_string(),
    })
}

// ---------------------------------------------------------------- reseller margin

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResellerMargin {
    pub partner_margin: String,
    pub vendor_net: String,
    pub assessment: &'static str,
    pub currency: String,
}

pub fn reseller_margin(input: &Value) -> Result<ResellerMargin> {
    let mut o = Obj::new(input, "")?;
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
    Ok(ResellerMargin {
        partner_margin: margin.money(cur)?,
        vendor_net: sub(&value.into(), &margin).money(cur)?,
        assessment,
        currency: cur.code().to_string(),
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
pub struct DealRegistrationPayout {
    pub stage: String,
    pub rate: String,
    pub payout: String,
    pub currency: String,
}

pub fn deal_registration_payout(input: &Value) -> Result<DealRegistrationPayout> {
    let mut o = Obj::new(input, "")?;
    let value = o.decimal("contractValue", Check::NonNegative)?;
    let stage = o.string("stage")?.trim().to_string();
    let mut rates: Vec<(&'static str, Decimal)> = STAGES.to_vec();
    if let Some(schedule) = o.get("schedule") {
        // A partial schedule overrides only the stages it names.
        let mut s = Obj::new(schedule, "schedule")?;
        for (name, rate) in rates.iter_mut() {
            if let Some(r) = s.opt_decimal(name, Check::Rate)? {
                *rate = r;
            }
        }
        s.finish()?;
    }
    let cur = currency(&mut o)?;
    o.finish()?;
    let rate = rates
        .iter()
        .find(|(name, _)| *name == stage)
        .map(|(_, r)| *r)
        .ok_or_else(|| {
            Error::new(
                ErrorCode::UnknownStage,
                "stage",
                format!(
                    "{} is not a stage; stages: before-contact, after-first-meeting, late-stage, unregistered", crate::error::quote(&stage)
                ),
            )
        })?;
    Ok(DealRegistrationPayout {
        stage,
        rate: Num::from(rate).ratio()?,
        payout: mul(&value.into(), &rate.into()).money(cur)?,
        currency: cur.code().to_string(),
    })
}

// ---------------------------------------------------------------- rep compensation

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepCompensation {
    pub rep_payout: String,
    pub partner_payout: String,
    pub total_cost_of_sale: String,
    pub cost_of_sale_rate: String,
    pub currency: String,
}

pub fn rep_compensation(input: &Value) -> Result<RepCompensation> {
    let mut o = Obj::new(input, "")?;
    let deal = o.decimal("dealValue", Check::Positive)?;
    let commission_rate = o.decimal("standardCommissionRate", Check::Rate)?;
    let motion = o.string("motion")?.trim().to_string();
    let fee = o.opt_decimal("partnerFeeRate", Check::Rate)?;
    let sourced = o
        .opt_decimal("sourcedShare", Check::Rate)?
        .unwrap_or(DEFAULT_SOURCED_SHARE);
    let cur = currency(&mut o)?;
    o.finish()?;
    // [S0 Connecting Partner Ecosystems to Sales Compensation].
    let share = match motion.as_str() {
        "partner-sourced" => sourced,
        "co-sold" | "direct" => Decimal::ONE,
        "partner-closed" => PARTNER_CLOSED_SHARE,
        _ => {
            return Err(Error::new(
                ErrorCode::UnknownMotion,
                "motion",
                format!(
                    "{} is not a motion; motions: partner-sourced, co-sold, partner-closed, direct",
                    crate::error::quote(&motion)
                ),
            ))
        }
    };
    let fee = match (motion.as_str(), fee) {
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
    Ok(RepCompensation {
        rep_payout: rep.money(cur)?,
        partner_payout: partner.money(cur)?,
        total_cost_of_sale: total.money(cur)?,
        cost_of_sale_rate: div(&total, &deal)?.ratio()?,
        currency: cur.code().to_string(),
    })
}

// ---------------------------------------------------------------- retention uplift

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RetentionUplift {
    pub customers_retained: String,
    pub retained_arr: String,
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
pub struct ProgramRoi {
    pub active_partners: String,
    pub partner_deals: String,
    pub partner_sourced_revenue: String,
    pub partner_payouts: String,
    pub gross_profit: String,
    pub total_cost: String,
    pub net_contribution: String,
    pub roi: Option<String>,
    pub payback_months: Option<String>,
    pub cost_per_partner_deal: Option<String>,
    pub partner_revenue_share: Option<String>,
    pub share_verdict: Option<&'static str>,
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

/// Runs a per-deal function over columns: every input field that is a list
/// is a column (one cell per row, all columns of one length), anything else
/// is the same for every row. Each row is read and computed exactly as the
/// single function reads and computes it, so the digits are the same; a bad
/// cell is reported with its row (`contractValue[17]`), an error about a
/// whole row as `[17]`.
fn columnar<T>(
    input: &Value,
    names: &'static [&'static str],
    single: fn(&Value) -> Result<T>,
    out: fn(T) -> Vec<Option<String>>,
) -> Result<Columns> {
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
    let mut columns: Vec<(&'static str, Vec<Option<String>>)> =
        names.iter().map(|k| (*k, Vec::with_capacity(n))).collect();
    for i in 0..n {
        let row = Value::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    let cell = match v {
                        Value::Array(cells) => cells.get(i).cloned().unwrap_or(Value::Null),
                        other => other.clone(),
                    };
                    (k.clone(), cell)
                })
                .collect(),
        );
        let result = single(&row).map_err(|e| at_row(e, entries, i))?;
        for ((_, column), value) in columns.iter_mut().zip(out(result)) {
            column.push(value);
        }
    }
    Ok(Columns(columns))
}

/// `contractValue` → `contractValue[17]` when that field is a column;
/// `schedule.late-stage` stays as it is when `schedule` is shared.
fn at_row(mut e: Error, entries: &[(String, Value)], row: usize) -> Error {
    if e.path.is_empty() {
        e.path = format!("[{row}]");
        return e;
    }
    let head_end = e.path.find(['.', '[']).unwrap_or(e.path.len());
    let (head, rest) = e.path.split_at_checked(head_end).unwrap_or((&e.path, ""));
    if entries
        .iter()
        .any(|(k, v)| k == head && matches!(v, Value::Array(_)))
    {
        e.path = format!("{head}[{row}]{rest}");
    }
    e
}

pub fn partner_returns(input: &Value) -> Result<Columns> {
    columnar(
        input,
        &[
            "hours",
            "hourlyReturn",
            "multiple",
            "verdict",
            "requiredPayoutPerDeal",
            "payoutGap",
            "currency",
        ],
        partner_return,
        |r| {
            vec![
                Some(r.hours),
                Some(r.hourly_return),
                Some(r.multiple),
                Some(r.verdict.to_string()),
                Some(r.required_payout_per_deal),
                Some(r.payout_gap),
                Some(r.currency),
            ]
        },
    )
}

pub fn referral_commissions(input: &Value) -> Result<Columns> {
    columnar(
        input,
        &["commission", "rate", "guidance", "currency"],
        referral_commission,
        |r| {
            vec![
                Some(r.commission),
                Some(r.rate),
                r.guidance.map(str::to_string),
                Some(r.currency),
            ]
        },
    )
}

pub fn reseller_margins(input: &Value) -> Result<Columns> {
    columnar(
        input,
        &["partnerMargin", "vendorNet", "assessment", "currency"],
        reseller_margin,
        |r| {
            vec![
                Some(r.partner_margin),
                Some(r.vendor_net),
                Some(r.assessment.to_string()),
                Some(r.currency),
            ]
        },
    )
}

pub fn deal_registration_payouts(input: &Value) -> Result<Columns> {
    columnar(
        input,
        &["stage", "rate", "payout", "currency"],
        deal_registration_payout,
        |r| {
            vec![
                Some(r.stage),
                Some(r.rate),
                Some(r.payout),
                Some(r.currency),
            ]
        },
    )
}

pub fn rep_compensations(input: &Value) -> Result<Columns> {
    columnar(
        input,
        &[
            "repPayout",
            "partnerPayout",
            "totalCostOfSale",
            "costOfSaleRate",
            "currency",
        ],
        rep_compensation,
        |r| {
            vec![
                Some(r.rep_payout),
                Some(r.partner_payout),
                Some(r.total_cost_of_sale),
                Some(r.cost_of_sale_rate),
                Some(r.currency),
            ]
        },
    )
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
