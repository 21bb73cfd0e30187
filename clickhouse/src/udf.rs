//! The functions, one block of rows at a time: read each row's arguments
//! off the RowBinary input, call the core, write one result per row. No
//! domain logic lives here; every number comes from the core.

use crate::rowbinary::{write_f64, write_string, Reader};
use partner_scoring::api;
use partner_scoring::profile::Profile;
use partner_scoring::score::{self, ScoreResult};
use partner_scoring::tiers;
use partner_scoring::value::{check_field_text, parse_json, Value};
use partner_scoring::{Error, ErrorCode};
use std::borrow::Cow;
use std::cell::RefCell;

/// What a bad row does: stop the query with a message naming the row and
/// the field (the plain functions), or give that row NULL (the `OrNull`
/// variants, declared `RETURNS Nullable(...)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnError {
    Throw,
    Null,
}

/// A value one row gives back, written in RowBinary.
pub trait Output {
    fn write(&self, out: &mut Vec<u8>);
    /// Bytes [`Output::write`] adds at most (with a NULL marker byte).
    fn size(&self) -> usize;
}

impl Output for f64 {
    fn write(&self, out: &mut Vec<u8>) {
        write_f64(out, *self);
    }
    fn size(&self) -> usize {
        9
    }
}

impl Output for String {
    fn write(&self, out: &mut Vec<u8>) {
        write_string(out, self.as_bytes());
    }
    fn size(&self) -> usize {
        // A varint length takes at most 10 bytes.
        self.len().saturating_add(11)
    }
}

/// Room for `more` bytes of results, or the message saying the block's
/// results do not fit in the module's memory. The block arrives in one
/// buffer and its results leave in one (ABI BUFFERED_V1), so only these
/// two grow with the block; every row's own work is bounded by the core's
/// input limits and freed before the next row.
fn make_room(
    out: &mut Vec<u8>,
    more: usize,
    name: &str,
    row: usize,
    rows: usize,
) -> Result<(), String> {
    if out.capacity().saturating_sub(out.len()) >= more
        || out.try_reserve(more).is_ok()
        || out.try_reserve_exact(more).is_ok()
    {
        return Ok(());
    }
    Err(format!(
        "{name}: the results of this block ({} bytes by row {} of {rows}) do not fit in the module's memory; \
         lower webassembly_udf_max_input_block_size or raise webassembly_udf_max_memory (clickhouse/README.md, Settings)",
        out.len(),
        row + 1
    ))
}

/// A function's SQL name, its argument names, and how the core's field
/// names map onto those arguments in error messages.
pub struct Spec<const N: usize> {
    pub name: &'static str,
    pub args: [&'static str; N],
    pub rename: &'static [(&'static str, &'static str)],
}

/// Longest excerpt of an argument quoted in an error message, in chars.
const EXCERPT_CHARS: usize = 80;

fn excerpt(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(EXCERPT_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}...")
    } else {
        head
    }
}

/// The core's path with its first segment renamed to the SQL argument.
fn sql_path(rename: &[(&str, &str)], path: &str) -> String {
    let cut = path.find(['.', '[']).unwrap_or(path.len());
    let (head, rest) = path.split_at(cut);
    match rename.iter().find(|(core, _)| *core == head) {
        Some((_, sql)) => format!("{sql}{rest}"),
        None => path.to_string(),
    }
}

/// `partnerFit: row 3 of 8192 in this block: invalid-json at record: ...
/// (record = '{oops}')`. Rows count from 1 within the block the function
/// received; the quoted value finds the row in the table.
pub fn row_message<const N: usize>(
    spec: &Spec<N>,
    row: usize,
    rows: usize,
    args: &[&str; N],
    e: &Error,
) -> String {
    let path = sql_path(spec.rename, &e.path);
    let field = path.split(['.', '[']).next().unwrap_or_default();
    let value = spec
        .args
        .iter()
        .zip(args)
        .find(|(name, _)| **name == field)
        .map(|(name, v)| format!(" ({name} = '{}')", excerpt(v)))
        .unwrap_or_default();
    let at = if path.is_empty() {
        String::new()
    } else {
        format!(" at {path}")
    };
    format!(
        "{}: row {} of {rows} in this block: {}{at}: {}{value}",
        spec.name,
        row + 1,
        e.code.as_str(),
        e.message
    )
}

