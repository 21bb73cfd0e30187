//! Laws the scoring and tier code must keep for every input (style.md §8).
#![cfg(not(target_arch = "wasm32"))]

use partner_scoring::api;
use partner_scoring::batch::Column;
use partner_scoring::builtin;
use partner_scoring::profile::compile;
use partner_scoring::score::score;
use partner_scoring::value::{parse_json, Value};
use proptest::prelude::*;

fn any_field_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-1e6f64..1e6).prop_map(Value::Number),
        any::<f64>().prop_map(Value::Number),
        "[a-z ;,0-9.]{0,12}".prop_map(Value::String),
        prop::collection::vec("[a-z ]{0,10}", 0..4)
            .prop_map(|v| Value::Array(v.into_iter().map(Value::String).collect())),
    ]
}

const FIELDS: [&str; 20] = [
    "icpMatchPercent",
    "buyingTriggersPerQuarter",
    "returnMultiple",
    "customerOverlapPercent",
    "firmType",
    "sellsCompetingProduct",
    "integrationLevel",
    "productFit",
    "integrationCapabilities",
    "salesReps",
    "offersImplementation",
    "certifiedStaff",
    "offeredMarginRate",
    "businessModel",
    "hasMarketplace",
    "hasCoSellProgram",
    "platformCustomers",
    "deliveryConsultants",
    "gtmCommitment",
    "jointTargetAccounts",
];

fn any_record() -> impl Strategy<Value = Value> {
    prop::collection::vec(any_field_value(), FIELDS.len()).prop_map(|values| {
        Value::Object(FIELDS.iter().map(|f| f.to_string()).zip(values).collect())
    })
}

/// A profile of 1-6 range criteria with rising curves and random weights.
fn rising_profile() -> impl Strategy<Value = (Vec<f64>, String)> {
    prop::collection::vec(0.01f64..100.0, 1..6).prop_map(|weights| {
        let criteria: Vec<String> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| {
                format!(
                    r#"{{"id":"c{i}","label":"C{i}","field":"f{i}","weight":{w},"kind":"range","curve":[[0,0],[10,0.3],[50,0.9],[100,1]]}}"#
                )
            })
            .collect();
        let json = format!(
            r#"{{"id":"p","name":"P","partnerType":"referral","criteria":[{}],"bands":[{{"label":"Top","min":50}},{{"label":"Low","min":0}}]}}"#,
            criteria.join(",")
        );
        (weights, json)
    })
}

fn record_of(values: &[f64]) -> Value {
    Value::Object(
        values
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("f{i}"), Value::Number(*v)))
            .collect(),
    )
}

