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

/// One cell of an array column, read without serde: a number, a boolean,
/// text, blank (null or undefined) or a list of text (tags). Anything else
/// becomes an empty object, which every criterion reads as invalid, as the
/// explained path does.
fn cell_value(cell: &JsValue, field: &str, row: usize) -> Result<Value, JsValue> {
    if let Some(n) = cell.as_f64() {
        return Ok(Value::Number(n));
    }
    if let Some(b) = cell.as_bool() {
        return Ok(Value::Bool(b));
    }
    if cell.is_null() || cell.is_undefined() {
        return Ok(Value::Null);
    }
    let text = |t: String| {
        if t.len() > crate::value::MAX_STRING_BYTES {
            Err(js_error(&Error::new(
                ErrorCode::LimitExceeded,
                format!("columns.{field}[{row}]"),
                format!(
                    "a text of {} bytes is over the limit of {}",
                    t.len(),
                    crate::value::MAX_STRING_BYTES
                ),
            )))
        } else {
            Ok(Value::String(t))
        }
    };
    if let Some(t) = cell.as_string() {
        return text(t);
    }
    if js_sys::Array::is_array(cell) {
        let mut tags = Vec::new();
        for item in js_sys::Array::from(cell).iter() {
            match item.as_string() {
                Some(t) => tags.push(text(t)?),
                None => return Ok(Value::Object(Vec::new())),
            }
        }
        return Ok(Value::Array(tags));
    }
    Ok(Value::Object(Vec::new()))
}

/// A profile compiled once for bulk scoring. Free it with `free()` (a
/// FinalizationRegistry also frees it when collected).
#[wasm_bindgen]
pub struct Scorer {
    inner: crate::batch::Scorer,
}

fn scores_out(r: crate::error::Result<crate::batch::Scores>) -> Result<JsValue, JsValue> {
    let s = r.map_err(|e| js_error(&e))?;
    let obj = js_sys::Object::new();
    let scores = js_sys::Float64Array::from(s.scores.as_slice());
    let bands = js_sys::Uint8Array::from(s.bands.as_slice());
    let _ = js_sys::Reflect::set(&obj, &"scores".into(), &scores);
    let _ = js_sys::Reflect::set(&obj, &"bands".into(), &bands);
    Ok(obj.into())
}

/// Validates and compiles a profile (built-in id, object or JSON text) once.
#[wasm_bindgen(js_name = createScorer)]
pub fn create_scorer(profile: JsValue) -> Result<Scorer, JsValue> {
    let v = input(&profile, "profile")?;
    crate::batch::Scorer::new(&v)
        .map(|inner| Scorer { inner })
        .map_err(|e| js_error(&e))
}

#[wasm_bindgen]
impl Scorer {
    /// The profile's id.
    #[wasm_bindgen(getter, js_name = profileId)]
    pub fn profile_id(&self) -> String {
        self.inner.profile().id.clone()
    }

    /// Band labels, highest first: band indexes point into this list.
    #[wasm_bindgen(js_name = bandLabels)]
    pub fn band_labels(&self) -> Vec<String> {
        self.inner.band_labels()
    }

    /// The record fields the profile reads.
    #[wasm_bindgen]
    pub fn fields(&self) -> Vec<String> {
        self.inner.fields()
    }

    /// Scores an array of record objects, or its JSON text:
    /// `{scores: Float64Array, bands: Uint8Array}` (255 = no band).
    #[wasm_bindgen(js_name = scoreRecords)]
    pub fn score_records(&self, records: JsValue) -> Result<JsValue, JsValue> {
        let v = match records.as_string() {
            Some(text) => Value::String(text),
            None => input(&records, "records")?,
        };
        scores_out(self.inner.score_records(&v))
    }

