//! Ideal partner profiles: the JSON model of docs/design.md §3.2, its
//! validation (every problem reported with a code and a path, not just the
//! first) and the compiled form that scoring runs on.

use crate::error::{index, join, Error, ErrorCode};
use crate::num::shown;
use crate::value::Value;

/// Most criteria a profile may hold.
pub const MAX_CRITERIA: usize = 256;
/// Most points in a curve, values in a category, wanted tags or bands.
pub const MAX_ITEMS: usize = 1024;

/// What a missing field does to the score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingPolicy {
    /// A missing field scores 0 and keeps its weight.
    Zero,
    /// Only criteria with data count; their weights are renormalised.
    Renormalize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// Piecewise-linear curve of (x, subscore), x strictly increasing,
    /// clamped at both ends.
    Range {
        curve: Vec<(f64, f64)>,
    },
    /// Value → subscore, matched trimmed and case-insensitively.
    Category {
        values: Vec<(String, f64)>,
        default: f64,
    },
    Flag {
        when_true: f64,
        when_false: f64,
    },
    /// Subscore = wanted tags present / wanted tags.
    Tags {
        wanted: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Gate {
    Range {
        min: Option<f64>,
        max: Option<f64>,
    },
    /// Category: the value must be one of these; tags: at least one present.
    Allowed(Vec<String>),
    /// Flag: the value must be exactly this.
    Required(bool),
}

/// The values a range field can possibly take (a percent 0-100, a count
/// ≥ 0, a rate 0-1). A value outside is impossible data: `invalid`, 0
/// points, never scored or held against a gate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Domain {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl Domain {
    pub fn contains(&self, x: f64) -> bool {
        self.min.is_none_or(|lo| x >= lo) && self.max.is_none_or(|hi| x <= hi)
    }

    /// Why `x` is outside, or `None` when it is a possible value.
    pub fn failure(&self, x: f64) -> Option<String> {
        if let Some(lo) = self.min.filter(|lo| x < *lo) {
            return Some(format!(
                "{} is impossible here: the smallest possible value is {}",
                shown(x),
                shown(lo)
            ));
        }
        self.max.filter(|hi| x > *hi).map(|hi| {
            format!(
                "{} is impossible here: the largest possible value is {}",
                shown(x),
                shown(hi)
            )
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Criterion {
    pub id: String,
    pub label: String,
    pub field: String,
    pub weight: f64,
    pub kind: Kind,
    pub gate: Option<Gate>,
    /// Range criteria only.
    pub domain: Option<Domain>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub label: String,
    pub min: f64,
}

/// A validated, compiled profile.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub partner_type: String,
    pub criteria: Vec<Criterion>,
    /// Ordered from the highest `min` down.
    pub bands: Vec<Band>,
    pub missing: MissingPolicy,
    pub total_weight: f64,
    /// The profile as given, echoed by `builtinProfiles()`.
    pub source: Value,
}

/// Normalises a category value or tag for matching: trimmed, then
/// lowercased as `str::to_lowercase` does (README.md: categories and tags
/// match trimmed and case-insensitively). Written char by char so the core
/// module does not link `str::to_lowercase`, whose slicing panics pull in
/// core's `char` debug formatting and its Unicode printable tables.
pub fn fold(text: &str) -> String {
    lowercase(text.trim())
}

/// `str::to_lowercase`, char by char (see [`fold`]); account mapping's
/// normalised names and domains use it too (src/overlap.rs).
pub fn lowercase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c == 'Σ' {
            // Final sigma, as `str::to_lowercase`: ς at the end of a word
            // (a cased letter before it, none after it), else σ.
            let before = text.get(..i).unwrap_or("").chars().rev();
            let after = text.get(i.saturating_add(c.len_utf8())..).unwrap_or("");
            let word_final = then_cased(before) && !then_cased(after.chars());
            out.push(if word_final { 'ς' } else { 'σ' });
        } else {
            crate::case::push_lower(c, &mut out);
        }
    }
    out
}

/// Whether the first letter past any case-ignorable marks has case.
fn then_cased(mut chars: impl Iterator<Item = char>) -> bool {
    chars.find(|c| !case_ignorable(*c)).is_some_and(cased)
}

/// Unicode's `Cased`: Lowercase, Uppercase, or a titlecase letter (Lt).
fn cased(c: char) -> bool {
    c.is_lowercase()
        || c.is_uppercase()
        || matches!(c,
            '\u{01C5}' | '\u{01C8}' | '\u{01CB}' | '\u{01F2}'
            | '\u{1F88}'..='\u{1F8F}' | '\u{1F98}'..='\u{1F9F}' | '\u{1FA8}'..='\u{1FAF}'
            | '\u{1FBC}' | '\u{1FCC}' | '\u{1FFC}')
}

/// Unicode's `Case_Ignorable` for the marks that occur in cased scripts'
/// words: apostrophes and word-internal punctuation, the spacing accents,
/// the combining diacritics (Latin, Greek, Cyrillic), Greek tonos and
/// numeral signs, and the invisible format characters. Outside this set
/// (rarer combining marks of other scripts) a final sigma before such a
/// mark reads as σ where `str::to_lowercase` writes ς.
fn case_ignorable(c: char) -> bool {
    matches!(c,
        '\'' | '.' | ':' | '^' | '`' | '\u{00A8}' | '\u{00AD}' | '\u{00AF}' | '\u{00B4}'
        | '\u{00B7}' | '\u{00B8}' | '\u{02B0}'..='\u{036F}' | '\u{0374}' | '\u{0375}'
        | '\u{037A}' | '\u{0384}' | '\u{0385}' | '\u{0387}' | '\u{0483}'..='\u{0489}'
        | '\u{1DC0}'..='\u{1DFF}' | '\u{1FBD}' | '\u{1FBF}'..='\u{1FC1}' | '\u{1FCD}'..='\u{1FCF}'
        | '\u{1FDD}'..='\u{1FDF}' | '\u{1FED}'..='\u{1FEF}' | '\u{1FFD}' | '\u{1FFE}'
        | '\u{200B}'..='\u{200F}' | '\u{2018}' | '\u{2019}' | '\u{2024}' | '\u{2027}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{20D0}'..='\u{20F0}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FE20}'..='\u{FE2F}' | '\u{FEFF}')
}

struct Check {
    errors: Vec<Error>,
}

impl Check {
    fn push(&mut self, code: ErrorCode, path: String, message: impl Into<String>) {
        self.errors.push(Error::new(code, path, message));
    }

    fn type_error(&mut self, path: String, expected: &str, got: &Value) {
        let code = if matches!(got, Value::Null) {
            ErrorCode::MissingField
        } else {
            ErrorCode::InvalidType
        };
        self.push(
            code,
            path,
            format!("expected {expected}, got {}", got.type_name()),
        );
    }

    fn text(&mut self, obj: &Value, key: &str, path: &str) -> Option<String> {
        let p = join(path, key);
        match obj.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::String(_)) | None | Some(Value::Null) => {
                self.push(ErrorCode::MissingField, p, format!("{key} is required"));
                None
            }
            Some(other) => {
                self.type_error(p, "text", other);
                None
            }
        }
    }

    fn number(&mut self, v: &Value, path: String) -> Option<f64> {
        match v {
            Value::Number(n) if n.is_finite() => Some(*n),
            Value::Number(n) => {
                self.push(
                    ErrorCode::NotFinite,
                    path,
                    format!("{} is not a finite number", shown(*n)),
                );
                None
            }
            other => {
                self.type_error(path, "a number", other);
                None
            }
        }
    }

    fn subscore(&mut self, v: &Value, path: String) -> Option<f64> {
        let n = self.number(v, path.clone())?;
        if (0.0..=1.0).contains(&n) {
            Some(n)
        } else {
            self.push(
                ErrorCode::OutOfRange,
                path,
                format!("subscore {} is outside 0-1", shown(n)),
            );
            None
        }
    }

    fn opt_subscore(&mut self, obj: &Value, key: &str, path: &str, default: f64) -> f64 {
        match obj.get(key) {
            None | Some(Value::Null) => default,
            Some(v) => self.subscore(v, join(path, key)).unwrap_or(default),
        }
    }

    fn list<'v>(&mut self, v: Option<&'v Value>, path: String, what: &str) -> Option<&'v [Value]> {
        match v {
            Some(Value::Array(items)) => {
                if items.is_empty() {
                    self.push(
                        ErrorCode::MissingField,
                        path,
                        format!("{what} needs at least one entry"),
                    );
                    None
                } else if items.len() > MAX_ITEMS {
                    self.push(
                        ErrorCode::LimitExceeded,
                        path,
                        format!(
                            "{what} has {} entries; the limit is {MAX_ITEMS}",
                            items.len()
                        ),
                    );
                    None
                } else {
                    Some(items)
                }
            }
            None | Some(Value::Null) => {
                self.push(ErrorCode::MissingField, path, format!("{what} is required"));
                None
            }
            Some(other) => {
                self.type_error(path, "a list", other);
                None
            }
        }
    }

    fn unknown_keys(&mut self, obj: &Value, known: &[&str], path: &str) {
        if let Value::Object(entries) = obj {
            for (k, v) in entries {
                if !matches!(v, Value::Null) && !known.contains(&k.as_str()) {
                    self.push(
                        ErrorCode::UnknownField,
                        join(path, k),
                        format!(
                            "unknown field {}; known fields: {}",
                            crate::error::quote(k),
                            known.join(", ")
                        ),
                    );
                }
            }
        }
    }

    fn strings(&mut self, v: Option<&Value>, path: String, what: &str) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(items) = self.list(v, path.clone(), what) {
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) if !s.trim().is_empty() => out.push(fold(s)),
                    other => self.type_error(index(&path, i), "non-blank text", other),
                }
            }
        }
        out
    }
}

