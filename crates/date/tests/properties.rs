//! Properties over the whole range: round trips, the rfc850 window against a
//! brute-force reading of RFC 9110 §5.6.7, conversions, and no panics.

use std::time::{Duration, UNIX_EPOCH};

use precond_date::{Format, HttpDate, IMF_FIXDATE_LEN};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

fn any_date() -> impl Strategy<Value = HttpDate> {
    (HttpDate::MIN.unix_seconds()..=HttpDate::MAX.unix_seconds())
        .prop_map(|secs| HttpDate::from_unix_seconds(secs).unwrap())
}

fn month_name(date: HttpDate) -> String {
    date.imf_fixdate()[8..11].escape_ascii().to_string()
}

fn asctime(date: HttpDate) -> String {
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} {:04}",
        date.weekday(),
        month_name(date),
        date.day(),
        date.hour(),
        date.minute(),
        date.second(),
        date.year()
    )
}

fn rfc850(date: HttpDate) -> String {
    format!(
        "{}, {:02}-{}-{:02} {:02}:{:02}:{:02} GMT",
        date.weekday().long_name(),
        date.day(),
        month_name(date),
        date.year() % 100,
        date.hour(),
        date.minute(),
        date.second()
    )
}

type Fields = (u16, u8, u8, u8, u8, u8);

fn fields(d: HttpDate) -> Fields {
    (
        d.year(),
        d.month(),
        d.day(),
        d.hour(),
        d.minute(),
        d.second(),
    )
}

