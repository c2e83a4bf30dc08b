//! Entity-tags (RFC 9110 §8.8.3): borrowed and owned, comparison, formatting.

use core::fmt;
use core::str::FromStr;
use std::io;

use http::HeaderValue;

use crate::class::is_etagc;
use crate::error::{Error, Kind};
use crate::grammar;

/// The two entity-tag comparison functions of RFC 9110 §8.8.3.2.
///
/// | tag 1   | tag 2   | [`Strong`](Comparison::Strong) | [`Weak`](Comparison::Weak) |
/// |---------|---------|----------|----------|
/// | `W/"1"` | `W/"1"` | no match | match    |
/// | `W/"1"` | `W/"2"` | no match | no match |
/// | `W/"1"` | `"1"`   | no match | match    |
/// | `"1"`   | `"1"`   | match    | match    |
///
/// If-Match uses strong comparison (RFC 9110 §13.1.1), If-None-Match weak
/// comparison (RFC 9110 §13.1.2).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Comparison {
    /// Equivalent when neither tag is weak and the opaque-tags are the same
    /// bytes.
    Strong,
    /// Equivalent when the opaque-tags are the same bytes, whether or not
    /// either tag is weak.
    Weak,
}

/// A valid entity-tag borrowed from a field value: the weakness flag and the
/// opaque bytes between the quotes (RFC 9110 §8.8.3).
///
/// ```abnf
/// entity-tag = [ weak ] opaque-tag
/// weak       = %s"W/"
/// opaque-tag = DQUOTE *etagc DQUOTE
/// etagc      = %x21 / %x23-7E / obs-text
/// ```
///
/// A value of this type is always valid. `==` says whether two tags are the
/// same (same weakness, same bytes); to compare validators use
/// [`strong_eq`](Self::strong_eq), [`weak_eq`](Self::weak_eq) or
/// [`matches`](Self::matches). `Display` writes the canonical form (see
/// [`EntityTag`] for bytes that are not UTF-8).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntityTagRef<'a> {
    weak: bool,
    opaque: &'a [u8],
}

impl<'a> EntityTagRef<'a> {
    /// An entity-tag whose parts the caller has already validated.
    pub(crate) fn from_valid(weak: bool, opaque: &'a [u8]) -> Self {
        EntityTagRef { weak, opaque }
    }

    /// Parses a field value that holds exactly one entity-tag, such as an
    /// ETag or If-Range value: `OWS entity-tag OWS`. Anything else is an
    /// error naming the rule and offset.
    ///
    /// ```
    /// use precond_etag::{EntityTagRef, Rule};
    ///
    /// let tag = EntityTagRef::parse(b"W/\"xyzzy\"")?;
    /// assert!(tag.is_weak());
    /// assert_eq!(tag.opaque(), b"xyzzy");
    ///
    /// let err = EntityTagRef::parse(b"\"a b\"").unwrap_err();
    /// assert_eq!((err.rule(), err.offset()), (Rule::Etagc, 2));
    /// # Ok::<(), precond_etag::Error>(())
    /// ```
    pub fn parse(value: &'a [u8]) -> Result<Self, Error> {
        grammar::lone_entity_tag(value)
    }

    /// A strong entity-tag with these opaque bytes (without the quotes).
    ///
    /// Fails with [`Rule::Etagc`](crate::Rule::Etagc) at the first byte that
    /// is not `etagc`.
    pub fn strong(opaque: &'a [u8]) -> Result<Self, Error> {
        validate_opaque(opaque)?;
        Ok(EntityTagRef::from_valid(false, opaque))
    }

    /// A weak entity-tag (`W/"…"`) with these opaque bytes (without the
    /// quotes).
    ///
    /// Fails with [`Rule::Etagc`](crate::Rule::Etagc) at the first byte that
    /// is not `etagc`.
    pub fn weak(opaque: &'a [u8]) -> Result<Self, Error> {
        validate_opaque(opaque)?;
        Ok(EntityTagRef::from_valid(true, opaque))
    }