const PROFILE_KEYS: &[&str] = &[
    "id",
    "name",
    "partnerType",
    "criteria",
    "bands",
    "missing",
    "description",
    "source",
];
const CRITERION_KEYS: &[&str] = &[
    "id",
    "label",
    "field",
    "weight",
    "kind",
    "curve",
    "values",
    "default",
    "whenTrue",
    "whenFalse",
    "wanted",
    "gate",
    "domain",
    "source",
    "description",
];

/// Validates and compiles a profile. On failure, every problem found.
pub fn compile(value: &Value) -> Result<Profile, Vec<Error>> {
    let mut c = Check { errors: Vec::new() };
    if !matches!(value, Value::Object(_)) {
        c.type_error(String::new(), "a profile object", value);
        return Err(c.errors);
    }
    c.unknown_keys(value, PROFILE_KEYS, "");
    let id = c.text(value, "id", "");
    let name = c.text(value, "name", "");
    let partner_type = c.text(value, "partnerType", "");
    let missing = match value.get("missing") {
        None | Some(Value::Null) => Some(MissingPolicy::Zero),
        Some(Value::String(s)) if s == "zero" => Some(MissingPolicy::Zero),
        Some(Value::String(s)) if s == "renormalize" => Some(MissingPolicy::Renormalize),
        Some(other) => {
            c.push(
                if matches!(other, Value::String(_)) {
                    ErrorCode::OutOfRange
                } else {
                    ErrorCode::InvalidType
                },
                "missing".into(),
                "missing must be \"zero\" or \"renormalize\"",
            );
            None
        }
    };

    let mut criteria = Vec::new();
    match value.get("criteria") {
        Some(Value::Array(items)) if items.is_empty() => c.push(
            ErrorCode::EmptyProfile,
            "criteria".into(),
            "a profile needs at least one criterion",
        ),
        Some(Value::Array(items)) if items.len() > MAX_CRITERIA => c.push(
            ErrorCode::LimitExceeded,
            "criteria".into(),
            format!("{} criteria; the limit is {MAX_CRITERIA}", items.len()),
        ),
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                if let Some(crit) = criterion(&mut c, item, &index("criteria", i)) {
                    if criteria.iter().any(|k: &Criterion| k.id == crit.id) {
                        c.push(
                            ErrorCode::DuplicateId,
                            format!("criteria[{i}].id"),
                            format!(
                                "criterion id {} is used twice",
                                crate::error::quote(&crit.id)
                            ),
                        );
                    }
                    criteria.push(crit);
                }
            }
        }
        None | Some(Value::Null) => c.push(
            ErrorCode::EmptyProfile,
            "criteria".into(),
            "a profile needs a list of criteria",
        ),
        Some(other) => c.type_error("criteria".into(), "a list of criteria", other),
    }

    let mut bands: Vec<Band> = Vec::new();
    if let Some(items) = c.list(value.get("bands"), "bands".into(), "bands") {
        for (i, item) in items.iter().enumerate() {
            let path = index("bands", i);
            if !matches!(item, Value::Object(_)) {
                c.type_error(path, "a band {label, min}", item);
                continue;
            }
            c.unknown_keys(item, &["label", "min"], &path);
            let label = c.text(item, "label", &path);
            let min = match item.get("min") {
                None | Some(Value::Null) => {
                    c.push(
                        ErrorCode::MissingField,
                        join(&path, "min"),
                        "min is required",
                    );
                    None
                }
                Some(v) => c.number(v, join(&path, "min")),
            };
            let min = min.filter(|m| {
                let ok = (0.0..=100.0).contains(m);
                if !ok {
                    c.push(
                        ErrorCode::OutOfRange,
                        join(&path, "min"),
                        format!("band min {} is outside 0-100", shown(*m)),
                    );
                }
                ok
            });
            if let (Some(label), Some(min)) = (label, min) {
                if bands.iter().any(|b| b.label == label || b.min == min) {
                    c.push(
                        ErrorCode::DuplicateId,
                        path,
                        format!(
                            "band {} repeats a label or a min",
                            crate::error::quote(&label)
                        ),
                    );
                } else {
                    bands.push(Band { label, min });
                }
            }
        }
    }
    crate::sort::small_by(&mut bands, |a, b| a.min.total_cmp(&b.min).is_gt());

    match (id, name, partner_type, missing, c.errors.is_empty()) {
        (Some(id), Some(name), Some(partner_type), Some(missing), true) => {
            let total_weight = criteria.iter().map(|k| k.weight).sum();
            Ok(Profile {
                id,
                name,
                partner_type,
                criteria,
                bands,
                missing,
                total_weight,
                source: value.clone(),
            })
        }
        _ => Err(c.errors),
    }
}

