//! Programme analytics (docs/design.md §3.5, [S0] "Measuring"): programme
//! metrics as of a date, per-partner scorecards and each partner's tier on
//! its trailing-12-month revenue. The counting rules are written down in
//! `www/analytics/README.md`; the short form:
//!
//! - the window is the 365 days up to `asOf`, both edges inclusive:
//!   `[asOf − 365 days, asOf]`; the trailing quarter is `[asOf − 90, asOf]`;
//! - a won deal counts as revenue on its `closedAt`, once (deal ids are
//!   unique); partner revenue is partner-sourced + co-sold + partner-closed;
//! - the data is read as it stood on `asOf`: a deal registered later does
//!   not exist yet, a deal closed later was still open, a partner signed
//!   later is not in the programme yet.

use crate::dates::Day;
use crate::economics::STAGES;
use crate::error::{index, join, Error, ErrorCode, Result};
use crate::input::{check_decimal, decimal_from_value, Check, Obj};
use crate::money::exact::{add, div, mul};
use crate::money::{ratio, share_verdict, Currency};
use crate::tiers::{self, Tier};
use crate::value::Value;
use rust_decimal::Decimal;
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::{HashMap, HashSet};

/// Most partners one call may hold.
pub const MAX_PARTNERS: usize = 100_000;
/// Most deals one call may hold.
pub const MAX_DEALS: usize = 1_000_000;
/// The trailing-12-month window, in days before `asOf`.
pub const WINDOW_DAYS: i64 = 365;
/// The trailing quarter of the deal-registration rate, in days before `asOf`.
pub const QUARTER_DAYS: i64 = 90;
/// [S0 "Measuring"] time to first deal: target under 90 days.
pub const FIRST_DEAL_TARGET_DAYS: i64 = 90;
fn share(part: usize, whole: usize) -> Option<String> {
    if whole == 0 {
        return None;
    }
    Decimal::from(part)
        .checked_div(Decimal::from(whole))
        .map(ratio)
}

/// A map serialised in insertion order (partner input order).
#[derive(Clone, Debug, PartialEq)]
pub struct Keyed<T>(pub Vec<(String, T)>);

impl<T: Serialize> Serialize for Keyed<T> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    PartnerSourced,
    CoSold,
    PartnerClosed,
    Direct,
}

impl Source {
    fn parse(text: &str, path: &str) -> Result<Source> {
        match text.trim().to_ascii_lowercase().as_str() {
            "partner-sourced" => Ok(Source::PartnerSourced),
            "co-sold" => Ok(Source::CoSold),
            "partner-closed" => Ok(Source::PartnerClosed),
            "direct" => Ok(Source::Direct),
            _ => Err(Error::new(
                ErrorCode::UnknownSource,
                path,
                format!("{text:?} is not a deal source; sources: partner-sourced, co-sold, partner-closed, direct"),
            )),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Open,
    Won,
    Lost,
}

impl Status {
    fn parse(text: &str, path: &str) -> Result<Status> {
        match text.trim().to_ascii_lowercase().as_str() {
            "open" => Ok(Status::Open),
            "won" => Ok(Status::Won),
            "lost" => Ok(Status::Lost),
            _ => Err(Error::new(
                ErrorCode::UnknownStatus,
                path,
                format!("{text:?} is not a deal status; statuses: open, won, lost"),
            )),
        }
    }
}

#[derive(Clone, Debug)]
struct Partner {
    id: String,
    name: String,
    signed: Day,
}

#[derive(Clone, Debug)]
struct Deal {
    partner: Option<usize>,
    source: Source,
    /// In the reporting currency, unrounded.
    amount: Decimal,
    status: Status,
    registered: Option<Day>,
    closed: Option<Day>,
    /// The commission rate of its registration stage.
    rate: Decimal,
}

/// An exchange rate used, named in the output.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Conversion {
    pub currency: String,
    /// Units of the reporting currency per unit of `currency`, exactly as given.
    pub rate: String,
    pub deals: usize,
}

struct Programme {
    as_of: Day,
    currency: Currency,
    table: Vec<Tier>,
    partners: Vec<Partner>,
    deals: Vec<Deal>,
    conversions: Vec<Conversion>,
}

/// An id as text: ids may arrive as text or whole numbers (spreadsheets).
fn id_text(v: &Value, path: &str) -> Result<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        Value::Number(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 9.0e15 => {
            Ok(format!("{n}"))
        }
        other if other.is_blank() => Err(Error::new(
            ErrorCode::MissingField,
            path,
            "an id is required",
        )),
        other => Err(Error::new(
            ErrorCode::InvalidType,
            path,
            format!(
                "expected an id (text or a whole number), got {}",
                other.type_name()
            ),
        )),
    }
}

