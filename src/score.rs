//! Fit scoring against a compiled profile (docs/design.md §3.2): the score, its
//! band, the gates, coverage, and one explained line per criterion.

use crate::error::{index, Error, ErrorCode, Result};
use crate::num::shown;
use crate::profile::{fold, Criterion, Gate, Kind, MissingPolicy, Profile};
use crate::value::Value;
use serde::Serialize;

/// Most record objects one call may score (columns allow [`MAX_ROWS`]).
pub const MAX_RECORDS: usize = 100_000;
/// Most rows one columnar call may score.
pub const MAX_ROWS: usize = 1_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Scored,
    Missing,
    Invalid,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contribution {
    pub criterion: String,
    pub label: String,
    pub field: String,
    /// The value read from the record, as given (null when missing).
    pub value: Value,
    pub subscore: f64,
    pub points: f64,
    pub max_points: f64,
    pub status: Status,
    /// Why the value is `invalid` when it is outside the field's domain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FailedGate {
    pub criterion: String,
    /// The check that failed, in terms of the value: `must be false, is true`.
    pub reason: String,
    /// The same in words a person reads, from the criterion's label:
    /// `Disqualified: sells a competing product (a must-have)`.
    pub explanation: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreResult {
    pub profile_id: String,
    pub score: f64,
    pub band: Option<String>,
    pub disqualified: bool,
    pub failed_gates: Vec<FailedGate>,
    /// What the partner would score if no gate had failed: the sum the
    /// contributions' points make. Equal to `score` when not disqualified.
    pub score_without_gates: f64,
    pub coverage: f64,
    pub missing_fields: Vec<String>,
    pub contributions: Vec<Contribution>,
}

/// One entry of a ranking.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ranked {
    pub index: usize,
    pub score: f64,
    pub band: Option<String>,
}

/// What a criterion read from a record.
enum Reading {
    Missing,
    Invalid,
    Number(f64),
    Text(String),
    Flag(bool),
    Tags(Vec<String>),
}

/// Rounds half away from zero to `places`, after snapping off the last
/// bits of float noise so 72.45 computed as 72.4499999 still gives 72.5.
pub fn round_to(x: f64, places: i32) -> f64 {
    let snapped = (x * 1e9).round() / 1e9;
    let f = 10f64.powi(places);
    let r = (snapped * f).round() / f;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Reads non-blank text for a criterion of `kind`.
fn read_text(kind: &Kind, s: &str) -> Reading {
    match kind {
        Kind::Range { .. } => {
            let t = s.trim();
            let plain = t
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
            match crate::num::parse_f64(t).ok_or(()) {
                Ok(n) if plain && n.is_finite() => Reading::Number(n),
                _ => Reading::Invalid,
            }
        }
        Kind::Category { .. } => Reading::Text(fold(s)),
        Kind::Flag { .. } => match fold(s).as_str() {
            "true" | "yes" | "y" | "1" => Reading::Flag(true),
            "false" | "no" | "n" | "0" => Reading::Flag(false),
            _ => Reading::Invalid,
        },
        // CRMs send multi-select values as "a;b;c".
        Kind::Tags { .. } => Reading::Tags(
            s.split([';', ','])
                .map(fold)
                .filter(|t| !t.is_empty())
                .collect(),
        ),
    }
}

fn read_number(kind: &Kind, n: f64) -> Reading {
    if !n.is_finite() {
        return Reading::Invalid;
    }
    match kind {
        Kind::Range { .. } => Reading::Number(n),
        Kind::Category { .. } => Reading::Text(shown(n)),
        Kind::Flag { .. } if n == 1.0 => Reading::Flag(true),
        Kind::Flag { .. } if n == 0.0 => Reading::Flag(false),
        _ => Reading::Invalid,
    }
}

fn read_bool(kind: &Kind, b: bool) -> Reading {
    match kind {
        Kind::Category { .. } => Reading::Text(b.to_string()),
        Kind::Flag { .. } => Reading::Flag(b),
        _ => Reading::Invalid,
    }
}

fn read(kind: &Kind, v: Option<&Value>) -> Reading {
    let Some(v) = v.filter(|v| !v.is_blank()) else {
        return Reading::Missing;
    };
    match v {
        Value::String(s) => read_text(kind, s),
        Value::Number(n) => read_number(kind, *n),
        Value::Bool(b) => read_bool(kind, *b),
        Value::Array(items) if matches!(kind, Kind::Tags { .. }) => {
            let mut tags = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(s) => tags.push(fold(s)),
                    _ => return Reading::Invalid,
                }
            }
            Reading::Tags(tags)
        }
        _ => Reading::Invalid,
    }
}

