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
    crate::sort::by_f64_desc(&mut out, |r| r.score);
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

/// An operation's options object, which may arrive as JSON text too.
pub fn options<T>(input: &Value, f: fn(&Value) -> Result<T>) -> Result<T> {
    let value = json_text(input, "")?;
    f(&value)
}

pub fn partner_return(v: &Value) -> Result<economics::PartnerReturn> {
    options(v, economics::partner_return)
}
pub fn referral_commission(v: &Value) -> Result<economics::ReferralCommission> {
    options(v, economics::referral_commission)
}
pub fn reseller_margin(v: &Value) -> Result<economics::ResellerMargin> {
    options(v, economics::reseller_margin)
}
pub fn deal_registration_payout(v: &Value) -> Result<economics::DealRegistrationPayout> {
    options(v, economics::deal_registration_payout)
}
pub fn rep_compensation(v: &Value) -> Result<economics::RepCompensation> {
    options(v, economics::rep_compensation)
}
pub fn retention_uplift(v: &Value) -> Result<economics::RetentionUplift> {
    options(v, economics::retention_uplift)
}
pub fn program_roi(v: &Value) -> Result<economics::ProgramRoi> {
    options(v, economics::program_roi)
}

// ---- Columnar twins of the per-deal economics (one call for many rows);
// input as an object of columns or its JSON text. See economics.rs.
pub fn partner_returns(v: &Value) -> Result<economics::Columns> {
    options(v, economics::partner_returns)
}
pub fn referral_commissions(v: &Value) -> Result<economics::Columns> {
    options(v, economics::referral_commissions)
}
pub fn reseller_margins(v: &Value) -> Result<economics::Columns> {
    options(v, economics::reseller_margins)
}
pub fn deal_registration_payouts(v: &Value) -> Result<economics::Columns> {
    options(v, economics::deal_registration_payouts)
}
pub fn rep_compensations(v: &Value) -> Result<economics::Columns> {
    options(v, economics::rep_compensations)
}

/// Programme metrics as of a date (trailing 12 months); input as object or JSON text.
pub fn program_metrics(v: &Value) -> Result<crate::analytics::ProgramMetrics> {
    options(v, crate::analytics::program_metrics)
}
/// One scorecard per partner in the programme, on the same input as [`program_metrics`].
pub fn partner_scorecards(v: &Value) -> Result<Vec<crate::analytics::Scorecard>> {
    options(v, crate::analytics::partner_scorecards)
}
/// The overlap of two account lists (plain or hashed).
pub fn account_overlap(v: &Value) -> Result<crate::overlap::AccountOverlap> {
    options(v, crate::overlap::account_overlap)
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
    options(v, crate::fit::fit_profile)
}

/// Which wasm module carries an operation: the core (scoring, economics,
/// tiers: what the CRM panel, the ROI calculator and the sheets load) or
/// the analytics module (programme analytics and account mapping), which
/// the wrapper loads on first use. See README.md, "Two modules".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Module {
    Core,
    Analytics,
}

/// One public operation: its JS name, its arguments' names (also the root
/// of an error's `path` in that argument; `""` for an options object whose
/// fields are named bare) and its module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Operation {
    pub name: &'static str,
    pub args: &'static [&'static str],
    pub module: Module,
}