fn list<'v>(v: Option<&'v Value>, path: &str, limit: usize, what: &str) -> Result<&'v [Value]> {
    match v {
        None => Err(Error::new(
            ErrorCode::MissingField,
            path,
            format!("a list of {what} is required (it may be empty)"),
        )),
        Some(Value::Array(items)) if items.len() > limit => Err(Error::new(
            ErrorCode::LimitExceeded,
            path,
            format!("{} {what}; the limit is {limit}", items.len()),
        )),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(Error::new(
            ErrorCode::InvalidType,
            path,
            format!("expected a list of {what}, got {}", other.type_name()),
        )),
    }
}

// Paths are built only when something is wrong: with 100,000 deals, eager
// path strings were most of the reading time.
/// Optional text, the path built only on error (Obj's own readers build
/// it for every field read).
pub(crate) fn opt_text<'a>(o: &mut Obj<'a>, key: &'static str) -> Result<Option<&'a str>> {
    match o.get_nonblank(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(other) => Err(Error::new(
            ErrorCode::InvalidType,
            o.at(key),
            format!("expected text, got {}", other.type_name()),
        )),
    }
}

fn text<'a>(o: &mut Obj<'a>, key: &'static str) -> Result<&'a str> {
    opt_text(o, key)?.ok_or_else(|| {
        Error::new(
            ErrorCode::MissingField,
            o.at(key),
            format!("{key} is required"),
        )
    })
}

fn amount(o: &mut Obj, key: &'static str) -> Result<Decimal> {
    let v = o.get_nonblank(key).ok_or_else(|| {
        Error::new(
            ErrorCode::MissingField,
            o.at(key),
            format!("{key} is required"),
        )
    })?;
    decimal_from_value(v, "")
        .and_then(|d| check_decimal(d, Check::NonNegative, ""))
        .map_err(|e| Error {
            path: o.at(key),
            ..e
        })
}

fn opt_day(o: &mut Obj, key: &'static str) -> Result<Option<Day>> {
    match opt_text(o, key)? {
        None => Ok(None),
        Some(t) => Day::parse(t, "").map(Some).map_err(|e| Error {
            path: o.at(key),
            ..e
        }),
    }
}

/// Reads and checks the whole input; nothing is computed from a partly
/// valid input.
fn item_has_currency(item: Option<&Value>) -> bool {
    matches!(item.and_then(|v| v.get("currency")), Some(Value::String(c)) if !c.trim().is_empty())
}

