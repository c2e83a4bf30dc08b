//! `precond explain`: one request from flags, its status and its trace.

use std::ffi::OsString;
use std::io::{self, Write};

use http::StatusCode;
use precond::{HttpDate, Outcome, RangeDecision, Trace};
use precond_range::{Boundary, Plan, Resolution};

use crate::Exit;
use crate::args::ExplainArgs;
use crate::case;
use crate::case::{Case, Input};
use crate::json::{self, Report, Resolved};
use crate::text::shown;

/// Runs `precond explain`: the status, then the trace, one stage per line
/// with the section that decided it (or the same as JSON).
pub(crate) fn run(
    args: &ExplainArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<Exit> {
    let case = match case(args) {
        Ok(case) => case,
        Err(message) => {
            writeln!(err, "error: {message}")?;
            return Ok(Exit::Unusable);
        }
    };
    if let Some(standard) = case::standard_method_ignoring_case(&case.method) {
        writeln!(
            err,
            "warning: --method {:?} is not {standard}: methods are case-sensitive (RFC 9110 §9.1), \
             so it is read as an extension method",
            case.method
        )?;
    }
    let prepared = match case.prepare(HttpDate::now()) {
        Ok(prepared) => prepared,
        Err(e) => {
            writeln!(err, "error: {}: {}", flag(e.input, args), e.message)?;
            return Ok(Exit::Unusable);
        }
    };
    let mut trace = Trace::new();
    let outcome = prepared.evaluate(&mut trace);
    let mut status = prepared.status(outcome);
    // The preconditions let the Range through: its resolution has the last word.
    let resolved = match (outcome, args.length) {
        (
            Outcome::Proceed {
                range: RangeDecision::Honour,
            },
            Some(length),
        ) => Some(resolve(&case, length)),
        _ => None,
    };
    if let Some(resolved) = &resolved {
        status = StatusCode::from_u16(resolved.status).unwrap_or(status);
    }
    if args.json {
        let mut report = Report::new(outcome, status.as_u16(), prepared.context().now(), &trace);
        report.resolution = resolved;
        writeln!(out, "{}", json::line(&report))?;
    } else {
        writeln!(out, "{}", status_line(status))?;
        writeln!(out, "{trace}")?;
        if let Some(resolved) = &resolved {
            writeln!(out, "{}", range_line(resolved))?;
        }
    }
    Ok(Exit::Success)
}

/// Resolves the request's Range against `length` (RFC 9110 §14.1.2, §14.2):
/// Range is not a list, so several field lines of it are ignored.
fn resolve(case: &Case, length: u64) -> Resolved {
    let mut lines = case
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case(b"range"))
        .map(|(_, value)| value.as_slice());
    let resolution = match (lines.next(), lines.next()) {
        (Some(value), None) => precond_range::resolve(value, length),
        _ => {
            return Resolved {
                status: 200,
                length,
                content_range: None,
                parts: Vec::new(),
                content_length: None,
                ignored: Some("the Range field is given on several lines".to_owned()),
            };
        }
    };
    let mut resolved = Resolved {
        status: resolution.status(),
        length,
        content_range: None,
        parts: Vec::new(),
        content_length: None,
        ignored: None,
    };
    match &resolution {
        Resolution::Partial(ranges) => {
            let boundary = Boundary::derive(b"precond explain");
            if let Ok(plan) = ranges.plan(None, &boundary) {
                resolved.content_length = Some(plan.content_length());
                resolved.content_range = plan.content_range().map(|c| c.to_string());
                if let Plan::Multipart(multipart) = plan {
                    resolved.parts = multipart
                        .parts()
                        .map(|part| part.content_range().to_string())
                        .collect();
                }
            }
        }
        Resolution::Unsatisfiable(none) => {
            resolved.content_range = Some(none.content_range().to_string());
        }
        Resolution::Ignored(why) => resolved.ignored = Some(why.to_string()),
    }
    resolved
}

/// `range: 206, Content-Range: bytes 0-499/10000, Content-Length: 500`, and so on.
fn range_line(resolved: &Resolved) -> String {
    let length = resolved.length;
    match (resolved.status, &resolved.content_range, &resolved.ignored) {
        (206, Some(content_range), _) => format!(
            "range: 206 of {length} bytes, Content-Range: {content_range}, Content-Length: {}",
            resolved.content_length.unwrap_or(0)
        ),
        (206, None, _) => format!(
            "range: 206 of {length} bytes, multipart/byteranges with {} parts ({}), Content-Length: {} (RFC 9110 §14.6)",
            resolved.parts.len(),
            resolved.parts.join("; "),
            resolved.content_length.unwrap_or(0)
        ),
        (416, Some(content_range), _) => format!(
            "range: 416, no range is satisfiable in {length} bytes, Content-Range: {content_range} (RFC 9110 §14.1.2, §15.5.17)"
        ),
        (_, _, Some(why)) => {
            format!("range: ignored, 200 with all {length} bytes: {why} (RFC 9110 §14.2)")
        }
        (status, _, _) => format!("range: {status}"),
    }
}

