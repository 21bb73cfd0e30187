//! Partner tiers by annual partner-sourced revenue (docs/design.md §3.4).

use crate::error::{index, join, Error, ErrorCode, Result};
use crate::input::{check_decimal, decimal_from_value, Check, Obj};
use crate::money::{num, Currency};
use crate::value::Value;
use rust_decimal::Decimal;
use serde::Serialize;

/// Most tiers a table may hold.
pub const MAX_TIERS: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub struct Tier {
    pub name: String,
    pub min: Decimal,
    pub benefits: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TierResult {
    pub tier: String,
    pub benefits: Option<String>,
    pub next_tier: Option<String>,
    pub amount_to_next_tier: Option<String>,
    pub currency: String,
}

/// A row of a tier table as shown to users.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierRow {
    pub name: String,
    pub min: String,
    pub benefits: Option<String>,
}

/// [S0 "Partner tier structure"]: Platinum $500K+, Gold $100K-500K,
/// Silver $25K-100K, Inactive below $25K; lower bounds inclusive.
pub fn default_table() -> Vec<Tier> {
    let row = |name: &str, min: i64, benefits: &str| Tier {
        name: name.to_string(),
        min: Decimal::from(min),
        benefits: Some(benefits.to_string()),
    };
    vec![
        row("Inactive", 0, "No ongoing investment; consider termination"),
        row("Silver", 25_000, "Self-service resources, limited support"),
        row("Gold", 100_000, "Standard enablement, quarterly reviews"),
        row("Platinum", 500_000, "Dedicated resources, priority support"),
    ]
}

pub fn rows(table: &[Tier]) -> Vec<TierRow> {
    table
        .iter()
        .map(|t| TierRow {
            name: t.name.clone(),
            min: crate::money::plain(t.min),
            benefits: t.benefits.clone(),
        })
        .collect()
}

/// Reads and validates a tier table: a list of `{name, min, benefits?}` in
/// any order. Returned sorted by `min`, lowest first.
pub fn parse_table(value: &Value, path: &str) -> Result<Vec<Tier>> {
    let items = match value {
        Value::Array(items) if items.is_empty() => {
            return Err(Error::new(
                ErrorCode::NoBaseTier,
                path,
                "a tier table needs a tier starting at 0",
            ))
        }
        Value::Array(items) if items.len() > MAX_TIERS => {
            return Err(Error::new(
                ErrorCode::LimitExceeded,
                path,
                format!("{} tiers; the limit is {MAX_TIERS}", items.len()),
            ))
        }
        Value::Array(items) => items,
        other => {
            return Err(Error::new(
                ErrorCode::InvalidType,
                path,
                format!(
                    "expected a list of {{name, min, benefits}}, got {}",
                    other.type_name()
                ),
            ))
        }
    };
    let mut table: Vec<Tier> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = index(path, i);
        let mut o = Obj::new(item, &p)?;
        let name = o.string("name")?.trim().to_string();
        let min = o.decimal("min", Check::NonNegative)?;
        let benefits = o.opt_string("benefits")?.map(str::to_string);
        o.finish()?;
        if table.iter().any(|t| t.name.eq_ignore_ascii_case(&name)) {
            return Err(Error::new(
                ErrorCode::DuplicateId,
                join(&p, "name"),
                format!("tier name {} is used twice", crate::error::quote(&name)),
            ));
        }
        if table.iter().any(|t| t.min == min) {
            return Err(Error::new(
                ErrorCode::DuplicateId,
                join(&p, "min"),
                format!("two tiers start at {min}"),
            ));
        }
        table.push(Tier {
            name,
            min,
            benefits,
        });
    }
    crate::sort::small_by(&mut table, |a, b| a.min < b.min);
    if table.first().map(|t| t.min.is_zero()) != Some(true) {
        return Err(Error::new(
            ErrorCode::NoBaseTier,
            path,
            "no tier starts at 0, so low revenue would have no tier",
        ));
    }
    Ok(table)
}

