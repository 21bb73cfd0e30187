//! The public operations, one function each, over [`Value`] inputs. The
//! wasm boundary, the golden-vector tests and any other host call these;
//! nothing here knows about JavaScript.

use crate::builtin;
use crate::economics;
use crate::error::{index, join, Error, ErrorCode, Result};
use crate::profile::{compile, Profile};
use crate::score::{self, Ranked, ScoreResult};
use crate::tiers;
use crate::value::{parse_json, Value};
use serde::Serialize;
use std::borrow::Cow;

/// An error as data: what `validateProfile` lists and what hosts receive.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorInfo {
    pub code: &'static str,
    pub path: String,
    pub message: String,
}

impl From<&Error> for ErrorInfo {
    fn from(e: &Error) -> Self {
        ErrorInfo {
            code: e.code.as_str(),
            path: e.path.clone(),
            message: e.message.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Validation {
    pub ok: bool,
    pub errors: Vec<ErrorInfo>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    pub partner_type: String,
    pub score: f64,
    pub band: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CodeInfo {
    pub code: &'static str,
    pub meaning: &'static str,
}

/// Text that looks like a JSON object or list is parsed; other values pass.
fn json_text<'v>(v: &'v Value, path: &str) -> Result<Cow<'v, Value>> {
    match v {
        Value::String(s) if matches!(s.trim_start().as_bytes().first(), Some(b'{' | b'[')) => {
            parse_json(s, path).map(Cow::Owned)
        }
        other => Ok(Cow::Borrowed(other)),
    }
}

fn prefixed(prefix: &str, e: Error) -> Error {
    let path = if e.path.is_empty() {
        prefix.to_string()
    } else if e.path.starts_with('[') {
        format!("{prefix}{}", e.path)
    } else {
        join(prefix, &e.path)
    };
    Error { path, ..e }
}

/// A built-in profile id, a profile object, or a profile's JSON text.
pub fn resolve_profile(v: &Value) -> Result<Cow<'static, Profile>> {
    match v {
        Value::String(s) if !s.trim_start().starts_with('{') => {
            builtin::by_id(s.trim(), "profile").map(Cow::Borrowed)
        }
        Value::Null => Err(Error::new(
            ErrorCode::MissingField,
            "profile",
            "a profile id or a profile is required",
        )),
        Value::String(_) | Value::Object(_) => {
            let value = json_text(v, "profile")?;
            compile(&value)
                .map(Cow::Owned)
                .map_err(|errors| match errors.into_iter().next() {
                    Some(first) => prefixed("profile", first),
                    None => Error::new(
                        ErrorCode::Internal,
                        "profile",
                        "profile rejected without a reason",
                    ),
                })
        }
        other => Err(Error::new(
            ErrorCode::InvalidType,
            "profile",
            format!(
                "expected a profile id, a profile or its JSON, got {}",
                other.type_name()
            ),
        )),
    }
}

fn records_of(v: &Value) -> Result<Cow<'_, Value>> {
    let v = json_text(v, "records")?;
    score::records(&v).map_err(|e| prefixed("records", e))?;
    Ok(v)
}

/// Scores one record; `record` may be an object or its JSON text.
pub fn score_partner(record: &Value, profile: &Value) -> Result<ScoreResult> {
    let profile = resolve_profile(profile)?;
    let record = json_text(record, "record")?;
    score::score(&profile, &record, "record")
}

/// Scores many records against one profile (compiled once), in input order.
pub fn score_partners(records: &Value, profile: &Value) -> Result<Vec<ScoreResult>> {
    let profile = resolve_profile(profile)?;
    let list = records_of(records)?;
    let items = score::records(&list)?;
    items
        .iter()
        .enumerate()
        .map(|(i, r)| score::score(&profile, r, &index("records", i)))
        .collect()
}

/// Ranks records best first, stable on ties.
pub fn rank_partners(records: &Value, profile: &Value) -> Result<Vec<Ranked>> {
    let profile = resolve_profile(profile)?;
    let list = records_of(records)?;
    score::rank(&profile, score::records(&list)?).map_err(|e| prefixed("records", e))
}

