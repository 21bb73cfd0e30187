//! Fit scoring against a compiled profile (design.md §3.2): the score, its
//! band, the gates, coverage, and one explained line per criterion.

use crate::error::{index, Error, ErrorCode, Result};
use crate::profile::{fold, Gate, Kind, MissingPolicy, Profile};
use crate::value::Value;
use serde::Serialize;

/// Most records one call may score.
pub const MAX_RECORDS: usize = 1_000_000;

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
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FailedGate {
    pub criterion: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreResult {
    pub profile_id: String,
    pub score: f64,
    pub band: Option<String>,
    pub disqualified: bool,
    pub failed_gates: Vec<FailedGate>,
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

fn read_number(v: &Value) -> Reading {
    match v {
        Value::Number(n) if n.is_finite() => Reading::Number(*n),
        Value::Number(_) => Reading::Invalid,
        Value::String(s) => {
            let t = s.trim();
            let plain = t
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
            match t.parse::<f64>() {
                Ok(n) if plain && n.is_finite() => Reading::Number(n),
                _ => Reading::Invalid,
            }
        }
        _ => Reading::Invalid,
    }
}

fn read(kind: &Kind, v: Option<&Value>) -> Reading {
    let Some(v) = v.filter(|v| !v.is_blank()) else {
        return Reading::Missing;
    };
    match kind {
        Kind::Range { .. } => read_number(v),
        Kind::Category { .. } => match v {
            Value::String(s) => Reading::Text(fold(s)),
            Value::Number(n) if n.is_finite() => Reading::Text(format!("{n}")),
            Value::Bool(b) => Reading::Text(b.to_string()),
            _ => Reading::Invalid,
        },
        Kind::Flag { .. } => match v {
            Value::Bool(b) => Reading::Flag(*b),
            Value::Number(n) if *n == 1.0 => Reading::Flag(true),
            Value::Number(n) if *n == 0.0 => Reading::Flag(false),
            Value::String(s) => match fold(s).as_str() {
                "true" | "yes" | "y" | "1" => Reading::Flag(true),
                "false" | "no" | "n" | "0" => Reading::Flag(false),
                _ => Reading::Invalid,
            },
            _ => Reading::Invalid,
        },
        Kind::Tags { .. } => match v {
            // CRMs send multi-select values as "a;b;c".
            Value::String(s) => Reading::Tags(
                s.split([';', ','])
                    .map(fold)
                    .filter(|t| !t.is_empty())
                    .collect(),
            ),
            Value::Array(items) => {
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
        },
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
                Some(format!("{x} is below the minimum {lo}"))
            } else {
                max.filter(|hi| x > hi)
                    .map(|hi| format!("{x} is above the maximum {hi}"))
            }
        }
        (Gate::Allowed(allowed), Reading::Text(t)) => {
            (!allowed.contains(t)).then(|| format!("{t:?} is not one of {}", allowed.join(", ")))
        }
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
    let mut rows: Vec<(Status, f64, &Value)> = Vec::with_capacity(profile.criteria.len());
    let mut failed_gates = Vec::new();
    let mut missing_fields: Vec<String> = Vec::new();
    for c in &profile.criteria {
        let raw = record.get(&c.field);
        let reading = read(&c.kind, raw);
        let (status, s) = match &reading {
            Reading::Missing => (Status::Missing, 0.0),
            Reading::Invalid => (Status::Invalid, 0.0),
            r => match subscore(&c.kind, r) {
                Some(s) => (Status::Scored, s),
                None => (Status::Invalid, 0.0),
            },
        };
        if status == Status::Missing && !missing_fields.contains(&c.field) {
            missing_fields.push(c.field.clone());
        }
        if let Some(reason) = c.gate.as_ref().and_then(|g| gate_failure(g, &reading)) {
            failed_gates.push(FailedGate {
                criterion: c.id.clone(),
                reason,
            });
        }
        rows.push((status, s, raw.unwrap_or(&Value::Null)));
    }

    // Under `renormalize` only criteria with data (scored or invalid) count;
    // invalid data is still data, so it is held at 0 rather than excused.
    let counts = |st: Status| profile.missing == MissingPolicy::Zero || st != Status::Missing;
    let denominator: f64 = profile
        .criteria
        .iter()
        .zip(&rows)
        .filter(|(_, (st, _, _))| counts(*st))
        .map(|(c, _)| c.weight)
        .sum();
    let scored_weight: f64 = profile
        .criteria
        .iter()
        .zip(&rows)
        .filter(|(_, (st, _, _))| *st == Status::Scored)
        .map(|(c, _)| c.weight)
        .sum();

    let mut raw_score = 0.0;
    let mut contributions = Vec::with_capacity(rows.len());
    for (c, (status, s, value)) in profile.criteria.iter().zip(rows) {
        let max = if counts(status) && denominator > 0.0 {
            100.0 * c.weight / denominator
        } else {
            0.0
        };
        let points = max * s;
        raw_score += points;
        contributions.push(Contribution {
            criterion: c.id.clone(),
            label: c.label.clone(),
            field: c.field.clone(),
            value: value.clone(),
            subscore: round_to(s, 4),
            points: round_to(points, 1),
            max_points: round_to(max, 1),
            status,
        });
    }
    let disqualified = !failed_gates.is_empty();
    let score = if disqualified {
        0.0
    } else {
        round_to(raw_score.clamp(0.0, 100.0), 1)
    };
    Ok(ScoreResult {
        profile_id: profile.id.clone(),
        score,
        band: band_for(profile, score),
        disqualified,
        failed_gates,
        coverage: round_to(scored_weight / profile.total_weight, 4),
        missing_fields,
        contributions,
    })
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
    // sort_by is stable.
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
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
