//! `precond check`: JSON Lines in, JSON Lines out, one case per line.
//!
//! Each non-blank line is one JSON object (the format of
//! `tests/vectors/*.jsonl`, see `precond check --help`). It is read into a
//! [`Case`] here, by member, so that an error can name the member at fault
//! as a JSON path (`headers[1][0]`, `resource.etag`); the case is then
//! validated and evaluated by [`Case::prepare`], the same builder `precond
//! explain` uses. Members this format does not know (such as the vectors'
//! `"proves"`) are ignored.
//!
//! Exit status: [`Exit::Unusable`] (2) when the input as a whole cannot be
//! used (it cannot be read, it is not UTF-8, or it holds no case: an empty
//! or blank file is taken for a truncated one): nothing is run and nothing
//! is printed on stdout. Otherwise every line is run; [`Exit::Failed`] (1)
//! when a case did not get its `expect` or a line could not be used (such a
//! line counts as failed), [`Exit::Success`] (0) otherwise.

use std::io::{self, Read, Write};
use std::path::Path;

use http::StatusCode;
use precond::{HttpDate, Trace};
use serde_json::{Map, Value};

use crate::Exit;
use crate::args::CheckArgs;
use crate::case::{Case, Input, InputError};
use crate::json::{self, CaseLine, ErrorLine, LineError, Report};

/// One input line read into a case.
#[derive(Debug)]
pub(crate) struct Line {
    /// The `id` member, `null` if absent.
    pub(crate) id: Value,
    /// The evaluation's input.
    pub(crate) case: Case,
    /// The `expect` member.
    pub(crate) expect: Option<u16>,
}

/// How many cases passed and failed.
#[derive(Clone, Copy, Default, Debug)]
struct Tally {
    /// Cases that got their `expect`.
    passed: usize,
    /// Cases that did not, and lines that could not be used.
    failed: usize,
    /// Whether any case had an `expect`.
    expectations: bool,
}

/// Runs `precond check`.
pub(crate) fn run(
    args: &CheckArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<Exit> {
    let path = args.input.as_deref().filter(|p| *p != Path::new("-"));
    let name = path.map_or_else(|| "standard input".to_owned(), |p| p.display().to_string());
    let bytes = match read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            writeln!(err, "error: cannot read {name}: {e}")?;
            return Ok(Exit::Unusable);
        }
    };
    let text = match utf8(&bytes) {
        Ok(text) => text,
        Err(why) => {
            writeln!(
                err,
                "error: {name} is not UTF-8 text: {why}; nothing was run"
            )?;
            return Ok(Exit::Unusable);
        }
    };
    // One clock reading for every case without a `now`.
    let clock = HttpDate::now();
    if text.lines().all(|line| line.trim().is_empty()) {
        // An empty or blank file is most likely a truncated one: it must not
        // pass.
        writeln!(err, "error: {name} has no cases; nothing was run")?;
        return Ok(Exit::Unusable);
    }
    let mut tally = Tally::default();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        run_line(index + 1, line, clock, &mut tally, out, err)?;
    }
    if tally.expectations || tally.failed > 0 {
        writeln!(err, "{} passed, {} failed", tally.passed, tally.failed)?;
    }
    Ok(if tally.failed > 0 {
        Exit::Failed
    } else {
        Exit::Success
    })
}

/// Runs the line numbered `number` (from 1) and prints its result.
fn run_line(
    number: usize,
    text: &str,
    clock: HttpDate,
    tally: &mut Tally,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<()> {
    let value = match serde_json::from_str::<Value>(text) {
        Ok(value) => value,
        Err(e) => {
            let error = LineError {
                field: None,
                message: format!("not a JSON value: {}", json_error(&e)),
            };
            return fail(number, &Value::Null, error, tally, out, err);
        }
    };
    let line = match read_line(&value) {
        Ok(line) => line,
        Err(error) => {
            let id = value.get("id").unwrap_or(&Value::Null);
            return fail(number, id, error, tally, out, err);
        }
    };
    let prepared = match line.case.prepare(clock) {
        Ok(prepared) => prepared,
        Err(e) => return fail(number, &line.id, line_error(&e), tally, out, err),
    };
    let mut trace = Trace::new();
    let outcome = prepared.evaluate(&mut trace);
    let status = prepared.status(outcome).as_u16();
    let report = Report::new(outcome, status, prepared.context().now(), &trace);
    let pass = line.expect.map(|expect| expect == status);
    if let Some(expect) = line.expect {
        tally.expectations = true;
        if expect == status {
            tally.passed += 1;
        } else {
            tally.failed += 1;
            writeln!(
                err,
                "line {number}{}: expected {expect}, got {status}: {}",
                id_suffix(&line.id),
                report.decision
            )?;
        }
    }
    let result = CaseLine {
        line: number,
        id: &line.id,
        report,
        expect: line.expect,
        pass,
    };
    writeln!(out, "{}", json::line(&result))
}

/// Prints the error object of a line that cannot be used, and counts it as failed.
fn fail(
    number: usize,
    id: &Value,
    error: LineError,
    tally: &mut Tally,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<()> {
    tally.failed += 1;
    match &error.field {
        Some(field) => writeln!(
            err,
            "line {number}{}: {field}: {}",
            id_suffix(id),
            error.message
        )?,
        None => writeln!(err, "line {number}{}: {}", id_suffix(id), error.message)?,
    }
    let result = ErrorLine {
        line: number,
        id,
        error,
    };
    writeln!(out, "{}", json::line(&result))
}

/// ` (id "x")`, or nothing without an id.
fn id_suffix(id: &Value) -> String {
    match id {
        Value::Null => String::new(),
        id => format!(" (id {id})"),
    }
}

/// The bytes of the file, or of standard input when `path` is `None`.
fn read(path: Option<&Path>) -> io::Result<Vec<u8>> {
    match path {
        Some(path) => std::fs::read(path),
        None => {
            let mut bytes = Vec::new();
            io::stdin().lock().read_to_end(&mut bytes)?;
            Ok(bytes)
        }
    }
}

/// The input as text, without a leading byte order mark; `Err` says where
/// it stops being UTF-8.
fn utf8(bytes: &[u8]) -> Result<&str, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let byte = bytes.get(e.valid_up_to()).copied().unwrap_or_default();
        format!(
            "byte 0x{byte:02X} at line {line}, offset {} of the line, is not part of a UTF-8 sequence",
            e.valid_up_to() - start
        )
    })
}