/// RFC 9110 §5.6.7 read literally, by search: of the years with the same last
/// two digits, the one whose timestamp is not more than 50 years after `now`
/// and is the latest such (so: more than 50 years before `now` is never
/// chosen when a later candidate exists). `None` if that year is not in
/// 0000–9999.
fn brute_force_year(two_digits: u16, rest: [u8; 5], now: HttpDate) -> Option<u16> {
    let (ny, nmo, nd, nh, nmi, ns) = fields(now);
    let limit = (i32::from(ny) + 50, [nmo, nd, nh, nmi, ns]);
    (-1..=101)
        .map(|century| century * 100 + i32::from(two_digits))
        .filter(|&year| (year, rest) <= limit)
        .max()
        .and_then(|year| u16::try_from(year).ok())
        .filter(|&year| year <= 9999)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2048,
        // Integration tests have no `src/` sibling: name the file directly
        // (relative to the package, where `cargo test` runs).
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/properties.txt",
        ))),
        ..ProptestConfig::default()
    })]

    // proves: 9110-5.6.7-generate-imf-fixdate, 9110-5.6.7-no-extra-whitespace
    #[test]
    fn imf_fixdate_round_trips(date in any_date()) {
        let bytes = date.imf_fixdate();
        // The IMF-fixdate layout exactly: the grammar's SPs and nothing else.
        let layout = b"___, dd ___ dddd dd:dd:dd GMT";
        for (i, (&b, &l)) in bytes.iter().zip(layout).enumerate() {
            match l {
                b'_' => prop_assert!(b.is_ascii_alphabetic(), "{i}"),
                b'd' => prop_assert!(b.is_ascii_digit(), "{i}"),
                _ => prop_assert_eq!(b, l, "{}", i),
            }
        }
        prop_assert_eq!(bytes.len(), IMF_FIXDATE_LEN);
        prop_assert_eq!(HttpDate::parse(&bytes), Ok(date));
        prop_assert_eq!(
            HttpDate::parse_with_format(&bytes, HttpDate::UNIX_EPOCH),
            Ok((date, Format::ImfFixdate))
        );
        prop_assert_eq!(date.to_string().parse::<HttpDate>(), Ok(date));
    }

    // proves: 9110-5.6.7-accept-all-formats
    #[test]
    fn asctime_round_trips(date in any_date()) {
        let text = asctime(date);
        prop_assert_eq!(
            HttpDate::parse_with_format(text.as_bytes(), HttpDate::UNIX_EPOCH),
            Ok((date, Format::Asctime)),
            "{}", text
        );
    }

    // proves: 9110-5.6.7-accept-all-formats, 9110-5.6.7-rfc850-year-window
    #[test]
    fn rfc850_round_trips_within_the_window(
        now in any_date(),
        back in 0i64..(50 * 365 * 86_400),
        ahead in 0i64..(50 * 365 * 86_400),
        forward in any::<bool>(),
    ) {
        // A date less than 50 (365-day) years from now, either way.
        let delta = if forward { ahead } else { -back };
        let Some(date) = now.checked_add_seconds(delta) else {
            return Ok(());
        };
        let text = rfc850(date);
        prop_assert_eq!(
            HttpDate::parse_with_format(text.as_bytes(), now),
            Ok((date, Format::Rfc850)),
            "{} read at {}", text, now
        );
    }

    // proves: 9110-5.6.7-rfc850-year-window
    #[test]
    fn rfc850_window_matches_brute_force(now in any_date(), date in any_date()) {
        // Write `date`'s fields with its two-digit year, and the weekday of the
        // year the brute force picks, so that only the year is in question.
        let (_, mo, d, h, mi, s) = fields(date);
        let two = date.year() % 100;
        let expected = brute_force_year(two, [mo, d, h, mi, s], now)
            .and_then(|year| HttpDate::from_civil(year, mo, d, h, mi, s).ok());
        let weekday = expected.map_or(date.weekday(), HttpDate::weekday);
        let text = format!(
            "{}, {:02}-{}-{:02} {:02}:{:02}:{:02} GMT",
            weekday.long_name(), d, month_name(date), two, h, mi, s
        );
        let parsed = HttpDate::parse_at(text.as_bytes(), now).ok();
        prop_assert_eq!(parsed, expected, "{} read at {}", text, now);
    }

    #[test]
    fn fields_round_trip(date in any_date()) {
        let (y, mo, d, h, mi, s) = fields(date);
        prop_assert_eq!(HttpDate::from_civil(y, mo, d, h, mi, s), Ok(date));
        let days = date.unix_seconds().div_euclid(86_400);
        // 1970-01-01 was a Thursday.
        prop_assert_eq!(date.weekday() as i64, (days + 3).rem_euclid(7));
    }

    #[test]
    fn order_is_the_order_of_instants(a in any_date(), b in any_date()) {
        prop_assert_eq!(a.cmp(&b), a.unix_seconds().cmp(&b.unix_seconds()));
        prop_assert_eq!(a.cmp(&b), a.to_system_time().cmp(&b.to_system_time()));
        prop_assert_eq!(a.cmp(&b), fields(a).cmp(&fields(b)));
    }

    #[test]
    fn system_time_truncates_toward_the_past(
        date in any_date(),
        nanos in 0u32..1_000_000_000,
    ) {
        let t = date.to_system_time() + Duration::from_nanos(u64::from(nanos));
        prop_assert_eq!(HttpDate::from_system_time(t), Ok(date));
        prop_assert_eq!(HttpDate::from_system_time(date.to_system_time()), Ok(date));
        let unix = match t.duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_secs_f64(),
            Err(e) => -e.duration().as_secs_f64(),
        };
        prop_assert!(date.unix_seconds() as f64 <= unix);
    }

    #[test]
    fn never_panics(input in proptest::collection::vec(any::<u8>(), 0..64)) {
        for now in [HttpDate::MIN, HttpDate::UNIX_EPOCH, HttpDate::MAX] {
            if let Err(err) = HttpDate::parse_at(&input, now) {
                prop_assert!(err.offset() <= input.len());
                prop_assert!(!err.to_string().is_empty());
            }
        }
    }

    #[test]
    fn never_panics_near_valid(date in any_date(), at in 0usize..29, byte in any::<u8>()) {
        let mut bytes = date.imf_fixdate().to_vec();
        bytes[at] = byte;
        let mut rfc = rfc850(date).into_bytes();
        let rfc_at = at.min(rfc.len() - 1);
        rfc[rfc_at] = byte;
        for input in [&bytes[..], &rfc[..], &bytes[..at], &rfc[..rfc_at]] {
            for now in [HttpDate::MIN, date, HttpDate::MAX] {
                if let Err(err) = HttpDate::parse_at(input, now) {
                    prop_assert!(err.offset() <= input.len());
                }
            }
        }
    }
}
