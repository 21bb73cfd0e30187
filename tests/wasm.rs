//! The boundary, tested in wasm: every golden vector through the exported
//! functions with real JS values, in Node and (with
//! WASM_BINDGEN_USE_BROWSER=1) in headless Chromium.
#![cfg(all(target_arch = "wasm32", feature = "js"))]

use partner_scoring::wasm;
use serde_json::Value as Json;
use wasm_bindgen_test::wasm_bindgen_test;

const FILES: [(&str, &str); 6] = [
    ("economics", include_str!("golden/economics.json")),
    ("errors", include_str!("golden/errors.json")),
    ("metrics", include_str!("golden/metrics.json")),
    ("overlap", include_str!("golden/overlap.json")),
    ("scoring", include_str!("golden/scoring.json")),
    ("tiers", include_str!("golden/tiers.json")),
];

/// JSON equality where 80 and 80.0 are the same number.
fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Calls the module's one `call` export as the wrapper does: the arguments
/// as one wire text (JSON here), the answer parsed from its JSON text.
fn call(name: &str, args: &str) -> Result<Json, Json> {
    let mut out: Json = serde_json::from_str(&wasm::call(name, args)).unwrap();
    match out.get_mut("error") {
        Some(e) => Err(e.take()),
        None => Ok(out["ok"].take()),
    }
}

/// Whether this build is the module that carries `name`.
fn here(name: &str) -> bool {
    let ops: Json = serde_json::from_str(&wasm::operations()).unwrap();
    let module = if cfg!(feature = "analytics-module") {
        "analytics"
    } else {
        "core"
    };
    ops.as_array()
        .unwrap()
        .iter()
        .any(|o| o["name"] == name && o["module"] == module)
}

#[wasm_bindgen_test]
fn golden_vectors_through_the_boundary() {
    let mut count = 0;
    let mut failures = Vec::new();
    for (file, text) in FILES {
        let cases: Vec<Json> = serde_json::from_str(text).unwrap();
        for case in cases {
            let fname = case["fn"].as_str().unwrap();
            if !here(fname) {
                continue;
            }
            count += 1;
            let name = case["name"].as_str().unwrap();
            let got = call(fname, &case["args"].to_string());
            match (case.get("expect"), case.get("error"), got) {
                (Some(want), None, Ok(got)) if same(want, &got) => {}
                (None, Some(want), Err(e))
                    if same(&want["code"], &e["code"]) && same(&want["path"], &e["path"]) =>
                {
                    if here("assignTier") {
                        assert_eq!(call("assignTier", "[100000]").unwrap()["tier"], "Gold");
                    }
                }
                (_, _, got) => failures.push(format!("{file}: {name}: got {got:?}")),
            }
        }
    }
    assert!(count >= 40, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[wasm_bindgen_test]
fn wire_only_inputs_are_answered() {
    if !here("resellerMargin") {
        return;
    }
    // NaN and the infinities, which JSON text cannot carry, as bare tokens.
    for bad in ["NaN", "Infinity", "-Infinity"] {
        let e = call(
            "resellerMargin",
            &format!(r#"[{{"contractValue": {bad}, "marginRate": 0.3}}]"#),
        )
        .unwrap_err();
        assert_eq!(
            (e["code"].as_str(), e["path"].as_str()),
            (Some("not-finite"), Some("contractValue"))
        );
    }
    // Values that are not plain data, named by the wrapper, are refused at
    // their path.
    for (args, path) in [
        (r#"[{"payoutPerDeal": !symbol}]"#, "payoutPerDeal"),
        (r#"[{"payoutPerDeal": !bigint}]"#, "payoutPerDeal"),
        (r#"[!Date, "referral"]"#, "record"),
        (r#"[{"tags": [1, !Map]}, "referral"]"#, "record.tags[1]"),
    ] {
        let op = if args.contains("payoutPerDeal") {
            "partnerReturn"
        } else {
            "scorePartner"
        };
        let e = call(op, args).unwrap_err();
        assert_eq!(
            (e["code"].as_str(), e["path"].as_str()),
            (Some("invalid-type"), Some(path)),
            "{args}"
        );
    }
    // Too deep is refused, not followed forever.
    let deep = "[".repeat(40) + &"]".repeat(40);
    let e = call("scorePartner", &format!("[{deep}, \"referral\"]")).unwrap_err();
    assert_eq!(e["code"], "limit-exceeded");
    // Missing arguments are null, as undefined is.
    assert_eq!(
        call("partnerReturn", "[]").unwrap_err()["code"],
        "missing-field"
    );
    // 0.1 crosses as exactly 0.1.
    let ok = call(
        "referralCommission",
        r#"[{"firstYearContractValue": 0.1, "rate": 0.1}]"#,
    )
    .unwrap();
    assert_eq!(ok["commission"], "0.01");
    // And the module still works.
    let ok = call("builtinProfiles", "[]").unwrap();
    assert_eq!(ok.as_array().map(Vec::len), Some(6));
}

/// fitProfile's row step in wasm SIMD lanes (fit-kernel/) gives the bits of
/// the scalar `exp` and `ln_1p`, as the native build's plain lanes do (the
/// kernel's unit test): the fit is the same byte for byte on both.
#[wasm_bindgen_test]
fn the_fit_row_step_in_simd_lanes_equals_the_scalar_functions() {
    use partner_scoring::fit::{row_step, row_step_scalar};
    let z: Vec<f64> = (-4000..=4000)
        .map(|i| f64::from(i) / 5.0)
        .chain([0.0, -0.0, 1e-300, -1e-300, 745.5, -745.5, 18.42, -18.43])
        .collect();
    let y: Vec<f64> = (0..z.len()).map(|i| (i % 2) as f64).collect();
    let c: Vec<f64> = (0..z.len()).map(|i| (i % 3) as f64).collect();
    for (i, got) in row_step(&z, &y, &c).into_iter().enumerate() {
        let want = row_step_scalar(z[i], y[i], c[i]);
        let bits = |t: (f64, f64, f64)| (t.0.to_bits(), t.1.to_bits(), t.2.to_bits());
        assert_eq!(bits(got), bits(want), "z = {}", z[i]);
    }
}
