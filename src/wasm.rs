//! The wasm-bindgen boundary: the only module that knows about JavaScript.
//!
//! How the boundary works, and how to add to it:
//! - Every operation goes through one export, `call(name, args)`: the
//!   operation's JS name, and its arguments as one JSON array text written
//!   by the wrapper's encoder (www/lib/index.js), in which NaN and
//!   ±Infinity are bare tokens and `!kind` names a JS value that is not
//!   plain data. The answer is JSON text, `{"ok": result}` or
//!   `{"error": {code, path, message}}`. JS parses it with `JSON.parse`, so
//!   no serde-wasm-bindgen and no per-operation shim is compiled in.
//! - A new operation is a line in src/economics.rs's `operations!` block,
//!   or a row in `api::OWN` and an arm in `api::core_op` or
//!   `api::analytics_op` (README.md, "Adding an operation"); nothing
//!   changes here.
//! - Exports that hand out handles or typed arrays (the `Scorer`) are
//!   written here by hand: they read wire text with [`input`] and throw
//!   errors made by [`js_error`].
//! - One crate, two modules (README.md, "Two modules"): built without the
//!   `analytics-module` feature this is the core module (scoring,
//!   economics, tiers); with it, the analytics module (programme
//!   analytics, account mapping, and profile fitting). Link-time
//!   optimisation drops what the module's `call` cannot reach.

use crate::api::{self, unwritable, Module};
use crate::error::{Error, ErrorCode};
use crate::value::{parse_args, parse_wire, Value};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The operations this module answers.
#[cfg(not(feature = "analytics-module"))]
const MODULE: Module = Module::Core;
#[cfg(feature = "analytics-module")]
const MODULE: Module = Module::Analytics;

/// An error as the `{code, path, message}` object the wrapper turns into a
/// `PartnerScoringError`.
fn js_error(e: &Error) -> JsValue {
    JsValue::from_str(&error_text(e))
}

#[derive(Serialize)]
struct ErrorText<'e> {
    code: &'static str,
    path: &'e str,
    message: &'e str,
}

fn error_json(e: &Error) -> String {
    serde_json::to_string(&ErrorText {
        code: e.code.as_str(),
        path: &e.path,
        message: &e.message,
    })
    .unwrap_or_else(|_| String::from(r#"{"code":"internal","path":"","message":"internal"}"#))
}

fn error_text(e: &Error) -> String {
    format!("{{\"error\":{}}}", error_json(e))
}

/// Reads one argument given as wire text (see the top of this file).
pub fn input(v: &JsValue, path: &str) -> Result<Value, JsValue> {
    let text = v.as_string().ok_or_else(|| {
        js_error(&Error::new(
            ErrorCode::Internal,
            path,
            "the wrapper must send arguments as wire text",
        ))
    })?;
    parse_wire(&text, path).map_err(|e| js_error(&e))
}

/// A result written straight after `{"ok":`.
struct Wire;
impl api::Output for Wire {
    type Out = String;
    fn put<T: Serialize>(r: crate::error::Result<T>) -> crate::error::Result<String> {
        let value = r?;
        let mut out = Vec::with_capacity(64);
        out.extend_from_slice(b"{\"ok\":");
        serde_json::to_writer(&mut out, &value).map_err(|_| unwritable())?;
        out.push(b'}');
        String::from_utf8(out).map_err(|_| unwritable())
    }
}

/// Calls an operation: `name` from `api::OPERATIONS`, `args` a JSON array
/// text (see the top of this file). Returns `{"ok": …}` or `{"error": …}`.
#[wasm_bindgen]
pub fn call(name: &str, args: &str) -> String {
    let run = || {
        let op = api::operation(name)
            .filter(|o| o.module == MODULE)
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::UnknownField,
                    "",
                    format!(
                        "this module has no operation named {}",
                        crate::error::quote(name)
                    ),
                )
            })?;
        let args = match parse_args(args, op.args) {
            Ok(args) => args,
            // validateProfile lists problems instead of throwing, even when
            // its argument cannot be read at all.
            Err(e) if op.name == "validateProfile" => {
                return <Wire as api::Output>::put(Ok(api::Validation {
                    ok: false,
                    errors: vec![api::ErrorInfo::from(&e)],
                }))
            }
            Err(e) => return Err(e),
        };
        match MODULE {
            Module::Core => api::core_op::<Wire>(name, &args),
            Module::Analytics => api::analytics_op::<Wire>(name, &args),
        }
    };
    run().unwrap_or_else(|e| error_text(&e))
}

