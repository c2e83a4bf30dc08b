//! The JSON objects the CLI prints, one struct per shape, members in output
//! order.
//!
//! Names come from the library (`Outcome::as_str`, `Step::as_str`,
//! `Evaluation::as_str`, `Reason::as_str`, `Field::as_str`,
//! `RangeDecision::as_str`, `Format::as_str`, the error rules' `as_str`, the
//! sections); only the kinds of [`precond::Parsed`] are named here. Byte strings that are not UTF-8 (an opaque-tag or a field
//! line with obs-text) are written with each byte that is not UTF-8 escaped
//! as `\xNN`, as the text output writes them.

use std::borrow::Cow;

use precond::date::{self, Format};
use precond::{
    EntityTagRef, Entry as TraceEntry, Evaluation, Field, HttpDate, Outcome, Parsed as TraceParsed,
    RangeDecision, Step, Trace, etag,
};
use serde::Serialize;

/// An entity-tag: `{"weak": false, "opaque": "xyzzy"}` (the opaque-tag
/// without its quotes).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Tag {
    /// Whether it carries the `W/` weakness indicator.
    pub(crate) weak: bool,
    /// The bytes between the quotes.
    pub(crate) opaque: String,
}

impl From<EntityTagRef<'_>> for Tag {
    fn from(tag: EntityTagRef<'_>) -> Self {
        Tag {
            weak: tag.is_weak(),
            opaque: text(tag.opaque()).into_owned(),
        }
    }
}

/// An HTTP-date: `{"unix": 784111777, "format": "rfc850", "imf_fixdate": "Sun, …"}`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Date {
    /// Seconds since the Unix epoch.
    pub(crate) unix: i64,
    /// The format it was written in, when it was parsed from text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) format: Option<&'static str>,
    /// The date as an IMF-fixdate, the format a sender generates.
    pub(crate) imf_fixdate: String,
    /// `true` when the value wrote the leap second `23:59:60`, read as
    /// `23:59:59`; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) leap_second: Option<bool>,
}

impl Date {
    /// The date, and the format it was read in if known.
    pub(crate) fn new(date: HttpDate, format: Option<Format>) -> Self {
        Date {
            unix: date.unix_seconds(),
            format: format.map(Format::as_str),
            imf_fixdate: date.to_string(),
            leap_second: None,
        }
    }
}

/// A parse error: the ABNF rule that failed, where, and a sentence.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ParseError {
    /// The ABNF rule, as the RFC spells it.
    pub(crate) rule: &'static str,
    /// The byte offset within the value (within its field line for a list).
    pub(crate) offset: usize,
    /// The field line (from 0), for a value read from several lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) line: Option<usize>,
    /// The error as a sentence.
    pub(crate) message: String,
}

impl ParseError {
    /// An entity-tag error in a single value (no field line index).
    pub(crate) fn etag(e: &etag::Error) -> Self {
        ParseError {
            rule: e.rule().as_str(),
            offset: e.offset(),
            line: None,
            message: e.to_string(),
        }
    }

    /// An entity-tag error in a value read from one or more field lines.
    pub(crate) fn etag_in_lines(e: &etag::Error) -> Self {
        ParseError {
            line: Some(e.line()),
            ..ParseError::etag(e)
        }
    }

    /// An HTTP-date error.
    pub(crate) fn date(e: &date::Error) -> Self {
        ParseError {
            rule: e.rule().as_str(),
            offset: e.offset(),
            line: None,
            message: e.to_string(),
        }
    }
}

/// The answer of `precond etag` and `precond date --json`: `{"valid": true,
/// …the value…}` or `{"valid": false, "error": {…}}`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Verdict<T> {
    /// Whether the value is valid.
    pub(crate) valid: bool,
    /// If-Range only: `"entity-tag"` or `"http-date"`, what the value was read as.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) kind: Option<&'static str>,
    /// The value's structure, when valid.
    #[serde(flatten)]
    pub(crate) value: Option<T>,
    /// The error, when not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) error: Option<ParseError>,
}

impl<T> Verdict<T> {
    /// A valid value.
    pub(crate) fn valid(kind: Option<&'static str>, value: T) -> Self {
        Verdict {
            valid: true,
            kind,
            value: Some(value),
            error: None,
        }
    }

    /// An invalid value.
    pub(crate) fn invalid(kind: Option<&'static str>, error: ParseError) -> Self {
        Verdict {
            valid: false,
            kind,
            value: None,
            error: Some(error),
        }
    }
}

