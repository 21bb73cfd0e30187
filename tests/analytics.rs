//! Laws of the account mapping and the programme metrics (style.md §8):
//! overlap is symmetric, normalisation is idempotent, a hashed overlap
//! equals the plain one; metrics never count a deal twice and answer size
//! limits with `limit-exceeded`.
#![cfg(not(target_arch = "wasm32"))]

use partner_scoring::analytics::{program_metrics, MAX_DEALS, MAX_PARTNERS};
use partner_scoring::overlap::{
    account_overlap, hash_accounts, normalize_domain, normalize_name, AccountOverlap, Status,
    MAX_ACCOUNTS,
};
use partner_scoring::value::Value;
use partner_scoring::ErrorCode;
use proptest::prelude::*;

fn obj(entries: Vec<(&str, Value)>) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}
fn text(s: &str) -> Value {
    Value::String(s.to_string())
}

const STATUSES: [&str; 3] = ["customer", "prospect", "opportunity"];

/// Domains drawn from a small pool, written in many equivalent ways, so
/// lists overlap often.
fn any_domain() -> impl Strategy<Value = String> {
    (
        0usize..12,
        prop::sample::select(vec![
            "",
            "https://",
            "http://www.",
            "WWW.",
            "//",
            "mailto:bob@",
            "user@",
        ]),
        prop::sample::select(vec!["", "/", "/path?q=1", ":8080", ".", "#top", ":443/x"]),
        any::<bool>(),
    )
        .prop_map(|(i, pre, post, upper)| {
            let host = format!("company{i}.example");
            let host = if upper { host.to_uppercase() } else { host };
            format!("{pre}{host}{post}")
        })
}

fn any_name() -> impl Strategy<Value = String> {
    (
        0usize..12,
        prop::sample::select(vec![
            "", " Inc.", ", LLC", " Ltd", " GmbH", " Corp", " & Co",
        ]),
        any::<bool>(),
    )
        .prop_map(|(i, suffix, upper)| {
            let n = format!("Company {i}{suffix}");
            if upper {
                n.to_uppercase()
            } else {
                n
            }
        })
}

fn any_account() -> impl Strategy<Value = Value> {
    (
        prop::option::of(any_domain()),
        any_name(),
        prop::sample::select(STATUSES.to_vec()),
    )
        .prop_map(|(domain, name, status)| {
            let mut e = vec![("name", text(&name)), ("status", text(status))];
            if let Some(d) = domain {
                e.push(("domain", text(&d)));
            }
            obj(e)
        })
}

fn any_list() -> impl Strategy<Value = Value> {
    prop::collection::vec(any_account(), 0..30).prop_map(Value::Array)
}

fn overlap(ours: &Value, theirs: &Value) -> AccountOverlap {
    account_overlap(&obj(vec![
        ("ours", ours.clone()),
        ("theirs", theirs.clone()),
    ]))
    .unwrap()
}

