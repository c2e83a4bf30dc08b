//! `precond explain`: one request from flags, its status and its trace.

use std::ffi::OsString;
use std::io::{self, Write};

use http::StatusCode;
use precond::{HttpDate, Trace};

use crate::Exit;
use crate::args::ExplainArgs;
use crate::case;
use crate::case::{Case, Input};
use crate::json::{self, Report};
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
    let status = prepared.status(outcome);
    if args.json {
        let report = Report::new(outcome, status.as_u16(), prepared.context().now(), &trace);
        writeln!(out, "{}", json::line(&report))?;
    } else {
        writeln!(out, "{}", status_line(status))?;
        writeln!(out, "{trace}")?;
    }
    Ok(Exit::Success)
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
