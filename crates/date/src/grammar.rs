//! The HTTP-date grammar of RFC 9110 §5.6.7, one nom parser per ABNF rule.
//!
//! This is the reference parser: syntax only. It yields the fields as written
//! ([`Fields`]), each with its position; whether they name a real instant is
//! decided afterwards by [`crate::parse::resolve`]. The hand-written IMF-fixdate
//! fast path in [`crate::fast`] must agree with this module on every input
//! (a property test checks it).
//!
//! Positions are kept as the length of the input remaining at that point
//! (`rest`), which needs no reference to the start of the input; the entry
//! point turns them into offsets.

use nom::branch::alt;
use nom::bytes::complete::take_while;
use nom::character::complete::{char, satisfy};
use nom::combinator::{all_consuming, value};
use nom::error::{ErrorKind as NomErrorKind, ParseError};
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

use crate::{Format, Rule, Weekday};

type In<'a> = &'a [u8];
type PResult<'a, O> = IResult<In<'a>, O, SyntaxError>;

/// A syntax error inside the grammar.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct SyntaxError {
    /// Input remaining at the offending byte.
    pub(crate) rest: usize,
    /// The innermost rule that failed, once known.
    pub(crate) rule: Option<Rule>,
    /// The offending byte; `None` at the end of the input.
    pub(crate) found: Option<u8>,
}

impl SyntaxError {
    fn at(input: In<'_>) -> Self {
        Self {
            rest: input.len(),
            rule: None,
            found: input.first().copied(),
        }
    }

    /// `self` and `other` are the errors of two alternatives, `self` the
    /// earlier: the one that got further, `self` on a tie.
    pub(crate) fn or_further(self, other: Self) -> Self {
        if other.rest < self.rest { other } else { self }
    }
}

impl<'a> ParseError<In<'a>> for SyntaxError {
    fn from_error_kind(input: In<'a>, _: NomErrorKind) -> Self {
        Self::at(input)
    }

    fn append(_: In<'a>, _: NomErrorKind, other: Self) -> Self {
        other
    }

    /// Of two failed alternatives, report the one that got further (on a tie,
    /// the earlier alternative).
    fn or(self, other: Self) -> Self {
        self.or_further(other)
    }
}

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

/// Runs `parser`; an error that no inner rule has claimed is attributed to `rule`.
fn in_rule<'a, O>(
    rule: Rule,
    mut parser: impl Parser<In<'a>, Output = O, Error = SyntaxError>,
) -> impl Parser<In<'a>, Output = O, Error = SyntaxError> {
    move |input: In<'a>| {
        parser.parse(input).map_err(|err| {
            err.map(|mut e| {
                e.rule.get_or_insert(rule);
                e
            })
        })
    }
}

/// Records where `parser`'s value starts.
fn at<'a, O>(
    mut parser: impl Parser<In<'a>, Output = O, Error = SyntaxError>,
) -> impl Parser<In<'a>, Output = At<O>, Error = SyntaxError> {
    move |input: In<'a>| {
        let rest = input.len();
        let (input, value) = parser.parse(input)?;
        Ok((input, At { value, rest }))
    }
}

/// A case-sensitive literal (`%s"…"` in the ABNF). Unlike nom's `tag`, a
/// mismatch is reported at the first byte that differs, not at the start.
fn literal<'a>(expected: &'static [u8]) -> impl Fn(In<'a>) -> PResult<'a, ()> {
    move |input: In<'a>| {
        let mut rest = input;
        for &want in expected {
            match rest.split_first() {
                Some((&got, tail)) if got == want => rest = tail,
                _ => return Err(nom::Err::Error(SyntaxError::at(rest))),
            }
        }
        Ok((rest, ()))
    }
}

