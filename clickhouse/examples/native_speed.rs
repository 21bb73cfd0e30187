//! Native speed of the block functions on synthetic accounts, to tell the
//! core's own cost from the wasm and host costs. `cargo run --release
//! --example native_speed`.
use partner_scoring_clickhouse::rowbinary::write_string;
use partner_scoring_clickhouse::udf::{self, OnError};
use std::time::Instant;

fn main() {
    let firms = [
        "Consulting",
        "Agency",
        "SaaS",
        "System Integrator",
        "Reseller",
    ];
    let rows = 200_000usize;
    let mut block = Vec::new();
    for n in 0..rows {
        let record = format!(
            r#"{{"icpMatchPercent":{},"buyingTriggersPerQuarter":{},"returnMultiple":{},"customerOverlapPercent":{},"firmType":"{}","sellsCompetingProduct":{}}}"#,
            n % 101,
            (n * 7) % 9,
            ((n * 13) % 40) as f64 / 10.0,
            (n * 3) % 35,
            firms[n % 5],
            n % 17 == 0
        );
        write_string(&mut block, b"referral");
        write_string(&mut block, record.as_bytes());
    }
    for _ in 0..3 {
        let t = Instant::now();
        let out = udf::partner_fit(&block, rows, OnError::Throw).unwrap();
        let dt = t.elapsed();
        println!(
            "partnerFit: {rows} rows in {:.3} s, {:.0} ns/row ({} bytes out)",
            dt.as_secs_f64(),
            dt.as_nanos() as f64 / rows as f64,
            out.len()
        );
    }
    // The two halves of a row: parsing the record, scoring it.
    let record = r#"{"icpMatchPercent":62,"buyingTriggersPerQuarter":6,"returnMultiple":3.7,"customerOverlapPercent":17,"firmType":"Reseller","sellsCompetingProduct":false}"#;
    let profile =
        partner_scoring::api::resolve_profile(&partner_scoring::Value::String("referral".into()))
            .unwrap();
    let t = Instant::now();
    let mut values = Vec::with_capacity(rows);
    for _ in 0..rows {
        values.push(partner_scoring::value::parse_json(record, "record").unwrap());
    }
    println!(
        "parse_json: {:.0} ns/row",
        t.elapsed().as_nanos() as f64 / rows as f64
    );
    let t = Instant::now();
    let mut sum = 0.0;
    for v in &values {
        sum += partner_scoring::score::score(&profile, v, "record")
            .unwrap()
            .score;
    }
    println!(
        "score: {:.0} ns/row (sum {sum})",
        t.elapsed().as_nanos() as f64 / rows as f64
    );
}

#[allow(dead_code)]
fn unused() {}