/// A columnar twin of the per-deal economics over the wrapper's packed
/// columns (`economics::packed_columns`: type codes and numbers as typed
/// arrays, text cells as one text), so no cell is written or read as JSON.
/// Returns the packed output text, an `{"error": …}` text, or `""` when
/// the wrapper must send the input as wire text through `call` instead.
#[cfg(not(feature = "analytics-module"))]
#[wasm_bindgen(js_name = moneyColumns)]
pub fn money_columns(
    name: &str,
    spec: &str,
    types: Vec<u8>,
    numbers: Vec<f64>,
    text: Vec<u8>,
) -> String {
    // The text cells as UTF-8 (the wrapper's TextEncoder is quicker than
    // passing a long string).
    let Ok(text) = std::str::from_utf8(&text) else {
        return String::new();
    };
    match crate::economics::packed_columns(name, spec, &types, &numbers, text) {
        Ok(Some(out)) => out,
        Ok(None) => String::new(),
        Err(e) => error_text(&e),
    }
}

/// Bytes of the reused buffers of [`money_one`]: its answer (a single
/// call's outputs are far shorter; a longer one goes the general path).
#[cfg(not(feature = "analytics-module"))]
const MONEY_OUT_BYTES: usize = 4096;

#[cfg(not(feature = "analytics-module"))]
struct MoneyScratch {
    /// The packed input, written by the wrapper in place.
    input: Vec<u8>,
    /// The answer, read by the wrapper in place (never reallocated).
    output: Vec<u8>,
    /// Where the answer is written first.
    text: String,
}

#[cfg(not(feature = "analytics-module"))]
thread_local! {
    static MONEY: std::cell::RefCell<MoneyScratch> = std::cell::RefCell::new(MoneyScratch {
        input: Vec::new(),
        output: vec![0; MONEY_OUT_BYTES],
        text: String::with_capacity(MONEY_OUT_BYTES),
    });
}

/// The module's memory, for the wrapper's views of [`money_one`]'s buffers.
#[cfg(not(feature = "analytics-module"))]
#[wasm_bindgen(js_name = moneyMemory)]
pub fn money_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Makes [`money_one`]'s input buffer hold at least `bytes` and returns
/// where the wrapper writes it (8-byte aligned, in linear memory); the
/// address stays until a larger buffer is asked for.
#[cfg(not(feature = "analytics-module"))]
#[wasm_bindgen(js_name = moneyInput)]
pub fn money_input(bytes: usize) -> usize {
    MONEY.with(|m| {
        let mut m = m.borrow_mut();
        let want = bytes.saturating_add(8);
        if m.input.len() < want {
            m.input = vec![0; want.max(1024)];
        }
        let at = m.input.as_ptr();
        (at as usize).saturating_add(at.align_offset(8))
    })
}

/// Where [`money_one`] writes its answer, [`MONEY_OUT_BYTES`] long.
#[cfg(not(feature = "analytics-module"))]
#[wasm_bindgen(js_name = moneyOutput)]
pub fn money_output() -> usize {
    MONEY.with(|m| m.borrow().output.as_ptr() as usize)
}

/// The index of per-deal function `name` for [`money_one`] and its output
/// fields, as `index` NAME_END `field` CELL_SEPARATOR `field`...; `""` for
/// an operation without the packed single path.
#[cfg(not(feature = "analytics-module"))]
#[wasm_bindgen(js_name = moneyFields)]
pub fn money_fields(name: &str) -> String {
    match crate::economics::single_fields(name) {
        Some((i, names)) => {
            let mut out = String::new();
            crate::money::push_uint(i as u128, &mut out);
            out.push(crate::economics::NAME_END);
            out.push_str(&names.join("\u{1f}"));
            out
        }
        None => String::new(),
    }
}

