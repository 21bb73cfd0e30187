//! Laws the scoring and tier code must keep for every input (style.md §8).
#![cfg(not(target_arch = "wasm32"))]

use partner_scoring::api;
use partner_scoring::builtin;
use partner_scoring::profile::compile;
use partner_scoring::score::score;
use partner_scoring::value::{parse_json, Value};
use proptest::prelude::*;

fn any_field_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-1e6f64..1e6).prop_map(Value::Number),
        any::<f64>().prop_map(Value::Number),
        "[a-z ;,0-9.]{0,12}".prop_map(Value::String),
        prop::collection::vec("[a-z ]{0,10}", 0..4)
            .prop_map(|v| Value::Array(v.into_iter().map(Value::String).collect())),
    ]
}

const FIELDS: [&str; 20] = [
    "icpMatchPercent",
    "buyingTriggersPerQuarter",
    "returnMultiple",
    "customerOverlapPercent",
    "firmType",
    "sellsCompetingProduct",
    "integrationLevel",
    "productFit",
    "integrationCapabilities",
    "salesReps",
    "offersImplementation",
    "certifiedStaff",
    "offeredMarginRate",
    "businessModel",
    "hasMarketplace",
    "hasCoSellProgram",
    "platformCustomers",
    "deliveryConsultants",
    "gtmCommitment",
    "jointTargetAccounts",
];

fn any_record() -> impl Strategy<Value = Value> {
    prop::collection::vec(any_field_value(), FIELDS.len()).prop_map(|values| {
        Value::Object(FIELDS.iter().map(|f| f.to_string()).zip(values).collect())
    })
}

/// A profile of 1-6 range criteria with rising curves and random weights.
fn rising_profile() -> impl Strategy<Value = (Vec<f64>, String)> {
    prop::collection::vec(0.01f64..100.0, 1..6).prop_map(|weights| {
        let criteria: Vec<String> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| {
                format!(
                    r#"{{"id":"c{i}","label":"C{i}","field":"f{i}","weight":{w},"kind":"range","curve":[[0,0],[10,0.3],[50,0.9],[100,1]]}}"#
                )
            })
            .collect();
        let json = format!(
            r#"{{"id":"p","name":"P","partnerType":"referral","criteria":[{}],"bands":[{{"label":"Top","min":50}},{{"label":"Low","min":0}}]}}"#,
            criteria.join(",")
        );
        (weights, json)
    })
}

