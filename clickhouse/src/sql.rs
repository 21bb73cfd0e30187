//! A profile compiled to native ClickHouse SQL: two SQL functions over
//! typed columns (one argument per field the profile reads) that give
//! `partnerFit`'s and `partnerBand`'s digits without the WebAssembly call
//! or any JSON. See README.md ("Typed columns: the profile as SQL").
//!
//! The SQL repeats the core's arithmetic operation for operation, in the
//! core's order (`score::quick_score`: curves clamped then interpolated,
//! weights summed criterion by criterion, `round_to` half away from zero),
//! so each IEEE-754 step is the same and the result is the same double.
//! Reading typed cells follows the core's rules for a cell of that type
//! (`score::Cell`): a number column reads as `Cell::Number` (NULL and NaN
//! blank), a text column as `Cell::Text`. Text is folded (trimmed,
//! lower-cased) by ClickHouse, which folds ASCII only, so a row with text
//! outside ASCII gives NULL ("score it with partnerFit"), never a score
//! read by other rules. `clickhouse/tests/test_sql.py` checks the digits
//! against `partnerFit` bit for bit.

use partner_scoring::profile::{Gate, Kind, MissingPolicy, Profile};
use partner_scoring::{Error, ErrorCode};

/// What a profile's SQL function takes for a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// Any number or Bool column (Nullable allowed); NULL and NaN are blank.
    Number,
    /// A String column (Nullable allowed); NULL and blank text are blank.
    Text,
}

impl Input {
    pub fn sql_type(self) -> &'static str {
        match self {
            Input::Number => "Nullable(Float64)",
            Input::Text => "Nullable(String)",
        }
    }
}

/// The compiled profile: the two statements and the argument list.
#[derive(Clone, Debug)]
pub struct Compiled {
    pub fit_name: String,
    pub band_name: String,
    /// (argument name, field, input), in the functions' argument order:
    /// each field once, in the order the criteria first read it.
    pub args: Vec<(String, String, Input)>,
    pub fit_sql: String,
    pub band_sql: String,
}

impl Compiled {
    /// Both statements, each on one line ending in `;`.
    pub fn statements(&self) -> String {
        format!("{};\n{};\n", self.fit_sql, self.band_sql)
    }
}

/// ASCII whitespace as `str::trim` removes it (tab, LF, VT, FF, CR, space).
const ASCII_WS: &str = "'\\t\\n\\x0B\\x0C\\r '";

/// A Float64 literal that ClickHouse reads back as the same double (Rust's
/// shortest round-trip form, always with a point or an exponent).
fn num(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let s = format!("{x:?}");
    if x < 0.0 {
        format!("({s})")
    } else {
        s
    }
}

