//! The RFC 9110 §5.6.7 examples, formatting byte for byte, the rfc850 year
//! window at its edges, and the conversions.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use precond_date::{Format, HttpDate, IMF_FIXDATE_LEN, RangeError, Weekday};

/// Sun, 06 Nov 1994 08:49:37 GMT, the instant of the RFC 9110 §5.6.7 examples.
const EXAMPLE_UNIX: i64 = 784_111_777;

fn example() -> HttpDate {
    HttpDate::from_unix_seconds(EXAMPLE_UNIX).unwrap()
}

// proves: 9110-5.6.7-accept-all-formats
#[test]
fn rfc_9110_examples_name_one_instant() {
    let now = HttpDate::from_civil(2026, 5, 1, 12, 0, 0).unwrap();
    let check = |input: &[u8], format: Format| {
        assert_eq!(
            HttpDate::parse_with_format(input, now),
            Ok((example(), format)),
            "{:?}",
            input.escape_ascii().to_string()
        );
        assert_eq!(HttpDate::parse_at(input, now), Ok(example()));
        // Resolving against the system clock gives the same until 2044.
        assert_eq!(HttpDate::parse(input), Ok(example()));
    };
    check(b"Sun, 06 Nov 1994 08:49:37 GMT", Format::ImfFixdate);
    check(b"Sunday, 06-Nov-94 08:49:37 GMT", Format::Rfc850);
    check(b"Sun Nov  6 08:49:37 1994", Format::Asctime);
}

#[test]
fn example_fields() {
    let d = example();
    assert_eq!(
        (d.year(), d.month(), d.day()),
        (1994, 11, 6),
        "calendar date"
    );
    assert_eq!((d.hour(), d.minute(), d.second()), (8, 49, 37));
    assert_eq!(d.weekday(), Weekday::Sun);
    assert_eq!(HttpDate::from_civil(1994, 11, 6, 8, 49, 37), Ok(d));
}

// proves: 9110-5.6.7-generate-imf-fixdate, 9110-5.6.7-no-extra-whitespace
#[test]
fn formats_imf_fixdate_byte_for_byte() {
    let check = |unix: i64, expected: &str| {
        let date = HttpDate::from_unix_seconds(unix).unwrap();
        let bytes = date.imf_fixdate();
        assert_eq!(bytes.len(), IMF_FIXDATE_LEN);
        assert_eq!(std::str::from_utf8(&bytes).unwrap(), expected);
        let mut buf = [b'?'; IMF_FIXDATE_LEN];
        date.write_imf_fixdate(&mut buf);
        assert_eq!(buf, bytes);
        assert_eq!(date.to_string(), expected);
        assert_eq!(http::HeaderValue::from(date), expected);
    };
    check(EXAMPLE_UNIX, "Sun, 06 Nov 1994 08:49:37 GMT");
    check(0, "Thu, 01 Jan 1970 00:00:00 GMT");
    check(-1, "Wed, 31 Dec 1969 23:59:59 GMT");
    check(-62_167_219_200, "Sat, 01 Jan 0000 00:00:00 GMT");
    check(-62_135_596_800, "Mon, 01 Jan 0001 00:00:00 GMT");
    check(253_402_300_799, "Fri, 31 Dec 9999 23:59:59 GMT");
    check(951_825_600, "Tue, 29 Feb 2000 12:00:00 GMT");
    check(-12_220_243_200, "Mon, 04 Oct 1582 00:00:00 GMT");
    check(1_445_412_480, "Wed, 21 Oct 2015 07:28:00 GMT");
    check(946_684_799, "Fri, 31 Dec 1999 23:59:59 GMT");
    check(946_684_800, "Sat, 01 Jan 2000 00:00:00 GMT");
    check(-24_293_692_800, "Wed, 01 Mar 1200 00:00:00 GMT");
}

#[test]
fn display_honours_width() {
    assert_eq!(
        format!("[{:>31}]", example()),
        "[  Sun, 06 Nov 1994 08:49:37 GMT]"
    );
    assert_eq!(
        format!("{:?}", example()),
        "HttpDate(Sun, 06 Nov 1994 08:49:37 GMT)"
    );
}

#[test]
fn header_value_conversions() {
    for date in [
        HttpDate::MIN,
        HttpDate::UNIX_EPOCH,
        example(),
        HttpDate::MAX,
    ] {
        let value = http::HeaderValue::from(date);
        assert_eq!(value.as_bytes(), date.imf_fixdate());
        assert_eq!(HttpDate::try_from(&value), Ok(date));
    }
    let bad = http::HeaderValue::from_static("yesterday");
    assert!(HttpDate::try_from(&bad).is_err());
}