/// Scores a record against every built-in profile, best first; ties keep
/// the order of [`builtin::PARTNER_TYPES`].
pub fn recommend_partner_type(record: &Value) -> Result<Vec<Recommendation>> {
    let record = json_text(record, "record")?;
    let mut out = Vec::with_capacity(builtin::PARTNER_TYPES.len());
    for p in builtin::all()? {
        let r = score::score(p, &record, "record")?;
        out.push(Recommendation {
            partner_type: p.partner_type.clone(),
            score: r.score,
            band: r.band,
        });
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    Ok(out)
}

/// The built-in profiles as JSON-shaped data, ready to copy and edit.
pub fn builtin_profiles() -> Result<Vec<Value>> {
    Ok(builtin::all()?.iter().map(|p| p.source.clone()).collect())
}

/// Checks a profile (object or JSON text) and lists every problem.
pub fn validate_profile(v: &Value) -> Validation {
    let errors: Vec<Error> = match json_text(v, "") {
        Err(e) => vec![e],
        Ok(value) => match compile(&value) {
            Ok(_) => vec![],
            Err(errors) => errors,
        },
    };
    Validation {
        ok: errors.is_empty(),
        errors: errors.iter().map(ErrorInfo::from).collect(),
    }
}

pub fn assign_tier(revenue: &Value, table: &Value, currency: &Value) -> Result<tiers::TierResult> {
    let table = json_text(table, "table")?;
    tiers::assign_tier(revenue, Some(&table), Some(currency))
}

pub fn default_tier_table() -> Vec<tiers::TierRow> {
    tiers::rows(&tiers::default_table())
}

pub fn error_codes() -> Vec<CodeInfo> {
    ErrorCode::ALL
        .iter()
        .map(|c| CodeInfo {
            code: c.as_str(),
            meaning: c.meaning(),
        })
        .collect()
}

/// Economics inputs may arrive as JSON text too.
fn econ<T>(input: &Value, f: fn(&Value) -> Result<T>) -> Result<T> {
    let value = json_text(input, "")?;
    f(&value)
}

pub fn partner_return(v: &Value) -> Result<economics::PartnerReturn> {
    econ(v, economics::partner_return)
}
pub fn referral_commission(v: &Value) -> Result<economics::ReferralCommission> {
    econ(v, economics::referral_commission)
}
pub fn reseller_margin(v: &Value) -> Result<economics::ResellerMargin> {
    econ(v, economics::reseller_margin)
}
pub fn deal_registration_payout(v: &Value) -> Result<economics::DealRegistrationPayout> {
    econ(v, economics::deal_registration_payout)
}
pub fn rep_compensation(v: &Value) -> Result<economics::RepCompensation> {
    econ(v, economics::rep_compensation)
}
pub fn retention_uplift(v: &Value) -> Result<economics::RetentionUplift> {
    econ(v, economics::retention_uplift)
}
pub fn program_roi(v: &Value) -> Result<economics::ProgramRoi> {
    econ(v, economics::program_roi)
}

/// Programme metrics as of a date (trailing 12 months); input as object or JSON text.
pub fn program_metrics(v: &Value) -> Result<crate::analytics::ProgramMetrics> {
    econ(v, crate::analytics::program_metrics)
}
/// One scorecard per partner in the programme, on the same input as [`program_metrics`].
pub fn partner_scorecards(v: &Value) -> Result<Vec<crate::analytics::Scorecard>> {
    econ(v, crate::analytics::partner_scorecards)
}
/// The overlap of two account lists (plain or hashed).
pub fn account_overlap(v: &Value) -> Result<crate::overlap::AccountOverlap> {
    econ(v, crate::overlap::account_overlap)
}
/// Keyed hashes (HMAC-SHA256) of a list's normalised account keys.
pub fn hash_accounts(
    list: &Value,
    secret: &Value,
    match_by: &Value,
) -> Result<Vec<crate::overlap::HashedAccount>> {
    let list = json_text(list, "list")?;
    crate::overlap::hash_accounts(&list, secret, match_by)
}

/// Weights fitted to a team's outcomes: `{records, outcomes, profile, seed?, folds?}`
/// as an object or JSON text (src/fit.rs).
pub fn fit_profile(v: &Value) -> Result<crate::fit::FitResult> {
    econ(v, crate::fit::fit_profile)
}

/// Calls an operation by its JS name with positional arguments and returns
/// the result as JSON. Golden-vector tests and text-based hosts use it; a
/// missing argument is null, as `undefined` is in JS.
pub fn call(name: &str, args: &[Value]) -> Result<serde_json::Value> {
    let null = Value::Null;
    let arg = |i: usize| args.get(i).unwrap_or(&null);
    fn json<T: Serialize>(r: Result<T>) -> Result<serde_json::Value> {
        r.and_then(|v| {
            serde_json::to_value(v).map_err(|e| Error::new(ErrorCode::Internal, "", e.to_string()))
        })
    }
    match name {
        "scorePartner" => json(score_partner(arg(0), arg(1))),
        "scorePartners" => json(score_partners(arg(0), arg(1))),
        "rankPartners" => json(rank_partners(arg(0), arg(1))),
        "recommendPartnerType" => json(recommend_partner_type(arg(0))),
        "builtinProfiles" => json(builtin_profiles()),
        "validateProfile" => json(Ok(validate_profile(arg(0)))),
        "partnerReturn" => json(partner_return(arg(0))),
        "referralCommission" => json(referral_commission(arg(0))),
        "resellerMargin" => json(reseller_margin(arg(0))),
        "dealRegistrationPayout" => json(deal_registration_payout(arg(0))),
        "repCompensation" => json(rep_compensation(arg(0))),
        "retentionUplift" => json(retention_uplift(arg(0))),
        "programRoi" => json(program_roi(arg(0))),
        "assignTier" => json(assign_tier(arg(0), arg(1), arg(2))),
        "defaultTierTable" => json(Ok(default_tier_table())),
        "errorCodes" => json(Ok(error_codes())),
        "programMetrics" => json(program_metrics(arg(0))),
        "partnerScorecards" => json(partner_scorecards(arg(0))),
        "accountOverlap" => json(account_overlap(arg(0))),
        "hashAccounts" => json(hash_accounts(arg(0), arg(1), arg(2))),
        "fitProfile" => json(fit_profile(arg(0))),
        other => Err(Error::new(
            ErrorCode::UnknownField,
            "",
            format!("no operation named {other:?}"),
        )),
    }
}
