//! Partner economics with exact decimals (design.md §3.3). Intermediate
//! results keep full precision; each output is rounded once, money to the
//! currency's minor units and ratios to 4 places, half away from zero.
//! Defaults and thresholds cite [S0] "Building Financial Models That Make
//! Partners Profitable" unless marked otherwise.

use crate::error::{Error, ErrorCode, Result};
use crate::input::{Check, Obj};
use crate::money::exact::{add, div, mul, sub};
use crate::money::{ratio, share_verdict, Currency};
use crate::value::Value;
use rust_decimal::Decimal;
use serde::Serialize;

fn dec(text: &str) -> Decimal {
    // Only called on the literal constants below.
    text.parse().unwrap_or(Decimal::ZERO)
}

/// [S0] partners need 2.5-3x their opportunity cost; 2.5 is the floor.
const DEFAULT_TARGET_MULTIPLE: &str = "2.5";
/// [S0] referral commission 10-20% of first-year contract value; midpoint.
const DEFAULT_REFERRAL_RATE: &str = "0.15";
/// [S0] $500-2,000 per qualified referral (USD).
const REFERRAL_GUIDANCE_USD: (&str, &str) = ("500", "2000");
/// [S0] 25-40% reseller margin recommended.
const HEALTHY_MARGIN: (&str, &str) = ("0.25", "0.40");
/// [S0] partner-sourced leads pay 75-80% of standard commission; the floor.
const DEFAULT_SOURCED_SHARE: &str = "0.75";
/// [S0] 10-20% retention uplift on shared customers; midpoint.
const DEFAULT_UPLIFT: &str = "0.15";
/// [S0] co-sold deals close at 40% higher values.
const DEFAULT_CO_SELL_VALUE_UPLIFT: &str = "0.4";
/// [S0] certified partners generate 4.3x the revenue of non-certified ones.
const DEFAULT_CERTIFIED_MULTIPLIER: &str = "4.3";

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
        (Some(h), None) => h,
        (None, Some(b)) => {
            let mut h = Obj::new(b, "hours")?;
            let mut sum = Decimal::ZERO;
            for step in ["identify", "qualify", "demo", "close", "implement"] {
                if let Some(v) = h.opt_decimal(step, Check::NonNegative)? {
                    sum = add(sum, v)?;
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
        .unwrap_or_else(|| dec(DEFAULT_TARGET_MULTIPLE));
    let cur = currency(&mut o)?;
    o.finish()?;

    let hourly = div(payout, hours)?;
    let multiple = div(hourly, cost)?;
    let verdict = if multiple < Decimal::ONE {
        "loses-money"
    } else if multiple < target {
        "under-motivated"
    } else {
        "motivated"
    };
    let required = mul(mul(hours, cost)?, target)?;
    let gap = sub(required, payout)?.max(Decimal::ZERO);
    Ok(PartnerReturn {
        hours: ratio(hours),
        hourly_return: cur.format(hourly),
        multiple: ratio(multiple),
        verdict,
        required_payout_per_deal: cur.format(required),
        payout_gap: cur.format(gap),
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
        .unwrap_or_else(|| dec(DEFAULT_REFERRAL_RATE));
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
    let range = range.or_else(|| {
        (cur.code() == "USD").then(|| (dec(REFERRAL_GUIDANCE_USD.0), dec(REFERRAL_GUIDANCE_USD.1)))
    });
    let commission = mul(value, rate)?;
    let guidance = range.map(|(lo, hi)| {
        if commission < lo {
            "below"
        } else if commission > hi {
            "above"
        } else {
            "within"
        }
    });
    Ok(ReferralCommission {
        commission: cur.format(commission),
        rate: ratio(rate),
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
    let margin = mul(value, rate)?;
    let assessment = if rate < dec(HEALTHY_MARGIN.0) {
        "too-thin"
    } else if rate > dec(HEALTHY_MARGIN.1) {
        "above-range"
    } else {
        "healthy"
    };
    Ok(ResellerMargin {
        partner_margin: cur.format(margin),
        vendor_net: cur.format(sub(value, margin)?),
        assessment,
        currency: cur.code().to_string(),
    })
}

// ---------------------------------------------------------------- deal registration

/// [S0 deal registration incentive structure].
pub const STAGES: [(&str, &str); 4] = [
    ("before-contact", "0.25"),
    ("after-first-meeting", "0.20"),
    ("late-stage", "0.15"),
    ("unregistered", "0.10"),
];

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
    let mut rates: Vec<(&'static str, Decimal)> =
        STAGES.iter().map(|(s, r)| (*s, dec(r))).collect();
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
        rate: ratio(rate),
        payout: cur.format(mul(value, rate)?),
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
        .unwrap_or_else(|| dec(DEFAULT_SOURCED_SHARE));
    let cur = currency(&mut o)?;
    o.finish()?;
    // [S0 Connecting Partner Ecosystems to Sales Compensation].
    let share = match motion.as_str() {
        "partner-sourced" => sourced,
        "co-sold" | "direct" => Decimal::ONE,
        "partner-closed" => dec("0.5"),
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
    let rep = mul(mul(deal, commission_rate)?, share)?;
    let partner = mul(deal, fee)?;
    let total = add(rep, partner)?;
    Ok(RepCompensation {
        rep_payout: cur.format(rep),
        partner_payout: cur.format(partner),
        total_cost_of_sale: cur.format(total),
        cost_of_sale_rate: ratio(div(total, deal)?),
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
        .unwrap_or_else(|| dec(DEFAULT_UPLIFT));
    let cur = currency(&mut o)?;
    o.finish()?;
    let retained = mul(mul(shared, churn)?, uplift)?;
    Ok(RetentionUplift {
        customers_retained: ratio(retained),
        retained_arr: cur.format(mul(retained, arr)?),
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
        .unwrap_or_else(|| dec(DEFAULT_CO_SELL_VALUE_UPLIFT));
    let certified_share = o
        .opt_decimal("certifiedShare", Check::Rate)?
        .unwrap_or(Decimal::ZERO);
    let certified_multiplier = o
        .opt_decimal("certifiedMultiplier", Check::Positive)?
        .unwrap_or_else(|| dec(DEFAULT_CERTIFIED_MULTIPLIER));
    let cur = currency(&mut o)?;
    o.finish()?;

    let active = mul(recruited, activation)?;
    let certified_factor = add(
        Decimal::ONE,
        mul(certified_share, sub(certified_multiplier, Decimal::ONE)?)?,
    )?;
    let deals = mul(mul(active, deals_each)?, certified_factor)?;
    let value_factor = add(Decimal::ONE, mul(co_sell_share, co_sell_uplift)?)?;
    let revenue = mul(mul(deals, deal_size)?, value_factor)?;
    let payouts = mul(revenue, payout_rate)?;
    let gross = mul(revenue, margin)?;
    let total_cost = add(payouts, program_cost)?;
    let net = sub(gross, total_cost)?;
    let roi = if total_cost.is_zero() {
        None
    } else {
        Some(ratio(div(net, total_cost)?))
    };
    let monthly = div(sub(gross, payouts)?, Decimal::from(12))?;
    let payback = if monthly > Decimal::ZERO {
        Some(ratio(div(program_cost, monthly)?))
    } else {
        None
    };
    let per_deal = if deals.is_zero() {
        None
    } else {
        Some(cur.format(div(total_cost, deals)?))
    };
    let share = match company {
        Some(c) => Some(div(revenue, c)?),
        None => None,
    };
    let verdict = share.map(share_verdict);
    Ok(ProgramRoi {
        active_partners: ratio(active),
        partner_deals: ratio(deals),
        partner_sourced_revenue: cur.format(revenue),
        partner_payouts: cur.format(payouts),
        gross_profit: cur.format(gross),
        total_cost: cur.format(total_cost),
        net_contribution: cur.format(net),
        roi,
        payback_months: payback,
        cost_per_partner_deal: per_deal,
        partner_revenue_share: share.map(ratio),
        share_verdict: verdict,
        currency: cur.code().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::parse_json;

    fn v(json: &str) -> Value {
        parse_json(json, "").unwrap()
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
