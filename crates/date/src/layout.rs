//! The fast path: an HTTP-date read against the fixed layout of its format,
//! eight bytes at a time, with its syntax error found the same way.
//!
//! ```text
//! IMF-fixdate    Sun, 06 Nov 1994 08:49:37 GMT     29 bytes
//! asctime-date   Sun Nov  6 08:49:37 1994          24 bytes
//! rfc850-date    Sunday, 06-Nov-94 08:49:37 GMT    a day-name-l, then 24 bytes
//! ```
//!
//! Once its day name is known every format has a fixed length, and the
//! lengths differ (24; 29; 30 to 33), so for an input with nothing around
//! the date the length picks the layout. A layout's literal bytes are checked
//! with one mask and compare per word, its digits with one addition per word
//! (see [`ABOVE_NINE`]); names are matched whole.
//!
//! Any other input (whitespace around the date, or a syntax error) is read
//! by [`first_misfit`]: the bytes after the day name pick the one format the
//! grammar can get furthest in, and the first byte that does not fit that
//! format's layout is where the grammar fails, in the rule that the layout
//! names for that position.
//!
//! [`fields`] answers exactly as the grammar does: the same [`Fields`], or
//! the same error (rule, offset, byte). `crate::tests` proves it on arbitrary
//! input, and debug builds check every answer (`crate::parse`).

use crate::check::{At, Fields, TimeOfDay, Year};
use crate::{Error, ErrorKind, Format, IMF_FIXDATE_LEN, Rule, Weekday};

/// The fields of a field value that is an HTTP-date with optional whitespace
/// around it, or the syntax error, exactly as `grammar::fields` reads them;
/// `None` when the grammar must answer.
#[inline(always)]
pub(crate) fn fields(input: &[u8]) -> Option<Result<Fields, Error>> {
    let exact = match input.len() {
        IMF_FIXDATE_LEN => imf_fixdate_layout(input),
        ASCTIME_LEN => asctime_layout(input),
        RFC850_MIN_LEN..=RFC850_MAX_LEN => rfc850_layout(input),
        _ => None,
    };
    match exact {
        Some(fields) => Some(Ok(fields)),
        None => first_misfit(input),
    }
}

/// An input that is not exactly a valid date: the date after the leading
/// OWS read against the layout its first bytes pick, and the first byte
/// that does not fit it, as the grammar reports it.
///
/// The grammar tries IMF-fixdate, rfc850-date and asctime-date in turn from
/// the same byte and reports the alternative that got furthest (the earlier
/// one on a tie), in the innermost rule at that byte. All three start with a
/// day name, and the long day names start with the short ones: so a day name
/// that fails within its first three bytes fails there in all three, and
/// after a whole short name the next byte (`,` for IMF-fixdate, SP for
/// asctime-date, a letter of a long name for rfc850-date) fails the other
/// two alternatives at that byte, which the format it picks always passes.
#[cold]
#[inline(never)]
fn first_misfit(input: &[u8]) -> Option<Result<Fields, Error>> {
    let lead = input
        .iter()
        .take_while(|&&byte| matches!(byte, b' ' | b'\t'))
        .count();
    let date = input.get(lead..)?;
    let error = |at: usize, rule: Rule| Some(Err(syntax_error(input, lead + at, rule)));
    if day_name(first_three(date)).is_none() {
        return error(name_prefix(date, DAY_NAMES), Rule::DayName);
    }
    let (layout_len, misfit) = match date.get(3) {
        Some(b',') => (IMF_FIXDATE_LEN, imf_fixdate_misfit(date)),
        Some(b' ') => (ASCTIME_LEN, asctime_misfit(date)),
        _ => {
            // At most one long name shares three bytes with the date.
            let (long, whole) = WEEKDAYS
                .iter()
                .map(|day| {
                    let name = day.long_name().as_bytes();
                    let shared = longest_prefix(date, [name]);
                    (shared, shared == name.len())
                })
                .max()
                .unwrap_or_default();
            match (whole, long) {
                (true, _) => {
                    let misfit =
                        rfc850_misfit(date.get(long..)?).map(|(at, rule)| (long + at, rule));
                    (long + RFC850_TAIL_LEN, misfit)
                }
                (false, 4..) => return error(long, Rule::DayNameL),
                (false, _) => return error(3, Rule::ImfFixdate),
            }
        }
    };
    if let Some((at, rule)) = misfit {
        return error(at, rule);
    }
    // The date is whole: only OWS may follow it.
    let (date, after) = date.split_at_checked(layout_len)?;
    let trail = after
        .iter()
        .take_while(|&&byte| matches!(byte, b' ' | b'\t'))
        .count();
    if trail < after.len() {
        return error(layout_len + trail, Rule::HttpDate);
    }
    let fields = match date.len() {
        IMF_FIXDATE_LEN => imf_fixdate_layout(date),
        ASCTIME_LEN => asctime_layout(date),
        _ => rfc850_layout(date),
    }?;
    Some(Ok(fields.shifted(trail)))
}

