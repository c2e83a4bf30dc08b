//! Hand-written fast paths: the fixed layouts of an IMF-fixdate and an
//! rfc850-date, every format as a template (errors included), and
//! IMF-fixdate formatting.
//!
//! ```text
//! Sun, 06 Nov 1994 08:49:37 GMT
//! 0         1         2
//! 01234567890123456789012345678
//! ```
//!
//! [`parse_imf_fixdate`] reads the 29 bytes as four 64-bit words, checks
//! every literal byte with one mask and compare per word and every digit at
//! once (see [`ABOVE_NINE`]), and looks the names up in two small
//! perfect-hash tables. It answers only for an input that is exactly a
//! syntactically valid IMF-fixdate: the instant, or the semantic error
//! (`crate::parse::instant`, the checks every path shares); anything else
//! is `None`. [`parse_rfc850`] does the same for an rfc850-date, whose
//! last 24 bytes are a fixed layout once the day name is known; its
//! two-digit year is placed by `crate::parse::rfc850_year` against the
//! clock.
//!
//! [`field_value`] reads any input as the reference grammar in
//! [`crate::grammar`] does, all three formats, and returns the same fields
//! or the same syntax error (see the section below). Debug builds check
//! every parse against the grammar (`crate::parse::parse`); property tests
//! (`crate::tests`) check every path against it on arbitrary input, in
//! acceptance, value, positions and errors.
//!
//! Formatting divides only by constants (compiled to multiplications), takes
//! digit pairs and names from tables, and stores whole words.

use crate::civil::{MIN_DAY, civil_from_days};
use crate::grammar::{At, Fields, SyntaxError, TimeOfDay, Year};
use crate::parse::{instant, resolve, rfc850_year};
use crate::{Error, Format, HttpDate, IMF_FIXDATE_LEN, Rule, Weekday};

/// The IMF-fixdate layout: `_` a name byte, `d` a digit, anything else literal.
const LAYOUT: &[u8; IMF_FIXDATE_LEN] = b"___, dd ___ dddd dd:dd:dd GMT";

/// The input is read as four little-endian words starting at these offsets
/// (the last overlaps the third so that it ends with the input).
const WORD_STARTS: [usize; 4] = [0, 8, 16, 21];

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

