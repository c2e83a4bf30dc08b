//! From an [`HttpDate`] to bytes: the IMF-fixdate, the only format a sender
//! generates (RFC 9110 §5.6.7).
//!
//! ```text
//! Sun, 06 Nov 1994 08:49:37 GMT
//! 0         1         2
//! 01234567890123456789012345678
//! ```
//!
//! The 29 bytes are assembled as four little-endian words (at 0, 8, 16 and
//! 21, the last overlapping the third) from name and digit-pair tables, and
//! stored a word at a time; every division is by a constant.

use core::fmt;

use crate::civil::{MIN_DAY, civil_from_days, time_of_day};
use crate::{HttpDate, IMF_FIXDATE_LEN};

impl HttpDate {
    /// The instant as an IMF-fixdate, the only format a sender may generate
    /// (RFC 9110 §5.6.7), in a fixed-size buffer: no allocation.
    #[inline]
    pub fn imf_fixdate(self) -> [u8; IMF_FIXDATE_LEN] {
        let mut buf = [0; IMF_FIXDATE_LEN];
        self.write_imf_fixdate(&mut buf);
        buf
    }

    /// Writes the instant as an IMF-fixdate into `buf`, overwriting all of it.
    #[inline]
    pub fn write_imf_fixdate(self, buf: &mut [u8; IMF_FIXDATE_LEN]) {
        // spec: 9110-5.6.7-generate-imf-fixdate, 9110-5.6.7-no-extra-whitespace
        let words = imf_fixdate_words(self);
        for (&at, word) in [0, 8, 16, IMF_FIXDATE_LEN - 8].iter().zip(words) {
            if let Some(slot) = buf.get_mut(at..at + 8) {
                slot.copy_from_slice(&word.to_le_bytes());
            }
        }
    }
}

/// Writes the IMF-fixdate (RFC 9110 §5.6.7), honouring width and alignment.
impl fmt::Display for HttpDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let buf = self.imf_fixdate();
        f.pad(core::str::from_utf8(&buf).map_err(|_| fmt::Error)?)
    }
}

/// The IMF-fixdate as a header value.
impl From<HttpDate> for http::HeaderValue {
    fn from(date: HttpDate) -> Self {
        match http::HeaderValue::from_bytes(&date.imf_fixdate()) {
            Ok(value) => value,
            // Unreachable: an IMF-fixdate holds only visible ASCII and SP,
            // which `from_bytes` always accepts (a test checks MIN and MAX).
            Err(_) => http::HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"),
        }
    }
}

/// The IMF-fixdate of `date` as the four words at bytes 0, 8, 16 and 21:
/// `Sun, 06 `, `Nov 1994`, ` 08:4` (and three bytes the last word
/// overwrites), `9:37 GMT`.
#[inline(always)]
fn imf_fixdate_words(date: HttpDate) -> [u64; 4] {
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
    let (hour, minute, second) = time_of_day(second_of_day);
    let year = u32::from(year);
    [
        weekday | bytes_at(b", ", 3) | digit_pair(u32::from(day)) << 40 | bytes_at(b" ", 7),
        month | bytes_at(b" ", 3) | digit_pair(year / 100) << 32 | digit_pair(year % 100) << 48,
        // Bytes 16 to 20; 21 to 23 are the fourth word's (written after).
        bytes_at(b" ", 0) | digit_pair(hour) << 8 | bytes_at(b":", 3) | digit_pair(minute) << 32,
        digit_pair(minute) >> 8
            | bytes_at(b":", 1)
            | digit_pair(second) << 16
            | bytes_at(b" GMT", 4),
    ]
}

/// `day-name`, Monday first.
const DAY_NAMES: [[u8; 3]; 7] = [
    *b"Mon", *b"Tue", *b"Wed", *b"Thu", *b"Fri", *b"Sat", *b"Sun",
];

/// `month`, January first.
const MONTH_NAMES: [[u8; 3]; 12] = [
    *b"Jan", *b"Feb", *b"Mar", *b"Apr", *b"May", *b"Jun", *b"Jul", *b"Aug", *b"Sep", *b"Oct",
    *b"Nov", *b"Dec",
];

/// `bytes` placed from byte `at` of a little-endian word.
#[inline(always)]
#[allow(
    clippy::indexing_slicing,
    reason = "`i < bytes.len()`; only ever called with constants"
)]
const fn bytes_at(bytes: &[u8], at: u32) -> u64 {
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

/// `00` to `99` as pairs of ASCII digits, tens in the low byte.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time only: an index out of bounds is a build error"
)]
const DIGIT_PAIRS: [u16; 100] = {
    let mut table = [0; 100];
    let mut n = 0;
    while n < 100 {
        table[n] = u16::from_le_bytes([b'0' + n as u8 / 10, b'0' + n as u8 % 10]);
        n += 1;
    }
    table
};

/// The two ASCII digits of `n` (0–99), tens first, in the low bytes of a
/// word (`??` for a larger `n`, which the callers never pass).
#[inline(always)]
fn digit_pair(n: u32) -> u64 {
    let pair = DIGIT_PAIRS.get(n as usize).copied();
    u64::from(pair.unwrap_or(u16::from_le_bytes(*b"??")))
}
