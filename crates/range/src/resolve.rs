//! Resolution of a Range against a representation length (RFC 9110 §14.1.2,
//! §14.2) and the limits a server may put on it (§14.2 ¶5, §15.3.7.2 ¶4).

use core::fmt;

use crate::content_range::ContentRange;
use crate::error::Error;
use crate::spec::{RangeSpec, Specifier};

/// How many disjoint ranges a [`Ranges`] holds at most, after coalescing.
///
/// Resolution never allocates: several parts live in a fixed array of this
/// size (a single part, the usual 206, is held on its own). A request whose
/// ranges stay more than this many apart after coalescing is refused
/// ([`Ignored::TooManyRanges`]).
pub const CAPACITY: usize = 32;

/// A satisfiable byte range, resolved against a representation: `first` and
/// `last` are inclusive offsets, `first <= last < length` (RFC 9110 §14.1.2).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct ByteRange {
    first: u64,
    last: u64,
}

impl ByteRange {
    /// The range `first..=last`, or `None` when `last < first`.
    pub fn new(first: u64, last: u64) -> Option<Self> {
        (first <= last).then_some(ByteRange { first, last })
    }

    /// The offset of the first byte.
    pub fn first(self) -> u64 {
        self.first
    }

    /// The offset of the last byte (inclusive).
    pub fn last(self) -> u64 {
        self.last
    }

    /// How many bytes the range holds, at least 1.
    ///
    /// Saturates only for `0..=u64::MAX`, which no resolved range is: a
    /// resolved range ends below a length that is itself a `u64`.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(self) -> u64 {
        (self.last - self.first).saturating_add(1)
    }

    /// The half-open span `first..last + 1` of the representation to copy.
    pub fn span(self) -> core::ops::Range<u64> {
        self.first..self.last.saturating_add(1)
    }

    /// `true` when the two ranges overlap or are at most `gap` bytes apart.
    fn near(self, other: ByteRange, gap: u64) -> bool {
        let (low, high) = if self.first <= other.first {
            (self, other)
        } else {
            (other, self)
        };
        // The bytes strictly between them: `high.first - low.last - 1`.
        high.first <= low.last.saturating_add(1).saturating_add(gap)
    }

    /// The smallest range holding both.
    fn union(self, other: ByteRange) -> ByteRange {
        ByteRange {
            first: self.first.min(other.first),
            last: self.last.max(other.last),
        }
    }
}

/// The limits a server puts on a Range before serving it.
///
/// RFC 9110 §14.2 ¶5 lets a server ignore or reject a Range with an invalid
/// specifier, with more than two overlapping ranges, or with many small
/// ranges out of ascending order (signs of a broken client or a denial of
/// service, §17.15); §15.3.7.2 ¶4 lets it coalesce overlapping ranges and
/// ranges closer than the cost of another part. Every refusal here is an
/// [`Ignored`] (a 200 with the whole representation), which always works
/// for the client (§15.5.17 ¶4).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Policy {
    max_ranges: usize,
    overlap_factor: u64,
    small_range: u64,
    max_descending_small: usize,
    coalesce_gap: u64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy::DEFAULT
    }
}

impl Policy {
    /// The defaults, each described at its setter.
    pub const DEFAULT: Policy = Policy {
        max_ranges: CAPACITY,
        overlap_factor: 2,
        small_range: 80,
        max_descending_small: 4,
        coalesce_gap: 0,
    };

    /// At most `n` range-specs in a Range (default: [`CAPACITY`], 32);
    /// more is refused as [`Ignored::TooManyRanges`], before reading the
    /// rest of the value. Clients that use ranges (media players, PDF
    /// readers, download managers resuming) ask for one or a handful.
    #[must_use]
    pub fn max_ranges(mut self, n: usize) -> Self {
        self.max_ranges = n;
        self
    }