/// One field of a list of records, as each column form the batch path
/// takes, with the records as that form reads them (a form that cannot
/// hold a cell, such as a number column for text, makes it blank).
fn column_forms(records: &[Value], field: &str) -> Vec<(Column, Vec<Value>)> {
    use partner_scoring::batch::NUMBER_CODE;
    let cells: Vec<Value> = records
        .iter()
        .map(|r| r.get(field).cloned().unwrap_or(Value::Null))
        .collect();
    let mut dict: Vec<Value> = Vec::new();
    // Numbers by bits: 0 and -0 are different values for a category.
    let same = |a: &Value, b: &Value| match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.to_bits() == y.to_bits(),
        _ => a == b,
    };
    let mut code_of = |v: &Value| -> u32 {
        match dict.iter().position(|d| same(d, v)) {
            Some(i) => i as u32,
            None => {
                dict.push(v.clone());
                (dict.len() - 1) as u32
            }
        }
    };
    let codes: Vec<u32> = cells
        .iter()
        .map(|v| {
            if matches!(v, Value::Null) {
                u32::MAX
            } else {
                code_of(v)
            }
        })
        .collect();
    let coded = Column::Coded {
        values: dict.clone(),
        codes,
    };
    let mut mixed_dict: Vec<Value> = Vec::new();
    let mut numbers = Vec::new();
    let mut mixed_codes = Vec::new();
    for v in &cells {
        match v {
            // NaN in a numbers column is blank; a NaN value is invalid
            // (not-finite), so it goes in the dictionary.
            Value::Number(n) if !n.is_nan() => {
                numbers.push(*n);
                mixed_codes.push(NUMBER_CODE);
            }
            Value::Null => {
                numbers.push(f64::NAN);
                mixed_codes.push(NUMBER_CODE);
            }
            other => {
                numbers.push(0.0);
                let at = mixed_dict
                    .iter()
                    .position(|d| same(d, other))
                    .unwrap_or_else(|| {
                        mixed_dict.push(other.clone());
                        mixed_dict.len() - 1
                    });
                mixed_codes.push(at as u32);
            }
        }
    }
    let mixed = Column::Mixed {
        values: mixed_dict,
        codes: mixed_codes,
        numbers,
    };
    let as_numbers: Vec<Value> = cells
        .iter()
        .map(|v| match v {
            Value::Number(n) if !n.is_nan() => Value::Number(*n),
            _ => Value::Null,
        })
        .collect();
    let numbers = Column::Numbers(
        as_numbers
            .iter()
            .map(|v| match v {
                Value::Number(n) => *n,
                _ => f64::NAN,
            })
            .collect(),
    );
    let as_flags: Vec<Value> = cells
        .iter()
        .map(|v| match v {
            Value::Number(n) if *n == 0.0 || *n == 1.0 => Value::Number(n.abs()),
            Value::Bool(b) => Value::Number(if *b { 1.0 } else { 0.0 }),
            _ => Value::Null,
        })
        .collect();
    let flags = Column::Flags(
        as_flags
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::Number(n) => *n as u8,
                _ => [2u8, 255, 7][i % 3],
            })
            .collect(),
    );
    vec![
        (Column::Values(cells.clone()), cells.clone()),
        (coded, cells.clone()),
        (mixed, cells),
        (numbers, as_numbers),
        (flags, as_flags),
    ]
}

/// Checks every column form of every field of `records` against the
/// explained score, to the bit, for one profile.
fn columns_agree(
    profile: &partner_scoring::profile::Profile,
    source: &Value,
    records: &[Value],
) -> Result<(), TestCaseError> {
    let scorer = partner_scoring::batch::Scorer::new(source).unwrap();
    let fields = scorer.fields();
    for form in 0..5 {
        let mut columns = Vec::new();
        let mut seen: Vec<Vec<(String, Value)>> = vec![Vec::new(); records.len()];
        for f in &fields {
            let (col, cells) = column_forms(records, f).swap_remove(form);
            for (row, v) in cells.into_iter().enumerate() {
                seen[row].push((f.clone(), v));
            }
            columns.push((f.clone(), col));
        }
        let got = scorer.score_columns(&columns, records.len()).unwrap();
        for (row, fields) in seen.into_iter().enumerate() {
            let want = score(profile, &Value::Object(fields), "").unwrap();
            prop_assert_eq!(
                got.scores[row].to_bits(),
                want.score.to_bits(),
                "form {} row {}",
                form,
                row
            );
            let band = want
                .band
                .map(|b| profile.bands.iter().position(|x| x.label == b).unwrap() as u8)
                .unwrap_or(255);
            prop_assert_eq!(got.bands[row], band);
        }
    }
    Ok(())
}

