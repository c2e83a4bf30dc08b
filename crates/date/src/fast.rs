//! Hand-written fast paths for the fixed 29-byte IMF-fixdate layout.
//!
//! ```text
//! Sun, 06 Nov 1994 08:49:37 GMT
//! 0         1         2
//! 01234567890123456789012345678
//! ```
//!
//! Parsing reads the 29 bytes as four 64-bit words, checks every literal
//! byte with one mask and compare per word and every digit at once (see
//! [`ABOVE_NINE`]), and looks the names up in two small perfect-hash tables.
//! It answers only "this exact IMF-fixdate, valid" or "not that" (`None`),
//! and leaves every other input, and every error message, to the reference
//! grammar in [`crate::grammar`]. A property test checks that the two agree,
//! in acceptance and in value, on arbitrary input.
//!
//! Formatting divides only by constants (compiled to multiplications).

use crate::civil::{MIN_DAY, civil_from_days, days_from_civil, days_in_month, weekday_from_days};
use crate::{HttpDate, IMF_FIXDATE_LEN, Weekday};

/// The IMF-fixdate layout: `_` a name byte, `d` a digit, anything else literal.
const LAYOUT: &[u8; IMF_FIXDATE_LEN] = b"___, dd ___ dddd dd:dd:dd GMT";

/// The input is read as four little-endian words starting at these offsets
/// (the last overlaps the third so that it ends with the input).
const WORD_STARTS: [usize; 4] = [0, 8, 16, 21];

/// Per word: which bytes are literal, and their expected values.
const LITERAL_MASK: [u64; 4] = layout_words(Class::Literal, false);
const LITERAL_VALUE: [u64; 4] = layout_words(Class::Literal, true);
/// Per word: the high bit of each digit byte.
const DIGIT_HIGH_BITS: [u64; 4] = layout_words(Class::Digit, false);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Name,
    Digit,
    Literal,
}

const fn class(byte: u8) -> Class {
    match byte {
        b'_' => Class::Name,
        b'd' => Class::Digit,
        _ => Class::Literal,
    }
}

/// For each word of [`WORD_STARTS`], the bytes of class `wanted`: with
/// `value`, the layout's bytes there; without, a mask (0xFF per literal byte,
/// 0x80 per digit byte).
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time only: an index out of bounds is a build error"
)]
const fn layout_words(wanted: Class, value: bool) -> [u64; 4] {
    let mut words = [0u64; 4];
    let mut w = 0;
    while w < 4 {
        let mut i = 0;
        while i < 8 {
            let byte = LAYOUT[WORD_STARTS[w] + i];
            if class(byte) as u8 == wanted as u8 {
                let bits = match (value, wanted) {
                    (true, _) => byte as u64,
                    (false, Class::Digit) => 0x80,
                    (false, _) => 0xFF,
                };
                words[w] |= bits << (8 * i);
            }
            i += 1;
        }
        w += 1;
    }
    words
}

/// Digits become 0–9 under this XOR (every other byte goes elsewhere).
const ZEROS: u64 = u64::from_le_bytes([b'0'; 8]);

/// With `x = word ^ ZEROS`, the high bit of each byte of
/// `x | (x + ABOVE_NINE)` is set exactly when that byte of `x` is above 9: a
/// byte below 0x80 reaches 0x80 when 0x76 is added exactly if it is above 9,
/// and a byte at or above 0x80 has the bit already. Adding a word at once
/// lets a carry run from a byte at or above 0x8A into the next one; that can
/// only add bits, so it can turn a pass into a failure (for an input already
/// rejected), never a failure into a pass.
const ABOVE_NINE: u64 = u64::from_le_bytes([0x76; 8]);

/// Multiplicative hashes that map the seven `day-name`s to distinct slots of
/// 8 and the twelve `month` names to distinct slots of 16 (the names read as
/// little-endian 24-bit keys). Compile-time checked below.
const DAY_HASH: u32 = 3_006_791_469;
const MONTH_HASH: u32 = 3_475_296_111;

const DAY_NAMES: [[u8; 3]; 7] = [
    *b"Mon", *b"Tue", *b"Wed", *b"Thu", *b"Fri", *b"Sat", *b"Sun",
];
const MONTH_NAMES: [[u8; 3]; 12] = [
    *b"Jan", *b"Feb", *b"Mar", *b"Apr", *b"May", *b"Jun", *b"Jul", *b"Aug", *b"Sep", *b"Oct",
    *b"Nov", *b"Dec",
];

const fn name_key(name: [u8; 3]) -> u32 {
    u32::from_le_bytes([name[0], name[1], name[2], 0])
}

const fn slot(key: u32, hash: u32, bits: u32) -> usize {
    (key.wrapping_mul(hash) >> (32 - bits)) as usize
}

/// `(key, 1-based position)` per slot; free slots hold a key no input has
/// (keys are 24-bit) and position 0.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time only: an index out of bounds is a build error"
)]
const fn name_table<const N: usize, const SLOTS: usize>(
    names: [[u8; 3]; N],
    hash: u32,
    bits: u32,
) -> [(u32, u8); SLOTS] {
    let mut table = [(u32::MAX, 0u8); SLOTS];
    let mut i = 0;
    while i < N {
        let key = name_key(names[i]);
        table[slot(key, hash, bits)] = (key, i as u8 + 1);
        i += 1;
    }
    table
}

const DAY_TABLE: [(u32, u8); 8] = name_table(DAY_NAMES, DAY_HASH, 3);
const MONTH_TABLE: [(u32, u8); 16] = name_table(MONTH_NAMES, MONTH_HASH, 4);

