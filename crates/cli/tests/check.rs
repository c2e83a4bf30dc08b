//! `precond check`, end to end through the built binary, including every
//! conformance vector file.

mod support;

use serde_json::{Value, json};
use support::{Run, precond, precond_with_stdin, scratch_file, vector_dir};

/// Every `tests/vectors/*.jsonl` file passes in full: exit status 0, one
/// result per case, each `"pass": true`, and `N passed, 0 failed`.
#[test]
fn every_vector_file_passes() {
    let mut files: Vec<_> = std::fs::read_dir(vector_dir())
        .expect("tests/vectors exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vector files");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a readable vector file");
        let cases = text.lines().filter(|line| !line.trim().is_empty()).count();
        let run = precond([std::ffi::OsStr::new("check"), file.as_os_str()]);
        let summary = format!("{cases} passed, 0 failed\n");
        assert_eq!(
            (run.code, run.stderr.as_str()),
            (0, summary.as_str()),
            "{}",
            file.display()
        );
        let results = run.json_lines();
        assert_eq!(results.len(), cases, "{}", file.display());
        for result in results {
            assert_eq!(result["pass"], true, "{}: {result}", file.display());
        }
    }
}

/// What one output line must be.
#[derive(Debug)]
enum Line {
    /// A case that ran: its status and, if it had an `expect`, whether it passed.
    Ran(u16, Option<bool>),
    /// A line that could not be used: the member at fault (`None`: the whole line).
    Error(Option<&'static str>),
}

/// Runs `input` through `precond check -` and checks the exit status, each
/// output line (with its line number) and the end of stderr.
fn check(input: &str, code: i32, lines: &[(usize, Line)], summary: Option<&str>) {
    let run = precond_with_stdin(["check", "-"], input.as_bytes());
    assert_eq!(run.code, code, "{input}\n{run:?}");
    let results = run.json_lines();
    assert_eq!(results.len(), lines.len(), "{input}\n{run:?}");
    for (result, (number, expected)) in results.iter().zip(lines) {
        assert_eq!(result["line"], *number, "{result}");
        match expected {
            Line::Ran(status, pass) => {
                assert_eq!(result["status"], *status, "{result}");
                assert_eq!(
                    result.get("pass").and_then(Value::as_bool),
                    *pass,
                    "{result}"
                );
                assert!(result.get("error").is_none(), "{result}");
            }
            Line::Error(field) => {
                assert_eq!(result["error"]["field"].as_str(), *field, "{result}");
                assert!(result["error"]["message"].is_string(), "{result}");
                assert!(result.get("status").is_none(), "{result}");
            }
        }
    }
    match summary {
        Some(summary) => assert!(
            run.stderr.ends_with(&format!("{summary}\n")),
            "{summary:?} expected at the end of {:?}",
            run.stderr
        ),
        None => assert!(!run.stderr.contains("passed"), "{:?}", run.stderr),
    }
}

/// One row of a table: the input, the exit status, the output lines, the
/// end of stderr.
type Row = (String, i32, Vec<(usize, Line)>, Option<&'static str>);

const NOW: &str = r#""now": "Wed, 01 May 2024 12:00:00 GMT""#;

#[test]
fn cases_run_and_pass_or_fail() {
    let inm = |expect: u16| {
        format!(
            r#"{{"id": "inm", "method": "GET", "headers": [["If-None-Match", "\"a\""]], "resource": {{"etag": "\"a\""}}, {NOW}, "expect": {expect}}}"#
        )
    };
    let range = format!(
        r#"{{"method": "GET", "headers": [["Range", "bytes=0-1"], ["If-Range", "\"a\""]], "resource": {{"etag": "\"a\""}}, {NOW}, "expect": 206}}"#
    );
    let no_ranges = format!(
        r#"{{"method": "GET", "headers": [["Range", "bytes=0-1"]], "resource": {{"ranges": false}}, {NOW}, "expect": 200}}"#
    );
    let missing = format!(
        r#"{{"method": "PUT", "headers": [["If-Match", "*"]], "resource": {{"exists": false}}, {NOW}, "expect": 412}}"#
    );
    let cache = format!(
        r#"{{"method": "GET", "headers": [["If-Match", "\"b\""]], "resource": {{"etag": "\"a\""}}, "role": "cache", {NOW}, "expect": 200}}"#
    );
    let status = r#"{"method": "DELETE", "status_without_conditions": 204, "expect": 204}"#;
    let table: [Row; 9] = [
        (
            inm(304),
            0,
            vec![(1, Line::Ran(304, Some(true)))],
            Some("1 passed, 0 failed"),
        ),
        (
            inm(200),
            1,
            vec![(1, Line::Ran(304, Some(false)))],
            Some("0 passed, 1 failed"),
        ),
        // A Range that is to be processed is reported as 206.
        (
            range,
            0,
            vec![(1, Line::Ran(206, Some(true)))],
            Some("1 passed, 0 failed"),
        ),
        (
            no_ranges,
            0,
            vec![(1, Line::Ran(200, Some(true)))],
            Some("1 passed, 0 failed"),
        ),
        (
            missing,
            0,
            vec![(1, Line::Ran(412, Some(true)))],
            Some("1 passed, 0 failed"),
        ),
        (
            cache,
            0,
            vec![(1, Line::Ran(200, Some(true)))],
            Some("1 passed, 0 failed"),
        ),
        (
            status.to_owned(),
            0,
            vec![(1, Line::Ran(204, Some(true)))],
            Some("1 passed, 0 failed"),
        ),
        // Without `expect`: no `pass`, no summary.
        (
            r#"{"method": "GET"}"#.to_owned(),
            0,
            vec![(1, Line::Ran(200, None))],
            None,
        ),
        // Blank lines are skipped but counted; CRLF is fine; so are unknown members.
        (
            format!(
                "\n{}\r\n  \n{}\n",
                inm(304),
                r#"{"method": "HEAD", "proves": ["x"], "x": {}}"#
            ),
            0,
            vec![(2, Line::Ran(304, Some(true))), (4, Line::Ran(200, None))],
            Some("1 passed, 0 failed"),
        ),
    ];
    for (input, code, lines, summary) in table {
        check(&input, code, &lines, summary);
    }
}

#[test]
fn malformed_lines_are_named_and_the_rest_still_run() {
    let good = r#"{"method": "GET", "expect": 200}"#;
    let table: [(&str, Option<&'static str>); 14] = [
        ("not json", None),
        (r#"{"method": "GET""#, None),
        (r#"["GET"]"#, None),
        (r#"{"headers": []}"#, Some("method")),
        (r#"{"method": "G T"}"#, Some("method")),
        (
            r#"{"method": "GET", "headers": [["If-Match"]]}"#,
            Some("headers[0]"),
        ),
        (
            r#"{"method": "GET", "headers": [["A", "b"], ["If Match", "*"]]}"#,
            Some("headers[1][0]"),
        ),
        (
            r#"{"method": "GET", "headers": [["If-Match", "a\u0000b"]]}"#,
            Some("headers[0][1]"),
        ),
        (
            r#"{"method": "GET", "resource": {"etag": "xyzzy"}}"#,
            Some("resource.etag"),
        ),
        (
            r#"{"method": "GET", "resource": {"last_modified": "1994-11-06"}}"#,
            Some("resource.last_modified"),
        ),
        (r#"{"method": "GET", "role": "proxy"}"#, Some("role")),
        (
            r#"{"method": "GET", "status_without_conditions": 2000}"#,
            Some("status_without_conditions"),
        ),
        (r#"{"method": "GET", "now": "today"}"#, Some("now")),
        (r#"{"method": "GET", "expect": "200"}"#, Some("expect")),
    ];
    for (bad, field) in table {
        let input = format!("{good}\n{bad}\n{good}\n");
        let lines = [
            (1, Line::Ran(200, Some(true))),
            (2, Line::Error(field)),
            (3, Line::Ran(200, Some(true))),
        ];
        check(&input, 1, &lines, Some("2 passed, 1 failed"));
    }
}

#[test]
fn error_objects_name_the_line_the_id_and_the_field() {
    let input = r#"{"id": "bad-etag", "method": "GET", "resource": {"etag": "xyzzy"}}"#;
    let run = precond_with_stdin(["check"], input.as_bytes());
    assert_eq!(run.code, 1);
    assert_eq!(
        run.json(),
        json!({"line": 1, "id": "bad-etag", "error": {
            "field": "resource.etag",
            "message": "\"xyzzy\" is not an entity-tag: the rule entity-tag does not match at byte 0: an entity-tag starts with DQUOTE or with W/ and a DQUOTE. An entity-tag looks like '\"v1\"' or 'W/\"v1\"'."
        }})
    );
    assert!(
        run.stderr
            .starts_with("line 1 (id \"bad-etag\"): resource.etag: \"xyzzy\" is not an entity-tag")
    );
    assert!(
        run.stderr.ends_with("0 passed, 1 failed\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn results_carry_the_trace() {
    let input = format!(
        r#"{{"id": 7, "method": "GET", "headers": [["If-Modified-Since", "Tue, 30 Apr 2024 12:00:00 GMT"]], "resource": {{"last_modified": "Tue, 30 Apr 2024 12:00:00 GMT"}}, {NOW}, "expect": 304}}"#
    );
    let run = precond_with_stdin(["check"], input.as_bytes());
    assert_eq!(run.code, 0, "{run:?}");
    let result = run.json();
    assert_eq!(result["id"], 7);
    assert_eq!(result["outcome"], "not-modified");
    assert_eq!(result["step"], "if-modified-since");
    assert_eq!(result["section"], "RFC 9110 §13.1.3");
    assert_eq!(result["now"], "Wed, 01 May 2024 12:00:00 GMT");
    assert_eq!(result["expect"], 304);
    let last = result["trace"]
        .as_array()
        .and_then(|t| t.last())
        .cloned()
        .unwrap_or_default();
    assert_eq!(last["step"], 4);
    assert_eq!(last["field"], "If-Modified-Since");
    assert_eq!(
        last["parsed"],
        json!({"kind": "date", "date": {"unix": 1_714_478_400, "imf_fixdate": "Tue, 30 Apr 2024 12:00:00 GMT"}})
    );
    assert_eq!(last["evaluation"], "false");
}

#[test]
fn now_defaults_to_the_system_clock() {
    let run = precond_with_stdin(["check"], br#"{"method": "GET"}"#);
    assert_eq!(run.code, 0);
    let now = run.json()["now"].as_str().unwrap_or_default().to_owned();
    let run = precond(["date", "--json", now.as_str()]);
    let unix = run.json()["unix"].as_i64().unwrap_or_default();
    assert!(unix > 1_714_564_800, "{now} is not a recent date");
}

/// Runs `precond check` on an unusable input: exit status 2, nothing on
/// stdout, an error on stderr.
fn check_unusable(run: &Run, error: &str) {
    assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{run:?}");
    assert!(
        run.stderr.starts_with(error),
        "{error:?} expected, got {:?}",
        run.stderr
    );
}

#[test]
fn unusable_input_is_exit_status_2() {
    let missing = scratch_file("precond-cli-check-missing.jsonl", b"");
    std::fs::remove_file(&missing).expect("the scratch file can be removed");
    let utf16 = scratch_file("precond-cli-check-utf16.jsonl", b"\xff\xfe{\x00}\x00\n\x00");
    let latin1 = scratch_file(
        "precond-cli-check-latin1.jsonl",
        b"{\"method\": \"GET\"}\n{\"method\": \"GET\", \"id\": \"caf\xe9\"}\n",
    );
    let table = [
        (missing.clone(), "error: cannot read "),
        (vector_dir(), "error: cannot read "),
        (utf16.clone(), "error: "),
        (latin1.clone(), "error: "),
    ];
    for (path, error) in table {
        check_unusable(
            &precond([std::ffi::OsStr::new("check"), path.as_os_str()]),
            error,
        );
    }
    let run = precond([std::ffi::OsStr::new("check"), latin1.as_os_str()]);
    assert!(
        run.stderr
            .contains("is not UTF-8 text: byte 0xE9 at line 2, offset 28 of the line"),
        "{}",
        run.stderr
    );
    check_unusable(
        &precond_with_stdin(["check"], b"\xc3\x28\n"),
        "error: standard input is not UTF-8 text",
    );
}

#[test]
fn stdin_and_files_read_the_same() {
    let input = format!(
        "{}\n",
        r#"{"method": "GET", "now": "Wed, 01 May 2024 12:00:00 GMT", "expect": 200}"#
    );
    let file = scratch_file("precond-cli-check-same.jsonl", input.as_bytes());
    let from_file = precond([std::ffi::OsStr::new("check"), file.as_os_str()]);
    let from_dash = precond_with_stdin(["check", "-"], input.as_bytes());
    let from_nothing = precond_with_stdin(["check"], input.as_bytes());
    assert_eq!(from_file.code, 0);
    assert_eq!(from_file.stdout, from_dash.stdout);
    assert_eq!(from_file.stdout, from_nothing.stdout);
    assert_eq!(from_file.stderr, "1 passed, 0 failed\n");
}

/// An empty or blank input is taken for a truncated file: it must not pass.
#[test]
fn empty_input_is_unusable() {
    for input in [&b""[..], b"\n\n", b" \t\n  \n"] {
        let run = precond_with_stdin(["check"], input);
        assert_eq!(
            (run.code, run.stdout.as_str(), run.stderr.as_str()),
            (
                2,
                "",
                "error: standard input has no cases; nothing was run\n"
            ),
            "{input:?}"
        );
    }
}

/// The policies can be set per case.
#[test]
fn cases_may_set_the_policies() {
    let input = concat!(
        r#"{"method": "GET", "headers": [["If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"]], "resource": {"last_modified": "Thu, 01 Jan 1970 00:00:00 GMT"}, "now": "Wed, 01 May 2024 12:00:00 GMT", "expect": 200}"#,
        "\n",
        r#"{"method": "GET", "headers": [["If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"]], "resource": {"last_modified": "Thu, 01 Jan 1970 00:00:00 GMT"}, "epoch_policy": "trust", "now": "Wed, 01 May 2024 12:00:00 GMT", "expect": 304}"#,
        "\n",
        r#"{"method": "GET", "headers": [["Range", "bytes=0-1"], ["If-Range", "Tue, 30 Apr 2024 12:00:00 GMT"]], "resource": {"last_modified": "Tue, 30 Apr 2024 12:00:00 GMT"}, "date_strength": "weak", "now": "Wed, 01 May 2024 12:00:00 GMT", "expect": 200}"#,
        "\n",
        r#"{"method": "GET", "epoch_policy": "never"}"#,
        "\n",
    );
    let run = precond_with_stdin(["check"], input.as_bytes());
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .starts_with("line 4: epoch_policy: \"never\" is not one of"),
        "{run:?}"
    );
    assert!(run.stderr.ends_with("3 passed, 1 failed\n"), "{run:?}");
}
