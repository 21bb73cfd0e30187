//! `fitProfile`: a profile's weights learned from a team's own partner
//! history (README.md, "Learn the profile from outcomes").
//!
//! The features are the base profile's criterion subscores per record, read
//! by the core's own scoring ([`score::criterion_subscores`]), so the fitted
//! profile scores exactly what was fitted. The model is a logistic
//! regression `P(outcome) = σ(b + Σ βⱼ·sⱼ)` with every `βⱼ ≥ 0` and an L2
//! penalty `λ/2·Σ βⱼ²` on the mean log-loss (the intercept is not
//! penalised), minimised by projected Newton steps with a projected Armijo
//! line search. `λ` is chosen on held-out folds (stratified, seeded), the
//! weights are `100·βⱼ/Σβ` rounded to tenths that sum to exactly 100.
//!
//! Everything is deterministic: a small seeded PRNG (splitmix64), no hash
//! maps, fixed summation order, and `exp`/`ln` written here with plain IEEE
//! operations so native and wasm builds give the same bits.
//!
//! The kernel works on a dense row-major feature matrix whose indices are
//! bounded by the loops over the same matrix, and on counts far below
//! `usize::MAX` (at most [`score::MAX_RECORDS`] rows), so the crate's
//! arithmetic and indexing lints are allowed here on those grounds.
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use crate::api::resolve_profile;
use crate::error::{index, join, Error, ErrorCode, Result};
use crate::profile::{compile, MissingPolicy, Profile};
use crate::score::{self, round_to, Status, MAX_RECORDS};
use crate::value::Value;
use serde::Serialize;
use std::borrow::Cow;

// The passes over the rows and the solver live in their own crate, built
// for speed (fit-kernel/, Cargo.toml).
pub use fit_kernel::{exp, ln_1p, row_step, row_step_scalar, Columns, Problem};

/// Fewest records of each class (outcome true, outcome false) a fit needs.
pub const MIN_PER_CLASS: usize = 20;
/// Below this many of either class the held-out AUC is mostly noise: the
/// report warns (`few-outcomes`).
pub const SOLID_PER_CLASS: usize = 100;
/// Held-out folds when `folds` is not given.
pub const DEFAULT_FOLDS: usize = 5;
/// Most folds accepted.
pub const MAX_FOLDS: usize = 20;
/// Seed when `seed` is not given.
pub const DEFAULT_SEED: u64 = 1;
/// Bootstrap refits behind each importance interval.
pub const BOOTSTRAP_ROUNDS: usize = 40;
/// The L2 strengths tried on the held-out folds, strongest first.
pub const LAMBDAS: [f64; 6] = [1.0, 0.1, 0.01, 1e-3, 1e-4, 1e-5];
/// A fitted weight below this share of 100 is negligible: the criterion is
/// dropped (unless it carries a gate, which is kept at [`MIN_WEIGHT`]).
pub const NEGLIGIBLE_WEIGHT: f64 = 1.0;
/// The smallest displayed weight (weights are rounded to tenths).
pub const MIN_WEIGHT: f64 = 0.1;

/// The relative fall in held-out log-loss below which a weaker penalty is
/// not worth it, and the search over [`LAMBDAS`] stops.
pub const PLATEAU: f64 = 1e-4;

const INPUT_KEYS: [&str; 5] = ["records", "outcomes", "profile", "seed", "folds"];
/// The fold fits' tolerance: they only give the held-out log-loss (compared
/// at a relative [`PLATEAU`]) and AUC (to 4 places) and the next penalty's
/// warm start, so they stop earlier than the final fit (about 15% fewer
/// passes over the rows on bench/fit.mjs, the same report).
const FOLD_TOLERANCE: f64 = 1e-7;

