//! Civil dates (proleptic Gregorian, no time zone) as day numbers, for the
//! programme analytics. Only `YYYY-MM-DD` is read: a CRM's "1/2/2026" is
//! ambiguous between countries, so the caller converts it first.

use crate::error::{Error, ErrorCode, Result};

/// A calendar day, counted from 1970-01-01 (day 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64);

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Day {
    /// The day number of a valid civil date. Counts whole 400-year eras
    /// (146,097 days each), then years of the era from March, so that the
    /// leap day falls at the end of the counted year.
    pub fn from_civil(year: i64, month: u32, day: u32) -> Day {
        // Saturating steps: parse keeps years to 1-9999, far from the limits.
        let y = if month <= 2 {
            year.saturating_sub(1)
        } else {
            year
        };
        let era = y.div_euclid(400);
        let year_of_era = y.rem_euclid(400);
        let m = i64::from(month);
        let month_from_march = if m > 2 {
            m.saturating_sub(3)
        } else {
            m.saturating_add(9)
        };
        let day_of_year = (month_from_march.saturating_mul(153).saturating_add(2) / 5)
            .saturating_add(i64::from(day))
            .saturating_sub(1);
        let day_of_era = year_of_era
            .saturating_mul(365)
            .saturating_add(year_of_era / 4)
            .saturating_sub(year_of_era / 100)
            .saturating_add(day_of_year);
        Day(era
            .saturating_mul(146_097)
            .saturating_add(day_of_era)
            .saturating_sub(719_468))
    }

    /// The civil date (year, month, day) of this day number.
    pub fn civil(self) -> (i64, u32, u32) {
        let z = self.0.saturating_add(719_468);
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = doe
            .saturating_sub(doe / 1460)
            .saturating_add(doe / 36_524)
            .saturating_sub(doe / 146_096)
            / 365;
        let doy = doe.saturating_sub(
            yoe.saturating_mul(365)
                .saturating_add(yoe / 4)
                .saturating_sub(yoe / 100),
        );
        let mp = doy.saturating_mul(5).saturating_add(2) / 153;
        let day = doy
            .saturating_sub(mp.saturating_mul(153).saturating_add(2) / 5)
            .saturating_add(1);
        let month = if mp < 10 {
            mp.saturating_add(3)
        } else {
            mp.saturating_sub(9)
        };
        let year = yoe
            .saturating_add(era.saturating_mul(400))
            .saturating_add(i64::from(month <= 2));
        (
            year,
            u32::try_from(month).unwrap_or(1),
            u32::try_from(day).unwrap_or(1),
        )
    }

    /// Parses `YYYY-MM-DD` (years 1-9999); anything else, or a day that does
    /// not exist (2026-02-29), is `invalid-date` at `path`.
    pub fn parse(text: &str, path: &str) -> Result<Day> {
        let t = text.trim();
        let bad = |why: &str| {
            Error::new(
                ErrorCode::InvalidDate,
                path,
                format!(
                    "{text:?} is not a date: {why} (write dates as YYYY-MM-DD, e.g. 2026-01-31)"
                ),
            )
        };
        let b = t.as_bytes();
        let shape_ok = b.len() == 10
            && b.get(4) == Some(&b'-')
            && b.get(7) == Some(&b'-')
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(bad("not in the form YYYY-MM-DD"));
        }
        let num = |r: std::ops::Range<usize>| -> i64 {
            t.get(r).and_then(|s| s.parse().ok()).unwrap_or(0)
        };
        let (year, month, day) = (num(0..4), num(5..7), num(8..10));
        if year < 1 {
            return Err(bad("year 0000 does not exist"));
        }
        if !(1..=12).contains(&month) {
            return Err(bad("the month is not 01-12"));
        }
        let (month, day) = (month as u32, day as u32);
        if day < 1 || day > days_in_month(year, month) {
            return Err(bad("that day does not exist in that month"));
        }
        Ok(Day::from_civil(year, month, day))
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        let (y, m, d) = self.civil();
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// The month as `YYYY-MM`.
    pub fn month(self) -> String {
        let (y, m, _) = self.civil();
        format!("{y:04}-{m:02}")
    }

    /// The first day of the next month.
    pub fn next_month_start(self) -> Day {
        let (y, m, _) = self.civil();
        if m == 12 {
            Day::from_civil(y.saturating_add(1), 1, 1)
        } else {
            Day::from_civil(y, m.saturating_add(1), 1)
        }
    }

    pub fn plus(self, days: i64) -> Day {
        Day(self.0.saturating_add(days))
    }

    /// Whole days from `earlier` to `self` (negative when `earlier` is later).
    pub fn since(self, earlier: Day) -> i64 {
        self.0.saturating_sub(earlier.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_known_days() {
        assert_eq!(Day::from_civil(1970, 1, 1), Day(0));
        assert_eq!(Day::from_civil(2000, 3, 1).0, 11_017);
        assert_eq!(Day::parse("2024-02-29", "d").unwrap().iso(), "2024-02-29");
        for n in (-800_000..800_000).step_by(97) {
            let d = Day(n);
            let (y, m, dd) = d.civil();
            assert_eq!(Day::from_civil(y, m, dd), d);
        }
        let leap = Day::parse("2024-03-01", "").unwrap();
        assert_eq!(leap.plus(-365).iso(), "2023-03-02");
        assert_eq!(leap.plus(-1).iso(), "2024-02-29");
        assert_eq!(
            Day::parse("2026-12-15", "")
                .unwrap()
                .next_month_start()
                .iso(),
            "2027-01-01"
        );
    }

    #[test]
    fn refuses_days_that_do_not_exist() {
        for bad in [
            "2026-02-29",
            "2100-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "0000-01-01",
            "2026-1-01",
            "26-01-01",
            "2026/01/01",
            "",
            "2026-01-01T00:00",
            "x026-01-01",
        ] {
            let e = Day::parse(bad, "deals[0].closedAt").unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidDate, "{bad:?}");
            assert_eq!(e.path, "deals[0].closedAt");
        }
        assert!(Day::parse("2000-02-29", "").is_ok());
        assert!(Day::parse(" 2026-01-31 ", "").is_ok());
    }
}