/// Piecewise-linear interpolation, clamped at both ends.
fn curve_at(curve: &[(f64, f64)], x: f64) -> f64 {
    let (Some(first), Some(last)) = (curve.first(), curve.last()) else {
        return 0.0;
    };
    if x <= first.0 {
        return first.1;
    }
    if x >= last.0 {
        return last.1;
    }
    for pair in curve.windows(2) {
        if let [(x0, s0), (x1, s1)] = pair {
            if x <= *x1 {
                return s0 + (s1 - s0) * (x - x0) / (x1 - x0);
            }
        }
    }
    last.1
}

fn subscore(kind: &Kind, reading: &Reading) -> Option<f64> {
    match (kind, reading) {
        (Kind::Range { curve }, Reading::Number(x)) => Some(curve_at(curve, *x)),
        (Kind::Category { values, default }, Reading::Text(t)) => Some(
            values
                .iter()
                .find(|(k, _)| k == t)
                .map(|(_, s)| *s)
                .unwrap_or(*default),
        ),
        (
            Kind::Flag {
                when_true,
                when_false,
            },
            Reading::Flag(b),
        ) => Some(if *b { *when_true } else { *when_false }),
        (Kind::Tags { wanted }, Reading::Tags(tags)) => {
            let present = wanted.iter().filter(|w| tags.contains(w)).count();
            Some(present as f64 / wanted.len().max(1) as f64)
        }
        _ => None,
    }
}

/// Why a gate fails, or `None` when it passes. Only data that is present
/// and valid is held against a gate; missing data is reported instead.
fn gate_failure(gate: &Gate, reading: &Reading) -> Option<String> {
    match (gate, reading) {
        (Gate::Range { min, max }, Reading::Number(x)) => {
            if let Some(lo) = min.filter(|lo| x < lo) {
                Some(format!("{} is below the minimum {}", shown(*x), shown(lo)))
            } else {
                max.filter(|hi| x > hi)
                    .map(|hi| format!("{} is above the maximum {}", shown(*x), shown(hi)))
            }
        }
        (Gate::Allowed(allowed), Reading::Text(t)) => (!allowed.contains(t)).then(|| {
            format!(
                "{} is not one of {}",
                crate::error::quote(t),
                allowed.join(", ")
            )
        }),
        (Gate::Allowed(allowed), Reading::Tags(tags)) => {
            (!allowed.iter().any(|a| tags.contains(a)))
                .then(|| format!("none of {} is present", allowed.join(", ")))
        }
        (Gate::Required(want), Reading::Flag(b)) => {
            (b != want).then(|| format!("must be {want}, is {b}"))
        }
        _ => None,
    }
}

/// A number outside the criterion's domain is impossible data: it becomes
/// `invalid` (0 points) with the reason, before any scoring or gate.
/// The explained and the batch path both read through here.
fn in_domain(c: &Criterion, reading: Reading) -> (Reading, Option<String>) {
    if let (Some(d), Reading::Number(x)) = (&c.domain, &reading) {
        if let Some(why) = d.failure(*x) {
            return (Reading::Invalid, Some(why));
        }
    }
    (reading, None)
}

/// A label as it reads inside a sentence: `Sells a competing product` →
/// `sells a competing product`; an acronym (`ICP match`) stays as it is.
fn in_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            let mut out = String::with_capacity(label.len().saturating_add(1));
            crate::case::push_lower(a, &mut out);
            out.extend(label.chars().skip(1));
            out
        }
        _ => label.to_string(),
    }
}