/// `SP = %x20`
fn sp(input: In<'_>) -> PResult<'_, char> {
    char(' ').parse(input)
}

/// `DIGIT = %x30-39`, as its value 0–9.
fn digit(input: In<'_>) -> PResult<'_, u8> {
    satisfy(|c| c.is_ascii_digit())
        .map(|c| (c as u8).wrapping_sub(b'0'))
        .parse(input)
}

/// `2DIGIT`, as its value 0–99.
fn two_digit(input: In<'_>) -> PResult<'_, u8> {
    (digit, digit).map(|(a, b)| a * 10 + b).parse(input)
}

/// `4DIGIT`, as its value 0–9999.
fn four_digit(input: In<'_>) -> PResult<'_, u16> {
    (two_digit, two_digit)
        .map(|(a, b)| u16::from(a) * 100 + u16::from(b))
        .parse(input)
}

/// Optional whitespace (RFC 9110 §5.6.3), trimmed around a field value (§5.5).
///
/// ```abnf
/// OWS          = *( SP / HTAB )
/// ```
pub(crate) fn ows(input: In<'_>) -> PResult<'_, In<'_>> {
    take_while(|b| b == b' ' || b == b'\t').parse(input)
}

/// The whole field value: an HTTP-date with optional whitespace around it
/// and nothing else.
pub(crate) fn field_value(input: In<'_>) -> PResult<'_, Fields> {
    in_rule(
        Rule::HttpDate,
        all_consuming(delimited(ows, http_date, ows)),
    )
    .parse(input)
}

/// ```abnf
/// HTTP-date    = IMF-fixdate / obs-date
/// ```
pub(crate) fn http_date(input: In<'_>) -> PResult<'_, Fields> {
    // spec: 9110-5.6.7-accept-all-formats
    in_rule(Rule::HttpDate, alt((imf_fixdate, obs_date))).parse(input)
}

/// ```abnf
/// IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT
/// ```
pub(crate) fn imf_fixdate(input: In<'_>) -> PResult<'_, Fields> {
    in_rule(
        Rule::ImfFixdate,
        (
            at(day_name),
            literal(b","),
            sp,
            date1,
            sp,
            time_of_day,
            sp,
            gmt,
        ),
    )
    .map(
        |(weekday, _, _, (day, month, year), _, time, _, _)| Fields {
            format: Format::ImfFixdate,
            weekday,
            day,
            month,
            year: At {
                value: Year::Full(year.value),
                rest: year.rest,
            },
            time,
        },
    )
    .parse(input)
}

/// ```abnf
/// day-name     = %s"Mon" / %s"Tue" / %s"Wed"
///              / %s"Thu" / %s"Fri" / %s"Sat" / %s"Sun"
/// ```
pub(crate) fn day_name(input: In<'_>) -> PResult<'_, Weekday> {
    in_rule(
        Rule::DayName,
        alt((
            value(Weekday::Mon, literal(b"Mon")),
            value(Weekday::Tue, literal(b"Tue")),
            value(Weekday::Wed, literal(b"Wed")),
            value(Weekday::Thu, literal(b"Thu")),
            value(Weekday::Fri, literal(b"Fri")),
            value(Weekday::Sat, literal(b"Sat")),
            value(Weekday::Sun, literal(b"Sun")),
        )),
    )
    .parse(input)
}

/// ```abnf
/// date1        = day SP month SP year
///              ; e.g., 02 Jun 1982
/// ```
pub(crate) fn date1(input: In<'_>) -> PResult<'_, (At<u8>, u8, At<u16>)> {
    in_rule(Rule::Date1, (at(day), sp, month, sp, at(year)))
        .map(|(day, _, month, _, year)| (day, month, year))
        .parse(input)
}

/// ```abnf
/// day          = 2DIGIT
/// ```
pub(crate) fn day(input: In<'_>) -> PResult<'_, u8> {
    in_rule(Rule::Day, two_digit).parse(input)
}

/// ```abnf
/// month        = %s"Jan" / %s"Feb" / %s"Mar" / %s"Apr"
///              / %s"May" / %s"Jun" / %s"Jul" / %s"Aug"
///              / %s"Sep" / %s"Oct" / %s"Nov" / %s"Dec"
/// ```
pub(crate) fn month(input: In<'_>) -> PResult<'_, u8> {
    in_rule(
        Rule::Month,
        alt((
            value(1, literal(b"Jan")),
            value(2, literal(b"Feb")),
            value(3, literal(b"Mar")),
            value(4, literal(b"Apr")),
            value(5, literal(b"May")),
            value(6, literal(b"Jun")),
            value(7, literal(b"Jul")),
            value(8, literal(b"Aug")),
            value(9, literal(b"Sep")),
            value(10, literal(b"Oct")),
            value(11, literal(b"Nov")),
            value(12, literal(b"Dec")),
        )),
    )
    .parse(input)
}

/// ```abnf
/// year         = 4DIGIT
/// ```
pub(crate) fn year(input: In<'_>) -> PResult<'_, u16> {
    in_rule(Rule::Year, four_digit).parse(input)
}

/// ```abnf
/// GMT          = %s"GMT"
/// ```
pub(crate) fn gmt(input: In<'_>) -> PResult<'_, ()> {
    in_rule(Rule::Gmt, literal(b"GMT")).parse(input)
}

/// ```abnf
/// time-of-day  = hour ":" minute ":" second
///              ; 00:00:00 - 23:59:60 (leap second)
/// ```
pub(crate) fn time_of_day(input: In<'_>) -> PResult<'_, TimeOfDay> {
    in_rule(
        Rule::TimeOfDay,
        (at(hour), char(':'), at(minute), char(':'), at(second)),
    )
    .map(|(hour, _, minute, _, second)| TimeOfDay {
        hour,
        minute,
        second,
    })
    .parse(input)
}

/// ```abnf
/// hour         = 2DIGIT
/// ```
pub(crate) fn hour(input: In<'_>) -> PResult<'_, u8> {
    in_rule(Rule::Hour, two_digit).parse(input)
}

/// ```abnf
/// minute       = 2DIGIT
/// ```
pub(crate) fn minute(input: In<'_>) -> PResult<'_, u8> {
    in_rule(Rule::Minute, two_digit).parse(input)
}

/// ```abnf
/// second       = 2DIGIT
/// ```
pub(crate) fn second(input: In<'_>) -> PResult<'_, u8> {
    in_rule(Rule::Second, two_digit).parse(input)
}

/// ```abnf
/// obs-date     = rfc850-date / asctime-date
/// ```
pub(crate) fn obs_date(input: In<'_>) -> PResult<'_, Fields> {
    in_rule(Rule::ObsDate, alt((rfc850_date, asctime_date))).parse(input)
}

/// ```abnf
/// rfc850-date  = day-name-l "," SP date2 SP time-of-day SP GMT
/// ```
pub(crate) fn rfc850_date(input: In<'_>) -> PResult<'_, Fields> {
    in_rule(
        Rule::Rfc850Date,
        (
            at(day_name_l),
            literal(b","),
            sp,
            date2,
            sp,
            time_of_day,
            sp,
            gmt,
        ),
    )
    .map(
        |(weekday, _, _, (day, month, year), _, time, _, _)| Fields {
            format: Format::Rfc850,
            weekday,
            day,
            month,
            year: At {
                value: Year::TwoDigit(year.value),
                rest: year.rest,
            },
            time,
        },
    )
    .parse(input)
}

/// ```abnf
/// date2        = day "-" month "-" 2DIGIT
///              ; e.g., 02-Jun-82
/// ```
pub(crate) fn date2(input: In<'_>) -> PResult<'_, (At<u8>, u8, At<u8>)> {
    in_rule(
        Rule::Date2,
        (at(day), char('-'), month, char('-'), at(two_digit)),
    )
    .map(|(day, _, month, _, year)| (day, month, year))
    .parse(input)
}

/// ```abnf
/// day-name-l   = %s"Monday" / %s"Tuesday" / %s"Wednesday"
///              / %s"Thursday" / %s"Friday" / %s"Saturday"
///              / %s"Sunday"
/// ```
pub(crate) fn day_name_l(input: In<'_>) -> PResult<'_, Weekday> {
    in_rule(
        Rule::DayNameL,
        alt((
            value(Weekday::Mon, literal(b"Monday")),
            value(Weekday::Tue, literal(b"Tuesday")),
            value(Weekday::Wed, literal(b"Wednesday")),
            value(Weekday::Thu, literal(b"Thursday")),
            value(Weekday::Fri, literal(b"Friday")),
            value(Weekday::Sat, literal(b"Saturday")),
            value(Weekday::Sun, literal(b"Sunday")),
        )),
    )
    .parse(input)
}

/// ```abnf
/// asctime-date = day-name SP date3 SP time-of-day SP year
/// ```
pub(crate) fn asctime_date(input: In<'_>) -> PResult<'_, Fields> {
    in_rule(
        Rule::AsctimeDate,
        (at(day_name), sp, date3, sp, time_of_day, sp, at(year)),
    )
    .map(|(weekday, _, (month, day), _, time, _, year)| Fields {
        format: Format::Asctime,
        weekday,
        day,
        month,
        year: At {
            value: Year::Full(year.value),
            rest: year.rest,
        },
        time,
    })
    .parse(input)
}

/// ```abnf
/// date3        = month SP ( 2DIGIT / ( SP 1DIGIT ))
///              ; e.g., Jun  2
/// ```
pub(crate) fn date3(input: In<'_>) -> PResult<'_, (u8, At<u8>)> {
    in_rule(
        Rule::Date3,
        (month, sp, at(alt((two_digit, preceded(sp, digit))))),
    )
    .map(|(month, _, day)| (month, day))
    .parse(input)
}
