//! Native timings of reading number texts: the core's own exact reader
//! (`partner_scoring::num::parse_f64`, src/num/read.rs) beside
//! `str::parse::<f64>`, which it replaces in the wasm core (README.md,
//! "Size"). Three sets of 10,000 texts, as `JSON.stringify` sends them:
//! whole numbers, amounts with two places, and random doubles' shortest
//! digits (16-17 significant, the reader's exact path for most).
//!
//!   cargo bench --bench numbers

use partner_scoring::num::parse_f64;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

/// A fixed xorshift, so every run reads the same texts.
fn texts() -> &'static [Vec<String>; 3] {
    static T: OnceLock<[Vec<String>; 3]> = OnceLock::new();
    T.get_or_init(|| {
        let mut s = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        let n = 10_000;
        let whole = (0..n).map(|_| format!("{}", next() % 100_000)).collect();
        let cents = (0..n)
            .map(|_| format!("{}", (next() % 10_000_000) as f64 / 100.0))
            .collect();
        let any = (0..n)
            .map(|_| format!("{}", (next() >> 11) as f64 / (1u64 << 53) as f64 * 1e6))
            .collect();
        [whole, cents, any]
    })
}

fn read_all(set: usize, f: fn(&str) -> Option<f64>) -> f64 {
    texts()[set]
        .iter()
        .map(|t| f(divan::black_box(t)).unwrap_or(0.0))
        .sum()
}

fn std_parse(t: &str) -> Option<f64> {
    t.parse().ok()
}

#[divan::bench(args = [0, 1, 2])]
fn ours(set: usize) -> f64 {
    read_all(set, parse_f64)
}

#[divan::bench(args = [0, 1, 2])]
fn str_parse(set: usize) -> f64 {
    read_all(set, std_parse)
}
