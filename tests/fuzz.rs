//! A stable-Rust fuzz harness (proptest): every entry point that takes
//! structured input gets arbitrary values and mutations of the golden
//! vectors' inputs, and must answer with a result or a typed error, never
//! a panic. `FUZZ_CASES=200000 cargo test --release --test fuzz` runs it
//! longer (see RELIABILITY.md); CI runs the default, a few thousand cases
//! per target.
#![cfg(not(target_arch = "wasm32"))]

use partner_scoring::api;
use partner_scoring::value::{parse_json, Value};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::Path;

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1500)
}

/// Numbers that break naive code: NaN, infinities, huge, tiny, negative zero.
fn nasty_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-0.0),
        Just(f64::MAX),
        Just(f64::MIN_POSITIVE),
        Just(1e28),
        Just(7.9e28),
        Just(-1.0),
        Just(0.5),
        any::<f64>(),
        -1e6f64..1e6,
    ]
}

fn nasty_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("NaN".to_string()),
        Just("-Infinity".to_string()),
        Just("1e99999999".to_string()),
        Just("79228162514264337593543950336".to_string()),
        Just("0.00000000000000000000000000001".to_string()),
        Just("1,000.50".to_string()),
        Just("{\"a\":".to_string()),
        Just("[1,2".to_string()),
        Just("before-contact".to_string()),
        Just("co-sold".to_string()),
        Just("referral".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        "[a-z0-9 .;,eE+-]{0,24}",
        any::<String>(),
    ]
}

fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        nasty_number().prop_map(Value::Number),
        nasty_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        "[a-zA-Z]{1,12}",
                        Just("payoutPerDeal".to_string()),
                        Just("hoursPerDeal".to_string()),
                        Just("criteria".to_string()),
                        Just("weight".to_string()),
                        Just("curve".to_string()),
                        Just("kind".to_string()),
                        Just("stage".to_string()),
                        Just("min".to_string()),
                    ],
                    inner
                ),
                0..8
            )
            .prop_map(Value::Object),
        ]
    })
}

/// Every golden input, as (function, args).
fn golden_inputs() -> Vec<(String, Vec<Value>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let cases: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        for c in cases {
            let args = c["args"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| parse_json(&a.to_string(), "").unwrap())
                .collect();
            out.push((c["fn"].as_str().unwrap().to_string(), args));
        }
    }
    out
}

/// Replaces the `n`th node (pre-order) of `v` with `with`.
fn mutate(v: &Value, n: &mut usize, with: &Value) -> Value {
    if *n == 0 {
        *n = usize::MAX;
        return with.clone();
    }
    *n = n.saturating_sub(1);
    match v {
        Value::Array(items) => Value::Array(items.iter().map(|i| mutate(i, n, with)).collect()),
        Value::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, i)| (k.clone(), mutate(i, n, with)))
                .collect(),
        ),
        other => other.clone(),
    }
}

const TARGETS: [&str; 18] = [
    "scorePartner",
    "scorePartners",
    "rankPartners",
    "recommendPartnerType",
    "validateProfile",
    "partnerReturn",
    "referralCommission",
    "resellerMargin",
    "dealRegistrationPayout",
    "repCompensation",
    "retentionUplift",
    "programRoi",
    "assignTier",
    "createScorer",
    "programMetrics",
    "partnerScorecards",
    "accountOverlap",
    "hashAccounts",
];

fn run(name: &str, args: &[Value]) {
    if name == "createScorer" {
        // The batch path: compile, then score whatever the args hold.
        if let Ok(s) = partner_scoring::batch::Scorer::new(args.first().unwrap_or(&Value::Null)) {
            let _ = s.score_records(args.get(1).unwrap_or(&Value::Null));
        }
    } else {
        let _ = api::call(name, args);
    }
}

#[test]
fn arbitrary_values_never_panic() {
    for name in TARGETS {
        let mut runner = TestRunner::new(Config {
            cases: cases(),
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&prop::collection::vec(any_value(), 0..4), |args| {
                run(name, &args);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn mutated_golden_inputs_never_panic() {
    let inputs = golden_inputs();
    assert!(inputs.len() > 50);
    let mut runner = TestRunner::new(Config {
        cases: cases().saturating_mul(4),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &(0..inputs.len(), 0usize..64, any_value(), 0usize..4),
            |(which, node, with, arg)| {
                let (name, args) = &inputs[which];
                let mut args = args.clone();
                if let Some(a) = args.get_mut(arg) {
                    let mut n = node;
                    *a = mutate(a, &mut n, &with);
                }
                run(name, &args);
                // Also through the batch path with the same profile argument.
                if name.starts_with("score") || name == "rankPartners" {
                    run(
                        "createScorer",
                        &[args.get(1).cloned().unwrap_or(Value::Null), args[0].clone()],
                    );
                }
                Ok(())
            },
        )
        .unwrap();
}