/// For each word of `layout` starting at `starts`, the bytes of class
/// `wanted`: with `value`, the layout's bytes there; without, a mask (0xFF
/// per literal byte, 0x80 per digit byte). Past the layout's end a word
/// has nothing.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time only: an index out of bounds is a build error"
)]
const fn layout_words<const N: usize, const W: usize>(
    layout: &[u8; N],
    starts: [usize; W],
    wanted: Class,
    value: bool,
) -> [u64; W] {
    let mut words = [0u64; W];
    let mut w = 0;
    while w < W {
        let mut i = 0;
        while i < 8 && starts[w] + i < N {
            let byte = layout[starts[w] + i];
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

/// Whether `words` leave `layout` anywhere: a literal byte that differs or a
/// digit byte that is not a digit (nonzero then).
#[inline(always)]
fn misfits<const W: usize>(words: &[u64], layout: &Layout<W>) -> u64 {
    let mut bad = 0;
    for (((&w, &mask), &value), &high) in words
        .iter()
        .zip(&layout.literal_mask)
        .zip(&layout.literal_value)
        .zip(&layout.digit_high_bits)
    {
        bad |= (w & mask) ^ value;
        let x = w ^ ZEROS;
        bad |= (x | x.wrapping_add(ABOVE_NINE)) & high;
    }
    bad
}

/// A fixed layout read as `W` words: per word, which bytes are literal and
/// their values, and the high bit of each digit byte.
struct Layout<const W: usize> {
    literal_mask: [u64; W],
    literal_value: [u64; W],
    digit_high_bits: [u64; W],
}

impl<const W: usize> Layout<W> {
    const fn new<const N: usize>(layout: &[u8; N], starts: [usize; W]) -> Self {
        Layout {
            literal_mask: layout_words(layout, starts, Class::Literal, false),
            literal_value: layout_words(layout, starts, Class::Literal, true),
            digit_high_bits: layout_words(layout, starts, Class::Digit, false),
        }
    }
}

/// [`LAYOUT`] as words.
const IMF_WORDS: Layout<4> = Layout::new(LAYOUT, WORD_STARTS);

/// Two digits (already checked) at byte `i` of a word XORed with [`ZEROS`].
#[inline(always)]
fn two(w: u64, i: u32) -> u8 {
    byte(w, i) * 10 + byte(w, i + 1)
}

/// An input that is exactly an IMF-fixdate (no whitespace around it), its
/// syntax valid: the instant, or the semantic error that
/// [`crate::parse::resolve`] would report. `None` for anything else.
#[inline]
pub(crate) fn parse_imf_fixdate(input: &[u8]) -> Option<Result<HttpDate, Error>> {
    let input: &[u8; IMF_FIXDATE_LEN] = input.try_into().ok()?;
    let (a, rest) = input.split_first_chunk::<8>()?;
    let (b, rest) = rest.split_first_chunk::<8>()?;
    let (c, _) = rest.split_first_chunk::<8>()?;
    let (_, d) = input.split_last_chunk::<8>()?;
    let words = [a, b, c, d].map(|w| u64::from_le_bytes(*w));
    if misfits(&words, &IMF_WORDS) != 0 {
        return None;
    }
    let weekday = weekday_of((words[0] & 0xFF_FFFF) as u32)?;
    let month = match lookup(&MONTH_TABLE, (words[1] & 0xFF_FFFF) as u32, MONTH_HASH, 4) {
        0 => return None,
        month => month,
    };
    let [a, b, c, d] = words.map(|w| w ^ ZEROS);
    let day = two(a, 5);
    let year = u16::from(two(b, 4)) * 100 + u16::from(two(b, 6));
    let time = [two(c, 1), two(c, 4), byte(c, 7) * 10 + byte(d, 3)];
    Some(instant(year, month, day, time, weekday).map_err(|fault| {
        let fields = imf_fields(IMF_FIXDATE_LEN, weekday, day, month, year, time);
        fault.error(&fields, year, IMF_FIXDATE_LEN)
    }))
}

/// The shortest rfc850-date (`Friday, …`) and the longest (`Wednesday, …`).
pub(crate) const RFC850_MIN_LEN: usize = 6 + RFC850_TAIL_LEN;
pub(crate) const RFC850_MAX_LEN: usize = 9 + RFC850_TAIL_LEN;

/// An input that is exactly an rfc850-date (no whitespace around it), its
/// syntax valid, read at `now`: the instant, or the error that
/// [`crate::parse::resolve`] reports. `None` for anything else. The tail
/// after the day name is the input's last 24 bytes, so its words are read
/// at places known from the input's length alone.
#[inline]
pub(crate) fn parse_rfc850(
    input: &[u8],
    now: impl FnOnce() -> HttpDate,
) -> Option<Result<HttpDate, Error>> {
    let (head, tail) = input.split_last_chunk::<RFC850_TAIL_LEN>()?;
    let weekday = weekday_of(first_key(head))?;
    // The rest of the long day name, exactly (its bytes and its length).
    let (want, mask) = DAYS_LONG_REST_WORDS.get(weekday as usize).copied()?;
    let after = u64::from_le_bytes(*input.get(3..)?.first_chunk::<8>()?);
    if (after ^ want) & mask != 0 || head.len() != 3 + mask.count_ones() as usize / 8 {
        return None;
    }
    let (a, rest) = tail.split_first_chunk::<8>()?;
    let (b, c) = rest.split_first_chunk::<8>()?;
    let c = c.first_chunk::<8>()?;
    let words = [a, b, c].map(|w| u64::from_le_bytes(*w));
    // The 24 bytes are the template's first three words.
    if misfits(&words, &RFC850_TAIL.words) != 0 {
        return None;
    }
    let month = match lookup(&MONTH_TABLE, (words[0] >> 40) as u32, MONTH_HASH, 4) {
        0 => return None,
        month => month,
    };
    let [a, b, c] = words.map(|w| w ^ ZEROS);
    let (day, two_digit_year) = (two(a, 2), two(b, 1));
    let time = [two(b, 4), byte(b, 7) * 10 + byte(c, 0), two(c, 2)];
    let [hour, minute, second] = time;
    let now = now();
    let fields = || {
        let len = input.len();
        rfc850_fields(
            len,
            RFC850_TAIL_LEN,
            weekday,
            day,
            month,
            two_digit_year,
            time,
        )
    };
    // spec: 9110-5.6.7-rfc850-year-window
    let Some(year) = rfc850_year(two_digit_year, [month, day, hour, minute, second], now) else {
        // Outside 0000–9999: the general path words the error.
        return Some(cold(|| resolve(&fields(), input.len(), || now)));
    };
    Some(
        instant(year, month, day, time, weekday)
            .map_err(|fault| cold(|| fault.error(&fields(), year, input.len()))),
    )
}

/// Runs `f` out of the hot path.
#[cold]
#[inline(never)]
fn cold<T>(f: impl FnOnce() -> T) -> T {
    f()
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
    let weekday = name_word(DAY_NAMES.get(((days + 5) % 7) as usize));
    let month = name_word(MONTH_NAMES.get(usize::from(month).wrapping_sub(1)));
    let (hour, minute, second) = (
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60,
    );
    let year = u32::from(year);
    // The bytes are assembled as words and stored a word at a time: fewer
    // stores, and a reader of the buffer loads whole words that the
    // processor can forward from these stores (byte stores read back as a
    // word would stall).
    //   0..8: `Sun, 06 `   8..16: `Nov 1994`   16..24: ` 08:49:3`   21..29: `49:37 GMT`
    let words = [
        weekday | lit(b", ", 3) | two_digits(u32::from(day)) << 40 | lit(b" ", 7),
        month | lit(b" ", 3) | two_digits(year / 100) << 32 | two_digits(year % 100) << 48,
        lit(b" ", 0)
            | two_digits(hour) << 8
            | lit(b":", 3)
            | two_digits(minute) << 32
            | lit(b":", 6)
            | (two_digits(second) & 0xFF) << 56,
        two_digits(minute) >> 8 | lit(b":", 1) | two_digits(second) << 16 | lit(b" GMT", 4),
    ];
    for (&at, word) in [0, 8, 16, IMF_FIXDATE_LEN - 8].iter().zip(words) {
        if let Some(slot) = buf.get_mut(at..at + 8) {
            slot.copy_from_slice(&word.to_le_bytes());
        }
    }
}

/// `bytes` placed from byte `at` of a little-endian word.
#[inline(always)]
#[allow(
    clippy::indexing_slicing,
    reason = "`i < bytes.len()`; only ever called with constants"
)]
const fn lit(bytes: &[u8], at: u32) -> u64 {
    let mut word = 0;
    let mut i = 0;
    while i < bytes.len() {
        word |= (bytes[i] as u64) << (8 * (at + i as u32));
        i += 1;
    }
    word
}

/// A three-letter name in the low bytes of a word (`???` for none: the
/// callers index with numbers in range).
#[inline(always)]
fn name_word(name: Option<&[u8; 3]>) -> u64 {
    let [a, b, c] = *name.unwrap_or(b"???");
    u64::from(u32::from_le_bytes([a, b, c, 0]))
}

/// `00` to `99` as pairs of ASCII digits, tens in the low byte: one load
/// per number instead of a division and a multiplication.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time only: an index out of bounds is a build error"
)]
const TWO_DIGITS: [u16; 100] = {
    let mut table = [0; 100];
    let mut n = 0;
    while n < 100 {
        table[n] = (b'0' + n as u8 / 10) as u16 | ((b'0' + n as u8 % 10) as u16) << 8;
        n += 1;
    }
    table
};

