//! `precond etag`: parse an If-Match / If-None-Match list, one entity-tag,
//! or an If-Range value, and print its structure or the error.

use std::io::{self, Write};

use http::header::{IF_RANGE, RANGE};
use http::{HeaderMap, HeaderValue, Method};
use precond::date::{self, Format};
use precond::etag::{self, TagList};
use precond::{
    Context, EntityTag, EntityTagRef, Entry, HttpDate, Parsed, Representation, Request, Step,
    Trace, evaluate_traced,
};

use crate::Exit;
use crate::args::{EtagArgs, EtagKind};
use crate::case;
use crate::json::{self, Date, IfRange, List, ParseError, Tag, Verdict};
use crate::text;

/// Runs `precond etag`.
pub(crate) fn run(args: &EtagArgs, out: &mut impl Write, err: &mut impl Write) -> io::Result<Exit> {
    let value = args.value.as_encoded_bytes();
    match args.kind {
        EtagKind::List => list(value, args.json, out, err),
        EtagKind::Tag => tag(value, args.json, out, err),
        EtagKind::IfRange => {
            let now = match case::clock(args.now.as_ref().map(|now| now.as_encoded_bytes())) {
                Ok(now) => now,
                Err(message) => {
                    writeln!(err, "error: --now: {message}")?;
                    return Ok(Exit::Unusable);
                }
            };
            if_range(value, now, args.json, out, err)
        }
    }
}

/// `"*" / #entity-tag` (RFC 9110 §13.1.1, §13.1.2).
fn list(value: &[u8], json: bool, out: &mut impl Write, err: &mut impl Write) -> io::Result<Exit> {
    let list = match TagList::parse(value) {
        Ok(list) => list,
        Err(e) => {
            let what = "not an If-Match / If-None-Match value (\"*\" / #entity-tag)";
            return invalid(value, None, &ParseError::etag(&e), what, json, out, err);
        }
    };
    if json {
        let shape = List {
            any: list.is_any(),
            tags: list.iter().map(Tag::from).collect(),
        };
        writeln!(out, "{}", json::line(&Verdict::valid(None, shape)))?;
    } else if list.is_any() {
        writeln!(out, "* (any current representation)")?;
    } else if list.is_empty() {
        writeln!(out, "an empty list (no entity-tags)")?;
    } else {
        let plural = if list.len() == 1 { "" } else { "s" };
        writeln!(out, "a list of {} entity-tag{plural}", list.len())?;
        for member in &list {
            writeln!(out, "  {member} ({})", strength(member))?;
        }
    }
    Ok(Exit::Success)
}

/// `entity-tag` (RFC 9110 §8.8.3), the value of an ETag field.
fn tag(value: &[u8], json: bool, out: &mut impl Write, err: &mut impl Write) -> io::Result<Exit> {
    match EntityTagRef::parse(value) {
        Ok(tag) if json => writeln!(out, "{}", json::line(&Verdict::valid(None, Tag::from(tag))))?,
        Ok(tag) => writeln!(out, "{} entity-tag {tag}", strength(tag))?,
        Err(e) => {
            let what = "not an entity-tag";
            return invalid(value, None, &ParseError::etag(&e), what, json, out, err);
        }
    }
    Ok(Exit::Success)
}

/// What an If-Range value (RFC 9110 §13.1.5) reads as.
enum IfRangeValue {
    /// An entity-tag.
    Tag(EntityTag),
    /// An HTTP-date, and its format.
    Date(HttpDate, Format),
    /// Read as an entity-tag, but not a valid one.
    Malformed(etag::Error),
    /// Read as an HTTP-date, but not a valid one.
    InvalidDate(date::Error),
    /// Not even a field value: the byte at this offset is a control byte.
    NotFieldValue(usize),
}

/// `entity-tag / HTTP-date`: which one is decided exactly as the evaluator
/// decides it, by evaluating a GET with this If-Range and a Range and
/// looking at what step 5 parsed (so the rule lives in the library only).
fn read_if_range(value: &[u8], now: HttpDate) -> IfRangeValue {
    let Ok(field) = HeaderValue::from_bytes(value) else {
        let offset = value
            .iter()
            .position(|&b| (b < 0x20 && b != b'\t') || b == 0x7F)
            .unwrap_or_default();
        return IfRangeValue::NotFieldValue(offset);
    };
    let mut headers = HeaderMap::new();
    headers.insert(RANGE, HeaderValue::from_static("bytes=0-0"));
    headers.insert(IF_RANGE, field);
    let mut trace = Trace::new();
    let request = Request::new(&Method::GET, &headers);
    evaluate_traced(
        request,
        &Representation::new(),
        &Context::new(now),
        &mut trace,
    );
    match trace.step(Step::IfRange).map(Entry::parsed) {
        Some(Parsed::Tag(tag)) => IfRangeValue::Tag(tag.into_owned()),
        Some(Parsed::Malformed(e)) => IfRangeValue::Malformed(e),
        Some(Parsed::InvalidDate(e)) => IfRangeValue::InvalidDate(e),
        // A date (the evaluator does not keep its format; read it again),
        // or, should the evaluator ever stop reading the value here, read
        // as a date, its default.
        _ => match HttpDate::parse_with_format(value, now) {
            Ok((date, format)) => IfRangeValue::Date(date, format),
            Err(e) => IfRangeValue::InvalidDate(e),
        },
    }
}

