//! Account mapping (docs/design.md §3.6, [S2] step 3): the overlap of our
//! account list and a partner's, by normalised domain (names as a
//! fallback), and a private mode that compares keyed hashes instead of raw
//! lists. The counting rules are in `www/analytics/README.md`.

use crate::analytics::opt_text;
use crate::error::{index, join, Error, ErrorCode, Result};
use crate::input::{as_str, Obj};
use crate::money::ratio;
use crate::value::Value;
use hmac::{Hmac, Mac};
use rust_decimal::Decimal;
use serde::Serialize;
use sha2::Sha256;
use std::collections::HashMap;

/// Most accounts one list may hold.
pub const MAX_ACCOUNTS: usize = 1_000_000;

/// Legal-form words dropped from the end of a company name (and "the" from
/// its start), so "Acme, Inc." and "ACME Ltd" both read "acme".
const SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "llc",
    "llp",
    "lp",
    "ltd",
    "limited",
    "gmbh",
    "mbh",
    "ag",
    "kg",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "pty",
    "pte",
    "oy",
    "ab",
    "as",
    "aps",
    "kk",
];

/// An account's status on one side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Customer,
    Prospect,
    Opportunity,
}

impl Status {
    /// The order of the matrix rows and columns.
    pub const ALL: [Status; 3] = [Status::Customer, Status::Prospect, Status::Opportunity];

    /// How far along an account is; a key listed twice keeps the further one.
    fn rank(self) -> u8 {
        match self {
            Status::Prospect => 0,
            Status::Opportunity => 1,
            Status::Customer => 2,
        }
    }

    fn parse(v: &Value, path: &str) -> Result<Status> {
        let text = as_str(v, path)?;
        match text.trim().to_ascii_lowercase().as_str() {
            "customer" => Ok(Status::Customer),
            "prospect" => Ok(Status::Prospect),
            "opportunity" => Ok(Status::Opportunity),
            _ => Err(Error::new(
                ErrorCode::UnknownStatus,
                path,
                format!(
                    "{text:?} is not an account status; statuses: customer, prospect, opportunity"
                ),
            )),
        }
    }
}

/// What accounts are matched on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchBy {
    /// The domain when an account has one, else its name.
    Auto,
    Domain,
    Name,
}

fn match_by(v: Option<&Value>, path: &str) -> Result<MatchBy> {
    let Some(v) = v.filter(|v| !v.is_blank()) else {
        return Ok(MatchBy::Auto);
    };
    let text = as_str(v, path)?;
    match text.trim().to_ascii_lowercase().as_str() {
        "auto" => Ok(MatchBy::Auto),
        "domain" => Ok(MatchBy::Domain),
        "name" => Ok(MatchBy::Name),
        _ => Err(Error::new(
            ErrorCode::OutOfRange,
            path,
            format!("{text:?} is not a way to match; use auto, domain or name"),
        )),
    }
}

/// Normalises a domain, a URL or an e-mail address to a bare host:
/// lowercase; no scheme, user, port, path, query or fragment; no leading
/// `www.` and no leading or trailing dots. `None` when nothing is left.
/// Applying it twice changes nothing.
pub fn normalize_domain(text: &str) -> Option<String> {
    let mut s = crate::profile::fold(text);
    if let Some(at) = s.find("://") {
        s = s.get(at.saturating_add(3)..).unwrap_or("").to_string();
    }
    let s = s.trim_start_matches('/');
    let host_end = s.find(['/', '?', '#']).unwrap_or(s.len());
    let mut host = s.get(..host_end).unwrap_or("");
    if let Some(at) = host.rfind('@') {
        host = host.get(at.saturating_add(1)..).unwrap_or("");
    }
    if let Some(colon) = host.find(':') {
        host = host.get(..colon).unwrap_or("");
    }
    let mut host = host.trim();
    loop {
        let before = host.len();
        // Dots and spaces at either end, together: `a .` is `a`, as the
        // folded text of `a ` would be on a second pass.
        host = host.trim_matches(|c: char| c == '.' || c.is_whitespace());
        if let Some(rest) = host.strip_prefix("www.") {
            host = rest;
        }
        if host == "www" {
            host = "";
        }
        if host.len() == before {
            break;
        }
    }
    (!host.is_empty()).then(|| host.to_string())
}

