//! What a body closure gives [`respond`](crate::Preconditions::respond), and
//! the 200, 206 or 416 built from it.

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};
use precond::RangeDecision;
use precond_range::{Boundary, ByteRange, Plan, Resolution};
use precond_tower::{Current, response};

/// Bytes and their Content-Type: a body whose ranges
/// [`respond`](crate::Preconditions::respond) can serve (206 Partial Content,
/// RFC 9110 §14.2, §15.3.7), because all of it is at hand.
///
/// ```
/// use axum::http::HeaderValue;
/// use precond_axum::Content;
///
/// let page = Content::from("<p>hello</p>")
///     .with_content_type(HeaderValue::from_static("text/html; charset=utf-8"));
/// assert_eq!(page.bytes().len(), 12);
/// ```
#[derive(Clone, Debug)]
pub struct Content {
    bytes: Bytes,
    content_type: Option<HeaderValue>,
}

impl Content {
    /// These bytes, without a Content-Type.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Content {
            bytes: bytes.into(),
            content_type: None,
        }
    }

    /// Its Content-Type (also written into each part of a
    /// `multipart/byteranges` 206, RFC 9110 §14.6).
    pub fn with_content_type(mut self, value: HeaderValue) -> Self {
        self.content_type = Some(value);
        self
    }

    /// The bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The Content-Type given.
    pub fn content_type(&self) -> Option<&HeaderValue> {
        self.content_type.as_ref()
    }
}

const TEXT: HeaderValue = HeaderValue::from_static("text/plain; charset=utf-8");
const OCTETS: HeaderValue = HeaderValue::from_static("application/octet-stream");

impl From<String> for Content {
    /// `text/plain; charset=utf-8`, as axum types a `String`.
    fn from(text: String) -> Self {
        Content::new(text).with_content_type(TEXT)
    }
}

impl From<&'static str> for Content {
    /// `text/plain; charset=utf-8`, as axum types a `&str`.
    fn from(text: &'static str) -> Self {
        Content::new(text).with_content_type(TEXT)
    }
}

impl From<Vec<u8>> for Content {
    /// `application/octet-stream`, as axum types a `Vec<u8>`.
    fn from(bytes: Vec<u8>) -> Self {
        Content::new(bytes).with_content_type(OCTETS)
    }
}

impl From<Bytes> for Content {
    /// `application/octet-stream`, as axum types `Bytes`.
    fn from(bytes: Bytes) -> Self {
        Content::new(bytes).with_content_type(OCTETS)
    }
}

/// What a body closure returns, as [`respond`](crate::Preconditions::respond)
/// takes it.
#[derive(Debug)]
pub enum Reply {
    /// A response to send whole: a Range is ignored (RFC 9110 §14.2 lets a
    /// server ignore it).
    Whole(Response),
    /// Bytes whose ranges are served.
    Content(Content),
}

/// Turns what a body closure returns into a [`Reply`]: any `IntoResponse`
/// is a [`Reply::Whole`], a [`Content`] a [`Reply::Content`].
pub trait IntoReply {
    /// The reply.
    fn into_reply(self) -> Reply;
}

impl<T: IntoResponse> IntoReply for T {
    fn into_reply(self) -> Reply {
        Reply::Whole(self.into_response())
    }
}

impl IntoReply for Content {
    fn into_reply(self) -> Reply {
        Reply::Content(self)
    }
}

/// The answer once the conditions let the method proceed: `range` is the
/// evaluation's decision (`None` when the conditions were ignored).
///
/// To GET and HEAD, a 200 gets the fields of `current` (ETag,
/// Last-Modified, and those given with `with_field`), replacing any of the
/// same name: they are what the conditions were evaluated against. Other
/// statuses and methods are left as the closure made them: the validators of
/// `current` describe the representation before a write, not after.
pub(crate) fn complete(
    method: &Method,
    request: &HeaderMap,
    current: &Current,
    range: Option<RangeDecision>,
    reply: impl IntoReply,
) -> Response {
    let get_or_head = method == Method::GET || method == Method::HEAD;
    match reply.into_reply() {
        Reply::Whole(mut res) => {
            if get_or_head && res.status() == StatusCode::OK {
                res.headers_mut().extend(current.response_fields());
            }
            res
        }
        Reply::Content(content) => {
            let mut headers = if get_or_head {
                current.response_fields()
            } else {
                HeaderMap::new()
            };
            if let Some(value) = &content.content_type {
                headers.insert(header::CONTENT_TYPE, value.clone());
            }
            if current.representation().supports_ranges() {
                // RFC 9110 §14.3: this resource serves byte ranges.
                headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            }
            // Only for GET: precond never honours a Range on HEAD (§14.2).
            let partial = match range {
                Some(RangeDecision::Honour) => partial(method, request, &content, &mut headers),
                _ => None,
            };
            partial.unwrap_or_else(|| full(method, content.bytes, headers))
        }
    }
}

