//! From bytes to an [`HttpDate`]: the fast path, the reference grammar, and
//! the semantic checks that follow the syntax.

use crate::civil::{days_from_civil, days_in_month};
use crate::grammar::{self, Fields, SyntaxError, Year};
use crate::{Error, ErrorKind, Format, HttpDate, IMF_FIXDATE_LEN, Rule, Weekday, fast};

/// Parses a field value: the fixed-layout fast paths first, then the
/// hand-written reading of the whole grammar ([`fast::field_value`]), then
/// the semantic checks. `now` is asked only for an rfc850-date.
///
/// Debug builds (tests, fuzzing) check every answer against the nom grammar,
/// the reference ([`parse_reference`]).
pub(crate) fn parse(
    input: &[u8],
    now: impl FnOnce() -> HttpDate,
) -> Result<(HttpDate, Format), Error> {
    let mut clock = Clock::new(now);
    let result = parse_fast(input, || clock.read());
    debug_assert_eq!(
        result,
        parse_reference(input, || clock.read()),
        "the hand-written parser and the grammar disagree on {:?}",
        input.escape_ascii().to_string()
    );
    result
}

/// [`parse`] without the check against the reference.
///
/// An input of exactly an IMF-fixdate's or an rfc850-date's length is first
/// read by that format's fixed layout ([`fast::parse_imf_fixdate`],
/// [`fast::parse_rfc850`]); anything they do not take (whitespace
/// around the date, another format, a syntax error) goes to
/// [`fast::field_value`], which reads the whole grammar and finds the error.
#[inline]
pub(crate) fn parse_fast(
    input: &[u8],
    now: impl FnOnce() -> HttpDate,
) -> Result<(HttpDate, Format), Error> {
    let mut clock = Clock::new(now);
    match input.len() {
        IMF_FIXDATE_LEN => {
            if let Some(result) = fast::parse_imf_fixdate(input) {
                return result.map(|date| (date, Format::ImfFixdate));
            }
        }
        fast::RFC850_MIN_LEN..=fast::RFC850_MAX_LEN => {
            if let Some(result) = fast::parse_rfc850(input, || clock.read()) {
                return result.map(|date| (date, Format::Rfc850));
            }
        }
        _ => {}
    }
    let fields = fast::field_value(input).map_err(|e| syntax_error(input, e))?;
    resolve(&fields, input.len(), || clock.read()).map(|date| (date, fields.format))
}

/// A clock read at most once, however often it is asked.
struct Clock<F> {
    read: Option<F>,
    value: Option<HttpDate>,
}

impl<F: FnOnce() -> HttpDate> Clock<F> {
    fn new(read: F) -> Self {
        Clock {
            read: Some(read),
            value: None,
        }
    }

    fn read(&mut self) -> HttpDate {
        if let Some(value) = self.value {
            return value;
        }
        let value = self.read.take().map_or(HttpDate::UNIX_EPOCH, |read| read());
        self.value = Some(value);
        value
    }
}

/// Parses a field value with the nom grammar only (no fast path).
pub(crate) fn parse_reference(
    input: &[u8],
    now: impl FnOnce() -> HttpDate,
) -> Result<(HttpDate, Format), Error> {
    let fields = match grammar::field_value(input) {
        Ok((_, fields)) => fields,
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => return Err(syntax_error(input, e)),
        // Complete parsers never ask for more input; report it as the end.
        Err(nom::Err::Incomplete(_)) => {
            return Err(Error::new(
                Rule::HttpDate,
                input.len(),
                ErrorKind::UnexpectedEnd,
            ));
        }
    };
    let date = resolve(&fields, input.len(), now)?;
    Ok((date, fields.format))
}

fn syntax_error(input: &[u8], e: SyntaxError) -> Error {
    let kind = match e.found {
        Some(byte) => ErrorKind::UnexpectedByte { byte },
        None => ErrorKind::UnexpectedEnd,
    };
    Error::new(
        e.rule.unwrap_or(Rule::HttpDate),
        input.len().saturating_sub(e.rest),
        kind,
    )
}