/// Normalises a company name: lowercase, `&` as "and", punctuation as
/// spaces, single spaces, legal-form suffixes (Inc, LLC, Ltd, GmbH...) and
/// a leading "the" dropped, while a word remains. `None` when nothing is
/// left. Applying it twice changes nothing.
pub fn normalize_name(text: &str) -> Option<String> {
    let lower = crate::profile::lowercase(text).replace('&', " and ");
    let cleaned: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    while words.len() > 1 && words.last().is_some_and(|w| SUFFIXES.contains(w)) {
        words.pop();
    }
    if words.len() > 1 && words.first() == Some(&"the") {
        words.remove(0);
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// How an entry was matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    Domain,
    Name,
    Hash,
}

/// One distinct account of a list.
#[derive(Clone, Debug)]
struct Account {
    by: By,
    status: Status,
    /// The domain or name as first given (None for hashed lists).
    label: Option<String>,
}

/// The matching key of a plain account: `domain:acme.com` or `name:acme`.
fn plain_key(
    domain: Option<&str>,
    name: Option<&str>,
    by: MatchBy,
    path: &str,
) -> Result<(String, By, Option<String>)> {
    if by != MatchBy::Name {
        if let Some(d) = domain {
            if let Some(k) = normalize_domain(d) {
                if k.chars().any(char::is_whitespace) {
                    return Err(Error::new(
                        ErrorCode::InvalidType,
                        join(path, "domain"),
                        format!("{d:?} is not a domain (it has a space in it)"),
                    ));
                }
                return Ok((
                    format!("domain:{k}"),
                    By::Domain,
                    Some(d.trim().to_string()),
                ));
            }
        }
    }
    if by != MatchBy::Domain {
        if let Some(n) = name {
            if let Some(k) = normalize_name(n) {
                return Ok((format!("name:{k}"), By::Name, Some(n.trim().to_string())));
            }
        }
    }
    let (at, what) = match by {
        MatchBy::Domain => (join(path, "domain"), "matching by domain needs a domain"),
        MatchBy::Name => (join(path, "name"), "matching by name needs a name"),
        MatchBy::Auto => (path.to_string(), "an account needs a domain or a name"),
    };
    Err(Error::new(ErrorCode::MissingField, at, what))
}

fn hashed_key(text: &str, path: &str) -> Result<String> {
    let text = text.trim().to_ascii_lowercase();
    if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::new(
            ErrorCode::InvalidType,
            join(path, "hash"),
            "a hash is 64 hexadecimal digits, as hashAccounts gives",
        ));
    }
    Ok(text)
}

/// A list read and merged by key: plain (`domain`/`name`) or hashed (`hash`).
struct List {
    hashed: bool,
    accounts: HashMap<String, Account>,
}

fn items<'v>(v: &'v Value, path: &str) -> Result<&'v [Value]> {
    match v {
        Value::Array(items) if items.len() > MAX_ACCOUNTS => Err(Error::new(
            ErrorCode::LimitExceeded,
            path,
            format!(
                "{} accounts; the limit is {MAX_ACCOUNTS} per list",
                items.len()
            ),
        )),
        Value::Array(items) => Ok(items),
        Value::Null => Err(Error::new(
            ErrorCode::MissingField,
            path,
            "a list of accounts is required",
        )),
        other => Err(Error::new(
            ErrorCode::InvalidType,
            path,
            format!("expected a list of accounts, got {}", other.type_name()),
        )),
    }
}

fn read_list(v: &Value, path: &str, by: MatchBy, hashed_allowed: bool) -> Result<List> {
    let items = items(v, path)?;
    let mut list = List {
        hashed: false,
        accounts: HashMap::with_capacity(items.len()),
    };
    for (i, item) in items.iter().enumerate() {
        let p = index(path, i);
        let mut o = Obj::new(item, &p)?;
        let is_hashed = hashed_allowed && item.get("hash").is_some_and(|h| !h.is_blank());
        if i == 0 {
            list.hashed = is_hashed;
        } else if is_hashed != list.hashed {
            return Err(Error::new(
                ErrorCode::Conflict,
                p,
                "a list is either all plain accounts or all hashes",
            ));
        }
        // Every field is read before anything is checked, so a typo is
        // reported as such rather than as a missing field; paths are built
        // only on error.
        let status_v = o.get_nonblank("status");
        let domain = opt_text(&mut o, "domain")?;
        let name = opt_text(&mut o, "name")?;
        let hash = if hashed_allowed {
            opt_text(&mut o, "hash")?
        } else {
            None
        };
        o.finish()?;
        let (key, how, label) = match hash {
            Some(h) => {
                if domain.is_some() || name.is_some() {
                    return Err(Error::new(
                        ErrorCode::Conflict,
                        p,
                        "a hashed account has only a hash and a status",
                    ));
                }
                (hashed_key(h, &p)?, By::Hash, None)
            }
            None => plain_key(domain, name, by, &p)?,
        };
        let status = match status_v {
            None => {
                return Err(Error::new(
                    ErrorCode::MissingField,
                    join(&p, "status"),
                    "status is required",
                ))
            }
            Some(v) => Status::parse(v, "").map_err(|e| Error {
                path: join(&p, "status"),
                ..e
            })?,
        };
        list.accounts
            .entry(key)
            .and_modify(|a| {
                if status.rank() > a.status.rank() {
                    a.status = status;
                }
            })
            .or_insert(Account {
                by: how,
                status,
                label,
            });
    }
    Ok(list)
}