fn count(r: &AccountOverlap, ours: Status, theirs: Status) -> usize {
    r.matrix
        .iter()
        .find(|c| c.ours == ours && c.theirs == theirs)
        .map(|c| c.count)
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn domain_normalisation_is_idempotent(raw in "\\PC{0,40}", d in any_domain()) {
        for s in [raw, d] {
            if let Some(once) = normalize_domain(&s) {
                prop_assert_eq!(normalize_domain(&once), Some(once.clone()));
            }
        }
    }

    #[test]
    fn name_normalisation_is_idempotent(raw in "\\PC{0,40}", n in any_name()) {
        for s in [raw, n] {
            if let Some(once) = normalize_name(&s) {
                prop_assert_eq!(normalize_name(&once), Some(once.clone()));
            }
        }
    }

    #[test]
    fn overlap_is_symmetric(a in any_list(), b in any_list()) {
        let ab = overlap(&a, &b);
        let ba = overlap(&b, &a);
        prop_assert_eq!(ab.shared_accounts, ba.shared_accounts);
        for o in Status::ALL {
            for t in Status::ALL {
                prop_assert_eq!(count(&ab, o, t), count(&ba, t, o));
            }
        }
        let keys = |r: &AccountOverlap| r.shared.iter().map(|s| (s.key.clone(), s.ours, s.theirs)).collect::<Vec<_>>();
        let swapped: Vec<_> = ba.shared.iter().map(|s| (s.key.clone(), s.theirs, s.ours)).collect();
        prop_assert_eq!(keys(&ab), swapped);
        prop_assert_eq!(ab.our_accounts, ba.their_accounts);
    }

    #[test]
    fn overlap_of_a_list_with_itself_is_the_list(a in any_list()) {
        let aa = overlap(&a, &a);
        prop_assert_eq!(aa.shared_accounts, aa.our_accounts);
        let off_diagonal: usize = aa.matrix.iter().filter(|c| c.ours != c.theirs).map(|c| c.count).sum();
        prop_assert_eq!(off_diagonal, 0);
        prop_assert!(aa.co_sell.is_empty());
    }

    #[test]
    fn hashed_overlap_equals_plain_overlap(a in any_list(), b in any_list(), secret in "[!-~][ -~]{0,39}") {
        let plain = overlap(&a, &b);
        let s = text(&secret);
        let ha = serde_json::to_string(&hash_accounts(&a, &s, &Value::Null).unwrap()).unwrap();
        let hb = serde_json::to_string(&hash_accounts(&b, &s, &Value::Null).unwrap()).unwrap();
        let ha = partner_scoring::value::parse_json(&ha, "").unwrap();
        let hb = partner_scoring::value::parse_json(&hb, "").unwrap();
        let hashed = overlap(&ha, &hb);
        prop_assert_eq!(&hashed.matrix, &plain.matrix);
        prop_assert_eq!(hashed.shared_accounts, plain.shared_accounts);
        prop_assert_eq!(hashed.co_sell.len(), plain.co_sell.len());
        prop_assert_eq!(&hashed.customer_overlap_pct, &plain.customer_overlap_pct);
        prop_assert_eq!((hashed.our_accounts, hashed.their_accounts), (plain.our_accounts, plain.their_accounts));
    }

    #[test]
    fn every_won_deal_in_the_window_is_counted_once(
        amounts in prop::collection::vec((0u32..1_000_000, 0i64..800, 0usize..4, any::<bool>()), 0..60),
    ) {
        // asOf 2026-06-30; deals closed 0-799 days before it, some won, some lost.
        let sources = ["partner-sourced", "co-sold", "partner-closed", "direct"];
        let as_of = partner_scoring::dates::Day::parse("2026-06-30", "").unwrap();
        let mut deals = Vec::new();
        let mut want_total: u64 = 0;
        let mut want_partner: u64 = 0;
        for (i, (amount, back, src, won)) in amounts.iter().enumerate() {
            let closed = as_of.plus(-back);
            let source = sources[*src];
            let mut e = vec![
                ("id", Value::Number(i as f64)),
                ("source", text(source)),
                ("amount", Value::Number(f64::from(*amount))),
                ("status", text(if *won { "won" } else { "lost" })),
                ("closedAt", text(&closed.iso())),
            ];
            if source != "direct" {
                e.push(("partnerId", text("p")));
            }
            deals.push(obj(e));
            if *won && *back <= 365 {
                want_total += u64::from(*amount);
                if source != "direct" {
                    want_partner += u64::from(*amount);
                }
            }
        }
        let partner = obj(vec![("id", text("p")), ("name", text("P")), ("type", text("referral")), ("signedAt", text("2020-01-01"))]);
        let input = obj(vec![("asOf", text("2026-06-30")), ("partners", Value::Array(vec![partner])), ("deals", Value::Array(deals))]);
        let m = program_metrics(&input).unwrap();
        prop_assert_eq!(m.total_revenue, format!("{want_total}.00"));
        prop_assert_eq!(m.partner_sourced_revenue, format!("{want_partner}.00"));
        let monthly: u64 = m.monthly.iter().map(|r| r.total.trim_end_matches(".00").parse::<u64>().unwrap()).sum();
        prop_assert_eq!(monthly, want_total);
    }
}

