//! Internal tests: the fast path against the reference grammar.
//!
//! - `layout::fields` (the fixed layouts read as words) answers for every
//!   input, exactly as `grammar::fields` does: the same fields (values and
//!   positions), or the same syntax error (rule, offset, byte);
//! - `parse::parse` (what the public API runs) answers exactly like the
//!   grammar followed by the semantic checks: the same date, format and leap
//!   second, or the same error.

use proptest::prelude::*;

use crate::{Error, HttpDate, Parsed, check, grammar, layout};

/// A fixed clock: the fast path never needs one, the grammar only for rfc850.
const NOW: HttpDate = match HttpDate::from_civil(2026, 5, 1, 12, 0, 0) {
    Ok(date) => date,
    Err(_) => HttpDate::UNIX_EPOCH,
};

/// The grammar, then the semantic checks: what every parse must answer.
fn reference(input: &[u8]) -> Result<Parsed, Error> {
    let fields = grammar::fields(input)?;
    let date = check::resolve(&fields, input.len(), || NOW)?;
    Ok(Parsed {
        date,
        format: fields.format,
        leap_second: fields.time.second.value == 60,
    })
}

/// The fast path and the reference agree on `input`.
fn assert_agree(input: &[u8]) {
    let shown = || input.escape_ascii().to_string();
    let by_grammar = grammar::fields(input);
    assert_eq!(layout::fields(input), by_grammar, "{:?}", shown());
    let parsed = crate::parse::parse(input, || NOW);
    assert_eq!(parsed, reference(input), "{:?}", shown());
    // The leap second is reported exactly when the value wrote second 60.
    if let Ok(parsed) = parsed {
        let second = by_grammar.map(|fields| fields.time.second.value);
        assert_eq!(parsed.leap_second(), second == Ok(60), "{:?}", shown());
        assert_eq!(parsed.date().second() == 59, second.is_ok_and(|s| s >= 59));
    }
}

fn any_date() -> impl Strategy<Value = HttpDate> {
    (HttpDate::MIN.unix_seconds()..=HttpDate::MAX.unix_seconds())
        .prop_map(|secs| HttpDate::from_unix_seconds(secs).unwrap())
}

/// IMF-fixdate-shaped text with fields in and out of range and any day name.
fn imf_shaped() -> impl Strategy<Value = Vec<u8>> {
    const DAYS: [&str; 8] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "sun"];
    const MONTHS: [&str; 13] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "jan",
    ];
    (
        0..DAYS.len(),
        0u8..=39,
        0..MONTHS.len(),
        prop_oneof![0u16..=9999, 1895u16..=2105],
        0u8..=25,
        prop_oneof![0u8..=61, 58u8..=60],
        prop_oneof![0u8..=61, 58u8..=60],
    )
        .prop_map(|(w, d, m, y, h, mi, s)| {
            format!(
                "{}, {d:02} {} {y:04} {h:02}:{mi:02}:{s:02} GMT",
                DAYS[w], MONTHS[m]
            )
            .into_bytes()
        })
}

/// A valid date in any of the three formats, as text.
fn any_format() -> impl Strategy<Value = Vec<u8>> {
    (any_date(), 0..3u8).prop_map(|(date, format)| {
        let (weekday, month) = (date.weekday(), MONTHS[usize::from(date.month()) - 1]);
        match format {
            0 => date.imf_fixdate().to_vec(),
            1 => format!(
                "{}, {:02}-{month}-{:02} {:02}:{:02}:{:02} GMT",
                weekday.long_name(),
                date.day(),
                date.year() % 100,
                date.hour(),
                date.minute(),
                date.second()
            )
            .into_bytes(),
            _ => format!(
                "{} {month} {:>2} {:02}:{:02}:{:02} {:04}",
                weekday.as_str(),
                date.day(),
                date.hour(),
                date.minute(),
                date.second(),
                date.year()
            )
            .into_bytes(),
        }
    })
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A valid date in any format with up to three bytes replaced, inserted or
/// removed (or a SP inserted), maybe with OWS around it.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    (
        any_format(),
        proptest::collection::vec((0usize..36, 0u8..4, any::<u8>()), 0..=3),
        0usize..3,
        0usize..3,
    )
        .prop_map(|(mut text, edits, lead, trail)| {
            for (at, op, byte) in edits {
                let at = at.min(text.len());
                match op {
                    0 if at < text.len() => text[at] = byte,
                    1 => text.insert(at, byte),
                    2 if at < text.len() => {
                        text.remove(at);
                    }
                    _ => text.insert(at, b' '),
                }
            }
            let mut out = b" \t".repeat(lead);
            out.extend_from_slice(&text);
            out.extend_from_slice(&b"\t ".repeat(trail));
            out
        })
}

/// rfc850- and asctime-shaped text with fields in and out of range and any
/// day name (the two-digit year window and impossible dates included).
fn obs_shaped() -> impl Strategy<Value = Vec<u8>> {
    const LONG: [&str; 8] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Sun",
    ];
    (
        0..LONG.len(),
        0u8..=39,
        0..MONTHS.len(),
        prop_oneof![0u16..=9999, 1895u16..=2105],
        0u8..=25,
        0u8..=61,
        prop_oneof![0u8..=61, 58u8..=60],
        any::<bool>(),
    )
        .prop_map(|(w, d, m, y, h, mi, s, rfc850)| {
            if rfc850 {
                let (day, month) = (LONG[w], MONTHS[m]);
                format!(
                    "{day}, {d:02}-{month}-{:02} {h:02}:{mi:02}:{s:02} GMT",
                    y % 100
                )
            } else {
                let (day, month) = (&LONG[w][..3], MONTHS[m]);
                format!("{day} {month} {:>2} {h:02}:{mi:02}:{s:02} {y:04}", d % 32)
            }
            .into_bytes()
        })
}