const fn op(name: &'static str, args: &'static [&'static str], module: Module) -> Operation {
    Operation { name, args, module }
}

/// The operations declared here: scoring, profiles, tiers, errors and the
/// analytics module. The economics operations are declared beside their
/// formulas, in src/economics.rs (README.md, "Adding an operation").
const OWN: &[Operation] = &[
    op("scorePartner", &["record", "profile"], Module::Core),
    op("scorePartners", &["records", "profile"], Module::Core),
    op("rankPartners", &["records", "profile"], Module::Core),
    op("recommendPartnerType", &["record"], Module::Core),
    op("builtinProfiles", &[], Module::Core),
    op("validateProfile", &[""], Module::Core),
    op(
        "assignTier",
        &["annualPartnerRevenue", "table", "currency"],
        Module::Core,
    ),
    op("defaultTierTable", &[], Module::Core),
    op("errorCodes", &[], Module::Core),
    op("programMetrics", &[""], Module::Analytics),
    op("partnerScorecards", &[""], Module::Analytics),
    op("accountOverlap", &[""], Module::Analytics),
    op(
        "hashAccounts",
        &["list", "secret", "matchBy"],
        Module::Analytics,
    ),
    // Profile fitting (src/fit.rs): heavy, rarely used, so with analytics.
    op("fitProfile", &[""], Module::Analytics),
];

const ALL_COUNT: usize = OWN.len() + economics::OPERATIONS.len();

/// `OWN` then the economics operations, joined at compile time (a bad
/// index here is a build error, never a run-time panic).
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn joined() -> [Operation; ALL_COUNT] {
    let mut all = [op("", &[], Module::Core); ALL_COUNT];
    let mut i = 0;
    while i < OWN.len() {
        all[i] = OWN[i];
        i += 1;
    }
    let mut j = 0;
    while j < economics::OPERATIONS.len() {
        all[i + j] = economics::OPERATIONS[j];
        j += 1;
    }
    all
}

const ALL: [Operation; ALL_COUNT] = joined();

/// The operation registry: every public operation, named once. The wasm
/// boundary (one generic `call` export), the JS wrapper's exports, the
/// TypeScript declarations and the ClickHouse function list are generated
/// from it or checked against it (tests/registry.rs, tests/bindings.rs);
/// [`call`] dispatches on it.
pub const OPERATIONS: &[Operation] = &ALL;

/// Declares operations in the file that holds their formulas, one line
/// each: the name JS calls, the Rust function (one options argument, an
/// object or its JSON text) and, for the generated bindings, its input and
/// output types. It writes that file's `OPERATIONS` (joined into
/// [`OPERATIONS`]), its `dispatch` and, with the `bindings` feature, the
/// rows tests/bindings.rs writes www/lib/economics.js and .d.ts from.
#[macro_export]
macro_rules! operations {
    ($module:ident; $( $(#[doc = $doc:literal])* $name:literal => $f:ident ($input:ty) -> $output:ty; )*) => {
        /// The operations of this file (see `crate::api::OPERATIONS`).
        pub const OPERATIONS: &[$crate::api::Operation] = &[$(
            $crate::api::Operation { name: $name, args: &[""], module: $crate::api::Module::$module },
        )*];

        /// Runs one of this file's operations; `None` for another name.
        pub fn dispatch<O: $crate::api::Output>(
            name: &str,
            args: &[$crate::value::Value],
        ) -> Option<$crate::error::Result<O::Out>> {
            let null = $crate::value::Value::Null;
            let input = args.first().unwrap_or(&null);
            match name {
                $( $name => Some(O::put($crate::api::options(input, $f))), )*
                _ => None,
            }
        }

        /// What the generated JS and TypeScript bindings say of each operation.
        #[cfg(feature = "bindings")]
        pub fn bindings() -> Vec<$crate::api::Binding> {
            let cfg = ts_rs::Config::new();
            vec![$(
                $crate::api::Binding {
                    name: $name,
                    doc: [$($doc),*].iter().map(|l| l.trim().to_string()).collect(),
                    input: <$input as ts_rs::TS>::name(&cfg),
                    output: <$output as ts_rs::TS>::name(&cfg),
                    declarations: $crate::api::declarations::<$input, $output>(&cfg),
                },
            )*]
        }
    };
}

/// One operation as the generated bindings declare it.
#[cfg(feature = "bindings")]
pub struct Binding {
    pub name: &'static str,
    /// The doc comment of its line in the registry, a line each.
    pub doc: Vec<String>,
    /// TypeScript type names of the options argument and the result.
    pub input: String,
    pub output: String,
    /// Declarations of the named types the two use, `(name, text)`.
    pub declarations: Vec<(String, String)>,
}

/// The declarations of `I`, `O` and every type they name (ts-rs's
/// dependencies and generic arguments), each once.
#[cfg(feature = "bindings")]
pub fn declarations<I: ts_rs::TS + 'static, O: ts_rs::TS + 'static>(
    cfg: &ts_rs::Config,
) -> Vec<(String, String)> {
    struct Collect<'c>(&'c ts_rs::Config, Vec<(String, String)>);
    impl ts_rs::TypeVisitor for Collect<'_> {
        fn visit<T: ts_rs::TS + 'static + ?Sized>(&mut self) {
            T::visit_generics(self);
            // Only derived types have a declaration of their own; built-in
            // and marker types (string, Money, Columns<T>) have none.
            if T::output_path().is_some() {
                let name = T::ident(self.0);
                if !self.1.iter().any(|(n, _)| *n == name) {
                    let docs = T::docs().map(|d| format!("{d}\n")).unwrap_or_default();
                    self.1
                        .push((name, format!("{docs}export {}", T::decl(self.0).trim())));
                    T::visit_dependencies(self);
                }
            }
        }
    }
    let mut c = Collect(cfg, Vec::new());
    ts_rs::TypeVisitor::visit::<I>(&mut c);
    ts_rs::TypeVisitor::visit::<O>(&mut c);
    c.1
}