fn read(input: &Value) -> Result<Programme> {
    let mut o = Obj::new(input, "")?;
    let as_of = Day::parse(o.string("asOf")?, "asOf")?;
    let partners_v = o.get("partners");
    let deals_v = o.get("deals");
    let table = match o.get("tierTable") {
        None => tiers::default_table(),
        Some(t) => tiers::parse_table(t, "tierTable")?,
    };
    let mut rates: Vec<(&'static str, Decimal)> = STAGES.to_vec();
    if let Some(schedule) = o.get("commissionSchedule") {
        // A partial schedule overrides only the stages it names.
        let mut s = Obj::new(schedule, "commissionSchedule")?;
        for (name, rate) in rates.iter_mut() {
            if let Some(r) = s.opt_decimal(name, Check::Rate)? {
                *rate = r;
            }
        }
        s.finish()?;
    }
    let mut fx: Vec<(Currency, Decimal, String)> = Vec::new();
    if let Some(table) = o.get("fx") {
        let Value::Object(entries) = table else {
            return Err(Error::new(
                ErrorCode::InvalidType,
                "fx",
                format!(
                    "expected an object of currency code → rate to the reporting currency, got {}",
                    table.type_name()
                ),
            ));
        };
        let mut keys: Vec<&str> = Vec::with_capacity(entries.len());
        for (code, rate) in entries {
            let p = join("fx", code);
            let c = Currency::parse(code, &p)?;
            // `EUR` and `eur` are one currency: two rates for it would be
            // resolved one way here and another by a caller.
            if let Some(k) = keys
                .iter()
                .find(|k| k.trim().eq_ignore_ascii_case(code.trim()))
            {
                return Err(Error::new(
                    ErrorCode::DuplicateId,
                    p,
                    format!(
                        "fx gives {} twice ({k:?} and {code:?}); give one rate per currency",
                        c.code()
                    ),
                ));
            }
            keys.push(code);
            let r = check_decimal(decimal_from_value(rate, &p)?, Check::Positive, &p)?;
            fx.push((c, r, crate::money::plain(r)));
        }
    }
    let given_currency = match o.opt_string("currency")? {
        None => None,
        Some(code) => Some(Currency::parse(code, "currency")?),
    };
    o.finish()?;

    let partner_items = list(partners_v, "partners", MAX_PARTNERS, "partners")?;
    let deal_items = list(deals_v, "deals", MAX_DEALS, "deals")?;

    let mut partners = Vec::with_capacity(partner_items.len());
    let mut by_id: HashMap<String, usize> = HashMap::with_capacity(partner_items.len());
    for (i, item) in partner_items.iter().enumerate() {
        let p = index("partners", i);
        let mut po = Obj::new(item, &p)?;
        let id = id_text(po.get("id").unwrap_or(&Value::Null), &po.at("id"))?;
        let name = po.string("name")?.trim().to_string();
        po.string("type")?;
        let signed = Day::parse(po.string("signedAt")?, &po.at("signedAt"))?;
        po.opt_bool("certified")?;
        po.finish()?;
        if by_id.insert(id.clone(), i).is_some() {
            return Err(Error::new(
                ErrorCode::DuplicateId,
                join(&p, "id"),
                format!("partner id {id:?} is used twice"),
            ));
        }
        partners.push(Partner { id, name, signed });
    }

    // Each deal's currency: its own, else the programme's, else USD (the
    // documented default; a deal without a currency never takes another
    // deal's). The report is in the programme's currency, else in the one
    // currency every deal is in, else USD.
    let default_currency = given_currency.unwrap_or(Currency::USD);
    let mut first_in: Vec<(Currency, usize, String)> = Vec::new();
    for (i, item) in deal_items.iter().enumerate() {
        let c = match item.get("currency") {
            Some(Value::String(code)) if !code.trim().is_empty() => {
                // Unknown codes are reported with their path below.
                match Currency::parse(code, "") {
                    Ok(c) => c,
                    Err(_) => continue,
                }
            }
            _ => default_currency,
        };
        if !first_in.iter().any(|(k, _, _)| *k == c) {
            let id = match item.get("id") {
                Some(Value::String(t)) => t.trim().to_string(),
                Some(Value::Number(n)) => format!("{n}"),
                _ => String::new(),
            };
            first_in.push((c, i, id));
        }
    }
    let currency = match (given_currency, first_in.as_slice()) {
        (Some(c), _) => c,
        (None, [(only, _, _)]) => *only,
        _ => Currency::USD,
    };

    let mut deals = Vec::with_capacity(deal_items.len());
    let mut deal_ids: HashSet<String> = HashSet::with_capacity(deal_items.len());
    let mut used: Vec<Conversion> = Vec::new();
    for (i, item) in deal_items.iter().enumerate() {
        let p = index("deals", i);
        let mut d = Obj::new(item, &p)?;
        let id = id_text(d.get("id").unwrap_or(&Value::Null), "").map_err(|e| Error {
            path: d.at("id"),
            ..e
        })?;
        let partner_id = match d.get_nonblank("partnerId") {
            None => None,
            Some(v) => Some(id_text(v, "").map_err(|e| Error {
                path: d.at("partnerId"),
                ..e
            })?),
        };
        let source = Source::parse(text(&mut d, "source")?, "").map_err(|e| Error {
            path: d.at("source"),
            ..e
        })?;
        let amount = amount(&mut d, "amount")?;
        let deal_currency = match opt_text(&mut d, "currency")? {
            None => default_currency,
            Some(code) => Currency::parse(code, "").map_err(|e| Error {
                path: d.at("currency"),
                ..e
            })?,
        };
        let status = Status::parse(text(&mut d, "status")?, "").map_err(|e| Error {
            path: d.at("status"),
            ..e
        })?;
        let registered = opt_day(&mut d, "registeredAt")?;
        let closed = opt_day(&mut d, "closedAt")?;
        let stage = opt_text(&mut d, "registrationStage")?;
        d.finish()?;

        if !deal_ids.insert(id.clone()) {
            return Err(Error::new(
                ErrorCode::DuplicateId,
                join(&p, "id"),
                format!("deal id {id:?} is used twice; a deal is counted once"),
            ));
        }
        let partner = match (&partner_id, source) {
            (Some(pid), Source::Direct) => {
                return Err(Error::new(
                    ErrorCode::Conflict,
                    join(&p, "partnerId"),
                    format!("a direct deal has no partner, but names {pid:?}; use partner-sourced, co-sold or partner-closed"),
                ))
            }
            (None, Source::Direct) => None,
            (None, _) => {
                return Err(Error::new(
                    ErrorCode::MissingField,
                    join(&p, "partnerId"),
                    "a partner deal needs the partner's id",
                ))
            }
            (Some(pid), _) => Some(*by_id.get(pid).ok_or_else(|| {
                Error::new(
                    ErrorCode::UnknownPartner,
                    join(&p, "partnerId"),
                    format!("no partner has the id {pid:?}"),
                )
            })?),
        };
        if status != Status::Open && closed.is_none() {
            return Err(Error::new(
                ErrorCode::MissingField,
                join(&p, "closedAt"),
                "a won or lost deal needs its close date",
            ));
        }
        if let (Status::Won | Status::Lost, Some(r), Some(c)) = (status, registered, closed) {
            if c < r {
                return Err(Error::new(
                    ErrorCode::DateOrder,
                    join(&p, "closedAt"),
                    format!(
                        "the deal closed on {} before it was registered on {}",
                        c.iso(),
                        r.iso()
                    ),
                ));
            }
        }
        let rate = match stage.map(str::trim) {
            None => rates.iter().find(|(s, _)| *s == "unregistered").map(|(_, r)| *r),
            Some(s) => rates.iter().find(|(name, _)| *name == s).map(|(_, r)| *r),
        }
        .ok_or_else(|| {
            Error::new(
                ErrorCode::UnknownStage,
                join(&p, "registrationStage"),
                format!(
                    "{:?} is not a stage; stages: before-contact, after-first-meeting, late-stage, unregistered",
                    stage.unwrap_or("")
                ),
            )
        })?;
        let amount = if deal_currency == currency {
            amount
        } else {
            let Some((_, r, text)) = fx.iter().find(|(c, _, _)| *c == deal_currency) else {
                // Name a deal of each currency: this one, and the first deal
                // in another (the report's currency when one is in it).
                let other = first_in
                    .iter()
                    .find(|(c, _, _)| *c == currency)
                    .or_else(|| first_in.iter().find(|(c, _, _)| *c != deal_currency));
                let named = |(c, at, id): &(Currency, usize, String)| {
                    let implied = if item_has_currency(deal_items.get(*at)) {
                        ""
                    } else {
                        ", no currency given"
                    };
                    format!("deal {id:?} (deals[{at}]) is in {}{implied}", c.code())
                };
                let this = named(&(deal_currency, i, id.clone()));
                let that = other.map(named).unwrap_or_default();
                return Err(Error::new(
                    ErrorCode::MixedCurrency,
                    join(&p, "currency"),
                    format!(
                        "{this} and {that}; the report is in {}: give fx: {{\"{}\": rate}} (or set currency), amounts in different currencies are never added",
                        currency.code(),
                        deal_currency.code()
                    ),
                ));
            };
            match used.iter_mut().find(|u| u.currency == deal_currency.code()) {
                Some(u) => u.deals = u.deals.saturating_add(1),
                None => used.push(Conversion {
                    currency: deal_currency.code().to_string(),
                    rate: text.clone(),
                    deals: 1,
                }),
            }
            mul(amount, *r)?
        };
        deals.push(Deal {
            partner,
            source,
            amount,
            status,
            registered,
            closed,
            rate,
        });
    }
    used.sort_by(|a, b| a.currency.cmp(&b.currency));
    Ok(Programme {
        as_of,
        currency,
        table,
        partners,
        deals,
        conversions: used,
    })
}

/// A deal as it stood on `asOf`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AsOf {
    /// Registered after `asOf`: not there yet.
    Absent,
    Open,
    Won(Day),
    Lost(Day),
}

