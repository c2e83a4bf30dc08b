//! `precond explain`, end to end through the built binary.

mod support;

use support::{Run, precond};

/// The README's main-job command (README.md, "Try it"), verbatim.
const README_COMMAND: [&str; 11] = [
    "explain",
    "--method",
    "GET",
    "-H",
    r#"If-None-Match: "v1", W/"v2""#,
    "-H",
    "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT",
    "--etag",
    r#""v2""#,
    "--last-modified",
    "Sun, 06 Nov 1994 08:49:37 GMT",
];

// proves: 9110-13.1.2-weak-comparison, 9110-13.1.2-304-or-412
#[test]
fn the_readme_command_explains_a_304() {
    let run = precond(README_COMMAND);
    let expected = "\
304 Not Modified
gate: evaluate the conditions (RFC 9110 §13.2.1)
step 1 If-Match: absent → skipped (RFC 9110 §13.2.2)
step 2 If-Unmodified-Since: absent → skipped (RFC 9110 §13.2.2)
step 3 If-None-Match: \"\\\"v1\\\", W/\\\"v2\\\"\" → 2 entity-tags, W/\"v2\" matches → false (RFC 9110 §13.1.2)
=> 304 Not Modified at step 3 (If-None-Match)
";
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, expected, "")
    );
}

/// Runs `explain` with `args`; checks the exit status, the first line of
/// stdout (the status) and that stdout contains `line` (a trace line).
fn check(args: &[&str], code: i32, status: &str, line: &str) {
    let run = precond(std::iter::once("explain").chain(args.iter().copied()));
    let first = run.stdout.lines().next().unwrap_or_default();
    assert_eq!((run.code, first), (code, status), "{args:?}: {run:?}");
    assert!(
        run.stdout.contains(line),
        "{args:?}: no {line:?} in\n{}",
        run.stdout
    );
    assert_eq!(run.stderr, "", "{args:?}");
}

// proves: 9110-13.1.1-respond-412
#[test]
fn a_false_if_match_is_412() {
    check(
        &[
            "--method",
            "PUT",
            "-H",
            r#"If-Match: "v1""#,
            "--etag",
            r#""v2""#,
        ],
        0,
        "412 Precondition Failed",
        "step 1 If-Match: \"\\\"v1\\\"\" → 1 entity-tag, none matches → false (RFC 9110 §13.1.1)",
    );
}

// proves: 9110-13.1.3-ignore-if-inm
#[test]
fn if_modified_since_is_ignored_with_if_none_match() {
    check(
        &[
            "-H",
            r#"If-None-Match: "v1""#,
            "-H",
            "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT",
            "--etag",
            r#""v2""#,
            "--last-modified",
            "Sun, 06 Nov 1994 08:49:37 GMT",
        ],
        0,
        "200 OK",
        "step 4 If-Modified-Since: \"Sun, 06 Nov 1994 08:49:37 GMT\" → ignored: If-None-Match is present (RFC 9110 §13.1.3)",
    );
}

// proves: 9111-4.3.2-cache-no-origin-only
#[test]
fn a_cache_skips_if_match() {
    check(
        &[
            "--role",
            "cache",
            "-H",
            r#"If-Match: "other""#,
            "--etag",
            r#""v2""#,
        ],
        0,
        "200 OK",
        "step 1 If-Match: \"\\\"other\\\"\" → ignored: only an origin server evaluates it, not a cache (RFC 9111 §4.3.2)",
    );
}

// proves: 9110-13.2.1-ignore-connect-options-trace
#[test]
fn options_ignores_every_condition() {
    check(
        &[
            "--method",
            "OPTIONS",
            "-H",
            r#"If-Match: "other""#,
            "--etag",
            r#""v2""#,
        ],
        0,
        "200 OK",
        "=> conditions ignored: the method neither selects nor modifies a representation",
    );
}

// proves: 9110-13.2.1-ignore-unless-2xx-or-412
#[test]
fn a_404_ignores_every_condition() {
    check(
        &[
            "--status-without-conditions",
            "404",
            "-H",
            r#"If-None-Match: *"#,
        ],
        0,
        "404 Not Found",
        "gate: ignore every condition: the response without the conditions would be neither 2xx nor 412",
    );
}

// proves: 9110-13.1.5-true-honours-range
#[test]
fn a_true_if_range_is_206() {
    check(
        &[
            "-H",
            "Range: bytes=100-",
            "-H",
            r#"If-Range: "v2""#,
            "--etag",
            r#""v2""#,
        ],
        0,
        "206 Partial Content",
        "=> proceed: process the Range (RFC 9110 §14.2)",
    );
}

