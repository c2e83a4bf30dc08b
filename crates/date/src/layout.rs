//! The fast path: an HTTP-date read against the fixed layout of its format,
//! eight bytes at a time, with its syntax error found the same way.
//!
//! ```text
//! IMF-fixdate    Sun, 06 Nov 1994 08:49:37 GMT     29 bytes
//! asctime-date   Sun Nov  6 08:49:37 1994          24 bytes
//! rfc850-date    Sunday, 06-Nov-94 08:49:37 GMT    a day-name-l, then 24 bytes
//! ```
//!
//! The day name and the byte after it pick the format (see [`fields`]), and
//! every format has a fixed length once its day name is known. Each input
//! is read once: the words of its layout, with zero bytes past the end of a
//! short input, then either the fields or, when a byte does not fit, the
//! error at the first byte that does not. A layout's literal bytes are
//! checked with one mask and compare per word, its digits with one addition
//! per word (see [`ABOVE_NINE`]); a three-byte name is found with one
//! multiplication (see [`Slots`]), a long day name compared whole.
//!
//! [`fields`] answers exactly as the grammar does: the same [`Fields`], or
//! the same error (rule, offset, byte). `crate::tests` proves it on arbitrary
//! input, and debug builds check every answer (`crate::parse`).

use crate::check::{At, Fields, TimeOfDay, Year};
use crate::{Error, ErrorKind, Format, IMF_FIXDATE_LEN, Rule, Weekday};

/// The fields of a field value that is an HTTP-date with optional whitespace
/// around it, or the syntax error, exactly as `grammar::fields` reads them.
///
/// The grammar tries IMF-fixdate, rfc850-date and asctime-date in turn from
/// the same byte and reports the alternative that got furthest (the earlier
/// one on a tie), in the innermost rule at that byte. All three start with a
/// day name, and the long day names start with the short ones: so a day name
/// that fails within its first three bytes fails there in all three, and
/// after a whole short name the next byte (`,` for IMF-fixdate, SP for
/// asctime-date, a letter of a long name for rfc850-date) fails the other
/// two alternatives at that byte, which the format it picks always passes.
/// The first byte that does not fit the layout of the format picked is where
/// the grammar fails, in the rule that the layout names for that position.
#[inline(always)]
pub(crate) fn fields(input: &[u8]) -> Result<Fields, Error> {
    let date = skip_ows(input);
    let lead = input.len() - date.len();
    let error = |at: usize, rule: Rule| syntax_error(input, lead + at, rule);
    let name = name_at(word_at(date, 0), 0);
    let Some(weekday) = day_name(name) else {
        return Err(error(name_prefix(name, DAY_NAMES), Rule::DayName));
    };
    let read = match date.get(3) {
        Some(b',') => imf_fixdate(date, weekday),
        Some(b' ') => asctime(date, weekday),
        _ => {
            // The one long name that starts with the day name.
            let name = weekday.long_name().as_bytes();
            if !date.starts_with(name) {
                let (at, rule) = day_name_l_misfit(date, name);
                return Err(error(at, rule));
            }
            let tail = date.get(name.len()..).unwrap_or_default();
            let read = rfc850_tail(tail, weekday, date.len());
            read.map_err(|(at, rule)| (name.len() + at, rule))
        }
    };
    read.map_err(|(at, rule)| error(at, rule))
}

/// Whether `date` (from the start of a layout that fits it) ends after the
/// layout's `len` bytes but for OWS; if not, where the first other byte is.
#[inline(always)]
fn whole(date: &[u8], len: usize) -> Result<(), (usize, Rule)> {
    match date.get(len..) {
        Some([]) | None => Ok(()),
        Some(after) => after_date(after, len),
    }
}

/// [`whole`] for a date followed by `after`.
#[cold]
#[inline(never)]
fn after_date(after: &[u8], len: usize) -> Result<(), (usize, Rule)> {
    let trail = after.len() - skip_ows(after).len();
    if trail < after.len() {
        return Err((len + trail, Rule::HttpDate));
    }
    Ok(())
}