fn strip(key: &str) -> &str {
    key.split_once(':').map_or(key, |(_, k)| k)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatrixCell {
    pub ours: Status,
    pub theirs: Status,
    pub count: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SharedAccount {
    /// The normalised domain or name, or the hash.
    pub key: String,
    pub by: By,
    pub ours: Status,
    pub theirs: Status,
    /// Our domain or name as given; null for hashed lists.
    pub label: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CoSellAccount {
    pub key: String,
    pub by: By,
    pub ours: Status,
    pub label: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountOverlap {
    pub matrix: Vec<MatrixCell>,
    pub shared: Vec<SharedAccount>,
    pub co_sell: Vec<CoSellAccount>,
    pub customer_overlap_pct: Option<String>,
    pub our_accounts: usize,
    pub their_accounts: usize,
    pub shared_accounts: usize,
    pub their_customers: usize,
    pub their_customers_shared: usize,
}

/// `accountOverlap({ours, theirs, matchBy?})`.
pub fn account_overlap(input: &Value) -> Result<AccountOverlap> {
    let mut o = Obj::new(input, "")?;
    let by = match_by(o.get("matchBy"), "matchBy")?;
    let ours_v = o.get("ours").unwrap_or(&Value::Null);
    let theirs_v = o.get("theirs").unwrap_or(&Value::Null);
    o.finish()?;
    let ours = read_list(ours_v, "ours", by, true)?;
    let theirs = read_list(theirs_v, "theirs", by, true)?;
    let either_empty = ours.accounts.is_empty() || theirs.accounts.is_empty();
    if ours.hashed != theirs.hashed && !either_empty {
        return Err(Error::new(
            ErrorCode::Conflict,
            "theirs",
            "compare plain lists with plain lists and hashes with hashes (hash both with hashAccounts and the same secret)",
        ));
    }
    let mut counts = [[0usize; 3]; 3];
    let mut shared: Vec<(&String, &Account, Status)> = Vec::new();
    for (key, a) in &ours.accounts {
        if let Some(t) = theirs.accounts.get(key) {
            shared.push((key, a, t.status));
        }
    }
    shared.sort_by(|x, y| x.0.cmp(y.0));
    let pos = |s: Status| Status::ALL.iter().position(|x| *x == s).unwrap_or(0);
    for (_, a, t) in &shared {
        if let Some(cell) = counts
            .get_mut(pos(a.status))
            .and_then(|row| row.get_mut(pos(*t)))
        {
            *cell = cell.saturating_add(1);
        }
    }
    let mut matrix = Vec::with_capacity(9);
    for (i, o) in Status::ALL.iter().enumerate() {
        for (j, t) in Status::ALL.iter().enumerate() {
            let count = counts.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0);
            matrix.push(MatrixCell {
                ours: *o,
                theirs: *t,
                count,
            });
        }
    }
    let their_customers = theirs
        .accounts
        .values()
        .filter(|a| a.status == Status::Customer)
        .count();
    let their_customers_shared = shared
        .iter()
        .filter(|(_, _, t)| *t == Status::Customer)
        .count();
    let pct = if their_customers == 0 {
        None
    } else {
        Decimal::from(their_customers_shared)
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|n| n.checked_div(Decimal::from(their_customers)))
            .map(ratio)
    };
    let co_sell = shared
        .iter()
        .filter(|(_, a, t)| *t == Status::Customer && a.status != Status::Customer)
        .map(|(k, a, _)| CoSellAccount {
            key: strip(k).to_string(),
            by: a.by,
            ours: a.status,
            label: a.label.clone(),
        })
        .collect();
    Ok(AccountOverlap {
        matrix,
        shared_accounts: shared.len(),
        shared: shared
            .iter()
            .map(|(k, a, t)| SharedAccount {
                key: if a.by == By::Hash {
                    (*k).clone()
                } else {
                    strip(k).to_string()
                },
                by: a.by,
                ours: a.status,
                theirs: *t,
                label: a.label.clone(),
            })
            .collect(),
        co_sell,
        customer_overlap_pct: pct,
        our_accounts: ours.accounts.len(),
        their_accounts: theirs.accounts.len(),
        their_customers,
        their_customers_shared,
    })
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HashedAccount {
    pub hash: String,
    pub status: Status,
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len().saturating_mul(2));
    for b in bytes {
        for nibble in [b >> 4, b & 0x0f] {
            if let Some(&d) = DIGITS.get(usize::from(nibble)) {
                out.push(char::from(d));
            }
        }
    }
    out
}

/// `hashAccounts(list, secret, matchBy?)`: HMAC-SHA256 of each account's
/// normalised key (`domain:acme.com` or `name:acme`) under `secret`, as
/// hex, one per distinct key (its most advanced status), sorted by hash so
/// the order of the list does not leak.
pub fn hash_accounts(list: &Value, secret: &Value, by: &Value) -> Result<Vec<HashedAccount>> {
    let by = match_by(Some(by), "matchBy")?;
    let secret = match secret {
        v if v.is_blank() => {
            return Err(Error::new(
                ErrorCode::MissingField,
                "secret",
                "a shared secret is required (both sides must use the same one)",
            ))
        }
        v => as_str(v, "secret")?,
    };
    let list = read_list(list, "list", by, false)?;
    let mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .map_err(|e| Error::new(ErrorCode::Internal, "secret", e.to_string()))?;
    let mut out: Vec<HashedAccount> = list
        .accounts
        .iter()
        .map(|(key, a)| {
            let mut m = mac.clone();
            m.update(key.as_bytes());
            HashedAccount {
                hash: hex(&m.finalize().into_bytes()),
                status: a.status,
            }
        })
        .collect();
    out.sort_by(|a, b| a.hash.cmp(&b.hash));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::parse_json;

    #[test]
    fn domains() {
        for (raw, want) in [
            ("HTTPS://WWW.Acme.com:8443/path?q=1#x", "acme.com"),
            ("acme.com.", "acme.com"),
            ("www.www.acme.com", "acme.com"),
            ("bob@acme.co.uk", "acme.co.uk"),
            ("//cdn.acme.io/x", "cdn.acme.io"),
            ("  acme.com  ", "acme.com"),
            // A space left by the trailing dot (found by the idempotence
            // property in tests/analytics.rs).
            ("A .", "a"),
            ("acme.com . ", "acme.com"),
        ] {
            assert_eq!(normalize_domain(raw).as_deref(), Some(want), "{raw}");
        }
        assert_eq!(normalize_domain("https://"), None);
        assert_eq!(normalize_domain("www."), None);
    }

    #[test]
    fn names() {
        for (raw, want) in [
            ("Acme, Inc.", "acme"),
            ("ACME LTD", "acme"),
            ("Müller GmbH", "müller"),
            ("Smith & Sons Co. Ltd", "smith and sons"),
            ("The Widget Company", "widget"),
            ("Inc", "inc"),
        ] {
            assert_eq!(normalize_name(raw).as_deref(), Some(want), "{raw}");
        }
    }

    #[test]
    fn hmac_known_vector() {
        // RFC 4231 test case 2.
        let mut m = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap();
        m.update(b"what do ya want for nothing?");
        assert_eq!(
            hex(&m.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn overlap_and_private_mode() {
        let input = parse_json(
            r#"{"ours": [{"domain": "acme.com", "status": "prospect"},
                         {"name": "Beta LLC", "status": "customer"}],
                "theirs": [{"domain": "https://www.acme.com/", "status": "customer"},
                           {"name": "beta", "status": "prospect"},
                           {"domain": "gamma.io", "status": "customer"}]}"#,
            "",
        )
        .unwrap();
        let r = account_overlap(&input).unwrap();
        assert_eq!(r.shared_accounts, 2);
        assert_eq!(r.co_sell.len(), 1);
        assert_eq!(r.customer_overlap_pct.as_deref(), Some("50"));
    }
}