#[test]
fn from_str_parses() {
    assert_eq!("Sun, 06 Nov 1994 08:49:37 GMT".parse(), Ok(example()));
    assert!("Sun, 06 Nov 1994 08:49:37 UTC".parse::<HttpDate>().is_err());
}

#[test]
fn range_constants() {
    assert_eq!(HttpDate::MIN.unix_seconds(), -62_167_219_200);
    assert_eq!(HttpDate::MAX.unix_seconds(), 253_402_300_799);
    assert_eq!(HttpDate::UNIX_EPOCH.unix_seconds(), 0);
    assert_eq!(
        HttpDate::from_unix_seconds(-62_167_219_201),
        Err(RangeError)
    );
    assert_eq!(
        HttpDate::from_unix_seconds(253_402_300_800),
        Err(RangeError)
    );
    assert_eq!(HttpDate::from_unix_seconds(i64::MIN), Err(RangeError));
    assert_eq!(HttpDate::from_unix_seconds(i64::MAX), Err(RangeError));
    assert_eq!(HttpDate::MIN.checked_add_seconds(-1), None);
    assert_eq!(HttpDate::MAX.checked_add_seconds(1), None);
    assert_eq!(HttpDate::MAX.checked_add_seconds(i64::MAX), None);
    assert_eq!(
        example().checked_add_seconds(-EXAMPLE_UNIX),
        Some(HttpDate::UNIX_EPOCH)
    );
}

#[test]
fn from_civil_checks_every_field() {
    let check = |fields: (u16, u8, u8, u8, u8, u8), ok: bool| {
        let (y, mo, d, h, mi, s) = fields;
        assert_eq!(
            HttpDate::from_civil(y, mo, d, h, mi, s).is_ok(),
            ok,
            "{fields:?}"
        );
    };
    check((0, 1, 1, 0, 0, 0), true);
    check((9999, 12, 31, 23, 59, 59), true);
    check((2024, 2, 29, 0, 0, 0), true);
    check((10_000, 1, 1, 0, 0, 0), false);
    check((2023, 2, 29, 0, 0, 0), false);
    check((2024, 0, 1, 0, 0, 0), false);
    check((2024, 13, 1, 0, 0, 0), false);
    check((2024, 1, 0, 0, 0, 0), false);
    check((2024, 4, 31, 0, 0, 0), false);
    check((2024, 1, 1, 24, 0, 0), false);
    check((2024, 1, 1, 0, 60, 0), false);
    // No leap seconds in the data model; the parser folds 23:59:60 into :59.
    check((2024, 1, 1, 23, 59, 60), false);
}

#[test]
fn system_time_conversions() {
    let secs = |s: u64| Duration::from_secs(s);
    let check = |t: SystemTime, expected: Result<i64, RangeError>| {
        assert_eq!(
            HttpDate::from_system_time(t).map(HttpDate::unix_seconds),
            expected,
            "{t:?}"
        );
        assert_eq!(
            HttpDate::try_from(t).map(HttpDate::unix_seconds),
            expected,
            "{t:?}"
        );
    };
    check(UNIX_EPOCH, Ok(0));
    check(UNIX_EPOCH + Duration::from_nanos(999_999_999), Ok(0));
    check(
        UNIX_EPOCH + secs(784_111_777) + Duration::from_millis(999),
        Ok(784_111_777),
    );
    // Before the epoch, the fraction is dropped toward the past.
    check(UNIX_EPOCH - Duration::from_nanos(1), Ok(-1));
    check(UNIX_EPOCH - Duration::from_millis(1500), Ok(-2));
    check(UNIX_EPOCH - secs(2), Ok(-2));
    check(UNIX_EPOCH - secs(62_167_219_200), Ok(-62_167_219_200));
    check(
        UNIX_EPOCH - secs(62_167_219_200) - Duration::from_nanos(1),
        Err(RangeError),
    );
    check(
        UNIX_EPOCH + secs(253_402_300_799) + Duration::from_nanos(999_999_999),
        Ok(253_402_300_799),
    );
    check(UNIX_EPOCH + secs(253_402_300_800), Err(RangeError));

    for date in [
        HttpDate::MIN,
        HttpDate::UNIX_EPOCH,
        example(),
        HttpDate::MAX,
    ] {
        let t = date.to_system_time();
        assert_eq!(SystemTime::from(date), t);
        assert_eq!(date.checked_to_system_time(), Some(t));
        assert_eq!(HttpDate::from_system_time(t), Ok(date));
    }
    assert_eq!(example().to_system_time(), UNIX_EPOCH + secs(784_111_777));
}

