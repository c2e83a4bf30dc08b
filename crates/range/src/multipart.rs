//! The 206 response plan (RFC 9110 §15.3.7, §14.6): a single part with its
//! Content-Range, or `multipart/byteranges` parts with their header bytes and
//! the span of the representation each copies, and the exact Content-Length,
//! known before the first byte is written.

use core::fmt;

use crate::content_range::ContentRange;
use crate::resolve::{ByteRange, Ranges};

/// The longest boundary RFC 2046 §5.1.1 allows.
pub const MAX_BOUNDARY: usize = 70;

/// A multipart boundary (RFC 2046 §5.1.1): 1 to 70 bytes of digits, letters
/// and `'+_-.`, the `bchars` that are also `tchar`s, so the `boundary`
/// parameter never needs quotes (RFC 9110 §14.6 note 2: some
/// implementations mishandle a quoted boundary).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Boundary {
    bytes: [u8; MAX_BOUNDARY],
    len: usize,
}

impl Boundary {
    /// A boundary the caller chose; `None` when it is empty, longer than
    /// [`MAX_BOUNDARY`], or holds a byte outside the set above.
    pub fn new(boundary: &str) -> Option<Self> {
        let source = boundary.as_bytes();
        if source.is_empty() || source.len() > MAX_BOUNDARY || !source.iter().all(|&b| is_bchar(b))
        {
            return None;
        }
        let mut bytes = [0; MAX_BOUNDARY];
        for (slot, &byte) in bytes.iter_mut().zip(source) {
            *slot = byte;
        }
        Some(Boundary {
            bytes,
            len: source.len(),
        })
    }

    /// A boundary of 32 hexadecimal digits derived from `seed`: the same seed
    /// (say, the strong ETag) gives the same boundary, so the same request
    /// gets the same bytes and the same Content-Length.
    ///
    /// The boundary must not occur in the parts; a representation that an
    /// adversary shapes with the seed in mind could hold it, so seed with a
    /// server secret as well when content is untrusted.
    pub fn derive(seed: &[u8]) -> Self {
        // Two FNV-1a-64 hashes with different offsets: spread, not security.
        let fnv = |basis: u64| {
            seed.iter().fold(basis, |hash, &byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
            })
        };
        let (a, b) = (fnv(0xcbf2_9ce4_8422_2325), fnv(0x6c62_272e_07bb_0142));
        let mut bytes = [0; MAX_BOUNDARY];
        let hex = b"0123456789abcdef";
        for (index, slot) in bytes.iter_mut().take(32).enumerate() {
            let word = if index < 16 { a } else { b };
            let shift = 60 - 4 * (index % 16);
            let nibble = usize::try_from((word >> shift) & 0xf).unwrap_or(0);
            *slot = hex.get(nibble).copied().unwrap_or(b'0');
        }
        Boundary { bytes, len: 32 }
    }

    /// The boundary as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII bytes are ever stored.
        core::str::from_utf8(self.bytes.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

impl fmt::Debug for Boundary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Boundary").field(&self.as_str()).finish()
    }
}

impl fmt::Display for Boundary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `bchars` (RFC 2046 §5.1.1) that are also `tchar` (RFC 9110 §5.6.2).
fn is_bchar(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'\'' | b'+' | b'_' | b'-' | b'.')
}

/// Why a plan cannot be made.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum PlanError {
    /// The Content-Type holds a byte a field value may not (a control byte
    /// such as CR or LF, or DEL); writing it would split the part's header.
    ContentType,
    /// The multipart body would be longer than `u64::MAX` bytes.
    TooLong,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PlanError::ContentType => "the Content-Type is not a valid field value",
            PlanError::TooLong => "the multipart body would exceed u64::MAX bytes",
        })
    }
}

impl std::error::Error for PlanError {}

/// How a 206 is sent (RFC 9110 §15.3.7.1, §15.3.7.2).
#[derive(Clone, Copy, Debug)]
pub enum Plan<'a> {
    /// One range: `Content-Range` in the header, the range as the content.
    Single(ByteRange, u64),
    /// Several ranges: `multipart/byteranges` content.
    Multipart(Multipart<'a>),
}

impl Ranges {
    /// Plans the 206: one part, or `multipart/byteranges` with `boundary` and,
    /// in each part, `content_type`, the Content-Type a 200 would have had.
    ///
    /// A single range is never sent as multipart (RFC 9110 §15.3.7.2 ¶5);
    /// ranges coalesced into one are sent as one.
    pub fn plan<'a>(
        &'a self,
        content_type: Option<&'a str>,
        boundary: &'a Boundary,
    ) -> Result<Plan<'a>, PlanError> {
        let parts = self.as_slice();
        if let [single] = parts {
            // spec: 9110-15.3.7.2-no-multipart-for-single
            return Ok(Plan::Single(*single, self.complete_length()));
        }
        if content_type.is_some_and(|ct| {
            !ct.bytes()
                .all(|b| b == b'\t' || (b' '..=b'~').contains(&b) || b >= 0x80)
        }) {
            return Err(PlanError::ContentType);
        }
        let mut multipart = Multipart {
            parts,
            complete_length: self.complete_length(),
            content_type,
            boundary,
            content_length: 0,
        };
        let mut total = multipart.tail().len();
        for part in multipart.parts() {
            total = total
                .checked_add(part.head().len())
                .and_then(|t| t.checked_add(part.range().len()))
                .ok_or(PlanError::TooLong)?;
        }
        multipart.content_length = total;
        Ok(Plan::Multipart(multipart))
    }
}