    /// Refuse ranges that together ask for more than `factor` times the
    /// representation (default 2), as [`Ignored::TooManyBytes`]. Ranges that
    /// no byte is asked for more than twice never exceed twice the length, so
    /// the default lets two overlapping ranges through and stops the
    /// "more than two overlapping ranges" of RFC 9110 §14.2 ¶5.
    #[must_use]
    pub fn overlap_factor(mut self, factor: u64) -> Self {
        self.overlap_factor = factor;
        self
    }

    /// Refuse, as [`Ignored::Descending`], a Range where more than `count`
    /// ranges shorter than `small` bytes each start before the range written
    /// before them (default: more than 4 ranges shorter than 80 bytes, the
    /// typical per-part overhead RFC 9110 §15.3.7.2 ¶4 names). RFC 9110 §14.2
    /// ¶5 names many small ranges out of ascending order as a sign of abuse.
    #[must_use]
    pub fn max_descending_small(mut self, count: usize, small: u64) -> Self {
        self.max_descending_small = count;
        self.small_range = small;
        self
    }

    /// Coalesce ranges that overlap or lie at most `gap` bytes apart (default
    /// 0: only overlapping or adjacent ranges, so the parts hold exactly the
    /// bytes asked for). RFC 9110 §15.3.7.2 ¶4 also allows coalescing across
    /// a gap smaller than the overhead of another part (around 80 bytes).
    #[must_use]
    pub fn coalesce_gap(mut self, gap: u64) -> Self {
        self.coalesce_gap = gap;
        self
    }

    /// Resolves a Range field value against a representation of `length`
    /// bytes: 206 with the [`Ranges`], 416, or ignore the Range (200).
    ///
    /// No allocation; time linear in the value's length (one pass, and a
    /// second only to tell a 416 from an ignored suffix on an empty
    /// representation).
    #[inline]
    pub fn resolve(&self, value: &[u8], length: u64) -> Resolution {
        let mut parts = None;
        match self.gather(value, length, &mut parts) {
            Err(ignored) => Resolution::Ignored(ignored),
            // Built here from its one range, the usual 206 never copies the
            // array that several parts need.
            Ok(()) => match parts {
                Some(Parts::One(range)) => Resolution::Partial(Ranges::one(range, length)),
                Some(parts) => Resolution::Partial(Ranges { parts, length }),
                // A suffix-range is satisfiable on an empty representation
                // (§14.1.2 ¶13) but selects no byte, and no Content-Range can
                // describe an empty range.
                // spec: 9110-14.2-may-ignore-empty
                None if length == 0 && has_suffix(value) => {
                    Resolution::Ignored(Ignored::EmptyRepresentation)
                }
                None => Resolution::Unsatisfiable(Unsatisfiable { length }),
            },
        }
    }

    /// Reads the range-specs of `value` and adds the satisfiable ones to
    /// `parts` (`None` until the first), or says why the Range is ignored.
    fn gather(&self, value: &[u8], length: u64, parts: &mut Option<Parts>) -> Result<(), Ignored> {
        let specifier = match Specifier::read(value) {
            Ok(specifier) => specifier,
            // spec: 9110-14.2-may-reject-abusive-ranges (an invalid ranges-specifier is ignored)
            Err(error) => return Err(Ignored::Malformed(error)),
        };
        if !specifier.is_bytes() {
            // spec: 9110-14.2-ignore-unknown-unit
            return Err(Ignored::UnknownUnit);
        }
        let mut count = 0_usize;
        // In u128: twice a length near u64::MAX must not saturate into a pass.
        let mut asked = 0_u128;
        let budget = u128::from(length) * u128::from(self.overlap_factor);
        let mut descending = 0_usize;
        let mut previous: Option<ByteRange> = None;
        for spec in specifier.set {
            let spec = spec.map_err(Ignored::Malformed)?;
            count = count.saturating_add(1);
            if count > self.max_ranges {
                // spec: 9110-14.2-may-reject-abusive-ranges
                return Err(Ignored::TooManyRanges);
            }
            let Some(range) = spec.resolve(length) else {
                continue;
            };
            asked = asked.saturating_add(u128::from(range.len()));
            if asked > budget {
                return Err(Ignored::TooManyBytes);
            }
            if previous.is_some_and(|p| range.first < p.first) && range.len() < self.small_range {
                descending = descending.saturating_add(1);
                if descending > self.max_descending_small {
                    return Err(Ignored::Descending);
                }
            }
            previous = Some(range);
            let Some(parts) = parts else {
                *parts = Some(Parts::One(range));
                continue;
            };
            // spec: 9110-15.3.7.2-may-coalesce
            if parts.insert(range, self.coalesce_gap).is_err() {
                return Err(Ignored::TooManyRanges);
            }
        }
        Ok(())
    }
}