/// One per-deal call over the packed object the wrapper wrote into the
/// input buffer (`economics::packed_single`): `op` from [`money_fields`],
/// `count` fields. Returns the answer's length in the output buffer
/// (outputs joined by CELL_SEPARATOR, an empty one null); `-1` when the
/// wrapper must send the object through `call` instead; for an error,
/// `-2 - length` of its `{code, path, message}` JSON there.
#[cfg(not(feature = "analytics-module"))]
#[wasm_bindgen(js_name = moneyOne)]
pub fn money_one(op: usize, count: usize) -> i32 {
    MONEY.with(|m| {
        let m = &mut *m.borrow_mut();
        let start = m.input.as_ptr().align_offset(8);
        let bytes = m.input.get(start..).unwrap_or_default();
        m.text.clear();
        let ok = match crate::economics::packed_single(op, count, bytes, &mut m.text) {
            None => return -1,
            // The wrapper reads an answer as ASCII (every output is).
            Some(Ok(())) if !m.text.is_ascii() => return -1,
            Some(Ok(())) => true,
            Some(Err(e)) => {
                m.text.clear();
                m.text.push_str(&error_json(&e));
                false
            }
        };
        let len = m.text.len();
        let (Some(place), Ok(n)) = (m.output.get_mut(..len), i32::try_from(len)) else {
            return -1;
        };
        place.copy_from_slice(m.text.as_bytes());
        if ok {
            n
        } else {
            n.saturating_neg().saturating_sub(2)
        }
    })
}

/// The operation registry (`api::OPERATIONS`) as JSON text: the wrapper
/// reads each operation's arguments and module from it.
#[wasm_bindgen]
pub fn operations() -> String {
    serde_json::to_string(api::OPERATIONS).unwrap_or_default()
}

/// Bytes of linear memory the module holds now (it grows, never shrinks):
/// for the memory-bound tests and the benchmarks.
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size::<0>() as f64) * 65536.0
}

#[cfg(not(feature = "analytics-module"))]
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

#[cfg(not(feature = "analytics-module"))]
/// A profile compiled once for bulk scoring. Free it with `free()` (a
/// FinalizationRegistry also frees it when collected).
#[wasm_bindgen]
pub struct Scorer {
    inner: crate::batch::Scorer,
    /// Band indexes of the last `scoreStaged`, until `takeBands`.
    bands: Vec<u8>,
}

#[cfg(not(feature = "analytics-module"))]
fn scores_out(r: crate::error::Result<crate::batch::Scores>) -> Result<JsValue, JsValue> {
    let s = r.map_err(|e| js_error(&e))?;
    let obj = js_sys::Object::new();
    let scores = js_sys::Float64Array::from(s.scores.as_slice());
    let bands = js_sys::Uint8Array::from(s.bands.as_slice());
    let _ = js_sys::Reflect::set(&obj, &"scores".into(), &scores);
    let _ = js_sys::Reflect::set(&obj, &"bands".into(), &bands);
    Ok(obj.into())
}

#[cfg(not(feature = "analytics-module"))]
/// Validates and compiles a profile (built-in id, object or JSON text) once.
#[wasm_bindgen(js_name = createScorer)]
pub fn create_scorer(profile: JsValue) -> Result<Scorer, JsValue> {
    let v = input(&profile, "profile")?;
    crate::batch::Scorer::new(&v)
        .map(|inner| Scorer {
            inner,
            bands: Vec::new(),
        })
        .map_err(|e| js_error(&e))
}

#[cfg(not(feature = "analytics-module"))]
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
        let v = input(&records, "records")?;
        scores_out(self.inner.score_records(&v))
    }
}

// ---------------------------------------------------------------------------
// The columnar path (src/kernel.rs): the wrapper hands in each column once,
// as a typed array copied into wasm memory with one `set()` by the glue
// (`Vec<f64>` / `Vec<u32>` / `Vec<u8>` arguments), and the distinct values
// of a coded column once; `scoreStaged` then runs the compiled kernel and
// returns the scores as one copy, `takeBands` the band indexes.

