//! The one error type of the core. Every failure carries a stable `code`
//! (kebab-case, documented in the README) and the `path` of the field at
//! fault, so a CRM panel or a spreadsheet cell can point at it.

use std::fmt;

/// Stable error codes. The string forms are part of the public API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// Text that should be JSON is not.
    InvalidJson,
    /// A value of the wrong type (text where a number belongs, say).
    InvalidType,
    /// A required field is absent, null or blank.
    MissingField,
    /// A field the function does not know (usually a typo).
    UnknownField,
    /// NaN or an infinity.
    NotFinite,
    /// Text that is not a decimal number.
    InvalidNumber,
    /// More significant digits than exact decimal arithmetic keeps (28).
    TooManyDigits,
    /// A negative amount of money or count.
    NegativeAmount,
    /// A number outside its allowed range (rates outside 0-1, zero hours...).
    OutOfRange,
    /// Two fields that cannot be given together, or a field that does not apply.
    Conflict,
    /// An arithmetic result beyond the decimal range.
    Overflow,
    /// A deal-registration stage that is not in the schedule.
    UnknownStage,
    /// A rep-compensation motion that is not known.
    UnknownMotion,
    /// A profile id that is not built in.
    UnknownProfile,
    /// A currency code that is not ISO 4217.
    UnknownCurrency,
    /// A criterion kind that is not range, category, flag or tags.
    UnknownKind,
    /// A profile with no criteria.
    EmptyProfile,
    /// A range curve whose x values do not strictly increase.
    CurveNotIncreasing,
    /// Two criteria, bands or tiers with the same id, label, name or threshold.
    DuplicateId,
    /// A tier table with no tier starting at 0.
    NoBaseTier,
    /// An input beyond a documented size limit.
    LimitExceeded,
    /// A bug: the module hit a state it should never reach.
    Internal,
    /// Text that is not a real calendar day in the form YYYY-MM-DD.
    InvalidDate,
    /// Two dates in the wrong order (a deal closed before it was registered).
    DateOrder,
    /// A deal names a partner id that is not in the partner list.
    UnknownPartner,
    /// A deal or account status that is not known.
    UnknownStatus,
    /// A deal source other than partner-sourced, co-sold, partner-closed or direct.
    UnknownSource,
    /// Amounts in different currencies without a rate to the reporting currency.
    MixedCurrency,
    /// Two lists that must pair up item by item have different lengths.
    LengthMismatch,
    /// Outcomes that are all true or all false.
    OneClass,
    /// Fewer outcomes of one class than a fit needs.
    TooFewOutcomes,
}