#[test]
fn now_is_in_range_and_recent() {
    let now = HttpDate::now();
    // Written in 2026; the clock of the machine running the test is later.
    assert!(now > HttpDate::from_civil(2026, 1, 1, 0, 0, 0).unwrap());
    assert!(now <= HttpDate::MAX);
}

// ---------------------------------------------------------------------------
// rfc850 two-digit years

/// Renders `date` as an rfc850-date (with its own weekday).
fn rfc850(date: HttpDate) -> String {
    format!(
        "{}, {:02}-{}-{:02} {:02}:{:02}:{:02} GMT",
        date.weekday().long_name(),
        date.day(),
        &date.imf_fixdate()[8..11].escape_ascii().to_string(),
        date.year() % 100,
        date.hour(),
        date.minute(),
        date.second()
    )
}

/// Reading the rfc850 rendering of `expected` at `now` gives `expected`.
fn check_window(now: (u16, u8, u8, u8, u8, u8), expected: (u16, u8, u8, u8, u8, u8)) {
    let civil = |(y, mo, d, h, mi, s): (u16, u8, u8, u8, u8, u8)| {
        HttpDate::from_civil(y, mo, d, h, mi, s).unwrap()
    };
    let (now, expected) = (civil(now), civil(expected));
    let text = rfc850(expected);
    assert_eq!(
        HttpDate::parse_with_format(text.as_bytes(), now),
        Ok((expected, Format::Rfc850)),
        "{text} read at {now}"
    );
}

// proves: 9110-5.6.7-rfc850-year-window
#[test]
fn rfc850_years_within_50_years_ahead_are_read_ahead() {
    let now = (2026, 5, 1, 12, 0, 0);
    let check = |expected| check_window(now, expected);
    check((2026, 5, 1, 12, 0, 0));
    check((2025, 1, 1, 0, 0, 0));
    check((2050, 1, 1, 0, 0, 0));
    check((2075, 12, 31, 23, 59, 59));
    // Exactly 50 years ahead is not more than 50 years ahead.
    check((2076, 5, 1, 12, 0, 0));
    check((2076, 5, 1, 11, 59, 59));
    check((2076, 4, 30, 23, 59, 59));
}

// proves: 9110-5.6.7-rfc850-year-window
#[test]
fn rfc850_years_more_than_50_years_ahead_are_read_as_past() {
    let now = (2026, 5, 1, 12, 0, 0);
    let check = |expected| check_window(now, expected);
    // One second past the limit: the most recent past year with those digits.
    check((1976, 5, 1, 12, 0, 1));
    check((1976, 5, 2, 0, 0, 0));
    check((1976, 12, 31, 23, 59, 59));
    check((1977, 1, 1, 0, 0, 0));
    check((1994, 11, 6, 8, 49, 37));
    check((1999, 12, 31, 23, 59, 59));
}

// proves: 9110-5.6.7-rfc850-year-window
#[test]
fn rfc850_window_slides_with_the_clock() {
    // Late in a century, low digits belong to the next one.
    let now = (2090, 6, 15, 0, 0, 0);
    check_window(now, (2110, 6, 1, 0, 0, 0));
    check_window(now, (2140, 6, 15, 0, 0, 0));
    check_window(now, (2040, 6, 15, 0, 0, 1));
    check_window(now, (2089, 1, 1, 0, 0, 0));
    check_window(now, (2099, 12, 31, 23, 59, 59));
    // At the turn of a century.
    let now = (2000, 1, 1, 0, 0, 0);
    check_window(now, (2050, 1, 1, 0, 0, 0));
    check_window(now, (1950, 1, 1, 0, 0, 1));
    check_window(now, (1999, 12, 31, 23, 59, 59));
    let now = (1999, 12, 31, 23, 59, 59);
    check_window(now, (2049, 12, 31, 23, 59, 59));
    check_window(now, (1950, 1, 1, 0, 0, 0));
    // A clock on a leap day: the limit 2074-02-29 is not a date, and need not be.
    let now = (2024, 2, 29, 0, 0, 0);
    check_window(now, (2074, 2, 28, 23, 59, 59));
    check_window(now, (1974, 3, 1, 0, 0, 0));
    // Near the ends of the range.
    check_window((9940, 1, 1, 0, 0, 0), (9990, 1, 1, 0, 0, 0));
    check_window((9999, 12, 31, 23, 59, 59), (9950, 1, 1, 0, 0, 0));
    check_window((0, 1, 1, 0, 0, 0), (50, 1, 1, 0, 0, 0));
    check_window((0, 1, 1, 0, 0, 0), (0, 1, 1, 0, 0, 0));
}