/// A profile with a category whose keys are numbers' text (read from
/// number cells by bits), a gate on it, and a range with a gate.
fn numeric_category_profile() -> impl Strategy<Value = String> {
    (
        prop::sample::subsequence(vec!["0", "-0", "1", "2.5", "1e5", "100000", "3", " 4"], 1..5),
        prop::sample::subsequence(vec!["0", "1", "2.5", "7", "x"], 0..3),
        any::<bool>(),
    )
        .prop_map(|(keys, allowed, renormalize)| {
            let values: Vec<String> = keys
                .iter()
                .enumerate()
                .map(|(i, k)| format!("\"{k}\": {}", 0.1 * (i as f64 + 1.0)))
                .collect();
            let gate = if allowed.is_empty() {
                String::new()
            } else {
                format!(
                    r#","gate":{{"allowed":[{}]}}"#,
                    allowed.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(",")
                )
            };
            format!(
                r#"{{"id":"n","name":"N","partnerType":"referral","missing":"{}","criteria":[
                    {{"id":"c","label":"C","field":"f0","weight":3,"kind":"category","values":{{{}}},"default":0.25{gate}}},
                    {{"id":"r","label":"R","field":"f1","weight":2,"kind":"range","curve":[[0,0],[10,0.5],[20,1]],"gate":{{"min":1,"max":19}}}},
                    {{"id":"g","label":"G","field":"f2","weight":1,"kind":"flag","whenTrue":0.5,"whenFalse":1,"gate":{{"required":false}}}}],
                  "bands":[{{"label":"Top","min":50}},{{"label":"Low","min":10}}]}}"#,
                if renormalize { "renormalize" } else { "zero" },
                values.join(",")
            )
        })
}

fn numeric_cell() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            0.0,
            -0.0,
            1.0,
            2.5,
            1e5,
            3.0,
            4.0,
            7.0,
            0.5,
            19.0,
            20.0,
            25.0,
            -1.0,
            f64::NAN,
            f64::INFINITY
        ])
        .prop_map(Value::Number),
        any_field_value(),
    ]
}

