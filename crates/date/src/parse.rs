//! From bytes to an [`HttpDate`]: the public parsing methods and the one
//! path every parse takes. The syntax, or its error, is read by the fixed
//! layouts (`crate::layout`, the fast path), which answer exactly as the
//! grammar (`crate::grammar`, the reference) does, both into the same
//! [`Fields`](crate::check::Fields); then the semantic checks
//! (`crate::check`) turn the fields into an instant.

use core::str::FromStr;

use crate::{Error, Format, HttpDate, Parsed, check, grammar, layout};

impl HttpDate {
    /// Parses a field value holding an HTTP-date in any of the three formats
    /// (RFC 9110 §5.6.7), with optional whitespace around it. A two-digit
    /// rfc850-date year is resolved against the system clock
    /// ([`HttpDate::now`], read only for that format); use
    /// [`parse_at`](Self::parse_at) to pass the clock in.
    ///
    /// # Errors
    ///
    /// [`Error`] when the value is not exactly one valid HTTP-date.
    pub fn parse(input: &[u8]) -> Result<Self, Error> {
        parse(input, HttpDate::now).map(Parsed::date)
    }

    /// Parses like [`parse`](Self::parse), resolving a two-digit rfc850-date
    /// year against `now` (see the crate docs).
    ///
    /// # Errors
    ///
    /// [`Error`] when the value is not exactly one valid HTTP-date.
    pub fn parse_at(input: &[u8], now: HttpDate) -> Result<Self, Error> {
        parse(input, || now).map(Parsed::date)
    }

    /// Parses like [`parse_at`](Self::parse_at) and also says which of the
    /// three formats the value was in.
    ///
    /// # Errors
    ///
    /// [`Error`] when the value is not exactly one valid HTTP-date.
    pub fn parse_with_format(input: &[u8], now: HttpDate) -> Result<(Self, Format), Error> {
        parse(input, || now).map(|parsed| (parsed.date, parsed.format))
    }

    /// Parses like [`parse_at`](Self::parse_at) and says what the value
    /// wrote beyond its instant: the format, and whether the second was the
    /// leap second `60` ([`Parsed::leap_second`]), which the instant reads
    /// as `59`.
    ///
    /// ```
    /// use precond_date::{Format, HttpDate};
    ///
    /// let now = HttpDate::from_civil(2026, 1, 1, 0, 0, 0)?;
    /// let leap = HttpDate::parse_detailed(b"Sat, 31 Dec 2016 23:59:60 GMT", now)?;
    /// let last = HttpDate::parse_detailed(b"Sat, 31 Dec 2016 23:59:59 GMT", now)?;
    /// assert_eq!(leap.date(), last.date());
    /// assert_eq!(leap.format(), Format::ImfFixdate);
    /// assert!(leap.leap_second() && !last.leap_second());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error`] when the value is not exactly one valid HTTP-date.
    pub fn parse_detailed(input: &[u8], now: HttpDate) -> Result<Parsed, Error> {
        parse(input, || now)
    }
}

/// Parses with [`HttpDate::parse`] (an rfc850-date year against the system clock).
impl FromStr for HttpDate {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        HttpDate::parse(s.as_bytes())
    }
}

/// Parses a header value with [`HttpDate::parse`].
impl TryFrom<&http::HeaderValue> for HttpDate {
    type Error = Error;

    fn try_from(value: &http::HeaderValue) -> Result<Self, Self::Error> {
        HttpDate::parse(value.as_bytes())
    }
}

/// Parses a field value: the syntax by the fixed layouts (the fast path,
/// which answers exactly as the grammar does), then the semantic checks.
/// `now` is asked only for an rfc850-date.
///
/// Debug builds (tests, fuzzing) check every answer of the layouts against
/// the grammar.
#[inline]
pub(crate) fn parse(input: &[u8], now: impl FnOnce() -> HttpDate) -> Result<Parsed, Error> {
    let read = layout::fields(input);
    debug_assert_eq!(
        read,
        grammar::fields(input),
        "the fixed layouts and the grammar disagree on {:?}",
        input.escape_ascii().to_string()
    );
    let fields = read?;
    let date = check::resolve(&fields, input.len(), now)?;
    Ok(Parsed {
        date,
        format: fields.format,
        // Only 23:59:60 gets this far, and the instant reads it as 23:59:59.
        leap_second: fields.time.second.value == 60,
    })
}