/// Runs `f` over every row of a RowBinary block of `N` String columns.
/// Errors are messages for `clickhouse_throw`.
pub fn run_block<const N: usize, T: Output>(
    spec: &Spec<N>,
    input: &[u8],
    rows: usize,
    mode: OnError,
    mut f: impl FnMut([&str; N]) -> Result<T, Error>,
) -> Result<Vec<u8>, String> {
    let mut reader = Reader::new(input);
    // Float64 results take 8 bytes a row (9 when Nullable), short strings
    // a few more; longer results grow the buffer as they come.
    let mut out = Vec::new();
    make_room(
        &mut out,
        rows.saturating_mul(9).min(1 << 24),
        spec.name,
        0,
        rows,
    )?;
    for row in 0..rows {
        let mut args = [""; N];
        let mut bad: Option<Error> = None;
        for (slot, name) in args.iter_mut().zip(spec.args) {
            let bytes = reader.string().map_err(|why| {
                format!(
                    "{}: row {} of {rows}: {why}; was the function created with ARGUMENTS ({}) and serialization_format = 'RowBinary'?",
                    spec.name,
                    row + 1,
                    spec.args.map(|a| format!("{a} String")).join(", ")
                )
            })?;
            match std::str::from_utf8(bytes) {
                Ok(text) => *slot = text,
                Err(_) => {
                    bad = bad.or_else(|| {
                        Some(Error::new(
                            ErrorCode::InvalidType,
                            name,
                            "the text is not valid UTF-8",
                        ))
                    })
                }
            }
        }
        let result = match bad {
            Some(e) => Err(e),
            None => f(args),
        };
        if let Ok(v) = &result {
            make_room(&mut out, v.size(), spec.name, row, rows)?;
        } else {
            make_room(&mut out, 1, spec.name, row, rows)?;
        }
        match (result, mode) {
            (Ok(v), OnError::Throw) => v.write(&mut out),
            (Ok(v), OnError::Null) => {
                out.push(0);
                v.write(&mut out);
            }
            (Err(_), OnError::Null) => out.push(1),
            (Err(e), OnError::Throw) => return Err(row_message(spec, row, rows, &args, &e)),
        }
    }
    if reader.remaining() != 0 {
        return Err(format!(
            "{}: {} bytes left after {rows} rows; was the function created with ARGUMENTS ({}) and serialization_format = 'RowBinary'?",
            spec.name,
            reader.remaining(),
            spec.args.map(|a| format!("{a} String")).join(", ")
        ));
    }
    Ok(out)
}

// ------------------------------------------------------------------ scoring

/// The last profile seen, compiled. A constant profile (the usual case:
/// a built-in id or one JSON literal for the whole query) is compiled
/// once per module instance, not once per row or per block; a profile
/// column that changes from row to row recompiles on each change.
struct ProfileCache {
    text: String,
    compiled: Option<Result<Cow<'static, Profile>, Error>>,
}

impl ProfileCache {
    fn get(&mut self, text: &str) -> Result<&Profile, Error> {
        if self.compiled.is_none() || self.text != text {
            self.text.clear();
            // A profile over the cache size is compiled for its row only:
            // holding a copy would double its memory.
            if text.len() <= MAX_CACHED_PROFILE_BYTES {
                self.text.push_str(text);
            }
            self.compiled = Some(compile_profile(text));
        }
        match &self.compiled {
            Some(Ok(profile)) => Ok(profile),
            Some(Err(e)) => Err(e.clone()),
            None => Err(Error::new(
                ErrorCode::Internal,
                "profile",
                "no profile compiled",
            )),
        }
    }
}

/// Longest profile text kept for comparison with the next row's.
const MAX_CACHED_PROFILE_BYTES: usize = 1 << 20;

/// A built-in id or a profile's JSON text, compiled by the core. JSON
/// text goes to the core's parser in place; an id is held to the core's
/// limit on a field's text before it is copied.
fn compile_profile(text: &str) -> Result<Cow<'static, Profile>, Error> {
    if text.trim_start().starts_with('{') {
        api::resolve_profile(&parse_json(text, "profile")?)
    } else {
        check_field_text(text.len(), "profile")?;
        api::resolve_profile(&Value::String(text.to_string()))
    }
}