/// Whether a valid `bytes` Range value holds a suffix-range asking for at
/// least one byte.
fn has_suffix(value: &[u8]) -> bool {
    Specifier::read(value).is_ok_and(|specifier| {
        specifier
            .set
            .filter_map(Result::ok)
            .any(|spec| matches!(spec, RangeSpec::Suffix { length: 1.. }))
    })
}

/// Resolves a Range field value against a representation of `length` bytes
/// under the default [`Policy`].
///
/// Call it only for a Range the preconditions let through (with `precond`:
/// on `Outcome::Proceed { range: RangeDecision::Honour, .. }`, which already
/// ignored Range for methods other than GET and after a false If-Range).
#[inline]
pub fn resolve(value: &[u8], length: u64) -> Resolution {
    Policy::DEFAULT.resolve(value, length)
}

/// What to answer to a Range (RFC 9110 §14.2 ¶10–¶12).
///
/// `Partial` has room for [`CAPACITY`] parts inline, half a kilobyte:
/// matching a `&Resolution` reads the ranges where they are, moving them
/// out copies that room.
// The ranges live inline so that resolving never allocates.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Resolution {
    /// 206 Partial Content with these ranges.
    Partial(Ranges),
    /// 416 Range Not Satisfiable: no range-spec selects a byte.
    Unsatisfiable(Unsatisfiable),
    /// Ignore the Range: 200 with the whole representation, for the reason given.
    Ignored(Ignored),
}

impl Resolution {
    /// The status code to send: 206, 416 or 200.
    pub fn status(&self) -> u16 {
        match self {
            // spec: 9110-14.2-send-206
            Resolution::Partial(_) => 206,
            // spec: 9110-14.2-send-416
            Resolution::Unsatisfiable(_) => 416,
            Resolution::Ignored(_) => 200,
        }
    }
}

/// The 416 answer: the current length, for `Content-Range: bytes */length`
/// (RFC 9110 §14.4 ¶10, §15.5.17 ¶3).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Unsatisfiable {
    length: u64,
}

impl Unsatisfiable {
    /// The representation's current length.
    pub fn length(self) -> u64 {
        self.length
    }

    /// `bytes */length`, the Content-Range a 416 sends.
    pub fn content_range(self) -> ContentRange {
        // spec: 9110-14.4-416-content-range
        // spec: 9110-15.5.17-416-content-range
        ContentRange::unsatisfied(self.length)
    }
}

/// Why a Range is ignored (the response is a 200 with the whole representation).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum Ignored {
    /// The range unit is not `bytes` (RFC 9110 §14.2 ¶4: an origin must
    /// ignore a unit it does not understand).
    UnknownUnit,
    /// The value is not a valid ranges-specifier (RFC 9110 §14.1.1, §14.2 ¶5).
    Malformed(Error),
    /// More range-specs than [`Policy::max_ranges`], or more than
    /// [`CAPACITY`] disjoint ranges after coalescing (RFC 9110 §14.2 ¶5).
    TooManyRanges,
    /// The ranges ask for more than [`Policy::overlap_factor`] times the
    /// representation (RFC 9110 §14.2 ¶5, overlapping ranges).
    TooManyBytes,
    /// Too many small ranges out of ascending order (RFC 9110 §14.2 ¶5).
    Descending,
    /// The representation is empty and a suffix-range asks for its end: no
    /// byte can be sent and no Content-Range describes nothing (RFC 9110
    /// §14.2 ¶7 lets a server ignore Range on an empty representation).
    EmptyRepresentation,
}

