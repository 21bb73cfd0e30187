//! Native (x86_64) timings of the scoring and money kernels, on the same
//! data the Node benchmark (bench/node.mjs) gives the WebAssembly build, so
//! scripts/bench.sh can report wasm-in-Node against native.
//!
//!   node bench/gen-data.mjs            # writes target/bench/data/*.json
//!   cargo bench --bench kernels        # or: bash scripts/bench.sh
//!
//! Each benchmark scores (or computes) 100,000 items per iteration. The
//! data directory can be moved with BENCH_DATA_DIR. Before timing, the
//! native scores are checked against the ones the wasm build gave in Node
//! (target/bench/data/reseller-100k.scores.json), when that file exists.

use partner_scoring::api;
use partner_scoring::batch::{Column, Scorer};
use partner_scoring::value::{parse_json, Value};
use std::path::PathBuf;
use std::sync::OnceLock;

fn main() {
    // Load (and check) before divan starts timing.
    let _ = data();
    divan::main();
}

const RANGE_FIELDS: [&str; 4] = [
    "salesReps",
    "certifiedStaff",
    "offeredMarginRate",
    "customerOverlapPercent",
];

struct Data {
    scorer: Scorer,
    records_json: String,
    records: Value,
    columns: Vec<(String, Column)>,
    typed: Vec<(String, Column)>,
    rows: usize,
    deals: Vec<Value>,
    rois: Vec<Value>,
}

fn data_dir() -> PathBuf {
    std::env::var_os("BENCH_DATA_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench/data"),
        PathBuf::from,
    )
}

fn read(name: &str) -> String {
    let path = data_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}. Run `node bench/gen-data.mjs` first (scripts/bench.sh does).",
            path.display()
        )
    })
}

fn list(text: &str) -> Vec<Value> {
    match parse_json(text, "").expect("benchmark data parses") {
        Value::Array(items) => items,
        _ => panic!("benchmark data is not a list"),
    }
}

/// The columns bench/lib/data.mjs `toColumns` builds: numbers (NaN =
/// blank) for range fields, the raw values for flags and categories.
fn columns(scorer: &Scorer, records: &[Value]) -> Vec<(String, Column)> {
    scorer
        .fields()
        .into_iter()
        .map(|field| {
            let column = if RANGE_FIELDS.contains(&field.as_str()) {
                Column::Numbers(
                    records
                        .iter()
                        .map(|r| match r.get(&field) {
                            Some(Value::Number(n)) => *n,
                            Some(Value::String(s)) if !s.trim().is_empty() => {
                                s.trim().parse().unwrap_or(f64::NAN)
                            }
                            _ => f64::NAN,
                        })
                        .collect(),
                )
            } else {
                Column::Values(
                    records
                        .iter()
                        .map(|r| r.get(&field).cloned().unwrap_or(Value::Null))
                        .collect(),
                )
            };
            (field, column)
        })
        .collect()
}

/// The typed columns bench/lib/data.mjs `toTypedColumns` builds: the same
/// numbers columns, and the other fields dictionary-coded.
fn typed_columns(columns: &[(String, Column)]) -> Vec<(String, Column)> {
    columns
        .iter()
        .map(|(field, col)| {
            let col = match col {
                Column::Values(cells) => {
                    let mut values: Vec<Value> = Vec::new();
                    let codes = cells
                        .iter()
                        .map(|v| {
                            if matches!(v, Value::Null) {
                                return 0xFFFF_FFFE;
                            }
                            let at = values.iter().position(|d| d == v).unwrap_or_else(|| {
                                values.push(v.clone());
                                values.len() - 1
                            });
                            at as u32
                        })
                        .collect();
                    Column::Coded { values, codes }
                }
                other => other.clone(),
            };
            (field.clone(), col)
        })
        .collect()
}

fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| {
        let scorer = Scorer::new(&Value::String("reseller".into())).expect("built-in profile");
        let records_json = read("reseller-100k.json");
        let items = list(&records_json);
        let rows = items.len();
        let columns = columns(&scorer, &items);
        let typed = typed_columns(&columns);
        let records = Value::Array(items);
        let deals = list(&read("deal-100k.json"));
        let rois = list(&read("roi-100k.json"));

        // Same scores as every other path, and as the wasm build in Node.
        let a = scorer.score_records(&records).expect("scores");
        let b = scorer.score_columns(&columns, rows).expect("scores");
        let c = scorer
            .score_records(&Value::String(records_json.clone()))
            .expect("scores");
        assert_eq!(a, b, "columns and records disagree");
        assert_eq!(
            a,
            scorer.score_columns(&typed, rows).expect("scores"),
            "typed columns and records disagree"
        );
        assert_eq!(a, c, "JSON text and records disagree");
        if let Ok(text) = std::fs::read_to_string(data_dir().join("reseller-100k.scores.json")) {
            let wasm: Vec<f64> = serde_json::from_str(&text).expect("scores file parses");
            assert!(
                wasm.len() == a.scores.len()
                    && wasm
                        .iter()
                        .zip(&a.scores)
                        .all(|(w, n)| w.to_bits() == n.to_bits()),
                "native scores differ from the wasm build's"
            );
            eprintln!("[kernels] native scores equal the wasm build's for all {rows} rows");
        }
        for d in &deals {
            api::deal_registration_payout(d).expect("valid deal input");
        }
        for r in &rois {
            api::program_roi(r).expect("valid ROI input");
        }
        Data {
            scorer,
            records_json,
            records,
            columns,
            typed,
            rows,
            deals,
            rois,
        }
    })
}

mod scoring {
    use super::*;

    /// Records already parsed into the core's Value (the analogue of
    /// scoreRecords(objects) after serde-wasm-bindgen has converted them).
    #[divan::bench(sample_count = 10)]
    fn records_value_100k() -> usize {
        let d = data();
        d.scorer
            .score_records(divan::black_box(&d.records))
            .expect("scores")
            .scores
            .len()
    }

    /// JSON text parsed and scored: the same work as scoreRecords(jsonText).
    #[divan::bench(sample_count = 10)]
    fn records_json_100k(bencher: divan::Bencher) {
        let d = data();
        bencher
            .with_inputs(|| Value::String(d.records_json.clone()))
            .bench_local_values(|text| d.scorer.score_records(&text).expect("scores").scores.len());
    }

    /// Columns: the same work as scoreColumns after the columns are copied in.
    #[divan::bench(sample_count = 10)]
    fn columns_100k() -> usize {
        let d = data();
        d.scorer
            .score_columns(divan::black_box(&d.columns), d.rows)
            .expect("scores")
            .scores
            .len()
    }
}

/// The compiled kernel from typed columns (numbers and dictionary-coded),
/// the work of scoreColumns(typed columns) once they are in wasm memory.
#[divan::bench(sample_count = 20)]
fn typed_columns_100k() -> usize {
    let d = data();
    d.scorer
        .score_columns(divan::black_box(&d.typed), d.rows)
        .expect("scores")
        .scores
        .len()
}

mod money {
    use super::*;

    /// 100,000 deal-registration payouts (api::deal_registration_payout).
    #[divan::bench(sample_count = 5)]
    fn deal_registration_100k() -> usize {
        let d = data();
        let mut n = 0;
        for input in divan::black_box(&d.deals) {
            n += api::deal_registration_payout(input)
                .expect("payout")
                .payout
                .len();
        }
        n
    }

    /// 100,000 programme-ROI evaluations (api::program_roi).
    #[divan::bench(sample_count = 5)]
    fn program_roi_100k() -> usize {
        let d = data();
        let mut n = 0;
        for input in divan::black_box(&d.rois) {
            n += api::program_roi(input).expect("roi").total_cost.len();
        }
        n
    }
}
