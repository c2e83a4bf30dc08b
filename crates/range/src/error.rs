//! Typed parse errors: which ABNF rule failed, where, and why.

use core::fmt;

/// The ABNF rule an [`Error`] names (RFC 9110 §14.1, §14.3, §14.4, §5.6.1).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[non_exhaustive]
pub enum Rule {
    /// `ranges-specifier = range-unit "=" range-set`: no `=` after the unit.
    RangesSpecifier,
    /// `range-unit = token`: no token where a unit must be, or (Content-Range)
    /// a unit other than `bytes`.
    RangeUnit,
    /// `range-set = 1#range-spec`: no range-spec at all, or one followed by
    /// something other than OWS, a comma or the end.
    RangeSet,
    /// `range-spec = int-range / suffix-range / other-range`: a bytes
    /// range-spec that is neither an int-range nor a suffix-range.
    RangeSpec,
    /// `int-range = first-pos "-" [ last-pos ]`: no `-` after first-pos, or
    /// a last-pos less than first-pos (RFC 9110 §14.1.1 ¶6).
    IntRange,
    /// `suffix-length = 1*DIGIT`: a `-` without digits after it.
    SuffixLength,
    /// `Content-Range = range-unit SP ( range-resp / unsatisfied-range )`:
    /// no SP after the unit, or bytes after the value.
    ContentRange,
    /// `range-resp = incl-range "/" ( complete-length / "*" )`: no `/`, or a
    /// complete-length not greater than last-pos (RFC 9110 §14.4 ¶9).
    RangeResp,
    /// `incl-range = first-pos "-" last-pos`: a missing part, or last-pos less
    /// than first-pos (RFC 9110 §14.4 ¶9).
    InclRange,
    /// `unsatisfied-range = "*/" complete-length`: `*` not followed by `/`.
    UnsatisfiedRange,
    /// `first-pos`, `last-pos` or `complete-length` (`1*DIGIT`) in a
    /// Content-Range: no digit, or a number beyond `u64::MAX`.
    Digits,
    /// `acceptable-ranges = 1#range-unit`: no unit at all, or one followed by
    /// something other than OWS, a comma or the end.
    AcceptableRanges,
}

impl Rule {
    /// The rule as the ABNF writes it: `"ranges-specifier"`, `"range-unit"`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::RangesSpecifier => "ranges-specifier",
            Rule::RangeUnit => "range-unit",
            Rule::RangeSet => "range-set",
            Rule::RangeSpec => "range-spec",
            Rule::IntRange => "int-range",
            Rule::SuffixLength => "suffix-length",
            Rule::ContentRange => "Content-Range",
            Rule::RangeResp => "range-resp",
            Rule::InclRange => "incl-range",
            Rule::UnsatisfiedRange => "unsatisfied-range",
            Rule::Digits => "1*DIGIT",
            Rule::AcceptableRanges => "acceptable-ranges",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What exactly went wrong; each kind belongs to one [`Rule`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub(crate) enum Kind {
    /// No `tchar` where a range-unit starts.
    UnitStart,
    /// No `=` after the range-unit.
    Equals,
    /// A range-set without any range-spec.
    EmptySet,
    /// A range-spec not followed by OWS, a comma or the end.
    Separator,
    /// A bytes range-spec starting with neither a digit nor `-`.
    SpecStart,
    /// No `-` after first-pos.
    Dash,
    /// last-pos less than first-pos.
    Backwards,
    /// `-` not followed by a digit.
    SuffixDigits,
    /// A Content-Range unit other than `bytes`.
    NotBytes,
    /// No SP after the Content-Range unit.
    Space,
    /// Bytes after a complete Content-Range.
    Trailing,
    /// No `/` after incl-range.
    Slash,
    /// complete-length not greater than last-pos.
    Length,
    /// `*` not followed by `/`.
    StarSlash,
    /// No digit where a number must start.
    Digit,
    /// A number beyond `u64::MAX`.
    Overflow,
    /// An incl-range with its `-` or last-pos missing.
    InclDash,
    /// An incl-range whose last-pos is less than its first-pos.
    InclBackwards,
    /// An Accept-Ranges value without any unit.
    NoUnit,
    /// An Accept-Ranges unit followed by something other than a comma.
    UnitSeparator,
}

impl Kind {
    pub(crate) fn rule(self) -> Rule {
        match self {
            Kind::UnitStart | Kind::NotBytes => Rule::RangeUnit,
            Kind::Equals => Rule::RangesSpecifier,
            Kind::EmptySet | Kind::Separator => Rule::RangeSet,
            Kind::SpecStart => Rule::RangeSpec,
            Kind::Dash | Kind::Backwards => Rule::IntRange,
            Kind::SuffixDigits => Rule::SuffixLength,
            Kind::Space | Kind::Trailing => Rule::ContentRange,
            Kind::Slash | Kind::Length => Rule::RangeResp,
            Kind::InclDash | Kind::InclBackwards => Rule::InclRange,
            Kind::StarSlash => Rule::UnsatisfiedRange,
            Kind::Digit | Kind::Overflow => Rule::Digits,
            Kind::NoUnit | Kind::UnitSeparator => Rule::AcceptableRanges,
        }
    }

    fn explain(self) -> &'static str {
        match self {
            Kind::UnitStart => "a range unit is a token (letters, digits and !#$%&'*+-.^_`|~)",
            Kind::Equals => "the range unit must be followed by =",
            Kind::EmptySet => "a range set holds at least one range",
            Kind::Separator => "ranges must be separated by a comma",
            Kind::SpecStart => {
                "a byte range is first-last, first-, or -suffix, made of decimal digits"
            }
            Kind::Dash => "the first position must be followed by -",
            Kind::Backwards => "the last position is less than the first",
            Kind::SuffixDigits => "a suffix range is - followed by decimal digits",
            Kind::NotBytes => "only the bytes range unit is understood",
            Kind::Space => "the range unit must be followed by a single space",
            Kind::Trailing => "nothing may follow the complete length",
            Kind::Slash => "the range must be followed by / and the complete length or *",
            Kind::Length => "the complete length must be greater than the last position",
            Kind::StarSlash => "an unsatisfied range is */ and the complete length",
            Kind::Digit => "a decimal digit is missing",
            Kind::Overflow => "the number does not fit in 64 bits",
            Kind::InclDash => "a range is first-last, both present",
            Kind::InclBackwards => "the last position is less than the first",
            Kind::NoUnit => "the value lists at least one range unit",
            Kind::UnitSeparator => "range units must be separated by a comma",
        }
    }
}

/// A malformed Range, Content-Range or Accept-Ranges field value.
///
/// It names the [`Rule`] that failed and the byte offset within the field
/// value where it failed. Its `Display` is a full sentence.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Error {
    kind: Kind,
    offset: usize,
}

impl Error {
    pub(crate) fn new(kind: Kind, offset: usize) -> Self {
        Error { kind, offset }
    }

    /// The ABNF rule that failed.
    pub fn rule(&self) -> Rule {
        self.kind.rule()
    }

    /// The byte offset within the field value where the rule failed.
    pub fn offset(&self) -> usize {
        self.offset
    }

    #[cfg(test)]
    pub(crate) fn kind(&self) -> Kind {
        self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid range field: the rule {} does not match at byte {}: {}",
            self.rule(),
            self.offset,
            self.kind.explain()
        )
    }
}

impl std::error::Error for Error {}