/// The ASCII digits of `n` (0–99), tens first, in the low bytes of a word
/// (`??` for a larger `n`, which the callers never pass).
#[inline(always)]
fn two_digits(n: u32) -> u64 {
    let pair = TWO_DIGITS.get(n as usize).copied();
    u64::from(pair.unwrap_or(u16::from_le_bytes(*b"??")))
}

// ---- every format, as a template -------------------------------------------------
//
// [`field_value`] reads every input exactly as `crate::grammar::field_value`
// does (all three formats, OWS around them) and returns the same `Fields`
// or the same `SyntaxError`: the same innermost rule, position and byte.
//
// Each format is a fixed layout once its day name is known (the rfc850-date
// after its `day-name-l`), so the grammar's sequence of rules becomes a
// template: per position a literal byte, a digit or a name byte, and the
// innermost rule that holds a byte there. A sequence fails at its first byte
// that does not fit, so the error is the first position where the input
// leaves the template (a name fails where its longest partial match stops),
// and the rule is the template's rule there. Bytes are checked a word at a
// time, as in the IMF-fixdate path above.
//
// Of the three alternatives the grammar reports the one that got furthest
// (on a tie, the earlier one). They all start with a day name, and the byte
// after it decides: `,` only IMF-fixdate can take further, SP only
// asctime-date, anything else only rfc850-date (the others stop there).
//
// Debug builds check every parse against the grammar (`crate::parse::parse`),
// and property tests do on arbitrary input (`crate::tests`).