/// An If-Match / If-None-Match value: `{"any": false, "tags": […]}`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct List {
    /// The value is `*`.
    pub(crate) any: bool,
    /// The members, in order (none for `*`).
    pub(crate) tags: Vec<Tag>,
}

/// An If-Range value: an entity-tag or an HTTP-date.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub(crate) enum IfRange {
    /// An entity-tag.
    Tag(Tag),
    /// An HTTP-date.
    Date(Date),
}

/// The result of one evaluation (`precond explain --json`, and each line of
/// `precond check`).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Report {
    /// The status: the unconditional one, 206, 304 or 412.
    pub(crate) status: u16,
    /// `"ignored"`, `"proceed"`, `"not-modified"` or `"precondition-failed"`.
    pub(crate) outcome: &'static str,
    /// The deciding step (`Step::as_str`), `null` when the conditions were ignored.
    pub(crate) step: Option<&'static str>,
    /// For `proceed`: what to do with the Range (`RangeDecision::as_str`).
    pub(crate) range: Option<&'static str>,
    /// The section of the stage that ended the evaluation.
    pub(crate) section: Option<&'static str>,
    /// The outcome as a sentence.
    pub(crate) decision: String,
    /// The clock the evaluation used.
    pub(crate) now: String,
    /// The Last-Modified the conditions were compared with, after the
    /// library's policies (RFC 9110 §8.8.2.1 clamp, epoch), if any.
    pub(crate) last_modified: Option<String>,
    /// The Last-Modified the epoch policy set aside as a placeholder (Unix
    /// second 0 or 1); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) placeholder_last_modified: Option<String>,
    /// Every stage visited, in order.
    pub(crate) trace: Vec<Entry>,
    /// What an honoured Range resolved to (`precond explain --length`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) resolution: Option<Resolved>,
}

/// An honoured Range resolved against the representation's length (RFC 9110 §14).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Resolved {
    /// 206, 416, or 200 when the Range is ignored.
    pub(crate) status: u16,
    /// The representation length it was resolved against.
    pub(crate) length: u64,
    /// A single-part 206's or a 416's Content-Range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) content_range: Option<String>,
    /// A multipart 206's parts, each as its Content-Range.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) parts: Vec<String>,
    /// A 206's Content-Length (multipart framing included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) content_length: Option<u64>,
    /// Why the Range is ignored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) ignored: Option<String>,
}

impl Report {
    /// The report of an evaluation whose trace is `trace`, with `status`,
    /// at `now`.
    pub(crate) fn new(outcome: Outcome, status: u16, now: HttpDate, trace: &Trace<'_>) -> Self {
        Report {
            status,
            outcome: outcome.as_str(),
            step: outcome.deciding_step().map(Step::as_str),
            range: outcome.range().map(RangeDecision::as_str),
            section: trace.entries().last().map(TraceEntry::section),
            decision: outcome.to_string(),
            now: now.to_string(),
            last_modified: trace.last_modified().map(|date| date.to_string()),
            placeholder_last_modified: trace.placeholder().map(|date| date.to_string()),
            trace: trace.iter().map(Entry::from).collect(),
            resolution: None,
        }
    }
}

/// One line of `precond check` output for a case that ran.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct CaseLine<'a> {
    /// The input line's number, from 1.
    pub(crate) line: usize,
    /// The case's `id`, `null` without one.
    pub(crate) id: &'a serde_json::Value,
    /// The result.
    #[serde(flatten)]
    pub(crate) report: Report,
    /// The case's `expect`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) expect: Option<u16>,
    /// Whether `status` is `expect`, when the case has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) pass: Option<bool>,
}

/// One line of `precond check` output for a line that could not be used.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ErrorLine<'a> {
    /// The input line's number, from 1.
    pub(crate) line: usize,
    /// The case's `id` if it could be read, else `null`.
    pub(crate) id: &'a serde_json::Value,
    /// What is wrong.
    pub(crate) error: LineError,
}

/// What is wrong with an input line.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct LineError {
    /// The member at fault as a JSON path (`headers[1][0]`, `resource.etag`),
    /// `null` when the line is not a JSON object at all.
    pub(crate) field: Option<String>,
    /// Why, as a sentence.
    pub(crate) message: String,
}