    /// `true` for a weak tag (`W/"…"`).
    pub fn is_weak(self) -> bool {
        self.weak
    }

    /// The opaque bytes, without the quotes.
    pub fn opaque(self) -> &'a [u8] {
        self.opaque
    }

    /// Strong comparison (RFC 9110 §8.8.3.2): neither tag is weak and the
    /// opaque bytes are equal.
    pub fn strong_eq(self, other: EntityTagRef<'_>) -> bool {
        !self.weak && !other.weak && self.opaque == other.opaque
    }

    /// Weak comparison (RFC 9110 §8.8.3.2): the opaque bytes are equal,
    /// whether or not either tag is weak.
    pub fn weak_eq(self, other: EntityTagRef<'_>) -> bool {
        self.opaque == other.opaque
    }

    /// Compares with `other` using the comparison function `how`.
    ///
    /// ```
    /// use precond_etag::{Comparison, EntityTagRef};
    ///
    /// let weak = EntityTagRef::parse(b"W/\"1\"")?;
    /// let strong = EntityTagRef::parse(b"\"1\"")?;
    /// assert!(weak.matches(strong, Comparison::Weak));
    /// assert!(!weak.matches(strong, Comparison::Strong));
    /// assert!(strong.matches(strong, Comparison::Strong));
    /// # Ok::<(), precond_etag::Error>(())
    /// ```
    pub fn matches(self, other: EntityTagRef<'_>, how: Comparison) -> bool {
        match how {
            Comparison::Strong => self.strong_eq(other),
            Comparison::Weak => self.weak_eq(other),
        }
    }

    /// An owned copy.
    pub fn into_owned(self) -> EntityTag {
        EntityTag {
            weak: self.weak,
            opaque: self.opaque.into(),
        }
    }

    /// The length in bytes of the canonical form (`W/` if weak, the quotes,
    /// the opaque bytes).
    pub fn encoded_len(self) -> usize {
        self.opaque.len() + if self.weak { 4 } else { 2 }
    }

    /// Writes the canonical form, byte for byte, to `out`.
    pub fn write_to(self, out: &mut impl io::Write) -> io::Result<()> {
        if self.weak {
            out.write_all(b"W/")?;
        }
        out.write_all(b"\"")?;
        out.write_all(self.opaque)?;
        out.write_all(b"\"")
    }

    /// The canonical form as a byte vector (exact, whatever the bytes are).
    pub fn to_bytes(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        if self.weak {
            out.extend_from_slice(b"W/");
        }
        out.push(b'"');
        out.extend_from_slice(self.opaque);
        out.push(b'"');
        out
    }

    /// The canonical form as a header value (exact, obs-text included).
    pub fn to_header_value(self) -> HeaderValue {
        match HeaderValue::from_bytes(&self.to_bytes()) {
            Ok(value) => value,
            // Unreachable: every byte of an entity-tag (`W`, `/`, DQUOTE,
            // etagc) is a valid header value byte. Fall back to the empty
            // strong tag rather than panic.
            Err(_) => HeaderValue::from_static("\"\""),
        }
    }
}

/// The first byte of `opaque` that is not `etagc` is an error.
fn validate_opaque(opaque: &[u8]) -> Result<(), Error> {
    match opaque.iter().position(|&b| !is_etagc(b)) {
        Some(offset) => Err(Error::new(Kind::TagByte, offset, 0)),
        None => Ok(()),
    }
}

/// Writes `W/"opaque"` or `"opaque"`; each opaque byte that is not part of
/// UTF-8 is written escaped, as `\xNN`, so that distinct tags never look
/// alike.
fn display(weak: bool, opaque: &[u8], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    if weak {
        f.write_str("W/")?;
    }
    f.write_str("\"")?;
    for chunk in opaque.utf8_chunks() {
        f.write_str(chunk.valid())?;
        for byte in chunk.invalid() {
            write!(f, "\\x{byte:02x}")?;
        }
    }
    f.write_str("\"")
}

