//! Differential tests against the `httpdate` crate (1.0.3): every input it
//! accepts is accepted here as the same instant, except where the two differ
//! by design (listed in the crate docs, one test each below).

use std::cell::Cell;
use std::time::SystemTime;

use precond_date::{ErrorKind, Format, HttpDate, Rule, Weekday};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};

/// The clock both sides are compared at (`httpdate` has none).
fn now() -> HttpDate {
    HttpDate::from_civil(2026, 5, 1, 12, 0, 0).unwrap()
}

fn theirs(input: &[u8]) -> Option<HttpDate> {
    let text = std::str::from_utf8(input).ok()?;
    let t: SystemTime = httpdate::parse_http_date(text).ok()?;
    Some(HttpDate::from_system_time(t).unwrap())
}

// ---------------------------------------------------------------------------
// The differences by design

/// Difference 2: `httpdate` trims all ASCII whitespace around the value
/// (`str::trim`), here only OWS. Returns the value trimmed as `httpdate` does,
/// if that removes more than OWS.
fn strip_other_whitespace(input: &[u8]) -> Option<Vec<u8>> {
    let trimmed = std::str::from_utf8(input).ok()?.trim().as_bytes();
    let mut ows_trimmed = input;
    while let [b' ' | b'\t', rest @ ..] = ows_trimmed {
        ows_trimmed = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = ows_trimmed {
        ows_trimmed = rest;
    }
    (ows_trimmed.len() != trimmed.len()).then(|| trimmed.to_vec())
}

/// Difference 3: `httpdate` does not look at the byte between `date2` and
/// `time-of-day` of an rfc850-date. Returns the value with an SP there, if
/// it held something else. OWS around the value is trimmed first, as both
/// parsers do (a trailing SP must not hide the difference).
fn fix_rfc850_separator(mut input: &[u8]) -> Option<Vec<u8>> {
    while let [b' ' | b'\t', rest @ ..] = input {
        input = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = input {
        input = rest;
    }
    let names = [
        "Monday, ",
        "Tuesday, ",
        "Wednesday, ",
        "Thursday, ",
        "Friday, ",
        "Saturday, ",
        "Sunday, ",
    ];
    let start = names
        .iter()
        .find(|n| input.starts_with(n.as_bytes()))?
        .len();
    let at = start + 9;
    if input.len() != start + 22 || input.get(at) == Some(&b' ') {
        return None;
    }
    let mut fixed = input.to_vec();
    fixed[at] = b' ';
    Some(fixed)
}

/// Difference 1: `httpdate` reads a two-digit year 00–69 as 2000–2069 and
/// 70–99 as 1970–1999. True when `input` (an rfc850-date that `httpdate` reads
/// as `theirs`) is read here as `theirs` by a clock at `theirs`, while the
/// 50-year window at [`now`] puts it in another century.
fn window_differs(input: &[u8], theirs: HttpDate) -> bool {
    let Ok((at_theirs, Format::Rfc850)) = HttpDate::parse_with_format(input, theirs) else {
        return false;
    };
    // Where the window at `now` puts the same digits (the rest of the
    // timestamp as written; the weekday may then be wrong, which is the point).
    let (y, rest) = (
        theirs.year(),
        (
            theirs.month(),
            theirs.day(),
            theirs.hour(),
            theirs.minute(),
            theirs.second(),
        ),
    );
    let limit = (
        now().year() + 50,
        (
            now().month(),
            now().day(),
            now().hour(),
            now().minute(),
            now().second(),
        ),
    );
    let ours_year = (0..=99u16)
        .map(|c| c * 100 + y % 100)
        .filter(|&year| (year, rest) <= limit)
        .max();
    at_theirs == theirs && ours_year != Some(y)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Verdict {
    /// `httpdate` rejects the input: nothing to compare.
    TheyReject,
    /// Both accept it, as the same instant.
    Same,
    /// A difference by design.
    Whitespace,
    Rfc850Separator,
    YearWindow,
}

/// Compares on one input; panics on any difference that is not by design.
fn compare(input: &[u8]) -> Verdict {
    let Some(t) = theirs(input) else {
        return Verdict::TheyReject;
    };
    let ours = HttpDate::parse_at(input, now());
    let shown = input.escape_ascii().to_string();
    if ours == Ok(t) {
        return Verdict::Same;
    }
    assert!(
        ours.is_err(),
        "{shown:?}: httpdate says {t}, we say {ours:?}"
    );
    if let Some(stripped) = strip_other_whitespace(input) {
        assert_eq!(theirs(&stripped), Some(t), "{shown:?}");
        let rest = compare(&stripped);
        assert_ne!(rest, Verdict::TheyReject, "{shown:?}");
        return Verdict::Whitespace;
    }
    if let Some(fixed) = fix_rfc850_separator(input) {
        assert_eq!(theirs(&fixed), Some(t), "{shown:?}");
        let rest = compare(&fixed);
        assert_ne!(rest, Verdict::TheyReject, "{shown:?}");
        return Verdict::Rfc850Separator;
    }
    assert!(
        window_differs(input, t),
        "{shown:?}: httpdate accepts it as {t}, we reject it: {}",
        ours.unwrap_err()
    );
    Verdict::YearWindow
}

// proves: 9110-5.6.7-rfc850-year-window
#[test]
fn by_design_two_digit_year_window() {
    // Read in 2026, 70 is 2070 (less than 50 years ahead), and 1 Jan 2070 is a
    // Wednesday; httpdate reads 70 as 1970, whose 1 January was a Thursday.
    let thursday = b"Thursday, 01-Jan-70 00:00:00 GMT";
    assert_eq!(theirs(thursday), Some(HttpDate::UNIX_EPOCH));
    let err = HttpDate::parse_at(thursday, now()).unwrap_err();
    assert_eq!(
        (err.rule(), err.kind()),
        (
            Rule::DayNameL,
            ErrorKind::WeekdayMismatch {
                stated: Weekday::Thu,
                actual: Weekday::Wed
            }
        )
    );
    // A clock in 1990 reads it as httpdate does.
    let in_1990 = HttpDate::from_civil(1990, 1, 1, 0, 0, 0).unwrap();
    assert_eq!(
        HttpDate::parse_at(thursday, in_1990),
        Ok(HttpDate::UNIX_EPOCH)
    );
    assert_eq!(compare(thursday), Verdict::YearWindow);

    // And the other way round.
    let wednesday = b"Wednesday, 01-Jan-70 00:00:00 GMT";
    assert_eq!(theirs(wednesday), None);
    assert_eq!(
        HttpDate::parse_at(wednesday, now()).map(HttpDate::year),
        Ok(2070)
    );
    // Where the two agree: 94 is 1994 for both (2094 is over 50 years ahead).
    assert_eq!(compare(b"Sunday, 06-Nov-94 08:49:37 GMT"), Verdict::Same);
}

#[test]
fn by_design_whitespace_is_only_sp_and_htab() {
    let check = |input: &[u8]| {
        assert_eq!(
            theirs(input),
            Some(HttpDate::from_unix_seconds(784_111_777).unwrap())
        );
        assert!(HttpDate::parse_at(input, now()).is_err());
        assert_eq!(compare(input), Verdict::Whitespace);
    };
    check(b"\r\nSun, 06 Nov 1994 08:49:37 GMT");
    check(b"Sun, 06 Nov 1994 08:49:37 GMT\r\n");
    check(b"\x0BSun, 06 Nov 1994 08:49:37 GMT\x0C");
    check(b" \nSun Nov  6 08:49:37 1994\t");
    // OWS itself is trimmed by both.
    assert_eq!(
        compare(b" \tSun, 06 Nov 1994 08:49:37 GMT\t "),
        Verdict::Same
    );
}

#[test]
fn by_design_rfc850_separator_is_sp() {
    let check = |input: &[u8], at: usize| {
        assert_eq!(
            theirs(input),
            Some(HttpDate::from_unix_seconds(784_111_777).unwrap())
        );
        let err = HttpDate::parse_at(input, now()).unwrap_err();
        assert_eq!((err.rule(), err.offset()), (Rule::Rfc850Date, at));
        assert_eq!(compare(input), Verdict::Rfc850Separator);
    };
    check(b"Sunday, 06-Nov-94X08:49:37 GMT", 17);
    check(b"Sunday, 06-Nov-94-08:49:37 GMT", 17);
    check(b"Sunday, 06-Nov-94\t08:49:37 GMT", 17);
    // With OWS after it (the case the fuzz harness once missed).
    check(b"Sunday, 06-Nov-94X08:49:37 GMT\t ", 17);
}

/// Accepted here, rejected by `httpdate`: the other direction, for the record.
#[test]
fn accepted_here_only() {
    let check = |input: &[u8], unix: i64| {
        assert_eq!(theirs(input), None);
        assert_eq!(
            HttpDate::parse_at(input, now()),
            Ok(HttpDate::from_unix_seconds(unix).unwrap())
        );
    };
    // Before 1970: the grammar has four-digit years.
    check(b"Wed, 31 Dec 1969 23:59:59 GMT", -1);
    check(b"Sat, 01 Jan 0000 00:00:00 GMT", -62_167_219_200);
    check(b"Wed Dec 31 23:59:59 1969", -1);
    // The leap second.
    check(b"Wed, 31 Dec 2025 23:59:60 GMT", 1_767_225_599);
}

// ---------------------------------------------------------------------------
// Generated inputs

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Raw fields, valid or not.
#[derive(Clone, Copy, Debug)]
struct Raw {
    weekday: Weekday,
    day: u8,
    month: usize,
    year: u16,
    hour: u8,
    minute: u8,
    second: u8,
}

impl Raw {
    fn of(date: HttpDate) -> Raw {
        Raw {
            weekday: date.weekday(),
            day: date.day(),
            month: usize::from(date.month() - 1),
            year: date.year(),
            hour: date.hour(),
            minute: date.minute(),
            second: date.second(),
        }
    }

    fn render(self, format: Format) -> String {
        let Raw {
            weekday,
            day,
            month,
            year,
            hour,
            minute,
            second,
        } = self;
        let month = MONTHS[month % 12];
        match format {
            Format::ImfFixdate => format!(
                "{weekday}, {day:02} {month} {year:04} {hour:02}:{minute:02}:{second:02} GMT"
            ),
            Format::Rfc850 => format!(
                "{}, {day:02}-{month}-{:02} {hour:02}:{minute:02}:{second:02} GMT",
                weekday.long_name(),
                year % 100
            ),
            Format::Asctime => {
                format!("{weekday} {month} {day:>2} {hour:02}:{minute:02}:{second:02} {year:04}")
            }
        }
    }
}

fn format() -> impl Strategy<Value = Format> {
    prop_oneof![
        Just(Format::ImfFixdate),
        Just(Format::Rfc850),
        Just(Format::Asctime)
    ]
}

/// A date `httpdate` can represent (1970–9999), rfc850 ones where its pivot
/// can reach them (1970–2069).
fn their_date(format: Format) -> impl Strategy<Value = HttpDate> {
    let last = match format {
        Format::Rfc850 => HttpDate::from_civil(2069, 12, 31, 23, 59, 59).unwrap(),
        Format::ImfFixdate | Format::Asctime => HttpDate::MAX,
    };
    let near = HttpDate::from_civil(2100, 1, 1, 0, 0, 0).unwrap().min(last);
    prop_oneof![0..=last.unix_seconds(), 0..=near.unix_seconds()]
        .prop_map(|secs| HttpDate::from_unix_seconds(secs).unwrap())
}

fn whitespace() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        40 => Just(""),
        2 => Just(" "),
        2 => Just("\t "),
        1 => Just("\r\n"),
        1 => Just("\x0B"),
        1 => Just(" \x0C"),
    ]
}

/// Mostly values `httpdate` accepts; some with fields out of range, a wrong
/// weekday, other whitespace, or one byte changed.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let valid = format().prop_flat_map(|format| {
        (their_date(format), whitespace(), whitespace()).prop_map(move |(date, lead, trail)| {
            format!("{lead}{}{trail}", Raw::of(date).render(format)).into_bytes()
        })
    });
    let raw = (
        format(),
        0..7usize,
        0u8..=40,
        0..12usize,
        prop_oneof![1965u16..=2080, 0u16..=9999],
        0u8..=30,
        0u8..=65,
        prop_oneof![0u8..=65, 58u8..=61],
    )
        .prop_map(
            |(format, weekday, day, month, year, hour, minute, second)| {
                Raw {
                    weekday: DAYS[weekday],
                    day,
                    month,
                    year,
                    hour,
                    minute,
                    second,
                }
                .render(format)
                .into_bytes()
            },
        );
    let mutated = (
        format(),
        format().prop_flat_map(their_date),
        any::<prop::sample::Index>(),
        prop_oneof![
            Just(b' '),
            Just(b'\t'),
            Just(b'-'),
            Just(b':'),
            Just(b'X'),
            b'0'..=b'9',
            any::<u8>()
        ],
    )
        .prop_map(|(format, date, at, byte)| {
            let mut bytes = Raw::of(date).render(format).into_bytes();
            let at = at.index(bytes.len());
            bytes[at] = byte;
            bytes
        });
    prop_oneof![6 => valid, 2 => raw, 2 => mutated]
}