/// One stage of the trace.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Entry {
    /// The step number (1 to 6), `null` for the RFC 9110 §13.2.1 gate.
    pub(crate) step: Option<u8>,
    /// `"gate"` or the step's `as_str` (`"if-none-match"` …).
    pub(crate) name: String,
    /// The header field read (`"If-None-Match"` …), if any.
    pub(crate) field: Option<&'static str>,
    /// Its field lines, as received.
    pub(crate) lines: Vec<String>,
    /// What the value parsed to.
    pub(crate) parsed: ParsedValue,
    /// `"true"`, `"false"` or `"ignored"`.
    pub(crate) evaluation: &'static str,
    /// Why it was ignored, as a sentence.
    pub(crate) reason: Option<String>,
    /// The section that decided the evaluation.
    pub(crate) section: &'static str,
    /// The entry as one line of text (`precond explain` prints these).
    pub(crate) text: String,
}

impl From<&TraceEntry<'_>> for Entry {
    fn from(entry: &TraceEntry<'_>) -> Self {
        let reason = match entry.evaluation() {
            Evaluation::True | Evaluation::False => None,
            Evaluation::Ignored(why) => Some(why.to_string()),
        };
        Entry {
            step: entry.step().map(Step::number),
            name: match entry.step() {
                Some(step) => step.as_str().to_owned(),
                None => entry.stage().to_string(),
            },
            field: entry.field().map(Field::as_str),
            lines: entry
                .lines()
                .iter()
                .map(|line| text(line.as_bytes()).into_owned())
                .collect(),
            parsed: ParsedValue::from(entry.parsed()),
            evaluation: entry.evaluation().as_str(),
            reason,
            section: entry.section(),
            text: entry.to_string(),
        }
    }
}

/// What a field value parsed to: `{"kind": "tags", "count": 2, "matched": {…}}` …
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub(crate) enum ParsedValue {
    /// The field is absent.
    Absent,
    /// The value was not parsed.
    NotParsed,
    /// `*`.
    Any,
    /// A list of entity-tags and the first that matched.
    Tags {
        /// Number of members.
        count: usize,
        /// The first member that matched.
        matched: Option<Tag>,
    },
    /// Not a valid entity-tag list (or If-Range entity-tag).
    Malformed {
        /// Why.
        error: ParseError,
    },
    /// If-Range: an entity-tag.
    Tag {
        /// The tag.
        tag: Tag,
    },
    /// An HTTP-date.
    Date {
        /// The date.
        date: Date,
    },
    /// Not a valid HTTP-date.
    InvalidDate {
        /// Why.
        error: ParseError,
    },
    /// A date field on several field lines.
    ListOfDates,
    /// If-Range on several field lines.
    SeveralValues,
}

impl From<TraceParsed<'_>> for ParsedValue {
    fn from(parsed: TraceParsed<'_>) -> Self {
        match parsed {
            TraceParsed::Absent => ParsedValue::Absent,
            TraceParsed::NotParsed => ParsedValue::NotParsed,
            TraceParsed::Any => ParsedValue::Any,
            TraceParsed::Tags { count, matched } => ParsedValue::Tags {
                count,
                matched: matched.map(Tag::from),
            },
            TraceParsed::Malformed(e) => ParsedValue::Malformed {
                error: ParseError::etag_in_lines(&e),
            },
            TraceParsed::Tag(tag) => ParsedValue::Tag {
                tag: Tag::from(tag),
            },
            TraceParsed::Date(date) => ParsedValue::Date {
                date: Date::new(date, None),
            },
            TraceParsed::LeapSecond(date) => ParsedValue::Date {
                date: Date {
                    leap_second: Some(true),
                    ..Date::new(date, None)
                },
            },
            // The section (§8.8.2.2) and the text say why it cannot match.
            TraceParsed::DateNotStrong(date) => ParsedValue::Date {
                date: Date::new(date, None),
            },
            TraceParsed::InvalidDate(e) => ParsedValue::InvalidDate {
                error: ParseError::date(&e),
            },
            TraceParsed::ListOfDates => ParsedValue::ListOfDates,
            TraceParsed::SeveralValues => ParsedValue::SeveralValues,
        }
    }
}

/// Bytes as text: UTF-8 as it is, every other byte escaped as `\xNN`
/// (as the entity-tags' `Display` and the trace write them).
pub(crate) fn text(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let mut text = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for byte in chunk.invalid() {
            text.push_str(&format!("\\x{byte:02x}"));
        }
    }
    Cow::Owned(text)
}

/// One JSON value on one line.
pub(crate) fn line<T: Serialize>(value: &T) -> String {
    // Serialising these shapes cannot fail: every map key is a string.
    serde_json::to_string(value).unwrap_or_else(|e| {
        serde_json::json!({ "error": { "message": format!("cannot write JSON: {e}") } }).to_string()
    })
}
