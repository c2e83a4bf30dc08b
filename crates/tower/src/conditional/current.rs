//! The current validators, looked up before the handler runs (`.current(f)`).

use core::convert::Infallible;
use core::fmt;
use core::future::{Future, Ready, ready};
use std::time::SystemTime;

use http::header::{self, HeaderName, HeaderValue};
use http::{HeaderMap, Method, StatusCode, request};
use precond::{EntityTag, HttpDate, LastModified, Representation};

/// What a lookup says about the target resource before the handler runs: its
/// current validators (RFC 9110 §8.8), or that it has no current
/// representation, and the header fields a 304 must carry that the handler
/// would have set.
///
/// ```
/// use http::{header, HeaderValue};
/// use precond::{EntityTag, HttpDate};
/// use precond_tower::Current;
///
/// let current = Current::new()
///     .with_etag(EntityTag::from_version(7))
///     .with_last_modified(HttpDate::from_unix_seconds(1_700_000_000).unwrap())
///     .with_field(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
/// assert!(current.exists());
/// assert_eq!(current.etag(), Some(&EntityTag::from_version(7)));
/// assert_eq!(current.fields()[header::CACHE_CONTROL], "no-cache");
/// assert!(current.representation().supports_ranges());
/// assert!(!current.without_ranges().representation().supports_ranges());
///
/// let gone = Current::missing();
/// assert!(!gone.exists());
/// ```
#[derive(Clone, Debug)]
pub struct Current {
    etag: Option<EntityTag>,
    last_modified: Option<HttpDate>,
    exists: bool,
    ranges: bool,
    fields: HeaderMap,
}

impl Default for Current {
    /// [`Current::new`].
    fn default() -> Self {
        Current::new()
    }
}

impl Current {
    /// A current representation that supports range requests, with no
    /// validators yet.
    pub fn new() -> Self {
        Current {
            etag: None,
            last_modified: None,
            exists: true,
            ranges: true,
            fields: HeaderMap::new(),
        }
    }

    /// There is no current representation: no entity-tag matches, there is
    /// no modification date (RFC 9110 §13.1.1–§13.1.4), so `If-Match: *`
    /// fails and `If-None-Match: *` holds (a create).
    ///
    /// A GET or HEAD of it would not be a 2xx, so its conditions are ignored
    /// and the handler answers (RFC 9110 §13.2.1); for other methods they are
    /// evaluated.
    pub fn missing() -> Self {
        Current {
            exists: false,
            ..Current::new()
        }
    }

    /// Its entity-tag: the ETag the handler sends (RFC 9110 §8.8.3).
    pub fn with_etag(mut self, tag: EntityTag) -> Self {
        self.etag = Some(tag);
        self
    }

    /// Its modification time: the Last-Modified the handler sends (RFC 9110
    /// §8.8.2), an [`HttpDate`] or a [`SystemTime`] at any precision, read
    /// as [`precond::Representation::with_last_modified`] reads it (a
    /// `SystemTime` truncated to the second toward the past, see
    /// [`LastModified`]).
    pub fn with_last_modified(mut self, time: impl Into<LastModified>) -> Self {
        self.last_modified = Some(time.into().date());
        self
    }

    /// The resource does not serve ranges: Range and If-Range are ignored
    /// (RFC 9110 §14).
    pub fn without_ranges(mut self) -> Self {
        self.ranges = false;
        self
    }

    /// A field a 304 carries because the 200 would have: Cache-Control,
    /// Content-Location, Expires, Vary (RFC 9110 §15.4.5), or any other field
    /// that is not representation metadata. Appended: call it once per field
    /// line.
    pub fn with_field(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.fields.append(name, value);
        self
    }

    /// The entity-tag given.
    pub fn etag(&self) -> Option<&EntityTag> {
        self.etag.as_ref()
    }

    /// The modification time given, truncated to the second.
    pub fn last_modified(&self) -> Option<HttpDate> {
        self.last_modified
    }

    /// Whether there is a current representation.
    pub fn exists(&self) -> bool {
        self.exists
    }

    /// The fields given with [`with_field`](Self::with_field).
    pub fn fields(&self) -> &HeaderMap {
        &self.fields
    }

    /// The representation as [`precond::evaluate`] takes it.
    pub fn representation(&self) -> Representation<'_> {
        let mut rep = Representation::new();
        if let Some(tag) = &self.etag {
            rep = rep.with_etag(tag.as_tag());
        }
        if let Some(date) = self.last_modified {
            rep = rep.with_last_modified(date);
        }
        if !self.exists {
            rep = rep.missing();
        }
        if !self.ranges {
            rep = rep.no_ranges();
        }
        rep
    }

    /// The status the response to `method` would have without the
    /// conditions, as far as can be told before the handler runs: 200 for a
    /// representation that exists; for one that does not, 404 to GET and
    /// HEAD (the conditions are then ignored, RFC 9110 §13.2.1) and a 2xx for
    /// any other method, which may create it.
    pub fn unconditional_status(&self, method: &Method) -> StatusCode {
        if self.exists || !(method == Method::GET || method == Method::HEAD) {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        }
    }

    /// The header fields a 200 about it carries, and the 304 answered in
    /// the handler's place is shaped from: the given fields, ETag and
    /// Last-Modified.
    pub fn response_fields(&self) -> HeaderMap {
        let mut fields = self.fields.clone();
        if let Some(tag) = &self.etag {
            fields.insert(header::ETAG, tag.to_header_value());
        }
        if let Some(date) = self.last_modified {
            fields.insert(header::LAST_MODIFIED, date.into());
        }
        fields
    }
}