fn lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| lit(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// `Referral`, `MyProfile` from `referral`, `my-profile`.
fn camel(id: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for ch in id.chars() {
        if ch.is_ascii_alphanumeric() {
            if upper {
                out.push(ch.to_ascii_uppercase());
            } else {
                out.push(ch);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    out
}

/// An SQL identifier for a field: letters, digits and `_`, unique.
fn arg_name(field: &str, taken: &[(String, String, Input)]) -> String {
    let mut name: String = field
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, "f_");
    }
    let base = name.clone();
    let mut n = 2;
    while taken.iter().any(|(a, _, _)| *a == name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

/// Rust's `f64::round` (half away from zero) for y >= 0, exactly: the
/// fraction `y - floor(y)` is exact for 0 <= y < 2^52.
fn round_half_away(y: &str) -> String {
    format!("(floor({y}) + ((({y}) - floor({y})) >= 0.5))")
}

/// The core's `round_to(x, 1)` for x in [0, 100], applied to `r` (a
/// lambda parameter: written out, the rounding repeats its argument nine
/// times).
fn round_to_1(r: &str) -> String {
    let snapped = format!("({} / 1e9)", round_half_away(&format!("({r} * 1e9)")));
    format!(
        "({} / 10.0)",
        round_half_away(&format!("({snapped} * 10.0)"))
    )
}

/// Inputs converted once and bound to lambda parameters: each converted
/// form (a number, a folded text, a tag list) appears once in the SQL.
#[derive(Default)]
struct Bindings {
    /// (SQL of the converted value, parameter name)
    items: Vec<(String, String)>,
}

impl Bindings {
    fn bind(&mut self, sql: String) -> String {
        if let Some((_, p)) = self.items.iter().find(|(e, _)| *e == sql) {
            return p.clone();
        }
        let p = format!("__ps_{}", self.items.len());
        self.items.push((sql, p.clone()));
        p
    }
}

/// `a OR b OR ...` over 0/1 values without `or`, which ClickHouse
/// evaluates lazily (short-circuit), at several times the cost here.
fn any_of(items: &[String]) -> String {
    match items {
        [] => "0".to_string(),
        [one] => one.clone(),
        many => format!("greatest({})", many.join(", ")),
    }
}

/// Compiles `profile` into its SQL functions, named from its id
/// (`partnerFitReferral`, `partnerBandReferral`).
///
/// Shape, for speed: the inputs are converted once and bound by one
/// `arrayMap` over one-element arrays; inside it every condition is
/// arithmetic on those parameters, so no `if` or `multiIf` branch holds a
/// conversion or a lambda (ClickHouse's short-circuit evaluation would
/// otherwise run each such branch separately under a mask: 4x slower).
pub fn compile(profile: &Profile) -> Result<Compiled, Error> {
    let suffix = camel(&profile.id);
    if suffix.is_empty() {
        return Err(Error::new(
            ErrorCode::OutOfRange,
            "profile.id",
            "the SQL function names come from the profile id, which needs a letter or digit",
        ));
    }
    let fit_name = format!("partnerFit{suffix}");
    let band_name = format!("partnerBand{suffix}");

    let mut args: Vec<(String, String, Input)> = Vec::new();
    let mut bound = Bindings::default();
    let mut weighted: Vec<String> = Vec::new();
    let mut counted: Vec<String> = Vec::new();
    let mut gates: Vec<String> = Vec::new();
    let mut text_args: Vec<String> = Vec::new();
    let mut denominator = 0.0f64;

    for (i, c) in profile.criteria.iter().enumerate() {
        let input = match c.kind {
            Kind::Range { .. } | Kind::Flag { .. } => Input::Number,
            Kind::Category { .. } | Kind::Tags { .. } => Input::Text,
        };
        let arg = match args.iter().find(|(_, f, _)| *f == c.field) {
            Some((a, _, seen)) if *seen == input => a.clone(),
            Some(_) => {
                return Err(Error::new(
                    ErrorCode::InvalidType,
                    format!("profile.criteria[{i}].field"),
                    format!(
                        "the field {:?} is read as a number by one criterion and as text by another; the SQL form takes one typed column per field",
                        c.field
                    ),
                ))
            }
            None => {
                let a = arg_name(&c.field, &args);
                args.push((a.clone(), c.field.clone(), input));
                if input == Input::Text {
                    text_args.push(a.clone());
                }
                a
            }
        };
        let w = num(c.weight);
        // (missing, subscore when scored else 0, gate fails), all 0/1 or
        // Float64 expressions over bound parameters.
        let (missing, subscore, gate) = match &c.kind {
            Kind::Range { curve } => {
                // A number outside the field's domain is invalid, as in the
                // core (docs/design.md §3.2): read as +inf, it scores 0, is
                // not missing and meets no gate.
                let raw = format!("ifNull(toFloat64({arg}), nan)");
                let outside: Vec<String> = c
                    .domain
                    .iter()
                    .flat_map(|d| {
                        let lo = d.min.map(|lo| format!("(x < {})", num(lo)));
                        let hi = d.max.map(|hi| format!("(x > {})", num(hi)));
                        lo.into_iter().chain(hi)
                    })
                    .collect();
                let v = if outside.is_empty() {
                    bound.bind(raw)
                } else {
                    // Bound values cannot see each other: the reading is
                    // written out in the test and the result.
                    let tests: Vec<String> = outside
                        .iter()
                        .map(|t| t.replacen("(x ", &format!("({raw} "), 1))
                        .collect();
                    bound.bind(format!("if({} != 0, inf, {raw})", any_of(&tests)))
                };
                let mut arms = Vec::new();
                if let (Some(first), Some(last)) = (curve.first(), curve.last()) {
                    arms.push(format!("{v} <= {}, {}", num(first.0), num(first.1)));
                    arms.push(format!("{v} >= {}, {}", num(last.0), num(last.1)));
                    for pair in curve.windows(2) {
                        if let [(x0, s0), (x1, s1)] = pair {
                            arms.push(format!(
                                "{v} <= {}, {} + {} * ({v} - {}) / {}",
                                num(*x1),
                                num(*s0),
                                num(s1 - s0),
                                num(*x0),
                                num(x1 - x0)
                            ));
                        }
                    }
                }
                // NaN and infinities (blank, invalid) score 0.
                arms.push("0.0".to_string());
                let curve_sql = format!("multiIf(NOT isFinite({v}), 0.0, {})", arms.join(", "));
                let gate = match &c.gate {
                    Some(Gate::Range { min, max }) => {
                        let mut out = Vec::new();
                        if let Some(lo) = min {
                            out.push(format!("({v} < {})", num(*lo)));
                        }
                        if let Some(hi) = max {
                            out.push(format!("({v} > {})", num(*hi)));
                        }
                        (!out.is_empty())
                            .then(|| format!("((isFinite({v}) * {}) != 0)", any_of(&out)))
                    }
                    _ => None,
                };
                (format!("isNaN({v})"), curve_sql, gate)
            }
            Kind::Flag {
                when_true,
                when_false,
            } => {
                let v = bound.bind(format!("ifNull(toFloat64({arg}), nan)"));
                let gate = match &c.gate {
                    Some(Gate::Required(want)) => {
                        Some(format!("({v} = {})", if *want { "0.0" } else { "1.0" }))
                    }
                    _ => None,
                };
                (
                    format!("isNaN({v})"),
                    format!(
                        "multiIf({v} = 1.0, {}, {v} = 0.0, {}, 0.0)",
                        num(*when_true),
                        num(*when_false)
                    ),
                    gate,
                )
            }
            Kind::Category { values, default } => {
                let t = bound.bind(format!("lower(trimBoth(ifNull({arg}, ''), {ASCII_WS}))"));
                // Blank text is missing and scores 0: '' maps to 0 (a
                // folded key is never blank).
                let mut keys: Vec<String> = vec![String::new()];
                let mut subs: Vec<String> = vec!["0.0".to_string()];
                for (k, s) in values.iter().filter(|(k, _)| !k.is_empty()) {
                    keys.push(k.clone());
                    subs.push(num(*s));
                }
                let gate = match &c.gate {
                    Some(Gate::Allowed(allowed)) => Some(format!(
                        "((({t} != '') * (NOT has({}, {t}))) != 0)",
                        list(allowed)
                    )),
                    _ => None,
                };
                (
                    format!("({t} = '')"),
                    format!(
                        "transform({t}, {}, [{}], {})",
                        list(&keys),
                        subs.join(", "),
                        num(*default)
                    ),
                    gate,
                )
            }
            Kind::Tags { wanted } => {
                let raw = format!("ifNull({arg}, '')");
                let blank = bound.bind(format!("(trimBoth({raw}, {ASCII_WS}) = '')"));
                let tags = bound.bind(format!(
                    "arrayMap(t -> lower(trimBoth(t, {ASCII_WS})), splitByChar(';', replaceAll({raw}, ',', ';')))"
                ));
                let present: Vec<String> = wanted
                    .iter()
                    .map(|w| format!("has({tags}, {})", lit(w)))
                    .collect();
                let count = if present.is_empty() {
                    "0".to_string()
                } else {
                    present.join(" + ")
                };
                let n = num(wanted.len().max(1) as f64);
                let gate = match &c.gate {
                    Some(Gate::Allowed(allowed)) => {
                        let any: Vec<String> = allowed
                            .iter()
                            .map(|a| format!("has({tags}, {})", lit(a)))
                            .collect();
                        Some(format!("(((NOT {blank}) * (NOT {})) != 0)", any_of(&any)))
                    }
                    _ => None,
                };
                (
                    blank.clone(),
                    // (1 - blank) * x is x or 0 exactly: x is finite.
                    format!("((1 - {blank}) * ({count}) / {n})"),
                    gate,
                )
            }
        };
        weighted.push(format!("{w} * {subscore}"));
        match profile.missing {
            MissingPolicy::Zero => denominator += c.weight,
            MissingPolicy::Renormalize => counted.push(format!("if({missing}, 0.0, {w})")),
        }
        if let Some(g) = gate {
            gates.push(g);
        }
    }

    let weighted_sql = if weighted.is_empty() {
        "0.0".to_string()
    } else {
        format!("({})", weighted.join(" + "))
    };
    let denominator_sql = match profile.missing {
        MissingPolicy::Zero => num(denominator),
        MissingPolicy::Renormalize if counted.is_empty() => "0.0".to_string(),
        MissingPolicy::Renormalize => format!("({})", counted.join(" + ")),
    };
    let raw = format!("least(greatest(100.0 * {weighted_sql} / {denominator_sql}, 0.0), 100.0)");
    let mut zero = gates;
    zero.push(format!("({denominator_sql} <= 0.0)"));
    // Rounded unconditionally and bound (`__ps_q`), so the `if` branches
    // below are a parameter or a constant.
    let r = "__ps_r";
    let rounded = format!("arrayMap({r} -> {}, [{raw}])[1]", round_to_1(r));
    let mut score = format!("if({}, 0.0, __ps_q)", any_of(&zero));
    if !text_args.is_empty() {
        let ascii: Vec<String> = text_args
            .iter()
            .map(|a| {
                format!("(isValidUTF8(ifNull({a}, '')) * (lengthUTF8(ifNull({a}, '')) = length(ifNull({a}, ''))))")
            })
            .collect();
        let ok = bound.bind(format!("(({}) != 0)", ascii.join(" * ")));
        score = format!("if({ok}, {score}, NULL)");
    }
    let body = format!("arrayMap(__ps_q -> {score}, [{rounded}])[1]");
    let params: Vec<&str> = bound.items.iter().map(|(_, p)| p.as_str()).collect();
    let values: Vec<String> = bound.items.iter().map(|(e, _)| format!("[{e}]")).collect();
    let expr = if params.is_empty() {
        body
    } else {
        format!(
            "arrayMap(({}) -> {body}, {})[1]",
            params.join(", "),
            values.join(", ")
        )
    };
    let args_list: Vec<&str> = args.iter().map(|(a, _, _)| a.as_str()).collect();
    let args_list = args_list.join(", ");
    let fit_sql = format!("CREATE OR REPLACE FUNCTION {fit_name} AS ({args_list}) -> {expr}");
    let mut bands: Vec<String> = profile
        .bands
        .iter()
        .map(|b| format!("__ps_s >= {}, {}", num(b.min), lit(&b.label)))
        .collect();
    bands.push("''".to_string());
    // The score bound once.
    let band_sql = format!(
        "CREATE OR REPLACE FUNCTION {band_name} AS ({args_list}) -> arrayMap(__ps_s -> if(isNull(__ps_s), NULL, multiIf({})), [{fit_name}({args_list})])[1]",
        bands.join(", ")
    );
    Ok(Compiled {
        fit_name,
        band_name,
        args,
        fit_sql,
        band_sql,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use partner_scoring::builtin;

    #[test]
    fn every_builtin_profile_compiles_with_its_fields_as_arguments() {
        for id in [
            "referral",
            "technology",
            "reseller",
            "strategic",
            "services",
            "alliance",
        ] {
            let p = builtin::by_id(id, "profile").unwrap();
            let c = compile(p).unwrap();
            assert!(c.fit_name.starts_with("partnerFit"));
            let fields: Vec<&str> = c.args.iter().map(|(_, f, _)| f.as_str()).collect();
            for crit in &p.criteria {
                assert!(fields.contains(&crit.field.as_str()));
            }
            assert!(c.statements().lines().count() == 2);
        }
    }

    #[test]
    fn literals_round_trip_and_quote() {
        assert_eq!(num(0.1), "0.1");
        assert_eq!(num(2.0), "2.0");
        assert_eq!(num(-1.5), "(-1.5)");
        assert_eq!(num(1e-7), "1e-7");
        assert_eq!(lit("it's \\"), "'it\\'s \\\\'");
        assert_eq!(camel("my-profile 2"), "MyProfile2");
    }
}
