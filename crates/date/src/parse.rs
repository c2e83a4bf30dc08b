//! From bytes to an [`HttpDate`]: the fast path, the reference grammar, and
//! the semantic checks that follow the syntax.

use crate::civil::{days_from_civil, days_in_month};
use crate::grammar::{self, Fields, SyntaxError, Year};
use crate::{Error, ErrorKind, Format, HttpDate, Rule, Weekday, fast};

/// Parses a field value: the IMF-fixdate fast path first, then the
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
#[inline]
pub(crate) fn parse_fast(
    input: &[u8],
    now: impl FnOnce() -> HttpDate,
) -> Result<(HttpDate, Format), Error> {
    if let Some(date) = fast::parse_imf_fixdate(trim_ows(input)) {
        return Ok((date, Format::ImfFixdate));
    }
    match fast::field_value(input) {
        Ok(fields) => resolve(&fields, input.len(), now).map(|date| (date, fields.format)),
        Err(e) => Err(syntax_error(input, e)),
    }
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

/// Removes optional whitespace (SP / HTAB, RFC 9110 §5.6.3) at both ends.
pub(crate) fn trim_ows(mut value: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = value {
        value = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = value {
        value = rest;
    }
    value
}

/// The semantic checks, after the syntax: resolve a two-digit year, then
/// check that the day exists in its month, that the time of day exists, and
/// that the day name is the date's weekday.
pub(crate) fn resolve(
    fields: &Fields,
    input_len: usize,
    now: impl FnOnce() -> HttpDate,
) -> Result<HttpDate, Error> {
    let offset = |rest: usize| input_len.saturating_sub(rest);
    let (day, month) = (fields.day.value, fields.month);
    let (hour, minute, second) = (
        fields.time.hour.value,
        fields.time.minute.value,
        fields.time.second.value,
    );

    let year = match fields.year.value {
        Year::Full(year) => year,
        // spec: 9110-5.6.7-rfc850-year-window
        Year::TwoDigit(two) => rfc850_year(two, [month, day, hour, minute, second], now())
            .ok_or_else(|| {
                Error::new(Rule::Date2, offset(fields.year.rest), ErrorKind::OutOfRange)
            })?,
    };

    if day == 0 || day > days_in_month(year, month) {
        return Err(Error::new(
            Rule::Day,
            offset(fields.day.rest),
            ErrorKind::ImpossibleDate { year, month, day },
        ));
    }
    let time_error = |rule, at: grammar::At<u8>| {
        Error::new(
            rule,
            offset(at.rest),
            ErrorKind::ImpossibleTime { value: at.value },
        )
    };
    if hour > 23 {
        return Err(time_error(Rule::Hour, fields.time.hour));
    }
    if minute > 59 {
        return Err(time_error(Rule::Minute, fields.time.minute));
    }
    let second = match second {
        0..=59 => second,
        // A leap second is read as the second before it (crate docs).
        60 if hour == 23 && minute == 59 => 59,
        _ => return Err(time_error(Rule::Second, fields.time.second)),
    };

    let days = days_from_civil(year, month, day);
    let actual = Weekday::from_days(days);
    if actual != fields.weekday.value {
        let rule = match fields.format {
            Format::Rfc850 => Rule::DayNameL,
            Format::ImfFixdate | Format::Asctime => Rule::DayName,
        };
        return Err(Error::new(
            rule,
            offset(fields.weekday.rest),
            ErrorKind::WeekdayMismatch {
                stated: fields.weekday.value,
                actual,
            },
        ));
    }
    Ok(HttpDate::from_parts(days, hour, minute, second))
}

/// Resolves the two-digit year of an rfc850-date read at `now` (RFC 9110
/// §5.6.7): a sliding window that ends 50 years after `now`.
///
/// `rest` is the rest of the timestamp as written: month, day, hour, minute,
/// second. The candidate is the year with those last two digits in `now`'s
/// century; if the timestamp is then more than 50 years after `now`, it moves
/// back a century; if it would still be at most 50 years after `now` a century
/// later, it moves forward one. Timestamps are compared field by field, `now`
/// shifted by exactly 50 calendar years, so that no field needs to be valid
/// yet (an impossible day is reported after this). `None` when the result is
/// outside 0000–9999.
pub(crate) fn rfc850_year(two_digits: u8, rest: [u8; 5], now: HttpDate) -> Option<u16> {
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

    #[test]
    fn trims_only_sp_and_htab() {
        assert_eq!(trim_ows(b" \t x \t "), b"x");
        assert_eq!(trim_ows(b"\nx\r"), b"\nx\r");
        assert_eq!(trim_ows(b"  "), b"");
        assert_eq!(trim_ows(b""), b"");
    }
}