/// The semantic checks, after the syntax: resolve a two-digit year, then
/// [`instant`].
pub(crate) fn resolve(
    fields: &Fields,
    input_len: usize,
    now: impl FnOnce() -> HttpDate,
) -> Result<HttpDate, Error> {
    let (day, month, time) = (fields.day.value, fields.month, fields.time);
    let (hour, minute, second) = (time.hour.value, time.minute.value, time.second.value);
    let year = match fields.year.value {
        Year::Full(year) => year,
        // spec: 9110-5.6.7-rfc850-year-window
        Year::TwoDigit(two) => rfc850_year(two, [month, day, hour, minute, second], now())
            .ok_or_else(|| {
                Error::new(
                    Rule::Date2,
                    input_len.saturating_sub(fields.year.rest),
                    ErrorKind::OutOfRange,
                )
            })?,
    };
    instant(
        year,
        month,
        day,
        [hour, minute, second],
        fields.weekday.value,
    )
    .map_err(|fault| fault.error(fields, year, input_len))
}

/// The field of a syntactically valid date that names no instant.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Fault {
    /// The day is not in its month.
    Day,
    /// The hour is above 23.
    Hour,
    /// The minute is above 59.
    Minute,
    /// The second is above 59, or 60 anywhere but 23:59.
    Second,
    /// The day name is not the date's weekday, which is the one given.
    Weekday(Weekday),
}

/// The checks after the syntax and the year, in the order their errors are
/// reported: the day exists in its month, the time of day exists, and the
/// day name is the date's weekday. A leap second (23:59:60) is read as the
/// second before it (crate docs). The one place for these rules: both the
/// general path ([`resolve`]) and the IMF-fixdate fast path run it.
#[inline(always)]
pub(crate) fn instant(
    year: u16,
    month: u8,
    day: u8,
    [hour, minute, second]: [u8; 3],
    stated: Weekday,
) -> Result<HttpDate, Fault> {
    if day == 0 || day > days_in_month(year, month) {
        return Err(Fault::Day);
    }
    if hour > 23 {
        return Err(Fault::Hour);
    }
    if minute > 59 {
        return Err(Fault::Minute);
    }
    let second = match second {
        0..=59 => second,
        60 if hour == 23 && minute == 59 => 59,
        _ => return Err(Fault::Second),
    };
    let days = days_from_civil(year, month, day);
    let actual = Weekday::from_days(days);
    if actual != stated {
        return Err(Fault::Weekday(actual));
    }
    Ok(HttpDate::from_parts(days, hour, minute, second))
}

impl Fault {
    /// The error for this fault of `fields` (read from an input of
    /// `input_len` bytes, its year resolved to `year`): the rule of the
    /// field at fault and the offset where the field starts.
    #[cold]
    pub(crate) fn error(self, fields: &Fields, year: u16, input_len: usize) -> Error {
        let offset = |rest: usize| input_len.saturating_sub(rest);
        let time = |rule, at: grammar::At<u8>| {
            Error::new(
                rule,
                offset(at.rest),
                ErrorKind::ImpossibleTime { value: at.value },
            )
        };
        match self {
            Fault::Day => Error::new(
                Rule::Day,
                offset(fields.day.rest),
                ErrorKind::ImpossibleDate {
                    year,
                    month: fields.month,
                    day: fields.day.value,
                },
            ),
            Fault::Hour => time(Rule::Hour, fields.time.hour),
            Fault::Minute => time(Rule::Minute, fields.time.minute),
            Fault::Second => time(Rule::Second, fields.time.second),
            Fault::Weekday(actual) => Error::new(
                match fields.format {
                    Format::Rfc850 => Rule::DayNameL,
                    Format::ImfFixdate | Format::Asctime => Rule::DayName,
                },
                offset(fields.weekday.rest),
                ErrorKind::WeekdayMismatch {
                    stated: fields.weekday.value,
                    actual,
                },
            ),
        }
    }
}

