//! The boundary, tested in wasm: every golden vector through the exported
//! functions with real JS values, in Node and (with
//! WASM_BINDGEN_USE_BROWSER=1) in headless Chromium.
#![cfg(all(target_arch = "wasm32", feature = "js"))]

use partner_scoring::wasm;
use serde_json::Value as Json;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const FILES: [(&str, &str); 6] = [
    ("economics", include_str!("golden/economics.json")),
    ("errors", include_str!("golden/errors.json")),
    ("metrics", include_str!("golden/metrics.json")),
    ("overlap", include_str!("golden/overlap.json")),
    ("scoring", include_str!("golden/scoring.json")),
    ("tiers", include_str!("golden/tiers.json")),
];

fn js(v: &Json) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap()
}

fn json(v: &JsValue) -> Json {
    let text: String = js_sys::JSON::stringify(v).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

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

fn call(name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let a = |i: usize| args.get(i).cloned().unwrap_or(JsValue::UNDEFINED);
    match name {
        "scorePartner" => wasm::score_partner(a(0), a(1)),
        "scorePartners" => wasm::score_partners(a(0), a(1)),
        "rankPartners" => wasm::rank_partners(a(0), a(1)),
        "recommendPartnerType" => wasm::recommend_partner_type(a(0)),
        "builtinProfiles" => wasm::builtin_profiles(),
        "validateProfile" => wasm::validate_profile(a(0)),
        "partnerReturn" => wasm::partner_return(a(0)),
        "referralCommission" => wasm::referral_commission(a(0)),
        "resellerMargin" => wasm::reseller_margin(a(0)),
        "dealRegistrationPayout" => wasm::deal_registration_payout(a(0)),
        "repCompensation" => wasm::rep_compensation(a(0)),
        "retentionUplift" => wasm::retention_uplift(a(0)),
        "programRoi" => wasm::program_roi(a(0)),
        "assignTier" => wasm::assign_tier(a(0), a(1), a(2)),
        "programMetrics" => wasm::program_metrics(a(0)),
        "partnerScorecards" => wasm::partner_scorecards(a(0)),
        "accountOverlap" => wasm::account_overlap(a(0)),
        "hashAccounts" => wasm::hash_accounts(a(0), a(1), a(2)),
        other => panic!("no export {other}"),
    }
}

#[wasm_bindgen_test]
fn golden_vectors_through_the_boundary() {
    let mut count = 0;
    let mut failures = Vec::new();
    for (file, text) in FILES {
        let cases: Vec<Json> = serde_json::from_str(text).unwrap();
        for case in cases {
            count += 1;
            let name = case["name"].as_str().unwrap();
            let args: Vec<JsValue> = case["args"].as_array().unwrap().iter().map(js).collect();
            let got = call(case["fn"].as_str().unwrap(), &args);
            match (case.get("expect"), case.get("error"), got) {
                (Some(want), None, Ok(got)) if same(want, &json(&got)) => {}
                (None, Some(want), Err(e))
                    if same(&want["code"], &json(&e)["code"])
                        && same(&want["path"], &json(&e)["path"]) =>
                {
                    let ok = json(
                        &wasm::assign_tier(
                            JsValue::from(100000),
                            JsValue::UNDEFINED,
                            JsValue::UNDEFINED,
                        )
                        .unwrap(),
                    );
                    assert_eq!(ok["tier"], "Gold");
                }
                (_, _, got) => failures.push(format!(
                    "{file}: {name}: got {:?}",
                    got.map(|g| json(&g).to_string())
                        .map_err(|e| json(&e).to_string())
                )),
            }
        }
    }
    assert!(count >= 90, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[wasm_bindgen_test]
fn js_only_inputs_are_answered() {
    // NaN and Infinity as real JS numbers, which JSON text cannot carry.
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let opts = js_sys::Object::new();
        js_sys::Reflect::set(&opts, &"contractValue".into(), &JsValue::from(bad)).unwrap();
        js_sys::Reflect::set(&opts, &"marginRate".into(), &JsValue::from(0.3)).unwrap();
        let e = json(&wasm::reseller_margin(opts.into()).unwrap_err());
        assert_eq!(
            (e["code"].as_str(), e["path"].as_str()),
            (Some("not-finite"), Some("contractValue"))
        );
    }
    // A cyclic object is refused, not followed forever.
    let cyclic = js_sys::Object::new();
    js_sys::Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let e = json(&wasm::score_partner(cyclic.into(), "referral".into()).unwrap_err());
    assert_eq!(e["code"], "limit-exceeded");
    // undefined, a function and a symbol.
    let e = json(&wasm::partner_return(JsValue::UNDEFINED).unwrap_err());
    assert_eq!(e["code"], "missing-field");
    let f = js_sys::Function::new_no_args("return 1");
    let e = json(&wasm::score_partner(f.into(), "referral".into()).unwrap_err());
    assert_eq!(e["code"], "invalid-type");
    let e = json(
        &wasm::assign_tier(
            JsValue::symbol(Some("s")),
            JsValue::UNDEFINED,
            JsValue::UNDEFINED,
        )
        .unwrap_err(),
    );
    assert_eq!(e["code"], "invalid-type");
    // 0.1 crosses as exactly 0.1.
    let opts = js_sys::JSON::parse(r#"{"firstYearContractValue": 0.1, "rate": 0.1}"#).unwrap();
    assert_eq!(
        json(&wasm::referral_commission(opts).unwrap())["commission"],
        "0.01"
    );
    // And the module still works.
    let ok = json(&wasm::builtin_profiles().unwrap());
    assert_eq!(ok.as_array().map(Vec::len), Some(6));
}