/// The IMF-fixdate template: `_` a name byte, `d` a digit, anything else
/// literal; and per position the letter of its rule (see [`rule_of`]).
const IMF: Template<IMF_FIXDATE_LEN> = Template::new(LAYOUT, b"NNNIIddDMMMDyyyyIhhtmmtssIGGG");
/// The asctime-date template. Position 8 is the first byte of
/// `( 2DIGIT / ( SP 1DIGIT ))`: a SP there is read as a `0` digit (both
/// alternatives fail at the same place otherwise, see [`asctime_date`]).
const ASCTIME: Template<ASCTIME_LEN> =
    Template::new(b"___ ___ dd dd:dd:dd dddd", b"NNNAMMM333AhhtmmtssAyyyy");
/// The rfc850-date template after its `day-name-l`.
const RFC850_TAIL: Template<RFC850_TAIL_LEN> =
    Template::new(b", dd-___-dd dd:dd:dd GMT", b"RRdd2MMM222RhhtmmtssRGGG");

/// The length of an asctime-date.
const ASCTIME_LEN: usize = 24;
/// The length of an rfc850-date after its `day-name-l`.
const RFC850_TAIL_LEN: usize = 24;

/// The rule of a template letter.
const fn rule_of(letter: u8) -> Rule {
    match letter {
        b'N' => Rule::DayName,
        b'I' => Rule::ImfFixdate,
        b'R' => Rule::Rfc850Date,
        b'A' => Rule::AsctimeDate,
        b'd' => Rule::Day,
        b'D' => Rule::Date1,
        b'2' => Rule::Date2,
        b'3' => Rule::Date3,
        b'M' => Rule::Month,
        b'y' => Rule::Year,
        b'h' => Rule::Hour,
        b't' => Rule::TimeOfDay,
        b'm' => Rule::Minute,
        b's' => Rule::Second,
        _ => Rule::Gmt,
    }
}

/// `0x80` in every byte.
const HIGH: u64 = u64::from_le_bytes([0x80; 8]);

/// A layout of `L` bytes (at most 32), as the four words at 0, 8, 16 and 24
/// (beyond its end nothing is checked), and the rule of each position.
struct Template<const L: usize> {
    words: Layout<4>,
    rules: [Rule; L],
}

impl<const L: usize> Template<L> {
    #[allow(
        clippy::indexing_slicing,
        reason = "evaluated at compile time only: an index out of bounds is a build error"
    )]
    const fn new(layout: &[u8; L], rules: &[u8; L]) -> Self {
        let mut t = Template {
            words: Layout::new(layout, [0, 8, 16, 24]),
            rules: [Rule::HttpDate; L],
        };
        let mut i = 0;
        while i < L {
            t.rules[i] = rule_of(rules[i]);
            i += 1;
        }
        t
    }

    /// The first position of `words` whose byte is not the template's
    /// literal or digit; `L` if none.
    #[inline(always)]
    fn first_misfit(&self, words: &Words) -> usize {
        for (i, &w) in words.0.iter().enumerate().take(L.div_ceil(8)) {
            let (Some(&mask), Some(&value), Some(&digits)) = (
                self.words.literal_mask.get(i),
                self.words.literal_value.get(i),
                self.words.digit_high_bits.get(i),
            ) else {
                break;
            };
            // A literal byte that differs: exact marks.
            let t = (w ^ value) & mask;
            let literal = (((t & !HIGH) + !HIGH) | t) & HIGH;
            // A digit byte above 9 (see ABOVE_NINE): the lowest mark is exact.
            let x = w ^ ZEROS;
            let digit = (x | x.wrapping_add(ABOVE_NINE)) & digits;
            let bad = literal | digit;
            if bad != 0 {
                return (8 * i + bad.trailing_zeros() as usize / 8).min(L);
            }
        }
        L
    }

    /// The rule at `position`.
    #[inline(always)]
    fn rule(&self, position: usize) -> Rule {
        self.rules.get(position).copied().unwrap_or(Rule::HttpDate)
    }
}

