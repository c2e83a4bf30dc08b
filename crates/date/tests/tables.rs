//! Table tests: valid values per format, and each class of invalid value, each
//! table through its own `check` helper.
//!
//! Expected instants were computed with Python's `datetime` (proleptic
//! Gregorian, like this crate) where they are not the RFC 9110 §5.6.7 example.

use precond_date::{ErrorKind, Format, HttpDate, Rule, Weekday};

/// The clock for rfc850 years: 2026-05-01T12:00:00Z.
fn now() -> HttpDate {
    HttpDate::from_civil(2026, 5, 1, 12, 0, 0).unwrap()
}

// ---------------------------------------------------------------------------
// Valid values

fn check_valid(format: Format, input: &str, unix: i64) {
    let parsed = HttpDate::parse_with_format(input.as_bytes(), now());
    assert_eq!(
        parsed,
        Ok((HttpDate::from_unix_seconds(unix).unwrap(), format)),
        "{input:?}"
    );
}

// proves: 9110-5.6.7-accept-all-formats
#[test]
fn valid_imf_fixdate() {
    let check = |input, unix| check_valid(Format::ImfFixdate, input, unix);
    check("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777);
    check("Thu, 01 Jan 1970 00:00:00 GMT", 0);
    check("Wed, 31 Dec 1969 23:59:59 GMT", -1);
    check("Sat, 01 Jan 0000 00:00:00 GMT", -62_167_219_200);
    check("Mon, 01 Jan 0001 00:00:00 GMT", -62_135_596_800);
    check("Fri, 31 Dec 9999 23:59:59 GMT", 253_402_300_799);
    check("Tue, 29 Feb 2000 12:00:00 GMT", 951_825_600);
    check("Thu, 29 Feb 2024 00:00:00 GMT", 1_709_164_800);
    check("Tue, 29 Feb 1600 00:00:00 GMT", -11_670_998_400);
    check("Thu, 01 Mar 1900 00:00:00 GMT", -2_203_891_200);
    // Proleptic Gregorian before the 1582 reform.
    check("Mon, 04 Oct 1582 00:00:00 GMT", -12_220_243_200);
    check("Fri, 15 Oct 1582 00:00:00 GMT", -12_219_292_800);
    check("Wed, 21 Oct 2015 07:28:00 GMT", 1_445_412_480);
    // The leap second is read as the second before it.
    check("Wed, 31 Dec 2025 23:59:60 GMT", 1_767_225_599);
    check("Fri, 31 Dec 9999 23:59:60 GMT", 253_402_300_799);
    // OWS around the value.
    check(" Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777);
    check("Sun, 06 Nov 1994 08:49:37 GMT\t", 784_111_777);
    check(" \t \tSun, 06 Nov 1994 08:49:37 GMT \t ", 784_111_777);
}

// proves: 9110-5.6.7-accept-all-formats
#[test]
fn valid_rfc850_date() {
    let check = |input, unix| check_valid(Format::Rfc850, input, unix);
    check("Sunday, 06-Nov-94 08:49:37 GMT", 784_111_777);
    check("Wednesday, 01-Jan-70 00:00:00 GMT", 3_155_760_000);
    check("Friday, 31-Dec-99 23:59:59 GMT", 946_684_799);
    check("Saturday, 01-Jan-00 00:00:00 GMT", 946_684_800);
    check("Friday, 01-May-76 12:00:00 GMT", 3_355_560_000);
    check("Saturday, 01-May-76 12:00:01 GMT", 199_800_001);
    check("Tuesday, 29-Feb-00 12:00:00 GMT", 951_825_600);
    check("Wednesday, 31-Dec-25 23:59:60 GMT", 1_767_225_599);
    check("\tSunday, 06-Nov-94 08:49:37 GMT ", 784_111_777);
}

// proves: 9110-5.6.7-accept-all-formats
#[test]
fn valid_asctime_date() {
    let check = |input, unix| check_valid(Format::Asctime, input, unix);
    check("Sun Nov  6 08:49:37 1994", 784_111_777);
    check("Sun Nov 06 08:49:37 1994", 784_111_777);
    check("Thu Jan  1 00:00:00 1970", 0);
    check("Sat Jan  1 00:00:00 0000", -62_167_219_200);
    check("Fri Dec 31 23:59:59 9999", 253_402_300_799);
    check("Tue Feb 29 12:00:00 2000", 951_825_600);
    check("Wed Oct 21 07:28:00 2015", 1_445_412_480);
    check("Wed Dec 31 23:59:60 2025", 1_767_225_599);
    check(" Sun Nov  6 08:49:37 1994  ", 784_111_777);
}

// ---------------------------------------------------------------------------
// Invalid values

fn check_invalid(input: &str, rule: Rule, offset: usize, kind: ErrorKind) {
    let err = HttpDate::parse_at(input.as_bytes(), now()).unwrap_err();
    assert_eq!(
        (err.rule(), err.offset(), err.kind()),
        (rule, offset, kind),
        "{input:?}: {err}"
    );
    assert!(err.offset() <= input.len(), "{input:?}");
}

fn byte(b: u8) -> ErrorKind {
    ErrorKind::UnexpectedByte { byte: b }
}

const END: ErrorKind = ErrorKind::UnexpectedEnd;

/// Case: names and `GMT` exactly as in the grammar.
#[test]
fn invalid_case() {
    let check = check_invalid;
    check(
        "sun, 06 Nov 1994 08:49:37 GMT",
        Rule::DayName,
        0,
        byte(b's'),
    );
    check(
        "SUN, 06 Nov 1994 08:49:37 GMT",
        Rule::DayName,
        1,
        byte(b'U'),
    );
    check("Sun, 06 nov 1994 08:49:37 GMT", Rule::Month, 8, byte(b'n'));
    check("Sun, 06 NOV 1994 08:49:37 GMT", Rule::Month, 9, byte(b'O'));
    check("Sun, 06 Nov 1994 08:49:37 gmt", Rule::Gmt, 26, byte(b'g'));
    check("Sun, 06 Nov 1994 08:49:37 Gmt", Rule::Gmt, 27, byte(b'm'));
    check(
        "sunday, 06-Nov-94 08:49:37 GMT",
        Rule::DayName,
        0,
        byte(b's'),
    );
    check(
        "SUNDAY, 06-Nov-94 08:49:37 GMT",
        Rule::DayName,
        1,
        byte(b'U'),
    );
    check(
        "Sunday, 06-nov-94 08:49:37 GMT",
        Rule::Month,
        11,
        byte(b'n'),
    );
    check("Sunday, 06-Nov-94 08:49:37 gmt", Rule::Gmt, 27, byte(b'g'));
    check("sun Nov  6 08:49:37 1994", Rule::DayName, 0, byte(b's'));
    check("Sun nov  6 08:49:37 1994", Rule::Month, 4, byte(b'n'));
}

/// The zone: `GMT` where the grammar has it, nothing where it has not.
#[test]
fn invalid_zone() {
    let check = check_invalid;
    check("Sun, 06 Nov 1994 08:49:37 UTC", Rule::Gmt, 26, byte(b'U'));
    check("Sun, 06 Nov 1994 08:49:37 +0000", Rule::Gmt, 26, byte(b'+'));
    check("Sun, 06 Nov 1994 08:49:37 GM", Rule::Gmt, 28, END);
    check("Sun, 06 Nov 1994 08:49:37", Rule::ImfFixdate, 25, END);
    check("Sunday, 06-Nov-94 08:49:37 UTC", Rule::Gmt, 27, byte(b'U'));
    check("Sunday, 06-Nov-94 08:49:37", Rule::Rfc850Date, 26, END);
    check(
        "Sun Nov  6 08:49:37 1994 GMT",
        Rule::HttpDate,
        25,
        byte(b'G'),
    );
}

/// Whitespace: exactly the SPs of the grammar inside, only OWS around.
#[test]
fn invalid_whitespace() {
    let check = check_invalid;
    check("Sun,  06 Nov 1994 08:49:37 GMT", Rule::Day, 5, byte(b' '));
    check("Sun, 06  Nov 1994 08:49:37 GMT", Rule::Month, 8, byte(b' '));
    check("Sun, 06 Nov 1994  08:49:37 GMT", Rule::Hour, 17, byte(b' '));
    check("Sun, 06 Nov 1994 08:49:37  GMT", Rule::Gmt, 26, byte(b' '));
    check(
        "Sun,\t06 Nov 1994 08:49:37 GMT",
        Rule::ImfFixdate,
        4,
        byte(b'\t'),
    );
    check(
        "Sun, 06 Nov 1994\t08:49:37 GMT",
        Rule::ImfFixdate,
        16,
        byte(b'\t'),
    );
    check("Sun ,06 Nov 1994 08:49:37 GMT", Rule::Month, 4, byte(b','));
    check("Sunday,  06-Nov-94 08:49:37 GMT", Rule::Day, 8, byte(b' '));
    check(
        "Sunday, 06-Nov-94  08:49:37 GMT",
        Rule::Hour,
        18,
        byte(b' '),
    );
    check(
        "Sunday, 06-Nov-94\t08:49:37 GMT",
        Rule::Rfc850Date,
        17,
        byte(b'\t'),
    );
    check("Sun  Nov  6 08:49:37 1994", Rule::Month, 4, byte(b' '));
    check("Sun Nov   6 08:49:37 1994", Rule::Date3, 9, byte(b' '));
    check("Sun Nov  6  08:49:37 1994", Rule::Hour, 11, byte(b' '));
    check("Sun Nov  6 08:49:37  1994", Rule::Year, 20, byte(b' '));
    // Only SP and HTAB are OWS.
    check(
        "\nSun, 06 Nov 1994 08:49:37 GMT",
        Rule::DayName,
        0,
        byte(b'\n'),
    );
    check(
        "Sun, 06 Nov 1994 08:49:37 GMT\r\n",
        Rule::HttpDate,
        29,
        byte(b'\r'),
    );
    check(
        "\x0BSun, 06 Nov 1994 08:49:37 GMT",
        Rule::DayName,
        0,
        byte(0x0B),
    );
    check(
        "Sun, 06 Nov 1994 08:49:37 GMT\x0C",
        Rule::HttpDate,
        29,
        byte(0x0C),
    );
    check(
        "Sun, 06 Nov 1994 08:49:37 GMT\u{A0}",
        Rule::HttpDate,
        29,
        byte(0xC2),
    );
}

/// Field shapes: digit counts, separators, the day-name of the wrong format.
#[test]
fn invalid_shape() {
    let check = check_invalid;
    // Two wrong literals in the same lane of two words, each one bit off
    // its literal (`,` → `-` at 3, SP → `!` at 11): the misfits of all the
    // words add up, they never cancel out.
    check(
        "Sun- 06 Nov!1994 08:49:37 GMT",
        Rule::ImfFixdate,
        3,
        byte(b'-'),
    );
    check("Sun, 6 Nov 1994 08:49:37 GMT", Rule::Day, 6, byte(b' '));
    check("Sun, 06 Nov 94 08:49:37 GMT", Rule::Year, 14, byte(b' '));
    check(
        "Sun, 06 Nov 01994 08:49:37 GMT",
        Rule::ImfFixdate,
        16,
        byte(b'4'),
    );
    check("Sun, 06 Nov 1994 8:49:37 GMT", Rule::Hour, 18, byte(b':'));
    check(
        "Sun, 06 Nov 1994 08.49.37 GMT",
        Rule::TimeOfDay,
        19,
        byte(b'.'),
    );
    check(
        "Sun, 06 Nov 1994 08:49 GMT",
        Rule::TimeOfDay,
        22,
        byte(b' '),
    );
    check("Sun, 06-Nov-1994 08:49:37 GMT", Rule::Date1, 7, byte(b'-'));
    check(
        "Sunday, 06 Nov 94 08:49:37 GMT",
        Rule::Date2,
        10,
        byte(b' '),
    );
    check(
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        Rule::Rfc850Date,
        17,
        byte(b'9'),
    );
    check("Sunday, 6-Nov-94 08:49:37 GMT", Rule::Day, 9, byte(b'-'));
    check(
        "Sunday,06-Nov-94 08:49:37 GMT",
        Rule::Rfc850Date,
        7,
        byte(b'0'),
    );
    check("Sun, 06-Nov-94 08:49:37 GMT", Rule::Date1, 7, byte(b'-'));
    check(
        "Sunday, 06 Nov 1994 08:49:37 GMT",
        Rule::Date2,
        10,
        byte(b' '),
    );
    check("Sun Nov 6 08:49:37 1994", Rule::Date3, 9, byte(b' '));
    check("Sun Nov  6 08:49:37 94", Rule::Year, 22, END);
    check("Sun Nov  6 1994 08:49:37", Rule::TimeOfDay, 13, byte(b'9'));
    check("Sun 06 Nov 1994 08:49:37 GMT", Rule::Month, 4, byte(b'0'));
    check(
        "Sund, 06 Nov 1994 08:49:37 GMT",
        Rule::DayNameL,
        4,
        byte(b','),
    );
}

/// Truncated input and bytes after a complete date (a list is not a date).
#[test]
fn invalid_length() {
    let check = check_invalid;
    check("", Rule::DayName, 0, END);
    check("   ", Rule::DayName, 3, END);
    check("Sun", Rule::ImfFixdate, 3, END);
    check("Sun, 06 Nov", Rule::Date1, 11, END);
    check(
        "Sun, 06 Nov 1994 08:49:37 GMTx",
        Rule::HttpDate,
        29,
        byte(b'x'),
    );
    check(
        "Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT",
        Rule::HttpDate,
        29,
        byte(b','),
    );
    check(
        "Sun, 06 Nov 1994 08:49:37 GMT x",
        Rule::HttpDate,
        30,
        byte(b'x'),
    );
    check("Sun Nov  6 08:49:37 19945", Rule::HttpDate, 24, byte(b'5'));
    check("784111777", Rule::DayName, 0, byte(b'7'));
    check("1994-11-06T08:49:37Z", Rule::DayName, 0, byte(b'1'));
}

/// Days that do not exist in their month.
#[test]
fn invalid_impossible_date() {
    let check = |input, offset, (year, month, day)| {
        check_invalid(
            input,
            Rule::Day,
            offset,
            ErrorKind::ImpossibleDate { year, month, day },
        );
    };
    check("Tue, 31 Feb 2023 00:00:00 GMT", 5, (2023, 2, 31));
    check("Wed, 29 Feb 2023 00:00:00 GMT", 5, (2023, 2, 29));
    check("Thu, 29 Feb 1900 00:00:00 GMT", 5, (1900, 2, 29));
    check("Mon, 30 Feb 2024 00:00:00 GMT", 5, (2024, 2, 30));
    check("Mon, 00 Jan 2024 00:00:00 GMT", 5, (2024, 1, 0));
    check("Mon, 31 Apr 2024 00:00:00 GMT", 5, (2024, 4, 31));
    check("Mon, 32 Jan 2024 00:00:00 GMT", 5, (2024, 1, 32));
    check("Mon, 99 Dec 9999 00:00:00 GMT", 5, (9999, 12, 99));
    check("Tuesday, 29-Feb-23 00:00:00 GMT", 9, (2023, 2, 29));
    check("Monday, 31-Jun-24 00:00:00 GMT", 8, (2024, 6, 31));
    check("Wed Feb 30 00:00:00 2000", 8, (2000, 2, 30));
    check("Wed Feb  0 00:00:00 2000", 8, (2000, 2, 0));
    check("Sat Feb 29 00:00:00 2100", 8, (2100, 2, 29));
    check("  Tue, 31 Feb 2023 00:00:00 GMT", 7, (2023, 2, 31));
}

/// Times of day that do not exist; `60` only as the leap second 23:59:60.
#[test]
fn invalid_impossible_time() {
    let check = |input, rule, offset, value| {
        check_invalid(input, rule, offset, ErrorKind::ImpossibleTime { value });
    };
    check("Mon, 01 Jan 2024 24:00:00 GMT", Rule::Hour, 17, 24);
    check("Mon, 01 Jan 2024 99:00:00 GMT", Rule::Hour, 17, 99);
    check("Mon, 01 Jan 2024 00:60:00 GMT", Rule::Minute, 20, 60);
    check("Mon, 01 Jan 2024 23:60:00 GMT", Rule::Minute, 20, 60);
    check("Mon, 01 Jan 2024 00:00:61 GMT", Rule::Second, 23, 61);
    check("Mon, 01 Jan 2024 22:59:60 GMT", Rule::Second, 23, 60);
    check("Mon, 01 Jan 2024 23:58:60 GMT", Rule::Second, 23, 60);
    check("Mon, 01 Jan 2024 00:00:60 GMT", Rule::Second, 23, 60);
    check("Mon, 01 Jan 2024 23:59:99 GMT", Rule::Second, 23, 99);
    check("Monday, 01-Jan-24 24:00:00 GMT", Rule::Hour, 18, 24);
    check("Monday, 01-Jan-24 00:60:00 GMT", Rule::Minute, 21, 60);
    check("Monday, 01-Jan-24 12:59:60 GMT", Rule::Second, 24, 60);
    check("Mon Jan  1 24:00:00 2024", Rule::Hour, 11, 24);
    check("Mon Jan  1 00:00:60 2024", Rule::Second, 17, 60);
}

/// A day name that is not the date's weekday (RFC 5322 §3.3 consistency).
#[test]
fn invalid_weekday() {
    let check = |input, rule, offset, stated, actual| {
        check_invalid(
            input,
            rule,
            offset,
            ErrorKind::WeekdayMismatch { stated, actual },
        );
    };
    use Weekday::*;
    check("Mon, 06 Nov 1994 08:49:37 GMT", Rule::DayName, 0, Mon, Sun);
    check("Sat, 06 Nov 1994 08:49:37 GMT", Rule::DayName, 0, Sat, Sun);
    check(
        "Monday, 06-Nov-94 08:49:37 GMT",
        Rule::DayNameL,
        0,
        Mon,
        Sun,
    );
    // 1894-11-06 was a Tuesday, but the 50-year rule reads 94 as 1994.
    check(
        "Tuesday, 06-Nov-94 08:49:37 GMT",
        Rule::DayNameL,
        0,
        Tue,
        Sun,
    );
    check("Mon Nov  6 08:49:37 1994", Rule::DayName, 0, Mon, Sun);
    check(
        "  Mon, 06 Nov 1994 08:49:37 GMT",
        Rule::DayName,
        2,
        Mon,
        Sun,
    );
    check("Fri, 01 Jan 0000 00:00:00 GMT", Rule::DayName, 0, Fri, Sat);
    // The leap second keeps its day.
    check("Thu, 31 Dec 2025 23:59:60 GMT", Rule::DayName, 0, Thu, Wed);
}

/// A two-digit year the 50-year rule moves out of 0000–9999.
#[test]
fn invalid_out_of_range() {
    let check = |now: (u16, u8, u8), input, offset| {
        let now = HttpDate::from_civil(now.0, now.1, now.2, 0, 0, 0).unwrap();
        let err = HttpDate::parse_at(input, now).unwrap_err();
        assert_eq!(
            (err.rule(), err.offset(), err.kind()),
            (Rule::Date2, offset, ErrorKind::OutOfRange),
            "{:?}: {err}",
            input.escape_ascii().to_string()
        );
    };
    // Read in 9990, 00 is 10000 (within 50 years), not 9900.
    check((9990, 1, 1), b"Saturday, 01-Jan-00 00:00:00 GMT", 17);
    check((9999, 12, 31), b"Monday, 01-Jan-49 00:00:00 GMT", 15);
    // Read in 0010, 99 is more than 50 years ahead as 0099, and -0001 is no year.
    check((10, 1, 1), b"Friday, 01-Jan-99 00:00:00 GMT", 15);
    check((49, 12, 31), b"Friday, 31-Dec-99 00:00:01 GMT", 15);
}

// ---------------------------------------------------------------------------
// Error messages

#[test]
fn error_messages() {
    let check = |input: &str, expected: &str| {
        let err = HttpDate::parse_at(input.as_bytes(), now()).unwrap_err();
        assert_eq!(err.to_string(), expected, "{input:?}");
    };
    check(
        "Sun, 06 Nov 1994 08:49:37 gmt",
        "invalid HTTP-date: byte 'g' at offset 26 does not fit the rule GMT",
    );
    check(
        "Sun,\t06 Nov 1994 08:49:37 GMT",
        "invalid HTTP-date: byte HTAB at offset 4 does not fit the rule IMF-fixdate",
    );
    check(
        "Sun, 06 Nov 1994 08:49:37 GMT\r",
        "invalid HTTP-date: byte 0x0D at offset 29 does not fit the rule HTTP-date",
    );
    check(
        "Sun, 06 Nov",
        "invalid HTTP-date: the input ends at offset 11 where the rule date1 needs more",
    );
    check(
        "Wed, 29 Feb 2023 00:00:00 GMT",
        "invalid HTTP-date: day 29 at offset 5 does not exist in month 02 of year 2023",
    );
    check(
        "Mon, 01 Jan 2024 24:00:00 GMT",
        "invalid HTTP-date: hour 24 at offset 17 is out of range",
    );
    check(
        "Mon, 01 Jan 2024 22:59:60 GMT",
        "invalid HTTP-date: second 60 at offset 23 is only allowed as the leap second 23:59:60",
    );
    check(
        "Mon, 01 Jan 2024 23:59:61 GMT",
        "invalid HTTP-date: second 61 at offset 23 is out of range",
    );
    check(
        "Mon, 01 Jan 2024 23:60:00 GMT",
        "invalid HTTP-date: minute 60 at offset 20 is out of range",
    );
    check(
        "Mon, 06 Nov 1994 08:49:37 GMT",
        "invalid HTTP-date: the day name Mon at offset 0 does not match the date, which is a Sunday",
    );
    let far = HttpDate::from_civil(9990, 1, 1, 0, 0, 0).unwrap();
    let err = HttpDate::parse_at(b"Saturday, 01-Jan-00 00:00:00 GMT", far).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid HTTP-date: the two-digit year at offset 17 resolves to a year outside 0000 to 9999"
    );
    let range = HttpDate::from_civil(2024, 2, 30, 0, 0, 0).unwrap_err();
    assert_eq!(
        range.to_string(),
        "the time is not a valid instant between 0000-01-01T00:00:00Z and \
         9999-12-31T23:59:59Z, the range of an HTTP-date"
    );
}

#[test]
fn rule_names() {
    let check = |rule: Rule, name: &str| {
        assert_eq!(rule.as_str(), name);
        assert_eq!(rule.to_string(), name);
    };
    check(Rule::HttpDate, "HTTP-date");
    check(Rule::ImfFixdate, "IMF-fixdate");
    check(Rule::ObsDate, "obs-date");
    check(Rule::Rfc850Date, "rfc850-date");
    check(Rule::AsctimeDate, "asctime-date");
    check(Rule::DayName, "day-name");
    check(Rule::DayNameL, "day-name-l");
    check(Rule::Date1, "date1");
    check(Rule::Date2, "date2");
    check(Rule::Date3, "date3");
    check(Rule::Day, "day");
    check(Rule::Month, "month");
    check(Rule::Year, "year");
    check(Rule::Gmt, "GMT");
    check(Rule::TimeOfDay, "time-of-day");
    check(Rule::Hour, "hour");
    check(Rule::Minute, "minute");
    check(Rule::Second, "second");
}

#[test]
fn format_and_weekday_names() {
    assert_eq!(Format::ImfFixdate.as_str(), "imf-fixdate");
    assert_eq!(Format::Rfc850.as_str(), "rfc850");
    assert_eq!(Format::Asctime.as_str(), "asctime");
    let check = |day: Weekday, short: &str, long: &str| {
        assert_eq!((day.as_str(), day.long_name()), (short, long));
        assert_eq!(day.to_string(), short);
    };
    check(Weekday::Mon, "Mon", "Monday");
    check(Weekday::Tue, "Tue", "Tuesday");
    check(Weekday::Wed, "Wed", "Wednesday");
    check(Weekday::Thu, "Thu", "Thursday");
    check(Weekday::Fri, "Fri", "Friday");
    check(Weekday::Sat, "Sat", "Saturday");
    check(Weekday::Sun, "Sun", "Sunday");
}