/// A serde_json error without its `at line 1` (every input line is one JSON text).
fn json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&position) {
        Some(message) => format!("{message} at column {}", e.column()),
        None => text,
    }
}

/// The JSON path of an input.
fn path(input: Input) -> String {
    match input {
        Input::Method => "method".to_owned(),
        Input::HeaderName(index) => format!("headers[{index}][0]"),
        Input::HeaderValue(index) => format!("headers[{index}][1]"),
        Input::Etag => "resource.etag".to_owned(),
        Input::LastModified => "resource.last_modified".to_owned(),
        Input::Role => "role".to_owned(),
        Input::Status => "status_without_conditions".to_owned(),
        Input::Now => "now".to_owned(),
        Input::EpochPolicy => "epoch_policy".to_owned(),
        Input::DateStrength => "date_strength".to_owned(),
    }
}

/// An input error as a line error, naming the member by its JSON path.
fn line_error(e: &InputError) -> LineError {
    LineError {
        field: Some(path(e.input)),
        message: e.message.clone(),
    }
}

/// A line error about the member at `path`.
fn member_error(path: &str, message: String) -> LineError {
    LineError {
        field: Some(path.to_owned()),
        message,
    }
}

/// What kind of JSON value `value` is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The string member `key` of `object` (at `path`), if present.
fn string(object: &Map<String, Value>, key: &str, path: &str) -> Result<Option<String>, LineError> {
    match object.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(member_error(
            path,
            format!("must be a string, not {}.", kind(other)),
        )),
    }
}

/// The boolean member `key` of `object` (at `path`), if present.
fn boolean(object: &Map<String, Value>, key: &str, path: &str) -> Result<Option<bool>, LineError> {
    match object.get(key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(member_error(
            path,
            format!("must be true or false, not {}.", kind(other)),
        )),
    }
}

/// The non-negative integer member `key` of `object` (at `path`), if present.
fn integer(object: &Map<String, Value>, key: &str) -> Result<Option<u64>, LineError> {
    match object.get(key) {
        None => Ok(None),
        Some(value) => value.as_u64().map(Some).ok_or_else(|| {
            member_error(
                key,
                format!("must be a status code (an integer), not {value}."),
            )
        }),
    }
}

/// Reads one case object: the one reader of this format (the conformance
/// vectors' test, `vectors.rs`, reads them through it too).
pub(crate) fn read_line(value: &Value) -> Result<Line, LineError> {
    let Some(object) = value.as_object() else {
        return Err(LineError {
            field: None,
            message: format!("a case is a JSON object, not {}.", kind(value)),
        });
    };
    let id = object.get("id").cloned().unwrap_or(Value::Null);
    let method = string(object, "method", "method")?.ok_or_else(|| {
        member_error(
            "method",
            "is missing: every case names its method.".to_owned(),
        )
    })?;
    let headers = match object.get("headers") {
        None => Vec::new(),
        Some(Value::Array(lines)) => lines
            .iter()
            .enumerate()
            .map(|(index, line)| header(index, line))
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(member_error(
                "headers",
                format!(
                    "must be an array of [name, value] pairs, not {}.",
                    kind(other)
                ),
            ));
        }
    };
    let empty = Map::new();
    let resource = match object.get("resource") {
        None => &empty,
        Some(Value::Object(resource)) => resource,
        Some(other) => {
            return Err(member_error(
                "resource",
                format!("must be an object, not {}.", kind(other)),
            ));
        }
    };
    let bytes = |text: Option<String>| text.map(String::into_bytes);
    let case = Case {
        method,
        headers,
        etag: bytes(string(resource, "etag", "resource.etag")?),
        last_modified: bytes(string(resource, "last_modified", "resource.last_modified")?),
        missing: !boolean(resource, "exists", "resource.exists")?.unwrap_or(true),
        no_ranges: !boolean(resource, "ranges", "resource.ranges")?.unwrap_or(true),
        role: string(object, "role", "role")?,
        status: integer(object, "status_without_conditions")?,
        now: bytes(string(object, "now", "now")?),
        epoch_policy: string(object, "epoch_policy", "epoch_policy")?,
        date_strength: string(object, "date_strength", "date_strength")?,
    };
    let expect = integer(object, "expect")?
        .map(|code| {
            u16::try_from(code)
                .ok()
                .and_then(|code| StatusCode::from_u16(code).ok())
                .map(|status| status.as_u16())
                .ok_or_else(|| {
                    member_error(
                        "expect",
                        format!("{code} is not a status code (100 to 999)."),
                    )
                })
        })
        .transpose()?;
    Ok(Line { id, case, expect })
}