// proves: 9110-13.1.5-false-ignores-range
#[test]
fn a_false_if_range_is_200() {
    check(
        &[
            "-H",
            "Range: bytes=100-",
            "-H",
            r#"If-Range: "v1""#,
            "--etag",
            r#""v2""#,
        ],
        0,
        "200 OK",
        "step 5 If-Range: \"\\\"v1\\\"\" → entity-tag \"v1\" → false (RFC 9110 §13.1.5)",
    );
}

// proves: 9110-13.1.5-ignore-without-range-support
#[test]
fn no_ranges_ignores_if_range() {
    check(
        &[
            "--no-ranges",
            "-H",
            "Range: bytes=1-",
            "-H",
            r#"If-Range: "v2""#,
            "--etag",
            r#""v2""#,
        ],
        0,
        "200 OK",
        "the resource does not support ranges",
    );
}

// proves: 9110-13.1.2-evaluate
#[test]
fn star_creates_when_missing() {
    check(
        &[
            "--method",
            "PUT",
            "--missing",
            "-H",
            "If-None-Match: *",
            "--status-without-conditions",
            "201",
        ],
        0,
        "201 Created",
        "step 3 If-None-Match: \"*\" → any (*) → true (RFC 9110 §13.1.2)",
    );
}

// proves: 9110-8.8.2.1-clamp-future-last-modified
#[test]
fn a_future_last_modified_is_clamped_to_now() {
    check(
        &[
            "--now",
            "Wed, 01 May 2024 12:00:00 GMT",
            "--last-modified",
            "Thu, 02 May 2024 12:00:00 GMT",
            "-H",
            "If-Modified-Since: Wed, 01 May 2024 12:00:00 GMT",
        ],
        0,
        "304 Not Modified",
        "=> 304 Not Modified at step 4 (If-Modified-Since)",
    );
}

#[test]
fn field_values_may_hold_non_ascii() {
    check(
        &[
            "-H",
            "If-None-Match: \"caf\u{e9}\"",
            "--etag",
            "\"caf\u{e9}\"",
        ],
        0,
        "304 Not Modified",
        "→ 1 entity-tag, \"caf\u{e9}\" matches → false",
    );
    check(
        &[
            "-H",
            "If-None-Match:  \t\"a\" \t",
            "-H",
            "If-None-Match: \"b\"",
            "--etag",
            "\"b\"",
        ],
        0,
        "304 Not Modified",
        "step 3 If-None-Match: \"\\\"a\\\"\", \"\\\"b\\\"\" → 2 entity-tags",
    );
}

