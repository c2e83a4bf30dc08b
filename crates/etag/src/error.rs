//! Typed parse errors: which ABNF rule failed, where, and why.

use core::fmt;

/// The ABNF rule an [`Error`] names (RFC 9110 §8.8.3, §5.6.1, §13.1.1, §13.1.2).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[non_exhaustive]
pub enum Rule {
    /// `entity-tag = [ weak ] opaque-tag`: no entity-tag starts where one must,
    /// or something other than OWS follows a lone entity-tag.
    EntityTag,
    /// `weak = %s"W/"`: a `W` not followed by `/`, or a lower-case `w/`
    /// (the indicator is case-sensitive).
    Weak,
    /// `opaque-tag = DQUOTE *etagc DQUOTE`: an opening or closing DQUOTE is missing.
    OpaqueTag,
    /// `etagc = %x21 / %x23-7E / obs-text`: a byte inside the quotes that an
    /// opaque-tag may not hold.
    Etagc,
    /// `#entity-tag`, the list (RFC 9110 §5.6.1.2): a member is followed by
    /// something other than OWS, a comma or the end of the field line.
    List,
    /// The `"*"` alternative of `If-Match` / `If-None-Match`: a `*` that is not
    /// the whole field value.
    Star,
}

impl Rule {
    /// The rule as the ABNF writes it: `"entity-tag"`, `"weak"`,
    /// `"opaque-tag"`, `"etagc"`, `"#entity-tag"` or `"\"*\""`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::EntityTag => "entity-tag",
            Rule::Weak => "weak",
            Rule::OpaqueTag => "opaque-tag",
            Rule::Etagc => "etagc",
            Rule::List => "#entity-tag",
            Rule::Star => "\"*\"",
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
    /// Neither DQUOTE nor `W/` where an entity-tag must start.
    TagStart,
    /// Bytes other than OWS after a lone entity-tag.
    Trailing,
    /// `W` without `/`, or `w/`.
    WeakPrefix,
    /// No DQUOTE after `W/`.
    OpenQuote,
    /// The field line ends inside the quotes.
    CloseQuote,
    /// A byte inside the quotes that is not `etagc`.
    TagByte,
    /// A member not followed by a comma or the end of the line.
    Separator,
    /// A `*` that is not the whole field value.
    Star,
}

impl Kind {
    pub(crate) fn rule(self) -> Rule {
        match self {
            Kind::TagStart | Kind::Trailing => Rule::EntityTag,
            Kind::WeakPrefix => Rule::Weak,
            Kind::OpenQuote | Kind::CloseQuote => Rule::OpaqueTag,
            Kind::TagByte => Rule::Etagc,
            Kind::Separator => Rule::List,
            Kind::Star => Rule::Star,
        }
    }

    fn explain(self) -> &'static str {
        match self {
            Kind::TagStart => "an entity-tag starts with DQUOTE or with W/ and a DQUOTE",
            Kind::Trailing => "only optional whitespace may follow the entity-tag",
            Kind::WeakPrefix => "the weak indicator is exactly W/, with a capital W",
            Kind::OpenQuote => "the opaque-tag after W/ must start with DQUOTE",
            Kind::CloseQuote => "the field line ends before the closing DQUOTE of the opaque-tag",
            Kind::TagByte => {
                "an opaque-tag holds only the bytes %x21, %x23-7E and %x80-FF \
                 (no whitespace, control byte, DEL or DQUOTE)"
            }
            Kind::Separator => "list members must be separated by a comma",
            Kind::Star => "* must be the whole field value, alone on a single field line",
        }
    }
}

/// A malformed entity-tag or entity-tag list.
///
/// It names the [`Rule`] that failed, the byte offset within the field line
/// where it failed, and the index of that field line among the lines read
/// (0 for a single value). Its `Display` is a full sentence.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Error {
    kind: Kind,
    offset: usize,
    line: usize,
}

impl Error {
    pub(crate) fn new(kind: Kind, offset: usize, line: usize) -> Self {
        Error { kind, offset, line }
    }

    /// The ABNF rule that failed.
    pub fn rule(&self) -> Rule {
        self.kind.rule()
    }

    /// The byte offset, within its field line, where the rule failed.
    ///
    /// For a missing closing DQUOTE this is the length of the line (the end,
    /// where the DQUOTE was due).
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The index of the field line holding the error (0 for a single value).
    pub fn line(&self) -> usize {
        self.line
    }

    #[cfg(any(test, debug_assertions))]
    pub(crate) fn kind(&self) -> Kind {
        self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid entity-tag: the rule {} does not match at byte {}",
            self.rule(),
            self.offset
        )?;
        // Field lines are counted from 0 in the API and from 1 for people; a
        // single value (line 0) needs no line number at all.
        if self.line > 0 {
            write!(f, " of field line {}", self.line.saturating_add(1))?;
        }
        write!(f, ": {}", self.kind.explain())
    }
}

impl std::error::Error for Error {}
