//! Entity-tags exactly as RFC 9110 §8.8.3 defines them, the If-Match and
//! If-None-Match lists that carry them (RFC 9110 §13.1.1, §13.1.2), and the
//! strong and weak comparison functions (RFC 9110 §8.8.3.2).
//!
//! ```abnf
//! entity-tag    = [ weak ] opaque-tag
//! weak          = %s"W/"
//! opaque-tag    = DQUOTE *etagc DQUOTE
//! etagc         = %x21 / %x23-7E / obs-text
//! If-Match      = "*" / #entity-tag
//! If-None-Match = "*" / #entity-tag
//! ```
//!
//! An opaque-tag is not a quoted-string: a backslash is an ordinary byte and
//! nothing is unescaped. `W/` is case-sensitive. `""` is a valid tag.
//!
//! # Parse and compare
//!
//! [`EntityTagRef`] borrows from the field value; [`EntityTag`] owns its bytes.
//!
//! ```
//! use precond_etag::{Comparison, EntityTag, EntityTagRef};
//!
//! let strong = EntityTagRef::parse(b"\"xyzzy\"")?;
//! let weak = EntityTagRef::parse(b"W/\"xyzzy\"")?;
//! assert!(weak.is_weak());
//! assert_eq!(weak.opaque(), b"xyzzy");
//!
//! // RFC 9110 §8.8.3.2: strong comparison never matches a weak tag,
//! // weak comparison looks only at the opaque-tags.
//! assert!(!strong.matches(weak, Comparison::Strong));
//! assert!(strong.matches(weak, Comparison::Weak));
//! assert!(strong.strong_eq(strong));
//!
//! let owned: EntityTag = "W/\"xyzzy\"".parse()?;
//! assert_eq!(owned.as_tag(), weak);
//! assert_eq!(owned.to_string(), "W/\"xyzzy\"");
//! # Ok::<(), precond_etag::Error>(())
//! ```
//!
//! # Evaluate an If-None-Match list
//!
//! [`match_list`] reads every field line of the header as one list (RFC 9110
//! §5.3), validates all of it and finds the first matching member, in one
//! pass, without allocating. If-None-Match uses weak comparison (RFC 9110
//! §13.1.2), If-Match strong comparison (RFC 9110 §13.1.1).
//!
//! ```
//! use http::header::{HeaderMap, HeaderValue, IF_NONE_MATCH};
//! use precond_etag::{Comparison, EntityTag, ListMatch, match_list};
//!
//! let mut request = HeaderMap::new();
//! request.append(IF_NONE_MATCH, HeaderValue::from_static(r#"W/"xyzzy", "r2d2xxxx""#));
//! request.append(IF_NONE_MATCH, HeaderValue::from_static(r#""c3piozzzz""#));
//!
//! let current = EntityTag::strong("r2d2xxxx")?;
//! let lines = request.get_all(IF_NONE_MATCH).iter().map(HeaderValue::as_bytes);
//! match match_list(lines, Some(current.as_tag()), Comparison::Weak)? {
//!     ListMatch::Any => unreachable!("not a `*`"),
//!     ListMatch::Tags { count, matched } => {
//!         assert_eq!(count, 3);
//!         // A member matches: the If-None-Match condition is false (a 304 for GET).
//!         assert_eq!(matched.map(|tag| tag.opaque()), Some(&b"r2d2xxxx"[..]));
//!     }
//! }
//!
//! // `*` alone, and malformed values, are told apart from lists.
//! assert_eq!(match_list([&b" * "[..]], None, Comparison::Weak)?, ListMatch::Any);
//! let err = match_list([&b"\"a\", *"[..]], None, Comparison::Weak).unwrap_err();
//! assert_eq!((err.rule().as_str(), err.offset(), err.line()), ("\"*\"", 5, 0));
//! # Ok::<(), precond_etag::Error>(())
//! ```
//!
//! To look at the members themselves, [`TagList`] validates the value once and
//! iterates it lazily.
//!
//! # Make a tag for a response
//!
//! ```
//! use precond_etag::EntityTag;
//!
//! // From a digest of the representation (say, the first bytes of a SHA-256),
//! // in unpadded base64url: always a valid strong tag.
//! let digest = [0x3a, 0x7b, 0xd3, 0xe2, 0x36, 0x0a, 0x3d, 0x29];
//! let tag = EntityTag::from_digest(&digest);
//! assert_eq!(tag.to_string(), "\"OnvT4jYKPSk\"");
//!
//! // From a revision number whose changes only follow changes in meaning.
//! let tag = EntityTag::weak_from_version(17);
//! let value = http::HeaderValue::from(&tag);
//! assert_eq!(value, "W/\"17\"");
//! ```
//!
//! # Errors
//!
//! Every error names the ABNF [`Rule`] that failed, the byte offset within
//! its field line and the index of that line. Parsing never panics, never
//! allocates and takes time linear in the input.

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

mod class;
mod error;
mod grammar;
mod list;
mod scan;
mod tag;

pub use error::{Error, Rule};
pub use list::{ListMatch, Members, TagList, match_list};
pub use tag::{Comparison, EntityTag, EntityTagRef};