/// `bytes` after the OWS (SP and HTAB) it starts with.
#[inline(always)]
fn skip_ows(bytes: &[u8]) -> &[u8] {
    match bytes {
        // Usually none: HTTP parsers strip the OWS around a field value
        // (RFC 9110 §5.5).
        [b' ' | b'\t', rest @ ..] => skip_more_ows(rest),
        _ => bytes,
    }
}

/// [`skip_ows`] after its first byte.
#[cold]
#[inline(never)]
fn skip_more_ows(mut bytes: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = bytes {
        bytes = rest;
    }
    bytes
}

/// A date whose day name is whole and followed by neither `,` nor SP, and
/// that does not go on with the long `name`: where it stops, and the rule.
/// After the long name's fourth byte only rfc850-date is left; before it,
/// all three alternatives fail at byte 3, the first of them reported.
#[cold]
#[inline(never)]
fn day_name_l_misfit(date: &[u8], name: &[u8]) -> (usize, Rule) {
    match date.iter().zip(name).take_while(|(a, b)| a == b).count() {
        long @ 4.. => (long, Rule::DayNameL),
        _ => (3, Rule::ImfFixdate),
    }
}

/// The syntax error at byte `at` of `input`, in `rule`.
#[cold]
fn syntax_error(input: &[u8], at: usize, rule: Rule) -> Error {
    let kind = match input.get(at) {
        Some(&byte) => ErrorKind::UnexpectedByte { byte },
        None => ErrorKind::UnexpectedEnd,
    };
    Error::new(rule, at, kind)
}

/// The `day-name`s, Monday first.
const DAY_NAMES: [[u8; 3]; 7] = [
    *b"Mon", *b"Tue", *b"Wed", *b"Thu", *b"Fri", *b"Sat", *b"Sun",
];

/// The `month` names, January first.
const MONTHS: [[u8; 3]; 12] = [
    *b"Jan", *b"Feb", *b"Mar", *b"Apr", *b"May", *b"Jun", *b"Jul", *b"Aug", *b"Sep", *b"Oct",
    *b"Nov", *b"Dec",
];

/// `day-name`: the day whose name is `name` (three bytes as a little-endian
/// word, see [`name_at`]).
#[inline(always)]
fn day_name(name: u32) -> Option<Weekday> {
    DAY_NAME_SLOTS.find(name).map(Weekday::from_index)
}

/// `month`, as its number 1–12.
#[inline(always)]
fn month(name: u32) -> Option<u8> {
    MONTH_SLOTS.find(name).map(|index| index as u8 + 1)
}

/// [`DAY_NAMES`] by slot (2522 is the smallest multiplier that separates
/// them, 26 596 the smallest for [`MONTHS`]).
const DAY_NAME_SLOTS: Slots<8> = Slots::new(DAY_NAMES, 2522);
/// [`MONTHS`] by slot.
const MONTH_SLOTS: Slots<16> = Slots::new(MONTHS, 26_596);

/// A list of case-sensitive three-byte names, each found with one
/// multiplication: the top bits of a name's word times `multiplier` are its
/// slot, which holds no other name (a multiplier that puts two names in one
/// slot fails the build).
struct Slots<const S: usize> {
    multiplier: u32,
    /// Per slot: the name that is there as a word, or `u32::MAX` (no name's
    /// word, whose top byte is zero) when none is.
    names: [u32; S],
    /// Per slot: the index of its name in the list.
    index: [u32; S],
}

impl<const S: usize> Slots<S> {
    #[allow(
        clippy::indexing_slicing,
        reason = "evaluated at compile time only: an index out of bounds is a build error"
    )]
    const fn new<const N: usize>(list: [[u8; 3]; N], multiplier: u32) -> Self {
        assert!(S.is_power_of_two() && S >= N);
        let mut this = Slots {
            multiplier,
            names: [u32::MAX; S],
            index: [0; S],
        };
        let mut i = 0;
        while i < N {
            let [a, b, c] = list[i];
            let name = u32::from_le_bytes([a, b, c, 0]);
            let slot = this.slot(name);
            assert!(this.names[slot] == u32::MAX, "two names in one slot");
            this.names[slot] = name;
            this.index[slot] = i as u32;
            i += 1;
        }
        this
    }

    #[inline(always)]
    const fn slot(&self, name: u32) -> usize {
        (name.wrapping_mul(self.multiplier) >> (32 - S.trailing_zeros())) as usize
    }

    /// The index in the list of `name`, if it is one of the names.
    #[inline(always)]
    fn find(&self, name: u32) -> Option<u32> {
        let slot = self.slot(name);
        match (self.names.get(slot), self.index.get(slot)) {
            (Some(&there), Some(&index)) if there == name => Some(index),
            _ => None,
        }
    }
}