fn criterion(c: &mut Check, v: &Value, path: &str) -> Option<Criterion> {
    if !matches!(v, Value::Object(_)) {
        c.type_error(path.to_string(), "a criterion object", v);
        return None;
    }
    c.unknown_keys(v, CRITERION_KEYS, path);
    let id = c.text(v, "id", path);
    let label = c.text(v, "label", path);
    let field = c.text(v, "field", path);
    let weight_path = join(path, "weight");
    let weight = match v.get("weight") {
        None | Some(Value::Null) => {
            c.push(ErrorCode::MissingField, weight_path, "weight is required");
            None
        }
        Some(w) => c.number(w, weight_path.clone()).filter(|w| {
            if *w > 0.0 {
                true
            } else {
                c.push(
                    ErrorCode::OutOfRange,
                    weight_path.clone(),
                    format!("weight {} must be more than 0", shown(*w)),
                );
                false
            }
        }),
    };
    let kind_path = join(path, "kind");
    let kind = match v.get("kind") {
        Some(Value::String(k)) => match k.as_str() {
            "range" => range_kind(c, v, path),
            "category" => category_kind(c, v, path),
            "flag" => Some(Kind::Flag {
                when_true: c.opt_subscore(v, "whenTrue", path, 1.0),
                when_false: c.opt_subscore(v, "whenFalse", path, 0.0),
            }),
            "tags" => {
                let wanted = c.strings(v.get("wanted"), join(path, "wanted"), "wanted");
                if wanted.is_empty() {
                    None
                } else {
                    Some(Kind::Tags { wanted })
                }
            }
            other => {
                c.push(
                    ErrorCode::UnknownKind,
                    kind_path,
                    format!(
                        "kind {} is not range, category, flag or tags",
                        crate::error::quote(other)
                    ),
                );
                None
            }
        },
        None | Some(Value::Null) => {
            c.push(ErrorCode::MissingField, kind_path, "kind is required");
            None
        }
        Some(other) => {
            c.type_error(kind_path, "text", other);
            None
        }
    };
    let gate = match (v.get("gate"), &kind) {
        (None | Some(Value::Null), _) => Ok(None),
        (Some(g), Some(k)) => gate(c, g, k, &join(path, "gate")).map(Some).ok_or(()),
        (Some(_), None) => Err(()),
    };
    let domain = match (v.get("domain"), &kind) {
        (None | Some(Value::Null), _) => Ok(None),
        (Some(d), Some(Kind::Range { .. })) => {
            domain(c, d, &join(path, "domain")).map(Some).ok_or(())
        }
        (Some(_), Some(_)) => {
            c.push(
                ErrorCode::Conflict,
                join(path, "domain"),
                "a domain bounds a range criterion's numbers; this criterion is not a range",
            );
            Err(())
        }
        (Some(_), None) => Err(()),
    };
    match (id, label, field, weight, kind, gate, domain) {
        (Some(id), Some(label), Some(field), Some(weight), Some(kind), Ok(gate), Ok(domain)) => {
            Some(Criterion {
                id,
                label,
                field,
                weight,
                kind,
                gate,
                domain,
            })
        }
        _ => None,
    }
}