/// A failed gate in words, from the criterion's label and the gate. A flag
/// label says what `true` means, so a must-be-false gate that fails reads
/// as the label itself.
fn gate_words(c: &Criterion, gate: &Gate, reading: &Reading) -> String {
    let label = &c.label;
    let what = match (gate, reading) {
        (Gate::Required(false), _) => in_sentence(label),
        (Gate::Required(true), _) => format!("not “{}”", in_sentence(label)),
        (Gate::Range { min, .. }, Reading::Number(x)) if min.is_some_and(|lo| *x < lo) => {
            format!(
                "{label} is {}, below the minimum of {}",
                shown(*x),
                shown(min.unwrap_or_default())
            )
        }
        (Gate::Range { max, .. }, Reading::Number(x)) => {
            format!(
                "{label} is {}, above the maximum of {}",
                shown(*x),
                shown(max.unwrap_or_default())
            )
        }
        (Gate::Allowed(allowed), Reading::Tags(_)) => {
            format!("{label} includes none of {}", allowed.join(", "))
        }
        (Gate::Allowed(allowed), Reading::Text(t)) => {
            format!("{label} is “{t}”, not one of {}", allowed.join(", "))
        }
        _ => in_sentence(label),
    };
    format!("Disqualified: {what} (a must-have)")
}

/// A criterion's status and subscore for what was read.
fn evaluate(c: &Criterion, reading: &Reading) -> (Status, f64) {
    match reading {
        Reading::Missing => (Status::Missing, 0.0),
        Reading::Invalid => (Status::Invalid, 0.0),
        r => match subscore(&c.kind, r) {
            Some(s) => (Status::Scored, s),
            None => (Status::Invalid, 0.0),
        },
    }
}

/// The running sums behind a score. Both the explained path and the batch
/// path go through it, so they give the same score to the last bit.
#[derive(Default)]
struct Tally {
    weighted: f64,
    denominator: f64,
    scored_weight: f64,
    disqualified: bool,
}

impl Tally {
    /// Under `renormalize` only criteria with data (scored or invalid)
    /// count; invalid data is still data, so it is held at 0, not excused.
    fn counts(policy: MissingPolicy, status: Status) -> bool {
        policy == MissingPolicy::Zero || status != Status::Missing
    }

    fn add(&mut self, policy: MissingPolicy, weight: f64, status: Status, s: f64) {
        if Self::counts(policy, status) {
            self.denominator += weight;
            self.weighted += weight * s;
        }
        if status == Status::Scored {
            self.scored_weight += weight;
        }
    }

    /// Score = 100 × Σ wᵢ·sᵢ / Σ wᵢ, rounded once to one place.
    fn score(&self) -> f64 {
        if self.disqualified || self.denominator <= 0.0 {
            0.0
        } else {
            round_to(
                (100.0 * self.weighted / self.denominator).clamp(0.0, 100.0),
                1,
            )
        }
    }
}

/// Scores one record (an object of field → value) against a profile.
pub fn score(profile: &Profile, record: &Value, path: &str) -> Result<ScoreResult> {
    if !matches!(record, Value::Object(_)) {
        return Err(Error::new(
            if matches!(record, Value::Null) {
                ErrorCode::MissingField
            } else {
                ErrorCode::InvalidType
            },
            path,
            format!(
                "a record must be an object of field: value, got {}",
                record.type_name()
            ),
        ));
    }
    let mut rows: Vec<(Status, f64, &Value, Option<String>)> =
        Vec::with_capacity(profile.criteria.len());
    let mut failed_gates = Vec::new();
    let mut missing_fields: Vec<String> = Vec::new();
    let mut tally = Tally::default();
    for c in &profile.criteria {
        let raw = record.get(&c.field);
        let (reading, reason) = in_domain(c, read(&c.kind, raw));
        let (status, s) = evaluate(c, &reading);
        if status == Status::Missing && !missing_fields.contains(&c.field) {
            missing_fields.push(c.field.clone());
        }
        if let Some(g) = &c.gate {
            if let Some(reason) = gate_failure(g, &reading) {
                failed_gates.push(FailedGate {
                    criterion: c.id.clone(),
                    reason,
                    explanation: gate_words(c, g, &reading),
                });
            }
        }
        tally.add(profile.missing, c.weight, status, s);
        rows.push((status, s, raw.unwrap_or(&Value::Null), reason));
    }
    let score_without_gates = tally.score();
    tally.disqualified = !failed_gates.is_empty();

    let mut contributions = Vec::with_capacity(rows.len());
    for (c, (status, s, value, reason)) in profile.criteria.iter().zip(rows) {
        let max = if Tally::counts(profile.missing, status) && tally.denominator > 0.0 {
            100.0 * c.weight / tally.denominator
        } else {
            0.0
        };
        contributions.push(Contribution {
            criterion: c.id.clone(),
            label: c.label.clone(),
            field: c.field.clone(),
            value: value.clone(),
            subscore: round_to(s, 4),
            points: round_to(max * s, 1),
            max_points: round_to(max, 1),
            status,
            reason,
        });
    }
    let score = tally.score();
    Ok(ScoreResult {
        profile_id: profile.id.clone(),
        score,
        band: band_for(profile, score),
        disqualified: tally.disqualified,
        failed_gates,
        score_without_gates,
        coverage: round_to(tally.scored_weight / profile.total_weight, 4),
        missing_fields,
        contributions,
    })
}