/// `EntityTagRef { weak, opaque: "…" }` with the opaque bytes escaped.
fn debug(name: &str, weak: bool, opaque: &[u8], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    struct Escaped<'b>(&'b [u8]);
    impl fmt::Debug for Escaped<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "\"{}\"", self.0.escape_ascii())
        }
    }
    f.debug_struct(name)
        .field("weak", &weak)
        .field("opaque", &Escaped(opaque))
        .finish()
}

impl fmt::Display for EntityTagRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        display(self.weak, self.opaque, f)
    }
}

impl fmt::Debug for EntityTagRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug("EntityTagRef", self.weak, self.opaque, f)
    }
}

impl<'a> TryFrom<&'a HeaderValue> for EntityTagRef<'a> {
    type Error = Error;

    /// Parses the value as one entity-tag ([`EntityTagRef::parse`]).
    fn try_from(value: &'a HeaderValue) -> Result<Self, Error> {
        EntityTagRef::parse(value.as_bytes())
    }
}

impl From<EntityTagRef<'_>> for HeaderValue {
    fn from(tag: EntityTagRef<'_>) -> Self {
        tag.to_header_value()
    }
}

impl<'a> From<&'a EntityTag> for EntityTagRef<'a> {
    fn from(tag: &'a EntityTag) -> Self {
        tag.as_tag()
    }
}

/// An owned, valid entity-tag (RFC 9110 §8.8.3).
///
/// Build one by parsing ([`parse`](Self::parse), [`FromStr`],
/// `TryFrom<&HeaderValue>`), from opaque bytes you choose
/// ([`strong`](Self::strong), [`weak`](Self::weak)), or from a digest or
/// version number in a form that is always valid
/// ([`from_digest`](Self::from_digest), [`from_version`](Self::from_version),
/// and their weak and hex variants). An origin that sends an ETag (RFC 9110
/// §8.8.3.1 asks it to whenever it can tell changes apart reliably) must mark
/// the tag weak when it is not a strong validator (RFC 9110 §8.8.3, §8.8.1):
/// use the `weak…` constructors for tags that stay the same across changes
/// the origin considers equivalent, and change them once it no longer does.
///
/// `==` is identity (same weakness and bytes); use [`as_tag`](Self::as_tag)
/// and [`EntityTagRef::matches`] to compare validators.
///
/// `Display` writes the canonical form `W/"opaque"` or `"opaque"`. The opaque
/// bytes are written as text where they are UTF-8; obs-text bytes
/// (`%x80-FF`) that do not form UTF-8 are each written escaped (`\xff`), so
/// such a tag does not survive `to_string()` and `parse`. For the exact bytes use
/// [`to_header_value`](Self::to_header_value), `HeaderValue::from`,
/// [`to_bytes`](Self::to_bytes) or [`write_to`](Self::write_to).
///
/// ```
/// use precond_etag::EntityTag;
///
/// let tag: EntityTag = "W/\"xyzzy\"".parse()?;
/// assert_eq!(tag, EntityTag::weak("xyzzy")?);
/// assert_eq!(tag.to_string(), "W/\"xyzzy\"");
/// assert_eq!(http::HeaderValue::from(&tag), "W/\"xyzzy\"");
/// # Ok::<(), precond_etag::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct EntityTag {
    weak: bool,
    opaque: Box<[u8]>,
}

impl EntityTag {
    /// Parses a field value that holds exactly one entity-tag, with optional
    /// whitespace around it (see [`EntityTagRef::parse`]).
    pub fn parse(value: &[u8]) -> Result<Self, Error> {
        EntityTagRef::parse(value).map(EntityTagRef::into_owned)
    }

    /// A strong entity-tag with these opaque bytes (without the quotes).
    ///
    /// Fails with [`Rule::Etagc`](crate::Rule::Etagc) at the first byte that
    /// is not `etagc` (`%x21 / %x23-7E / %x80-FF`).
    pub fn strong(opaque: impl AsRef<[u8]>) -> Result<Self, Error> {
        EntityTagRef::strong(opaque.as_ref()).map(EntityTagRef::into_owned)
    }

