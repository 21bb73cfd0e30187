//! Size benchmark of the programme analytics (issue #3 §8): programMetrics
//! and partnerScorecards over 100,000 deals, accountOverlap over two lists
//! of 100,000 accounts, plain and hashed. Prints timings; asserts nothing.
//!
//!   cargo run --release --example analytics_bench [deals] [accounts]

use partner_scoring::analytics::{partner_scorecards, program_metrics};
use partner_scoring::overlap::{account_overlap, hash_accounts};
use partner_scoring::value::{parse_json, Value};
use std::time::{Duration, Instant};

fn text(s: &str) -> Value {
    Value::String(s.to_string())
}
fn obj(entries: Vec<(&str, Value)>) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn date(day_of_2025: u64) -> String {
    // 2025-01-01 plus n days, n < 540, by month lengths.
    let months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut y, mut d) = (2025, day_of_2025);
    let mut m = 0;
    loop {
        let len = months[m];
        if d < len {
            break;
        }
        d -= len;
        m += 1;
        if m == 12 {
            m = 0;
            y += 1;
        }
    }
    format!("{y}-{:02}-{:02}", m + 1, d + 1)
}

fn programme(deals: usize, partners: usize) -> Value {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let ps: Vec<Value> = (0..partners)
        .map(|i| {
            obj(vec![
                ("id", text(&format!("P{i}"))),
                ("name", text(&format!("Partner {i}"))),
                ("type", text("referral")),
                ("signedAt", text(&date(rng.below(400)))),
            ])
        })
        .collect();
    let sources = ["partner-sourced", "co-sold", "partner-closed", "direct"];
    let statuses = ["open", "won", "won", "lost"];
    let stages = [
        "before-contact",
        "after-first-meeting",
        "late-stage",
        "unregistered",
    ];
    let ds: Vec<Value> = (0..deals)
        .map(|i| {
            let source = sources[rng.below(4) as usize];
            let status = statuses[rng.below(4) as usize];
            let registered = rng.below(500);
            let mut e = vec![
                ("id", text(&format!("D{i}"))),
                ("source", text(source)),
                (
                    "amount",
                    text(&format!(
                        "{}.{:02}",
                        1000 + rng.below(200_000),
                        rng.below(100)
                    )),
                ),
                ("status", text(status)),
                ("registeredAt", text(&date(registered))),
                ("registrationStage", text(stages[rng.below(4) as usize])),
            ];
            if source != "direct" {
                e.push((
                    "partnerId",
                    text(&format!("P{}", rng.below(partners as u64))),
                ));
            }
            if status != "open" {
                e.push(("closedAt", text(&date(registered + rng.below(40)))));
            }
            obj(e)
        })
        .collect();
    obj(vec![
        ("asOf", text("2026-06-30")),
        ("partners", Value::Array(ps)),
        ("deals", Value::Array(ds)),
    ])
}

fn accounts(n: usize, offset: usize, seed: u64) -> Value {
    let mut rng = Rng(seed);
    let statuses = ["customer", "prospect", "opportunity"];
    Value::Array(
        (0..n)
            .map(|i| {
                obj(vec![
                    (
                        "domain",
                        text(&format!("https://www.company{}.example/", i + offset)),
                    ),
                    ("name", text(&format!("Company {} Inc.", i + offset))),
                    ("status", text(statuses[rng.below(3) as usize])),
                ])
            })
            .collect(),
    )
}

/// The best of `runs` timings: the least disturbed by other work on the machine.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let start = Instant::now();
        let r = f();
        best = best.min(start.elapsed());
        out = Some(r);
    }
    (best, out.unwrap())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n_deals = args.first().copied().unwrap_or(100_000);
    let n_accounts = args.get(1).copied().unwrap_or(100_000);
    let runs = 5;

    let input = programme(n_deals, 1_000);
    let (t, m) = best(runs, || program_metrics(&input).unwrap());
    println!(
        "programMetrics     {n_deals} deals, 1,000 partners: {} (best of {runs}); total revenue {} {}",
        ms(t),
        m.total_revenue,
        m.currency
    );
    let (t, cards) = best(runs, || partner_scorecards(&input).unwrap());
    println!(
        "partnerScorecards  {n_deals} deals, 1,000 partners: {} ({} scorecards)",
        ms(t),
        cards.len()
    );
    let json = serde_json::to_string(&input).unwrap();
    let (t, _) = best(runs, || {
        let v = parse_json(&json, "").unwrap();
        program_metrics(&v).unwrap()
    });
    println!(
        "programMetrics     from JSON text ({:.1} MB), parse included: {}",
        json.len() as f64 / 1e6,
        ms(t)
    );

    let ours = accounts(n_accounts, 0, 7);
    let theirs = accounts(n_accounts, n_accounts / 2, 11);
    let pair = obj(vec![("ours", ours.clone()), ("theirs", theirs.clone())]);
    let (t, r) = best(runs, || account_overlap(&pair).unwrap());
    println!(
        "accountOverlap     {n_accounts} x {n_accounts} accounts, plain: {} ({} shared, {} co-sell)",
        ms(t),
        r.shared_accounts,
        r.co_sell.len()
    );
    let secret = text("a shared secret of reasonable length");
    let (t, hashed_ours) = best(runs, || {
        hash_accounts(&ours, &secret, &Value::Null).unwrap()
    });
    println!("hashAccounts       {n_accounts} accounts: {}", ms(t));
    let hashed_theirs = hash_accounts(&theirs, &secret, &Value::Null).unwrap();
    let as_value = |h| parse_json(&serde_json::to_string(h).unwrap(), "").unwrap();
    let hashed_pair = obj(vec![
        ("ours", as_value(&hashed_ours)),
        ("theirs", as_value(&hashed_theirs)),
    ]);
    let (t, r) = best(runs, || account_overlap(&hashed_pair).unwrap());
    println!(
        "accountOverlap     {n_accounts} x {n_accounts} accounts, hashed: {} ({} shared)",
        ms(t),
        r.shared_accounts
    );
}
