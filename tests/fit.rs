//! fitProfile through the public API (src/api.rs): on a synthetic history
//! where the outcome depends on two criteria only, the fit must find those
//! two, beat the base profile on held-out folds and on fresh data, and give
//! a profile `scorePartner` accepts; bad input gets typed errors with paths;
//! the same input and seed give the same bytes.

use partner_scoring::api;
use partner_scoring::value::{parse_json, Value};

/// splitmix64, for the synthetic data only.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Eight range criteria c0..c7 on fields f0..f7 (0-10 → subscore 0-1),
/// equal base weights, one gate on f7 (at most 9.5).
fn profile() -> Value {
    let criteria: Vec<String> = (0..8)
        .map(|j| {
            let gate = if j == 7 { r#","gate":{"max":9.5}"# } else { "" };
            format!(
                r#"{{"id":"c{j}","label":"Criterion {j}","field":"f{j}","weight":10,"kind":"range","curve":[[0,0],[10,1]]{gate}}}"#
            )
        })
        .collect();
    parse_json(
        &format!(
            r#"{{"id":"synthetic","name":"Synthetic","partnerType":"referral","missing":"zero","criteria":[{}],"bands":[{{"label":"High","min":60}},{{"label":"Mid","min":40}},{{"label":"Low","min":0}}]}}"#,
            criteria.join(",")
        ),
        "",
    )
    .unwrap()
}

/// Records with uniform f0..f7 in 0-10; the outcome depends on f2 and f5
/// only: logit = -4 + 0.5·f2 + 0.35·f5.
fn history(n: usize, seed: u64) -> (Value, Value) {
    let mut rng = Rng(seed);
    let mut records = Vec::with_capacity(n);
    let mut outcomes = Vec::with_capacity(n);
    for _ in 0..n {
        let f: Vec<f64> = (0..8)
            .map(|_| (rng.unit() * 1000.0).round() / 100.0)
            .collect();
        let z = -4.0 + 0.5 * f[2] + 0.35 * f[5];
        let p = 1.0 / (1.0 + (-z).exp());
        outcomes.push(Value::Bool(rng.unit() < p));
        records.push(Value::Object(
            f.iter()
                .enumerate()
                .map(|(j, v)| (format!("f{j}"), Value::Number(*v)))
                .collect(),
        ));
    }
    (Value::Array(records), Value::Array(outcomes))
}

fn input(records: Value, outcomes: Value, extra: &[(&str, Value)]) -> Value {
    let mut fields = vec![
        ("records".to_string(), records),
        ("outcomes".to_string(), outcomes),
        ("profile".to_string(), profile()),
    ];
    for (k, v) in extra {
        fields.push((k.to_string(), v.clone()));
    }
    Value::Object(fields)
}

fn fit(n: usize, seed: u64) -> serde_json::Value {
    let (records, outcomes) = history(n, seed);
    serde_json::to_value(api::fit_profile(&input(records, outcomes, &[])).unwrap()).unwrap()
}

fn auc(scores: &[f64], y: &[bool]) -> f64 {
    let mut pairs = 0.0;
    let mut wins = 0.0;
    for (i, si) in scores.iter().enumerate() {
        for (j, sj) in scores.iter().enumerate() {
            if y[i] && !y[j] {
                pairs += 1.0;
                wins += if si > sj {
                    1.0
                } else if si == sj {
                    0.5
                } else {
                    0.0
                };
            }
        }
    }
    wins / pairs
}

fn scores(records: &Value, profile: &Value) -> Vec<f64> {
    api::score_partners(records, profile)
        .unwrap()
        .iter()
        .map(|r| r.score)
        .collect()
}

#[test]
fn finds_the_two_criteria_that_matter_and_beats_the_base() {
    let out = fit(3000, 7);
    let report = &out["report"];
    let imp = report["importance"].as_array().unwrap();
    let mut by_weight: Vec<(&str, f64)> = imp
        .iter()
        .map(|i| {
            (
                i["criterion"].as_str().unwrap(),
                i["fitted"].as_f64().unwrap(),
            )
        })
        .collect();
    by_weight.sort_by(|a, b| b.1.total_cmp(&a.1));
    let top: Vec<&str> = by_weight[..2].iter().map(|(c, _)| *c).collect();
    assert_eq!(top, ["c2", "c5"], "{report:#}");
    // The fitted weights sum to exactly 100 in tenths; every kept one is > 0.
    let sum: f64 = imp.iter().map(|i| i["fitted"].as_f64().unwrap()).sum();
    assert!((sum - 100.0).abs() < 1e-9, "{sum}");
    for i in imp {
        let (lo, hi, w) = (
            i["low"].as_f64().unwrap(),
            i["high"].as_f64().unwrap(),
            i["fitted"].as_f64().unwrap(),
        );
        assert!(lo <= hi, "{i}");
        if i["criterion"] == "c2" || i["criterion"] == "c5" {
            assert!(lo > 20.0 && w > lo - 5.0 && w < hi + 5.0, "{i}");
        }
    }
    // Held out: the fitted weights rank better than the equal base weights.
    let (fitted, base) = (
        report["auc"]["fitted"].as_f64().unwrap(),
        report["auc"]["base"].as_f64().unwrap(),
    );
    assert!(fitted > base + 0.05, "fitted {fitted} base {base}");
    assert_eq!(report["n"], 3000);
    assert_eq!(report["folds"], 5);
    assert!(
        report["lift"]["lift"].as_f64().unwrap() > 1.5,
        "{}",
        report["lift"]
    );

    // The fitted profile validates, and on fresh data drawn the same way it
    // beats the base profile too, scored by scorePartners.
    let profile = parse_json(&out["profile"].to_string(), "").unwrap();
    assert!(api::validate_profile(&profile).ok);
    let (fresh, fresh_y) = history(2000, 99);
    let y: Vec<bool> = match &fresh_y {
        Value::Array(v) => v.iter().map(|b| matches!(b, Value::Bool(true))).collect(),
        _ => unreachable!(),
    };
    let fitted_auc = auc(&scores(&fresh, &profile), &y);
    let base_auc = auc(&scores(&fresh, &self::profile()), &y);
    assert!(
        fitted_auc > base_auc + 0.05,
        "fresh: fitted {fitted_auc} base {base_auc}"
    );
    let one = match &fresh {
        Value::Array(v) => v[0].clone(),
        _ => unreachable!(),
    };
    assert!(api::score_partner(&one, &profile).is_ok());
}

#[test]
fn drops_negligible_criteria_but_keeps_the_gate() {
    let out = fit(3000, 7);
    let kept: Vec<&str> = out["profile"]["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let dropped: Vec<&str> = out["report"]["dropped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(kept.contains(&"c2") && kept.contains(&"c5"));
    // c7 carries a gate: it stays, whatever its weight.
    assert!(kept.contains(&"c7"), "{kept:?}");
    assert_eq!(kept.len() + dropped.len(), 8);
    for d in &dropped {
        assert!(out["report"]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "dropped" && w["criterion"] == *d));
    }
    for c in out["profile"]["criteria"].as_array().unwrap() {
        assert!(c["weight"].as_f64().unwrap() > 0.0, "{c}");
        assert!(c["curve"].is_array(), "curves are kept: {c}");
    }
    assert_eq!(out["profile"]["bands"], {
        let p = serde_json::to_value(profile()).unwrap();
        p["bands"].clone()
    });
}

#[test]
fn calibration_rises_with_the_band() {
    let out = fit(3000, 7);
    let cal = out["report"]["calibration"].as_array().unwrap();
    assert_eq!(cal.len(), 3);
    let total: u64 = cal.iter().map(|c| c["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 3000);
    let rates: Vec<f64> = cal.iter().filter_map(|c| c["rate"].as_f64()).collect();
    assert!(rates.windows(2).all(|w| w[0] >= w[1]), "{rates:?}");
}

#[test]
fn same_input_and_seed_give_the_same_bytes() {
    let a = serde_json::to_string(&fit(1500, 3)).unwrap();
    let b = serde_json::to_string(&fit(1500, 3)).unwrap();
    assert_eq!(a, b);
    let (records, outcomes) = history(1500, 3);
    let other =
        api::fit_profile(&input(records, outcomes, &[("seed", Value::Number(12.0))])).unwrap();
    let other = serde_json::to_value(other).unwrap();
    assert_eq!(other["report"]["seed"], 12);
    assert_ne!(
        serde_json::to_string(&other["report"]["auc"]["byFold"]).unwrap(),
        serde_json::to_string(
            &serde_json::from_str::<serde_json::Value>(&a).unwrap()["report"]["auc"]["byFold"]
        )
        .unwrap(),
        "another seed deals other folds"
    );
}

#[test]
fn a_builtin_profile_id_works_and_json_text_too() {
    let (records, outcomes) = history(400, 5);
    let text = serde_json::to_string(&serde_json::json!({
        "records": serde_json::to_value(&records).unwrap(),
        "outcomes": serde_json::to_value(&outcomes).unwrap(),
        "profile": "referral",
        "folds": 3,
    }))
    .unwrap();
    // None of the referral fields are present: nothing varies, base weights kept.
    let out = serde_json::to_value(api::fit_profile(&Value::String(text)).unwrap()).unwrap();
    assert_eq!(out["report"]["folds"], 3);
    let codes: Vec<&str> = out["report"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"no-variation") && codes.contains(&"no-signal"),
        "{codes:?}"
    );
    assert!(api::validate_profile(&parse_json(&out["profile"].to_string(), "").unwrap()).ok);
}

fn error_of(v: Value) -> (String, String) {
    let e = api::fit_profile(&v).unwrap_err();
    (e.code.as_str().to_string(), e.path)
}

fn bools(list: &[bool]) -> Value {
    Value::Array(list.iter().map(|b| Value::Bool(*b)).collect())
}

#[test]
fn bad_input_gets_typed_errors_with_paths_and_the_next_call_works() {
    let (records, outcomes) = history(100, 1);
    let Value::Array(ys) = &outcomes else {
        unreachable!()
    };
    let y: Vec<bool> = ys.iter().map(|b| matches!(b, Value::Bool(true))).collect();

    let short = bools(&y[..99]);
    assert_eq!(
        error_of(input(records.clone(), short, &[])),
        ("length-mismatch".into(), "outcomes".into())
    );
    let mut mixed = ys.clone();
    mixed[4] = Value::Number(1.0);
    assert_eq!(
        error_of(input(records.clone(), Value::Array(mixed.clone()), &[])),
        ("invalid-type".into(), "outcomes[4]".into())
    );
    mixed[4] = Value::String("yes".into());
    assert_eq!(
        error_of(input(records.clone(), Value::Array(mixed.clone()), &[])),
        ("invalid-type".into(), "outcomes[4]".into())
    );
    mixed[4] = Value::Null;
    assert_eq!(
        error_of(input(records.clone(), Value::Array(mixed), &[])),
        ("missing-field".into(), "outcomes".to_string() + "[4]")
    );
    assert_eq!(
        error_of(input(records.clone(), bools(&[true; 100]), &[])),
        ("one-class".into(), "outcomes".into())
    );
    let mut few = vec![false; 100];
    few[..19].iter_mut().for_each(|b| *b = true);
    assert_eq!(
        error_of(input(records.clone(), bools(&few), &[])),
        ("too-few-outcomes".into(), "outcomes".into())
    );
    let big = Value::Array(vec![Value::Object(vec![]); 100_001]);
    assert_eq!(
        error_of(input(big, bools(&vec![true; 100_001]), &[])),
        ("limit-exceeded".into(), "records".into())
    );
    let mut bad_records = match &records {
        Value::Array(v) => v.clone(),
        _ => unreachable!(),
    };
    bad_records[3] = Value::Number(5.0);
    assert_eq!(
        error_of(input(Value::Array(bad_records), outcomes.clone(), &[])),
        ("invalid-type".into(), "records[3]".into())
    );
    assert_eq!(
        error_of(input(
            records.clone(),
            outcomes.clone(),
            &[("folds", Value::Number(1.0))]
        )),
        ("out-of-range".into(), "folds".into())
    );
    assert_eq!(
        error_of(input(
            records.clone(),
            outcomes.clone(),
            &[("seed", Value::Number(f64::NAN))]
        )),
        ("not-finite".into(), "seed".into())
    );
    assert_eq!(
        error_of(input(
            records.clone(),
            outcomes.clone(),
            &[("sead", Value::Number(2.0))]
        )),
        ("unknown-field".into(), "sead".into())
    );
    assert_eq!(
        error_of(Value::String("{not json".into())).0,
        "invalid-json"
    );
    let mut no_profile = input(records.clone(), outcomes.clone(), &[]);
    if let Value::Object(f) = &mut no_profile {
        f[2].1 = Value::String("nope".into());
    }
    assert_eq!(
        error_of(no_profile),
        ("unknown-profile".into(), "profile".into())
    );
    // The next good call works.
    assert!(api::fit_profile(&input(records, outcomes, &[])).is_ok());
}

// ------------------------------------------------------------ the columnar path

#[cfg(not(target_arch = "wasm32"))]
mod columns {
    use partner_scoring::builtin;
    use partner_scoring::fit::{fit_columns, fit_profile, Design, FieldColumn, NUMBER_CODE};
    use partner_scoring::profile::{compile, Profile};
    use partner_scoring::value::{parse_json, Value};
    use proptest::prelude::*;

    /// Cells of every kind a record can hold: blanks, numbers (finite and
    /// not, ±0), text (numeric, blank, category words), booleans, tags,
    /// lists that are not tags, objects.
    fn any_cell() -> impl Strategy<Value = Option<Value>> {
        prop_oneof![
            Just(None),
            Just(Some(Value::Null)),
            any::<bool>().prop_map(|b| Some(Value::Bool(b))),
            (-50f64..150.0).prop_map(|x| Some(Value::Number(x))),
            (0u8..12).prop_map(|x| Some(Value::Number(f64::from(x)))),
            any::<f64>().prop_map(|x| Some(Value::Number(x))),
            Just(Some(Value::Number(-0.0))),
            prop::sample::select(vec![
                "",
                " ",
                "7",
                " 12.5 ",
                "-3",
                "var",
                "MSP",
                "distributor",
                "agency",
                "saas",
                "yes",
                "no",
                "true",
                "1e3",
                "abc",
                "NaN",
            ])
            .prop_map(|t| Some(Value::String(t.to_string()))),
            prop::collection::vec(prop::sample::select(vec!["a", "B", " c ", "saas"]), 0..3)
                .prop_map(|v| Some(Value::Array(
                    v.into_iter().map(|s| Value::String(s.into())).collect()
                ))),
            Just(Some(Value::Array(vec![Value::Number(1.0)]))),
            Just(Some(Value::Object(vec![("x".into(), Value::Null)]))),
        ]
    }

    /// The fields every built-in profile reads, plus a few it does not.
    fn fields() -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in builtin::all().unwrap() {
            for c in &p.criteria {
                if !out.contains(&c.field) {
                    out.push(c.field.clone());
                }
            }
        }
        out.extend(["f0", "f1", "f2", "unread"].map(String::from));
        out
    }

    fn records(n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Value>> {
        let names = fields();
        prop::collection::vec(prop::collection::vec(any_cell(), names.len()), n).prop_map(
            move |rows| {
                rows.into_iter()
                    .map(|cells| {
                        Value::Object(
                            names
                                .iter()
                                .zip(cells)
                                .filter_map(|(f, c)| c.map(|v| (f.clone(), v)))
                                .collect(),
                        )
                    })
                    .collect()
            },
        )
    }

    /// One field's cells as the wrapper encodes them (www/lib/wrapper.js,
    /// `encodeField`): a finite number into the numbers (NaN there =
    /// blank), null and absent blank, anything else a distinct value of
    /// the dictionary; a column form only when some cell needs it.
    struct Encoded {
        field: String,
        numbers: Option<Vec<f64>>,
        codes: Option<Vec<u32>>,
        values: Vec<Value>,
    }

    fn encode(records: &[Value], field: &str) -> Encoded {
        let n = records.len();
        let mut e = Encoded {
            field: field.into(),
            numbers: None,
            codes: None,
            values: Vec::new(),
        };
        for (i, r) in records.iter().enumerate() {
            match r.get(field) {
                None | Some(Value::Null) => {}
                Some(Value::Number(x)) if x.is_finite() => {
                    e.numbers.get_or_insert_with(|| vec![f64::NAN; n])[i] = *x;
                }
                Some(v) => {
                    let code = match e
                        .values
                        .iter()
                        .position(|d| d == v && !matches!(v, Value::Number(_)))
                    {
                        Some(c) => c,
                        None => {
                            e.values.push(v.clone());
                            e.values.len() - 1
                        }
                    };
                    e.codes.get_or_insert_with(|| vec![NUMBER_CODE; n])[i] = code as u32;
                }
            }
        }
        e
    }

    fn view(e: &Encoded) -> FieldColumn<'_> {
        FieldColumn {
            field: &e.field,
            numbers: e.numbers.as_deref(),
            codes: e.codes.as_deref(),
            values: &e.values,
        }
    }

    /// A profile with every kind of criterion, gates, and `renormalize`.
    fn renormalized() -> Profile {
        let source = parse_json(
            r#"{"id":"mixed","name":"Mixed","partnerType":"referral","missing":"renormalize","criteria":[
              {"id":"a","label":"A","field":"f0","weight":3,"kind":"range","curve":[[0,0],[5,0.4],[10,1]],"gate":{"min":1}},
              {"id":"b","label":"B","field":"f1","weight":2,"kind":"flag","gate":{"required":true}},
              {"id":"c","label":"C","field":"f2","weight":1,"kind":"category","values":{"saas":1,"agency":0.5,"7":0.25}},
              {"id":"d","label":"D","field":"f0","weight":1,"kind":"range","curve":[[2,1],[8,0]]}
            ],"bands":[{"label":"High","min":60},{"label":"Low","min":0}]}"#,
            "",
        )
        .unwrap();
        compile(&source).unwrap()
    }

    fn same_design(profile: &Profile, records: &[Value]) -> Result<(), TestCaseError> {
        let from_records = Design::new(profile, records, "records").unwrap();
        let encoded: Vec<Encoded> = fields().iter().map(|f| encode(records, f)).collect();
        let views: Vec<FieldColumn<'_>> = encoded.iter().map(view).collect();
        let from_columns = Design::from_columns(profile, &views, records.len());
        prop_assert_eq!(from_records.k, from_columns.k);
        let bits = |d: &Design| d.x.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
        prop_assert_eq!(
            bits(&from_records),
            bits(&from_columns),
            "subscores of {}",
            profile.id
        );
        prop_assert_eq!(
            &from_records.counted,
            &from_columns.counted,
            "counted of {}",
            profile.id
        );
        prop_assert_eq!(
            &from_records.disqualified,
            &from_columns.disqualified,
            "gates of {}",
            profile.id
        );
        Ok(())
    }

    /// The features score each record as `scorePartner` does: the base
    /// weights over the design give the same score (unrounded, then
    /// rounded as scoring rounds) and the same disqualifications, so a
    /// fitted profile scores exactly what was fitted.
    fn scores_as_scoring(profile: &Profile, records: &[Value]) -> Result<(), TestCaseError> {
        let design = Design::new(profile, records, "records").unwrap();
        let w: Vec<f64> = profile.criteria.iter().map(|c| c.weight).collect();
        for (r, record) in records.iter().enumerate() {
            let scored = partner_scoring::score::score(profile, record, "record").unwrap();
            let fitted = partner_scoring::score::round_to(design.score(r, &w), 1);
            prop_assert_eq!(
                fitted.to_bits(),
                scored.score.to_bits(),
                "{} row {}: {:?}",
                profile.id,
                r,
                record
            );
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn the_features_score_as_scoring_does(records in records(1..40)) {
            for p in builtin::all().unwrap() {
                scores_as_scoring(p, &records)?;
            }
            scores_as_scoring(&renormalized(), &records)?;
        }

        /// The columnar features equal `criterion_subscores`' to the bit,
        /// for every built-in profile and a renormalising one with gates.
        #[test]
        fn columns_give_the_records_features_bit_for_bit(records in records(1..40)) {
            for p in builtin::all().unwrap() {
                same_design(p, &records)?;
            }
            same_design(&renormalized(), &records)?;
        }
    }

    /// A whole fit from columns gives the same bytes as from records, and
    /// the columnar path's own checks answer with the record path's codes.
    #[test]
    fn a_fit_from_columns_equals_the_fit_from_records() {
        let (records, outcomes) = super::history(600, 11);
        // Some cells as text, some blank, some bad, as records carry them.
        let Value::Array(mut list) = records else {
            panic!()
        };
        for (i, r) in list.iter_mut().enumerate() {
            let Value::Object(entries) = r else { panic!() };
            for (k, v) in entries.iter_mut() {
                let Value::Number(x) = *v else { continue };
                match (i + k.len() * 3 + usize::from(k.as_bytes()[1])) % 13 {
                    0 => *v = Value::String(format!(" {x} ")),
                    1 => *v = Value::Null,
                    2 => *v = Value::String("n/a".into()),
                    _ => {}
                }
            }
            if i % 17 == 0 {
                entries.retain(|(k, _)| k != "f6");
            }
        }
        let records = Value::Array(list.clone());
        let list = &list;
        let Value::Array(ys) = &outcomes else {
            panic!()
        };
        let spec = super::input(Value::Null, Value::Null, &[("seed", Value::Number(4.0))]);
        let spec = match spec {
            Value::Object(e) => Value::Object(
                e.into_iter()
                    .filter(|(k, _)| k != "records" && k != "outcomes")
                    .collect(),
            ),
            v => v,
        };
        let by_records = fit_profile(&super::input(
            records.clone(),
            outcomes.clone(),
            &[("seed", Value::Number(4.0))],
        ))
        .unwrap();
        let names: Vec<String> = (0..8).map(|j| format!("f{j}")).collect();
        let encoded: Vec<Encoded> = names.iter().map(|f| encode(list, f)).collect();
        let views: Vec<FieldColumn<'_>> = encoded.iter().map(view).collect();
        let bytes: Vec<u8> = ys
            .iter()
            .map(|v| u8::from(matches!(v, Value::Bool(true))))
            .collect();
        let by_columns = fit_columns(&spec, &views, &bytes).unwrap();
        assert_eq!(
            serde_json::to_string(&by_records).unwrap(),
            serde_json::to_string(&by_columns).unwrap()
        );

        let mut bad = bytes.clone();
        bad[5] = 2;
        let e = fit_columns(&spec, &views, &bad).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.path.as_str()),
            ("invalid-type", "outcomes[5]")
        );
        let e = fit_columns(&spec, &views, &bytes[..10]).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.path.as_str()),
            ("length-mismatch", "records.f0")
        );
        let e = fit_columns(&spec, &views, &vec![1; 600]).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.path.as_str()),
            ("one-class", "outcomes")
        );
        let e = fit_columns(&Value::Object(vec![]), &views, &bytes).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.path.as_str()),
            ("missing-field", "profile")
        );
    }
}