/// How many bytes of `name` (three bytes as a little-endian word, see
/// [`name_at`]) the grammar reads of an alternation of case-sensitive
/// three-byte names before it fails: the longest prefix `name` shares with
/// one of them (3 when one matches).
///
/// Read big-endian, the name sharing the longest prefix with `name` is the
/// one whose XOR with it is smallest (it has the most leading zero bits).
fn name_prefix<const N: usize>(name: u32, names: [[u8; 3]; N]) -> usize {
    let nearest = names
        .iter()
        .map(|&[a, b, c]| name.swap_bytes() ^ u32::from_be_bytes([a, b, c, 0]))
        .min()
        .unwrap_or(u32::MAX);
    (nearest.leading_zeros() / 8).min(3) as usize
}

/// The eight bytes of `bytes` at `start` as a little-endian word, with zero
/// bytes past its end. Read in place: when fewer than eight bytes are left,
/// the last eight of `bytes` are shifted down so that byte `start` comes
/// first.
#[inline(always)]
fn word_at(bytes: &[u8], start: usize) -> u64 {
    if let Some(word) = bytes.get(start..).and_then(<[u8]>::first_chunk::<8>) {
        return u64::from_le_bytes(*word);
    }
    match bytes.last_chunk::<8>() {
        Some(last) => {
            // `start` is above `bytes.len() - 8`: the bytes of `last` before it go.
            let gone = start.saturating_add(8).saturating_sub(bytes.len());
            u32::try_from(gone.saturating_mul(8))
                .ok()
                .and_then(|shift| u64::from_le_bytes(*last).checked_shr(shift))
                .unwrap_or(0)
        }
        // Shorter than a word: byte by byte.
        None => bytes
            .get(start..)
            .unwrap_or_default()
            .iter()
            .rev()
            .fold(0, |word, &byte| (word << 8) + u64::from(byte)),
    }
}

/// The length of an asctime-date.
const ASCTIME_LEN: usize = 24;
/// The length of an rfc850-date after its `day-name-l`.
const RFC850_TAIL_LEN: usize = 24;

/// `day-name "," SP date1 SP time-of-day SP GMT`, as the words at 0, 8, 16
/// and 21 (the last overlaps the third so that it ends with the date).
const IMF_FIXDATE: Layout<4> = Layout::new(b"___, dd ___ dddd dd:dd:dd GMT", [0, 8, 16, 21]);

/// Where IMF-fixdate's month name starts.
const IMF_FIXDATE_MONTH: usize = 8;