impl fmt::Display for Ignored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ignored::UnknownUnit => f.write_str("the range unit is not bytes"),
            Ignored::Malformed(error) => error.fmt(f),
            Ignored::TooManyRanges => f.write_str("the Range asks for too many ranges"),
            Ignored::TooManyBytes => {
                f.write_str("the ranges overlap: together they ask for the representation more than twice over (or the policy's factor)")
            }
            Ignored::Descending => {
                f.write_str("the Range lists many small ranges out of ascending order")
            }
            Ignored::EmptyRepresentation => {
                f.write_str("the representation is empty: there is no byte to send")
            }
        }
    }
}

/// The satisfiable ranges of a Range, coalesced, in the order first asked
/// (RFC 9110 §15.3.7.2 ¶6), with the representation length; never empty.
///
/// Disjoint and, unless [`Policy::coalesce_gap`] says otherwise, never
/// adjacent: between two parts lies at least one byte.
///
/// Two ranges are equal when they hold the same parts of the same length.
#[derive(Clone, Copy)]
pub struct Ranges {
    parts: Parts,
    length: u64,
}

/// Where the parts live. A single part, the usual 206, is held on its own:
/// building and returning it never touches the array that several need.
// The difference in size is the point: no allocation, and no array for one.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Copy)]
enum Parts {
    One(ByteRange),
    Many(Many),
}

impl Parts {
    /// Adds `range`: merged into the one part when it reaches it, else
    /// beside it in the array (see [`Many::insert`]).
    #[inline]
    fn insert(&mut self, range: ByteRange, gap: u64) -> Result<(), Full> {
        match self {
            Parts::One(part) if part.near(range, gap) => {
                *part = part.union(range);
                Ok(())
            }
            Parts::One(part) => {
                *self = Parts::Many(Many::pair(*part, range));
                Ok(())
            }
            Parts::Many(many) => many.insert(range, gap),
        }
    }
}

/// At least one and at most [`CAPACITY`] disjoint parts.
#[derive(Clone, Copy)]
struct Many {
    parts: [ByteRange; CAPACITY],
    count: usize,
    /// The largest `last` of the parts.
    end: u64,
}

/// The array holds [`CAPACITY`] ranges already.
struct Full;

impl Many {
    /// The parts `first` and `second`, which lie apart (the slots past
    /// `count` are never read).
    fn pair(first: ByteRange, second: ByteRange) -> Self {
        let mut parts = [first; CAPACITY];
        if let Some(slot) = parts.get_mut(1) {
            *slot = second;
        }
        Many {
            parts,
            count: 2,
            end: first.last.max(second.last),
        }
    }

    /// Adds `range`, merging it with every part it is within `gap` bytes of.
    /// The merged range takes the place of the first part it met, so parts
    /// keep the order their first range was asked in.
    #[inline]
    fn insert(&mut self, range: ByteRange, gap: u64) -> Result<(), Full> {
        // Ranges asked in ascending order start past every part: no scan.
        let beyond = range.first > self.end.saturating_add(1).saturating_add(gap);
        let target = if beyond {
            None
        } else {
            self.as_slice()
                .iter()
                .position(|part| part.near(range, gap))
        };
        let Some(target) = target else {
            let slot = self.parts.get_mut(self.count).ok_or(Full)?;
            *slot = range;
            self.count += 1;
            self.end = self.end.max(range.last);
            return Ok(());
        };
        // Merge into the target every later part the growing range reaches;
        // the parts before it were not near `range`, nor near any later part.
        let mut merged = range;
        let mut kept = target + 1;
        for index in target..self.count {
            let Some(&part) = self.parts.get(index) else {
                break;
            };
            if index == target || part.near(merged, gap) {
                merged = merged.union(part);
                continue;
            }
            if let Some(slot) = self.parts.get_mut(kept) {
                *slot = part;
            }
            kept += 1;
        }
        self.count = kept;
        if let Some(slot) = self.parts.get_mut(target) {
            *slot = merged;
        }
        self.end = self.end.max(merged.last);
        Ok(())
    }

