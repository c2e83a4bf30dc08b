//! The fast path: an HTTP-date written exactly in one of the three formats,
//! with nothing around it, read as a fixed layout eight bytes at a time.
//!
//! ```text
//! IMF-fixdate    Sun, 06 Nov 1994 08:49:37 GMT     29 bytes
//! asctime-date   Sun Nov  6 08:49:37 1994          24 bytes
//! rfc850-date    Sunday, 06-Nov-94 08:49:37 GMT    a day-name-l, then 24 bytes
//! ```
//!
//! Once its day name is known every format has a fixed length, and the
//! lengths differ (24; 29; 30 to 33), so the length picks the layout. A
//! layout's literal bytes are checked with one mask and compare per word, its
//! digits with one addition per word (see [`ABOVE_NINE`]); names are matched
//! whole.
//!
//! [`fields`] answers only for an input that is a syntactically valid date
//! with no whitespace around it, and then with exactly the [`Fields`] the
//! grammar reads; for anything else it answers `None` and the grammar reads
//! the input (and finds its error). `crate::tests` proves both on arbitrary
//! input, and debug builds check every answer (`crate::parse`).

use crate::check::{At, Fields, TimeOfDay, Year};
use crate::{Format, IMF_FIXDATE_LEN, Weekday};

/// The fields of `input` when it is exactly an HTTP-date in one of the three
/// layouts, syntactically valid; `None` for anything else.
#[inline(always)]
pub(crate) fn fields(input: &[u8]) -> Option<Fields> {
    match input.len() {
        IMF_FIXDATE_LEN => imf_fixdate_layout(input),
        ASCTIME_LEN => asctime_layout(input),
        RFC850_MIN_LEN..=RFC850_MAX_LEN => rfc850_layout(input),
        _ => None,
    }
}

/// The length of an asctime-date.
const ASCTIME_LEN: usize = 24;
/// The length of an rfc850-date after its `day-name-l`.
const RFC850_TAIL_LEN: usize = 24;
/// The shortest rfc850-date (`Friday, …`) and the longest (`Wednesday, …`).
const RFC850_MIN_LEN: usize = "Friday".len() + RFC850_TAIL_LEN;
const RFC850_MAX_LEN: usize = "Wednesday".len() + RFC850_TAIL_LEN;

/// `day-name "," SP date1 SP time-of-day SP GMT`, as the words at 0, 8, 16
/// and 21 (the last overlaps the third so that it ends with the input).
#[inline(always)]
fn imf_fixdate_layout(input: &[u8]) -> Option<Fields> {
    const LAYOUT: Layout<4> = Layout::new(b"___, dd ___ dddd dd:dd:dd GMT", [0, 8, 16, 21]);
    let words = LAYOUT.words(input)?;
    if !LAYOUT.fits(&words) {
        return None;
    }
    let [a, b, c, d] = words;
    let weekday = day_name(name_at(a, 0))?;
    let month = month(name_at(b, 0))?;
    let [a, b, c, d] = [a, b, c, d].map(|word| word ^ ZEROS);
    let len = IMF_FIXDATE_LEN;
    let year = u16::from(two_digits_at(b, 4)) * 100 + u16::from(two_digits_at(b, 6));
    let second = byte_at(c, 7) * 10 + byte_at(d, 3);
    Some(Fields {
        format: Format::ImfFixdate,
        weekday: field(weekday, len, 0),
        day: field(two_digits_at(a, 5), len, 5),
        month,
        year: field(Year::Full(year), len, 12),
        time: time_of_day([two_digits_at(c, 1), two_digits_at(c, 4), second], len, 17),
    })
}