thread_local! {
    static PROFILES: RefCell<ProfileCache> = const {
        RefCell::new(ProfileCache { text: String::new(), compiled: None })
    };
}

fn with_profiles<R>(f: impl FnOnce(&mut ProfileCache) -> Result<R, String>) -> Result<R, String> {
    PROFILES.with(|cell| match cell.try_borrow_mut() {
        Ok(mut cache) => f(&mut cache),
        Err(_) => Err("internal: the profile cache is in use".to_string()),
    })
}

/// A record is JSON text of an object, read by the core's parser (with
/// the core's limits); other text is refused by the core as
/// `invalid-type`, as `scorePartner` does with a non-object. The text is
/// not copied to be refused: its type is what the error names.
fn record_value(text: &str) -> Result<Value, Error> {
    if matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'[')) {
        parse_json(text, "record")
    } else {
        Ok(Value::String(String::new()))
    }
}

/// The full result, with the explanation (partnerExplain).
fn explain_row(
    cache: &mut ProfileCache,
    profile: &str,
    record: &str,
) -> Result<ScoreResult, Error> {
    let profile = cache.get(profile)?;
    score::score(profile, &record_value(record)?, "record")
}

/// Score and band for one row on the core's batch path
/// (`score::quick_score`, equal to the explained score to the last bit).
/// A flat record (an object of scalars: the usual CRM export) is read
/// without building a [`Value`]; anything else goes through the core's
/// own parser, which also gives the exact error for bad JSON.
fn fit_row<'p>(
    cache: &'p mut ProfileCache,
    profile: &str,
    record: &str,
) -> Result<(f64, Option<&'p str>), Error> {
    let profile = cache.get(profile)?;
    let (score, band) = match flat::parse(record) {
        Some(fields) => score::quick_score(profile, |_, c| flat::cell(&fields, &c.field)),
        None => match record_value(record)? {
            value @ Value::Object(_) => score::quick_score_value(profile, &value),
            other => score::score(profile, &other, "record").map(|r| (r.score, None))?,
        },
    };
    let band = band
        .and_then(|i| profile.bands.get(i))
        .map(|b| b.label.as_str());
    Ok((score, band))
}

/// Reading a flat JSON object of scalars with serde_json, borrowing the
/// keys and text from the row. Only the shape is decided here; every value
/// goes to the core as a [`score::Cell`], read by the core's rules.
mod flat {
    use partner_scoring::score::Cell;
    use partner_scoring::value::{check_field_text, check_object_key, MAX_TEXT_BYTES};
    use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
    use std::borrow::Cow;
    use std::fmt;

    pub enum Scalar<'a> {
        Null,
        Bool(bool),
        Number(f64),
        Text(Cow<'a, str>),
    }

    pub type Fields<'a> = Vec<(Cow<'a, str>, Scalar<'a>)>;

    /// The fields of `text` if it is one JSON object whose values are all
    /// scalars, within the core's limits (`value::check_object_key`,
    /// `value::check_field_text`); `None` for anything else (nested values,
    /// bad JSON, a limit reached), which then goes to the core's parser:
    /// it gives the error, so both paths refuse the same records. Memory
    /// stays bounded: at most MAX_OBJECT_FIELDS + 1 entries, text borrowed.
    pub fn parse(text: &str) -> Option<Fields<'_>> {
        if text.len() > MAX_TEXT_BYTES {
            return None;
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let fields = de.deserialize_map(RecordVisitor).ok()?;
        de.end().ok()?;
        Some(fields)
    }

    /// The cell for `field`: the last occurrence wins, as in `JSON.parse`
    /// and the core's parser.
    pub fn cell<'a>(fields: &'a Fields<'_>, field: &str) -> Cell<'a> {
        match fields.iter().rev().find(|(k, _)| k == field) {
            None | Some((_, Scalar::Null)) => Cell::Missing,
            Some((_, Scalar::Bool(b))) => Cell::Bool(*b),
            Some((_, Scalar::Number(n))) => Cell::Number(*n),
            Some((_, Scalar::Text(t))) => Cell::Text(t),
        }
    }

    struct RecordVisitor;

