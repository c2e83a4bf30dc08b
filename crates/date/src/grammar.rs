//! The HTTP-date grammar of RFC 9110 §5.6.7, one nom parser per ABNF rule.
//!
//! This is the reference parser: syntax only. It yields the fields as written
//! ([`Fields`]), each with its position, or the syntax error (the innermost
//! rule, the offset and the byte); whether the fields name a real instant is
//! decided afterwards by [`crate::check::resolve`]. The fast path
//! (`crate::layout`) must read and reject every input it answers for exactly
//! as this module does: property tests (`crate::tests`) and debug
//! assertions (`crate::parse`) check it.
//!
//! Positions are kept as the length of the input remaining at that point
//! (`rest`), which needs no reference to the start of the input; [`fields`]
//! turns an error's into an offset.

use nom::branch::alt;
use nom::bytes::complete::take_while;
use nom::character::complete::{char, satisfy};
use nom::combinator::{all_consuming, value};
use nom::error::{ErrorKind as NomErrorKind, ParseError};
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

use crate::check::{At, Fields, TimeOfDay, Year};
use crate::{Error, ErrorKind, Format, Rule, Weekday};

type Input<'a> = &'a [u8];
type PResult<'a, O> = IResult<Input<'a>, O, SyntaxError>;

/// The fields of a field value that is an HTTP-date with optional whitespace
/// around it and nothing else, or the syntax error.
pub(crate) fn fields(input: &[u8]) -> Result<Fields, Error> {
    match field_value(input) {
        Ok((_, fields)) => Ok(fields),
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
            let kind = match e.found {
                Some(byte) => ErrorKind::UnexpectedByte { byte },
                None => ErrorKind::UnexpectedEnd,
            };
            Err(Error::new(
                e.rule.unwrap_or(Rule::HttpDate),
                input.len().saturating_sub(e.rest),
                kind,
            ))
        }
        // Complete parsers never ask for more input; report it as the end.
        Err(nom::Err::Incomplete(_)) => Err(Error::new(
            Rule::HttpDate,
            input.len(),
            ErrorKind::UnexpectedEnd,
        )),
    }
}

/// A syntax error inside the grammar.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct SyntaxError {
    /// Input remaining at the offending byte.
    rest: usize,
    /// The innermost rule that failed, once known.
    rule: Option<Rule>,
    /// The offending byte; `None` at the end of the input.
    found: Option<u8>,
}

impl SyntaxError {
    fn at(input: Input<'_>) -> Self {
        Self {
            rest: input.len(),
            rule: None,
            found: input.first().copied(),
        }
    }
}

impl<'a> ParseError<Input<'a>> for SyntaxError {
    fn from_error_kind(input: Input<'a>, _: NomErrorKind) -> Self {
        Self::at(input)
    }

    fn append(_: Input<'a>, _: NomErrorKind, other: Self) -> Self {
        other
    }

    /// Of two failed alternatives, report the one that got further (on a tie,
    /// the earlier alternative).
    fn or(self, other: Self) -> Self {
        if other.rest < self.rest { other } else { self }
    }
}

/// Runs `parser`; an error that no inner rule has claimed is attributed to `rule`.
fn in_rule<'a, O>(
    rule: Rule,
    mut parser: impl Parser<Input<'a>, Output = O, Error = SyntaxError>,
) -> impl Parser<Input<'a>, Output = O, Error = SyntaxError> {
    move |input: Input<'a>| {
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
    mut parser: impl Parser<Input<'a>, Output = O, Error = SyntaxError>,
) -> impl Parser<Input<'a>, Output = At<O>, Error = SyntaxError> {
    move |input: Input<'a>| {
        let rest = input.len();
        let (input, value) = parser.parse(input)?;
        Ok((input, At { value, rest }))
    }
}

