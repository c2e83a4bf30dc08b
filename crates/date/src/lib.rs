//! HTTP-date, exactly as RFC 9110 §5.6.7 defines it.
//!
//! An [`HttpDate`] is a UTC instant with one-second resolution. Parsing
//! accepts all three formats a recipient must accept (RFC 9110 §5.6.7);
//! formatting writes only IMF-fixdate, the one a sender must generate.
//!
//! ```
//! use precond_date::{Format, HttpDate};
//!
//! let now = HttpDate::from_civil(2026, 1, 1, 0, 0, 0)?;
//! let imf = HttpDate::parse_with_format(b"Sun, 06 Nov 1994 08:49:37 GMT", now)?;
//! let rfc850 = HttpDate::parse_with_format(b"Sunday, 06-Nov-94 08:49:37 GMT", now)?;
//! let asctime = HttpDate::parse_with_format(b"Sun Nov  6 08:49:37 1994", now)?;
//!
//! let date = HttpDate::from_unix_seconds(784_111_777)?;
//! assert_eq!(imf, (date, Format::ImfFixdate));
//! assert_eq!(rfc850, (date, Format::Rfc850));
//! assert_eq!(asctime, (date, Format::Asctime));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Formatting needs no allocation: [`HttpDate::imf_fixdate`] returns a
//! `[u8; IMF_FIXDATE_LEN]`, [`HttpDate::write_imf_fixdate`] fills one, and
//! `Display` and `From<HttpDate> for http::HeaderValue` use the same bytes.
//!
//! ```
//! use precond_date::{HttpDate, IMF_FIXDATE_LEN};
//!
//! let date = HttpDate::from_unix_seconds(784_111_777)?;
//! let mut buf = [0u8; IMF_FIXDATE_LEN];
//! date.write_imf_fixdate(&mut buf);
//! assert_eq!(&buf, b"Sun, 06 Nov 1994 08:49:37 GMT");
//! assert_eq!(date.to_string(), "Sun, 06 Nov 1994 08:49:37 GMT");
//! assert_eq!(http::HeaderValue::from(date), "Sun, 06 Nov 1994 08:49:37 GMT");
//! # Ok::<(), precond_date::RangeError>(())
//! ```
//!
//! # Range and clock conversions
//!
//! The grammar's four-digit years span 0000 to 9999, and so does
//! [`HttpDate`]: from [`HttpDate::MIN`] (0000-01-01T00:00:00Z) to
//! [`HttpDate::MAX`] (9999-12-31T23:59:59Z), dates before 1970 included, in the
//! proleptic Gregorian calendar (the Gregorian rules extended backwards). It
//! is stored as `i64` seconds since the Unix epoch. Conversions that can leave
//! the range return [`RangeError`]; none panics.
//!
//! A [`SystemTime`](std::time::SystemTime) is truncated to its second **toward
//! the past**: after 1970 that drops the fraction, before 1970 it goes to the
//! earlier second. [`HttpDate::to_system_time`] never panics; on a platform
//! whose `SystemTime` cannot hold the instant it saturates (see its docs).
//!
//! ```
//! use std::time::{Duration, SystemTime, UNIX_EPOCH};
//! use precond_date::HttpDate;
//!
//! let t = UNIX_EPOCH + Duration::from_millis(784_111_777_900);
//! let date = HttpDate::from_system_time(t)?;
//! assert_eq!(date.unix_seconds(), 784_111_777);
//! assert_eq!(date.to_system_time(), UNIX_EPOCH + Duration::from_secs(784_111_777));
//!
//! // Half a second before the epoch is in the second that starts at -1.
//! let before = UNIX_EPOCH - Duration::from_millis(500);
//! assert_eq!(HttpDate::from_system_time(before)?.unix_seconds(), -1);
//! # Ok::<(), precond_date::RangeError>(())
//! ```
//!
//! # What is accepted
//!
//! The parser follows the ABNF of RFC 9110 §5.6.7 to the byte (one function
//! per rule, see the private `grammar` module), then checks the meaning
//! (syntax first, then semantics):
//!
//! - **Case-sensitive**: day and month names exactly as in the grammar, and
//!   `GMT` wherever the grammar has it (RFC 9110 §5.6.7). The relaxation of
//!   RFC 9111 §4.2 for caches is not applied.
//! - **Whitespace**: optional whitespace (`OWS`, SP or HTAB, RFC 9110 §5.6.3)
//!   around the whole value is removed, as for any field value (§5.5); inside
//!   the date exactly the SPs of the grammar, nothing else.
//! - **Real dates only**: the day must exist in its month (no 31 April, no 29
//!   February in a common year), the hour is at most 23 and the minute at most
//!   59.
//! - **The day name must match the date.** RFC 9110 §5.6.7 gives `day-name`
//!   the meaning it has in RFC 5322 §3.3, which requires the day of the week
//!   to be consistent with the date; a value that names the wrong day is
//!   contradictory and is rejected ([`ErrorKind::WeekdayMismatch`]).
//! - **Leap second**: the grammar's comment allows second `60`. It is accepted
//!   only as `23:59:60`, and read as `23:59:59` of the same day: an
//!   [`HttpDate`] has one-second resolution and no leap seconds, this keeps the
//!   order of instants, and it errs toward the past, which is the safe side
//!   for `If-Modified-Since` (an earlier date can only make a 200 instead of a
//!   wrong 304). Any other `60` is an error. [`HttpDate::parse_detailed`]
//!   reports that the value wrote `60` ([`Parsed::leap_second`]), for the
//!   comparisons that need the value as written: an exact match, such as an
//!   `If-Range` date (RFC 9110 §13.1.5), must not take `23:59:60` for
//!   `23:59:59`.
//!
//! Errors are typed: [`Error::rule`] names the ABNF rule ([`Rule::as_str`]),
//! [`Error::offset`] the byte, [`Error::kind`] the problem.
//!
//! # Two-digit years
//!
//! An rfc850-date has a two-digit year. RFC 9110 §5.6.7 requires a recipient
//! to read a timestamp that would be more than 50 years in the future as the
//! most recent past year with the same last two digits. This crate implements
//! it as a window that ends 50 years after the clock `now`: the year with
//! those digits in `now`'s century, moved back a century if the timestamp
//! would then be more than 50 years after `now` (full timestamps compared,
//! `now` shifted by 50 calendar years), and moved forward one if a century
//! later it would still be no more than 50 years after `now`.
//! [`HttpDate::parse`] reads the system clock (only for this format);
//! [`HttpDate::parse_at`] and [`HttpDate::parse_with_format`] take `now`.
//!
//! ```
//! use precond_date::HttpDate;
//!
//! let now = HttpDate::from_civil(2026, 5, 1, 12, 0, 0)?;
//! // 2076-05-01T12:00:00Z is exactly 50 years ahead: not more, so 2076.
//! let d = HttpDate::parse_at(b"Friday, 01-May-76 12:00:00 GMT", now)?;
//! assert_eq!(d.year(), 2076);
//! // One second later would be more than 50 years ahead: 1976.
//! let d = HttpDate::parse_at(b"Saturday, 01-May-76 12:00:01 GMT", now)?;
//! assert_eq!(d.year(), 1976);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Differences from the `httpdate` crate
//!
//! A differential property test (in the workspace's testkit, where the
//! differences are stated once for it and the `date` fuzz target) checks that
//! every input the `httpdate` crate (1.0.3) accepts is accepted here too, as
//! the same instant, except where the two differ by design; each difference
//! has its own test:
//!
//! 1. **Two-digit years.** `httpdate` reads `00`–`69` as 2000–2069 and
//!    `70`–`99` as 1970–1999 whatever the date; here the sliding window
//!    above applies, as RFC 9110 §5.6.7 requires. Read in 2026, `70` to `76`
//!    (depending on the rest of the timestamp) mean 2070–2076 here and
//!    1970–1976 in `httpdate`; the two agree on the other years until the
//!    clock moves on. As both check the day name, and a date and the same
//!    date a century later never share a weekday in that span, such a value
//!    is accepted by only one of them: `Thursday, 01-Jan-70 00:00:00 GMT` is
//!    the Unix epoch for `httpdate` and an error here (1 January 2070 is a
//!    Wednesday).
//! 2. **Whitespace around the value.** `httpdate` trims every ASCII whitespace
//!    byte (also CR, LF, VT and FF); here only SP and HTAB, the bytes of
//!    `OWS` (RFC 9110 §5.6.3, §5.5).
//! 3. **The SP after `date2`.** `httpdate` does not look at the byte between
//!    the date and the time of an rfc850-date; here it must be the SP of the
//!    grammar.
//!
//! In the other direction, inputs accepted here but rejected by `httpdate`
//! are dates before 1970 (the grammar allows every four-digit year) and the
//! leap second `23:59:60`.
//!
//! # Speed
//!
//! The nom grammar is the reference. Every input takes one hand-written
//! fast path: the format's fixed layout, checked eight bytes at a time
//! (picked by the input's length when nothing surrounds the date, by the
//! bytes after the day name otherwise). It yields the same fields as the
//! grammar, or the same syntax error: the first byte that does not fit the
//! layout, in the rule the grammar is in there. The checks after the syntax
//! (the day exists, the time exists, the day name fits) are one function
//! that both run. Property tests check that the fast path and the grammar
//! agree on arbitrary input (every one-byte change of a date included), and
//! debug builds (tests, fuzzing) check every answer of the fast path
//! against the grammar. Formatting divides by constants only, takes digit
//! pairs from a table and writes whole words.
//! `docs/benchmarks.md` has the numbers.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

mod check;
mod civil;
mod date;
mod error;
mod format;
mod grammar;
mod layout;
mod parse;

pub use date::{Format, HttpDate, IMF_FIXDATE_LEN, Parsed, Weekday};
pub use error::{Error, ErrorKind, RangeError, Rule};

#[cfg(test)]
mod tests;
