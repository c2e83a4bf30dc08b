//! Content-Range (RFC 9110 §14.4) and Accept-Ranges (§14.3) field values.

use core::fmt;
use core::str::FromStr;

use crate::error::{Error, Kind};
use crate::grammar::{acceptable_ranges, content_range, to_error, unit_element};
use crate::resolve::ByteRange;

/// A Content-Range field value of the `bytes` unit (RFC 9110 §14.4): a
/// range with the complete length (or `*`), or `*/length` in a 416.
///
/// A value that exists is valid: `first <= last`, and `last < length` when
/// the length is known (§14.4 ¶9).
///
/// ```
/// use precond_range::ContentRange;
///
/// let range: ContentRange = "bytes 42-1233/1234".parse()?;
/// assert_eq!(range.range().map(|r| (r.first(), r.last())), Some((42, 1233)));
/// assert_eq!(range.complete_length(), Some(1234));
/// assert_eq!(ContentRange::unsatisfied(1234).to_string(), "bytes */1234");
/// # Ok::<(), precond_range::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ContentRange {
    range: Option<ByteRange>,
    complete_length: Option<u64>,
}

impl ContentRange {
    /// `bytes first-last/length`, or `bytes first-last/*` when `length` is
    /// `None`; `None` when the range does not lie inside a known length.
    pub fn satisfied(range: ByteRange, complete_length: Option<u64>) -> Option<Self> {
        if complete_length.is_some_and(|length| length <= range.last()) {
            return None;
        }
        Some(ContentRange {
            range: Some(range),
            complete_length,
        })
    }

    /// `bytes */length`, the Content-Range of a 416 (RFC 9110 §14.4 ¶10).
    pub fn unsatisfied(complete_length: u64) -> Self {
        ContentRange {
            range: None,
            complete_length: Some(complete_length),
        }
    }

    /// Parses a field value; units other than `bytes` are an error.
    pub fn parse(value: &[u8]) -> Result<Self, Error> {
        let (_, (range, complete_length)) =
            content_range(value).map_err(|e| to_error(&e, value))?;
        let range = match range {
            Some((first, last)) => {
                // `incl_range` checked `first <= last`.
                Some(ByteRange::new(first, last).ok_or(Error::new(Kind::InclBackwards, 0))?)
            }
            None => None,
        };
        Ok(ContentRange {
            range,
            complete_length,
        })
    }

    /// The enclosed range; `None` for `*/length`.
    pub fn range(&self) -> Option<ByteRange> {
        self.range
    }

    /// The complete length; `None` for `*`.
    pub fn complete_length(&self) -> Option<u64> {
        self.complete_length
    }

    /// The length of the formatted value, in bytes (it is ASCII).
    pub fn formatted_len(&self) -> u64 {
        let length = self.complete_length.map_or(1, digits);
        let range = self
            .range
            .map_or(1, |r| digits(r.first()) + 1 + digits(r.last()));
        // "bytes " + range + "/" + length
        6 + range + 1 + length
    }
}

/// How many decimal digits `n` takes.
pub(crate) fn digits(n: u64) -> u64 {
    u64::from(n.checked_ilog10().unwrap_or(0)) + 1
}

impl fmt::Display for ContentRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("bytes ")?;
        match self.range {
            Some(range) => write!(f, "{}-{}", range.first(), range.last())?,
            None => f.write_str("*")?,
        }
        match self.complete_length {
            Some(length) => write!(f, "/{length}"),
            None => f.write_str("/*"),
        }
    }
}

impl FromStr for ContentRange {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ContentRange::parse(s.as_bytes())
    }
}

/// An Accept-Ranges field value (RFC 9110 §14.3): the range units a server
/// accepts, or `none`.
///
/// ```
/// use precond_range::AcceptRanges;
///
/// let accept = AcceptRanges::parse(b"bytes")?;
/// assert!(accept.accepts_bytes());
/// assert!(AcceptRanges::parse(b"none")?.is_none());
/// assert_eq!(AcceptRanges::BYTES, "bytes");
/// # Ok::<(), precond_range::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct AcceptRanges<'a> {
    value: &'a [u8],
}

impl<'a> AcceptRanges<'a> {
    /// The value a server sends on a 200 (and the HEAD of it) when it serves
    /// byte ranges for the resource.
    pub const BYTES: &'static str = "bytes";
    /// The value that advises clients not to ask for ranges (RFC 9110 §14.3 ¶6).
    pub const NONE: &'static str = "none";

    /// Parses a field value: a list of at least one range unit.
    pub fn parse(value: &'a [u8]) -> Result<Self, Error> {
        acceptable_ranges(value)?;
        Ok(AcceptRanges { value })
    }

    /// The units, in order, as written.
    pub fn units(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.value
            .split(|&b| b == b',')
            .filter_map(|element| unit_element(element).ok().and_then(|(_, unit)| unit))
    }

    /// `true` when `bytes` is listed (compared case-insensitively, §14.1).
    pub fn accepts_bytes(&self) -> bool {
        self.units().any(|unit| unit.eq_ignore_ascii_case(b"bytes"))
    }

    /// `true` when the value is `none` alone.
    pub fn is_none(&self) -> bool {
        let mut units = self.units();
        units
            .next()
            .is_some_and(|unit| unit.eq_ignore_ascii_case(b"none"))
            && units.next().is_none()
    }
}
