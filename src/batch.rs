//! The batch path for bulk scoring: a profile compiled once behind a
//! handle, then scores (no explanations) for many records, from objects or
//! from columns. Scores equal the explained path's to the last bit.
//! Columns run on the compiled kernel (src/kernel.rs).

use crate::api::resolve_profile;
use crate::error::{join, Error, ErrorCode, Result};
use crate::kernel::{ColumnRef, Kernel};
use crate::profile::Profile;
use crate::score::{self, quick_score_value, MAX_ROWS};
use crate::value::Value;

pub use crate::kernel::{NO_BAND, NUMBER_CODE};

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
    /// Bytes: 0 and 1 are the numbers 0 and 1 (false and true for a
    /// flag); any other byte is blank.
    Flags(Vec<u8>),
    /// A coded column with numbers beside it: a row whose code is
    /// [`NUMBER_CODE`] reads `numbers` (NaN = blank), as a column of mixed
    /// numbers and text does.
    Mixed {
        values: Vec<Value>,
        codes: Vec<u32>,
        numbers: Vec<f64>,
    },
}

impl Column {
    fn as_ref(&self) -> ColumnRef<'_> {
        match self {
            Column::Numbers(v) => ColumnRef::Numbers(v),
            Column::Values(v) => ColumnRef::Values(v),
            Column::Coded { values, codes } => ColumnRef::Coded {
                values,
                codes,
                numbers: None,
            },
            Column::Flags(v) => ColumnRef::Flags(v),
            Column::Mixed {
                values,
                codes,
                numbers,
            } => ColumnRef::Coded {
                values,
                codes,
                numbers: Some(numbers),
            },
        }
    }
}

/// Scores and band indexes, one per row, in input order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scores {
    pub scores: Vec<f64>,
    /// Index into [`Scorer::band_labels`], or [`NO_BAND`].
    pub bands: Vec<u8>,
}

impl Scores {
    /// How many rows were scored.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

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
    kernel: Kernel,
    /// Columns handed in one at a time (the wasm boundary copies each
    /// typed array in once), by slot: the index in [`Scorer::fields`].
    staged: Vec<Option<Column>>,
}

impl Scorer {
    /// A built-in id, a profile object or a profile's JSON text.
    pub fn new(profile: &Value) -> Result<Scorer> {
        let profile = resolve_profile(profile)?.into_owned();
        let kernel = Kernel::new(&profile);
        Ok(Scorer {
            profile,
            kernel,
            staged: Vec::new(),
        })
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Hands in the column of `fields()[slot]` for the next
    /// [`Scorer::score_staged`]; a later column for the same slot replaces it.
    pub fn stage(&mut self, slot: usize, column: Column) -> Result<()> {
        let n = self.kernel.fields().len();
        if slot >= n {
            return Err(Error::new(
                ErrorCode::OutOfRange,
                "slot",
                format!("slot {slot}: the profile reads {n} fields"),
            ));
        }
        if self.staged.len() < n {
            self.staged.resize(n, None);
        }
        if let Some(place) = self.staged.get_mut(slot) {
            *place = Some(column);
        }
        Ok(())
    }

    /// Drops every staged column.
    pub fn clear_staged(&mut self) {
        self.staged.clear();
    }

    /// Scores `row_count` rows from the staged columns (a slot with none is
    /// blank in every row), then drops them, whatever the outcome.
    pub fn score_staged(&mut self, row_count: usize) -> Result<Scores> {
        let staged = std::mem::take(&mut self.staged);
        let fields = self.kernel.fields();
        let columns: Vec<(&str, Option<ColumnRef<'_>>)> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                (
                    f.as_str(),
                    staged.get(i).and_then(|c| c.as_ref().map(Column::as_ref)),
                )
            })
            .collect();
        self.run(&columns, row_count)
    }

    /// Checks the row count and each column's length, then runs the kernel.
    fn run(&self, columns: &[(&str, Option<ColumnRef<'_>>)], row_count: usize) -> Result<Scores> {
        if row_count > MAX_ROWS {
            return Err(Error::new(
                ErrorCode::LimitExceeded,
                "rowCount",
                format!("{row_count} rows; the limit is {MAX_ROWS} a call"),
            ));
        }
        for (name, col) in columns {
            if let Some(col) = col {
                let len = col.len();
                if len < row_count {
                    return Err(Error::new(
                        ErrorCode::OutOfRange,
                        join("columns", name),
                        format!("the column has {len} cells; rowCount is {row_count}"),
                    ));
                }
            }
        }
        let refs: Vec<Option<ColumnRef<'_>>> = columns.iter().map(|(_, c)| *c).collect();
        let mut out = Scores::default();
        self.kernel
            .score(&refs, row_count, &mut out.scores, &mut out.bands);
        Ok(out)
    }

    /// Band labels, highest first; band indexes point into this list.
    pub fn band_labels(&self) -> Vec<String> {
        self.profile.bands.iter().map(|b| b.label.clone()).collect()
    }

    /// The fields the profile reads, in criterion order (a field read by
    /// two criteria appears once).
    pub fn fields(&self) -> Vec<String> {
        self.kernel.fields().to_vec()
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
        // Each field's column, looked up once (a column for a field the
        // profile does not read is ignored, as before; one for a field it
        // reads but shorter than row_count is an error).
        let mut by_field: Vec<(&str, Option<ColumnRef<'_>>)> = self
            .kernel
            .fields()
            .iter()
            .map(|f| {
                (
                    f.as_str(),
                    columns
                        .iter()
                        .find(|(n, _)| n == f)
                        .map(|(_, c)| c.as_ref()),
                )
            })
            .collect();
        // Columns the profile does not read are still held to row_count.
        for (name, col) in columns {
            if !by_field.iter().any(|(f, _)| f == name) {
                by_field.push((name.as_str(), Some(col.as_ref())));
            }
        }
        let out = self.run(&by_field, row_count)?;
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
