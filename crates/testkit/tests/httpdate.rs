//! Differential tests of `precond-date` against the `httpdate` crate (1.0.3):
//! every input it accepts is accepted by `precond-date` as the same instant,
//! except where the two differ by design. The differences are stated once, in
//! [`precond_testkit::peer`] (and listed in the `precond-date` crate docs); one
//! test each below shows it.

use std::cell::Cell;

use precond_date::{ErrorKind, Format, HttpDate, Rule, Weekday};
use precond_testkit::peer::{self, Agreement, NOW};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};

/// How the two read `input`; panics on a difference that is not by design.
fn compare(input: &[u8]) -> Agreement {
    peer::compare(input).unwrap_or_else(|d| {
        panic!(
            "{:?}: httpdate reads {}, precond-date {:?}",
            input.escape_ascii().to_string(),
            d.theirs,
            d.ours
        )
    })
}

// ---------------------------------------------------------------------------
// The differences by design

// proves: 9110-5.6.7-rfc850-year-window
#[test]
fn by_design_two_digit_year_window() {
    // Read in 2026, 70 is 2070 (less than 50 years ahead), and 1 Jan 2070 is a
    // Wednesday; httpdate reads 70 as 1970, whose 1 January was a Thursday.
    let thursday = b"Thursday, 01-Jan-70 00:00:00 GMT";
    assert_eq!(peer::reads(thursday), Some(HttpDate::UNIX_EPOCH));
    let err = HttpDate::parse_at(thursday, NOW).unwrap_err();
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
    assert_eq!(compare(thursday), Agreement::YearWindow);

    // And the other way round.
    let wednesday = b"Wednesday, 01-Jan-70 00:00:00 GMT";
    assert_eq!(peer::reads(wednesday), None);
    assert_eq!(
        HttpDate::parse_at(wednesday, NOW).map(HttpDate::year),
        Ok(2070)
    );
    // Where the two agree: 94 is 1994 for both (2094 is over 50 years ahead).
    assert_eq!(compare(b"Sunday, 06-Nov-94 08:49:37 GMT"), Agreement::Same);
}

#[test]
fn by_design_whitespace_is_only_sp_and_htab() {
    let check = |input: &[u8]| {
        assert_eq!(
            peer::reads(input),
            Some(HttpDate::from_unix_seconds(784_111_777).unwrap())
        );
        assert!(HttpDate::parse_at(input, NOW).is_err());
        assert_eq!(compare(input), Agreement::Whitespace);
    };
    check(b"\r\nSun, 06 Nov 1994 08:49:37 GMT");
    check(b"Sun, 06 Nov 1994 08:49:37 GMT\r\n");
    check(b"\x0BSun, 06 Nov 1994 08:49:37 GMT\x0C");
    check(b" \nSun Nov  6 08:49:37 1994\t");
    // OWS itself is trimmed by both.
    assert_eq!(
        compare(b" \tSun, 06 Nov 1994 08:49:37 GMT\t "),
        Agreement::Same
    );
}

#[test]
fn by_design_rfc850_separator_is_sp() {
    let check = |input: &[u8], at: usize| {
        assert_eq!(
            peer::reads(input),
            Some(HttpDate::from_unix_seconds(784_111_777).unwrap())
        );
        let err = HttpDate::parse_at(input, NOW).unwrap_err();
        assert_eq!((err.rule(), err.offset()), (Rule::Rfc850Date, at));
        assert_eq!(compare(input), Agreement::Rfc850Separator);
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
        assert_eq!(peer::reads(input), None);
        assert_eq!(
            HttpDate::parse_at(input, NOW),
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
        Agreement::TheyReject,
        Agreement::Same,
        Agreement::Whitespace,
        Agreement::Rfc850Separator,
        Agreement::YearWindow,
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
    assert!(count(Agreement::TheyReject) <= cases / 2, "{counts:?}");
    assert!(count(Agreement::Same) >= cases * 2 / 5, "{counts:?}");
    assert!(count(Agreement::Whitespace) >= 50, "{counts:?}");
    assert!(count(Agreement::Rfc850Separator) >= 10, "{counts:?}");
    assert!(count(Agreement::YearWindow) >= 10, "{counts:?}");
}