    /// A weak entity-tag (`W/"…"`) with these opaque bytes (without the
    /// quotes).
    ///
    /// Fails with [`Rule::Etagc`](crate::Rule::Etagc) at the first byte that
    /// is not `etagc` (`%x21 / %x23-7E / %x80-FF`).
    pub fn weak(opaque: impl AsRef<[u8]>) -> Result<Self, Error> {
        EntityTagRef::weak(opaque.as_ref()).map(EntityTagRef::into_owned)
    }

    /// A strong tag whose opaque-tag is `digest` in unpadded base64url
    /// (RFC 4648 §5: `A-Z a-z 0-9 - _`, all `etagc`). Never fails.
    ///
    /// Use it with a collision-resistant hash of the representation's bytes
    /// (RFC 9110 §8.8.3.1), e.g. the 32 bytes of a SHA-256 give 43 characters.
    ///
    /// ```
    /// use precond_etag::EntityTag;
    ///
    /// let tag = EntityTag::from_digest(&[0xfb, 0xff, 0x00]);
    /// assert_eq!(tag.to_string(), "\"-_8A\"");
    /// ```
    pub fn from_digest(digest: &[u8]) -> Self {
        EntityTag {
            weak: false,
            opaque: base64url(digest).into(),
        }
    }

    /// A weak tag whose opaque-tag is `digest` in unpadded base64url, as in
    /// [`from_digest`](Self::from_digest). Never fails.
    pub fn weak_from_digest(digest: &[u8]) -> Self {
        EntityTag {
            weak: true,
            opaque: base64url(digest).into(),
        }
    }

    /// A strong tag whose opaque-tag is `digest` in lowercase hexadecimal,
    /// two digits per byte. Never fails.
    ///
    /// ```
    /// use precond_etag::EntityTag;
    ///
    /// assert_eq!(EntityTag::from_digest_hex(&[0x0a, 0xff]).to_string(), "\"0aff\"");
    /// ```
    pub fn from_digest_hex(digest: &[u8]) -> Self {
        EntityTag {
            weak: false,
            opaque: hex(digest).into(),
        }
    }

    /// A strong tag whose opaque-tag is `version` in decimal, such as a
    /// revision number that changes with every change of the representation's
    /// bytes. Never fails.
    ///
    /// ```
    /// use precond_etag::EntityTag;
    ///
    /// assert_eq!(EntityTag::from_version(42).to_string(), "\"42\"");
    /// ```
    pub fn from_version(version: u64) -> Self {
        EntityTag {
            weak: false,
            opaque: version.to_string().into_bytes().into(),
        }
    }

    /// A weak tag whose opaque-tag is `version` in decimal, for a revision
    /// number that only changes when the representation changes in meaning.
    /// Never fails.
    ///
    /// ```
    /// use precond_etag::EntityTag;
    ///
    /// assert_eq!(EntityTag::weak_from_version(7).to_string(), "W/\"7\"");
    /// ```
    pub fn weak_from_version(version: u64) -> Self {
        EntityTag {
            weak: true,
            opaque: version.to_string().into_bytes().into(),
        }
    }

    /// A borrowed view, for comparison and formatting without allocation.
    pub fn as_tag(&self) -> EntityTagRef<'_> {
        EntityTagRef::from_valid(self.weak, &self.opaque)
    }

    /// `true` for a weak tag (`W/"…"`).
    pub fn is_weak(&self) -> bool {
        self.weak
    }

    /// The opaque bytes, without the quotes.
    pub fn opaque(&self) -> &[u8] {
        &self.opaque
    }

    /// Writes the canonical form, byte for byte, to `out`.
    pub fn write_to(&self, out: &mut impl io::Write) -> io::Result<()> {
        self.as_tag().write_to(out)
    }

    /// The canonical form as a byte vector (exact, whatever the bytes are).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.as_tag().to_bytes()
    }

    /// The canonical form as a header value (exact, obs-text included).
    pub fn to_header_value(&self) -> HeaderValue {
        self.as_tag().to_header_value()
    }
}