    /// Scores `rowCount` rows from columns: an object of field name →
    /// Float64Array (NaN = blank) or array of values.
    #[wasm_bindgen(js_name = scoreColumns)]
    pub fn score_columns(&self, columns: JsValue, row_count: u32) -> Result<JsValue, JsValue> {
        let err =
            |path: String, msg: &str| js_error(&Error::new(ErrorCode::InvalidType, path, msg));
        if !columns.is_object() {
            return Err(err(
                "columns".into(),
                "columns must be an object of field name: column",
            ));
        }
        let wanted = self.inner.fields();
        let obj = js_sys::Object::from(columns);
        let mut cols: Vec<(String, crate::batch::Column)> = Vec::with_capacity(wanted.len());
        for field in wanted {
            let col = js_sys::Reflect::get(&obj, &JsValue::from_str(&field))
                .map_err(|_| err(format!("columns.{field}"), "the column cannot be read"))?;
            if col.is_undefined() || col.is_null() {
                continue;
            }
            let column = if let Some(typed) = col.dyn_ref::<js_sys::Float64Array>() {
                crate::batch::Column::Numbers(typed.to_vec())
            } else if js_sys::Array::is_array(&col) {
                let cells = js_sys::Array::from(&col);
                let mut items = Vec::with_capacity(cells.length() as usize);
                for (row, cell) in cells.iter().enumerate() {
                    items.push(cell_value(&cell, &field, row)?);
                }
                crate::batch::Column::Values(items)
            } else if let Some(codes) = js_sys::Reflect::get(&col, &"codes".into())
                .ok()
                .and_then(|c| c.dyn_into::<js_sys::Uint32Array>().ok())
            {
                let values = js_sys::Reflect::get(&col, &"values".into())
                    .ok()
                    .filter(js_sys::Array::is_array)
                    .ok_or_else(|| {
                        err(
                            format!("columns.{field}.values"),
                            "a coded column needs values: an array",
                        )
                    })?;
                let mut dict = Vec::new();
                for (i, cell) in js_sys::Array::from(&values).iter().enumerate() {
                    dict.push(cell_value(&cell, &format!("{field}.values"), i)?);
                }
                crate::batch::Column::Coded {
                    values: dict,
                    codes: codes.to_vec(),
                }
            } else {
                return Err(err(
                    format!("columns.{field}"),
                    "a column must be a Float64Array, an array of values, or {values, codes: Uint32Array}",
                ));
            };
            cols.push((field, column));
        }
        scores_out(self.inner.score_columns(&cols, row_count as usize))
    }
}

/// Programme metrics as of a date: partner revenue and share, active
/// partners, registration rate, deal size and win rate, time to first
/// deal, activation, tiers and the monthly series.
#[wasm_bindgen(js_name = programMetrics)]
pub fn program_metrics(input: JsValue) -> Result<JsValue, JsValue> {
    output(api::program_metrics(&self::input(&input, "")?))
}

/// One scorecard per partner in the programme, on programMetrics' input.
#[wasm_bindgen(js_name = partnerScorecards)]
pub fn partner_scorecards(input: JsValue) -> Result<JsValue, JsValue> {
    output(api::partner_scorecards(&self::input(&input, "")?))
}

/// The overlap of two account lists (plain or hashed): matrix, shared
/// accounts, co-sell list and the customer overlap percentage.
#[wasm_bindgen(js_name = accountOverlap)]
pub fn account_overlap(input: JsValue) -> Result<JsValue, JsValue> {
    output(api::account_overlap(&self::input(&input, "")?))
}

/// Keyed hashes (HMAC-SHA256) of a list's normalised account keys.
#[wasm_bindgen(js_name = hashAccounts)]
pub fn hash_accounts(
    list: JsValue,
    secret: JsValue,
    match_by: JsValue,
) -> Result<JsValue, JsValue> {
    output(api::hash_accounts(
        &input(&list, "list")?,
        &input(&secret, "secret")?,
        &input(&match_by, "matchBy")?,
    ))
}

/// Weights fitted to a team's own outcomes (src/fit.rs): `{records,
/// outcomes, profile, seed?, folds?}` → `{profile, report}`.
#[wasm_bindgen(js_name = fitProfile)]
pub fn fit_profile(input: JsValue) -> Result<JsValue, JsValue> {
    output(api::fit_profile(&self::input(&input, "")?))
}

/// Bytes of linear memory the module holds now (it grows, never shrinks):
/// for the memory-bound tests and the benchmarks.
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size::<0>() as f64) * 65536.0
}
