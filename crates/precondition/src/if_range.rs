//! The If-Range field value (RFC 9110 §13.1.5).

use core::fmt;

use precond_date::{self as date, HttpDate};
use precond_etag::{self as etag, EntityTagRef};

/// An If-Range field value: `If-Range = entity-tag / HTTP-date` (RFC 9110
/// §13.1.5).
///
/// The two alternatives are told apart by their first bytes, after optional
/// whitespace: an entity-tag starts with DQUOTE or `W/"`, anything else is
/// read as an HTTP-date. Each parser then reads the whole value (OWS around
/// it included), so a value that starts like an entity-tag and is not one is
/// an entity-tag error, never a date. This is the reading
/// [`evaluate`](crate::evaluate) uses for step 5.
///
/// ```
/// use precond::{HttpDate, IfRangeError, IfRangeValue};
///
/// let now = HttpDate::from_unix_seconds(1_700_000_000)?;
/// let IfRangeValue::Tag(tag) = IfRangeValue::parse(b"W/\"v1\"", now)? else { panic!() };
/// assert!(tag.is_weak());
///
/// let IfRangeValue::Date(read) = IfRangeValue::parse(b"Tue, 14 Nov 2023 22:13:20 GMT", now)?
/// else {
///     panic!()
/// };
/// assert_eq!(read.date(), now);
///
/// assert!(matches!(IfRangeValue::parse(b"\"open", now), Err(IfRangeError::Tag(_))));
/// assert!(matches!(IfRangeValue::parse(b"yesterday", now), Err(IfRangeError::Date(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum IfRangeValue<'a> {
    /// An entity-tag, borrowed from the value.
    Tag(EntityTagRef<'a>),
    /// An HTTP-date, with the format it was written in and whether it wrote
    /// the leap second (which never matches exactly).
    Date(date::Parsed),
}

impl<'a> IfRangeValue<'a> {
    /// Reads one If-Range field value. `now` resolves the two-digit year of
    /// an rfc850-date (RFC 9110 §5.6.7).
    ///
    /// No allocation; time linear in the length of `value`.
    pub fn parse(value: &'a [u8], now: HttpDate) -> Result<Self, IfRangeError> {
        // Leading OWS is skipped for the choice only: both parsers trim OWS
        // themselves.
        let start = value
            .iter()
            .position(|&b| b != b' ' && b != b'\t')
            .and_then(|i| value.get(i..))
            .unwrap_or(&[]);
        if start.starts_with(b"\"") || start.starts_with(b"W/\"") {
            EntityTagRef::parse(value)
                .map(IfRangeValue::Tag)
                .map_err(IfRangeError::Tag)
        } else {
            HttpDate::parse_detailed(value, now)
                .map(IfRangeValue::Date)
                .map_err(IfRangeError::Date)
        }
    }
}

/// Why an If-Range value could not be read: it started like an entity-tag
/// and is not a valid one, or it is not a valid HTTP-date.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum IfRangeError {
    /// Read as an entity-tag (it starts with DQUOTE or `W/"`).
    Tag(etag::Error),
    /// Read as an HTTP-date.
    Date(date::Error),
}

impl fmt::Display for IfRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IfRangeError::Tag(e) => write!(f, "not an entity-tag: {e}"),
            IfRangeError::Date(e) => write!(f, "not an HTTP-date: {e}"),
        }
    }
}

impl std::error::Error for IfRangeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            IfRangeError::Tag(e) => Some(e),
            IfRangeError::Date(e) => Some(e),
        }
    }
}
