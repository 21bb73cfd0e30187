//! The batch path for bulk scoring: a profile compiled once behind a
//! handle, then scores (no explanations) for many records, from objects or
//! from columns. Scores equal the explained path's to the last bit.

use crate::api::resolve_profile;
use crate::error::{join, Error, ErrorCode, Result};
use crate::profile::Profile;
use crate::score::{self, quick_score, quick_score_value, Cell, MAX_ROWS};
use crate::value::Value;

/// Band index written for a score that falls in no band.
pub const NO_BAND: u8 = u8::MAX;

/// A column of field values.
#[derive(Clone, Debug, PartialEq)]
pub enum Column {
    /// Numbers; NaN marks a blank cell.
    Numbers(Vec<f64>),
    /// Any values (text, booleans, numbers, null for blank).
    Values(Vec<Value>),
    /// Dictionary-encoded values: each row holds an index into `values`
    /// (a code past the end is blank). Text columns with few distinct
    /// values (categories, yes/no flags) cross the boundary once per
    /// distinct value instead of once per row.
    Coded { values: Vec<Value>, codes: Vec<u32> },
}

/// Scores and band indexes, one per row, in input order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scores {
    pub scores: Vec<f64>,
    /// Index into [`Scorer::band_labels`], or [`NO_BAND`].
    pub bands: Vec<u8>,
}

impl Scores {
    fn with_capacity(n: usize) -> Self {
        Scores {
            scores: Vec::with_capacity(n),
            bands: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, (score, band): (f64, Option<usize>)) {
        self.scores.push(score);
        self.bands
            .push(band.and_then(|b| u8::try_from(b).ok()).unwrap_or(NO_BAND));
    }
}

/// A profile validated and compiled once.
#[derive(Clone, Debug)]
pub struct Scorer {
    profile: Profile,
}

impl Scorer {
    /// A built-in id, a profile object or a profile's JSON text.
    pub fn new(profile: &Value) -> Result<Scorer> {
        Ok(Scorer {
            profile: resolve_profile(profile)?.into_owned(),
        })
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Band labels, highest first; band indexes point into this list.
    pub fn band_labels(&self) -> Vec<String> {
        self.profile.bands.iter().map(|b| b.label.clone()).collect()
    }

    /// The fields the profile reads, in criterion order (a field read by
    /// two criteria appears once).
    pub fn fields(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in &self.profile.criteria {
            if !out.contains(&c.field) {
                out.push(c.field.clone());
            }
        }
        out
    }

    /// Scores a list of record objects (or its JSON text).
    pub fn score_records(&self, records: &Value) -> Result<Scores> {
        let parsed;
        let records = match records {
            Value::String(text) => {
                parsed = crate::value::parse_json(text, "records")?;
                &parsed
            }
            other => other,
        };
        let list = score::records(records).map_err(|e| Error {
            path: "records".into(),
            ..e
        })?;
        let mut out = Scores::with_capacity(list.len());
        for (i, r) in list.iter().enumerate() {
            if !matches!(r, Value::Object(_)) {
                return Err(Error::new(
                    ErrorCode::InvalidType,
                    format!("records[{i}]"),
                    format!("a record must be an object, got {}", r.type_name()),
                ));
            }
            out.push(quick_score_value(&self.profile, r));
        }
        Ok(out)
    }

    /// Scores `row_count` rows given as columns keyed by field name.
    /// Columns the profile does not read are ignored; a field with no
    /// column is missing in every row. A column shorter than `row_count` is
    /// an error.
    pub fn score_columns(&self, columns: &[(String, Column)], row_count: usize) -> Result<Scores> {
        if row_count > MAX_ROWS {
            return Err(Error::new(
                ErrorCode::LimitExceeded,
                "rowCount",
                format!("{row_count} rows; the limit is {MAX_ROWS} a call"),
            ));
        }
        for (name, col) in columns {
            let len = match col {
                Column::Numbers(v) => v.len(),
                Column::Values(v) => v.len(),
                Column::Coded { codes, .. } => codes.len(),
            };
            if len < row_count {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    join("columns", name),
                    format!("the column has {len} cells; rowCount is {row_count}"),
                ));
            }
        }
        // Each criterion's column, looked up once.
        let by_criterion: Vec<Option<&Column>> = self
            .profile
            .criteria
            .iter()
            .map(|c| {
                columns
                    .iter()
                    .find(|(n, _)| *n == c.field)
                    .map(|(_, col)| col)
            })
            .collect();
        let mut out = Scores::with_capacity(row_count);
        for row in 0..row_count {
            out.push(quick_score(&self.profile, |i, _| {
                match by_criterion.get(i).copied().flatten() {
                    None => Cell::Missing,
                    Some(Column::Numbers(v)) => {
                        v.get(row).map_or(Cell::Missing, |n| Cell::Number(*n))
                    }
                    Some(Column::Values(v)) => v.get(row).map_or(Cell::Missing, Cell::Value),
                    Some(Column::Coded { values, codes }) => codes
                        .get(row)
                        .and_then(|c| values.get(usize::try_from(*c).ok()?))
                        .map_or(Cell::Missing, Cell::Value),
                }
            }));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::parse_json;

    #[test]
    fn columns_agree_with_records() {
        let s = Scorer::new(&Value::String("referral".into())).unwrap();
        let records = parse_json(
            r#"[{"icpMatchPercent": 55, "buyingTriggersPerQuarter": "3", "returnMultiple": 2.6,
                 "customerOverlapPercent": 12, "firmType": "Agency", "sellsCompetingProduct": false},
                {"icpMatchPercent": 10, "sellsCompetingProduct": "yes"},
                {}]"#,
            "",
        )
        .unwrap();
        let from_records = s.score_records(&records).unwrap();
        let cols = vec![
            (
                "icpMatchPercent".to_string(),
                Column::Numbers(vec![55.0, 10.0, f64::NAN]),
            ),
            (
                "buyingTriggersPerQuarter".to_string(),
                Column::Values(vec![Value::String("3".into()), Value::Null, Value::Null]),
            ),
            (
                "returnMultiple".to_string(),
                Column::Numbers(vec![2.6, f64::NAN, f64::NAN]),
            ),
            (
                "customerOverlapPercent".to_string(),
                Column::Numbers(vec![12.0, f64::NAN, f64::NAN]),
            ),
            (
                "firmType".to_string(),
                Column::Values(vec![
                    Value::String("Agency".into()),
                    Value::Null,
                    Value::Null,
                ]),
            ),
            (
                "sellsCompetingProduct".to_string(),
                Column::Values(vec![
                    Value::Bool(false),
                    Value::String("yes".into()),
                    Value::Null,
                ]),
            ),
        ];
        let from_columns = s.score_columns(&cols, 3).unwrap();
        assert_eq!(from_records, from_columns);
        assert_eq!(from_records.scores, vec![79.2, 0.0, 0.0]);
        assert_eq!(s.band_labels()[usize::from(from_records.bands[0])], "Good");
        let short = s.score_columns(&cols, 4).unwrap_err();
        assert_eq!(short.code, ErrorCode::OutOfRange);
    }
}