/// The first 32 bytes of an input as four little-endian words, NUL-padded
/// (NUL fits no template byte and is in no name). Read straight from the
/// input: no buffer to store and load again.
struct Words([u64; 4]);

impl Words {
    /// The first `len` bytes of `input` (`len` at most 32).
    #[inline(always)]
    fn new(input: &[u8], len: usize) -> Self {
        let n = input.len().min(len);
        let input = input.get(..n).unwrap_or_default();
        let mut words = [0u64; 4];
        match input.last_chunk::<8>() {
            Some(&last) => {
                let last = u64::from_le_bytes(last);
                for (i, word) in words.iter_mut().enumerate() {
                    let start = 8 * i;
                    *word = match input.get(start..).and_then(<[u8]>::first_chunk::<8>) {
                        Some(&chunk) => u64::from_le_bytes(chunk),
                        // The last word ends with the input: take the 8
                        // bytes that end there and drop those before `start`.
                        None if start < n => last >> (8 * (start + 8 - n)),
                        None => 0,
                    };
                }
            }
            None => {
                let mut bytes = [0u8; 8];
                for (slot, &byte) in bytes.iter_mut().zip(input) {
                    *slot = byte;
                }
                words[0] = u64::from_le_bytes(bytes);
            }
        }
        Words(words)
    }

    /// The byte at `p`.
    #[inline(always)]
    fn byte(&self, p: usize) -> u8 {
        self.0.get(p / 8).map_or(0, |&w| (w >> (8 * (p % 8))) as u8)
    }

    /// The two digits at `p` and `p + 1` (checked by a template), as a number.
    #[inline(always)]
    fn two(&self, p: usize) -> u8 {
        self.byte(p).wrapping_sub(b'0') * 10 + self.byte(p + 1).wrapping_sub(b'0')
    }

    /// The name key of the three bytes at `p` (within one word).
    #[inline(always)]
    fn key(&self, p: usize) -> u32 {
        self.0
            .get(p / 8)
            .map_or(0, |&w| (w >> (8 * (p % 8))) as u32 & 0xFF_FFFF)
    }

    /// The month at `p`, or the position where the `month` rule fails.
    #[inline(always)]
    fn month(&self, p: usize) -> Result<u8, usize> {
        let key = self.key(p);
        match lookup(&MONTH_TABLE, key, MONTH_HASH, 4) {
            0 => Err(p + furthest(key, &MONTH_NAMES)),
            month => Ok(month),
        }
    }
}

/// The long day names, after the three bytes of their `day-name`.
const DAYS_LONG_REST: [&[u8]; 7] = [
    b"day", b"sday", b"nesday", b"rsday", b"day", b"urday", b"day",
];

/// [`DAYS_LONG_REST`] as words: the bytes, and a mask of their lanes.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time only: an index out of bounds is a build error"
)]
const DAYS_LONG_REST_WORDS: [(u64, u64); 7] = {
    let mut words = [(0, 0); 7];
    let mut d = 0;
    while d < 7 {
        let name = DAYS_LONG_REST[d];
        let mut i = 0;
        while i < name.len() {
            words[d].0 |= (name[i] as u64) << (8 * i);
            words[d].1 |= 0xFF << (8 * i);
            i += 1;
        }
        d += 1;
    }
    words
};

/// The name key of the three bytes at the start of `bytes`, NUL-padded.
#[inline(always)]
fn first_key(bytes: &[u8]) -> u32 {
    match bytes.first_chunk::<3>() {
        Some(&name) => name_key(name),
        None => {
            let mut name = [0u8; 3];
            for (slot, &byte) in name.iter_mut().zip(bytes) {
                *slot = byte;
            }
            name_key(name)
        }
    }
}

/// Where the longest partial match of `key` with one of `names` stops (0–2
/// when none matches whole).
#[inline(always)]
fn furthest(key: u32, names: &[[u8; 3]]) -> usize {
    let same = |name: &[u8; 3]| (key ^ name_key(*name)).trailing_zeros() as usize / 8;
    names.iter().map(same).max().unwrap_or(0).min(3)
}

