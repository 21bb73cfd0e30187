//! Runs every golden vector under tests/golden/ through the native core.
//! The same files are run by the wasm-bindgen tests (tests/wasm.rs), by
//! Node (tests/js/golden.test.mjs) and by Chromium (tests/browser/), so all
//! layers agree to the digit.
#![cfg(not(target_arch = "wasm32"))]

use partner_scoring::api;
use partner_scoring::value::parse_json;
use serde_json::Value as Json;
use std::fs;
use std::path::Path;

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

#[test]
fn golden_vectors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut count = 0;
    let mut failures = Vec::new();
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "json"))
    {
        let text = fs::read_to_string(file).unwrap();
        let cases: Vec<Json> = serde_json::from_str(&text).unwrap();
        for case in cases {
            count += 1;
            let name = case["name"].as_str().unwrap().to_string();
            let fname = case["fn"].as_str().unwrap();
            // Arguments go through the same Value the wasm boundary builds.
            let args: Vec<_> = case["args"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| parse_json(&a.to_string(), "").unwrap())
                .collect();
            let got = api::call(fname, &args);
            match (case.get("expect"), case.get("error"), got) {
                (Some(want), None, Ok(got)) if same(want, &got) => {}
                (None, Some(want), Err(e))
                    if want["code"] == e.code.as_str() && want["path"] == e.path.as_str() =>
                {
                    // The module answers correctly after an error.
                    let ok = api::call("assignTier", &[parse_json("100000", "").unwrap()]).unwrap();
                    assert_eq!(ok["tier"], "Gold");
                }
                (want, want_err, got) => failures.push(format!(
                    "{}: {name}\n  want {:?} {:?}\n  got  {:?}",
                    file.file_name().unwrap().to_string_lossy(),
                    want.map(|w| w.to_string()),
                    want_err.map(|w| w.to_string()),
                    got.map(|g| g.to_string()).map_err(|e| e.to_string())
                )),
            }
        }
    }
    assert!(count >= 90, "only {count} golden cases found");
    assert!(
        failures.is_empty(),
        "{} of {count} golden cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