/// Short strings over the bytes the grammar cares about.
fn noise() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        Just(b' '),
        Just(b'\t'),
        Just(b','),
        Just(b':'),
        Just(b'-'),
        b'0'..=b'9',
        prop::sample::select(b"GMTSunMonFriNovDec".to_vec()),
        any::<u8>(),
    ];
    proptest::collection::vec(byte, 27..=31)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn fast_path_agrees_on_valid_dates(date in any_date()) {
        let text = date.imf_fixdate();
        prop_assert!(layout::fields(&text).is_ok());
        prop_assert_eq!(HttpDate::parse_at(&text, NOW), Ok(date));
        assert_agree(&text);
    }

    #[test]
    fn fast_path_agrees_on_imf_shaped_text(text in imf_shaped()) {
        assert_agree(&text);
    }

    #[test]
    fn fast_path_agrees_on_mutations(text in mutated()) {
        assert_agree(&text);
    }

    #[test]
    fn fast_path_agrees_on_noise(text in noise()) {
        assert_agree(&text);
    }

    #[test]
    fn fast_path_agrees_on_every_format(text in any_format()) {
        assert_agree(&text);
    }

    #[test]
    fn fast_path_agrees_on_obs_shaped_text(text in obs_shaped()) {
        assert_agree(&text);
    }

    #[test]
    fn fast_path_agrees_on_arbitrary_bytes(text in proptest::collection::vec(any::<u8>(), 0..40)) {
        assert_agree(&text);
    }
}

#[test]
fn fast_path_agrees_on_edges() {
    for text in [
        &b"Sun, 06 Nov 1994 08:49:37 GMT"[..],
        b" Sun, 06 Nov 1994 08:49:37 GMT\t",
        b"Sat, 01 Jan 0000 00:00:00 GMT",
        b"Fri, 31 Dec 9999 23:59:59 GMT",
        b"Fri, 31 Dec 9999 23:59:60 GMT",
        b"Tue, 29 Feb 2000 00:00:00 GMT",
        b"Thu, 29 Feb 1900 00:00:00 GMT",
        b"Wed, 31 Dec 2025 23:59:60 GMT",
        b"Wed, 31 Dec 2025 22:59:60 GMT",
        b"Wed, 31 Dec 2025 23:58:60 GMT",
        b"Wed, 31 Dec 2025 24:00:00 GMT",
        b"Thu, 00 Jan 2026 00:00:00 GMT",
        b"Sun, 06 Nov 1994 08:49:37 gmt",
        b"Sun Nov  6 08:49:37 1994     ",
        b"Sunday, 06-Nov-94 08:49:37 GMT",
        b"Sunday, 06-Nov-94 08:49:37 GMT x",
        b"Sunday, 06-Nov-94 08:49:37",
        b"Sunda, 06-Nov-94 08:49:37 GMT",
        b"Wednesday, 31-Dec-25 23:59:60 GMT",
        b"Wed Dec 31 23:59:60 2025",
        b" Wed Dec 31 23:59:60 2025 \t",
        b"\tWed, 31 Dec 2025 23:59:60 GMT  ",
        b"Wednesday, 31-Dec-25 23:59:60 GMT\t",
        b"Wed Dec 31 23:59:59 2025",
        b"Thursday, 01-Jan-70 00:00:00 GMT",
        b"Sun Nov 6 08:49:37 1994",
        b"Sun Nov 06 08:49:37 1994",
        b"Sun Nov  x 08:49:37 1994",
        b"Sun Nov 0x 08:49:37 1994",
        b"Sun Nov  6 08:49:37 94",
        b"Sun Feb 29 00:00:00 1900",
        b"",
        b" \t ",
        b"S",
        b"yesterday",
        b"Sun, 06 Nov 1994 08:49",
        b"Sun, 06 Nov 1994 08:49:37 UTC",
        b"Sun, 06 Nov 1994 24:49:37 GMT",
        b"Mon, 06 Nov 1994 08:49:37 GMT",
    ] {
        assert_agree(text);
    }
}

/// Every byte of a date in each format replaced by every byte value, every
/// cut, and every byte inserted anywhere: each a syntax error (or a date)
/// that the layouts must word exactly as the grammar does.
#[test]
fn fast_path_agrees_on_every_one_byte_change() {
    let mut dates: Vec<Vec<u8>> = vec![
        b"Sun, 06 Nov 1994 08:49:37 GMT".to_vec(),
        b"Sun Nov  6 08:49:37 1994".to_vec(),
        b"Sun Nov 16 08:49:37 1994".to_vec(),
    ];
    for day in [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ] {
        dates.push(format!("{day}, 06-Nov-94 08:49:37 GMT").into_bytes());
    }
    for date in &dates {
        for around in [&b""[..], b" ", b"\t "] {
            let mut text = around.to_vec();
            text.extend_from_slice(date);
            text.extend_from_slice(around);
            for cut in 0..=text.len() {
                assert_agree(&text[..cut]);
            }
            for at in 0..text.len() {
                for byte in 0..=u8::MAX {
                    let mut changed = text.clone();
                    changed[at] = byte;
                    assert_agree(&changed);
                }
            }
            for at in 0..=text.len() {
                for byte in [b' ', b'\t', b'0', b'9', b',', b'-', b':', b'd', b'x', 0] {
                    let mut changed = text.clone();
                    changed.insert(at, byte);
                    assert_agree(&changed);
                }
            }
        }
    }
}