    impl<'de> Visitor<'de> for RecordVisitor {
        type Value = Fields<'de>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of scalars")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(8).min(64));
            while let Some(key) = map.next_key_seed(TextSeed)? {
                if check_object_key(fields.len(), key.len(), "record").is_err() {
                    return Err(de::Error::custom("over a limit"));
                }
                let value = map.next_value_seed(ScalarSeed)?;
                if let Scalar::Text(t) = &value {
                    if check_field_text(t.len(), "record").is_err() {
                        return Err(de::Error::custom("over a limit"));
                    }
                }
                fields.push((key, value));
            }
            Ok(fields)
        }
    }

    struct TextSeed;

    impl<'de> DeserializeSeed<'de> for TextSeed {
        type Value = Cow<'de, str>;
        fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
            de.deserialize_str(ScalarVisitor).and_then(|s| match s {
                Scalar::Text(t) => Ok(t),
                _ => Err(de::Error::custom("not text")),
            })
        }
    }

    struct ScalarSeed;

    impl<'de> DeserializeSeed<'de> for ScalarSeed {
        type Value = Scalar<'de>;
        fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
            de.deserialize_any(ScalarVisitor)
        }
    }

    struct ScalarVisitor;

    // Numbers convert as in the core's parser (`value.rs`): any JSON
    // number becomes the f64 serde_json reads.
    impl<'de> Visitor<'de> for ScalarVisitor {
        type Value = Scalar<'de>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a scalar")
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Scalar::Null)
        }
        fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Scalar::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Scalar::Number(v as f64))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Scalar::Number(v as f64))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Scalar::Number(v))
        }
        fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Scalar::Text(Cow::Borrowed(v)))
        }
        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Scalar::Text(Cow::Owned(v.to_string())))
        }
        fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
            Ok(Scalar::Text(Cow::Owned(v)))
        }
    }
}

const SCORE_ARGS: [&str; 2] = ["profile", "record"];

pub const FIT: Spec<2> = Spec {
    name: "partnerFit",
    args: SCORE_ARGS,
    rename: &[],
};
pub const BAND: Spec<2> = Spec {
    name: "partnerBand",
    args: SCORE_ARGS,
    rename: &[],
};
pub const EXPLAIN: Spec<2> = Spec {
    name: "partnerExplain",
    args: SCORE_ARGS,
    rename: &[],
};

/// partnerFit(profile, record) -> Float64: the score, 0-100, one decimal.
pub fn partner_fit(input: &[u8], rows: usize, mode: OnError) -> Result<Vec<u8>, String> {
    with_profiles(|cache| {
        run_block(&FIT, input, rows, mode, |[p, r]| {
            fit_row(cache, p, r).map(|(score, _)| score)
        })
    })
}

/// partnerBand(profile, record) -> String: the band label ('' when the
/// profile's bands do not reach down to the score).
pub fn partner_band(input: &[u8], rows: usize, mode: OnError) -> Result<Vec<u8>, String> {
    with_profiles(|cache| {
        run_block(&BAND, input, rows, mode, |[p, r]| {
            fit_row(cache, p, r).map(|(_, band)| band.unwrap_or_default().to_string())
        })
    })
}

/// partnerExplain(profile, record) -> String: the whole result as JSON,
/// exactly what `scorePartner` returns in JavaScript.
pub fn partner_explain(input: &[u8], rows: usize, mode: OnError) -> Result<Vec<u8>, String> {
    with_profiles(|cache| {
        run_block(&EXPLAIN, input, rows, mode, |[p, r]| {
            let result = explain_row(cache, p, r)?;
            serde_json::to_string(&result)
                .map_err(|e| Error::new(ErrorCode::Internal, "", e.to_string()))
        })
    })
}

pub const PROFILE_SQL: Spec<1> = Spec {
    name: "partnerProfileSql",
    args: ["profile"],
    rename: &[],
};

/// partnerProfileSql(profile) -> String: the profile compiled to two SQL
/// functions over typed columns (`CREATE OR REPLACE FUNCTION
/// partnerFit<Id> ...; CREATE OR REPLACE FUNCTION partnerBand<Id> ...;`),
/// to run once; see [`crate::sql`].
pub fn partner_profile_sql(input: &[u8], rows: usize, mode: OnError) -> Result<Vec<u8>, String> {
    run_block(&PROFILE_SQL, input, rows, mode, |[p]| {
        let profile = compile_profile(p)?;
        crate::sql::compile(&profile).map(|c| c.statements())
    })
}