fn state(d: &Deal, as_of: Day) -> AsOf {
    if d.registered.is_some_and(|r| r > as_of) {
        return AsOf::Absent;
    }
    match (d.status, d.closed) {
        (Status::Won, Some(c)) if c <= as_of => AsOf::Won(c),
        (Status::Lost, Some(c)) if c <= as_of => AsOf::Lost(c),
        _ => AsOf::Open,
    }
}

#[derive(Clone, Debug, Default)]
struct PartnerTotals {
    revenue: Decimal,
    won: usize,
    decided: usize,
    registered_in_window: usize,
    registered_in_quarter: bool,
    open_pipeline: Decimal,
    commission: Decimal,
    first_won: Option<Day>,
    /// Any deal of theirs is known on `asOf` (registered by then, or with
    /// no registration date), whatever its status or date.
    brought_deal: bool,
}

#[derive(Clone, Debug, Default)]
struct Side {
    won_sum: Decimal,
    won: usize,
    decided: usize,
}

struct Totals {
    from: Day,
    partner_revenue: Decimal,
    total_revenue: Decimal,
    by_source: [Decimal; 4],
    partner: Side,
    direct: Side,
    months: Vec<(String, Decimal, Decimal)>,
    per_partner: Vec<PartnerTotals>,
}

fn month_number(d: Day) -> i64 {
    let (y, m, _) = d.civil();
    y.saturating_mul(12)
        .saturating_add(i64::from(m))
        .saturating_sub(1)
}