    fn as_slice(&self) -> &[ByteRange] {
        self.parts.get(..self.count).unwrap_or_default()
    }
}

impl Ranges {
    /// The single part `range` of a representation of `length` bytes.
    fn one(range: ByteRange, length: u64) -> Self {
        Ranges {
            parts: Parts::One(range),
            length,
        }
    }

    /// The ranges to send, in order; at least one.
    pub fn as_slice(&self) -> &[ByteRange] {
        match &self.parts {
            Parts::One(range) => core::slice::from_ref(range),
            Parts::Many(many) => many.as_slice(),
        }
    }

    /// The ranges to send, in order.
    pub fn iter(&self) -> core::slice::Iter<'_, ByteRange> {
        self.as_slice().iter()
    }

    /// How many parts: 1 for a single-part 206, more for multipart. Never
    /// 0: [`Policy::resolve`] answers `Partial` only with a part to send, so
    /// there is no `is_empty`.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// The representation's complete length.
    pub fn complete_length(&self) -> u64 {
        self.length
    }

    /// The bytes of content all parts hold together (not counting multipart
    /// framing).
    pub fn total(&self) -> u64 {
        // Disjoint ranges inside `length`: the sum is at most `length`.
        self.iter()
            .fold(0_u64, |sum, range| sum.saturating_add(range.len()))
    }
}

impl PartialEq for Ranges {
    fn eq(&self, other: &Self) -> bool {
        self.length == other.length && self.as_slice() == other.as_slice()
    }
}

impl Eq for Ranges {}

impl fmt::Debug for Ranges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ranges")
            .field("parts", &self.as_slice())
            .field("length", &self.length)
            .finish()
    }
}