/// At least `default` cases, more if `PROPTEST_CASES` asks (`cargo xtask
/// proptest`); a manual `TestRunner` does not read it itself. Never fewer:
/// the counts asserted below need them.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(default, |n: u32| n.max(default))
}

// proves: 9110-5.6.7-accept-all-formats
#[test]
fn agrees_with_httpdate_wherever_it_accepts() {
    let cases = cases(20_000);
    let mut runner = TestRunner::new(Config {
        cases,
        // Integration tests have no `src/` sibling: name the file directly
        // (relative to the package, where `cargo test` runs).
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/httpdate.txt",
        ))),
        ..Config::default()
    });
    let counts = [
        Verdict::TheyReject,
        Verdict::Same,
        Verdict::Whitespace,
        Verdict::Rfc850Separator,
        Verdict::YearWindow,
    ]
    .map(|v| (v, Cell::new(0u32)));
    runner
        .run(&input(), |input| {
            let verdict = compare(&input);
            for (v, n) in &counts {
                if *v == verdict {
                    n.set(n.get() + 1);
                }
            }
            Ok(())
        })
        .unwrap();
    let count = |v| counts.iter().find(|(w, _)| *w == v).unwrap().1.get();
    eprintln!("verdicts over {cases} inputs: {counts:?}");
    // Not vacuous: most generated values are ones httpdate accepts, and every
    // difference by design shows up.
    assert!(count(Verdict::TheyReject) <= cases / 2, "{counts:?}");
    assert!(count(Verdict::Same) >= cases * 2 / 5, "{counts:?}");
    assert!(count(Verdict::Whitespace) >= 50, "{counts:?}");
    assert!(count(Verdict::Rfc850Separator) >= 10, "{counts:?}");
    assert!(count(Verdict::YearWindow) >= 10, "{counts:?}");
}