/// Types the generated declarations name but index.d.ts declares: TS-side
/// markers only, never used at run time.
#[cfg(feature = "bindings")]
pub mod ts {
    use std::marker::PhantomData;
    use ts_rs::{Config, TypeVisitor, TS};

    /// An amount or rate: a number or a decimal string (index.d.ts `Money`).
    pub struct Money;
    /// A currency code (index.d.ts `CurrencyCode`).
    pub struct CurrencyCode;
    /// Each field a column or one value for every row (index.d.ts `Columns<T>`).
    pub struct Columns<T>(PhantomData<T>);
    /// Each field a column of the result's values (index.d.ts `ColumnsOf<R>`).
    pub struct ColumnsOf<T>(PhantomData<T>);

    macro_rules! named {
        ($t:ty, $name:literal) => {
            impl TS for $t {
                type WithoutGenerics = Self;
                type OptionInnerType = Self;
                fn name(_: &Config) -> String {
                    $name.into()
                }
                fn inline(cfg: &Config) -> String {
                    Self::name(cfg)
                }
            }
        };
    }
    named!(Money, "Money");
    named!(CurrencyCode, "CurrencyCode");

    macro_rules! generic {
        ($t:ident, $name:literal) => {
            impl<T: TS + 'static> TS for $t<T> {
                type WithoutGenerics = $t<ts_rs::Dummy>;
                type OptionInnerType = Self;
                fn name(cfg: &Config) -> String {
                    format!(concat!($name, "<{}>"), T::name(cfg))
                }
                fn inline(cfg: &Config) -> String {
                    Self::name(cfg)
                }
                fn visit_generics(v: &mut impl TypeVisitor)
                where
                    Self: 'static,
                {
                    v.visit::<T>();
                }
            }
        };
    }
    generic!(Columns, "Columns");
    generic!(ColumnsOf, "ColumnsOf");
}

/// The registry row of an operation.
pub fn operation(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.name == name)
}

/// How a result leaves [`call`]: as a JSON value (tests, hosts in Rust) or
/// as JSON text (the wasm boundary, where the JS side has `JSON.parse`).
pub trait Output {
    type Out;
    fn put<T: Serialize>(r: Result<T>) -> Result<Self::Out>;
}

/// Results as `serde_json::Value`.
pub struct AsValue;
impl Output for AsValue {
    type Out = serde_json::Value;
    fn put<T: Serialize>(r: Result<T>) -> Result<serde_json::Value> {
        r.and_then(|v| serde_json::to_value(v).map_err(|_| unwritable()))
    }
}

