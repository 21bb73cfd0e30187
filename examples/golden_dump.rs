//! Prints every golden case's output from the native core as one JSON array
//! (the result, or {"error": {"code", "path"}}), in file and case order.
//! tests/browser/determinism.test.mjs compares it, byte for byte, with the
//! same outputs from the wasm module in Node and in Chromium.

use partner_scoring::api;
use partner_scoring::value::parse_json;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let cases: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(&file)?)?;
        for case in cases {
            let name = case["fn"].as_str().unwrap_or_default();
            let mut args = Vec::new();
            for a in case["args"].as_array().into_iter().flatten() {
                args.push(parse_json(&a.to_string(), "")?);
            }
            out.push(match api::call(name, &args) {
                Ok(v) => v,
                Err(e) => serde_json::json!({"error": {"code": e.code.as_str(), "path": e.path}}),
            });
        }
    }
    println!("{}", serde_json::to_string(&out)?);
    Ok(())
}