/// Resolves the two-digit year of an rfc850-date read at `now` (RFC 9110
/// §5.6.7): a sliding window that ends 50 years after `now`.
///
/// `rest` is the rest of the timestamp as written: month, day, hour, minute,
/// second. `None` when the result is outside 0000–9999.
///
/// Only a year within a year or so of the window's end needs `now`'s
/// calendar ([`rfc850_year_exact`]); for the others `now`'s year to within
/// one, from its seconds alone, decides. With `limit` that estimate plus 50
/// and `year` the latest year up to `limit` that ends in `two_digits`: when
/// `year` is at least 2 below `limit` and `year + 100` at least 2 above it,
/// `year` is before the window's end and `year + 100` after it, whichever
/// year `now` is really in.
#[inline]
pub(crate) fn rfc850_year(two_digits: u8, rest: [u8; 5], now: HttpDate) -> Option<u16> {
    /// The mean Gregorian year: 365.2425 days.
    const SECS_PER_MEAN_YEAR: u64 = 31_556_952;
    let since_year_0 = now
        .unix_seconds()
        .wrapping_sub(HttpDate::MIN.unix_seconds()) as u64;
    // Within one of `now`'s year: a year's start is never two days away
    // from a multiple of the mean year.
    let limit = (since_year_0 / SECS_PER_MEAN_YEAR) as u32 + 50;
    let back = (limit + 100 - u32::from(two_digits)) % 100;
    if (2..=98).contains(&back)
        && let Some(year) = limit.checked_sub(back)
    {
        return u16::try_from(year).ok().filter(|&year| year <= 9999);
    }
    rfc850_year_exact(two_digits, rest, now)
}

/// [`rfc850_year`] by the calendar. The candidate is the year with those
/// last two digits in `now`'s century; if the timestamp is then more than 50
/// years after `now`, it moves back a century; if it would still be at most
/// 50 years after `now` a century later, it moves forward one. Timestamps
/// are compared field by field, `now` shifted by exactly 50 calendar years,
/// so that no field needs to be valid yet (an impossible day is reported
/// after this).
#[cold]
pub(crate) fn rfc850_year_exact(two_digits: u8, rest: [u8; 5], now: HttpDate) -> Option<u16> {
    let now_year = u32::from(now.year());
    let limit_year = now_year + 50;
    // The rest of a timestamp as written (month, day, hour, minute, second)
    // packed into one integer, most significant field first; `now`'s only
    // computed when the years tie.
    let packed = |[month, day, hour, minute, second]: [u8; 5]| {
        u64::from(u32::from_be_bytes([month, day, hour, minute])) << 8 | u64::from(second)
    };
    let more_than_50_years_ahead = |year: u32| match year.cmp(&limit_year) {
        core::cmp::Ordering::Equal => {
            let now = now.civil();
            packed(rest) > packed([now.month, now.day, now.hour, now.minute, now.second])
        }
        order => order.is_gt(),
    };

    let mut year = now_year / 100 * 100 + u32::from(two_digits);
    if more_than_50_years_ahead(year) {
        year = year.checked_sub(100)?;
    } else if !more_than_50_years_ahead(year + 100) {
        year += 100;
    }
    u16::try_from(year).ok().filter(|&year| year <= 9999)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The estimate decides exactly as the calendar does: every two-digit
    /// year, timestamps at both ends of a year, against clocks around the
    /// start of every year of the range and at a spread of other instants.
    #[test]
    fn rfc850_window_estimate_is_exact() {
        let rests = [
            [1, 1, 0, 0, 0],
            [6, 15, 12, 0, 0],
            [12, 31, 23, 59, 59],
            [2, 29, 0, 0, 0],
        ];
        let mut clocks = Vec::new();
        for year in 0..=9999u16 {
            for (month, day) in [(1, 1), (12, 31), (3, 1), (2, 28)] {
                let Ok(date) = HttpDate::from_civil(year, month, day, 0, 0, 0) else {
                    continue;
                };
                for delta in [-86_401, -1, 0, 1, 43_200, 86_399] {
                    if let Some(clock) = date.checked_add_seconds(delta) {
                        clocks.push(clock);
                    }
                }
            }
        }
        for clock in clocks {
            for two in 0..100u8 {
                for rest in rests {
                    assert_eq!(
                        rfc850_year(two, rest, clock),
                        rfc850_year_exact(two, rest, clock),
                        "{two:02} {rest:?} at {clock:?}"
                    );
                }
            }
        }
    }
}
