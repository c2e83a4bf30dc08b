//! Parse and range errors.

use core::fmt;

use crate::Weekday;

/// Why an input is not a valid HTTP-date (RFC 9110 §5.6.7).
///
/// It names the ABNF rule that rejected the input ([`Error::rule`]), the byte
/// offset in the input where the problem starts ([`Error::offset`], counted
/// from the first byte given, leading whitespace included) and what was wrong
/// ([`Error::kind`]). `Display` writes one sentence saying all three.
///
/// ```
/// use precond_date::{ErrorKind, HttpDate, Rule};
///
/// let err = HttpDate::parse(b"Sun, 06 Nov 1994 08:49:37 UTC").unwrap_err();
/// assert_eq!(err.rule(), Rule::Gmt);
/// assert_eq!(err.offset(), 26);
/// assert_eq!(err.kind(), ErrorKind::UnexpectedByte { byte: b'U' });
/// assert_eq!(
///     err.to_string(),
///     "invalid HTTP-date: byte 'U' at offset 26 does not fit the rule GMT",
/// );
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Error {
    rule: Rule,
    offset: usize,
    kind: ErrorKind,
}

impl Error {
    pub(crate) const fn new(rule: Rule, offset: usize, kind: ErrorKind) -> Self {
        Self { rule, offset, kind }
    }

    /// The ABNF rule that rejected the input: for a syntax error the innermost
    /// rule whose production the offending byte is part of; for a semantic
    /// error the rule of the field at fault (`day`, `hour`, `day-name`, …).
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// The byte offset in the input at which the problem starts.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// What was wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (rule, at) = (self.rule.as_str(), self.offset);
        f.write_str("invalid HTTP-date: ")?;
        match self.kind {
            ErrorKind::UnexpectedByte { byte } => {
                write!(
                    f,
                    "byte {} at offset {at} does not fit the rule {rule}",
                    Byte(byte)
                )
            }
            ErrorKind::UnexpectedEnd => {
                write!(
                    f,
                    "the input ends at offset {at} where the rule {rule} needs more"
                )
            }
            ErrorKind::ImpossibleDate { year, month, day } => write!(
                f,
                "day {day:02} at offset {at} does not exist in month {month:02} of year {year:04}"
            ),
            ErrorKind::ImpossibleTime { value } => match self.rule {
                Rule::Second if value == 60 => write!(
                    f,
                    "second 60 at offset {at} is only allowed as the leap second 23:59:60"
                ),
                _ => write!(f, "{rule} {value:02} at offset {at} is out of range"),
            },
            ErrorKind::WeekdayMismatch { stated, actual } => write!(
                f,
                "the day name {} at offset {at} does not match the date, which is a {}",
                stated.as_str(),
                actual.long_name()
            ),
            ErrorKind::OutOfRange => write!(
                f,
                "the two-digit year at offset {at} resolves to a year outside 0000 to 9999"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// A byte for error messages: quoted if printable ASCII, hexadecimal otherwise.
struct Byte(u8);

impl fmt::Display for Byte {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            b @ 0x21..=0x7E => write!(f, "'{}'", char::from(b)),
            b' ' => f.write_str("SP"),
            b'\t' => f.write_str("HTAB"),
            b => write!(f, "0x{b:02X}"),
        }
    }
}

/// What is wrong with an input that is not an HTTP-date; see [`Error::kind`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A byte that the rule does not allow at this place (a syntax error;
    /// also a byte left over after a complete HTTP-date).
    UnexpectedByte {
        /// The offending byte.
        byte: u8,
    },
    /// The input ended where the rule needs more bytes (a syntax error).
    UnexpectedEnd,
    /// The date is well-formed but does not exist: day `00`, or a day past the
    /// end of its month (31 April, 29 February of a common year, …).
    ImpossibleDate {
        /// The year, after resolving a two-digit year.
        year: u16,
        /// The month, 1–12.
        month: u8,
        /// The day as written.
        day: u8,
    },
    /// An hour above 23, a minute above 59, or a second above 59 other than
    /// the leap second 23:59:60; [`Error::rule`] says which field.
    ImpossibleTime {
        /// The field's value as written.
        value: u8,
    },
    /// The day name does not match the date (RFC 5322 §3.3, which RFC 9110
    /// §5.6.7 refers to for the meaning of `day-name`).
    WeekdayMismatch {
        /// The day of the week the input names.
        stated: Weekday,
        /// The day of the week of the date.
        actual: Weekday,
    },
    /// An rfc850-date two-digit year that the 50-year rule resolves to a year
    /// before 0000 or after 9999 (only possible with a clock near either end).
    OutOfRange,
}

/// The ABNF rules of RFC 9110 §5.6.7 (and `OWS`, §5.6.3), for [`Error::rule`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum Rule {
    /// `HTTP-date = IMF-fixdate / obs-date`; also used for bytes left over
    /// after a complete date.
    HttpDate,
    /// `IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT`
    ImfFixdate,
    /// `obs-date = rfc850-date / asctime-date`
    ObsDate,
    /// `rfc850-date = day-name-l "," SP date2 SP time-of-day SP GMT`
    Rfc850Date,
    /// `asctime-date = day-name SP date3 SP time-of-day SP year`
    AsctimeDate,
    /// `day-name = %s"Mon" / %s"Tue" / …`
    DayName,
    /// `day-name-l = %s"Monday" / %s"Tuesday" / …`
    DayNameL,
    /// `date1 = day SP month SP year`
    Date1,
    /// `date2 = day "-" month "-" 2DIGIT`
    Date2,
    /// `date3 = month SP ( 2DIGIT / ( SP 1DIGIT ))`
    Date3,
    /// `day = 2DIGIT`
    Day,
    /// `month = %s"Jan" / %s"Feb" / …`
    Month,
    /// `year = 4DIGIT`
    Year,
    /// `GMT = %s"GMT"`
    Gmt,
    /// `time-of-day = hour ":" minute ":" second`
    TimeOfDay,
    /// `hour = 2DIGIT`
    Hour,
    /// `minute = 2DIGIT`
    Minute,
    /// `second = 2DIGIT`
    Second,
}

impl Rule {
    /// The rule's name as the ABNF spells it: `"IMF-fixdate"`, `"day-name"`,
    /// `"time-of-day"`, `"GMT"`, …
    pub const fn as_str(self) -> &'static str {
        match self {
            Rule::HttpDate => "HTTP-date",
            Rule::ImfFixdate => "IMF-fixdate",
            Rule::ObsDate => "obs-date",
            Rule::Rfc850Date => "rfc850-date",
            Rule::AsctimeDate => "asctime-date",
            Rule::DayName => "day-name",
            Rule::DayNameL => "day-name-l",
            Rule::Date1 => "date1",
            Rule::Date2 => "date2",
            Rule::Date3 => "date3",
            Rule::Day => "day",
            Rule::Month => "month",
            Rule::Year => "year",
            Rule::Gmt => "GMT",
            Rule::TimeOfDay => "time-of-day",
            Rule::Hour => "hour",
            Rule::Minute => "minute",
            Rule::Second => "second",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A time or civil date outside what an HTTP-date can express: before
/// 0000-01-01T00:00:00Z, after 9999-12-31T23:59:59Z, or (for
/// [`HttpDate::from_civil`](crate::HttpDate::from_civil)) a field out of range.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct RangeError;

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "the time is not a valid instant between 0000-01-01T00:00:00Z and \
             9999-12-31T23:59:59Z, the range of an HTTP-date",
        )
    }
}

impl std::error::Error for RangeError {}