impl Plan<'_> {
    /// The Content-Length of the 206: the exact number of bytes of content.
    pub fn content_length(&self) -> u64 {
        match self {
            Plan::Single(range, _) => range.len(),
            Plan::Multipart(multipart) => multipart.content_length,
        }
    }

    /// The Content-Range of a single-part 206 (RFC 9110 §15.3.7.1); `None`
    /// for multipart, whose header must not have one (§15.3.7.2 ¶1).
    pub fn content_range(&self) -> Option<ContentRange> {
        match self {
            // spec: 9110-15.3.7.1-single-content-range
            Plan::Single(range, length) => ContentRange::satisfied(*range, Some(*length)),
            // spec: 9110-15.3.7.2-no-header-content-range
            Plan::Multipart(_) => None,
        }
    }
}

/// A `multipart/byteranges` body (RFC 9110 §14.6), planned: write each
/// part's [`head`](Part::head), copy its [`range`](Part::range) of the
/// representation, then write the [`tail`](Multipart::tail).
#[derive(Clone, Copy, Debug)]
pub struct Multipart<'a> {
    parts: &'a [ByteRange],
    complete_length: u64,
    content_type: Option<&'a str>,
    boundary: &'a Boundary,
    content_length: u64,
}

impl<'a> Multipart<'a> {
    /// The Content-Type of the 206: `multipart/byteranges; boundary=…`
    /// (RFC 9110 §15.3.7.2 ¶1).
    pub fn content_type(&self) -> MultipartType<'a> {
        // spec: 9110-15.3.7.2-multipart-content-type
        MultipartType(self.boundary)
    }

    /// The exact Content-Length of the body, framing included.
    pub fn content_length(&self) -> u64 {
        self.content_length
    }

    /// The parts, in the order the ranges were first asked for.
    pub fn parts(&self) -> impl ExactSizeIterator<Item = Part<'a>> + 'a {
        let (content_type, boundary, complete_length) =
            (self.content_type, self.boundary, self.complete_length);
        self.parts
            .iter()
            .enumerate()
            .map(move |(index, &range)| Part {
                first: index == 0,
                boundary,
                content_type,
                content_range: ContentRange::satisfied(range, Some(complete_length))
                    .unwrap_or_else(|| ContentRange::unsatisfied(complete_length)),
                range,
            })
    }

    /// What ends the body: `CRLF "--" boundary "--" CRLF`.
    pub fn tail(&self) -> Tail<'a> {
        Tail(self.boundary)
    }
}

/// `multipart/byteranges; boundary=…`, the Content-Type of a multipart 206.
#[derive(Clone, Copy, Debug)]
pub struct MultipartType<'a>(&'a Boundary);

impl fmt::Display for MultipartType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "multipart/byteranges; boundary={}", self.0)
    }
}

/// One body part: the header bytes to write, then the span to copy.
#[derive(Clone, Copy, Debug)]
pub struct Part<'a> {
    first: bool,
    boundary: &'a Boundary,
    content_type: Option<&'a str>,
    content_range: ContentRange,
    range: ByteRange,
}

impl<'a> Part<'a> {
    /// The bytes before the part's data: the delimiter, then Content-Type
    /// (when the 200 had one) and Content-Range, then an empty line.
    pub fn head(&self) -> PartHead<'a> {
        PartHead(*self)
    }

    /// The range of the representation this part holds.
    pub fn range(&self) -> ByteRange {
        self.range
    }

    /// The part's Content-Range (RFC 9110 §15.3.7.2 ¶2).
    pub fn content_range(&self) -> ContentRange {
        self.content_range
    }
}

/// The header bytes of a [`Part`], written by `Display`; [`len`](PartHead::len)
/// says how many there are.
#[derive(Clone, Copy, Debug)]
pub struct PartHead<'a>(Part<'a>);

impl PartHead<'_> {
    /// How many bytes `Display` writes.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> u64 {
        let part = &self.0;
        let delimiter = if part.first { 0 } else { 2 } + 2 + part.boundary.len as u64 + 2;
        let content_type = part
            .content_type
            .map_or(0, |ct| "Content-Type: ".len() as u64 + ct.len() as u64 + 2);
        let content_range = "Content-Range: ".len() as u64 + part.content_range.formatted_len() + 2;
        delimiter + content_type + content_range + 2
    }
}

impl fmt::Display for PartHead<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let part = &self.0;
        // The CRLF before a delimiter belongs to it (RFC 2046 §5.1.1); the
        // first part starts right at its delimiter.
        if !part.first {
            f.write_str("\r\n")?;
        }
        write!(f, "--{}\r\n", part.boundary)?;
        if let Some(content_type) = part.content_type {
            // spec: 9110-15.3.7.2-part-content-type
            write!(f, "Content-Type: {content_type}\r\n")?;
        }
        // spec: 9110-15.3.7.2-part-content-range
        write!(f, "Content-Range: {}\r\n\r\n", part.content_range)
    }
}

/// The close delimiter of a multipart body, written by `Display`.
#[derive(Clone, Copy, Debug)]
pub struct Tail<'a>(&'a Boundary);

impl Tail<'_> {
    /// How many bytes `Display` writes.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> u64 {
        // CRLF "--", the boundary, "--" CRLF.
        4 + self.0.len as u64 + 4
    }
}

impl fmt::Display for Tail<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\r\n--{}--\r\n", self.0)
    }
}