/// A syntax error at `position` of `date` (which runs to the end of the input).
#[inline(always)]
fn error_at(date: &[u8], position: usize, rule: Rule) -> SyntaxError {
    SyntaxError {
        rest: date.len().saturating_sub(position),
        rule: Some(rule),
        found: date.get(position).copied(),
    }
}

/// Reads `date` (from its start to the end of the input) against
/// `template`, whose month name is at `month`: the words and the month, or
/// the error. `tweak` may rewrite the words before the check.
#[inline(always)]
fn fit<const L: usize>(
    template: &Template<L>,
    date: &[u8],
    month: usize,
    tweak: impl FnOnce(&mut Words),
) -> Result<(Words, u8), SyntaxError> {
    let mut words = Words::new(date, L);
    tweak(&mut words);
    let misfit = template.first_misfit(&words);
    let (month, misfit) = match words.month(month) {
        Ok(number) => (number, misfit),
        Err(at) => (0, misfit.min(at)),
    };
    if misfit < L {
        return Err(error_at(date, misfit, template.rule(misfit)));
    }
    Ok((words, month))
}

/// `day-name "," SP date1 SP time-of-day SP GMT`, with
/// `date1 = day SP month SP year`; the day name is read.
fn imf_fixdate(date: &[u8], weekday: Weekday) -> Result<(usize, Fields), SyntaxError> {
    let (w, month) = fit(&IMF, date, 8, |_| {})?;
    let year = u16::from(w.two(12)) * 100 + u16::from(w.two(14));
    let time = [w.two(17), w.two(20), w.two(23)];
    let fields = imf_fields(date.len(), weekday, w.two(5), month, year, time);
    Ok((IMF_FIXDATE_LEN, fields))
}

/// The fields of an IMF-fixdate at the start of `date_len` bytes (the rest
/// of the input), each with the position the grammar records for it.
#[inline(always)]
fn imf_fields(
    date_len: usize,
    weekday: Weekday,
    day: u8,
    month: u8,
    year: u16,
    time: [u8; 3],
) -> Fields {
    Fields {
        format: Format::ImfFixdate,
        weekday: at(weekday, date_len, 0),
        day: at(day, date_len, 5),
        month,
        year: at(Year::Full(year), date_len, 12),
        time: time_of_day(time, date_len, 17),
    }
}

/// A field value at position `i` of `len` bytes that run to the input's end.
#[inline(always)]
fn at<T>(value: T, len: usize, i: usize) -> At<T> {
    At {
        value,
        rest: len - i,
    }
}

/// A time of day whose `hour` is at position `p` of `len` bytes that run to
/// the input's end.
#[inline(always)]
fn time_of_day([hour, minute, second]: [u8; 3], len: usize, p: usize) -> TimeOfDay {
    TimeOfDay {
        hour: at(hour, len, p),
        minute: at(minute, len, p + 3),
        second: at(second, len, p + 6),
    }
}

/// `day-name SP date3 SP time-of-day SP year`, with
/// `date3 = month SP ( 2DIGIT / ( SP 1DIGIT ))`; the day name is read.
///
/// Of `2DIGIT / ( SP 1DIGIT )`: with a digit or a SP first, both
/// alternatives need a digit next (and fail there alike); with anything
/// else, both fail at the first byte. So a SP there is read as a `0`.
fn asctime_date(date: &[u8], weekday: Weekday) -> Result<(usize, Fields), SyntaxError> {
    let (w, month) = fit(&ASCTIME, date, 4, |w| {
        // Position 8 is the first byte of word 1.
        if let Some(word) = w.0.get_mut(1)
            && *word & 0xFF == u64::from(b' ')
        {
            *word ^= u64::from(b' ' ^ b'0');
        }
    })?;
    let len = date.len();
    let year = u16::from(w.two(20)) * 100 + u16::from(w.two(22));
    let fields = Fields {
        format: Format::Asctime,
        weekday: at(weekday, len, 0),
        day: at(w.two(8), len, 8),
        month,
        year: at(Year::Full(year), len, 20),
        time: time_of_day([w.two(11), w.two(14), w.two(17)], len, 11),
    };
    Ok((ASCTIME_LEN, fields))
}