#[test]
fn lists_over_the_limit_are_refused() {
    // The length is checked before any item is read (nulls keep this cheap).
    let big = Value::Array(vec![Value::Null; MAX_ACCOUNTS + 1]);
    let e =
        account_overlap(&obj(vec![("ours", big), ("theirs", Value::Array(vec![]))])).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::LimitExceeded, "ours")
    );

    let partners = Value::Array(vec![Value::Null; MAX_PARTNERS + 1]);
    let input = obj(vec![
        ("asOf", text("2026-06-30")),
        ("partners", partners),
        ("deals", Value::Array(vec![])),
    ]);
    let e = program_metrics(&input).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::LimitExceeded, "partners")
    );

    let deals = Value::Array(vec![Value::Null; MAX_DEALS + 1]);
    let input = obj(vec![
        ("asOf", text("2026-06-30")),
        ("partners", Value::Array(vec![])),
        ("deals", deals),
    ]);
    let e = program_metrics(&input).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::LimitExceeded, "deals")
    );
}

#[test]
fn an_error_is_never_a_partial_result() {
    // 99 good deals and one bad one: the answer is the error, not 99 deals' metrics.
    let mut deals: Vec<Value> = (0..99)
        .map(|i| {
            obj(vec![
                ("id", Value::Number(f64::from(i))),
                ("source", text("direct")),
                ("amount", Value::Number(10.0)),
                ("status", text("won")),
                ("closedAt", text("2026-01-01")),
            ])
        })
        .collect();
    deals.push(obj(vec![
        ("id", text("bad")),
        ("source", text("direct")),
        ("amount", Value::Number(10.0)),
        ("status", text("won")),
        ("closedAt", text("2026-02-30")),
    ]));
    let input = obj(vec![
        ("asOf", text("2026-06-30")),
        ("partners", Value::Array(vec![])),
        ("deals", Value::Array(deals)),
    ]);
    let e = program_metrics(&input).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::InvalidDate, "deals[99].closedAt")
    );
}

fn deal(id: &str, amount: f64, currency: Option<&str>) -> Value {
    let mut e = vec![
        ("id", text(id)),
        ("source", text("direct")),
        ("amount", Value::Number(amount)),
        ("status", text("won")),
        ("closedAt", text("2026-01-01")),
    ];
    if let Some(c) = currency {
        e.push(("currency", text(c)));
    }
    obj(e)
}

#[test]
fn amounts_in_several_currencies_are_never_relabelled() {
    // Issue 15: with no programme currency, one EUR deal used to turn the
    // whole report into EUR (100 EUR + 200 meant as USD = "300.00 EUR").
    let input = obj(vec![
        ("asOf", text("2026-06-30")),
        ("partners", Value::Array(vec![])),
        (
            "deals",
            Value::Array(vec![
                deal("usd-1", 200.0, None),
                deal("eur-1", 100.0, Some("EUR")),
            ]),
        ),
    ]);
    let e = program_metrics(&input).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::MixedCurrency, "deals[1].currency")
    );
    // A deal of each currency is named.
    assert!(
        e.message.contains("\"eur-1\"") && e.message.contains("EUR"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("\"usd-1\"") && e.message.contains("USD"),
        "{}",
        e.message
    );

    // A programme currency makes a deal without one that currency.
    let mut with_currency = input.clone();
    if let Value::Object(entries) = &mut with_currency {
        entries.push(("currency".into(), text("EUR")));
    }
    let m = program_metrics(&with_currency).unwrap();
    assert_eq!(
        (m.currency.as_str(), m.total_revenue.as_str()),
        ("EUR", "300.00")
    );

    // fx keys that differ only in case are refused, whatever their order.
    for (a, b) in [("EUR", "eur"), ("eur", "EUR")] {
        let mut two = input.clone();
        if let Value::Object(entries) = &mut two {
            entries.push(("fx".into(), obj(vec![(a, text("1.1")), (b, text("1.2"))])));
        }
        let e = program_metrics(&two).unwrap_err();
        assert_eq!(
            (e.code, e.path),
            (ErrorCode::DuplicateId, format!("fx.{b}"))
        );
    }
}