/// 200 with all the bytes; to HEAD, their length and no content.
fn full(method: &Method, bytes: Bytes, mut headers: HeaderMap) -> Response {
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(bytes)
    };
    let mut res = Response::new(body);
    *res.headers_mut() = headers;
    res
}

/// The answer to a Range the evaluation lets through (RFC 9110 §13.2.2 step
/// 5): 206 with one part or `multipart/byteranges`, 416, or `None` to send
/// the whole content (a Range to ignore, RFC 9110 §14.2).
fn partial(
    method: &Method,
    request: &HeaderMap,
    content: &Content,
    headers: &mut HeaderMap,
) -> Option<Response> {
    // RFC 9110 §14.2: Range is one field value; several lines cannot be one
    // valid ranges-specifier (its unit comes once), so it is ignored.
    let mut lines = request.get_all(header::RANGE).iter();
    let (Some(value), None) = (lines.next(), lines.next()) else {
        return None;
    };
    let len = u64::try_from(content.bytes.len()).ok()?;
    let ranges = match precond_range::resolve(value.as_bytes(), len) {
        Resolution::Partial(ranges) => ranges,
        Resolution::Unsatisfiable(_) => {
            return Some(response::range_not_satisfiable(method, len).map(Body::new));
        }
        Resolution::Ignored(_) => return None,
    };
    let content_type = content.content_type.as_ref().and_then(|v| v.to_str().ok());
    let boundary = boundary(&content.bytes, headers.get(header::ETAG))?;
    // Every field is worked out before any is set, so that `None` leaves
    // the 200's fields as they were.
    let (body, name, value) = match ranges.plan(content_type, &boundary).ok()? {
        Plan::Single(range, length) => {
            let value = precond_range::ContentRange::satisfied(range, Some(length))?;
            let value = HeaderValue::try_from(value.to_string()).ok()?;
            (span(&content.bytes, range)?, header::CONTENT_RANGE, value)
        }
        Plan::Multipart(multipart) => {
            let value = HeaderValue::try_from(multipart.content_type().to_string()).ok()?;
            let mut body = Vec::with_capacity(usize::try_from(multipart.content_length()).ok()?);
            for part in multipart.parts() {
                body.extend_from_slice(part.head().to_string().as_bytes());
                body.extend_from_slice(&span(&content.bytes, part.range())?);
            }
            body.extend_from_slice(multipart.tail().to_string().as_bytes());
            (Bytes::from(body), header::CONTENT_TYPE, value)
        }
    };
    headers.insert(name, value);
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = StatusCode::PARTIAL_CONTENT;
    *res.headers_mut() = core::mem::take(headers);
    Some(res)
}

/// The bytes of `range`, which the resolution kept inside the content.
fn span(bytes: &Bytes, range: ByteRange) -> Option<Bytes> {
    let first = usize::try_from(range.first()).ok()?;
    let end = usize::try_from(range.last()).ok()?.checked_add(1)?;
    bytes.get(first..end).map(|part| bytes.slice_ref(part))
}

/// A multipart boundary that does not occur in the content (RFC 2046
/// §5.1.1), derived from the entity-tag so that the same request gets the
/// same bytes; `None` (send the whole content) when a few tries all occur.
fn boundary(content: &[u8], etag: Option<&HeaderValue>) -> Option<Boundary> {
    let etag = etag.map_or(&b""[..], HeaderValue::as_bytes);
    (0_u8..4).find_map(|attempt| {
        let mut seed = etag.to_vec();
        seed.push(attempt);
        let boundary = Boundary::derive(&seed);
        memchr::memmem::find(content, boundary.as_str().as_bytes())
            .is_none()
            .then_some(boundary)
    })
}