/// The flags as a [`Case`]; `Err` for a `-H` that is not `Name: value`.
fn case(args: &ExplainArgs) -> Result<Case, String> {
    let headers = args
        .headers
        .iter()
        .map(|line| field_line(line.as_encoded_bytes()))
        .collect::<Result<_, _>>()?;
    let bytes = |flag: &Option<OsString>| flag.as_ref().map(|v| v.as_encoded_bytes().to_vec());
    Ok(Case {
        method: args.method.clone(),
        headers,
        etag: bytes(&args.etag),
        last_modified: bytes(&args.last_modified),
        missing: args.missing,
        no_ranges: args.no_ranges,
        role: args.role.clone(),
        status: args.status_without_conditions,
        now: bytes(&args.now),
        epoch_policy: args.epoch_policy.clone(),
        date_strength: args.date_strength.clone(),
    })
}

/// Splits `Name: value` at the first colon; OWS (SP, HTAB) around the value
/// is removed, as a recipient does when it parses a field line (RFC 9110
/// §5.5). The name is kept as given, so a space before the colon is an error.
pub(crate) fn field_line(line: &[u8]) -> Result<(Vec<u8>, Vec<u8>), String> {
    let Some(colon) = line.iter().position(|&b| b == b':') else {
        return Err(format!(
            "-H '{}': a header is given as 'Name: value'.",
            shown(line)
        ));
    };
    let (name, value) = line.split_at(colon);
    let value = value.get(1..).unwrap_or_default();
    let is_ows = |b: &u8| *b == b' ' || *b == b'\t';
    let start = value.iter().position(|b| !is_ows(b)).unwrap_or(value.len());
    let end = value
        .iter()
        .rposition(|b| !is_ows(b))
        .map_or(start, |i| i + 1);
    let value = value.get(start..end).unwrap_or_default();
    Ok((name.to_vec(), value.to_vec()))
}

/// How the user wrote the input at fault.
fn flag(input: Input, args: &ExplainArgs) -> String {
    match input {
        Input::Method => "--method".to_owned(),
        Input::HeaderName(index) | Input::HeaderValue(index) => match args.headers.get(index) {
            Some(line) => format!("-H '{}'", shown(line.as_encoded_bytes())),
            None => "-H".to_owned(),
        },
        Input::Etag => "--etag".to_owned(),
        Input::LastModified => "--last-modified".to_owned(),
        Input::Role => "--role".to_owned(),
        Input::Status => "--status-without-conditions".to_owned(),
        Input::Now => "--now".to_owned(),
        Input::EpochPolicy => "--epoch-policy".to_owned(),
        Input::DateStrength => "--date-strength".to_owned(),
    }
}

/// `304 Not Modified`: the code and its reason phrase, if it has one.
fn status_line(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::field_line;

    /// A name and a value.
    type Split<'a> = Option<(&'a [u8], &'a [u8])>;

    fn check(line: &[u8], expected: Split<'_>) {
        let got = field_line(line).ok();
        let got = got.as_ref().map(|(n, v)| (n.as_slice(), v.as_slice()));
        assert_eq!(got, expected, "{}", line.escape_ascii());
    }

    #[test]
    fn field_lines_split_at_the_first_colon() {
        let table: [(&[u8], Split<'_>); 7] = [
            (b"If-Match: \"a\"", Some((b"If-Match", b"\"a\""))),
            (b"If-Match:\"a\"", Some((b"If-Match", b"\"a\""))),
            (b"If-Match: \t \"a\" \t", Some((b"If-Match", b"\"a\""))),
            (
                b"If-Range: Sun, 06 Nov 1994 08:49:37 GMT",
                Some((b"If-Range", b"Sun, 06 Nov 1994 08:49:37 GMT")),
            ),
            (b"If-Match:", Some((b"If-Match", b""))),
            (b"If-Match :x", Some((b"If-Match ", b"x"))),
            (b"If-Match \"a\"", None),
        ];
        for (line, expected) in table {
            check(line, expected);
        }
    }
}
