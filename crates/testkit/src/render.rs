//! Rendering HTTP-dates as text in the three RFC 9110 §5.6.7 formats.
//!
//! The generators need date *text* (valid and invalid) for every format. The
//! calendar arithmetic lives here, written independently of `precond-date`, so
//! that a generated text and the parser under test never share a formatter:
//! a text rendered here and parsed by `HttpDate::parse_at` landing on the
//! intended instant is itself a check (see the `generated_dates_parse` property).

use precond_date::HttpDate;

/// The three formats of RFC 9110 §5.6.7.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum DateFormat {
    /// `IMF-fixdate`, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    ImfFixdate,
    /// `rfc850-date` (obsolete), e.g. `Sunday, 06-Nov-94 08:49:37 GMT`.
    Rfc850,
    /// `asctime-date` (obsolete), e.g. `Sun Nov  6 08:49:37 1994`.
    Asctime,
}

impl DateFormat {
    /// All three, preferred format first.
    pub const ALL: [DateFormat; 3] = [Self::ImfFixdate, Self::Rfc850, Self::Asctime];
}

const DAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const DAY_NAMES_LONG: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A UTC instant broken down into its civil (proleptic Gregorian) fields.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Civil {
    /// Year (0000–9999 for an `HttpDate`).
    pub year: i64,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–59.
    pub second: u8,
    /// Day of the week, 0 = Sunday … 6 = Saturday.
    pub weekday: u8,
}

impl Civil {
    /// Breaks `unix` seconds (UTC) into civil fields.
    ///
    /// Days are counted in 400-year eras starting on 0000-03-01, which makes
    /// February the last month of the computational year and leap days fall at
    /// its end.
    pub fn from_unix(unix: i64) -> Self {
        let days = unix.div_euclid(86_400);
        let secs = unix.rem_euclid(86_400);
        // 719_468 days separate 0000-03-01 from 1970-01-01.
        let shifted = days + 719_468;
        let era = shifted.div_euclid(146_097);
        let day_of_era = shifted.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_from_march = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
        let month = if month_from_march < 10 {
            month_from_march + 3
        } else {
            month_from_march - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Civil {
            year,
            month: small(month),
            day: small(day),
            hour: small(secs / 3_600),
            minute: small(secs / 60 % 60),
            second: small(secs % 60),
            // 1970-01-01 was a Thursday.
            weekday: small((days + 4).rem_euclid(7)),
        }
    }

    fn day_name(self) -> &'static str {
        DAY_NAMES
            .get(usize::from(self.weekday))
            .copied()
            .unwrap_or("Sun")
    }

    fn day_name_long(self) -> &'static str {
        DAY_NAMES_LONG
            .get(usize::from(self.weekday))
            .copied()
            .unwrap_or("Sunday")
    }

    fn month_name(self) -> &'static str {
        MONTHS
            .get(usize::from(self.month).saturating_sub(1))
            .copied()
            .unwrap_or("Jan")
    }
}

fn small(value: i64) -> u8 {
    u8::try_from(value).unwrap_or(0)
}

/// Renders `date` in `format`.
///
/// `rfc850-date` carries a two-digit year; the caller is responsible for
/// choosing it only where the recipient's 50-year rule (RFC 9110 §5.6.7)
/// resolves it back to `date` (see [`rfc850_is_unambiguous`]).
pub fn format_date(date: HttpDate, format: DateFormat) -> String {
    format_civil(Civil::from_unix(date.unix_seconds()), format)
}

/// Renders civil fields in `format` without checking them (so that invalid
/// days, hours or weekdays can be rendered on purpose).
pub fn format_civil(c: Civil, format: DateFormat) -> String {
    match format {
        DateFormat::ImfFixdate => format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
            c.day_name(),
            c.day,
            c.month_name(),
            c.year,
            c.hour,
            c.minute,
            c.second
        ),
        DateFormat::Rfc850 => format!(
            "{}, {:02}-{}-{:02} {:02}:{:02}:{:02} GMT",
            c.day_name_long(),
            c.day,
            c.month_name(),
            c.year.rem_euclid(100),
            c.hour,
            c.minute,
            c.second
        ),
        DateFormat::Asctime => format!(
            "{} {} {:>2} {:02}:{:02}:{:02} {:04}",
            c.day_name(),
            c.month_name(),
            c.day,
            c.hour,
            c.minute,
            c.second,
            c.year
        ),
    }
}

/// Whether an `rfc850-date` rendering of `date`, read at `now`, certainly
/// resolves to `date`'s own century under the RFC 9110 §5.6.7 50-year rule:
/// both within the 20th–21st centuries and less than 40 years apart.
pub fn rfc850_is_unambiguous(date: HttpDate, now: HttpDate) -> bool {
    let year = Civil::from_unix(date.unix_seconds()).year;
    let now_year = Civil::from_unix(now.unix_seconds()).year;
    (1950..=2099).contains(&year)
        && (1950..=2099).contains(&now_year)
        && (year - now_year).abs() < 40
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(unix: i64, format: DateFormat, expected: &str) {
        let date = HttpDate::from_unix_seconds(unix).unwrap();
        assert_eq!(format_date(date, format), expected, "{unix} as {format:?}");
    }

    // The RFC 9110 §5.6.7 examples, and the calendar's edges.
    #[test]
    fn renders_the_rfc_examples_and_edges() {
        check(
            784_111_777,
            DateFormat::ImfFixdate,
            "Sun, 06 Nov 1994 08:49:37 GMT",
        );
        check(
            784_111_777,
            DateFormat::Rfc850,
            "Sunday, 06-Nov-94 08:49:37 GMT",
        );
        check(784_111_777, DateFormat::Asctime, "Sun Nov  6 08:49:37 1994");
        check(0, DateFormat::ImfFixdate, "Thu, 01 Jan 1970 00:00:00 GMT");
        check(
            951_782_400,
            DateFormat::ImfFixdate,
            "Tue, 29 Feb 2000 00:00:00 GMT",
        );
        check(
            -62_167_219_200,
            DateFormat::ImfFixdate,
            "Sat, 01 Jan 0000 00:00:00 GMT",
        );
        check(
            253_402_300_799,
            DateFormat::ImfFixdate,
            "Fri, 31 Dec 9999 23:59:59 GMT",
        );
        check(
            1_714_564_800,
            DateFormat::Asctime,
            "Wed May  1 12:00:00 2024",
        );
    }
}
