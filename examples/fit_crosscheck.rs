//! Prints, as JSON, penalised logistic problems built from the core's own
//! features and the coefficients src/fit.rs finds for them:
//! `[{lambda, x: [[subscores]], y: [bool], theta: [intercept, β...]}]`.
//! tests/fit/crosscheck.py solves the same problems with SciPy's L-BFGS-B
//! and compares the coefficients.
//!
//!     cargo run --release --example fit_crosscheck [rows]

use partner_scoring::fit::{Columns, Design, Problem};
use partner_scoring::profile::compile;
use partner_scoring::value::{parse_json, Value};

struct Rng(u64);
impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows: usize = std::env::args().nth(1).map_or(Ok(2000), |a| a.parse())?;
    // The built-in reseller profile: ranges, flags, a category and a gate.
    let profile = partner_scoring::builtin::by_id("reseller", "profile")?.clone();
    let _ = compile(&profile.source).map_err(|e| format!("{e:?}"))?;
    let mut out = Vec::new();
    // Outcome models: two criteria only; and one with a negative effect,
    // whose coefficient the bound holds at 0.
    let cases: [(u64, f64, [f64; 3]); 3] = [
        (1, 0.01, [-3.0, 3.0, 2.5]),
        (2, 1e-3, [-1.0, 2.0, -2.0]),
        (3, 0.1, [-2.0, 1.0, 1.0]),
    ];
    for (seed, lambda, [b0, b1, b2]) in cases {
        let mut rng = Rng(seed);
        let mut records = Vec::with_capacity(rows);
        let mut y = Vec::with_capacity(rows);
        for _ in 0..rows {
            let reps = (rng.unit() * 12.0).floor();
            let certified = (rng.unit() * 6.0).floor();
            let margin = 0.1 + rng.unit() * 0.35;
            let overlap = rng.unit() * 40.0;
            let text = format!(
                r#"{{"salesReps":{reps},"certifiedStaff":{certified},"offeredMarginRate":{margin},"customerOverlapPercent":{overlap},"offersImplementation":{},"businessModel":"{}","registersDealsEarly":{},"sellsCompetingProduct":false}}"#,
                rng.unit() < 0.5,
                ["var", "msp", "distributor", "agency"][(rng.unit() * 4.0) as usize],
                rng.unit() < 0.3,
            );
            let z = b0 + b1 * (reps / 10.0).min(1.0) + b2 * (overlap / 30.0).min(1.0);
            y.push(rng.unit() < 1.0 / (1.0 + (-z).exp()));
            records.push(parse_json(&text, "")?);
        }
        let design = Design::new(&profile, &records, "records")?;
        let all: Vec<u32> = (0..rows as u32)
            .filter(|&r| !design.disqualified[r as usize])
            .collect();
        let cols = Columns::new(design.k, &design.x, &y, std::slice::from_ref(&all));
        let problem = Problem {
            cols: &cols,
            parts: &cols.groups,
            counts: None,
            lambda,
        };
        let mut start = vec![0.0; design.k + 1];
        let rate = y.iter().filter(|b| **b).count() as f64 / rows as f64;
        start[0] = (rate / (1.0 - rate)).ln();
        let theta = problem.solve(&start);
        let x: Vec<&[f64]> = all
            .iter()
            .map(|&r| &design.x[r as usize * design.k..(r as usize + 1) * design.k])
            .collect();
        let ys: Vec<bool> = all.iter().map(|&r| y[r as usize]).collect();
        out.push(serde_json::json!({
            "lambda": lambda, "x": x, "y": ys, "theta": theta,
            "loss": problem.loss(&theta),
        }));
        let _ = Value::Null;
    }
    println!("{}", serde_json::to_string(&out)?);
    Ok(())
}