fn tally(p: &Programme) -> Result<Totals> {
    let from = p.as_of.plus(-WINDOW_DAYS);
    let quarter_from = p.as_of.plus(-QUARTER_DAYS);
    let in_window = |d: Day| from <= d && d <= p.as_of;
    let first_month = month_number(from);
    let mut months = Vec::new();
    let mut m = from;
    while m <= p.as_of {
        months.push((m.month(), Decimal::ZERO, Decimal::ZERO));
        m = m.next_month_start();
    }
    let mut t = Totals {
        from,
        partner_revenue: Decimal::ZERO,
        total_revenue: Decimal::ZERO,
        by_source: [Decimal::ZERO; 4],
        partner: Side::default(),
        direct: Side::default(),
        months,
        per_partner: vec![PartnerTotals::default(); p.partners.len()],
    };
    for d in &p.deals {
        let st = state(d, p.as_of);
        if st == AsOf::Absent {
            continue;
        }
        let is_partner = d.source != Source::Direct;
        let mut pt = d.partner.and_then(|i| t.per_partner.get_mut(i));
        if let Some(pt) = pt.as_deref_mut() {
            pt.brought_deal = true;
        }
        if let (Some(pt), Some(r)) = (pt.as_deref_mut(), d.registered) {
            if in_window(r) {
                pt.registered_in_window = pt.registered_in_window.saturating_add(1);
            }
            if quarter_from <= r {
                pt.registered_in_quarter = true;
            }
        }
        match st {
            AsOf::Open => {
                if let Some(pt) = pt {
                    pt.open_pipeline = add(pt.open_pipeline, d.amount)?;
                }
            }
            AsOf::Won(c) | AsOf::Lost(c) => {
                let won = matches!(st, AsOf::Won(_));
                if let Some(pt) = pt.as_deref_mut() {
                    if won && pt.first_won.is_none_or(|f| c < f) {
                        pt.first_won = Some(c);
                    }
                }
                if !in_window(c) {
                    continue;
                }
                let side = if is_partner {
                    &mut t.partner
                } else {
                    &mut t.direct
                };
                side.decided = side.decided.saturating_add(1);
                if let Some(pt) = pt.as_deref_mut() {
                    pt.decided = pt.decided.saturating_add(1);
                }
                if !won {
                    continue;
                }
                side.won = side.won.saturating_add(1);
                side.won_sum = add(side.won_sum, d.amount)?;
                t.total_revenue = add(t.total_revenue, d.amount)?;
                let slot = match d.source {
                    Source::PartnerSourced => 0,
                    Source::CoSold => 1,
                    Source::PartnerClosed => 2,
                    Source::Direct => 3,
                };
                if let Some(s) = t.by_source.get_mut(slot) {
                    *s = add(*s, d.amount)?;
                }
                let month = usize::try_from(month_number(c).saturating_sub(first_month))
                    .unwrap_or(usize::MAX);
                if let Some(row) = t.months.get_mut(month) {
                    row.2 = add(row.2, d.amount)?;
                    if is_partner {
                        row.1 = add(row.1, d.amount)?;
                    }
                }
                if is_partner {
                    t.partner_revenue = add(t.partner_revenue, d.amount)?;
                }
                if let Some(pt) = pt {
                    pt.won = pt.won.saturating_add(1);
                    pt.revenue = add(pt.revenue, d.amount)?;
                    pt.commission = add(pt.commission, mul(d.amount, d.rate)?)?;
                }
            }
            AsOf::Absent => {}
        }
    }
    Ok(t)
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Window {
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RevenueBySource {
    pub partner_sourced: String,
    pub co_sold: String,
    pub partner_closed: String,
    pub direct: String,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct DealSize {
    pub partner: Option<String>,
    pub direct: Option<String>,
    pub ratio: Option<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct WinRate {
    pub partner: Option<String>,
    pub direct: Option<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeToFirstDeal {
    pub by_partner: Keyed<Option<i64>>,
    pub median_days: Option<f64>,
    pub share_under90_days: Option<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartnerTier {
    pub tier: String,
    pub revenue: String,
    pub next_tier: Option<String>,
    pub amount_to_next_tier: Option<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Month {
    pub month: String,
    pub partner_sourced: String,
    pub total: String,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgramMetrics {
    pub as_of: String,
    pub currency: String,
    pub window: Window,
    pub partner_sourced_revenue: String,
    pub total_revenue: String,
    pub partner_share: Option<String>,
    pub share_verdict: Option<&'static str>,
    pub revenue_by_source: RevenueBySource,
    pub recruited_partners: usize,
    pub active_partners: usize,
    pub revenue_per_active_partner: Option<String>,
    pub deal_registration_rate: Option<String>,
    pub average_deal_size: DealSize,
    pub win_rate: WinRate,
    pub time_to_first_deal: TimeToFirstDeal,
    /// [S2] activation: recruited partners who have ever brought a deal.
    pub activation_rate: Option<String>,
    /// Recruited partners with a won deal in the trailing 12 months.
    pub active_share_trailing12_months: Option<String>,
    pub tiers: Keyed<PartnerTier>,
    pub monthly: Vec<Month>,
    pub conversions: Vec<Conversion>,
}

fn mean(sum: Decimal, n: usize) -> Result<Option<Decimal>> {
    if n == 0 {
        Ok(None)
    } else {
        div(sum, Decimal::from(n)).map(Some)
    }
}

/// Partners in the programme on `asOf` (signed on or before it), with
/// their totals, in input order.
fn recruited<'p>(
    p: &'p Programme,
    t: &'p Totals,
) -> impl Iterator<Item = (&'p Partner, &'p PartnerTotals)> {
    p.partners
        .iter()
        .zip(&t.per_partner)
        .filter(move |(partner, _)| partner.signed <= p.as_of)
}

/// `programMetrics(input)`.
pub fn program_metrics(input: &Value) -> Result<ProgramMetrics> {
    let p = read(input)?;
    let t = tally(&p)?;
    let cur = p.currency;
    let money = |d: Decimal| cur.format(d);

    let share = if t.total_revenue.is_zero() {
        None
    } else {
        Some(div(t.partner_revenue, t.total_revenue)?)
    };
    let verdict = share.map(|s| share_verdict(&s.into()));

    let mut recruited_count: usize = 0;
    let mut active: usize = 0;
    let mut activated: usize = 0;
    let mut registering: usize = 0;
    let mut by_partner = Vec::new();
    let mut days: Vec<i64> = Vec::new();
    let mut under: usize = 0;
    let mut judged: usize = 0;
    let mut tiers_out = Vec::new();
    for (partner, pt) in recruited(&p, &t) {
        recruited_count = recruited_count.saturating_add(1);
        if pt.won > 0 {
            active = active.saturating_add(1);
        }
        if pt.brought_deal {
            activated = activated.saturating_add(1);
        }
        if pt.registered_in_quarter {
            registering = registering.saturating_add(1);
        }
        // A deal won before the partner signed counts as day 0.
        let first = pt.first_won.map(|f| f.since(partner.signed).max(0));
        match first {
            Some(n) => {
                days.push(n);
                judged = judged.saturating_add(1);
                if n < FIRST_DEAL_TARGET_DAYS {
                    under = under.saturating_add(1);
                }
            }
            // Still waiting, and already past the target.
            None if p.as_of.since(partner.signed) >= FIRST_DEAL_TARGET_DAYS => {
                judged = judged.saturating_add(1)
            }
            None => {}
        }
        by_partner.push((partner.id.clone(), first));
        let tier = tiers::assign(pt.revenue, &p.table, cur)?;
        tiers_out.push((
            partner.id.clone(),
            PartnerTier {
                tier: tier.tier,
                revenue: money(pt.revenue),
                next_tier: tier.next_tier,
                amount_to_next_tier: tier.amount_to_next_tier,
            },
        ));
    }
    days.sort_unstable();
    let median = match days.len() {
        0 => None,
        n if n % 2 == 1 => days.get(n / 2).map(|d| *d as f64),
        n => match (days.get((n / 2).saturating_sub(1)), days.get(n / 2)) {
            (Some(a), Some(b)) => Some(a.saturating_add(*b) as f64 / 2.0),
            _ => None,
        },
    };

    let partner_size = mean(t.partner.won_sum, t.partner.won)?;
    let direct_size = mean(t.direct.won_sum, t.direct.won)?;
    let size_ratio = match (partner_size, direct_size) {
        (Some(a), Some(b)) if !b.is_zero() => Some(ratio(div(a, b)?)),
        _ => None,
    };
    let per_active = if active == 0 {
        None
    } else {
        Some(money(div(t.partner_revenue, Decimal::from(active))?))
    };
    let [ps, cs, pc, dr] = t.by_source;
    Ok(ProgramMetrics {
        as_of: p.as_of.iso(),
        currency: cur.code().to_string(),
        window: Window {
            from: t.from.iso(),
            to: p.as_of.iso(),
        },
        partner_sourced_revenue: money(t.partner_revenue),
        total_revenue: money(t.total_revenue),
        partner_share: share.map(ratio),
        share_verdict: verdict,
        revenue_by_source: RevenueBySource {
            partner_sourced: money(ps),
            co_sold: money(cs),
            partner_closed: money(pc),
            direct: money(dr),
        },
        recruited_partners: recruited_count,
        active_partners: active,
        revenue_per_active_partner: per_active,
        deal_registration_rate: self::share(registering, recruited_count),
        average_deal_size: DealSize {
            partner: partner_size.map(money),
            direct: direct_size.map(money),
            ratio: size_ratio,
        },
        win_rate: WinRate {
            partner: self::share(t.partner.won, t.partner.decided),
            direct: self::share(t.direct.won, t.direct.decided),
        },
        time_to_first_deal: TimeToFirstDeal {
            by_partner: Keyed(by_partner),
            median_days: median,
            share_under90_days: self::share(under, judged),
        },
        activation_rate: self::share(activated, recruited_count),
        active_share_trailing12_months: self::share(active, recruited_count),
        tiers: Keyed(tiers_out),
        monthly: t
            .months
            .iter()
            .map(|(month, partner, total)| Month {
                month: month.clone(),
                partner_sourced: money(*partner),
                total: money(*total),
            })
            .collect(),
        conversions: p.conversions.clone(),
    })
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scorecard {
    pub partner_id: String,
    pub name: String,
    pub registered_deals: usize,
    pub open_pipeline: String,
    pub won_deals: usize,
    pub won_revenue: String,
    pub win_rate: Option<String>,
    pub commission_earned: String,
    pub tier: String,
    pub next_tier: Option<String>,
    pub amount_to_next_tier: Option<String>,
    pub currency: String,
}

/// `partnerScorecards(input)`: one scorecard per partner in the programme
/// on `asOf`, in input order.
pub fn partner_scorecards(input: &Value) -> Result<Vec<Scorecard>> {
    let p = read(input)?;
    let t = tally(&p)?;
    let cur = p.currency;
    recruited(&p, &t)
        .map(|(partner, pt)| {
            let tier = tiers::assign(pt.revenue, &p.table, cur)?;
            Ok(Scorecard {
                partner_id: partner.id.clone(),
                name: partner.name.clone(),
                registered_deals: pt.registered_in_window,
                open_pipeline: cur.format(pt.open_pipeline),
                won_deals: pt.won,
                won_revenue: cur.format(pt.revenue),
                win_rate: share(pt.won, pt.decided),
                commission_earned: cur.format(pt.commission),
                tier: tier.tier,
                next_tier: tier.next_tier,
                amount_to_next_tier: tier.amount_to_next_tier,
                currency: cur.code().to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::parse_json;

    fn metrics(json: &str) -> Result<ProgramMetrics> {
        program_metrics(&parse_json(json, "").unwrap())
    }

    #[test]
    fn window_edges_are_inclusive() {
        let m = metrics(
            r#"{"asOf": "2026-06-30", "partners": [{"id": "p", "name": "P", "type": "referral", "signedAt": "2025-01-01"}],
                "deals": [
                  {"id": 1, "partnerId": "p", "source": "partner-sourced", "amount": 100, "status": "won", "closedAt": "2025-06-30"},
                  {"id": 2, "partnerId": "p", "source": "co-sold", "amount": 10, "status": "won", "closedAt": "2025-06-29"},
                  {"id": 3, "source": "direct", "amount": 300, "status": "won", "closedAt": "2026-06-30"}]}"#,
        )
        .unwrap();
        assert_eq!(m.window.from, "2025-06-30");
        assert_eq!(m.partner_sourced_revenue, "100.00");
        assert_eq!(m.total_revenue, "400.00");
        assert_eq!(m.partner_share.as_deref(), Some("0.25"));
        assert_eq!(m.share_verdict, Some("within"));
        assert_eq!(m.monthly.len(), 13);
    }

    #[test]
    fn bad_input_names_the_field() {
        let e = metrics(r#"{"asOf": "2026-02-30", "partners": [], "deals": []}"#).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidDate, "asOf"));
        let e = metrics(
            r#"{"asOf": "2026-02-28", "partners": [], "deals": [{"id": 1, "partnerId": "x", "source": "co-sold", "amount": 1, "status": "open"}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::UnknownPartner, "deals[0].partnerId")
        );
    }
}
