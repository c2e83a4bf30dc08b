//! `precond date`, end to end through the built binary.

mod support;

use support::precond;

/// Runs `precond date args…`; checks the exit status and stdout exactly.
fn check(args: &[&str], code: i32, stdout: &str) {
    let run = precond(std::iter::once("date").chain(args.iter().copied()));
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (code, stdout),
        "{args:?}: {run:?}"
    );
}

const NOW: &str = "Fri, 01 May 2026 12:00:00 GMT";

// proves: 9110-5.6.7-accept-all-formats, 9110-5.6.7-rfc850-year-window
#[test]
fn dates_as_json() {
    let table: [(&str, i32, &str); 8] = [
        (
            "Sun, 06 Nov 1994 08:49:37 GMT",
            0,
            r#"{"valid":true,"unix":784111777,"format":"imf-fixdate","imf_fixdate":"Sun, 06 Nov 1994 08:49:37 GMT"}"#,
        ),
        (
            "Sunday, 06-Nov-94 08:49:37 GMT",
            0,
            r#"{"valid":true,"unix":784111777,"format":"rfc850","imf_fixdate":"Sun, 06 Nov 1994 08:49:37 GMT"}"#,
        ),
        (
            "Sun Nov  6 08:49:37 1994",
            0,
            r#"{"valid":true,"unix":784111777,"format":"asctime","imf_fixdate":"Sun, 06 Nov 1994 08:49:37 GMT"}"#,
        ),
        // Exactly 50 years after NOW is not "more than 50 years": 2076.
        (
            "Friday, 01-May-76 12:00:00 GMT",
            0,
            r#"{"valid":true,"unix":3355560000,"format":"rfc850","imf_fixdate":"Fri, 01 May 2076 12:00:00 GMT"}"#,
        ),
        // One second later is: 1976.
        (
            "Saturday, 01-May-76 12:00:01 GMT",
            0,
            r#"{"valid":true,"unix":199800001,"format":"rfc850","imf_fixdate":"Sat, 01 May 1976 12:00:01 GMT"}"#,
        ),
        (
            "Sun, 06 Nov 1994 08:49:37 UTC",
            1,
            r#"{"valid":false,"error":{"rule":"GMT","offset":26,"message":"invalid HTTP-date: byte 'U' at offset 26 does not fit the rule GMT"}}"#,
        ),
        (
            "Mon, 06 Nov 1994 08:49:37 GMT",
            1,
            r#"{"valid":false,"error":{"rule":"day-name","offset":0,"message":"invalid HTTP-date: the day name Mon at offset 0 does not match the date, which is a Sunday"}}"#,
        ),
        (
            "",
            1,
            r#"{"valid":false,"error":{"rule":"day-name","offset":0,"message":"invalid HTTP-date: the input ends at offset 0 where the rule day-name needs more"}}"#,
        ),
    ];
    for (value, code, json) in table {
        check(&["--json", "--now", NOW, value], code, &format!("{json}\n"));
    }
}

// proves: 9110-5.6.7-generate-imf-fixdate
#[test]
fn text_output() {
    let table: [(&[&str], i32, &str); 3] = [
        (
            &["Sun Nov  6 08:49:37 1994"],
            0,
            "Sun, 06 Nov 1994 08:49:37 GMT\n  format: asctime\n  unix:   784111777\n",
        ),
        (&["--now", NOW, "Thursday, 01-Jan-70 00:00:00 GMT"], 1, ""),
        (&["--", "-1"], 1, ""),
    ];
    for (args, code, stdout) in table {
        check(args, code, stdout);
    }
}

/// Runs `precond date args…`; checks the exit status, that stdout is empty,
/// and stderr exactly.
fn check_error(args: &[&str], code: i32, stderr: &str) {
    let run = precond(std::iter::once("date").chain(args.iter().copied()));
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (code, "", stderr),
        "{args:?}"
    );
}

#[test]
fn errors_point_at_the_byte() {
    let table: [(&[&str], i32, &str); 3] = [
        (
            &["Sun, 06 Nov 1994 08:49:37 UTC"],
            1,
            "error: not an HTTP-date: invalid HTTP-date: byte 'U' at offset 26 does not fit the rule GMT\n  Sun, 06 Nov 1994 08:49:37 UTC\n                            ^ rule GMT, offset 26\n",
        ),
        (
            &["Sun, 31 Apr 1994 08:49:37 GMT"],
            1,
            "error: not an HTTP-date: invalid HTTP-date: day 31 at offset 5 does not exist in month 04 of year 1994\n  Sun, 31 Apr 1994 08:49:37 GMT\n       ^ rule day, offset 5\n",
        ),
        (
            &["--now", "soon", "Sun, 06 Nov 1994 08:49:37 GMT"],
            2,
            "error: --now: \"soon\" is not an HTTP-date: byte 's' at offset 0 does not fit the rule day-name. An HTTP-date looks like 'Sun, 06 Nov 1994 08:49:37 GMT' (RFC 9110 §5.6.7).\n",
        ),
    ];
    for (args, code, stderr) in table {
        check_error(args, code, stderr);
    }
}

#[cfg(unix)]
#[test]
fn arbitrary_bytes_never_panic() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;

    let arg = |bytes: &[u8]| OsString::from_vec(bytes.to_vec());
    let run = precond([
        arg(b"date"),
        arg(b"--json"),
        arg(b"Sun, 06 Nov 1994 08:49:37 GM\xff"),
    ]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            1,
            "{\"valid\":false,\"error\":{\"rule\":\"GMT\",\"offset\":28,\"message\":\"invalid HTTP-date: byte 0xFF at offset 28 does not fit the rule GMT\"}}\n"
        )
    );
    let mut value = b"Sun, 06 Nov 1994 08:49:37 GMT".to_vec();
    // Every byte but NUL, which no argument can hold (`check` covers it).
    for byte in 1..=u8::MAX {
        value[5] = byte;
        let run = precond([arg(b"date"), arg(&value)]);
        assert!(run.code == 0 || run.code == 1, "{byte}: {run:?}");
    }
}

/// `precond date` says that it read the leap second as 23:59:59.
#[test]
fn the_leap_second_is_reported() {
    check(
        &["Sat, 31 Dec 2016 23:59:60 GMT"],
        0,
        "Sat, 31 Dec 2016 23:59:59 GMT\n  format: imf-fixdate\n  unix:   1483228799\n  note:   the \
         leap second 23:59:60 is read as 23:59:59; as an If-Range date it never matches exactly \
         (RFC 9110 §13.1.5)\n",
    );
    check(
        &["--json", "Sat, 31 Dec 2016 23:59:60 GMT"],
        0,
        "{\"valid\":true,\"unix\":1483228799,\"format\":\"imf-fixdate\",\"imf_fixdate\":\"Sat, 31 \
         Dec 2016 23:59:59 GMT\",\"leap_second\":true}\n",
    );
}
