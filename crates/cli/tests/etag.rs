//! `precond etag`, end to end through the built binary.

mod support;

use support::precond;

/// Runs `precond etag args…`; checks the exit status and stdout exactly.
fn check(args: &[&str], code: i32, stdout: &str) {
    let run = precond(std::iter::once("etag").chain(args.iter().copied()));
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (code, stdout),
        "{args:?}: {run:?}"
    );
}

// proves: 9110-5.6.1.2-recipient-list-syntax, 9110-5.6.1.2-skip-empty-elements
#[test]
fn lists_as_json() {
    let table: [(&str, i32, &str); 9] = [
        (
            r#""xyzzy""#,
            0,
            r#"{"valid":true,"any":false,"tags":[{"weak":false,"opaque":"xyzzy"}]}"#,
        ),
        (
            r#"W/"xyzzy", "r2d2xxxx""#,
            0,
            r#"{"valid":true,"any":false,"tags":[{"weak":true,"opaque":"xyzzy"},{"weak":false,"opaque":"r2d2xxxx"}]}"#,
        ),
        (
            r#" , ,"a",, "b,c" ,"#,
            0,
            r#"{"valid":true,"any":false,"tags":[{"weak":false,"opaque":"a"},{"weak":false,"opaque":"b,c"}]}"#,
        ),
        ("*", 0, r#"{"valid":true,"any":true,"tags":[]}"#),
        ("", 0, r#"{"valid":true,"any":false,"tags":[]}"#),
        (
            r#""""#,
            0,
            r#"{"valid":true,"any":false,"tags":[{"weak":false,"opaque":""}]}"#,
        ),
        (
            r#""a" "b""#,
            1,
            r##"{"valid":false,"error":{"rule":"#entity-tag","offset":4,"message":"invalid entity-tag: the rule #entity-tag does not match at byte 4: list members must be separated by a comma"}}"##,
        ),
        (
            r#"*, "a""#,
            1,
            r#"{"valid":false,"error":{"rule":"\"*\"","offset":0,"message":"invalid entity-tag: the rule \"*\" does not match at byte 0: * must be the whole field value, alone on a single field line"}}"#,
        ),
        (
            r#"w/"a""#,
            1,
            r#"{"valid":false,"error":{"rule":"weak","offset":0,"message":"invalid entity-tag: the rule weak does not match at byte 0: the weak indicator is exactly W/, with a capital W"}}"#,
        ),
    ];
    for (value, code, json) in table {
        check(&["--json", value], code, &format!("{json}\n"));
    }
}

#[test]
fn tags_and_if_range_values_as_json() {
    let table: [(&str, &str, i32, &str); 8] = [
        (
            "tag",
            r#"W/"v7""#,
            0,
            r#"{"valid":true,"weak":true,"opaque":"v7"}"#,
        ),
        (
            "tag",
            " \"v7\"\t",
            0,
            r#"{"valid":true,"weak":false,"opaque":"v7"}"#,
        ),
        (
            "tag",
            r#""a", "b""#,
            1,
            r#"{"valid":false,"error":{"rule":"entity-tag","offset":3,"message":"invalid entity-tag: the rule entity-tag does not match at byte 3: only optional whitespace may follow the entity-tag"}}"#,
        ),
        (
            "if-range",
            r#""v7""#,
            0,
            r#"{"valid":true,"kind":"entity-tag","weak":false,"opaque":"v7"}"#,
        ),
        (
            "if-range",
            r#"W/"v7""#,
            0,
            r#"{"valid":true,"kind":"entity-tag","weak":true,"opaque":"v7"}"#,
        ),
        (
            "if-range",
            "Sun Nov  6 08:49:37 1994",
            0,
            r#"{"valid":true,"kind":"http-date","unix":784111777,"format":"asctime","imf_fixdate":"Sun, 06 Nov 1994 08:49:37 GMT"}"#,
        ),
        (
            "if-range",
            r#""v7"#,
            1,
            r#"{"valid":false,"kind":"entity-tag","error":{"rule":"opaque-tag","offset":3,"message":"invalid entity-tag: the rule opaque-tag does not match at byte 3: the field line ends before the closing DQUOTE of the opaque-tag"}}"#,
        ),
        (
            "if-range",
            "v7",
            1,
            r#"{"valid":false,"kind":"http-date","error":{"rule":"day-name","offset":0,"message":"invalid HTTP-date: byte 'v' at offset 0 does not fit the rule day-name"}}"#,
        ),
    ];
    for (kind, value, code, json) in table {
        check(&["--as", kind, "--json", value], code, &format!("{json}\n"));
    }
}

#[test]
fn text_output() {
    let table: [(&[&str], i32, &str); 7] = [
        (
            &[r#""xyzzy", W/"r2d2xxxx""#],
            0,
            "a list of 2 entity-tags\n  \"xyzzy\" (strong)\n  W/\"r2d2xxxx\" (weak)\n",
        ),
        (&["*"], 0, "* (any current representation)\n"),
        (&[" , "], 0, "an empty list (no entity-tags)\n"),
        (
            &["--as", "tag", r#"W/"v7""#],
            0,
            "weak entity-tag W/\"v7\"\n",
        ),
        (
            &["--as", "if-range", r#"W/"v7""#],
            0,
            "entity-tag W/\"v7\" (weak: as an If-Range it never matches, RFC 9110 §13.1.5)\n",
        ),
        (
            &[
                "--as",
                "if-range",
                "Sunday, 06-Nov-94 08:49:37 GMT",
                "--now",
                "Wed, 01 May 2024 12:00:00 GMT",
            ],
            0,
            "HTTP-date Sun, 06 Nov 1994 08:49:37 GMT (rfc850, unix 784111777)\n",
        ),
        (&["--", "-x"], 1, ""),
    ];
    for (args, code, stdout) in table {
        check(args, code, stdout);
    }
}

/// Runs `precond etag args…` on an invalid value; checks exit status 1,
/// nothing on stdout, and stderr exactly.
fn check_error(args: &[&str], stderr: &str) {
    let run = precond(std::iter::once("etag").chain(args.iter().copied()));
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (1, "", stderr),
        "{args:?}"
    );
}

#[test]
fn errors_point_at_the_byte() {
    let table: [(&[&str], &str); 3] = [
        (
            &[r#""a" "b""#],
            "error: not an If-Match / If-None-Match value (\"*\" / #entity-tag): invalid entity-tag: the rule #entity-tag does not match at byte 4: list members must be separated by a comma\n  \"a\" \"b\"\n      ^ rule #entity-tag, offset 4\n",
        ),
        (
            &["--as", "tag", "W/\"caf\u{e9} \""],
            "error: not an entity-tag: invalid entity-tag: the rule etagc does not match at byte 8: an opaque-tag holds only the bytes %x21, %x23-7E and %x80-FF (no whitespace, control byte, DEL or DQUOTE)\n  W/\"caf\u{e9} \"\n         ^ rule etagc, offset 8\n",
        ),
        (
            &["--as", "if-range", "\"a\tb\""],
            "error: not an If-Range value: it starts as an entity-tag but is not one: invalid entity-tag: the rule etagc does not match at byte 2: an opaque-tag holds only the bytes %x21, %x23-7E and %x80-FF (no whitespace, control byte, DEL or DQUOTE)\n  \"a\\tb\"\n    ^ rule etagc, offset 2\n",
        ),
    ];
    for (args, stderr) in table {
        check_error(args, stderr);
    }
}

#[cfg(unix)]
#[test]
fn arbitrary_bytes_never_panic() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;

    let arg = |bytes: &[u8]| OsString::from_vec(bytes.to_vec());
    // obs-text in an opaque-tag is valid; a byte that is not UTF-8 is shown
    // escaped.
    let run = precond([arg(b"etag"), arg(b"--json"), arg(b"\"\xff\"")]);
    assert_eq!(
        run.stdout,
        "{\"valid\":true,\"any\":false,\"tags\":[{\"weak\":false,\"opaque\":\"\\\\xff\"}]}\n"
    );
    // A control byte in an If-Range value is not a field value.
    let run = precond([
        arg(b"etag"),
        arg(b"--as"),
        arg(b"if-range"),
        arg(b"--json"),
        arg(b"\"a\x01\""),
    ]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            1,
            "{\"valid\":false,\"error\":{\"rule\":\"field-value\",\"offset\":2,\"message\":\"Byte 2 is a control byte, which a field value may not hold (RFC 9110 §5.5).\"}}\n"
        )
    );
    // Every byte but NUL, which no argument can hold (`check` covers it).
    for byte in 1..=u8::MAX {
        for kind in ["list", "tag", "if-range"] {
            let run = precond([
                arg(b"etag"),
                arg(b"--as"),
                arg(kind.as_bytes()),
                arg(&[b'"', byte, b'"']),
            ]);
            assert!(run.code == 0 || run.code == 1, "{kind} {byte}: {run:?}");
        }
    }
}

/// obs-text that is not UTF-8 is shown escaped, so distinct tags look distinct.
#[cfg(unix)]
#[test]
fn obs_text_is_escaped() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;

    let run = precond([
        OsString::from("etag"),
        OsString::from_vec(b"\"\xff\", \"\xfe\"".to_vec()),
    ]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            0,
            "a list of 2 entity-tags\n  \"\\xff\" (strong)\n  \"\\xfe\" (strong)\n"
        )
    );
}
