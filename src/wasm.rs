//! The wasm-bindgen boundary: the only module that knows about JavaScript.
//! Each export converts its arguments once (serde-wasm-bindgen into
//! [`Value`]), calls [`crate::api`], and converts the result or the error
//! once. No domain logic lives here.
//!
//! Errors are thrown as plain `{code, path, message}` objects; the JS
//! wrapper turns them into `PartnerScoringError`.

use crate::api;
use crate::error::{Error, ErrorCode};
use crate::value::{from_deserializer, Value};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn js_error(e: &Error) -> JsValue {
    let obj = js_sys::Object::new();
    // Reflect::set only fails on frozen or proxy targets, never on a new object.
    let _ = js_sys::Reflect::set(&obj, &"code".into(), &e.code.as_str().into());
    let _ = js_sys::Reflect::set(&obj, &"path".into(), &e.path.as_str().into());
    let _ = js_sys::Reflect::set(&obj, &"message".into(), &e.message.as_str().into());
    obj.into()
}

fn input(v: &JsValue, path: &str) -> Result<Value, JsValue> {
    from_deserializer(serde_wasm_bindgen::Deserializer::from(v.clone()), path)
        .map_err(|e| js_error(&e))
}

fn input_or_error(v: &JsValue, path: &str) -> crate::error::Result<Value> {
    from_deserializer(serde_wasm_bindgen::Deserializer::from(v.clone()), path)
}

fn output<T: Serialize>(r: crate::error::Result<T>) -> Result<JsValue, JsValue> {
    let value = r.map_err(|e| js_error(&e))?;
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error(&Error::new(ErrorCode::Internal, "", e.to_string())))
}

/// Scores one record against a profile (a built-in id, a profile object or
/// its JSON text) and explains the score criterion by criterion.
#[wasm_bindgen(js_name = scorePartner)]
pub fn score_partner(record: JsValue, profile: JsValue) -> Result<JsValue, JsValue> {
    output(api::score_partner(
        &input(&record, "record")?,
        &input(&profile, "profile")?,
    ))
}

/// Scores a list of records against one profile; results in input order.
#[wasm_bindgen(js_name = scorePartners)]
pub fn score_partners(records: JsValue, profile: JsValue) -> Result<JsValue, JsValue> {
    output(api::score_partners(
        &input(&records, "records")?,
        &input(&profile, "profile")?,
    ))
}

/// Ranks records best first: `[{index, score, band}]`, stable on ties.
#[wasm_bindgen(js_name = rankPartners)]
pub fn rank_partners(records: JsValue, profile: JsValue) -> Result<JsValue, JsValue> {
    output(api::rank_partners(
        &input(&records, "records")?,
        &input(&profile, "profile")?,
    ))
}

/// Scores a record against every built-in profile: `[{partnerType, score, band}]`, best first.
#[wasm_bindgen(js_name = recommendPartnerType)]
pub fn recommend_partner_type(record: JsValue) -> Result<JsValue, JsValue> {
    output(api::recommend_partner_type(&input(&record, "record")?))
}

/// The six built-in profiles.
#[wasm_bindgen(js_name = builtinProfiles)]
pub fn builtin_profiles() -> Result<JsValue, JsValue> {
    output(api::builtin_profiles())
}

/// Checks a profile and lists every problem: `{ok, errors: [{code, path, message}]}`.
#[wasm_bindgen(js_name = validateProfile)]
pub fn validate_profile(profile: JsValue) -> Result<JsValue, JsValue> {
    match input_or_error(&profile, "") {
        Ok(v) => output(Ok(api::validate_profile(&v))),
        Err(e) => output(Ok(api::Validation {
            ok: false,
            errors: vec![api::ErrorInfo::from(&e)],
        })),
    }
}

/// The partner's hourly return, multiple and verdict.
#[wasm_bindgen(js_name = partnerReturn)]
pub fn partner_return(options: JsValue) -> Result<JsValue, JsValue> {
    output(api::partner_return(&input(&options, "")?))
}

/// Referral commission on first-year contract value.
#[wasm_bindgen(js_name = referralCommission)]
pub fn referral_commission(options: JsValue) -> Result<JsValue, JsValue> {
    output(api::referral_commission(&input(&options, "")?))
}

/// Reseller margin and the vendor's net.
#[wasm_bindgen(js_name = resellerMargin)]
pub fn reseller_margin(options: JsValue) -> Result<JsValue, JsValue> {
    output(api::reseller_margin(&input(&options, "")?))
}

/// Deal-registration payout by stage.
#[wasm_bindgen(js_name = dealRegistrationPayout)]
pub fn deal_registration_payout(options: JsValue) -> Result<JsValue, JsValue> {
    output(api::deal_registration_payout(&input(&options, "")?))
}

/// Rep and partner payouts on a deal, by motion.
#[wasm_bindgen(js_name = repCompensation)]
pub fn rep_compensation(options: JsValue) -> Result<JsValue, JsValue> {
    output(api::rep_compensation(&input(&options, "")?))
}

/// ARR retained through a technology partner's retention uplift.
#[wasm_bindgen(js_name = retentionUplift)]
pub fn retention_uplift(options: JsValue) -> Result<JsValue, JsValue> {
    output(api::retention_uplift(&input(&options, "")?))
}

/// Partner programme ROI.
#[wasm_bindgen(js_name = programRoi)]
pub fn program_roi(options: JsValue) -> Result<JsValue, JsValue> {
    output(api::program_roi(&input(&options, "")?))
}

/// The tier for an annual partner-sourced revenue, and the gap to the next.
#[wasm_bindgen(js_name = assignTier)]
pub fn assign_tier(
    revenue: JsValue,
    table: JsValue,
    currency: JsValue,
) -> Result<JsValue, JsValue> {
    output(api::assign_tier(
        &input(&revenue, "annualPartnerRevenue")?,
        &input(&table, "table")?,
        &input(&currency, "currency")?,
    ))
}

/// The default tier table [S0].
#[wasm_bindgen(js_name = defaultTierTable)]
pub fn default_tier_table() -> Result<JsValue, JsValue> {
    output(Ok(api::default_tier_table()))
}

/// Every stable error code with its meaning.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Result<JsValue, JsValue> {
    output(Ok(api::error_codes()))
}
