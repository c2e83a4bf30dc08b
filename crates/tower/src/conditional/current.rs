//! The current validators, looked up before the handler runs (`.current(f)`).

use core::convert::Infallible;
use core::fmt;
use core::future::{Future, Ready, ready};
use std::time::SystemTime;

use http::header::{self, HeaderName, HeaderValue};
use http::{HeaderMap, Method, StatusCode, request};
use precond::{EntityTag, HttpDate, Representation};

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
///     .with_last_modified_date(HttpDate::from_unix_seconds(1_700_000_000).unwrap())
///     .with_field(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
/// assert!(current.exists());
/// assert_eq!(current.etag(), Some(&EntityTag::from_version(7)));
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
    /// §8.8.2), truncated to the second toward the past. A time outside the
    /// years 0000–9999, which no HTTP-date can state, leaves it unset.
    pub fn with_last_modified(mut self, t: SystemTime) -> Self {
        self.last_modified = HttpDate::from_system_time(t).ok();
        self
    }

    /// Its modification time, already an [`HttpDate`].
    pub fn with_last_modified_date(mut self, date: HttpDate) -> Self {
        self.last_modified = Some(date);
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
    /// conditions, as far as the layer can tell before the handler runs: 200
    /// for a representation that exists; for one that does not, 404 to GET
    /// and HEAD (the conditions are then ignored, RFC 9110 §13.2.1) and a 2xx
    /// for any other method, which may create it.
    pub(crate) fn unconditional_status(&self, method: &Method) -> StatusCode {
        if self.exists || !(method == Method::GET || method == Method::HEAD) {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        }
    }

    /// The header fields of the 304 the layer answers in the handler's place:
    /// the given fields, ETag and Last-Modified.
    pub(crate) fn not_modified_fields(self) -> HeaderMap {
        let mut fields = self.fields;
        if let Some(tag) = self.etag {
            fields.insert(header::ETAG, tag.to_header_value());
        }
        if let Some(date) = self.last_modified {
            fields.insert(header::LAST_MODIFIED, date.into());
        }
        fields
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
