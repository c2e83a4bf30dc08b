//! Linear time on hostile input: a mebibyte of commas, quotes, `W/` repeats,
//! stars or tags is read within time bounds that quadratic work (about 10^12
//! steps for 1 MiB) could never meet, even in a debug build on a slow machine.

use std::time::{Duration, Instant};

use precond_etag::{Comparison, EntityTagRef, TagList, match_list};

const MIB: usize = 1 << 20;

/// For `match_list` (the scanner): it needs about 10 ms per MiB in a debug
/// build.
const FAST_BOUND: Duration = Duration::from_secs(1);

/// For the nom grammar (`TagList`, `EntityTagRef::parse`): about 1 s per MiB of
/// commas in a debug build, where nom's combinators are not inlined.
const REFERENCE_BOUND: Duration = Duration::from_secs(15);

/// `pattern` repeated to 1 MiB, then `tail`.
fn hostile(pattern: &[u8], tail: &[u8]) -> Vec<u8> {
    let mut value = pattern.repeat(MIB / pattern.len());
    value.extend_from_slice(tail);
    value
}

/// Runs `read`, checks it took less than `bound`, and returns its result.
fn timed<T>(name: &str, bound: Duration, read: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = read();
    let elapsed = start.elapsed();
    assert!(elapsed < bound, "{name}: {elapsed:?}, over {bound:?}");
    result
}

fn check(name: &str, value: &[u8], valid: bool) {
    let current = EntityTagRef::parse(b"\"zz\"").unwrap();
    let fast = timed(name, FAST_BOUND, || {
        match_list([value], Some(current), Comparison::Weak)
    });
    assert_eq!(fast.is_ok(), valid, "{name}: {fast:?}");
    let members = timed(name, REFERENCE_BOUND, || {
        TagList::parse(value).map(|list| list.iter().count())
    });
    assert_eq!(members.is_ok(), valid, "{name}");
    let single = timed(name, REFERENCE_BOUND, || EntityTagRef::parse(value).is_ok());
    assert_eq!(
        single,
        name.ends_with("tag") && !name.contains("unterminated"),
        "{name}"
    );
}

#[test]
fn a_mebibyte_of_hostile_input_is_read_in_linear_time() {
    check("commas", &hostile(b",", b""), true);
    check("commas and OWS", &hostile(b" ,\t", b""), true);
    check("commas then garbage", &hostile(b",", b"x"), false);
    check("OWS", &hostile(b" ", b""), true);
    check("quotes", &hostile(b"\"", b""), false);
    check("empty tags", &hostile(b"\"\",", b""), true);
    check("empty tags, no commas", &hostile(b"\"\"", b""), false);
    check("weak prefixes", &hostile(b"W/", b"\"\""), false);
    check("weak empty tags", &hostile(b"W/\"\",", b""), true);
    check(
        "tags then a bad one",
        &hostile(b"\"abcdefghij\", ", b"\"a b\""),
        false,
    );
    check(
        "tags then unterminated",
        &hostile(b"W/\"abcdefghij\", ", b"\"abc"),
        false,
    );
    check(
        "one huge tag",
        &[b"\"".as_slice(), &hostile(b"a", b"\"")].concat(),
        true,
    );
    check(
        "one huge unterminated tag",
        &[b"\"".as_slice(), &hostile(b"ab", b"")].concat(),
        false,
    );
    check(
        "obs-text tag",
        &[b"\"".as_slice(), &hostile(b"\x80!", b"\"")].concat(),
        true,
    );
    check("stars", &hostile(b"*", b""), false);
    check("stars and commas", &hostile(b"*,", b""), false);
}

#[test]
fn a_mebibyte_over_many_field_lines_is_read_in_linear_time() {
    let line: &[u8] = b"\"abcdefghij\", W/\"k\", ,";
    let lines: Vec<&[u8]> = std::iter::repeat_n(line, MIB / line.len()).collect();
    let fast = timed("lines", FAST_BOUND, || {
        match_list(lines.iter().copied(), None, Comparison::Strong)
    });
    assert!(fast.is_ok());
    let count = timed("lines", REFERENCE_BOUND, || {
        TagList::parse_lines(&lines[..]).map(|list| list.iter().count())
    });
    assert_eq!(count, Ok(2 * lines.len()));
}
