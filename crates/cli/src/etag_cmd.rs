//! `precond etag`: parse an If-Match / If-None-Match list, one entity-tag,
//! or an If-Range value, and print its structure or the error.

use std::io::{self, Write};

use http::HeaderValue;
use precond::etag::TagList;
use precond::{EntityTagRef, HttpDate, IfRangeError, IfRangeValue};

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

/// What an If-Range value reads as: the library's reading (the one the
/// evaluator uses), or the offset of a byte no field value may hold.
fn read_if_range(
    value: &[u8],
    now: HttpDate,
) -> Result<Result<IfRangeValue<'_>, IfRangeError>, usize> {
    if HeaderValue::from_bytes(value).is_err() {
        let offset = value
            .iter()
            .position(|&b| (b < 0x20 && b != b'\t') || b == 0x7F)
            .unwrap_or_default();
        return Err(offset);
    }
    Ok(IfRangeValue::parse(value, now))
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
        Ok(Ok(IfRangeValue::Tag(tag))) => {
            if json {
                let verdict = Verdict::valid(Some(TAG), IfRange::Tag(Tag::from(tag)));
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
        Ok(Ok(IfRangeValue::Date(read))) => {
            let (date, format) = (read.date(), read.format());
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
        Ok(Err(IfRangeError::Tag(e))) => (
            Some(TAG),
            ParseError::etag(&e),
            "not an If-Range value: it starts as an entity-tag but is not one",
        ),
        Ok(Err(IfRangeError::Date(e))) => (
            Some(DATE),
            ParseError::date(&e),
            "not an If-Range value: it does not start as an entity-tag and is not an HTTP-date",
        ),
        Err(offset) => (
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
            Ok(Ok(IfRangeValue::Tag(tag))) => ("tag", tag.to_string()),
            Ok(Ok(IfRangeValue::Date(read))) => (
                read.format().as_str(),
                read.date().unix_seconds().to_string(),
            ),
            Ok(Err(IfRangeError::Tag(e))) => ("malformed", e.rule().as_str().to_owned()),
            Ok(Err(IfRangeError::Date(e))) => ("invalid-date", e.rule().as_str().to_owned()),
            Err(offset) => ("not-field-value", offset.to_string()),
        };
        assert_eq!(
            (got.0, got.1.as_str()),
            expected,
            "{}",
            value.escape_ascii()
        );
    }

    #[test]
    fn if_range_values_read_as_the_library_reads_them() {
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