impl ErrorCode {
    /// Every code, for documentation and `errorCodes()`.
    pub const ALL: [ErrorCode; 31] = [
        ErrorCode::InvalidJson,
        ErrorCode::InvalidType,
        ErrorCode::MissingField,
        ErrorCode::UnknownField,
        ErrorCode::NotFinite,
        ErrorCode::InvalidNumber,
        ErrorCode::TooManyDigits,
        ErrorCode::NegativeAmount,
        ErrorCode::OutOfRange,
        ErrorCode::Conflict,
        ErrorCode::Overflow,
        ErrorCode::UnknownStage,
        ErrorCode::UnknownMotion,
        ErrorCode::UnknownProfile,
        ErrorCode::UnknownCurrency,
        ErrorCode::UnknownKind,
        ErrorCode::EmptyProfile,
        ErrorCode::CurveNotIncreasing,
        ErrorCode::DuplicateId,
        ErrorCode::NoBaseTier,
        ErrorCode::LimitExceeded,
        ErrorCode::Internal,
        ErrorCode::InvalidDate,
        ErrorCode::DateOrder,
        ErrorCode::UnknownPartner,
        ErrorCode::UnknownStatus,
        ErrorCode::UnknownSource,
        ErrorCode::MixedCurrency,
        ErrorCode::LengthMismatch,
        ErrorCode::OneClass,
        ErrorCode::TooFewOutcomes,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid-json",
            ErrorCode::InvalidType => "invalid-type",
            ErrorCode::MissingField => "missing-field",
            ErrorCode::UnknownField => "unknown-field",
            ErrorCode::NotFinite => "not-finite",
            ErrorCode::InvalidNumber => "invalid-number",
            ErrorCode::TooManyDigits => "too-many-digits",
            ErrorCode::NegativeAmount => "negative-amount",
            ErrorCode::OutOfRange => "out-of-range",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Overflow => "overflow",
            ErrorCode::UnknownStage => "unknown-stage",
            ErrorCode::UnknownMotion => "unknown-motion",
            ErrorCode::UnknownProfile => "unknown-profile",
            ErrorCode::UnknownCurrency => "unknown-currency",
            ErrorCode::UnknownKind => "unknown-kind",
            ErrorCode::EmptyProfile => "empty-profile",
            ErrorCode::CurveNotIncreasing => "curve-not-increasing",
            ErrorCode::DuplicateId => "duplicate-id",
            ErrorCode::NoBaseTier => "no-base-tier",
            ErrorCode::LimitExceeded => "limit-exceeded",
            ErrorCode::Internal => "internal",
            ErrorCode::InvalidDate => "invalid-date",
            ErrorCode::DateOrder => "date-order",
            ErrorCode::UnknownPartner => "unknown-partner",
            ErrorCode::UnknownStatus => "unknown-status",
            ErrorCode::UnknownSource => "unknown-source",
            ErrorCode::MixedCurrency => "mixed-currency",
            ErrorCode::LengthMismatch => "length-mismatch",
            ErrorCode::OneClass => "one-class",
            ErrorCode::TooFewOutcomes => "too-few-outcomes",
        }
    }

    /// One line on what the code means, for the README and `errorCodes()`.
    pub fn meaning(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "text given as JSON does not parse",
            ErrorCode::InvalidType => "a value has the wrong type for its field",
            ErrorCode::MissingField => "a required field is absent, null or blank",
            ErrorCode::UnknownField => "a field name the function does not know (often a typo)",
            ErrorCode::NotFinite => "NaN or Infinity where a number is needed",
            ErrorCode::InvalidNumber => "text that is not a plain decimal number",
            ErrorCode::TooManyDigits => "more than 28 significant digits",
            ErrorCode::NegativeAmount => "a negative amount of money, hours or count",
            ErrorCode::OutOfRange => "a number outside its allowed range (a rate outside 0-1, zero hours, a weight <= 0)",
            ErrorCode::Conflict => "fields that cannot be given together",
            ErrorCode::Overflow => "a result beyond the exact decimal range",
            ErrorCode::UnknownStage => "a deal-registration stage not in the schedule",
            ErrorCode::UnknownMotion => "a rep-compensation motion other than partner-sourced, co-sold, partner-closed or direct",
            ErrorCode::UnknownProfile => "a profile id that is not built in",
            ErrorCode::UnknownCurrency => "a currency code that is not ISO 4217",
            ErrorCode::UnknownKind => "a criterion kind other than range, category, flag or tags",
            ErrorCode::EmptyProfile => "a profile with no criteria",
            ErrorCode::CurveNotIncreasing => "a range curve whose x values do not strictly increase",
            ErrorCode::DuplicateId => "two criteria, bands or tiers share an id, label, name or threshold",
            ErrorCode::NoBaseTier => "a tier table without a tier starting at 0",
            ErrorCode::LimitExceeded => "an input beyond a documented size limit",
            ErrorCode::Internal => "an internal fault; the module recovered",
            ErrorCode::InvalidDate => "a date that is not a real day written YYYY-MM-DD",
            ErrorCode::DateOrder => "dates in an impossible order (a deal closed before it was registered)",
            ErrorCode::UnknownPartner => "a deal names a partner id that is not in the partner list",
            ErrorCode::UnknownStatus => "a status other than open, won or lost (deals) or customer, prospect or opportunity (accounts)",
            ErrorCode::UnknownSource => "a deal source other than partner-sourced, co-sold, partner-closed or direct",
            ErrorCode::MixedCurrency => "amounts in different currencies without an fx rate to the reporting currency",
            ErrorCode::LengthMismatch => "two lists that pair item by item (records and outcomes) differ in length",
            ErrorCode::OneClass => "outcomes that are all true or all false: nothing to learn from",
            ErrorCode::TooFewOutcomes => "fewer than 20 true or 20 false outcomes for a fit",
        }
    }
}

/// A failure with its code, the path of the offending field and a message
/// written for the person who typed the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub code: ErrorCode,
    pub path: String,
    pub message: String,
}

impl Error {
    /// A message longer than [`MAX_MESSAGE_BYTES`] is cut there (with `…`),
    /// so no input, however large, comes back whole inside an error.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        let mut message = message.into();
        if message.len() > MAX_MESSAGE_BYTES {
            message.truncate(floor_char(&message, MAX_MESSAGE_BYTES));
            message.push('…');
        }
        let mut path = path.into();
        if path.len() > MAX_MESSAGE_BYTES {
            path.truncate(floor_char(&path, MAX_MESSAGE_BYTES));
            path.push('…');
        }
        Error {
            code,
            path,
            message,
        }
    }
}

/// Longest message (and path) an error carries, in bytes.
pub const MAX_MESSAGE_BYTES: usize = 512;
/// Longest excerpt of an input value that a message quotes, in characters.
pub const MAX_QUOTE_CHARS: usize = 40;

fn floor_char(s: &str, mut at: usize) -> usize {
    while at > 0 && !s.is_char_boundary(at) {
        at = at.saturating_sub(1);
    }
    at
}

/// An input value quoted for a message, in double quotes with JSON's
/// escapes, but at most [`MAX_QUOTE_CHARS`] characters of it:
/// `"abc…" (cut; 12345 characters)`.
pub fn quote(text: &str) -> String {
    let json = |t: &str| serde_json::to_string(t).unwrap_or_else(|_| String::from("\"?\""));
    let count = text.chars().count();
    if count <= MAX_QUOTE_CHARS {
        return json(text);
    }
    let head: String = text.chars().take(MAX_QUOTE_CHARS).collect();
    format!("{} (cut; {count} characters)", json(&(head + "…")))
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.code.as_str(), self.message)
        } else {
            write!(
                f,
                "{} at {}: {}",
                self.code.as_str(),
                self.path,
                self.message
            )
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// Joins a parent path and a field name: `""`+`a` is `a`, `a`+`b` is `a.b`.
pub fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// Joins a parent path and a list index: `a`+`2` is `a[2]`.
pub fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}