/// Results as JSON text.
pub struct AsText;
impl Output for AsText {
    type Out = String;
    fn put<T: Serialize>(r: Result<T>) -> Result<String> {
        r.and_then(|v| serde_json::to_string(&v).map_err(|_| unwritable()))
    }
}

/// A result that serde_json cannot write (it never happens: every result
/// is plain data). The serde error's own text is not kept, so its
/// formatting is not compiled into the module.
pub fn unwritable() -> Error {
    Error::new(
        ErrorCode::Internal,
        "",
        "the result could not be written as JSON",
    )
}

fn unknown(name: &str) -> Error {
    Error::new(
        ErrorCode::UnknownField,
        "",
        format!("no operation named {}", crate::error::quote(name)),
    )
}

/// The core module's operations.
pub fn core_op<O: Output>(name: &str, args: &[Value]) -> Result<O::Out> {
    let null = Value::Null;
    let arg = |i: usize| args.get(i).unwrap_or(&null);
    match name {
        "scorePartner" => O::put(score_partner(arg(0), arg(1))),
        "scorePartners" => O::put(score_partners(arg(0), arg(1))),
        "rankPartners" => O::put(rank_partners(arg(0), arg(1))),
        "recommendPartnerType" => O::put(recommend_partner_type(arg(0))),
        "builtinProfiles" => O::put(builtin_profiles()),
        "validateProfile" => O::put(Ok(validate_profile(arg(0)))),
        "assignTier" => O::put(assign_tier(arg(0), arg(1), arg(2))),
        "defaultTierTable" => O::put(Ok(default_tier_table())),
        "errorCodes" => O::put(Ok(error_codes())),
        other => economics::dispatch::<O>(other, args).unwrap_or_else(|| Err(unknown(other))),
    }
}

/// The analytics module's operations.
pub fn analytics_op<O: Output>(name: &str, args: &[Value]) -> Result<O::Out> {
    let null = Value::Null;
    let arg = |i: usize| args.get(i).unwrap_or(&null);
    match name {
        "programMetrics" => O::put(program_metrics(arg(0))),
        "partnerScorecards" => O::put(partner_scorecards(arg(0))),
        "accountOverlap" => O::put(account_overlap(arg(0))),
        "hashAccounts" => O::put(hash_accounts(arg(0), arg(1), arg(2))),
        "fitProfile" => O::put(fit_profile(arg(0))),
        other => Err(unknown(other)),
    }
}

/// Calls an operation by its JS name with positional arguments and returns
/// the result as JSON. Golden-vector tests and text-based hosts use it; a
/// missing argument is null, as `undefined` is in JS.
pub fn call(name: &str, args: &[Value]) -> Result<serde_json::Value> {
    match operation(name).map(|o| o.module) {
        Some(Module::Core) => core_op::<AsValue>(name, args),
        Some(Module::Analytics) => analytics_op::<AsValue>(name, args),
        None => Err(unknown(name)),
    }
}

#[cfg(test)]
mod registry_tests {
    use super::*;

    #[test]
    fn every_registered_operation_is_dispatched_by_its_module() {
        for o in OPERATIONS {
            let args = vec![Value::Null; o.args.len()];
            let (own, other) = match o.module {
                Module::Core => (
                    core_op::<AsValue>(o.name, &args),
                    analytics_op::<AsValue>(o.name, &args),
                ),
                Module::Analytics => (
                    analytics_op::<AsValue>(o.name, &args),
                    core_op::<AsValue>(o.name, &args),
                ),
            };
            let no_arm = |r: &Result<serde_json::Value>| matches!(r, Err(e) if e.message.starts_with("no operation named"));
            assert!(!no_arm(&own), "{} is not dispatched", o.name);
            assert!(no_arm(&other), "{} is dispatched by both modules", o.name);
        }
        let names: std::collections::BTreeSet<_> = OPERATIONS.iter().map(|o| o.name).collect();
        assert_eq!(names.len(), OPERATIONS.len(), "a name is registered twice");
        assert_eq!(call("nope", &[]).unwrap_err().code, ErrorCode::UnknownField);
    }
}