/// The syntax error at byte `at` of `input`, in `rule`.
fn syntax_error(input: &[u8], at: usize, rule: Rule) -> Error {
    let kind = match input.get(at) {
        Some(&byte) => ErrorKind::UnexpectedByte { byte },
        None => ErrorKind::UnexpectedEnd,
    };
    Error::new(rule, at, kind)
}

/// The days of the week, for their names.
const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The `day-name`s, in [`WEEKDAYS`] order.
const DAY_NAMES: [[u8; 3]; 7] = [
    *b"Mon", *b"Tue", *b"Wed", *b"Thu", *b"Fri", *b"Sat", *b"Sun",
];

/// The `month` names, January first.
const MONTHS: [[u8; 3]; 12] = [
    *b"Jan", *b"Feb", *b"Mar", *b"Apr", *b"May", *b"Jun", *b"Jul", *b"Aug", *b"Sep", *b"Oct",
    *b"Nov", *b"Dec",
];

/// How many bytes of `input` the grammar reads of an alternation of
/// case-sensitive names before it fails: the longest prefix `input` shares
/// with one of them (the whole name when one matches).
fn longest_prefix<const N: usize>(input: &[u8], names: [&[u8]; N]) -> usize {
    names
        .iter()
        .map(|name| input.iter().zip(*name).take_while(|(a, b)| a == b).count())
        .max()
        .unwrap_or(0)
}

/// [`longest_prefix`] for names of three bytes, compared as words.
fn name_prefix<const N: usize>(input: &[u8], names: [[u8; 3]; N]) -> usize {
    let [a, b, c] = first_three(input);
    let word = u32::from_le_bytes([a, b, c, 0]);
    names
        .iter()
        .map(|&[a, b, c]| (word ^ u32::from_le_bytes([a, b, c, 0])).trailing_zeros() / 8)
        .max()
        .map_or(0, |shared| shared.min(3) as usize)
}

/// The first three bytes of `input`, zero bytes after its end.
fn first_three(input: &[u8]) -> [u8; 3] {
    match *input {
        [a, b, c, ..] => [a, b, c],
        [a, b] => [a, b, 0],
        [a] => [a, 0, 0],
        [] => [0; 3],
    }
}

/// `input`, shorter than every layout, with zero bytes after its end (a zero
/// byte fits no layout, so a layout read from it misfits at the end).
fn padded(input: &[u8]) -> [u8; PADDED] {
    let mut bytes = [0; PADDED];
    if let Some(head) = bytes.get_mut(..input.len()) {
        head.copy_from_slice(input);
    }
    bytes
}

/// The longest layout.
const PADDED: usize = IMF_FIXDATE_LEN;

/// The length of an asctime-date.
const ASCTIME_LEN: usize = 24;
/// The length of an rfc850-date after its `day-name-l`.
const RFC850_TAIL_LEN: usize = 24;
/// The shortest rfc850-date (`Friday, …`) and the longest (`Wednesday, …`).
const RFC850_MIN_LEN: usize = "Friday".len() + RFC850_TAIL_LEN;
const RFC850_MAX_LEN: usize = "Wednesday".len() + RFC850_TAIL_LEN;

/// `day-name "," SP date1 SP time-of-day SP GMT`, as the words at 0, 8, 16
/// and 21 (the last overlaps the third so that it ends with the input).
const IMF_FIXDATE: Layout<4> = Layout::new(b"___, dd ___ dddd dd:dd:dd GMT", [0, 8, 16, 21]);

/// Where IMF-fixdate's month name starts.
const IMF_FIXDATE_MONTH: usize = 8;