impl<'a> IntoIterator for &'a Ranges {
    type Item = &'a ByteRange;
    type IntoIter = core::slice::Iter<'a, ByteRange>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(value: &str, length: u64, gap: u64) -> Vec<(u64, u64)> {
        match Policy::DEFAULT
            .coalesce_gap(gap)
            .resolve(value.as_bytes(), length)
        {
            Resolution::Partial(ranges) => ranges.iter().map(|r| (r.first, r.last)).collect(),
            other => panic!("{value}: {other:?}"),
        }
    }

    #[test]
    fn coalescing_keeps_first_asked_order() {
        assert_eq!(parts("bytes=50-59,0-9,10-19", 100, 0), [(50, 59), (0, 19)]);
        assert_eq!(parts("bytes=0-9,20-29,10-19", 100, 0), [(0, 29)]);
        assert_eq!(parts("bytes=0-9,20-29,40-49,5-45", 100, 0), [(0, 49)]);
        assert_eq!(parts("bytes=0-9,12-19", 100, 0), [(0, 9), (12, 19)]);
        // The second part reached by a third range past the first.
        assert_eq!(parts("bytes=0-9,20-29,25-35", 100, 0), [(0, 9), (20, 35)]);
        assert_eq!(parts("bytes=20-29,0-9,25-35", 100, 0), [(20, 35), (0, 9)]);
        assert_eq!(parts("bytes=0-9,12-19", 100, 2), [(0, 19)]);
        assert_eq!(parts("bytes=0-9,13-19", 100, 2), [(0, 9), (13, 19)]);
    }

    /// The general path: every satisfiable range of `value` folded into
    /// the array from empty with `policy`'s coalescing gap, no other limit
    /// (`None` when nothing is satisfiable or the array fills up).
    fn through_the_array(policy: &Policy, value: &[u8], length: u64) -> Option<Ranges> {
        let mut many = Many {
            parts: [ByteRange::default(); CAPACITY],
            count: 0,
            end: 0,
        };
        let specifier = crate::RangesSpecifier::parse(value).ok()?;
        for range in specifier.specs().filter_map(|spec| spec.resolve(length)) {
            many.insert(range, policy.coalesce_gap).ok()?;
        }
        (many.count > 0).then_some(Ranges {
            parts: Parts::Many(many),
            length,
        })
    }

    /// Everything a caller can ask of `ranges`, as one comparable value.
    fn answers(ranges: &Ranges) -> String {
        let boundary = crate::Boundary::derive(b"seed");
        let plan = ranges.plan(Some("text/plain"), &boundary);
        let plan = plan.map(|plan| (plan.content_length(), plan.content_range()));
        format!(
            "{:?} {:?} {} {} {} {ranges:?} {plan:?}",
            ranges.as_slice(),
            ranges.iter().collect::<Vec<_>>(),
            ranges.len(),
            ranges.total(),
            ranges.complete_length(),
        )
    }

    #[test]
    fn a_single_part_is_held_on_its_own() {
        let Resolution::Partial(ranges) = resolve(b"bytes=0-499", 10_000) else {
            panic!()
        };
        assert!(matches!(ranges.parts, Parts::One(_)));
        // Coalesced into one from the first two ranges: one part, no array.
        let Resolution::Partial(ranges) = resolve(b"bytes=0-9,10-19,5-7", 100) else {
            panic!()
        };
        assert!(matches!(ranges.parts, Parts::One(_)));
        // Apart first, coalesced later: the array, with one part in it.
        let Resolution::Partial(ranges) = resolve(b"bytes=0-9,20-29,5-25", 100) else {
            panic!()
        };
        assert!(matches!(ranges.parts, Parts::Many(Many { count: 1, .. })));
        assert_eq!(
            answers(&ranges),
            answers(&Ranges::one(ByteRange { first: 0, last: 29 }, 100))
        );
    }

    proptest::proptest! {
        /// The one-part representation and the array answer alike, and
        /// resolving (one part until a second lies apart) gives exactly the
        /// parts of folding every range into the array.
        #[test]
        fn one_part_and_the_array_answer_alike(
            specs in proptest::collection::vec((0_u64..60, 0_u64..20, 0_u8..4), 1..12),
            length in 0_u64..70,
            gap in 0_u64..4,
        ) {
            let mut value = String::from("bytes=");
            for (index, (first, len, shape)) in specs.iter().enumerate() {
                if index > 0 {
                    value.push(',');
                }
                match shape {
                    0 => value.push_str(&format!("{first}-")),
                    1 => value.push_str(&format!("-{len}")),
                    _ => value.push_str(&format!("{first}-{}", first + len)),
                }
            }
            // Limits lifted: the comparison is of the parts, not the policy.
            let policy = Policy::DEFAULT
                .overlap_factor(u64::MAX)
                .max_descending_small(usize::MAX, 0)
                .coalesce_gap(gap);
            let general = through_the_array(&policy, value.as_bytes(), length);
            match (policy.resolve(value.as_bytes(), length), general) {
                (Resolution::Partial(ranges), Some(general)) => {
                    proptest::prop_assert_eq!(ranges, general);
                    proptest::prop_assert_eq!(answers(&ranges), answers(&general));
                    if let [single] = general.as_slice() {
                        let one = Ranges::one(*single, length);
                        proptest::prop_assert_eq!(answers(&one), answers(&general));
                    }
                }
                (Resolution::Unsatisfiable(_) | Resolution::Ignored(Ignored::EmptyRepresentation), None) => {}
                (resolution, general) => {
                    proptest::prop_assert!(false, "{value}: {resolution:?} but {general:?}");
                }
            }
        }
    }

    #[test]
    fn near_at_the_top_of_u64() {
        let top = ByteRange::new(u64::MAX - 1, u64::MAX - 1).unwrap_or_default();
        let low = ByteRange::new(0, 0).unwrap_or_default();
        assert!(top.near(top, u64::MAX));
        assert!(!top.near(low, 0));
        assert!(low.near(top, u64::MAX));
    }
}