/// The IMF-fixdate that `date` (the input from the day name on) starts
/// with, its day name `weekday`: the fields, or the first byte that does not
/// fit and the innermost rule the grammar is in there.
#[inline(always)]
fn imf_fixdate(date: &[u8], weekday: Weekday) -> Result<Fields, (usize, Rule)> {
    let words = IMF_FIXDATE.words(date);
    let marks = IMF_FIXDATE.marks(&words);
    let [a, b, c, d] = words;
    let name = name_at(b, IMF_FIXDATE_MONTH as u32 - 8);
    let (Some(month), 0) = (month(name), any(&marks)) else {
        return Err(imf_fixdate_misfit(&marks, name));
    };
    whole(date, IMF_FIXDATE_LEN)?;
    let [a, b, c, d] = IMF_FIXDATE.pairs(&[a, b, c, d]);
    // A date that fits is whole: the positions count what follows it too.
    let len = date.len();
    Ok(Fields {
        format: Format::ImfFixdate,
        weekday: field(weekday, len, 0),
        day: field(byte_at(a, 5), len, 5),
        month,
        year: field(Year::Full(four_digits_at(b, 4)), len, 12),
        time: time_of_day([byte_at(c, 1), byte_at(c, 4), byte_at(d, 2)], len, 17),
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
fn asctime_words(date: &[u8]) -> [u64; 3] {
    let mut words = ASCTIME.words(date);
    let [_, day, _] = &mut words;
    // The day's first byte is the low byte of the second word.
    if *day & 0xFF == u64::from(b' ') {
        *day += u64::from(b'0' - b' ');
    }
    words
}

/// [`imf_fixdate`] for an asctime-date.
#[inline(always)]
fn asctime(date: &[u8], weekday: Weekday) -> Result<Fields, (usize, Rule)> {
    let words = asctime_words(date);
    let marks = ASCTIME.marks(&words);
    let [a, b, c] = words;
    let name = name_at(a, ASCTIME_MONTH as u32);
    let (Some(month), 0) = (month(name), any(&marks)) else {
        return Err(asctime_misfit(&marks, name));
    };
    whole(date, ASCTIME_LEN)?;
    let [_, b, c] = ASCTIME.pairs(&[a, b, c]);
    let len = date.len();
    Ok(Fields {
        format: Format::Asctime,
        weekday: field(weekday, len, 0),
        day: field(byte_at(b, 0), len, 8),
        month,
        year: field(Year::Full(four_digits_at(c, 4)), len, 20),
        time: time_of_day([byte_at(b, 3), byte_at(b, 6), byte_at(c, 1)], len, 11),
    })
}

/// `day-name-l "," SP date2 SP time-of-day SP GMT`: the 24 bytes after the
/// day name, as the words at 0, 8 and 16 of them.
const RFC850_TAIL: Layout<3> = Layout::new(b", dd-___-dd dd:dd:dd GMT", [0, 8, 16]);

/// Where rfc850-date's month name starts after the day name.
const RFC850_MONTH: usize = 5;

/// [`imf_fixdate`] for the `tail` of an rfc850-date after its long day name
/// `weekday`, the day name `len` bytes before the end of the input (the
/// error's position counted in `tail`).
#[inline(always)]
fn rfc850_tail(tail: &[u8], weekday: Weekday, len: usize) -> Result<Fields, (usize, Rule)> {
    let words = RFC850_TAIL.words(tail);
    let marks = RFC850_TAIL.marks(&words);
    let [a, b, c] = words;
    let name = name_at(a, RFC850_MONTH as u32);
    let (Some(month), 0) = (month(name), any(&marks)) else {
        return Err(rfc850_misfit(&marks, name));
    };
    whole(tail, RFC850_TAIL_LEN)?;
    let digits = RFC850_TAIL.digits(&[a, b, c]);
    let [a, b, c] = digits.map(pairs);
    let [_, tens, ones] = digits;
    let tail_len = tail.len();
    // The minute's two digits straddle the second and third words.
    let minute = byte_at(tens, 7) * 10 + byte_at(ones, 0);
    Ok(Fields {
        format: Format::Rfc850,
        weekday: field(weekday, len, 0),
        day: field(byte_at(a, 2), tail_len, 2),
        month,
        year: field(Year::TwoDigit(byte_at(b, 1)), tail_len, 9),
        time: time_of_day([byte_at(b, 4), minute, byte_at(c, 2)], tail_len, 12),
    })
}

/// The first byte of an IMF-fixdate (its day name known) that does not fit,
/// by the `marks` of its words and its month `name`, and the innermost rule
/// the grammar is in there.
#[cold]
#[inline(never)]
fn imf_fixdate_misfit(marks: &[u64; 4], name: u32) -> (usize, Rule) {
    let at = IMF_FIXDATE.first_misfit(marks, IMF_FIXDATE_MONTH, name);
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
    (at, rule)
}

/// [`imf_fixdate_misfit`] for an asctime-date.
#[cold]
#[inline(never)]
fn asctime_misfit(marks: &[u64; 3], name: u32) -> (usize, Rule) {
    let at = ASCTIME.first_misfit(marks, ASCTIME_MONTH, name);
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
    (at, rule)
}

/// [`imf_fixdate_misfit`] for the bytes after the day name of an
/// rfc850-date.
#[cold]
#[inline(never)]
fn rfc850_misfit(marks: &[u64; 3], name: u32) -> (usize, Rule) {
    let at = RFC850_TAIL.first_misfit(marks, RFC850_MONTH, name);
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
    (at, rule)
}

/// A field that starts `offset` bytes into the last `len` bytes of the input
/// (a layout fits only an input as long as it, so `offset < len`).
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
    /// The length of the layout.
    len: usize,
    starts: [usize; W],
    /// Per word: `0xFF` on the literal bytes.
    literal_mask: [u64; W],
    /// Per word: the literal bytes.
    literal: [u64; W],
    /// Per word: `0x80` on the digit bytes.
    digits: [u64; W],
    /// Per word: `0x0F` on the digit bytes.
    digit_values: [u64; W],
}

impl<const W: usize> Layout<W> {
    #[allow(
        clippy::indexing_slicing,
        reason = "evaluated at compile time only: an index out of bounds is a build error"
    )]
    const fn new<const N: usize>(layout: &[u8; N], starts: [usize; W]) -> Self {
        let mut this = Layout {
            len: N,
            starts,
            literal_mask: [0; W],
            literal: [0; W],
            digits: [0; W],
            digit_values: [0; W],
        };
        let mut w = 0;
        while w < W {
            let mut i = 0;
            while i < 8 {
                let byte = layout[starts[w] + i];
                let shift = 8 * i;
                match byte {
                    b'_' => {}
                    b'd' => {
                        this.digits[w] |= 0x80 << shift;
                        this.digit_values[w] |= 0x0F << shift;
                    }
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

    /// The words of `bytes`, with zero bytes past its end (a zero byte fits
    /// no literal, digit or name of a layout, so a short input misfits at
    /// its end).
    #[inline(always)]
    fn words(&self, bytes: &[u8]) -> [u64; W] {
        match bytes.get(..self.len) {
            // Every word is whole: the bounds are known when this is built.
            Some(whole) => self.starts.map(|start| word_at(whole, start)),
            None => self.starts.map(|start| word_at(bytes, start)),
        }
    }

    /// Per word of `words`, the lanes whose byte does not fit the layout
    /// (a literal byte that is not the layout's, a digit byte that is not a
    /// digit) marked by a set bit; zero for a word that fits.
    ///
    /// A carry of the digit test (see [`ABOVE_NINE`]) only marks lanes after
    /// a marked one, so the lowest mark is exact.
    #[inline(always)]
    fn marks(&self, words: &[u64; W]) -> [u64; W] {
        let mut marks = [0; W];
        for (i, (mark, &word)) in marks.iter_mut().zip(words).enumerate() {
            let (Some(&mask), Some(&literal), Some(&digits)) = (
                self.literal_mask.get(i),
                self.literal.get(i),
                self.digits.get(i),
            ) else {
                continue;
            };
            let x = word ^ ZEROS;
            *mark = ((word & mask) ^ literal) | ((x | x.wrapping_add(ABOVE_NINE)) & digits);
        }
        marks
    }

    /// The words of a date that fits, each digit byte turned into its value
    /// and every other byte into zero.
    #[inline(always)]
    fn digits(&self, words: &[u64; W]) -> [u64; W] {
        let mut digits = *words;
        for (word, &values) in digits.iter_mut().zip(&self.digit_values) {
            // A digit's low four bits are its value ('0' is 0x30).
            *word &= values;
        }
        digits
    }

    /// The words of a date that fits as [`pairs`]: each byte that starts two
    /// digits holds the number they write.
    #[inline(always)]
    fn pairs(&self, words: &[u64; W]) -> [u64; W] {
        self.digits(words).map(pairs)
    }

    /// The position of the first byte that does not fit the layout, by the
    /// `marks` of its words and the `name` at `month` (the month name's
    /// bytes, see [`name_at`]); the layout's length when every byte fits.
    ///
    /// A byte is tested alike in every word that holds it, so the first
    /// word with a mark has the lowest.
    fn first_misfit(&self, marks: &[u64; W], month: usize, name: u32) -> usize {
        let at_name = match self::month(name) {
            Some(_) => self.len,
            None => month + name_prefix(name, MONTHS),
        };
        let at_byte = marks
            .iter()
            .zip(&self.starts)
            .find(|&(&mark, _)| mark != 0)
            .map_or(self.len, |(mark, start)| {
                start + (mark.trailing_zeros() / 8) as usize
            });
        at_name.min(at_byte)
    }
}

/// The marks of all `words` at once: zero when every word fits.
#[inline(always)]
fn any<const W: usize>(marks: &[u64; W]) -> u64 {
    marks.iter().fold(0, |any, &mark| any | mark)
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

/// A word of digit values (see [`Layout::digits`]) with each byte replaced
/// by ten times itself plus the byte after it: at the first of two digits,
/// the number they write. Every byte is at most 9, so a lane holds at most
/// 99 and no carry crosses into the next; a byte after which no digit
/// follows (the last of a word, or before a zero byte) keeps ten times
/// itself, which no field reads.
#[inline(always)]
fn pairs(digits: u64) -> u64 {
    digits * 10 + (digits >> 8)
}

/// The number written by the four digits at `lane` of a word of
/// [`pairs`].
#[inline(always)]
fn four_digits_at(pairs: u64, lane: u32) -> u16 {
    u16::from(byte_at(pairs, lane)) * 100 + u16::from(byte_at(pairs, lane + 2))
}

/// The three bytes at `lane` of a word, as a little-endian word whose top
/// byte is zero.
#[inline(always)]
fn name_at(word: u64, lane: u32) -> u32 {
    (word >> (8 * lane)) as u32 & 0x00FF_FFFF
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

    /// Every three bytes: found exactly when they are a name, as that name.
    #[test]
    fn slots_find_exactly_the_names() {
        for name in 0..1u32 << 24 {
            let [a, b, c, _] = name.to_le_bytes();
            let day = DAY_NAMES.iter().position(|&day| day == [a, b, c]);
            assert_eq!(day_name(name), day.map(|i| Weekday::from_index(i as u32)));
            let number = MONTHS.iter().position(|&month| month == [a, b, c]);
            assert_eq!(month(name), number.map(|i| i as u8 + 1));
        }
    }

    /// The XOR of big-endian words finds the longest shared prefix, on every
    /// three bytes over those of the names and a few others.
    #[test]
    fn name_prefix_is_the_longest_shared_prefix() {
        let mut bytes: Vec<u8> = DAY_NAMES.iter().chain(&MONTHS).flatten().copied().collect();
        bytes.extend([0, b'x', b' ', 0xFF]);
        bytes.sort_unstable();
        bytes.dedup();
        let shared = |name: [u8; 3], names: &[[u8; 3]]| {
            let prefix =
                |other: &[u8; 3]| name.iter().zip(other).take_while(|(a, b)| a == b).count();
            names.iter().map(prefix).max().unwrap_or(0)
        };
        for &a in &bytes {
            for &b in &bytes {
                for &c in &bytes {
                    let word = u32::from_le_bytes([a, b, c, 0]);
                    assert_eq!(name_prefix(word, DAY_NAMES), shared([a, b, c], &DAY_NAMES));
                    assert_eq!(name_prefix(word, MONTHS), shared([a, b, c], &MONTHS));
                }
            }
        }
    }

    /// A word read at any start of any input: its bytes from there, zero
    /// bytes past the end.
    #[test]
    fn word_at_reads_zero_bytes_past_the_end() {
        let text = b"Sun, 06 Nov 1994 08:49:37 GMT";
        for len in 0..=text.len() {
            for start in 0..=len + 9 {
                let mut want = [0u8; 8];
                for (i, byte) in want.iter_mut().enumerate() {
                    *byte = if start + i < len { text[start + i] } else { 0 };
                }
                assert_eq!(word_at(&text[..len], start), u64::from_le_bytes(want));
            }
        }
    }
}