/// Whether every name landed in its own slot.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time only: an index out of bounds is a build error"
)]
const fn tables_are_perfect() -> bool {
    let mut seen = 0;
    let mut i = 0;
    while i < 8 {
        seen += (DAY_TABLE[i].1 != 0) as u32;
        i += 1;
    }
    let mut i = 0;
    while i < 16 {
        seen += (MONTH_TABLE[i].1 != 0) as u32;
        i += 1;
    }
    seen == 7 + 12
}
const _: () = assert!(tables_are_perfect());

/// Looks a 3-byte name up: its 1-based position in the name list, 0 if none.
#[inline(always)]
fn lookup<const SLOTS: usize>(table: &[(u32, u8); SLOTS], key: u32, hash: u32, bits: u32) -> u8 {
    match table.get(slot(key, hash, bits)) {
        Some(&(k, position)) if k == key => position,
        _ => 0,
    }
}

/// Byte `i` of a word.
#[inline(always)]
fn byte(word: u64, i: u32) -> u8 {
    (word >> (8 * i)) as u8
}

/// The instant of an input that is exactly a valid IMF-fixdate (no
/// whitespace around it); `None` for anything else.
#[inline]
pub(crate) fn parse_imf_fixdate(input: &[u8]) -> Option<HttpDate> {
    let input: &[u8; IMF_FIXDATE_LEN] = input.try_into().ok()?;
    let (a, rest) = input.split_first_chunk::<8>()?;
    let (b, rest) = rest.split_first_chunk::<8>()?;
    let (c, _) = rest.split_first_chunk::<8>()?;
    let (_, d) = input.split_last_chunk::<8>()?;
    let words = [a, b, c, d].map(|w| u64::from_le_bytes(*w));

    // Syntax: the literal bytes, then the digits.
    let mut bad_literal = 0;
    let mut bad_digit = 0;
    for (((&w, &mask), &value), &high) in words
        .iter()
        .zip(&LITERAL_MASK)
        .zip(&LITERAL_VALUE)
        .zip(&DIGIT_HIGH_BITS)
    {
        bad_literal |= (w & mask) ^ value;
        let x = w ^ ZEROS;
        bad_digit |= (x | x.wrapping_add(ABOVE_NINE)) & high;
    }
    if bad_literal | bad_digit != 0 {
        return None;
    }
    let [a, b, c, d] = words.map(|w| w ^ ZEROS);
    let two = |w: u64, i: u32| byte(w, i) * 10 + byte(w, i + 1);
    let day = two(a, 5);
    let year = u16::from(two(b, 4)) * 100 + u16::from(two(b, 6));
    let (hour, minute) = (two(c, 1), two(c, 4));
    let second = byte(c, 7) * 10 + byte(d, 3);

    let weekday = lookup(&DAY_TABLE, (words[0] & 0xFF_FFFF) as u32, DAY_HASH, 3);
    let month = lookup(&MONTH_TABLE, (words[1] & 0xFF_FFFF) as u32, MONTH_HASH, 4);
    if weekday == 0 || month == 0 {
        return None;
    }

    // Semantics, as in `crate::parse::resolve`.
    if day == 0 || day > days_in_month(year, month) || hour > 23 || minute > 59 {
        return None;
    }
    let second = match second {
        0..=59 => second,
        60 if hour == 23 && minute == 59 => 59,
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    if weekday_from_days(days) + 1 != weekday {
        return None;
    }
    Some(HttpDate::from_parts(days, hour, minute, second))
}

/// Writes `date` as an IMF-fixdate.
#[inline]
pub(crate) fn write_imf_fixdate(date: HttpDate, buf: &mut [u8; IMF_FIXDATE_LEN]) {
    // Seconds since 0000-01-01T00:00:00Z: never negative for an HttpDate.
    let since_min = date
        .unix_seconds()
        .wrapping_sub(HttpDate::MIN.unix_seconds()) as u64;
    let days = (since_min / 86_400) as u32;
    let second_of_day = (since_min % 86_400) as u32;
    let (year, month, day) = civil_from_days(days as i32 + MIN_DAY);
    // 0000-01-01 was a Saturday (5 when Monday is 0).
    let [w0, w1, w2] = Weekday::from_index((days + 5) % 7).name_bytes();
    let [m0, m1, m2] = month_name(month);
    let (hour, minute, second) = (
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60,
    );
    let year = u32::from(year);
    let [c0, c1] = two_digits(year / 100);
    let [y0, y1] = two_digits(year % 100);
    let [d0, d1] = two_digits(u32::from(day));
    let [h0, h1] = two_digits(hour);
    let [i0, i1] = two_digits(minute);
    let [s0, s1] = two_digits(second);
    *buf = [
        w0, w1, w2, b',', b' ', d0, d1, b' ', m0, m1, m2, b' ', c0, c1, y0, y1, b' ', h0, h1, b':',
        i0, i1, b':', s0, s1, b' ', b'G', b'M', b'T',
    ];
}

/// The ASCII digits of `n` (0–99).
#[inline]
fn two_digits(n: u32) -> [u8; 2] {
    let tens = n / 10;
    [b'0' + tens as u8, b'0' + (n - tens * 10) as u8]
}

/// The `month` name of a month number (1–12).
#[inline]
const fn month_name(month: u8) -> [u8; 3] {
    match month {
        1 => *b"Jan",
        2 => *b"Feb",
        3 => *b"Mar",
        4 => *b"Apr",
        5 => *b"May",
        6 => *b"Jun",
        7 => *b"Jul",
        8 => *b"Aug",
        9 => *b"Sep",
        10 => *b"Oct",
        11 => *b"Nov",
        _ => *b"Dec",
    }
}