/// Unpadded base64url (RFC 4648 §5).
fn base64url(bytes: &[u8]) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| chunk.get(i).copied().unwrap_or(0);
        let group = u32::from_be_bytes([0, byte(0), byte(1), byte(2)]);
        // 1 byte gives 2 symbols, 2 give 3, 3 give 4.
        for i in 0..=chunk.len() {
            let index = (group >> (18 - 6 * i)) & 0x3F;
            out.push(ALPHABET.get(index as usize).copied().unwrap_or(b'A'));
        }
    }
    out
}

/// Lowercase hexadecimal, two digits per byte.
fn hex(bytes: &[u8]) -> Vec<u8> {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let digit = |nibble: u8| DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0');
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        out.push(digit(byte >> 4));
        out.push(digit(byte & 0x0F));
    }
    out
}

impl fmt::Display for EntityTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        display(self.weak, &self.opaque, f)
    }
}

impl fmt::Debug for EntityTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug("EntityTag", self.weak, &self.opaque, f)
    }
}

impl FromStr for EntityTag {
    type Err = Error;

    /// Parses the string's bytes as one entity-tag ([`EntityTag::parse`]).
    fn from_str(s: &str) -> Result<Self, Error> {
        EntityTag::parse(s.as_bytes())
    }
}

impl TryFrom<&HeaderValue> for EntityTag {
    type Error = Error;

    /// Parses the value as one entity-tag ([`EntityTag::parse`]).
    fn try_from(value: &HeaderValue) -> Result<Self, Error> {
        EntityTag::parse(value.as_bytes())
    }
}

impl From<&EntityTag> for HeaderValue {
    fn from(tag: &EntityTag) -> Self {
        tag.to_header_value()
    }
}

impl From<EntityTag> for HeaderValue {
    fn from(tag: EntityTag) -> Self {
        tag.to_header_value()
    }
}

impl From<EntityTagRef<'_>> for EntityTag {
    fn from(tag: EntityTagRef<'_>) -> Self {
        tag.into_owned()
    }
}

#[cfg(feature = "arbitrary")]
mod arbitrary_impls {
    use arbitrary::{Arbitrary, Unstructured};

    use super::{EntityTag, EntityTagRef};
    use crate::class::is_etagc;

    /// Maps any byte to an `etagc` byte, keeping those that already are.
    fn to_etagc(byte: u8) -> u8 {
        match byte {
            0x7F => b'~',
            _ if is_etagc(byte) => byte,
            // 0x00-0x20 and DQUOTE land in 0x40-0x62.
            _ => byte + 0x40,
        }
    }

    /// Always a valid tag: any weakness, opaque bytes mapped into `etagc`.
    impl<'a> Arbitrary<'a> for EntityTag {
        fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
            let weak = bool::arbitrary(u)?;
            let len = u.arbitrary_len::<u8>()?;
            let opaque = u.bytes(len)?.iter().map(|&b| to_etagc(b)).collect();
            Ok(EntityTag { weak, opaque })
        }
    }

    /// Always a valid tag: the longest `etagc` prefix of the bytes drawn.
    impl<'a> Arbitrary<'a> for EntityTagRef<'a> {
        fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
            let weak = bool::arbitrary(u)?;
            let len = u.arbitrary_len::<u8>()?;
            let bytes = u.bytes(len)?;
            let end = bytes.iter().position(|&b| !is_etagc(b)).unwrap_or(len);
            Ok(EntityTagRef::from_valid(
                weak,
                bytes.get(..end).unwrap_or_default(),
            ))
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn to_etagc_always_lands_in_etagc() {
            for byte in 0..=u8::MAX {
                assert!(is_etagc(to_etagc(byte)), "{byte:#04x}");
            }
        }
    }
}
