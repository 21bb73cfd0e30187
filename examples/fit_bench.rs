//! fitProfile natively, for bench/fit.mjs's side-by-side figure: reads the
//! same input the wasm run takes (`{records, outcomes, profile}` as JSON
//! text, written by bench/fit.mjs), times `runs` whole calls (reading the
//! JSON text included: the JSON-text form of the input; through the wrapper
//! plain records cross as typed columns instead) and prints
//! `{"medianMs", "minMs", "maxMs", "runs", "bytes"}` with `bytes` the length
//! of the result's JSON, so the caller can check both give the same answer.
//!
//!     cargo run --release --example fit_bench -- <input.json> [runs]

use partner_scoring::api;
use partner_scoring::value::Value;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = args.next().ok_or("usage: fit_bench <input.json> [runs]")?;
    let runs: usize = args.next().map_or(Ok(3), |a| a.parse())?;
    let text = std::fs::read_to_string(file)?;
    let mut times = Vec::with_capacity(runs);
    let mut out = String::new();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let fit = api::fit_profile(&Value::String(text.clone())).map_err(|e| e.message)?;
        out = serde_json::to_string(&fit)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "{{\"medianMs\":{},\"minMs\":{},\"maxMs\":{},\"runs\":{},\"bytes\":{},\"result\":{}}}",
        sorted[sorted.len() / 2],
        sorted[0],
        sorted[sorted.len() - 1],
        sorted.len(),
        out.len(),
        out
    );
    Ok(())
}