/// `day-name-l "," SP date2 SP time-of-day SP GMT`, with
/// `date2 = day "-" month "-" 2DIGIT`; the first three bytes of the day
/// name are read, and the byte after them is neither `,` nor SP.
fn rfc850_date(date: &[u8], weekday: Weekday) -> Result<(usize, Fields), SyntaxError> {
    let long_rest = DAYS_LONG_REST
        .get(weekday as usize)
        .copied()
        .unwrap_or_default();
    let after = date.get(3..).unwrap_or_default();
    let same = match (
        after.first_chunk::<8>(),
        DAYS_LONG_REST_WORDS.get(weekday as usize),
    ) {
        // The rest of the name (at most six bytes) against one word.
        (Some(&word), Some(&(want, mask))) => {
            let differ = (u64::from_le_bytes(word) ^ want) & mask;
            (differ.trailing_zeros() as usize / 8).min(long_rest.len())
        }
        _ => long_rest
            .iter()
            .zip(after)
            .take_while(|(a, b)| a == b)
            .count(),
    };
    if same < long_rest.len() {
        // The other two alternatives fail at 3; on a tie the first wins.
        return Err(match same {
            0 => error_at(date, 3, Rule::ImfFixdate),
            _ => error_at(date, 3 + same, Rule::DayNameL),
        });
    }
    let name = 3 + same;
    let tail = date.get(name..).unwrap_or_default();
    let (w, month) = fit(&RFC850_TAIL, tail, 5, |_| {})?;
    let time = [w.two(12), w.two(15), w.two(18)];
    let fields = rfc850_fields(
        date.len(),
        tail.len(),
        weekday,
        w.two(2),
        month,
        w.two(9),
        time,
    );
    Ok((name + RFC850_TAIL_LEN, fields))
}

/// The fields of an rfc850-date at the start of `date_len` bytes (the rest
/// of the input) whose day name ends `tail_len` bytes before the input's
/// end, each with the position the grammar records for it.
#[inline(always)]
fn rfc850_fields(
    date_len: usize,
    tail_len: usize,
    weekday: Weekday,
    day: u8,
    month: u8,
    two_digit_year: u8,
    time: [u8; 3],
) -> Fields {
    Fields {
        format: Format::Rfc850,
        weekday: at(weekday, date_len, 0),
        day: at(day, tail_len, 2),
        month,
        year: at(Year::TwoDigit(two_digit_year), tail_len, 9),
        time: time_of_day(time, tail_len, 12),
    }
}

/// `HTTP-date = IMF-fixdate / obs-date`, `obs-date = rfc850-date /
/// asctime-date`, from the start of `date`: the bytes read and the fields.
#[inline(always)]
fn http_date(date: &[u8]) -> Result<(usize, Fields), SyntaxError> {
    let key = first_key(date);
    let Some(weekday) = weekday_of(key) else {
        // Every alternative fails in its day name, at the same place (each
        // long name starts with its short one): the first is reported.
        return Err(error_at(date, furthest(key, &DAY_NAMES), Rule::DayName));
    };
    match date.get(3) {
        Some(b',') => imf_fixdate(date, weekday),
        Some(b' ') => asctime_date(date, weekday),
        _ => rfc850_date(date, weekday),
    }
}

/// The weekday a `day-name` key names.
#[inline(always)]
fn weekday_of(key: u32) -> Option<Weekday> {
    match lookup(&DAY_TABLE, key, DAY_HASH, 3) {
        0 => None,
        position => Some(Weekday::from_index(u32::from(position) - 1)),
    }
}

/// The bytes of `OWS` at the start of `bytes`.
#[inline(always)]
fn ows_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()
}

/// `OWS HTTP-date OWS` and nothing else: what `crate::grammar::field_value`
/// reads, with the same result.
pub(crate) fn field_value(input: &[u8]) -> Result<Fields, SyntaxError> {
    let date = input.get(ows_len(input)..).unwrap_or_default();
    let (used, fields) = http_date(date)?;
    let after = date.get(used..).unwrap_or_default();
    let end = ows_len(after);
    match after.get(end) {
        None => Ok(fields),
        // A byte after a complete HTTP-date.
        Some(_) => Err(error_at(after, end, Rule::HttpDate)),
    }
}