/// `day-name SP date3 SP time-of-day SP year`, as the words at 0, 8 and 16.
/// Of `date3 = month SP ( 2DIGIT / ( SP 1DIGIT ))`, a SP before the day's
/// one digit reads as a `0`.
#[inline(always)]
fn asctime_layout(input: &[u8]) -> Option<Fields> {
    const LAYOUT: Layout<3> = Layout::new(b"___ ___ dd dd:dd:dd dddd", [0, 8, 16]);
    let mut words = LAYOUT.words(input)?;
    let [_, day, _] = &mut words;
    // The day's first byte is the low byte of the second word.
    if *day & 0xFF == u64::from(b' ') {
        *day ^= u64::from(b' ' ^ b'0');
    }
    if !LAYOUT.fits(&words) {
        return None;
    }
    let [a, b, c] = words;
    let weekday = day_name(name_at(a, 0))?;
    let month = month(name_at(a, 4))?;
    let [b, c] = [b, c].map(|word| word ^ ZEROS);
    let len = ASCTIME_LEN;
    let year = u16::from(two_digits_at(c, 4)) * 100 + u16::from(two_digits_at(c, 6));
    Some(Fields {
        format: Format::Asctime,
        weekday: field(weekday, len, 0),
        day: field(two_digits_at(b, 0), len, 8),
        month,
        year: field(Year::Full(year), len, 20),
        time: time_of_day(
            [
                two_digits_at(b, 3),
                two_digits_at(b, 6),
                two_digits_at(c, 1),
            ],
            len,
            11,
        ),
    })
}

/// `day-name-l "," SP date2 SP time-of-day SP GMT`: the day name, then 24
/// bytes read as the words at 0, 8 and 16 of them.
#[inline(always)]
fn rfc850_layout(input: &[u8]) -> Option<Fields> {
    const TAIL: Layout<3> = Layout::new(b", dd-___-dd dd:dd:dd GMT", [0, 8, 16]);
    let (name, tail) = input.split_last_chunk::<RFC850_TAIL_LEN>()?;
    let weekday = day_name(*name.first_chunk::<3>()?)?;
    if name != weekday.long_name().as_bytes() {
        return None;
    }
    let words = TAIL.words(tail)?;
    if !TAIL.fits(&words) {
        return None;
    }
    let [a, b, c] = words;
    let month = month(name_at(a, 5))?;
    let [a, b, c] = [a, b, c].map(|word| word ^ ZEROS);
    let (len, tail_len) = (input.len(), RFC850_TAIL_LEN);
    let minute = byte_at(b, 7) * 10 + byte_at(c, 0);
    Some(Fields {
        format: Format::Rfc850,
        weekday: field(weekday, len, 0),
        day: field(two_digits_at(a, 2), tail_len, 2),
        month,
        year: field(Year::TwoDigit(two_digits_at(b, 1)), tail_len, 9),
        time: time_of_day(
            [two_digits_at(b, 4), minute, two_digits_at(c, 2)],
            tail_len,
            12,
        ),
    })
}

/// `day-name`.
#[inline(always)]
fn day_name(name: [u8; 3]) -> Option<Weekday> {
    Some(match &name {
        b"Mon" => Weekday::Mon,
        b"Tue" => Weekday::Tue,
        b"Wed" => Weekday::Wed,
        b"Thu" => Weekday::Thu,
        b"Fri" => Weekday::Fri,
        b"Sat" => Weekday::Sat,
        b"Sun" => Weekday::Sun,
        _ => return None,
    })
}

/// `month`, as its number 1–12.
#[inline(always)]
fn month(name: [u8; 3]) -> Option<u8> {
    Some(match &name {
        b"Jan" => 1,
        b"Feb" => 2,
        b"Mar" => 3,
        b"Apr" => 4,
        b"May" => 5,
        b"Jun" => 6,
        b"Jul" => 7,
        b"Aug" => 8,
        b"Sep" => 9,
        b"Oct" => 10,
        b"Nov" => 11,
        b"Dec" => 12,
        _ => return None,
    })
}

/// A field that starts `offset` bytes into the last `len` bytes of the input.
#[inline(always)]
fn field<T>(value: T, len: usize, offset: usize) -> At<T> {
    At {
        value,
        rest: len - offset,
    }
}