fn domain(c: &mut Check, d: &Value, path: &str) -> Option<Domain> {
    if !matches!(d, Value::Object(_)) {
        c.type_error(path.to_string(), "a domain object {min, max}", d);
        return None;
    }
    let before = c.errors.len();
    c.unknown_keys(d, &["min", "max"], path);
    let read = |c: &mut Check, key: &str| match d.get(key) {
        None | Some(Value::Null) => None,
        Some(v) => c.number(v, join(path, key)),
    };
    let (min, max) = (read(c, "min"), read(c, "max"));
    if c.errors.len() != before {
        return None;
    }
    match (min, max) {
        (None, None) => {
            c.push(
                ErrorCode::MissingField,
                path.to_string(),
                "a domain needs min or max",
            );
            None
        }
        (Some(lo), Some(hi)) if lo > hi => {
            c.push(
                ErrorCode::OutOfRange,
                join(path, "min"),
                format!("domain min {} is above max {}", shown(lo), shown(hi)),
            );
            None
        }
        _ => Some(Domain { min, max }),
    }
}

fn range_kind(c: &mut Check, v: &Value, path: &str) -> Option<Kind> {
    let curve_path = join(path, "curve");
    let items = c.list(v.get("curve"), curve_path.clone(), "curve")?;
    let mut curve: Vec<(f64, f64)> = Vec::with_capacity(items.len());
    let before = c.errors.len();
    for (i, point) in items.iter().enumerate() {
        let p = index(&curve_path, i);
        match point {
            Value::Array(xy) if xy.len() == 2 => {
                let (Some(xv), Some(sv)) = (xy.first(), xy.get(1)) else {
                    continue;
                };
                let x = c.number(xv, index(&p, 0));
                let s = c.subscore(sv, index(&p, 1));
                if let (Some(x), Some(s)) = (x, s) {
                    if let Some((prev, _)) = curve.last() {
                        if x <= *prev {
                            c.push(
                                ErrorCode::CurveNotIncreasing,
                                index(&p, 0),
                                format!(
                                    "x {} does not increase on the previous point's {}",
                                    shown(x),
                                    shown(*prev)
                                ),
                            );
                        }
                    }
                    curve.push((x, s));
                }
            }
            other => c.type_error(p, "an [x, subscore] pair", other),
        }
    }
    (c.errors.len() == before).then_some(Kind::Range { curve })
}

