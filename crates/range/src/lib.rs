//! Byte ranges exactly as RFC 9110 §14 defines them: the Range request field
//! (§14.1, §14.2), its resolution against a representation, the 206 response
//! in one part or as `multipart/byteranges` (§14.6, §15.3.7), the 416 (§15.5.17),
//! Content-Range (§14.4) and Accept-Ranges (§14.3).
//!
//! ```abnf
//! Range            = ranges-specifier
//! ranges-specifier = range-unit "=" range-set
//! range-set        = 1#range-spec
//! range-spec       = int-range / suffix-range / other-range
//! int-range        = first-pos "-" [ last-pos ]
//! suffix-range     = "-" suffix-length
//! Content-Range    = range-unit SP ( range-resp / unsatisfied-range )
//! Accept-Ranges    = acceptable-ranges
//! ```
//!
//! # Where it sits
//!
//! A leaf, like `precond-etag` and `precond-date`: it depends on none of
//! them, and `precond` does not depend on it. A server composes the two:
//! `precond::evaluate` first, because preconditions come before any Range
//! (RFC 9110 §14.2 ¶9: a matching If-None-Match with an unsatisfiable Range
//! is a 304, not a 416); then, only on `Proceed { range: Honour }`,
//! [`resolve`] decides between 206, 416 and 200.
//!
//! # Resolve and plan
//!
//! ```
//! use precond_range::{Boundary, Plan, Resolution, resolve};
//!
//! let body = b"0123456789";
//! // RFC 9110 §14.1.2: a suffix longer than the representation means all of it,
//! // and overlapping ranges are coalesced.
//! let Resolution::Partial(ranges) = resolve(b"bytes=0-1, 1-2, -3", 10) else {
//!     unreachable!()
//! };
//! assert_eq!(ranges.len(), 2);
//!
//! let boundary = Boundary::derive(b"\"v1\"");
//! let Plan::Multipart(multipart) = ranges.plan(Some("text/plain"), &boundary)? else {
//!     unreachable!()
//! };
//! // The Content-Length is known before the first byte is written ...
//! let content_length = multipart.content_length();
//! // ... and the body is streamed: header bytes, then a span of the representation.
//! let mut out = Vec::new();
//! for part in multipart.parts() {
//!     out.extend_from_slice(part.head().to_string().as_bytes());
//!     let span = part.range().span();
//!     out.extend_from_slice(&body[span.start as usize..span.end as usize]);
//! }
//! out.extend_from_slice(multipart.tail().to_string().as_bytes());
//! assert_eq!(out.len() as u64, content_length);
//! assert!(out.starts_with(b"--"));
//! assert!(String::from_utf8_lossy(&out).contains("Content-Range: bytes 7-9/10\r\n"));
//!
//! // One range: Content-Range in the header, no multipart (RFC 9110 §15.3.7.1).
//! let Resolution::Partial(ranges) = resolve(b"bytes=-500", 10_000) else { unreachable!() };
//! let plan = ranges.plan(None, &boundary)?;
//! assert_eq!(plan.content_length(), 500);
//! assert_eq!(plan.content_range().map(|c| c.to_string()).as_deref(), Some("bytes 9500-9999/10000"));
//!
//! // 416 with `Content-Range: bytes */length`, and 200 for what a server ignores.
//! match resolve(b"bytes=10000-", 10_000) {
//!     Resolution::Unsatisfiable(no) => assert_eq!(no.content_range().to_string(), "bytes */10000"),
//!     other => unreachable!("{other:?}"),
//! }
//! assert_eq!(resolve(b"pages=1-2", 10_000).status(), 200);
//! assert_eq!(resolve(b"bytes=5-4", 10_000).status(), 200);
//! # Ok::<(), precond_range::PlanError>(())
//! ```
//!
//! # Limits
//!
//! RFC 9110 §14.2 ¶5 lets a server ignore or reject ranges that look like abuse.
//! [`Policy`] holds the limits: how many ranges, how many bytes together
//! (overlap), how many small ranges out of order, and how close two ranges
//! must be to be coalesced. Each refusal is an [`Ignored`]: a 200.
//!
//! # Errors
//!
//! Parse errors name the ABNF [`Rule`] that failed and the byte offset.
//! Parsing and resolving never panic, never allocate, and take time linear
//! in the field value; numbers of any length are read (a position beyond
//! `u64::MAX` lies beyond every representation, RFC 9110 §14.1.2 ¶10).

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

mod content_range;
mod error;
mod grammar;
mod multipart;
mod resolve;
mod scan;
mod spec;

pub use content_range::{AcceptRanges, ContentRange};
pub use error::{Error, Rule};
pub use multipart::{
    Boundary, MAX_BOUNDARY, Multipart, MultipartType, Part, PartHead, Plan, PlanError, Tail,
};
pub use resolve::{
    ByteRange, CAPACITY, Ignored, Policy, Ranges, Resolution, Unsatisfiable, resolve,
};
pub use spec::{RangeSpec, RangesSpecifier};