fn numeric_record() -> impl Strategy<Value = Value> {
    prop::collection::vec(numeric_cell(), 3).prop_map(|v| {
        Value::Object(
            v.into_iter()
                .enumerate()
                .map(|(i, x)| (format!("f{i}"), x))
                .collect(),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_column_form_gives_the_explained_score(records in prop::collection::vec(any_record(), 1..12)) {
        for p in builtin::all().unwrap() {
            columns_agree(p, &Value::String(p.id.clone()), &records)?;
        }
    }

    #[test]
    fn numeric_category_keys_match_number_cells_by_text(
        json in numeric_category_profile(),
        records in prop::collection::vec(numeric_record(), 1..12),
    ) {
        let source = parse_json(&json, "").unwrap();
        let profile = compile(&source).unwrap();
        columns_agree(&profile, &source, &records)?;
    }

    #[test]
    fn scores_stay_within_0_and_100(record in any_record()) {
        for p in builtin::all().unwrap() {
            let r = score(p, &record, "record").unwrap();
            prop_assert!((0.0..=100.0).contains(&r.score), "{} gave {}", p.id, r.score);
            prop_assert!((0.0..=1.0).contains(&r.coverage));
            for c in &r.contributions {
                prop_assert!(c.points <= c.max_points + 1e-9);
            }
        }
    }

    #[test]
    fn the_batch_path_gives_the_explained_score(records in prop::collection::vec(any_record(), 1..8)) {
        for p in builtin::all().unwrap() {
            let scorer = partner_scoring::batch::Scorer::new(&Value::String(p.id.clone())).unwrap();
            let quick = scorer.score_records(&Value::Array(records.clone())).unwrap();
            for (r, q) in records.iter().zip(&quick.scores) {
                prop_assert_eq!(score(p, r, "").unwrap().score, *q);
            }
        }
    }

    #[test]
    fn raising_a_rising_range_never_lowers_the_score(
        (weights, json) in rising_profile(),
        base in prop::collection::vec(-20f64..120.0, 6),
        which in 0usize..6,
        bump in 0f64..50.0,
    ) {
        let profile = compile(&parse_json(&json, "").unwrap()).unwrap();
        let n = weights.len();
        let before: Vec<f64> = base.iter().take(n).copied().collect();
        let mut after = before.clone();
        let i = which % n;
        after[i] += bump;
        let s0 = score(&profile, &record_of(&before), "").unwrap().score;
        let s1 = score(&profile, &record_of(&after), "").unwrap().score;
        prop_assert!(s1 >= s0, "{s0} -> {s1}");
    }

    #[test]
    fn scaling_every_weight_changes_nothing(
        (weights, json) in rising_profile(),
        values in prop::collection::vec(0f64..100.0, 6),
        factor in prop_oneof![Just(2.0f64), Just(10.0), Just(0.5), 0.001f64..1000.0],
    ) {
        let profile = compile(&parse_json(&json, "").unwrap()).unwrap();
        let mut scaled = profile.clone();
        for c in &mut scaled.criteria {
            c.weight *= factor;
        }
        scaled.total_weight = scaled.criteria.iter().map(|c| c.weight).sum();
        let record = record_of(&values[..weights.len()]);
        let a = score(&profile, &record, "").unwrap();
        let b = score(&scaled, &record, "").unwrap();
        prop_assert_eq!(a.score, b.score);
        prop_assert_eq!(a.band, b.band);
        prop_assert_eq!(a.coverage, b.coverage);
    }

    #[test]
    fn tiers_are_monotonic_in_revenue(a in 0u64..200_000_000, b in 0u64..200_000_000) {
        let order = ["Inactive", "Silver", "Gold", "Platinum"];
        let tier = |cents: u64| {
            let v = Value::String(format!("{}.{:02}", cents / 100, cents % 100));
            let r = api::assign_tier(&v, &Value::Null, &Value::Null).unwrap();
            order.iter().position(|t| *t == r.tier).unwrap()
        };
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(tier(lo) <= tier(hi));
    }

    #[test]
    fn decimal_strings_cross_exactly(int in 0u64..10_000_000_000, frac in 0u32..10_000) {
        let text = format!("{int}.{frac:04}");
        let r = api::deal_registration_payout(
            &parse_json(&format!(r#"{{"contractValue":"{text}","stage":"before-contact","schedule":{{"before-contact":1}}}}"#), "").unwrap(),
        ).unwrap();
        // A rate of 1 returns the amount itself, rounded once to cents.
        let cents = (frac + 50) / 100;
        let (i, c) = if cents == 100 { (int + 1, 0) } else { (int, cents) };
        prop_assert_eq!(r.payout, format!("{i}.{c:02}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Issue 14: a value outside a field's domain is `invalid` (0 points,
    /// with a reason), on the explained path and the batch path alike.
    #[test]
    fn values_outside_a_domain_are_invalid_on_both_paths(
        record in any_record(),
        beyond in 1e-6f64..1e6,
        below in any::<bool>(),
    ) {
        use partner_scoring::profile::Kind;
        for p in builtin::all().unwrap() {
            for c in p.criteria.iter().filter(|c| matches!(c.kind, Kind::Range { .. })) {
                let d = c.domain.unwrap();
                let x = match (below, d.min, d.max) {
                    (true, Some(lo), _) | (false, Some(lo), None) => lo - beyond,
                    (_, _, Some(hi)) => hi + beyond,
                    (_, None, None) => unreachable!(),
                };
                let mut r = record.clone();
                if let Value::Object(entries) = &mut r {
                    entries.retain(|(k, _)| k != &c.field);
                    entries.push((c.field.clone(), Value::Number(x)));
                }
                let explained = score(p, &r, "").unwrap();
                let row = explained.contributions.iter().find(|k| k.criterion == c.id).unwrap();
                prop_assert_eq!(row.status, partner_scoring::score::Status::Invalid);
                prop_assert_eq!(row.points, 0.0);
                prop_assert!(row.reason.as_deref().is_some_and(|t| t.contains("impossible")));
                let scorer = partner_scoring::batch::Scorer::new(&Value::String(p.id.clone())).unwrap();
                let quick = scorer.score_records(&Value::Array(vec![r.clone()])).unwrap();
                prop_assert_eq!(explained.score, quick.scores[0]);
            }
        }
    }
}
