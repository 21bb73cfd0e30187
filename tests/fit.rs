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