/// `entity-tag / HTTP-date` (RFC 9110 §13.1.5).
fn if_range(
    value: &[u8],
    now: HttpDate,
    json: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<Exit> {
    const TAG: &str = "entity-tag";
    const DATE: &str = "http-date";
    let (kind, error, what) = match read_if_range(value, now) {
        IfRangeValue::Tag(tag) => {
            if json {
                let verdict = Verdict::valid(Some(TAG), IfRange::Tag(Tag::from(tag.as_tag())));
                writeln!(out, "{}", json::line(&verdict))?;
            } else if tag.is_weak() {
                writeln!(
                    out,
                    "entity-tag {tag} (weak: as an If-Range it never matches, RFC 9110 §13.1.5)"
                )?;
            } else {
                writeln!(out, "entity-tag {tag} (strong)")?;
            }
            return Ok(Exit::Success);
        }
        IfRangeValue::Date(date, format) => {
            if json {
                let verdict =
                    Verdict::valid(Some(DATE), IfRange::Date(Date::new(date, Some(format))));
                writeln!(out, "{}", json::line(&verdict))?;
            } else {
                writeln!(
                    out,
                    "HTTP-date {date} ({format}, unix {})",
                    date.unix_seconds()
                )?;
            }
            return Ok(Exit::Success);
        }
        IfRangeValue::Malformed(e) => (
            Some(TAG),
            ParseError::etag(&e),
            "not an If-Range value: it starts as an entity-tag but is not one",
        ),
        IfRangeValue::InvalidDate(e) => (
            Some(DATE),
            ParseError::date(&e),
            "not an If-Range value: it does not start as an entity-tag and is not an HTTP-date",
        ),
        IfRangeValue::NotFieldValue(offset) => (
            None,
            ParseError {
                rule: "field-value",
                offset,
                line: None,
                message: format!(
                    "Byte {offset} is a control byte, which a field value may not hold (RFC 9110 §5.5)."
                ),
            },
            "not an If-Range value",
        ),
    };
    invalid(value, kind, &error, what, json, out, err)
}

/// `strong` or `weak`.
fn strength(tag: EntityTagRef<'_>) -> &'static str {
    if tag.is_weak() { "weak" } else { "strong" }
}

/// Reports an invalid value: the JSON verdict on stdout, or the error and
/// where it is on stderr. Exit status 1.
fn invalid(
    value: &[u8],
    kind: Option<&'static str>,
    error: &ParseError,
    what: &str,
    json: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<Exit> {
    if json {
        let verdict: Verdict<Tag> = Verdict::invalid(kind, error.clone());
        writeln!(out, "{}", json::line(&verdict))?;
    } else {
        text::invalid(err, value, what, error)?;
    }
    Ok(Exit::Failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `value` reads as, as `(kind, unix seconds or opaque-tag)`.
    fn check(value: &[u8], expected: (&str, &str)) {
        let now = HttpDate::from_unix_seconds(1_714_564_800).unwrap();
        let got = match read_if_range(value, now) {
            IfRangeValue::Tag(tag) => ("tag", tag.to_string()),
            IfRangeValue::Date(date, format) => (format.as_str(), date.unix_seconds().to_string()),
            IfRangeValue::Malformed(e) => ("malformed", e.rule().as_str().to_owned()),
            IfRangeValue::InvalidDate(e) => ("invalid-date", e.rule().as_str().to_owned()),
            IfRangeValue::NotFieldValue(offset) => ("not-field-value", offset.to_string()),
        };
        assert_eq!(
            (got.0, got.1.as_str()),
            expected,
            "{}",
            value.escape_ascii()
        );
    }

    #[test]
    fn if_range_values_read_as_the_evaluator_reads_them() {
        let table: [(&[u8], (&str, &str)); 9] = [
            (b"\"v1\"", ("tag", "\"v1\"")),
            (b" W/\"v1\" ", ("tag", "W/\"v1\"")),
            (b"\"v1", ("malformed", "opaque-tag")),
            (b"W/\"v1\", \"v2\"", ("malformed", "entity-tag")),
            (
                b"Sun, 06 Nov 1994 08:49:37 GMT",
                ("imf-fixdate", "784111777"),
            ),
            (b"Sunday, 06-Nov-94 08:49:37 GMT", ("rfc850", "784111777")),
            (b"w/\"v1\"", ("invalid-date", "day-name")),
            (b"", ("invalid-date", "day-name")),
            (b"\"a\nb\"", ("not-field-value", "2")),
        ];
        for (value, expected) in table {
            check(value, expected);
        }
    }
}