/// One cell of a column in the batch path.
#[derive(Clone, Copy, Debug)]
pub enum Cell<'a> {
    /// Blank (also NaN in a numeric column).
    Missing,
    Number(f64),
    Text(&'a str),
    Bool(bool),
    /// Any value, read exactly as the explained path reads a record field.
    Value(&'a Value),
}

/// One cell as [`criterion_subscores`] reads a record's field: its status,
/// subscore and whether the criterion's gate fails on it, with the field's
/// domain applied as scoring applies it ([`cell_outcome`]). fitProfile's
/// columnar path (src/fit.rs) reads each distinct value and each number
/// through this, so its features equal the record path's bit for bit
/// (tests/fit.rs).
pub fn cell_subscore(c: &Criterion, cell: Cell<'_>) -> (Status, f64, bool) {
    cell_outcome(c, cell)
}

/// Score and band index (into `profile.bands`, highest first) for one row,
/// without the explanation: the batch path. `cell` gives each criterion's
/// value; the result equals [`score`]'s for the same data.
pub fn quick_score<'a>(
    profile: &Profile,
    mut cell: impl FnMut(usize, &Criterion) -> Cell<'a>,
) -> (f64, Option<usize>) {
    quick(profile, |i, c| read_cell(&c.kind, cell(i, c)))
}

fn read_cell(kind: &Kind, cell: Cell<'_>) -> Reading {
    match cell {
        Cell::Missing => Reading::Missing,
        Cell::Number(n) if n.is_nan() => Reading::Missing,
        Cell::Number(n) => read_number(kind, n),
        Cell::Text(t) if t.trim().is_empty() => Reading::Missing,
        Cell::Text(t) => read_text(kind, t),
        Cell::Bool(b) => read_bool(kind, b),
        Cell::Value(v) => read(kind, Some(v)),
    }
}

/// What one cell does to a criterion on the batch path: its status, its
/// subscore and whether the criterion's gate fails on it. The compiled
/// kernel (src/kernel.rs) resolves each distinct dictionary value through
/// this once per call, so it reads cells exactly as [`quick_score`] does.
pub fn cell_outcome(c: &Criterion, cell: Cell<'_>) -> (Status, f64, bool) {
    // Outside the field's domain is invalid, as on the explained path.
    let reading = match (read_cell(&c.kind, cell), &c.domain) {
        (Reading::Number(x), Some(d)) if !d.contains(x) => Reading::Invalid,
        (r, _) => r,
    };
    let (status, s) = evaluate(c, &reading);
    let fails = c
        .gate
        .as_ref()
        .is_some_and(|g| gate_failure(g, &reading).is_some());
    (status, s, fails)
}

/// Scores a record given as a [`Value`] on the batch path.
pub fn quick_score_value(profile: &Profile, record: &Value) -> (f64, Option<usize>) {
    quick(profile, |_, c| read(&c.kind, record.get(&c.field)))
}