/// Validators from the sources applications keep, without boilerplate.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use precond::{EntityTag, HttpDate};
/// use precond_tower::Current;
///
/// // A row's version number: the entity-tag `"7"`.
/// assert_eq!(Current::from(7_u64).etag(), Some(&EntityTag::from_version(7)));
/// // An `updated_at`: Last-Modified, to the second.
/// let updated_at = UNIX_EPOCH + Duration::from_millis(1_700_000_000_250);
/// let current = Current::from(updated_at);
/// assert_eq!(current.last_modified(), HttpDate::from_unix_seconds(1_700_000_000).ok());
/// let date = HttpDate::from_unix_seconds(1_700_000_000).unwrap();
/// assert_eq!(Current::from(date).last_modified(), Some(date));
/// // Both, from a (version, updated_at) pair.
/// let current = Current::from((7_u64, updated_at));
/// assert!(current.etag().is_some() && current.last_modified().is_some());
/// // A digest of the content (SHA-256, say): its hex as a strong tag.
/// let current = Current::from(EntityTag::from_digest(&[0xab; 32]));
/// assert!(current.etag().is_some());
/// // A row that may not be there: `None` is no current representation.
/// assert!(!Current::from(None::<u64>).exists());
/// ```
impl From<u64> for Current {
    /// The entity-tag [`EntityTag::from_version`] writes for `version`.
    fn from(version: u64) -> Self {
        Current::new().with_etag(EntityTag::from_version(version))
    }
}

impl From<EntityTag> for Current {
    /// This entity-tag (from [`EntityTag::from_digest`], say).
    fn from(tag: EntityTag) -> Self {
        Current::new().with_etag(tag)
    }
}

impl From<SystemTime> for Current {
    /// This modification time ([`Current::with_last_modified`]).
    fn from(time: SystemTime) -> Self {
        Current::new().with_last_modified(time)
    }
}

impl From<HttpDate> for Current {
    /// This modification time ([`Current::with_last_modified`]).
    fn from(date: HttpDate) -> Self {
        Current::new().with_last_modified(date)
    }
}

impl From<(u64, SystemTime)> for Current {
    /// A version and an `updated_at`: the entity-tag of the version and the
    /// time as Last-Modified.
    fn from((version, time): (u64, SystemTime)) -> Self {
        Current::from(version).with_last_modified(time)
    }
}

impl<T: Into<Current>> From<Option<T>> for Current {
    /// `None`: no current representation ([`Current::missing`]).
    fn from(value: Option<T>) -> Self {
        value.map_or_else(Current::missing, Into::into)
    }
}

/// An asynchronous lookup of the [`Current`] validators from the request's
/// method, URI and header fields, run before the handler.
///
/// Implemented for every `FnMut(&http::request::Parts) -> impl Future<Output
/// = Result<Current, E>>` with `E: Display`; the future must not borrow the
/// parts (copy out the path or key it needs). Write the closure's parameter
/// type out, `|parts: &Parts|`, so that it takes any lifetime.
pub trait Lookup {
    /// Why the lookup failed; shown in the `tracing` event.
    type Error: fmt::Display;
    /// The lookup in progress.
    type Future: Future<Output = Result<Current, Self::Error>>;

    /// Starts the lookup for this request.
    fn lookup(&mut self, parts: &request::Parts) -> Self::Future;
}

impl<F, Fut, E> Lookup for F
where
    F: FnMut(&request::Parts) -> Fut,
    Fut: Future<Output = Result<Current, E>>,
    E: fmt::Display,
{
    type Error = E;
    type Future = Fut;

    fn lookup(&mut self, parts: &request::Parts) -> Fut {
        self(parts)
    }
}

/// The lookup of a layer without `.current(f)`: never called.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoLookup;

impl Lookup for NoLookup {
    type Error = Infallible;
    type Future = Ready<Result<Current, Infallible>>;

    fn lookup(&mut self, _parts: &request::Parts) -> Self::Future {
        ready(Ok(Current::new()))
    }
}

/// What the layer answers when the lookup of `.current(f)` fails.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum OnLookupError {
    /// 500 Internal Server Error, without running the handler (the default):
    /// a request whose preconditions cannot be evaluated is not performed, so
    /// an If-Match never lets a write through unchecked.
    #[default]
    InternalError,
    /// Call the handler as if there were no lookup; the conditions of a GET or
    /// HEAD are still evaluated on its response.
    PassThrough,
}