#[test]
fn json_has_the_status_the_outcome_and_every_stage() {
    let mut args = README_COMMAND.to_vec();
    args.extend(["--now", "Wed, 01 May 2024 12:00:00 GMT", "--json"]);
    let run = precond(args);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let json = run.json();
    assert_eq!(json["status"], 304);
    assert_eq!(json["outcome"], "not-modified");
    assert_eq!(json["step"], "if-none-match");
    assert_eq!(json["range"], serde_json::Value::Null);
    assert_eq!(json["section"], "RFC 9110 §13.1.2");
    assert_eq!(
        json["decision"],
        "304 Not Modified at step 3 (If-None-Match)"
    );
    assert_eq!(json["now"], "Wed, 01 May 2024 12:00:00 GMT");
    assert_eq!(json["last_modified"], "Sun, 06 Nov 1994 08:49:37 GMT");
    let trace = json["trace"].as_array().expect("a trace array");
    let stages: Vec<_> = trace
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap(),
                e["evaluation"].as_str().unwrap(),
                e["section"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        stages,
        [
            ("gate", "true", "RFC 9110 §13.2.1"),
            ("if-match", "ignored", "RFC 9110 §13.2.2"),
            ("if-unmodified-since", "ignored", "RFC 9110 §13.2.2"),
            ("if-none-match", "false", "RFC 9110 §13.1.2"),
        ]
    );
    let step3 = &trace[3];
    assert_eq!(step3["step"], 3);
    assert_eq!(step3["field"], "If-None-Match");
    assert_eq!(step3["lines"], serde_json::json!([r#""v1", W/"v2""#]));
    assert_eq!(
        step3["parsed"],
        serde_json::json!({"kind": "tags", "count": 2, "matched": {"weak": true, "opaque": "v2"}})
    );
    assert_eq!(trace[1]["reason"], "the field is absent");
}

#[test]
fn json_reports_malformed_values_with_their_rule() {
    let run = precond([
        "explain",
        "--json",
        "--method",
        "PUT",
        "-H",
        r#"If-Match: "a" "b""#,
        "-H",
        "If-Unmodified-Since: yesterday",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let json = run.json();
    assert_eq!(json["status"], 412);
    assert_eq!(
        json["trace"][1]["parsed"]["error"],
        serde_json::json!({
            "rule": "#entity-tag",
            "offset": 4,
            "line": 0,
            "message": "invalid entity-tag: the rule #entity-tag does not match at byte 4: list members must be separated by a comma"
        })
    );
}

/// Runs `explain` with `args`, which are unusable: exit status 2, nothing on
/// stdout, and an error on stderr that starts with `error`.
fn check_error(run: &Run, error: &str) {
    assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{run:?}");
    assert!(
        run.stderr.starts_with(error),
        "{error:?} expected, got {:?}",
        run.stderr
    );
}

#[test]
fn unusable_flags_are_named() {
    let table: [(&[&str], &str); 11] = [
        (
            &["-H", "If-None-Match"],
            "error: -H 'If-None-Match': a header is given as 'Name: value'.",
        ),
        (
            &["-H", "If None Match: x"],
            "error: -H 'If None Match: x': \"If None Match\" is not a field name",
        ),
        (&["-H", ": x"], "error: -H ': x': \"\" is not a field name"),
        (
            &["-H", "X: a\nb"],
            "error: -H 'X: a\\nb': \"a\\nb\" is not a field value",
        ),
        (
            &["-H", "X: a\u{7f}"],
            "error: -H 'X: a\\x7f': \"a\\x7f\" is not a field value",
        ),
        (
            &["--method", "G T"],
            "error: --method: \"G T\" is not a method",
        ),
        (
            &["--etag", "v2"],
            "error: --etag: \"v2\" is not an entity-tag",
        ),
        (
            &["--last-modified", "yesterday"],
            "error: --last-modified: \"yesterday\" is not an HTTP-date",
        ),
        (
            &["--status-without-conditions", "1000"],
            "error: --status-without-conditions: 1000 is not a status code",
        ),
        (
            &["--now", "now"],
            "error: --now: \"now\" is not an HTTP-date",
        ),
        (
            &["--role", "proxy"],
            "error: invalid value 'proxy' for '--role <ROLE>'",
        ),
    ];
    for (args, error) in table {
        check_error(
            &precond(std::iter::once("explain").chain(args.iter().copied())),
            error,
        );
    }
}

#[cfg(unix)]
#[test]
fn arbitrary_bytes_never_panic() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;

    let arg = |bytes: &[u8]| OsString::from_vec(bytes.to_vec());
    // obs-text is a valid field value: evaluated.
    let run = precond([
        arg(b"explain"),
        arg(b"-H"),
        arg(b"If-None-Match: \"\xff\xfe\""),
        arg(b"--etag"),
        arg(b"\"a\""),
    ]);
    assert_eq!(
        (run.code, run.stdout.lines().next()),
        (0, Some("200 OK")),
        "{run:?}"
    );
    // Control bytes are not: a clean error.
    let run = precond([arg(b"explain"), arg(b"-H"), arg(b"If-Match: \x01\xff")]);
    check_error(
        &run,
        "error: -H 'If-Match: \\x01\\xff': \"\\x01\\xff\" is not a field value",
    );
    // A name that is not UTF-8 is not a token.
    let run = precond([arg(b"explain"), arg(b"-H"), arg(b"If-\xffMatch: x")]);
    check_error(
        &run,
        "error: -H 'If-\\xffMatch: x': \"If-\\xffMatch\" is not a field name",
    );
    // Every single byte as a value, and as a name.
    // Every byte but NUL, which no argument can hold (`check` covers it).
    for byte in 1..=u8::MAX {
        let run = precond([
            arg(b"explain"),
            arg(b"-H"),
            arg(&[b'I', b'f', b'-', b'R', b'a', b'n', b'g', b'e', b':', byte]),
        ]);
        assert!(run.code == 0 || run.code == 2, "{byte}: {run:?}");
        let run = precond([arg(b"explain"), arg(b"-H"), arg(&[byte, b':', b' ', b'x'])]);
        assert!(run.code == 0 || run.code == 2, "{byte}: {run:?}");
    }
}

#[test]
fn help_has_examples() {
    for args in [
        &["--help"][..],
        &["explain", "--help"],
        &["check", "--help"],
        &["etag", "--help"],
        &["date", "--help"],
    ] {
        let run = precond(args);
        assert_eq!(run.code, 0, "{args:?}");
        assert!(run.stdout.contains("Examples:"), "{args:?}: {}", run.stdout);
    }
    let run = precond(["explain", "--help"]);
    assert!(
        run.stdout.contains("--status-without-conditions <CODE>"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("[possible values: origin, cache]"),
        "{}",
        run.stdout
    );
}

#[test]
fn usage_errors_are_exit_status_2() {
    for args in [
        &[][..],
        &["bogus"],
        &["explain", "--bogus"],
        &["etag"],
        &["date"],
        &["etag", "x", "--as", "list-of-dates"],
    ] {
        let run = precond(args);
        assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{args:?}");
        assert!(
            run.stderr.contains("Usage:") || run.stderr.contains("error:"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

/// Runs `explain` with `args` and returns the run (stderr not checked).
fn explain(args: &[&str]) -> Run {
    precond(std::iter::once("explain").chain(args.iter().copied()))
}

// Issue 16: each command gives the RFC's answer.

// proves: 9111-4.3.2-cache-no-origin-only
#[test]
fn a_cache_leaves_a_put_to_the_origin() {
    check(
        &[
            "--method",
            "PUT",
            "--role",
            "cache",
            "-H",
            "If-None-Match: *",
            "--etag",
            "\"a\"",
            "--status-without-conditions",
            "201",
        ],
        0,
        "201 Created",
        "gate: ignore every condition: a cache cannot satisfy a method other than GET or HEAD \
         from a stored response; the conditions are for the origin (RFC 9111 §4.3.2)",
    );
}

// proves: 9110-13.1.4-evaluate, 9110-13.1.4-respond-412
#[test]
fn a_1969_last_modified_is_compared() {
    check(
        &[
            "--method",
            "PUT",
            "--status-without-conditions",
            "204",
            "-H",
            "If-Unmodified-Since: Sat, 19 Jul 1969 20:17:40 GMT",
            "--last-modified",
            "Sun, 20 Jul 1969 20:17:40 GMT",
        ],
        0,
        "412 Precondition Failed",
        "=> 412 Precondition Failed at step 2 (If-Unmodified-Since)",
    );
}

// proves: 9110-13.1.3-ignore-without-date
#[test]
fn a_placeholder_last_modified_is_named() {
    let args = [
        "-H",
        "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT",
        "--last-modified",
        "Thu, 01 Jan 1970 00:00:00 GMT",
        "--now",
        "Wed, 01 May 2024 12:00:00 GMT",
    ];
    check(
        &args,
        0,
        "200 OK",
        "  Last-Modified Thu, 01 Jan 1970 00:00:00 GMT treated as a placeholder: no modification \
         date (epoch policy treat-as-absent)",
    );
    let run = explain(&args);
    assert!(
        !run.stdout.contains("has no modification date"),
        "{}",
        run.stdout
    );
    let trusted: Vec<&str> = args
        .iter()
        .copied()
        .chain(["--epoch-policy", "trust"])
        .collect();
    check(
        &trusted,
        0,
        "304 Not Modified",
        "=> 304 Not Modified at step 4 (If-Modified-Since)",
    );
}

// proves: 9110-13.1.5-evaluate, 9110-13.1.5-false-ignores-range
#[test]
fn an_if_range_leap_second_never_matches() {
    check(
        &[
            "-H",
            "Range: bytes=0-1",
            "-H",
            "If-Range: Sat, 31 Dec 2016 23:59:60 GMT",
            "--last-modified",
            "Sat, 31 Dec 2016 23:59:59 GMT",
        ],
        0,
        "200 OK",
        "date with the leap second 23:59:60, read as Sat, 31 Dec 2016 23:59:59 GMT, never an \
         exact match → false (RFC 9110 §13.1.5)",
    );
}

#[test]
fn the_date_strength_is_a_flag() {
    let args = [
        "-H",
        "Range: bytes=0-1",
        "-H",
        "If-Range: Tue, 30 Apr 2024 12:00:00 GMT",
        "--last-modified",
        "Tue, 30 Apr 2024 12:00:00 GMT",
        "--now",
        "Wed, 01 May 2024 12:00:00 GMT",
    ];
    check(&args, 0, "206 Partial Content", "step 5 If-Range");
    let weak: Vec<&str> = args
        .iter()
        .copied()
        .chain(["--date-strength", "weak"])
        .collect();
    check(&weak, 0, "200 OK", "(RFC 9110 §8.8.2.2)");
}

/// A PUT without Range: the trace does not claim to ignore a Range.
#[test]
fn no_range_is_not_ignored() {
    let run = explain(&["--method", "PUT", "--status-without-conditions", "204"]);
    assert_eq!(run.code, 0);
    assert!(!run.stdout.contains("ignor"), "{}", run.stdout);
    assert!(
        run.stdout.ends_with("=> proceed: no Range\n"),
        "{}",
        run.stdout
    );
    let run = explain(&["--method", "PUT", "-H", "Range: bytes=0-1"]);
    assert!(
        run.stdout
            .contains("ignoring any Range: the method is not GET"),
        "{}",
        run.stdout
    );
}

/// Methods are case-sensitive: `get` is an extension method, with a warning.
#[test]
fn a_lower_case_method_is_warned_about() {
    let run = explain(&[
        "--method",
        "get",
        "-H",
        "If-None-Match: *",
        "--etag",
        "\"a\"",
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        "warning: --method \"get\" is not GET: methods are case-sensitive (RFC 9110 §9.1), so it \
         is read as an extension method\n"
    );
    assert!(
        run.stdout.starts_with("412 Precondition Failed\n"),
        "{}",
        run.stdout
    );
    assert_eq!(explain(&["--method", "PROPFIND"]).stderr, "");
}

/// Error messages show the expected form and do not repeat themselves.
#[test]
fn errors_show_the_expected_form() {
    let run = explain(&["--last-modified", "2024-05-01"]);
    assert_eq!(
        run.stderr,
        "error: --last-modified: \"2024-05-01\" is not an HTTP-date: byte '2' at offset 0 does not \
         fit the rule day-name. An HTTP-date looks like 'Sun, 06 Nov 1994 08:49:37 GMT' (RFC 9110 \
         §5.6.7).\n"
    );
    let run = explain(&["--etag", "v1"]);
    assert!(
        run.stderr
            .starts_with("error: --etag: \"v1\" is not an entity-tag: the rule"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("An entity-tag looks like '\"v1\"' or 'W/\"v1\"'.\n"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("invalid entity-tag"), "{}", run.stderr);
    // A bad -H is echoed as typed (quotes included).
    let run = explain(&["-H", "If-None-Match \"a\""]);
    assert_eq!(
        run.stderr,
        "error: -H 'If-None-Match \"a\"': a header is given as 'Name: value'.\n"
    );
}

/// `--etag`, `--last-modified` and `--now` are bytes, like `-H`.
#[cfg(unix)]
#[test]
fn flags_take_bytes() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;

    let arg = |bytes: &[u8]| OsString::from_vec(bytes.to_vec());
    let run = precond([
        arg(b"explain"),
        arg(b"-H"),
        arg(b"If-None-Match: \"\xff\""),
        arg(b"--etag"),
        arg(b"\"\xff\""),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.starts_with("304 Not Modified\n"), "{run:?}");
    assert!(run.stdout.contains("\"\\xff\" matches"), "{run:?}");
    let run = precond([arg(b"explain"), arg(b"--now"), arg(b"\xff")]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: --now: \"\\xff\" is not an HTTP-date"),
        "{run:?}"
    );
}

// proves: 9110-14.2-send-206, 9110-14.2-send-416, 9110-14.2-ignore-unknown-unit
#[test]
fn length_resolves_an_honoured_range() {
    let now = [
        "--now",
        "Wed, 01 May 2024 12:00:00 GMT",
        "--length",
        "10000",
    ];
    let with = |range: &'static str| -> Vec<&'static str> {
        let mut args = vec!["-H", range];
        args.extend(now);
        args
    };
    check(
        &with("Range: bytes=0-499"),
        0,
        "206 Partial Content",
        "range: 206 of 10000 bytes, Content-Range: bytes 0-499/10000, Content-Length: 500",
    );
    check(
        &with("Range: bytes=0-0,-1"),
        0,
        "206 Partial Content",
        "multipart/byteranges with 2 parts (bytes 0-0/10000; bytes 9999-9999/10000)",
    );
    check(
        &with("Range: bytes=10000-"),
        0,
        "416 Range Not Satisfiable",
        "Content-Range: bytes */10000",
    );
    check(
        &with("Range: pages=1-2"),
        0,
        "200 OK",
        "range: ignored, 200 with all 10000 bytes: the range unit is not bytes",
    );
    // Preconditions first: a current copy is a 304 whatever the Range.
    let mut args = with("Range: bytes=10000-");
    args.extend(["-H", "If-None-Match: \"v\"", "--etag", "\"v\""]);
    check(&args, 0, "304 Not Modified", "If-None-Match");
    // Without --length, an honoured Range is reported as 206, as before.
    check(
        &[
            "-H",
            "Range: bytes=10000-",
            "--now",
            "Wed, 01 May 2024 12:00:00 GMT",
        ],
        0,
        "206 Partial Content",
        "processing the Range",
    );
}
