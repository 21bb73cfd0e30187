//! The six built-in profiles, shipped as JSON data (src/profiles/) and
//! compiled once on first use. Each profile's id is its partner type.

use crate::error::{Error, ErrorCode, Result};
use crate::profile::{compile, Profile};
use crate::value::parse_json;
use std::sync::OnceLock;

/// Partner types in the order recommendations break ties: the four of
/// [S0 The Four Types], then services and alliance from [S2].
pub const PARTNER_TYPES: [&str; 6] = [
    "referral",
    "technology",
    "reseller",
    "strategic",
    "services",
    "alliance",
];

const SOURCES: [&str; 6] = [
    include_str!("profiles/referral.json"),
    include_str!("profiles/technology.json"),
    include_str!("profiles/reseller.json"),
    include_str!("profiles/strategic.json"),
    include_str!("profiles/services.json"),
    include_str!("profiles/alliance.json"),
];

/// Reads and compiles one built-in profile's JSON.
fn load_one(text: &str) -> std::result::Result<Profile, Error> {
    let value = parse_json(text, "")?;
    compile(&value).map_err(|errors| {
        let first = errors.into_iter().next();
        Error::new(
            ErrorCode::Internal,
            "",
            format!(
                "a built-in profile does not validate: {}",
                first.map(|e| e.to_string()).unwrap_or_default()
            ),
        )
    })
}

/// All built-in profiles, in [`PARTNER_TYPES`] order.
pub fn all() -> Result<&'static [Profile]> {
    static CACHE: OnceLock<std::result::Result<Vec<Profile>, Error>> = OnceLock::new();
    match CACHE.get_or_init(|| SOURCES.iter().map(|t| load_one(t)).collect()) {
        Ok(list) => Ok(list.as_slice()),
        Err(e) => Err(e.clone()),
    }
}

/// A built-in profile by id, or `unknown-profile` at `path`. Only that
/// profile is read and compiled (once), so a page's first score does not
/// wait for the other five.
pub fn by_id(id: &str, path: &str) -> Result<&'static Profile> {
    static ONE: [OnceLock<std::result::Result<Profile, Error>>; 6] = [const { OnceLock::new() }; 6];
    let found = PARTNER_TYPES
        .iter()
        .position(|t| *t == id)
        .and_then(|i| Some((ONE.get(i)?, SOURCES.get(i)?)));
    match found {
        Some((cell, text)) => match cell.get_or_init(|| load_one(text)) {
            Ok(p) => Ok(p),
            Err(e) => Err(e.clone()),
        },
        None => Err(Error::new(
            ErrorCode::UnknownProfile,
            path,
            format!(
                "{} is not a built-in profile; built in: {}",
                crate::error::quote(id),
                PARTNER_TYPES.join(", ")
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_compiles_and_cites_a_source() {
        let all = all().unwrap();
        assert_eq!(all.len(), 6);
        // by_id finds a profile by its place in PARTNER_TYPES.
        for (p, t) in all.iter().zip(PARTNER_TYPES) {
            assert_eq!(p.id, t);
            assert_eq!(by_id(t, "").unwrap(), p);
        }
        for (p, t) in all.iter().zip(PARTNER_TYPES) {
            assert_eq!(p.id, t);
            assert_eq!(p.partner_type, t);
            let criteria = p.source.get("criteria").unwrap();
            if let crate::value::Value::Array(items) = criteria {
                for c in items {
                    assert!(
                        matches!(c.get("source"), Some(crate::value::Value::String(s)) if s.contains('[') || s.contains("Must-have")),
                        "{t}: a criterion cites no source"
                    );
                }
            }
        }
        assert_eq!(
            by_id("nope", "p").unwrap_err().code,
            ErrorCode::UnknownProfile
        );
    }

    #[test]
    fn every_builtin_range_field_declares_its_domain() {
        use crate::profile::{Domain, Kind};
        for p in all().unwrap() {
            for c in &p.criteria {
                if !matches!(c.kind, Kind::Range { .. }) {
                    continue;
                }
                let want = if c.field.ends_with("Percent") {
                    Some((Some(0.0), Some(100.0)))
                } else if c.field.ends_with("Rate") {
                    Some((Some(0.0), Some(1.0)))
                } else {
                    None
                };
                let d: Domain = c
                    .domain
                    .unwrap_or_else(|| panic!("{}.{} has no domain", p.id, c.field));
                assert_eq!(
                    d.min,
                    Some(0.0),
                    "{}.{}: nothing here is negative",
                    p.id,
                    c.field
                );
                if let Some(w) = want {
                    assert_eq!((d.min, d.max), w, "{}.{}", p.id, c.field);
                }
            }
        }
    }
}