fn category_kind(c: &mut Check, v: &Value, path: &str) -> Option<Kind> {
    let values_path = join(path, "values");
    let before = c.errors.len();
    let mut values: Vec<(String, f64)> = Vec::new();
    match v.get("values") {
        Some(Value::Object(entries)) if !entries.is_empty() && entries.len() <= MAX_ITEMS => {
            for (k, s) in entries {
                let p = join(&values_path, k);
                let key = fold(k);
                if key.is_empty() {
                    c.push(
                        ErrorCode::MissingField,
                        p,
                        "a category value cannot be blank",
                    );
                } else if values.iter().any(|(existing, _)| *existing == key) {
                    c.push(
                        ErrorCode::DuplicateId,
                        p,
                        format!(
                            "category value {} repeats another once case and spaces are ignored",
                            crate::error::quote(k)
                        ),
                    );
                } else if let Some(s) = c.subscore(s, p) {
                    values.push((key, s));
                }
            }
        }
        Some(Value::Object(entries)) if entries.len() > MAX_ITEMS => c.push(
            ErrorCode::LimitExceeded,
            values_path,
            format!("{} values; the limit is {MAX_ITEMS}", entries.len()),
        ),
        Some(Value::Object(_)) | None | Some(Value::Null) => c.push(
            ErrorCode::MissingField,
            values_path,
            "a category criterion needs values: {value: subscore}",
        ),
        Some(other) => c.type_error(values_path, "an object of value: subscore", other),
    }
    let default = c.opt_subscore(v, "default", path, 0.0);
    (c.errors.len() == before).then_some(Kind::Category { values, default })
}