// ------------------------------------------------------------ tiers, money

pub const TIER: Spec<1> = Spec {
    name: "partnerTier",
    args: ["revenue"],
    rename: &[("annualPartnerRevenue", "revenue")],
};
pub const TIER_IN: Spec<2> = Spec {
    name: "partnerTierIn",
    args: ["revenue", "table"],
    rename: &[("annualPartnerRevenue", "revenue")],
};
pub const DEAL_REG: Spec<2> = Spec {
    name: "partnerDealRegPayout",
    args: ["amount", "stage"],
    rename: &[("contractValue", "amount")],
};
pub const REFERRAL: Spec<2> = Spec {
    name: "partnerReferralCommission",
    args: ["value", "rate"],
    rename: &[("firstYearContractValue", "value")],
};

/// partnerTier(revenue) -> String: Platinum, Gold, Silver or Inactive.
pub fn partner_tier(input: &[u8], rows: usize, mode: OnError) -> Result<Vec<u8>, String> {
    run_block(&TIER, input, rows, mode, |[revenue]| {
        check_field_text(revenue.len(), "annualPartnerRevenue")?;
        tiers::assign_tier(&Value::String(revenue.to_string()), None, None).map(|t| t.tier)
    })
}

/// partnerTierIn(revenue, table) -> String: the tier in a custom table
/// given as JSON text (`[{"name": "Gold", "min": 100000}, ...]`).
pub fn partner_tier_in(input: &[u8], rows: usize, mode: OnError) -> Result<Vec<u8>, String> {
    run_block(&TIER_IN, input, rows, mode, |[revenue, table]| {
        check_field_text(revenue.len(), "annualPartnerRevenue")?;
        let table = if matches!(table.trim_start().as_bytes().first(), Some(b'{' | b'[')) {
            parse_json(table, "table")?
        } else {
            check_field_text(table.len(), "table")?;
            Value::String(table.to_string())
        };
        api::assign_tier(&Value::String(revenue.to_string()), &table, &Value::Null).map(|t| t.tier)
    })
}

/// The core's input object for an economics function; each text is held
/// to the core's limit on a field's text before it is copied.
fn object(fields: &[(&str, &str)]) -> Result<Value, Error> {
    let mut entries = Vec::with_capacity(fields.len());
    for (k, v) in fields {
        check_field_text(v.len(), k)?;
        entries.push((k.to_string(), Value::String(v.to_string())));
    }
    Ok(Value::Object(entries))
}

/// partnerDealRegPayout(amount, stage) -> String: the payout in USD, as a
/// decimal string with cents.
pub fn partner_deal_reg_payout(
    input: &[u8],
    rows: usize,
    mode: OnError,
) -> Result<Vec<u8>, String> {
    run_block(&DEAL_REG, input, rows, mode, |[amount, stage]| {
        api::deal_registration_payout(&object(&[("contractValue", amount), ("stage", stage)])?)
            .map(|d| d.payout)
    })
}