/// The field line at `index` of `headers`: `[name, value]`.
fn header(index: usize, line: &Value) -> Result<(Vec<u8>, Vec<u8>), LineError> {
    match line.as_array().map(Vec::as_slice) {
        Some([Value::String(name), Value::String(value)]) => {
            Ok((name.as_bytes().to_vec(), value.as_bytes().to_vec()))
        }
        _ => Err(member_error(
            &format!("headers[{index}]"),
            format!("must be a [name, value] pair of strings, not {line}."),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `line` and returns the path of the member at fault, if any.
    fn check(line: &str, expected: Option<&str>) {
        let value: Value = serde_json::from_str(line).unwrap();
        let got = read_line(&value)
            .and_then(|line| {
                line.case
                    .prepare(HttpDate::UNIX_EPOCH)
                    .map_err(|e| line_error(&e))
                    .map(|_| ())
            })
            .err()
            .map(|e| e.field.unwrap_or_default());
        assert_eq!(got.as_deref(), expected, "{line}");
    }

    #[test]
    fn errors_name_the_member() {
        let table = [
            (r#"{"method": "GET"}"#, None),
            (r#"{"method": "GET", "proves": ["x"], "other": {}}"#, None),
            (r#"[]"#, Some("")),
            (r#"{}"#, Some("method")),
            (r#"{"method": 1}"#, Some("method")),
            (r#"{"method": "G T"}"#, Some("method")),
            (r#"{"method": "GET", "headers": {}}"#, Some("headers")),
            (
                r#"{"method": "GET", "headers": [["A", "b"], ["A"]]}"#,
                Some("headers[1]"),
            ),
            (
                r#"{"method": "GET", "headers": [["A", 1]]}"#,
                Some("headers[0]"),
            ),
            (
                r#"{"method": "GET", "headers": [["A b", "c"]]}"#,
                Some("headers[0][0]"),
            ),
            (
                r#"{"method": "GET", "headers": [["A", "\u0001"]]}"#,
                Some("headers[0][1]"),
            ),
            (r#"{"method": "GET", "resource": []}"#, Some("resource")),
            (
                r#"{"method": "GET", "resource": {"etag": 5}}"#,
                Some("resource.etag"),
            ),
            (
                r#"{"method": "GET", "resource": {"etag": "x"}}"#,
                Some("resource.etag"),
            ),
            (
                r#"{"method": "GET", "resource": {"last_modified": "x"}}"#,
                Some("resource.last_modified"),
            ),
            (
                r#"{"method": "GET", "resource": {"exists": "no"}}"#,
                Some("resource.exists"),
            ),
            (
                r#"{"method": "GET", "resource": {"ranges": 0}}"#,
                Some("resource.ranges"),
            ),
            (r#"{"method": "GET", "role": "proxy"}"#, Some("role")),
            (
                r#"{"method": "GET", "status_without_conditions": "200"}"#,
                Some("status_without_conditions"),
            ),
            (
                r#"{"method": "GET", "status_without_conditions": -1}"#,
                Some("status_without_conditions"),
            ),
            (
                r#"{"method": "GET", "status_without_conditions": 1000}"#,
                Some("status_without_conditions"),
            ),
            (r#"{"method": "GET", "now": "x"}"#, Some("now")),
            (r#"{"method": "GET", "expect": 2.5}"#, Some("expect")),
            (r#"{"method": "GET", "expect": 42}"#, Some("expect")),
        ];
        for (line, expected) in table {
            check(line, expected);
        }
    }

    #[test]
    fn utf8_errors_say_where() {
        let table: [(&[u8], Result<&str, &str>); 4] = [
            (b"{}\n", Ok("{}\n")),
            (b"\xEF\xBB\xBF{}", Ok("{}")),
            (
                b"{}\n{\xff}",
                Err("byte 0xFF at line 2, offset 1 of the line, is not part of a UTF-8 sequence"),
            ),
            (
                b"\xff\xfe{\x00}\x00",
                Err("byte 0xFF at line 1, offset 0 of the line, is not part of a UTF-8 sequence"),
            ),
        ];
        for (bytes, expected) in table {
            assert_eq!(utf8(bytes).as_deref().map_err(String::as_str), expected);
        }
    }
}
