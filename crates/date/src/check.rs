//! From the fields of a syntactically valid HTTP-date to an instant: the
//! checks after the syntax, which the fast path (`crate::layout`) and the
//! grammar (`crate::grammar`) share. The two-digit year of an rfc850-date is
//! placed by the 50-year window (RFC 9110 §5.6.7); then the day must exist in
//! its month, the time of day must exist, and the day name must be the
//! date's weekday (RFC 5322 §3.3, which RFC 9110 §5.6.7 refers to).

use crate::civil::{days_from_civil, days_in_month, weekday_from_days};
use crate::{Error, ErrorKind, Format, HttpDate, Rule, Weekday};

/// A value with the input remaining where it starts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct At<T> {
    pub(crate) value: T,
    pub(crate) rest: usize,
}

/// A year as written: four digits, or the two of `date2`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Year {
    Full(u16),
    TwoDigit(u8),
}

/// `hour ":" minute ":" second` as written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct TimeOfDay {
    pub(crate) hour: At<u8>,
    pub(crate) minute: At<u8>,
    pub(crate) second: At<u8>,
}

/// The fields of a syntactically valid HTTP-date, not yet checked for meaning.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Fields {
    pub(crate) format: Format,
    pub(crate) weekday: At<Weekday>,
    pub(crate) day: At<u8>,
    /// 1–12; every `month` name is a real month.
    pub(crate) month: u8,
    pub(crate) year: At<Year>,
    pub(crate) time: TimeOfDay,
}

/// The instant `fields` name, read from an input of `input_len` bytes (`now`
/// places a two-digit year), or the error of the first field at fault.
#[inline(always)]
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
    checked_instant(
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
enum Fault {
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
/// second before it (crate docs).
#[inline(always)]
fn checked_instant(
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
    // `Weekday` counts from Monday, as `weekday_from_days` does.
    if weekday_from_days(days) != stated as u8 {
        return Err(Fault::Weekday(Weekday::from_days(days)));
    }
    Ok(HttpDate::from_parts(days, hour, minute, second))
}

impl Fault {
    /// The error for this fault of `fields` (read from an input of
    /// `input_len` bytes, its year resolved to `year`): the rule of the
    /// field at fault and the offset where the field starts.
    #[cold]
    fn error(self, fields: &Fields, year: u16, input_len: usize) -> Error {
        let offset = |rest: usize| input_len.saturating_sub(rest);
        let time = |rule, at: At<u8>| {
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
/// §5.6.7): a sliding window that ends 50 years after `now`. `rest` is the
/// rest of the timestamp as written (month, day, hour, minute, second);
/// `None` when the result is outside 0000–9999.
///
/// The candidate is the year with those last two digits in `now`'s century;
/// if the timestamp is then more than 50 years after `now`, it moves back a
/// century; if it would still be at most 50 years after `now` a century
/// later, it moves forward one. Timestamps
/// are compared field by field, `now` shifted by exactly 50 calendar years,
/// so that no field needs to be valid yet (an impossible day is reported
/// after this).
fn rfc850_year(two_digits: u8, rest: [u8; 5], now: HttpDate) -> Option<u16> {
    let now_year = u32::from(now.year());
    let limit_year = now_year + 50;
    // The rest of a timestamp as written (month, day, hour, minute, second)
    // packed into one integer, most significant field first; `now`'s only
    // computed when the years tie.
    let packed = |[month, day, hour, minute, second]: [u8; 5]| {
        u64::from_be_bytes([0, 0, 0, month, day, hour, minute, second])
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

    /// `checked_instant` compares a `Weekday` with `weekday_from_days` as
    /// numbers: both count from Monday.
    #[test]
    fn weekdays_count_from_monday() {
        for index in 0..7 {
            assert_eq!(Weekday::from_index(index) as u32, index);
        }
        // 1970-01-01 was a Thursday.
        assert_eq!(weekday_from_days(0), Weekday::Thu as u8);
    }
}