/// A time of day whose hour starts `offset` bytes into the last `len` bytes
/// of the input.
#[inline(always)]
fn time_of_day([hour, minute, second]: [u8; 3], len: usize, offset: usize) -> TimeOfDay {
    TimeOfDay {
        hour: field(hour, len, offset),
        minute: field(minute, len, offset + 3),
        second: field(second, len, offset + 6),
    }
}

/// A fixed layout of `_` (a name byte), `d` (a digit) and literal bytes,
/// read as `W` little-endian words starting at `starts`.
struct Layout<const W: usize> {
    starts: [usize; W],
    /// Per word: `0xFF` on the literal bytes.
    literal_mask: [u64; W],
    /// Per word: the literal bytes.
    literal: [u64; W],
    /// Per word: `0x80` on the digit bytes.
    digits: [u64; W],
}

impl<const W: usize> Layout<W> {
    #[allow(
        clippy::indexing_slicing,
        reason = "evaluated at compile time only: an index out of bounds is a build error"
    )]
    const fn new<const N: usize>(layout: &[u8; N], starts: [usize; W]) -> Self {
        let mut this = Layout {
            starts,
            literal_mask: [0; W],
            literal: [0; W],
            digits: [0; W],
        };
        let mut w = 0;
        while w < W {
            let mut i = 0;
            while i < 8 {
                let byte = layout[starts[w] + i];
                let shift = 8 * i;
                match byte {
                    b'_' => {}
                    b'd' => this.digits[w] |= 0x80 << shift,
                    _ => {
                        this.literal_mask[w] |= 0xFF << shift;
                        this.literal[w] |= (byte as u64) << shift;
                    }
                }
                i += 1;
            }
            w += 1;
        }
        this
    }

    /// The words of `bytes`; `None` when it is too short.
    #[inline(always)]
    fn words(&self, bytes: &[u8]) -> Option<[u64; W]> {
        let mut words = [0; W];
        for (word, &start) in words.iter_mut().zip(&self.starts) {
            *word = u64::from_le_bytes(*bytes.get(start..)?.first_chunk::<8>()?);
        }
        Some(words)
    }

    /// Whether every literal byte of `words` is the layout's and every digit
    /// byte a digit.
    #[inline(always)]
    fn fits(&self, words: &[u64; W]) -> bool {
        let mut misfits = 0;
        for (i, &word) in words.iter().enumerate() {
            let (Some(&mask), Some(&literal), Some(&digits)) = (
                self.literal_mask.get(i),
                self.literal.get(i),
                self.digits.get(i),
            ) else {
                return false;
            };
            misfits |= (word & mask) ^ literal;
            let x = word ^ ZEROS;
            misfits |= (x | x.wrapping_add(ABOVE_NINE)) & digits;
        }
        misfits == 0
    }
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

/// Byte `lane` of a word (lane 0 is the first byte).
#[inline(always)]
fn byte_at(word: u64, lane: u32) -> u8 {
    (word >> (8 * lane)) as u8
}

/// The number written by the two digits at `lane` of a word XORed with
/// [`ZEROS`] (so each digit byte is its value).
#[inline(always)]
fn two_digits_at(word: u64, lane: u32) -> u8 {
    byte_at(word, lane) * 10 + byte_at(word, lane + 1)
}

/// The three bytes at `lane` of a word.
#[inline(always)]
fn name_at(word: u64, lane: u32) -> [u8; 3] {
    let [a, b, c, ..] = (word >> (8 * lane)).to_le_bytes();
    [a, b, c]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_test_marks_exactly_the_non_digits() {
        let digits = u64::from_le_bytes([0x80; 8]);
        for byte in 0..=u8::MAX {
            for lane in 0..8 {
                let mut word = *b"01234567";
                word[lane] = byte;
                let x = u64::from_le_bytes(word) ^ ZEROS;
                let marked = (x | x.wrapping_add(ABOVE_NINE)) & digits != 0;
                assert_eq!(marked, !byte.is_ascii_digit(), "{word:02x?}");
            }
        }
    }
}