fn gate(c: &mut Check, g: &Value, kind: &Kind, path: &str) -> Option<Gate> {
    if !matches!(g, Value::Object(_)) {
        c.type_error(path.to_string(), "a gate object", g);
        return None;
    }
    let before = c.errors.len();
    let out = match kind {
        Kind::Range { .. } => {
            c.unknown_keys(g, &["min", "max"], path);
            let read = |c: &mut Check, key: &str| match g.get(key) {
                None | Some(Value::Null) => None,
                Some(v) => c.number(v, join(path, key)),
            };
            let (min, max) = (read(c, "min"), read(c, "max"));
            match (min, max) {
                (None, None) => {
                    if c.errors.len() == before {
                        c.push(
                            ErrorCode::MissingField,
                            path.to_string(),
                            "a range gate needs min or max",
                        );
                    }
                    None
                }
                (Some(lo), Some(hi)) if lo > hi => {
                    c.push(
                        ErrorCode::OutOfRange,
                        join(path, "min"),
                        format!("gate min {} is above max {}", shown(lo), shown(hi)),
                    );
                    None
                }
                _ => Some(Gate::Range { min, max }),
            }
        }
        Kind::Category { .. } | Kind::Tags { .. } => {
            c.unknown_keys(g, &["allowed"], path);
            let allowed = c.strings(g.get("allowed"), join(path, "allowed"), "allowed");
            (!allowed.is_empty()).then_some(Gate::Allowed(allowed))
        }
        Kind::Flag { .. } => {
            c.unknown_keys(g, &["required"], path);
            match g.get("required") {
                Some(Value::Bool(b)) => Some(Gate::Required(*b)),
                None | Some(Value::Null) => {
                    c.push(
                        ErrorCode::MissingField,
                        join(path, "required"),
                        "a flag gate needs required: true or false",
                    );
                    None
                }
                Some(other) => {
                    c.type_error(join(path, "required"), "true or false", other);
                    None
                }
            }
        }
    };
    if c.errors.len() == before {
        out
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::parse_json;

    fn errors(json: &str) -> Vec<(ErrorCode, String)> {
        match compile(&parse_json(json, "").unwrap()) {
            Ok(_) => vec![],
            Err(e) => e.into_iter().map(|e| (e.code, e.path)).collect(),
        }
    }

    #[test]
    fn fold_lowercases_as_str_to_lowercase_does() {
        for text in [
            "  Consulting  ",
            "SaaS",
            "ΟΔΟΣ",
            "ΟΔΟΣ ΣΑΣ",
            "Σ",
            "ΑΣ'",
            "ΑΣ\u{301}Β",
            "ΑΣ\u{301}",
            "ǅΣ",
            "İstanbul",
            "ẞ",
            "Ω Σ.",
            "ᾈΣ",
        ] {
            assert_eq!(fold(text), text.trim().to_lowercase(), "{text}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        // Any text from letters with case (Latin, Greek, Cyrillic,
        // titlecase), marks fold skips over, and uncased characters.
        #[test]
        fn fold_matches_std_on_mixed_text(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'Σ', 'σ', 'ς', 'Α', 'ά', 'Ά', 'ο', 'A', 'z', 'İ', 'ǅ', 'ᾈ', 'Ж', 'ж',
                '\'', '.', ':', '\u{301}', '\u{308}', '\u{AD}', '\u{2019}', '\u{B7}', '\u{200D}',
                ' ', '-', '1', '中', '😀', '\u{3A2}',
            ]), 0..12),
        ) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(fold(&text), text.trim().to_lowercase());
            proptest::prop_assert_eq!(lowercase(&text), text.to_lowercase());
        }

        #[test]
        fn fold_matches_std_on_any_text(text in "\\PC{0,16}") {
            proptest::prop_assert_eq!(fold(&text), text.trim().to_lowercase());
            proptest::prop_assert_eq!(lowercase(&text), text.to_lowercase());
        }
    }

    const GOOD: &str = r#"{"id":"p","name":"P","partnerType":"referral","missing":"zero",
        "criteria":[{"id":"a","label":"A","field":"a","weight":2,"kind":"range","curve":[[0,0],[10,1]]}],
        "bands":[{"label":"Good","min":60},{"label":"Poor","min":0}]}"#;

    #[test]
    fn domains_are_checked() {
        let with = |c: &str| {
            let json = format!(
                r#"{{"id":"p","name":"P","partnerType":"referral","criteria":[{c}],"bands":[{{"label":"All","min":0}}]}}"#
            );
            compile(&crate::value::parse_json(&json, "").unwrap())
        };
        let p = with(r#"{"id":"a","label":"A","field":"a","weight":1,"kind":"range","curve":[[0,0],[10,1]],"domain":{"min":0,"max":100}}"#).unwrap();
        assert_eq!(
            p.criteria[0].domain,
            Some(Domain {
                min: Some(0.0),
                max: Some(100.0)
            })
        );
        let errs = |c: &str| {
            with(c)
                .unwrap_err()
                .into_iter()
                .map(|e| (e.code, e.path))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            errs(
                r#"{"id":"a","label":"A","field":"a","weight":1,"kind":"range","curve":[[0,0],[10,1]],"domain":{"min":5,"max":1}}"#
            ),
            [(ErrorCode::OutOfRange, "criteria[0].domain.min".to_string())]
        );
        assert_eq!(
            errs(
                r#"{"id":"a","label":"A","field":"a","weight":1,"kind":"range","curve":[[0,0],[10,1]],"domain":{}}"#
            ),
            [(ErrorCode::MissingField, "criteria[0].domain".to_string())]
        );
        assert_eq!(
            errs(
                r#"{"id":"a","label":"A","field":"a","weight":1,"kind":"flag","domain":{"min":0}}"#
            ),
            [(ErrorCode::Conflict, "criteria[0].domain".to_string())]
        );
        assert_eq!(
            errs(
                r#"{"id":"a","label":"A","field":"a","weight":1,"kind":"range","curve":[[0,0],[10,1]],"domain":{"min":"x"}}"#
            ),
            [(ErrorCode::InvalidType, "criteria[0].domain.min".to_string())]
        );
    }

    #[test]
    fn compiles_a_good_profile() {
        let p = compile(&parse_json(GOOD, "").unwrap()).unwrap();
        assert_eq!(p.total_weight, 2.0);
        assert_eq!(p.bands[0].label, "Good");
    }

    #[test]
    fn reports_every_problem_with_its_path() {
        let bad = GOOD
            .replace(r#""weight":2"#, r#""weight":0"#)
            .replace("[[0,0],[10,1]]", "[[0,0],[0,1],[5,2]]");
        let e = errors(&bad);
        assert!(
            e.contains(&(ErrorCode::OutOfRange, "criteria[0].weight".into())),
            "{e:?}"
        );
        assert!(e.contains(&(
            ErrorCode::CurveNotIncreasing,
            "criteria[0].curve[1][0]".into()
        )));
        assert!(e.contains(&(ErrorCode::OutOfRange, "criteria[0].curve[2][1]".into())));
    }

    #[test]
    fn empty_and_duplicate() {
        let empty = GOOD.replace(
            r#"[{"id":"a","label":"A","field":"a","weight":2,"kind":"range","curve":[[0,0],[10,1]]}]"#,
            "[]",
        );
        assert_eq!(
            errors(&empty),
            vec![(ErrorCode::EmptyProfile, "criteria".into())]
        );
        let dup = GOOD.replace(
            r#"[{"id":"a","#,
            r#"[{"id":"a","label":"B","field":"b","weight":1,"kind":"flag"},{"id":"a","#,
        );
        assert_eq!(
            errors(&dup),
            vec![(ErrorCode::DuplicateId, "criteria[1].id".into())]
        );
        assert_eq!(errors("[]"), vec![(ErrorCode::InvalidType, "".into())]);
    }
}