/// A case-sensitive literal (`%s"…"` in the ABNF). Unlike nom's `tag`, a
/// mismatch is reported at the first byte that differs, not at the start.
fn literal<'a>(expected: &'static [u8]) -> impl Fn(Input<'a>) -> PResult<'a, ()> {
    move |input: Input<'a>| {
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
fn sp(input: Input<'_>) -> PResult<'_, char> {
    char(' ').parse(input)
}

/// `DIGIT = %x30-39`, as its value 0–9.
fn digit(input: Input<'_>) -> PResult<'_, u8> {
    satisfy(|c| c.is_ascii_digit())
        .map(|c| (c as u8).wrapping_sub(b'0'))
        .parse(input)
}

/// `2DIGIT`, as its value 0–99.
fn two_digit(input: Input<'_>) -> PResult<'_, u8> {
    (digit, digit).map(|(a, b)| a * 10 + b).parse(input)
}

/// `4DIGIT`, as its value 0–9999.
fn four_digit(input: Input<'_>) -> PResult<'_, u16> {
    (two_digit, two_digit)
        .map(|(a, b)| u16::from(a) * 100 + u16::from(b))
        .parse(input)
}

/// Optional whitespace (RFC 9110 §5.6.3), trimmed around a field value (§5.5).
///
/// ```abnf
/// OWS          = *( SP / HTAB )
/// ```
fn ows(input: Input<'_>) -> PResult<'_, Input<'_>> {
    take_while(|b| b == b' ' || b == b'\t').parse(input)
}

/// The whole field value: an HTTP-date with optional whitespace around it
/// and nothing else.
fn field_value(input: Input<'_>) -> PResult<'_, Fields> {
    in_rule(
        Rule::HttpDate,
        all_consuming(delimited(ows, http_date, ows)),
    )
    .parse(input)
}

/// ```abnf
/// HTTP-date    = IMF-fixdate / obs-date
/// ```
fn http_date(input: Input<'_>) -> PResult<'_, Fields> {
    // spec: 9110-5.6.7-accept-all-formats
    in_rule(Rule::HttpDate, alt((imf_fixdate, obs_date))).parse(input)
}

/// ```abnf
/// IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT
/// ```
fn imf_fixdate(input: Input<'_>) -> PResult<'_, Fields> {
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
fn day_name(input: Input<'_>) -> PResult<'_, Weekday> {
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
fn date1(input: Input<'_>) -> PResult<'_, (At<u8>, u8, At<u16>)> {
    in_rule(Rule::Date1, (at(day), sp, month, sp, at(year)))
        .map(|(day, _, month, _, year)| (day, month, year))
        .parse(input)
}

/// ```abnf
/// day          = 2DIGIT
/// ```
fn day(input: Input<'_>) -> PResult<'_, u8> {
    in_rule(Rule::Day, two_digit).parse(input)
}

/// ```abnf
/// month        = %s"Jan" / %s"Feb" / %s"Mar" / %s"Apr"
///              / %s"May" / %s"Jun" / %s"Jul" / %s"Aug"
///              / %s"Sep" / %s"Oct" / %s"Nov" / %s"Dec"
/// ```
fn month(input: Input<'_>) -> PResult<'_, u8> {
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
fn year(input: Input<'_>) -> PResult<'_, u16> {
    in_rule(Rule::Year, four_digit).parse(input)
}

/// ```abnf
/// GMT          = %s"GMT"
/// ```
fn gmt(input: Input<'_>) -> PResult<'_, ()> {
    in_rule(Rule::Gmt, literal(b"GMT")).parse(input)
}

/// ```abnf
/// time-of-day  = hour ":" minute ":" second
///              ; 00:00:00 - 23:59:60 (leap second)
/// ```
fn time_of_day(input: Input<'_>) -> PResult<'_, TimeOfDay> {
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
fn hour(input: Input<'_>) -> PResult<'_, u8> {
    in_rule(Rule::Hour, two_digit).parse(input)
}

/// ```abnf
/// minute       = 2DIGIT
/// ```
fn minute(input: Input<'_>) -> PResult<'_, u8> {
    in_rule(Rule::Minute, two_digit).parse(input)
}

/// ```abnf
/// second       = 2DIGIT
/// ```
fn second(input: Input<'_>) -> PResult<'_, u8> {
    in_rule(Rule::Second, two_digit).parse(input)
}

/// ```abnf
/// obs-date     = rfc850-date / asctime-date
/// ```
fn obs_date(input: Input<'_>) -> PResult<'_, Fields> {
    in_rule(Rule::ObsDate, alt((rfc850_date, asctime_date))).parse(input)
}

/// ```abnf
/// rfc850-date  = day-name-l "," SP date2 SP time-of-day SP GMT
/// ```
fn rfc850_date(input: Input<'_>) -> PResult<'_, Fields> {
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
fn date2(input: Input<'_>) -> PResult<'_, (At<u8>, u8, At<u8>)> {
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
fn day_name_l(input: Input<'_>) -> PResult<'_, Weekday> {
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
fn asctime_date(input: Input<'_>) -> PResult<'_, Fields> {
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
fn date3(input: Input<'_>) -> PResult<'_, (u8, At<u8>)> {
    in_rule(
        Rule::Date3,
        (month, sp, at(alt((two_digit, preceded(sp, digit))))),
    )
    .map(|(month, _, day)| (month, day))
    .parse(input)
}