fn record_of(values: &[f64]) -> Value {
    Value::Object(
        values
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("f{i}"), Value::Number(*v)))
            .collect(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn scores_stay_within_0_and_100(record in any_record()) {
        for p in builtin::all().unwrap() {
            let r = score(p, &record, "record").unwrap();
            prop_assert!((0.0..=100.0).contains(&r.score), "{} gave {}", p.id, r.score);
            prop_assert!((0.0..=1.0).contains(&r.coverage));
            for c in &r.contributions {
                prop_assert!(c.points <= c.max_points + 1e-9);
            }
        }
    }

    #[test]
    fn the_batch_path_gives_the_explained_score(records in prop::collection::vec(any_record(), 1..8)) {
        for p in builtin::all().unwrap() {
            let scorer = partner_scoring::batch::Scorer::new(&Value::String(p.id.clone())).unwrap();
            let quick = scorer.score_records(&Value::Array(records.clone())).unwrap();
            for (r, q) in records.iter().zip(&quick.scores) {
                prop_assert_eq!(score(p, r, "").unwrap().score, *q);
            }
        }
    }

    #[test]
    fn raising_a_rising_range_never_lowers_the_score(
        (weights, json) in rising_profile(),
        base in prop::collection::vec(-20f64..120.0, 6),
        which in 0usize..6,
        bump in 0f64..50.0,
    ) {
        let profile = compile(&parse_json(&json, "").unwrap()).unwrap();
        let n = weights.len();
        let before: Vec<f64> = base.iter().take(n).copied().collect();
        let mut after = before.clone();
        let i = which % n;
        after[i] += bump;
        let s0 = score(&profile, &record_of(&before), "").unwrap().score;
        let s1 = score(&profile, &record_of(&after), "").unwrap().score;
        prop_assert!(s1 >= s0, "{s0} -> {s1}");
    }

    #[test]
    fn scaling_every_weight_changes_nothing(
        (weights, json) in rising_profile(),
        values in prop::collection::vec(0f64..100.0, 6),
        factor in prop_oneof![Just(2.0f64), Just(10.0), Just(0.5), 0.001f64..1000.0],
    ) {
        let profile = compile(&parse_json(&json, "").unwrap()).unwrap();
        let mut scaled = profile.clone();
        for c in &mut scaled.criteria {
            c.weight *= factor;
        }
        scaled.total_weight = scaled.criteria.iter().map(|c| c.weight).sum();
        let record = record_of(&values[..weights.len()]);
        let a = score(&profile, &record, "").unwrap();
        let b = score(&scaled, &record, "").unwrap();
        prop_assert_eq!(a.score, b.score);
        prop_assert_eq!(a.band, b.band);
        prop_assert_eq!(a.coverage, b.coverage);
    }

    #[test]
    fn tiers_are_monotonic_in_revenue(a in 0u64..200_000_000, b in 0u64..200_000_000) {
        let order = ["Inactive", "Silver", "Gold", "Platinum"];
        let tier = |cents: u64| {
            let v = Value::String(format!("{}.{:02}", cents / 100, cents % 100));
            let r = api::assign_tier(&v, &Value::Null, &Value::Null).unwrap();
            order.iter().position(|t| *t == r.tier).unwrap()
        };
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(tier(lo) <= tier(hi));
    }

    #[test]
    fn decimal_strings_cross_exactly(int in 0u64..10_000_000_000, frac in 0u32..10_000) {
        let text = format!("{int}.{frac:04}");
        let r = api::deal_registration_payout(
            &parse_json(&format!(r#"{{"contractValue":"{text}","stage":"before-contact","schedule":{{"before-contact":1}}}}"#), "").unwrap(),
        ).unwrap();
        // A rate of 1 returns the amount itself, rounded once to cents.
        let cents = (frac + 50) / 100;
        let (i, c) = if cents == 100 { (int + 1, 0) } else { (int, cents) };
        prop_assert_eq!(r.payout, format!("{i}.{c:02}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Issue 14: a value outside a field's domain is `invalid` (0 points,
    /// with a reason), on the explained path and the batch path alike.
    #[test]
    fn values_outside_a_domain_are_invalid_on_both_paths(
        record in any_record(),
        beyond in 1e-6f64..1e6,
        below in any::<bool>(),
    ) {
        use partner_scoring::profile::Kind;
        for p in builtin::all().unwrap() {
            for c in p.criteria.iter().filter(|c| matches!(c.kind, Kind::Range { .. })) {
                let d = c.domain.unwrap();
                let x = match (below, d.min, d.max) {
                    (true, Some(lo), _) | (false, Some(lo), None) => lo - beyond,
                    (_, _, Some(hi)) => hi + beyond,
                    (_, None, None) => unreachable!(),
                };
                let mut r = record.clone();
                if let Value::Object(entries) = &mut r {
                    entries.retain(|(k, _)| k != &c.field);
                    entries.push((c.field.clone(), Value::Number(x)));
                }
                let explained = score(p, &r, "").unwrap();
                let row = explained.contributions.iter().find(|k| k.criterion == c.id).unwrap();
                prop_assert_eq!(row.status, partner_scoring::score::Status::Invalid);
                prop_assert_eq!(row.points, 0.0);
                prop_assert!(row.reason.as_deref().is_some_and(|t| t.contains("impossible")));
                let scorer = partner_scoring::batch::Scorer::new(&Value::String(p.id.clone())).unwrap();
                let quick = scorer.score_records(&Value::Array(vec![r.clone()])).unwrap();
                prop_assert_eq!(explained.score, quick.scores[0]);
            }
        }
    }
}