/// The distinct values of a coded column for field `slot` (errors name
/// `columns.<field>.values[i]`).
#[cfg(not(feature = "analytics-module"))]
fn dictionary(scorer: &Scorer, values: &JsValue, slot: u32) -> Result<Vec<Value>, JsValue> {
    let field = scorer
        .inner
        .fields()
        .get(slot as usize)
        .cloned()
        .unwrap_or_default();
    if !js_sys::Array::is_array(values) {
        return Err(js_error(&Error::new(
            ErrorCode::InvalidType,
            format!("columns.{field}.values"),
            "a coded column needs values: an array",
        )));
    }
    let list = js_sys::Array::from(values);
    let mut out = Vec::with_capacity(list.length() as usize);
    for (i, cell) in list.iter().enumerate() {
        out.push(cell_value(&cell, &format!("{field}.values"), i)?);
    }
    Ok(out)
}

#[cfg(not(feature = "analytics-module"))]
#[wasm_bindgen]
impl Scorer {
    /// Stages a numbers column (NaN = blank) for field `slot` of `fields()`.
    #[wasm_bindgen(js_name = stageNumbers)]
    pub fn stage_numbers(&mut self, slot: u32, numbers: Vec<f64>) -> Result<(), JsValue> {
        self.inner
            .stage(slot as usize, crate::batch::Column::Numbers(numbers))
            .map_err(|e| js_error(&e))
    }

    /// Stages a bytes column (0, 1; any other byte is blank).
    #[wasm_bindgen(js_name = stageFlags)]
    pub fn stage_flags(&mut self, slot: u32, flags: Vec<u8>) -> Result<(), JsValue> {
        self.inner
            .stage(slot as usize, crate::batch::Column::Flags(flags))
            .map_err(|e| js_error(&e))
    }

    /// Stages a dictionary-coded column: the distinct values, then a code
    /// per row (past the end = blank).
    #[wasm_bindgen(js_name = stageCoded)]
    pub fn stage_coded(
        &mut self,
        slot: u32,
        values: JsValue,
        codes: Vec<u32>,
    ) -> Result<(), JsValue> {
        let values = dictionary(self, &values, slot)?;
        self.inner
            .stage(slot as usize, crate::batch::Column::Coded { values, codes })
            .map_err(|e| js_error(&e))
    }

    /// Stages a coded column with numbers beside it: code 0xFFFFFFFF reads
    /// the row's number (NaN = blank).
    #[wasm_bindgen(js_name = stageMixed)]
    pub fn stage_mixed(
        &mut self,
        slot: u32,
        values: JsValue,
        codes: Vec<u32>,
        numbers: Vec<f64>,
    ) -> Result<(), JsValue> {
        let values = dictionary(self, &values, slot)?;
        self.inner
            .stage(
                slot as usize,
                crate::batch::Column::Mixed {
                    values,
                    codes,
                    numbers,
                },
            )
            .map_err(|e| js_error(&e))
    }

    /// Drops the staged columns.
    #[wasm_bindgen(js_name = clearStaged)]
    pub fn clear_staged(&mut self) {
        self.inner.clear_staged();
        self.bands.clear();
    }

    /// Scores `rowCount` rows from the staged columns (then drops them):
    /// the scores; the band indexes wait in `takeBands()`.
    #[wasm_bindgen(js_name = scoreStaged)]
    pub fn score_staged(&mut self, row_count: f64) -> Result<Vec<f64>, JsValue> {
        // A JS number, never wrapped to 32 bits: the core refuses fractions,
        // negatives and counts past its limit.
        let row_count =
            crate::input::count_from_f64(row_count, crate::value::MAX_LIST_ITEMS, "rowCount")
                .map_err(|e| js_error(&e))?;
        let s = self
            .inner
            .score_staged(row_count)
            .map_err(|e| js_error(&e))?;
        self.bands = s.bands;
        Ok(s.scores)
    }

    /// The band indexes of the last `scoreStaged` (255 = no band).
    #[wasm_bindgen(js_name = takeBands)]
    pub fn take_bands(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.bands)
    }
}

// ---------------------------------------------------------------------------
// fitProfile's columnar path (src/fit.rs `fit_columns`, README.md "Learn the
// profile from outcomes"): the wrapper sends the fields the profile reads as
// typed arrays and the outcomes as bytes, instead of 20 MB of JSON text for
// 100,000 records.