// ---------------------------------------------------------------- results

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FitResult {
    /// The base profile with re-fitted weights, ready for `scorePartner`.
    pub profile: Value,
    pub report: FitReport,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FitReport {
    pub n: usize,
    pub positives: usize,
    pub folds: usize,
    pub seed: u64,
    /// The L2 strength the held-out folds chose.
    pub lambda: f64,
    pub auc: Auc,
    pub calibration: Vec<CalibrationRow>,
    pub importance: Vec<Importance>,
    pub lift: Lift,
    /// Criteria dropped for a negligible fitted weight.
    pub dropped: Vec<String>,
    pub warnings: Vec<Warning>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Auc {
    /// Mean over the held-out folds of the fitted weights' AUC.
    pub fitted: f64,
    /// Mean over the same folds of the base profile's AUC.
    pub base: f64,
    /// Each fold's pair, for the spread.
    pub by_fold: Vec<FoldAuc>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FoldAuc {
    pub fitted: f64,
    pub base: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CalibrationRow {
    pub band: String,
    pub min: f64,
    pub count: usize,
    pub positives: usize,
    /// Observed outcome rate in the band; `null` when the band is empty.
    pub rate: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Importance {
    pub criterion: String,
    pub label: String,
    /// The base weight scaled to a share of 100.
    pub base: f64,
    /// The fitted weight (0 when dropped).
    pub fitted: f64,
    /// 2.5th and 97.5th percentiles of the fitted share over bootstrap refits.
    pub low: f64,
    pub high: f64,
    pub dropped: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lift {
    /// Records in the top decile of held-out fitted scores.
    pub top_decile_count: usize,
    pub top_decile_rate: f64,
    pub overall_rate: f64,
    /// top_decile_rate / overall_rate.
    pub lift: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Warning {
    pub code: &'static str,
    /// The criterion concerned, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
    pub message: String,
}

/// splitmix64: a small, well-mixed, seedable generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0), by rejection so there is no modulo bias.
    fn below(&mut self, n: usize) -> usize {
        self.below_in(n, Rng::zone(n))
    }

    /// The rejection bound of [`Rng::below`] for `n`, for drawing many
    /// numbers below the same `n` (one division fewer a draw).
    fn zone(n: usize) -> u64 {
        u64::MAX - u64::MAX % (n as u64)
    }

    /// [`Rng::below`] with its bound [`Rng::zone`] given: the same draws.
    fn below_in(&mut self, n: usize, zone: u64) -> usize {
        let n = n as u64;
        loop {
            let x = self.next();
            if x < zone {
                return (x % n) as usize;
            }
        }
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// The features: one row of subscores per record, plus what the score
/// formula needs to reproduce a profile's score from them.
pub struct Design {
    /// Criteria per row.
    pub k: usize,
    /// Row-major, `n × k` subscores (missing and invalid read as 0).
    pub x: Vec<f64>,
    /// Row-major, `n × k`: whether the criterion counts in the denominator
    /// (always under `missing: zero`; only with data under `renormalize`).
    pub counted: Vec<bool>,
    /// A gate fails: the profile scores the record 0 whatever the weights.
    pub disqualified: Vec<bool>,
}

impl Design {
    /// Reads every record against the profile's criteria.
    pub fn new(profile: &Profile, records: &[Value], path: &str) -> Result<Design> {
        let k = profile.criteria.len();
        let n = records.len();
        let mut d = Design {
            k,
            x: Vec::with_capacity(n * k),
            counted: Vec::with_capacity(n * k),
            disqualified: Vec::with_capacity(n),
        };
        let mut row = Vec::with_capacity(k);
        for (i, r) in records.iter().enumerate() {
            if !matches!(r, Value::Object(_)) {
                return Err(Error::new(
                    if matches!(r, Value::Null) {
                        ErrorCode::MissingField
                    } else {
                        ErrorCode::InvalidType
                    },
                    index(path, i),
                    format!(
                        "a record must be an object of field: value, got {}",
                        r.type_name()
                    ),
                ));
            }
            d.disqualified
                .push(score::criterion_subscores(profile, r, &mut row));
            for (status, s) in &row {
                d.x.push(*s);
                d.counted
                    .push(profile.missing == MissingPolicy::Zero || *status != Status::Missing);
            }
        }
        Ok(d)
    }

    /// The same features from columns ([`FieldColumn`]), `n` rows: each
    /// distinct value and each number is read by
    /// [`score::cell_subscore`], the reading [`score::criterion_subscores`]
    /// gives a record's field, so the design equals [`Design::new`]'s on
    /// the same records bit for bit (tests/properties.rs). A column shorter
    /// than `n` reads as blank past its end.
    pub fn from_columns(profile: &Profile, columns: &[FieldColumn<'_>], n: usize) -> Design {
        let k = profile.criteria.len();
        let mut d = Design {
            k,
            x: vec![0.0; n * k],
            counted: vec![false; n * k],
            disqualified: vec![false; n],
        };
        let zero = profile.missing == MissingPolicy::Zero;
        for (j, c) in profile.criteria.iter().enumerate() {
            let blank = score::cell_subscore(c, score::Cell::Missing);
            let column = columns.iter().find(|col| col.field == c.field);
            let (numbers, codes, values) = match column {
                Some(col) => (
                    col.numbers.unwrap_or(&[]),
                    col.codes.unwrap_or(&[]),
                    col.values,
                ),
                None => (&[][..], &[][..], &[][..]),
            };
            let table: Vec<(Status, f64, bool)> = values
                .iter()
                .map(|v| score::cell_subscore(c, score::Cell::Value(v)))
                .collect();
            for r in 0..n {
                let code = codes.get(r).copied().unwrap_or(NUMBER_CODE);
                let (status, s, fails) = if code != NUMBER_CODE {
                    table.get(code as usize).copied().unwrap_or(blank)
                } else {
                    match numbers.get(r) {
                        Some(x) if !x.is_nan() => score::cell_subscore(c, score::Cell::Number(*x)),
                        _ => blank,
                    }
                };
                d.x[r * k + j] = s;
                d.counted[r * k + j] = zero || status != Status::Missing;
                d.disqualified[r] |= fails;
            }
        }
        d
    }

    pub fn rows(&self) -> usize {
        self.disqualified.len()
    }

    /// The profile's score for row `r` with weights `w`, unrounded:
    /// 100·Σwⱼsⱼ / Σ(counted)wⱼ, 0 when disqualified (src/score.rs).
    pub fn score(&self, r: usize, w: &[f64]) -> f64 {
        if self.disqualified[r] {
            return 0.0;
        }
        let row = &self.x[r * self.k..(r + 1) * self.k];
        let counted = &self.counted[r * self.k..(r + 1) * self.k];
        let mut num = 0.0;
        let mut den = 0.0;
        for j in 0..self.k {
            if counted[j] {
                num += w[j] * row[j];
                den += w[j];
            }
        }
        if den <= 0.0 {
            0.0
        } else {
            (100.0 * num / den).clamp(0.0, 100.0)
        }
    }
}

/// Area under the ROC curve of `scores` against `y` (ties count half),
/// by the rank-sum formula; 0.5 when a class is absent.
pub fn auc(scores: &[f64], y: &[bool]) -> f64 {
    let n = scores.len();
    let mut order: Vec<usize> = (0..n).collect();
    // Ties are broken by index, so the order is total and an unstable
    // sort gives the one order a stable sort would.
    order.sort_unstable_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(a.cmp(&b)));
    let mut rank_sum = 0.0;
    let mut pos = 0usize;
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        // Ranks i+1 ..= j+1 share their mean.
        let mid = (i + j + 2) as f64 / 2.0;
        for &o in &order[i..=j] {
            if y[o] {
                rank_sum += mid;
                pos += 1;
            }
        }
        i = j + 1;
    }
    let neg = n - pos;
    if pos == 0 || neg == 0 {
        return 0.5;
    }
    let p = pos as f64;
    (rank_sum - p * (p + 1.0) / 2.0) / (p * neg as f64)
}

/// Fitted coefficients to profile weights: shares of 100 rounded to tenths
/// that sum to exactly 100 (largest remainder, ties to the earlier
/// criterion); a negligible share is dropped (0), or kept at
/// [`MIN_WEIGHT`] when the criterion carries a gate. `None` when every
/// coefficient is 0 and nothing can be kept.
pub fn weights_from(beta: &[f64], gated: &[bool]) -> Option<Vec<f64>> {
    let total: f64 = beta.iter().sum();
    let share: Vec<f64> = beta
        .iter()
        .map(|b| if total > 0.0 { 100.0 * b / total } else { 0.0 })
        .collect();
    let keep: Vec<bool> = share
        .iter()
        .zip(gated)
        .map(|(s, g)| *s >= NEGLIGIBLE_WEIGHT || *g)
        .collect();
    let kept_total: f64 = share
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(s, _)| s)
        .sum();
    if total <= 0.0 || kept_total <= 0.0 {
        return None;
    }
    // Tenths: 1000 units to share among the kept criteria, one at least each.
    let exact: Vec<f64> = share
        .iter()
        .zip(&keep)
        .map(|(s, k)| if !*k { 0.0 } else { 1000.0 * s / kept_total })
        .collect();
    let mut units: Vec<i64> = exact
        .iter()
        .zip(&keep)
        .map(|(e, k)| if *k { (e.floor() as i64).max(1) } else { 0 })
        .collect();
    let mut left = 1000 - units.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..units.len()).filter(|&j| keep[j]).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let mut turn = 0;
    while left > 0 && !order.is_empty() {
        units[order[turn % order.len()]] += 1;
        left -= 1;
        turn += 1;
    }
    // The one-unit floors may overshoot: take back from the largest.
    while left < 0 {
        let mut big = 0;
        for j in 0..units.len() {
            if units[j] > units[big] {
                big = j;
            }
        }
        if units[big] <= 1 {
            break;
        }
        units[big] -= 1;
        left += 1;
    }
    Some(units.iter().map(|u| *u as f64 / 10.0).collect())
}

/// Nearest-rank-interpolated percentile (q in 0-1) of sorted values.
fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let f = pos - lo as f64;
    sorted[lo] + (sorted[hi] - sorted[lo]) * f
}

// ---------------------------------------------------------------- input

fn bad(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Error {
    Error::new(code, path, message)
}

fn small_integer(v: Option<&Value>, path: &str, lo: u64, hi: u64, default: u64) -> Result<u64> {
    match v {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Number(n)) if !n.is_finite() => Err(bad(
            ErrorCode::NotFinite,
            path,
            format!("{n} is not a finite number"),
        )),
        Some(Value::Number(n)) if n.fract() == 0.0 && *n >= lo as f64 && *n <= hi as f64 => {
            Ok(*n as u64)
        }
        Some(Value::Number(n)) => Err(bad(
            ErrorCode::OutOfRange,
            path,
            format!("{n} must be a whole number from {lo} to {hi}"),
        )),
        Some(other) => Err(bad(
            ErrorCode::InvalidType,
            path,
            format!("expected a whole number, got {}", other.type_name()),
        )),
    }
}

fn outcomes_of(v: Option<&Value>, n: usize) -> Result<Vec<bool>> {
    let items = match v {
        Some(Value::Array(items)) => items,
        None | Some(Value::Null) => {
            return Err(bad(
                ErrorCode::MissingField,
                "outcomes",
                "outcomes is required: one true/false per record",
            ))
        }
        Some(other) => {
            return Err(bad(
                ErrorCode::InvalidType,
                "outcomes",
                format!("expected a list of true/false, got {}", other.type_name()),
            ))
        }
    };
    if items.len() > MAX_RECORDS {
        return Err(bad(
            ErrorCode::LimitExceeded,
            "outcomes",
            format!("{} outcomes; the limit is {MAX_RECORDS}", items.len()),
        ));
    }
    if items.len() != n {
        return Err(bad(
            ErrorCode::LengthMismatch,
            "outcomes",
            format!(
                "{} outcomes for {n} records: give one outcome per record",
                items.len()
            ),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::Bool(b) => Ok(*b),
            other => Err(bad(
                if matches!(other, Value::Null) {
                    ErrorCode::MissingField
                } else {
                    ErrorCode::InvalidType
                },
                index("outcomes", i),
                format!(
                    "an outcome must be true or false, got {}",
                    other.type_name()
                ),
            )),
        })
        .collect()
}

fn records_list(v: Option<&Value>) -> Result<&[Value]> {
    match v {
        None | Some(Value::Null) => Err(bad(
            ErrorCode::MissingField,
            "records",
            "records is required: the partner records as scorePartner takes them",
        )),
        Some(v) => score::records(v).map_err(|e| Error {
            path: if e.path.is_empty() {
                "records".into()
            } else {
                join("records", &e.path)
            },
            ..e
        }),
    }
}

// ---------------------------------------------------------------- fitting

struct Folds {
    /// Fold of each row.
    of: Vec<usize>,
    count: usize,
}

/// Stratified folds: each class shuffled apart and dealt round-robin.
fn folds(y: &[bool], count: usize, rng: &mut Rng) -> Folds {
    let mut of = vec![0; y.len()];
    for class in [true, false] {
        let mut rows: Vec<usize> = (0..y.len()).filter(|&r| y[r] == class).collect();
        rng.shuffle(&mut rows);
        for (i, r) in rows.into_iter().enumerate() {
            of[r] = i % count;
        }
    }
    Folds { of, count }
}

/// The intercept-only start: the log-odds of the outcome rate over `parts`.
fn start(cols: &Columns, parts: &[(usize, usize)]) -> Vec<f64> {
    let mut pos = 0.0;
    let mut rows = 0.0;
    for &(a, b) in parts {
        pos += cols.y[a..b].iter().sum::<f64>();
        rows += cols.w[a..b].iter().sum::<f64>();
    }
    let rate = (pos / rows.max(1.0)).clamp(1e-6, 1.0 - 1e-6);
    let mut theta = vec![0.0; cols.k + 1];
    theta[0] = (rate / (1.0 - rate)).ln();
    theta
}

/// Fits weights to outcomes; see the module comment.
pub fn fit_profile(input: &Value) -> Result<FitResult> {
    if !matches!(input, Value::Object(_)) {
        return Err(bad(
            ErrorCode::InvalidType,
            "",
            format!(
                "expected {{records, outcomes, profile, seed?, folds?}}, got {}",
                input.type_name()
            ),
        ));
    }
    if let Value::Object(entries) = input {
        for (k, v) in entries {
            if !matches!(v, Value::Null) && !INPUT_KEYS.contains(&k.as_str()) {
                return Err(bad(
                    ErrorCode::UnknownField,
                    k.clone(),
                    format!(
                        "unknown field {k:?}; known fields: {}",
                        INPUT_KEYS.join(", ")
                    ),
                ));
            }
        }
    }
    let records = records_list(input.get("records"))?;
    let y = outcomes_of(input.get("outcomes"), records.len())?;
    let (profile, seed, fold_count) = settings(input)?;
    check_classes(&y)?;
    let design = Design::new(&profile, records, "records")?;
    fit_design(&profile, design, &y, seed, fold_count)
}

/// `profile`, `seed` and `folds` of an input (or of the columnar path's
/// spec), checked in that order.
fn settings(input: &Value) -> Result<(Cow<'static, Profile>, u64, usize)> {
    let profile = resolve_profile(input.get("profile").unwrap_or(&Value::Null))?;
    let seed = small_integer(input.get("seed"), "seed", 0, 1 << 53, DEFAULT_SEED)?;
    let fold_count = small_integer(
        input.get("folds"),
        "folds",
        2,
        MAX_FOLDS as u64,
        DEFAULT_FOLDS as u64,
    )? as usize;
    Ok((profile, seed, fold_count))
}

/// Both classes present, with at least [`MIN_PER_CLASS`] of each.
fn check_classes(y: &[bool]) -> Result<()> {
    let positives = y.iter().filter(|b| **b).count();
    let negatives = y.len() - positives;
    if positives == 0 || negatives == 0 {
        return Err(bad(
            ErrorCode::OneClass,
            "outcomes",
            format!(
                "every outcome is {}: there is nothing to tell apart",
                positives > 0
            ),
        ));
    }
    if positives.min(negatives) < MIN_PER_CLASS {
        return Err(bad(
            ErrorCode::TooFewOutcomes,
            "outcomes",
            format!(
                "{positives} true and {negatives} false outcomes; a fit needs at least {MIN_PER_CLASS} of each"
            ),
        ));
    }
    Ok(())
}

/// One field's cells as the wrapper's columnar encoder sends them
/// (www/lib/wrapper.js, the fitProfile block): numbers (NaN = blank) and
/// dictionary codes into `values`, either or both. A code of
/// [`NUMBER_CODE`] reads the row's number; any other code past the end of
/// `values` is blank. A field with neither is blank in every row.
pub struct FieldColumn<'a> {
    pub field: &'a str,
    pub numbers: Option<&'a [f64]>,
    pub codes: Option<&'a [u32]>,
    pub values: &'a [Value],
}

/// In a [`FieldColumn`]'s codes: the row's cell is its number.
pub const NUMBER_CODE: u32 = u32::MAX;

/// [`fit_profile`] on records given as columns, one per field, and the
/// outcomes as bytes (1 true, 0 false): the path the wrapper takes for an
/// array of plain records (README.md, "Learn the profile from outcomes").
/// `spec` holds `profile`, `seed` and `folds` as [`fit_profile`]'s input
/// does; the wrapper has already checked what it leaves out (the input's
/// fields, each record an object, the outcomes booleans of the records'
/// length), and the errors that remain come in the same order with the
/// same codes and paths.
pub fn fit_columns(
    spec: &Value,
    columns: &[FieldColumn<'_>],
    outcomes: &[u8],
) -> Result<FitResult> {
    let n = outcomes.len();
    if n > MAX_RECORDS {
        return Err(bad(
            ErrorCode::LimitExceeded,
            "records",
            format!("{n} records; the limit is {MAX_RECORDS} a call"),
        ));
    }
    for c in columns {
        let short =
            c.numbers.is_some_and(|v| v.len() != n) || c.codes.is_some_and(|v| v.len() != n);
        if short {
            return Err(bad(
                ErrorCode::LengthMismatch,
                join("records", c.field),
                format!(
                    "the column of {} does not have one cell per outcome ({n})",
                    c.field
                ),
            ));
        }
    }
    let y = outcomes
        .iter()
        .enumerate()
        .map(|(i, b)| match b {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(bad(
                ErrorCode::InvalidType,
                index("outcomes", i),
                format!("an outcome must be true (1) or false (0), got the byte {b}"),
            )),
        })
        .collect::<Result<Vec<bool>>>()?;
    let (profile, seed, fold_count) = settings(spec)?;
    check_classes(&y)?;
    let design = Design::from_columns(&profile, columns, n);
    fit_design(&profile, design, &y, seed, fold_count)
}

/// The fit itself, once the features are read.
fn fit_design(
    profile: &Profile,
    design: Design,
    y: &[bool],
    seed: u64,
    fold_count: usize,
) -> Result<FitResult> {
    let n = y.len();
    let positives = y.iter().filter(|b| **b).count();
    let negatives = n - positives;
    let k = design.k;
    let gated: Vec<bool> = profile.criteria.iter().map(|c| c.gate.is_some()).collect();
    let base_w: Vec<f64> = profile.criteria.iter().map(|c| c.weight).collect();
    let mut rng = Rng(seed);
    let split = folds(y, fold_count.min(positives.min(negatives)), &mut rng);

    // Disqualified rows score 0 whatever the weights: they are kept out of
    // the regression, but every held-out figure includes them. The rows
    // fitted are laid out as columns fold by fold, so a fold's held-out
    // rows are one range of positions and its training rows at most two.
    let groups: Vec<Vec<u32>> = (0..split.count)
        .map(|f| {
            (0..n)
                .filter(|&r| split.of[r] == f && !design.disqualified[r])
                .map(|r| r as u32)
                .collect()
        })
        .collect();
    let cols = Columns::new(design.k, &design.x, y, &groups);
    let bounds = cols.groups.clone();
    let m = cols.n;
    let ranges = |list: [(usize, usize); 2]| -> Vec<(usize, usize)> {
        list.into_iter().filter(|(a, b)| a < b).collect()
    };
    let train: Vec<Vec<(usize, usize)>> = bounds
        .iter()
        .map(|&(a, b)| ranges([(0, a), (b, m)]))
        .collect();
    let held: Vec<Vec<(usize, usize)>> = bounds
        .iter()
        .map(|&(a, b)| ranges([(a, b), (0, 0)]))
        .collect();

    // λ by held-out log-loss, strongest first, each fold warm-started.
    // Each fold's solve starts from its last point's sums (they do not
    // depend on the penalty), which saves it one pass over the rows.
    let mut thetas: Vec<Vec<f64>> = train.iter().map(|parts| start(&cols, parts)).collect();
    let mut known: Vec<Option<fit_kernel::Sums>> = train.iter().map(|_| None).collect();
    let mut best: Option<(f64, f64, Vec<Vec<f64>>)> = None;
    for &lambda in &LAMBDAS {
        let mut heldout = 0.0;
        for f in 0..split.count {
            let (fitted, sums) = Problem {
                cols: &cols,
                parts: &train[f],
                counts: None,
                lambda,
            }
            .solve_warm(&thetas[f], FOLD_TOLERANCE, known[f].take());
            known[f] = Some(sums);
            let check = Problem {
                cols: &cols,
                parts: &held[f],
                counts: None,
                lambda: 0.0,
            };
            heldout += if held[f].is_empty() {
                0.0
            } else {
                check.loss(&fitted)
            };
            thetas[f] = fitted;
        }
        let mean = heldout / split.count as f64;
        // Weaker penalties stop helping once the held-out loss no longer
        // falls by a relative PLATEAU: the search ends there (the held-out
        // loss along the path is taken as having one minimum).
        let improved = best
            .as_ref()
            .is_none_or(|(m, _, _)| mean < *m - PLATEAU * m.abs());
        if improved {
            best = Some((mean, lambda, thetas.clone()));
        } else {
            break;
        }
    }
    let Some((_, lambda, fold_thetas)) = best else {
        return Err(bad(ErrorCode::Internal, "", "no penalty was tried"));
    };

    // Held-out evidence: each fold's weights, finalised as the profile's
    // are, score the fold's records (disqualified ones included).
    let mut warnings = Vec::new();
    let mut oof = vec![0.0; n];
    let mut by_fold = Vec::with_capacity(split.count);
    for (f, theta) in fold_thetas.iter().enumerate() {
        let w = weights_from(&theta[1..], &gated).unwrap_or_else(|| base_w.clone());
        let rows: Vec<usize> = (0..n).filter(|&r| split.of[r] == f).collect();
        let fy: Vec<bool> = rows.iter().map(|&r| y[r]).collect();
        let fitted: Vec<f64> = rows.iter().map(|&r| design.score(r, &w)).collect();
        let base: Vec<f64> = rows.iter().map(|&r| design.score(r, &base_w)).collect();
        for (i, &r) in rows.iter().enumerate() {
            oof[r] = fitted[i];
        }
        by_fold.push(FoldAuc {
            fitted: round_to(auc(&fitted, &fy), 4),
            base: round_to(auc(&base, &fy), 4),
        });
    }
    let mean_of = |pick: fn(&FoldAuc) -> f64| {
        round_to(
            by_fold.iter().map(pick).sum::<f64>() / by_fold.len() as f64,
            4,
        )
    };
    let auc_report = Auc {
        fitted: mean_of(|a| a.fitted),
        base: mean_of(|a| a.base),
        by_fold,
    };

    // The final fit on every record, at the chosen λ.
    let all_parts = ranges([(0, m), (0, 0)]);
    let full = Problem {
        cols: &cols,
        parts: &all_parts,
        counts: None,
        lambda,
    };
    let theta = full.solve(&start(&cols, &all_parts));
    let weights = weights_from(&theta[1..], &gated);
    if weights.is_none() {
        warnings.push(Warning {
            code: "no-signal",
            criterion: None,
            message: "no criterion is associated with the outcome in this history; the base weights are kept".into(),
        });
    }
    let weights = weights.unwrap_or_else(|| base_w.clone());

    // Bootstrap: resamples (as draw counts) at the chosen λ, each refitted
    // by one projected Newton step from the full fit. The rows' gradient
    // and curvature weights at the full fit are the same for every
    // resample, so they are computed once.
    let mut shares: Vec<Vec<f64>> = vec![Vec::with_capacity(BOOTSTRAP_ROUNDS); k];
    let at_fit = full.row_weights(&theta);
    let positions: Vec<usize> = cols
        .rows
        .iter()
        .flat_map(|&(at, len)| at..at + len)
        .collect();
    let fitted_rows = positions.len();
    let mut draws = vec![0.0; m];
    // Draws are counted by row in a small dense table first (one random
    // access a draw, in cache), then spread to the positions: the same
    // whole-number counts as adding 1.0 at each draw's position.
    let mut hits = vec![0u32; fitted_rows];
    let zone = Rng::zone(fitted_rows);
    for _ in 0..BOOTSTRAP_ROUNDS {
        hits.iter_mut().for_each(|c| *c = 0);
        for _ in 0..fitted_rows {
            hits[rng.below_in(fitted_rows, zone)] += 1;
        }
        for (&p, &c) in positions.iter().zip(&hits) {
            draws[p] = f64::from(c);
        }
        let b = Problem {
            cols: &cols,
            parts: &all_parts,
            counts: Some(&draws),
            lambda,
        }
        .one_step_from(&theta, &at_fit);
        let total: f64 = b[1..].iter().sum();
        for j in 0..k {
            shares[j].push(if total > 0.0 {
                100.0 * b[j + 1] / total
            } else {
                0.0
            });
        }
    }

    let base_total: f64 = base_w.iter().sum();
    let mut dropped = Vec::new();
    let mut importance = Vec::with_capacity(k);
    for (j, c) in profile.criteria.iter().enumerate() {
        let mut s = std::mem::take(&mut shares[j]);
        s.sort_by(f64::total_cmp);
        let is_dropped = weights[j] <= 0.0;
        if is_dropped {
            dropped.push(c.id.clone());
            warnings.push(Warning {
                code: "dropped",
                criterion: Some(c.id.clone()),
                message: format!(
                    "{}: its fitted weight is below {NEGLIGIBLE_WEIGHT} of 100, so it is dropped",
                    c.label
                ),
            });
        } else if gated[j]
            && weights[j] <= MIN_WEIGHT
            && theta[j + 1] * 100.0 < NEGLIGIBLE_WEIGHT * theta[1..].iter().sum::<f64>()
        {
            warnings.push(Warning {
                code: "gate-kept",
                criterion: Some(c.id.clone()),
                message: format!(
                    "{}: its fitted weight is negligible, but it carries a gate, so it is kept at {MIN_WEIGHT}",
                    c.label
                ),
            });
        }
        importance.push(Importance {
            criterion: c.id.clone(),
            label: c.label.clone(),
            base: round_to(100.0 * c.weight / base_total, 1),
            fitted: weights[j],
            low: round_to(percentile(&s, 0.025), 1),
            high: round_to(percentile(&s, 0.975), 1),
            dropped: is_dropped,
        });
        let first = design.x.get(j).copied();
        let varies = (0..n).any(|r| Some(design.x[r * k + j]) != first);
        if !varies {
            warnings.push(Warning {
                code: "no-variation",
                criterion: Some(c.id.clone()),
                message: format!(
                    "{}: every record has the same subscore, so the history says nothing about it",
                    c.label
                ),
            });
        }
    }
    if positives.min(negatives) < SOLID_PER_CLASS {
        warnings.push(Warning {
            code: "few-outcomes",
            criterion: None,
            message: format!(
                "{positives} true and {negatives} false outcomes: with fewer than {SOLID_PER_CLASS} of either, the held-out AUC can move by 0.1 or more from chance alone; look at the spread across folds"
            ),
        });
    }
    let disq = design.disqualified.iter().filter(|d| **d).count();
    if disq > 0 {
        warnings.push(Warning {
            code: "disqualified",
            criterion: None,
            message: format!(
                "{disq} records fail a gate and score 0 under any weights; they are left out of the fit and counted in every held-out figure"
            ),
        });
    }
    if profile.missing == MissingPolicy::Renormalize {
        warnings.push(Warning {
            code: "renormalized",
            criterion: None,
            message: "the profile renormalises missing criteria; the fit reads a missing subscore as 0, so held-out figures are the guide".into(),
        });
    }
    if auc_report.fitted <= auc_report.base {
        warnings.push(Warning {
            code: "no-improvement",
            criterion: None,
            message: "on held-out folds the fitted weights rank no better than the base weights; keep the base profile".into(),
        });
    }

    // The fitted profile: the base profile's source with new weights and
    // the dropped criteria removed, validated by the core.
    let fitted_profile = rewrite(&profile.source, profile, &weights)?;
    let compiled = compile(&fitted_profile).map_err(|errors| {
        bad(
            ErrorCode::Internal,
            "profile",
            format!("the fitted profile does not validate: {:?}", errors.first()),
        )
    })?;

    // Calibration and lift on the held-out scores, banded as the fitted
    // profile bands (the bands do not change).
    // Each record's band once (its displayed score, as scorePartner bands it).
    let mut tally = vec![(0usize, 0usize); compiled.bands.len()];
    for r in 0..n {
        if let Some(b) = score::band_index(&compiled, round_to(oof[r], 1)) {
            tally[b].0 += 1;
            tally[b].1 += usize::from(y[r]);
        }
    }
    let calibration = compiled
        .bands
        .iter()
        .zip(&tally)
        .map(|(band, &(count, pos))| CalibrationRow {
            band: band.label.clone(),
            min: band.min,
            count,
            positives: pos,
            rate: (count > 0).then(|| round_to(pos as f64 / count as f64, 4)),
        })
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    // A total order (ties by index): unstable sorting gives the same order.
    order.sort_unstable_by(|&a, &b| oof[b].total_cmp(&oof[a]).then(a.cmp(&b)));
    let top = n.div_ceil(10);
    let top_pos = order[..top].iter().filter(|&&r| y[r]).count();
    let overall = positives as f64 / n as f64;
    let top_rate = top_pos as f64 / top as f64;

    Ok(FitResult {
        profile: fitted_profile,
        report: FitReport {
            n,
            positives,
            folds: split.count,
            seed,
            lambda,
            auc: auc_report,
            calibration,
            importance,
            lift: Lift {
                top_decile_count: top,
                top_decile_rate: round_to(top_rate, 4),
                overall_rate: round_to(overall, 4),
                lift: round_to(top_rate / overall, 2),
            },
            dropped,
            warnings,
        },
    })
}

/// The profile's source with each criterion's weight replaced; a weight of
/// 0 removes the criterion.
fn rewrite(source: &Value, profile: &Profile, weights: &[f64]) -> Result<Value> {
    let Value::Object(entries) = source else {
        return Err(bad(
            ErrorCode::Internal,
            "profile",
            "a profile source is not an object",
        ));
    };
    let mut out = Vec::with_capacity(entries.len());
    for (key, v) in entries {
        if key != "criteria" {
            out.push((key.clone(), v.clone()));
            continue;
        }
        let Value::Array(items) = v else {
            return Err(bad(
                ErrorCode::Internal,
                "profile.criteria",
                "criteria is not a list",
            ));
        };
        if items.len() != profile.criteria.len() {
            return Err(bad(
                ErrorCode::Internal,
                "profile.criteria",
                "the source and the compiled profile disagree",
            ));
        }
        let mut kept = Vec::with_capacity(items.len());
        for (item, w) in items.iter().zip(weights) {
            if *w <= 0.0 {
                continue;
            }
            let Value::Object(fields) = item else {
                return Err(bad(
                    ErrorCode::Internal,
                    "profile.criteria",
                    "a criterion is not an object",
                ));
            };
            kept.push(Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| {
                        if k == "weight" {
                            (k.clone(), Value::Number(*w))
                        } else {
                            (k.clone(), v.clone())
                        }
                    })
                    .collect(),
            ));
        }
        out.push((key.clone(), Value::Array(kept)));
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_counts_ties_half() {
        assert_eq!(auc(&[1.0, 2.0, 3.0, 4.0], &[false, false, true, true]), 1.0);
        assert_eq!(auc(&[4.0, 3.0, 2.0, 1.0], &[false, false, true, true]), 0.0);
        assert_eq!(auc(&[1.0, 1.0], &[false, true]), 0.5);
        assert_eq!(
            auc(&[1.0, 2.0, 2.0, 3.0], &[false, true, false, true]),
            0.875
        );
    }

    #[test]
    fn weights_sum_to_100_in_tenths() {
        let w = weights_from(&[1.0, 1.0, 1.0], &[false; 3]).unwrap();
        assert_eq!(w, vec![33.4, 33.3, 33.3]);
        let w = weights_from(&[3.0, 0.001, 1.0], &[false; 3]).unwrap();
        assert_eq!(w, vec![75.0, 0.0, 25.0]);
        let w = weights_from(&[3.0, 0.0, 1.0], &[false, true, false]).unwrap();
        assert_eq!(w, vec![74.9, 0.1, 25.0]);
        assert_eq!(weights_from(&[0.0, 0.0], &[false, false]), None);
    }
}