/// The highest tier whose lower bound ≤ revenue, and the gap to the next.
pub fn assign(revenue: Decimal, table: &[Tier], currency: Currency) -> Result<TierResult> {
    let pos = table
        .iter()
        .rposition(|t| t.min <= revenue)
        .ok_or_else(|| {
            Error::new(
                ErrorCode::NoBaseTier,
                "table",
                "no tier covers this revenue",
            )
        })?;
    let tier = table
        .get(pos)
        .ok_or_else(|| Error::new(ErrorCode::Internal, "", "tier index out of range"))?;
    let next = table.get(pos.saturating_add(1));
    // Exact, rounded once (src/money.rs `num`): a 28-digit revenue below a
    // bound would otherwise lose its last places in the subtraction.
    let gap = match next {
        Some(t) => Some(num::sub(&t.min.into(), &revenue.into()).money(currency)?),
        None => None,
    };
    Ok(TierResult {
        tier: tier.name.clone(),
        benefits: tier.benefits.clone(),
        next_tier: next.map(|t| t.name.clone()),
        amount_to_next_tier: gap,
        currency: currency.code().to_string(),
    })
}

/// Entry point: revenue (number or decimal string), optional table, optional currency.
pub fn assign_tier(
    revenue: &Value,
    table: Option<&Value>,
    currency: Option<&Value>,
) -> Result<TierResult> {
    let revenue = check_decimal(
        decimal_from_value(revenue, "annualPartnerRevenue")?,
        Check::NonNegative,
        "annualPartnerRevenue",
    )?;
    let currency = match currency.filter(|c| !c.is_blank()) {
        None => Currency::USD,
        Some(Value::String(s)) => Currency::parse(s, "currency")?,
        Some(other) => {
            return Err(Error::new(
                ErrorCode::InvalidType,
                "currency",
                format!("expected a currency code, got {}", other.type_name()),
            ))
        }
    };
    match table.filter(|t| !matches!(t, Value::Null)) {
        None => assign(revenue, &default_table(), currency),
        Some(t) => assign(revenue, &parse_table(t, "table")?, currency),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(n: f64) -> String {
        assign_tier(&Value::Number(n), None, None).unwrap().tier
    }

    #[test]
    fn seed_boundaries_are_inclusive() {
        assert_eq!(tier(0.0), "Inactive");
        assert_eq!(tier(24_999.99), "Inactive");
        assert_eq!(tier(25_000.0), "Silver");
        assert_eq!(tier(100_000.0), "Gold");
        assert_eq!(tier(499_999.99), "Gold");
        assert_eq!(tier(500_000.0), "Platinum");
        let r = assign_tier(&Value::String("60000".into()), None, None).unwrap();
        assert_eq!(r.amount_to_next_tier.as_deref(), Some("40000.00"));
        assert_eq!(r.next_tier.as_deref(), Some("Gold"));
        let top = assign_tier(&Value::Number(9e6), None, None).unwrap();
        assert_eq!((top.next_tier, top.amount_to_next_tier), (None, None));
    }

    #[test]
    fn custom_tables_are_checked() {
        let t = |json: &str| {
            let v = crate::value::parse_json(json, "").unwrap();
            assign_tier(&Value::Number(10.0), Some(&v), None).map_err(|e| (e.code, e.path))
        };
        assert_eq!(
            t(r#"[{"name":"B","min":5},{"name":"A","min":0}]"#)
                .unwrap()
                .tier,
            "B"
        );
        assert_eq!(
            t(r#"[{"name":"A","min":5}]"#).unwrap_err().0,
            ErrorCode::NoBaseTier
        );
        assert_eq!(
            t(r#"[{"name":"A","min":0},{"name":"a","min":5}]"#).unwrap_err(),
            (ErrorCode::DuplicateId, "table[1].name".into())
        );
        assert_eq!(
            t(r#"[{"name":"A","min":0},{"name":"B","min":0}]"#).unwrap_err(),
            (ErrorCode::DuplicateId, "table[1].min".into())
        );
        assert_eq!(
            t(r#"[{"name":"A","min":-1}]"#).unwrap_err(),
            (ErrorCode::NegativeAmount, "table[0].min".into())
        );
    }
}