// The record fields a profile (wire text) reads, as a JSON list, or `""`
// when it does not resolve (the wrapper then sends the input through
// `call`, which reports why). Plain comments, not doc comments: those are
// copied into the glue.
#[cfg(feature = "analytics-module")]
#[wasm_bindgen(js_name = fitFields)]
pub fn fit_fields(profile: &str) -> String {
    let Ok(profile) = parse_wire(profile, "profile").and_then(|v| api::resolve_profile(&v)) else {
        return String::new();
    };
    let mut fields: Vec<&str> = Vec::new();
    for c in &profile.criteria {
        if !fields.contains(&c.field.as_str()) {
            fields.push(&c.field);
        }
    }
    serde_json::to_string(&fields).unwrap_or_default()
}

// fitProfile over columns. `spec`: wire text of `{profile, seed, folds}`;
// `layout`: wire text of `[[field, hasNumbers, hasCodes, [values]], …]`,
// one entry per field; `data`: one buffer (one copy across the boundary,
// one glue helper) holding, for `n` rows, every field's numbers (f64,
// little-endian) end to end in layout order, then every field's codes
// (u32), then the outcomes (one byte each, 1 true, 0 false), only for the
// fields that have them: `n` is what is left for the outcomes. Returns
// `{"ok": …}` or `{"error": …}` as `call` does, or `""` when the layout
// or the spec cannot be read (a value that is not plain data): the
// wrapper then sends the input through `call`, which reports it at its
// path.
#[cfg(feature = "analytics-module")]
#[wasm_bindgen(js_name = fitColumns)]
pub fn fit_columns(spec: &str, layout: &str, data: Vec<u8>) -> String {
    let (Ok(spec), Ok(Value::Array(layout))) = (parse_wire(spec, ""), parse_wire(layout, ""))
    else {
        return String::new();
    };
    let mut fields = Vec::with_capacity(layout.len());
    let (mut with_numbers, mut with_codes) = (0usize, 0usize);
    for entry in &layout {
        let Value::Array(parts) = entry else {
            return String::new();
        };
        let (
            Some(Value::String(field)),
            Some(Value::Bool(has_numbers)),
            Some(Value::Bool(has_codes)),
            Some(Value::Array(values)),
        ) = (parts.first(), parts.get(1), parts.get(2), parts.get(3))
        else {
            return String::new();
        };
        with_numbers = with_numbers.saturating_add(usize::from(*has_numbers));
        with_codes = with_codes.saturating_add(usize::from(*has_codes));
        fields.push((field, *has_numbers, *has_codes, values));
    }
    // 8 bytes a number, 4 a code, 1 an outcome, per row.
    let per_row = with_numbers
        .saturating_mul(8)
        .saturating_add(with_codes.saturating_mul(4))
        .saturating_add(1);
    let n = data.len().checked_div(per_row).unwrap_or(0);
    if n.saturating_mul(per_row) != data.len() {
        return error_text(&Error::new(
            ErrorCode::LengthMismatch,
            "records",
            "the columns do not hold one cell per outcome for every field",
        ));
    }
    let (number_bytes, rest) = data.split_at(with_numbers.saturating_mul(8).saturating_mul(n));
    let (code_bytes, outcomes) = rest.split_at(with_codes.saturating_mul(4).saturating_mul(n));
    let numbers: Vec<f64> = number_bytes
        .chunks_exact(8)
        .map(|b| f64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
        .collect();
    let codes: Vec<u32> = code_bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes(b.try_into().unwrap_or([0; 4])))
        .collect();
    let (mut numbers_left, mut codes_left) = (&numbers[..], &codes[..]);
    let mut columns = Vec::with_capacity(fields.len());
    for (field, has_numbers, has_codes, values) in fields {
        let take = |has: bool| has.then_some(n);
        let nums = take(has_numbers).map(|n| {
            let (a, b) = numbers_left.split_at(n.min(numbers_left.len()));
            numbers_left = b;
            a
        });
        let cds = take(has_codes).map(|n| {
            let (a, b) = codes_left.split_at(n.min(codes_left.len()));
            codes_left = b;
            a
        });
        columns.push(crate::fit::FieldColumn {
            field,
            numbers: nums,
            codes: cds,
            values,
        });
    }
    <Wire as api::Output>::put(crate::fit::fit_columns(&spec, &columns, outcomes))
        .unwrap_or_else(|e| error_text(&e))
}