// proves: 9110-5.6.7-rfc850-year-window
#[test]
fn rfc850_leap_day_depends_on_the_resolved_year() {
    let at = |y| HttpDate::from_civil(y, 6, 1, 0, 0, 0).unwrap();
    // Read in 2026, 00 is 2000, a leap year; read in 2060, 00 is 2100, not one.
    let text = b"Tuesday, 29-Feb-00 00:00:00 GMT";
    assert_eq!(
        HttpDate::parse_at(text, at(2026)).map(HttpDate::year),
        Ok(2000)
    );
    let err = HttpDate::parse_at(text, at(2060)).unwrap_err();
    assert_eq!(
        err.kind(),
        precond_date::ErrorKind::ImpossibleDate {
            year: 2100,
            month: 2,
            day: 29
        }
    );
}

#[cfg(feature = "arbitrary")]
#[test]
fn arbitrary_values_are_in_range() {
    use arbitrary::{Arbitrary, Unstructured};
    let mut seen_formats = std::collections::HashSet::new();
    let mut seen_weekdays = std::collections::HashSet::new();
    for seed in 0..2000u32 {
        // A cheap deterministic byte stream per seed.
        let bytes: Vec<u8> = (0..64u32)
            .map(|i| (seed.wrapping_mul(2_654_435_761).wrapping_add(i * 40_503) >> 7) as u8)
            .collect();
        let mut u = Unstructured::new(&bytes);
        let date = HttpDate::arbitrary(&mut u).unwrap();
        assert!(HttpDate::MIN <= date && date <= HttpDate::MAX);
        assert_eq!(HttpDate::parse(&date.imf_fixdate()), Ok(date));
        seen_formats.insert(Format::arbitrary(&mut u).unwrap());
        seen_weekdays.insert(Weekday::arbitrary(&mut u).unwrap());
    }
    assert_eq!(seen_formats.len(), 3);
    assert_eq!(seen_weekdays.len(), 7);
    // Extremes: no bytes, all zeros, all ones.
    for bytes in [&[][..], &[0; 16], &[0xFF; 16]] {
        let date = HttpDate::arbitrary(&mut Unstructured::new(bytes)).unwrap();
        assert!(HttpDate::MIN <= date && date <= HttpDate::MAX);
    }
}

/// `parse_detailed` reports the leap second in every format, with whitespace
/// around the value, and only for a value that wrote `60`.
#[test]
fn leap_second_is_reported_as_written() {
    let now = HttpDate::from_civil(2026, 1, 1, 0, 0, 0).unwrap();
    let last = HttpDate::from_civil(2016, 12, 31, 23, 59, 59).unwrap();
    for (text, format, leap) in [
        ("Sat, 31 Dec 2016 23:59:60 GMT", Format::ImfFixdate, true),
        (
            " \tSat, 31 Dec 2016 23:59:60 GMT \t",
            Format::ImfFixdate,
            true,
        ),
        ("Saturday, 31-Dec-16 23:59:60 GMT", Format::Rfc850, true),
        ("Sat Dec 31 23:59:60 2016 ", Format::Asctime, true),
        ("Sat, 31 Dec 2016 23:59:59 GMT", Format::ImfFixdate, false),
        ("Saturday, 31-Dec-16 23:59:59 GMT\t", Format::Rfc850, false),
        ("Sat Dec 31 23:59:59 2016", Format::Asctime, false),
    ] {
        let parsed = HttpDate::parse_detailed(text.as_bytes(), now).unwrap();
        assert_eq!(parsed.date(), last, "{text:?}");
        assert_eq!(parsed.format(), format, "{text:?}");
        assert_eq!(parsed.leap_second(), leap, "{text:?}");
    }
    // A 60 elsewhere in the value is not a leap second.
    let parsed = HttpDate::parse_detailed(b"Sun, 06 Nov 1994 08:49:37 GMT", now).unwrap();
    assert!(!parsed.leap_second());
    assert!(HttpDate::parse_detailed(b"Sat, 31 Dec 2016 22:59:60 GMT", now).is_err());
}
