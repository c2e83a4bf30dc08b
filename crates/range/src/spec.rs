//! The parsed Range field: its unit and its range-specs (RFC 9110 §14.1.1).

use crate::error::{Error, Kind};
use crate::grammar::{element, ranges_specifier, separator, to_error};
use crate::resolve::ByteRange;
use crate::scan;

/// One range-spec of the `bytes` unit, as the client wrote it (RFC 9110 §14.1.1).
///
/// Positions too large for `u64` read as `u64::MAX`, which no representation
/// reaches, so they resolve exactly as the written number would (§14.1.2 ¶10).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum RangeSpec {
    /// `first-last`: an int-range with both positions, `last >= first`.
    Int {
        /// The offset of the first byte.
        first: u64,
        /// The offset of the last byte, inclusive.
        last: u64,
    },
    /// `first-`: an int-range through to the end of the representation.
    From {
        /// The offset of the first byte.
        first: u64,
    },
    /// `-length`: the last `length` bytes.
    Suffix {
        /// How many bytes from the end.
        length: u64,
    },
}

impl RangeSpec {
    /// The bytes this range-spec selects from a representation of
    /// `length` bytes, or `None` when it is not satisfiable (RFC 9110 §14.1.2).
    ///
    /// An int-range is satisfiable when `first` is below `length`; a last
    /// position at or past the end means the end. A suffix-range is
    /// satisfiable when its length is not zero; one longer than the
    /// representation means all of it. On a zero-length representation no
    /// range selects any byte, so this is `None` for every range-spec (see
    /// [`crate::Ignored::EmptyRepresentation`] for the suffix case).
    pub fn resolve(self, length: u64) -> Option<ByteRange> {
        // `length - 1` exists from here on.
        let end = length.checked_sub(1)?;
        // Each form names its first byte and its last, the last clamped to
        // `end`; `ByteRange::new` refuses a first byte past the last, which
        // is exactly what makes a range-spec unsatisfiable (RFC 9110 §14.1.2
        // ¶11): an int-range or a from-range whose first-pos is not below
        // the length, a suffix-range of length 0 (it would start at
        // `length`).
        match self {
            RangeSpec::Int { first, last } => ByteRange::new(first, last.min(end)),
            RangeSpec::From { first } => ByteRange::new(first, end),
            RangeSpec::Suffix { length: suffix } => {
                ByteRange::new(length - suffix.min(length), end)
            }
        }
    }
}

/// A Range field value read up to its `=` (RFC 9110 §14.2): whether the
/// unit is `bytes`, and the range-set left to read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Specifier<'a> {
    bytes: bool,
    pub(crate) set: RangeSet<'a>,
}

impl<'a> Specifier<'a> {
    /// Reads the unit and the `=`: by the fast path (`crate::scan`) when
    /// the value starts with `bytes=`, by the grammar otherwise.
    #[inline]
    pub(crate) fn read(value: &'a [u8]) -> Result<Self, Error> {
        let (rest, bytes) = match scan::ranges_specifier(value) {
            Some(read) => {
                debug_assert_eq!(Ok(read), ranges_specifier(value), "{value:?}");
                (read.0, true)
            }
            None => {
                let (rest, unit) = ranges_specifier(value).map_err(|e| to_error(&e, value))?;
                // RFC 9110 §14.1 ¶4: units are case-insensitive.
                (rest, unit.eq_ignore_ascii_case(b"bytes"))
            }
        };
        Ok(Specifier {
            bytes,
            set: RangeSet {
                value,
                rest,
                seen: false,
                done: false,
            },
        })
    }

    /// `true` for the `bytes` unit, compared case-insensitively (§14.1).
    pub(crate) fn is_bytes(&self) -> bool {
        self.bytes
    }
}

/// The range-specs of a `bytes` range-set (RFC 9110 §14.1.1), read lazily,
/// one per call, without allocating; empty list elements are skipped
/// (RFC 9110 §5.6.1.2). The first malformed element ends the iteration with
/// its error.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RangeSet<'a> {
    value: &'a [u8],
    rest: &'a [u8],
    seen: bool,
    done: bool,
}

impl Iterator for RangeSet<'_> {
    type Item = Result<RangeSpec, Error>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            // The fast path reads the usual elements; the grammar the rest,
            // and every error.
            if let Some((rest, spec, more)) = scan::element(self.rest) {
                // The rest compared by its length: by content, the check
                // would take time quadratic in the value's length.
                debug_assert_eq!(
                    Ok((rest.len(), Some(spec), more)),
                    read_element(self.value, self.rest).map(|(r, s, m)| (r.len(), s, m)),
                    "the fast path and the grammar disagree on {:?}",
                    self.rest.escape_ascii().to_string()
                );
                self.rest = rest;
                self.done = !more;
                self.seen = true;
                return Some(Ok(spec));
            }
            let (rest, spec, more) = match read_element(self.value, self.rest) {
                Ok(read) => read,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            self.rest = rest;
            self.done = !more;
            if let Some(spec) = spec {
                self.seen = true;
                return Some(Ok(spec));
            }
            if self.done && !self.seen {
                return Some(Err(Error::new(Kind::EmptySet, self.value.len())));
            }
        }
        None
    }
}

/// One list element of `value` at `input` and what follows it, by the
/// grammar: the input after the separator, the range-spec (`None` for an
/// empty element), and whether a comma (`true`) or the end followed.
fn read_element<'a>(
    value: &[u8],
    input: &'a [u8],
) -> Result<(&'a [u8], Option<RangeSpec>, bool), Error> {
    let (rest, spec) = element(input).map_err(|e| to_error(&e, value))?;
    let (rest, more) = separator(rest).map_err(|e| to_error(&e, value))?;
    Ok((rest, spec, more))
}

/// A valid `bytes` Range field value (RFC 9110 §14.2): parsed once, its
/// range-specs then read again as often as needed.
///
/// ```
/// use precond_range::{RangeSpec, RangesSpecifier};
///
/// let range = RangesSpecifier::parse(b"bytes=0-0, -1")?;
/// let specs: Vec<_> = range.specs().collect();
/// assert_eq!(specs, [RangeSpec::Int { first: 0, last: 0 }, RangeSpec::Suffix { length: 1 }]);
/// # Ok::<(), precond_range::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct RangesSpecifier<'a> {
    set: RangeSet<'a>,
    count: usize,
}

impl<'a> RangesSpecifier<'a> {
    /// Parses a Range field value of the `bytes` unit; any other unit is an
    /// error of rule `range-unit` (use [`crate::resolve`] to tell an unknown
    /// unit, which a server ignores, from a malformed value).
    pub fn parse(value: &'a [u8]) -> Result<Self, Error> {
        let specifier = Specifier::read(value)?;
        if !specifier.is_bytes() {
            return Err(Error::new(Kind::NotBytes, 0));
        }
        let mut count = 0_usize;
        for spec in specifier.set {
            spec?;
            count = count.saturating_add(1);
        }
        Ok(RangesSpecifier {
            set: specifier.set,
            count,
        })
    }

    /// How many range-specs the set holds (empty list elements not counted);
    /// never 0, since a range-set holds at least one range-spec, so there is
    /// no `is_empty`.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.count
    }

    /// The range-specs in the order they were written.
    pub fn specs(&self) -> impl Iterator<Item = RangeSpec> + 'a {
        // Validated by `parse`: no element fails.
        self.set.filter_map(Result::ok)
    }
}