#[inline(always)]
fn imf_fixdate_layout(input: &[u8]) -> Option<Fields> {
    let words = IMF_FIXDATE.words(input)?;
    if !IMF_FIXDATE.fits(&words) {
        return None;
    }
    let [a, b, c, d] = words;
    let weekday = day_name(name_at(a, 0))?;
    let month = month(name_at(b, IMF_FIXDATE_MONTH as u32 - 8))?;
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
const ASCTIME: Layout<3> = Layout::new(b"___ ___ dd dd:dd:dd dddd", [0, 8, 16]);

/// Where asctime-date's month name starts.
const ASCTIME_MONTH: usize = 4;

/// The words of an asctime-date. Of `date3 = month SP ( 2DIGIT / ( SP
/// 1DIGIT ))`, a SP before the day's one digit reads as a `0`: then the
/// layout's digits fail where either alternative gets furthest.
#[inline(always)]
fn asctime_words(input: &[u8]) -> Option<[u64; 3]> {
    let mut words = ASCTIME.words(input)?;
    let [_, day, _] = &mut words;
    // The day's first byte is the low byte of the second word.
    if *day & 0xFF == u64::from(b' ') {
        *day ^= u64::from(b' ' ^ b'0');
    }
    Some(words)
}

#[inline(always)]
fn asctime_layout(input: &[u8]) -> Option<Fields> {
    let words = asctime_words(input)?;
    if !ASCTIME.fits(&words) {
        return None;
    }
    let [a, b, c] = words;
    let weekday = day_name(name_at(a, 0))?;
    let month = month(name_at(a, ASCTIME_MONTH as u32))?;
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

/// `day-name-l "," SP date2 SP time-of-day SP GMT`: the 24 bytes after the
/// day name, as the words at 0, 8 and 16 of them.
const RFC850_TAIL: Layout<3> = Layout::new(b", dd-___-dd dd:dd:dd GMT", [0, 8, 16]);

/// Where rfc850-date's month name starts after the day name.
const RFC850_MONTH: usize = 5;

#[inline(always)]
fn rfc850_layout(input: &[u8]) -> Option<Fields> {
    let (name, tail) = input.split_last_chunk::<RFC850_TAIL_LEN>()?;
    let weekday = day_name(*name.first_chunk::<3>()?)?;
    if name != weekday.long_name().as_bytes() {
        return None;
    }
    let words = RFC850_TAIL.words(tail)?;
    if !RFC850_TAIL.fits(&words) {
        return None;
    }
    let [a, b, c] = words;
    let month = month(name_at(a, RFC850_MONTH as u32))?;
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

/// The first byte of an IMF-fixdate (its day name known) that does not fit,
/// and the innermost rule the grammar is in there.
fn imf_fixdate_misfit(bytes: &[u8]) -> Option<(usize, Rule)> {
    let words = IMF_FIXDATE
        .words(bytes)
        .or_else(|| IMF_FIXDATE.words(&padded(bytes)))?;
    let at = IMF_FIXDATE.first_misfit(&words, bytes, IMF_FIXDATE_MONTH)?;
    let rule = match at {
        5 | 6 => Rule::Day,
        7 | 11 => Rule::Date1,
        8..=10 => Rule::Month,
        12..=15 => Rule::Year,
        17 | 18 => Rule::Hour,
        19 | 22 => Rule::TimeOfDay,
        20 | 21 => Rule::Minute,
        23 | 24 => Rule::Second,
        26.. => Rule::Gmt,
        // The "," and the SPs between the parts.
        _ => Rule::ImfFixdate,
    };
    Some((at, rule))
}

/// [`imf_fixdate_misfit`] for an asctime-date.
fn asctime_misfit(bytes: &[u8]) -> Option<(usize, Rule)> {
    let words = asctime_words(bytes).or_else(|| asctime_words(&padded(bytes)))?;
    let at = ASCTIME.first_misfit(&words, bytes, ASCTIME_MONTH)?;
    let rule = match at {
        4..=6 => Rule::Month,
        7..=9 => Rule::Date3,
        11 | 12 => Rule::Hour,
        13 | 16 => Rule::TimeOfDay,
        14 | 15 => Rule::Minute,
        17 | 18 => Rule::Second,
        20.. => Rule::Year,
        // The SPs between the parts.
        _ => Rule::AsctimeDate,
    };
    Some((at, rule))
}

/// [`imf_fixdate_misfit`] for the bytes after the day name of an
/// rfc850-date.
fn rfc850_misfit(bytes: &[u8]) -> Option<(usize, Rule)> {
    let words = RFC850_TAIL
        .words(bytes)
        .or_else(|| RFC850_TAIL.words(&padded(bytes)))?;
    let at = RFC850_TAIL.first_misfit(&words, bytes, RFC850_MONTH)?;
    let rule = match at {
        2 | 3 => Rule::Day,
        4 | 8..=10 => Rule::Date2,
        5..=7 => Rule::Month,
        12 | 13 => Rule::Hour,
        14 | 17 => Rule::TimeOfDay,
        15 | 16 => Rule::Minute,
        18 | 19 => Rule::Second,
        21.. => Rule::Gmt,
        // The "," and the SPs between the parts.
        _ => Rule::Rfc850Date,
    };
    Some((at, rule))
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

    /// The position of the first byte of `words` (read from `bytes`) that
    /// does not fit the layout, the month name at `month` included; `None`
    /// when every byte fits.
    ///
    /// A byte that does not fit a word's mask or digit test marks its lane;
    /// a carry of the digit test (see [`ABOVE_NINE`]) only marks lanes after
    /// a marked one, so the lowest mark is exact.
    fn first_misfit(&self, words: &[u64; W], bytes: &[u8], month: usize) -> Option<usize> {
        let name = bytes.get(month..).unwrap_or_default();
        let mut first = match self::month(first_three(name)) {
            Some(_) => None,
            None => Some(month + name_prefix(name, MONTHS)),
        };
        for ((&word, &start), ((&mask, &literal), &digits)) in words.iter().zip(&self.starts).zip(
            self.literal_mask
                .iter()
                .zip(&self.literal)
                .zip(&self.digits),
        ) {
            let x = word ^ ZEROS;
            let marks = ((word & mask) ^ literal) | ((x | x.wrapping_add(ABOVE_NINE)) & digits);
            if marks != 0 {
                let at = start + (marks.trailing_zeros() / 8) as usize;
                first = Some(first.map_or(at, |first| first.min(at)));
            }
        }
        first
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