/// partnerReferralCommission(value, rate) -> String: the commission in
/// USD; an empty rate means the default 0.15.
pub fn partner_referral_commission(
    input: &[u8],
    rows: usize,
    mode: OnError,
) -> Result<Vec<u8>, String> {
    run_block(&REFERRAL, input, rows, mode, |[value, rate]| {
        api::referral_commission(&object(&[
            ("firstYearContractValue", value),
            ("rate", rate),
        ])?)
        .map(|c| c.commission)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rowbinary::write_string;

    fn block(rows: &[&[&str]]) -> Vec<u8> {
        let mut buf = Vec::new();
        for row in rows {
            for col in *row {
                write_string(&mut buf, col.as_bytes());
            }
        }
        buf
    }

    fn floats(out: &[u8]) -> Vec<f64> {
        out.chunks(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
            .collect()
    }

    fn strings(out: &[u8]) -> Vec<String> {
        let mut r = Reader::new(out);
        let mut v = Vec::new();
        while r.remaining() > 0 {
            v.push(String::from_utf8(r.string().unwrap().to_vec()).unwrap());
        }
        v
    }

    const REC: &str = r#"{"icpMatchPercent": 55, "buyingTriggersPerQuarter": "3", "returnMultiple": 2.6,
        "customerOverlapPercent": 12, "firmType": "Agency", "sellsCompetingProduct": false}"#;

    #[test]
    fn fit_and_band_match_the_readme_example() {
        let input = block(&[&["referral", REC], &["referral", "{}"]]);
        let out = partner_fit(&input, 2, OnError::Throw).unwrap();
        assert_eq!(floats(&out), vec![79.2, 0.0]);
        let out = partner_band(&input, 2, OnError::Throw).unwrap();
        assert_eq!(strings(&out), vec!["Good", "Poor"]);
    }

    #[test]
    fn bad_rows_throw_naming_row_and_field_or_give_null() {
        let input = block(&[
            &["referral", REC],
            &["referral", "{oops"],
            &["channel", REC],
        ]);
        let msg = partner_fit(&input, 3, OnError::Throw).unwrap_err();
        assert!(
            msg.starts_with("partnerFit: row 2 of 3 in this block: invalid-json at record: "),
            "{msg}"
        );
        assert!(msg.ends_with("(record = '{oops')"), "{msg}");
        let out = partner_fit(&input, 3, OnError::Null).unwrap();
        assert_eq!(out[0], 0);
        assert_eq!(&out[9..], &[1, 1]);
    }

    #[test]
    fn economics_rename_core_fields_to_sql_arguments() {
        let input = block(&[&["40000.50", "before-contact"], &["-1", "late-stage"]]);
        let msg = partner_deal_reg_payout(&input, 2, OnError::Throw).unwrap_err();
        assert!(
            msg.contains("row 2 of 2 in this block: negative-amount at amount: "),
            "{msg}"
        );
        assert!(msg.ends_with("(amount = '-1')"), "{msg}");
        let input = block(&[&["40000.50", "before-contact"]]);
        assert_eq!(
            strings(&partner_deal_reg_payout(&input, 1, OnError::Throw).unwrap()),
            ["10000.13"]
        );
        let input = block(&[&["10000", ""], &["20000", "0.2"]]);
        assert_eq!(
            strings(&partner_referral_commission(&input, 2, OnError::Throw).unwrap()),
            ["1500.00", "4000.00"]
        );
        let input = block(&[&["24999.99"], &["500000"]]);
        assert_eq!(
            strings(&partner_tier(&input, 2, OnError::Throw).unwrap()),
            ["Inactive", "Platinum"]
        );
        let input = block(&[&["nan"]]);
        let msg = partner_tier(&input, 1, OnError::Throw).unwrap_err();
        assert!(msg.contains("not-finite at revenue"), "{msg}");
    }

    #[test]
    fn malformed_blocks_and_bad_utf8_are_errors_not_panics() {
        assert!(partner_fit(&[0x03, b'a'], 1, OnError::Null).is_err());
        assert!(partner_fit(&block(&[&["referral", "{}"]]), 2, OnError::Null).is_err());
        assert!(partner_fit(&block(&[&["referral", "{}"], &["x"]]), 1, OnError::Null).is_err());
        let mut input = Vec::new();
        write_string(&mut input, b"referral");
        write_string(&mut input, &[b'{', 0xff, b'}']);
        let msg = partner_fit(&input, 1, OnError::Throw).unwrap_err();
        assert!(
            msg.contains("invalid-type at record: the text is not valid UTF-8"),
            "{msg}"
        );
    }

    /// The fast path (flat records read in place, `quick_score`) and the
    /// explained path give the same score and band for every record.
    #[test]
    fn fast_path_equals_the_explained_path() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let fields = [
            "icpMatchPercent",
            "buyingTriggersPerQuarter",
            "returnMultiple",
            "customerOverlapPercent",
            "firmType",
            "sellsCompetingProduct",
            "integrationLevel",
            "productFit",
            "integrationCapabilities",
        ];
        let values = [
            "0",
            "12",
            "55.5",
            "-3",
            "1e2",
            "\"3\"",
            "\" 42 \"",
            "\"lots\"",
            "\"\"",
            "\"  \"",
            "null",
            "true",
            "false",
            "\"yes\"",
            "\"No\"",
            "1",
            "\"Agency\"",
            "\" SAAS \"",
            "\"Complementary\"",
            "\"native deployment;unified identity\"",
            "[\"a\", \"b\"]",
            "{\"x\": 1}",
            "\"caf\\u00e9\"",
        ];
        let mut cache = ProfileCache {
            text: String::new(),
            compiled: None,
        };
        for _ in 0..4000 {
            let n = next(8);
            let body: Vec<String> = (0..n)
                .map(|_| {
                    format!(
                        "\"{}\": {}",
                        fields[next(fields.len())],
                        values[next(values.len())]
                    )
                })
                .collect();
            let record = format!("{{{}}}", body.join(", "));
            for profile in [
                "referral",
                "technology",
                "reseller",
                "strategic",
                "services",
                "alliance",
            ] {
                let want = explain_row(&mut cache, profile, &record).unwrap();
                let (score, band) = fit_row(&mut cache, profile, &record).unwrap();
                assert_eq!(score.to_bits(), want.score.to_bits(), "{profile} {record}");
                assert_eq!(band.map(str::to_string), want.band, "{profile} {record}");
            }
        }
    }

    /// The flat-record path refuses what the core's parser refuses, with
    /// the same code and path (a long value, a wide object, a long key),
    /// and text arguments over the core's field limit are refused before
    /// they are copied.
    #[test]
    fn the_fast_path_applies_the_core_limits() {
        use partner_scoring::value::{MAX_OBJECT_FIELDS, MAX_STRING_BYTES};
        let long_value = format!("{{\"firmType\": \"{}\"}}", "x".repeat(MAX_STRING_BYTES + 1));
        let wide = format!(
            "{{{}}}",
            (0..=MAX_OBJECT_FIELDS)
                .map(|i| format!("\"k{i}\": 1"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let long_key = format!("{{\"{}\": 1}}", "k".repeat(MAX_STRING_BYTES + 1));
        let mut cache = ProfileCache {
            text: String::new(),
            compiled: None,
        };
        for record in [&long_value, &wide, &long_key] {
            let fast = fit_row(&mut cache, "referral", record).unwrap_err();
            let explained = explain_row(&mut cache, "referral", record).unwrap_err();
            assert_eq!(fast.code, ErrorCode::LimitExceeded);
            assert_eq!((fast.code, &fast.path), (explained.code, &explained.path));
        }
        // 4,096 distinct fields, each value at the limit, still score.
        let fits = format!("{{\"firmType\": \"{}\"}}", "x".repeat(MAX_STRING_BYTES));
        assert!(fit_row(&mut cache, "referral", &fits).is_ok());
        let big = "1".repeat(MAX_STRING_BYTES + 1);
        let input = block(&[&[&big]]);
        let msg = partner_tier(&input, 1, OnError::Throw).unwrap_err();
        assert!(msg.contains("limit-exceeded at revenue"), "{msg}");
        let input = block(&[&["1000", &big]]);
        let msg = partner_deal_reg_payout(&input, 1, OnError::Throw).unwrap_err();
        assert!(msg.contains("limit-exceeded at stage"), "{msg}");
    }

    /// Random bytes and random JSON-ish text through every function: each
    /// row scores or errors, nothing panics (a panic would trap the module).
    #[test]
    fn garbage_never_panics() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b"{}[]\":,.-+eE0123456789 truefalsnl\\u00e9abcxyz;";
        let fields = [
            "icpMatchPercent",
            "firmType",
            "sellsCompetingProduct",
            "size",
            "tier",
            "caps",
        ];
        for _ in 0..3000 {
            let len = (next() % 60) as usize;
            let mut text: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize] as char)
                .collect();
            if next() % 2 == 0 {
                let f = fields[(next() % fields.len() as u64) as usize];
                text = format!("{{\"{f}\": {text}}}");
            }
            let rows: Vec<[&str; 2]> = vec![["referral", &text], [&text, REC], [&text, &text]];
            let rows: Vec<&[&str]> = rows.iter().map(|r| &r[..]).collect();
            let input = block(&rows);
            for f in [
                partner_fit,
                partner_band,
                partner_explain,
                partner_deal_reg_payout,
                partner_referral_commission,
                partner_tier_in,
            ] {
                assert!(f(&input, 3, OnError::Null).is_ok());
                let _ = f(&input, 3, OnError::Throw);
            }
        }
    }
}