fn quick(
    profile: &Profile,
    mut reading_of: impl FnMut(usize, &Criterion) -> Reading,
) -> (f64, Option<usize>) {
    let mut tally = Tally::default();
    for (i, c) in profile.criteria.iter().enumerate() {
        let reading = match (reading_of(i, c), &c.domain) {
            (Reading::Number(x), Some(d)) if !d.contains(x) => Reading::Invalid,
            (r, _) => r,
        };
        let (status, s) = evaluate(c, &reading);
        if !tally.disqualified
            && c.gate
                .as_ref()
                .is_some_and(|g| gate_failure(g, &reading).is_some())
        {
            tally.disqualified = true;
        }
        tally.add(profile.missing, c.weight, status, s);
    }
    let score = tally.score();
    (score, band_index(profile, score))
}

/// Each criterion's status and subscore for one record, in criterion order,
/// written into `out`, and whether a gate fails: the features that
/// `fitProfile` learns from (src/fit.rs), read exactly as [`score`] reads them.
pub fn criterion_subscores(
    profile: &Profile,
    record: &Value,
    out: &mut Vec<(Status, f64)>,
) -> bool {
    out.clear();
    let mut disqualified = false;
    for c in &profile.criteria {
        // Outside the field's domain is invalid, as scoring reads it.
        let reading = match (read(&c.kind, record.get(&c.field)), &c.domain) {
            (Reading::Number(x), Some(d)) if !d.contains(x) => Reading::Invalid,
            (r, _) => r,
        };
        if !disqualified
            && c.gate
                .as_ref()
                .is_some_and(|g| gate_failure(g, &reading).is_some())
        {
            disqualified = true;
        }
        out.push(evaluate(c, &reading));
    }
    disqualified
}

/// The index, in `profile.bands`, of the band a score falls in.
pub fn band_index(profile: &Profile, score: f64) -> Option<usize> {
    profile.bands.iter().position(|b| b.min <= score)
}

/// The first band, from the highest `min` down, whose `min` ≤ score.
pub fn band_for(profile: &Profile, score: f64) -> Option<String> {
    profile
        .bands
        .iter()
        .find(|b| b.min <= score)
        .map(|b| b.label.clone())
}

/// Reads a list of records, refusing non-lists and oversized lists.
pub fn records(value: &Value) -> Result<&[Value]> {
    match value {
        Value::Array(items) if items.len() > MAX_RECORDS => Err(Error::new(
            ErrorCode::LimitExceeded,
            "",
            format!("{} records; the limit is {MAX_RECORDS} a call", items.len()),
        )),
        Value::Array(items) => Ok(items),
        other => Err(Error::new(
            ErrorCode::InvalidType,
            "",
            format!("expected a list of records, got {}", other.type_name()),
        )),
    }
}

/// Scores every record, in input order.
pub fn score_all(profile: &Profile, list: &[Value]) -> Result<Vec<ScoreResult>> {
    list.iter()
        .enumerate()
        .map(|(i, r)| score(profile, r, &index("", i)))
        .collect()
}

/// Ranks records best first; records with equal (displayed) scores keep
/// their input order.
pub fn rank(profile: &Profile, list: &[Value]) -> Result<Vec<Ranked>> {
    let mut ranked = score_all(profile, list)?
        .into_iter()
        .enumerate()
        .map(|(index, r)| Ranked {
            index,
            score: r.score,
            band: r.band,
        })
        .collect::<Vec<_>>();
    // Stable, as sort_by is (src/sort.rs).
    crate::sort::by_f64_desc(&mut ranked, |r| r.score);
    Ok(ranked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curve_interpolates_and_clamps() {
        let c = [(0.0, 0.0), (10.0, 0.5), (20.0, 1.0)];
        assert_eq!(curve_at(&c, -5.0), 0.0);
        assert_eq!(curve_at(&c, 5.0), 0.25);
        assert_eq!(curve_at(&c, 15.0), 0.75);
        assert_eq!(curve_at(&c, 99.0), 1.0);
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_to(72.45, 1), 72.5);
        assert_eq!(round_to(72.449, 1), 72.4);
        assert_eq!(round_to(100.0 / 3.0, 1), 33.3);
        assert_eq!(round_to(-0.01, 1), 0.0);
    }
}
