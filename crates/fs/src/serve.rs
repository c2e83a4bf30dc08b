//! [`serve_content`]: one call that answers a GET or HEAD for some content
//! exactly as RFC 9110 says.

use std::collections::VecDeque;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::OnceLock;

use bytes::Bytes;

use http::header::{
    ACCEPT_RANGES, ALLOW, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, DATE, ETAG, HeaderName,
    LAST_MODIFIED, RANGE,
};
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};
use precond::{Context, DateStrength, HttpDate, Outcome, RangeDecision, Request, evaluate};

use precond_range::{Boundary, Plan, Resolution};
use precond_tower::response;

use crate::body::{Body, Segment};
use crate::source::ByteSource;
use crate::validators::Validators;

/// Content to serve: where its bytes come from, how many there are, its
/// validators and its representation header fields.
///
/// ```
/// use bytes::Bytes;
/// use http::HeaderValue;
/// use precond::EntityTag;
/// use precond_fs::{Content, Validators};
///
/// let content = Content::new(Bytes::from_static(b"hello"), 5)
///     .validators(Validators::new(EntityTag::from_version(1), None))
///     .content_type(HeaderValue::from_static("text/plain"));
/// assert_eq!(content.len(), 5);
/// ```
#[derive(Debug)]
pub struct Content<S> {
    source: S,
    len: u64,
    validators: Option<Validators>,
    headers: HeaderMap,
    date_strength: DateStrength,
}

impl<S: ByteSource + 'static> Content<S> {
    /// `len` bytes read from `source`. The length is announced in
    /// Content-Length before any byte is read: a source that turns out
    /// shorter ends the body with an error.
    pub fn new(source: S, len: u64) -> Self {
        Content {
            source,
            len,
            validators: None,
            headers: HeaderMap::new(),
            date_strength: DateStrength::Auto,
        }
    }

    /// Its validators: the ETag and Last-Modified fields, and what the
    /// conditions are compared with. Without them, no condition can match and
    /// every response is a 200 or 206 (or 412 for `If-Match: *`'s absence of
    /// a current representation: never, since the content exists).
    pub fn validators(mut self, validators: Validators) -> Self {
        self.validators = Some(validators);
        self
    }

    /// The Content-Type field.
    pub fn content_type(self, value: HeaderValue) -> Self {
        self.header(CONTENT_TYPE, value)
    }

    /// Another field every 200 for this content carries (Cache-Control,
    /// Vary, Content-Encoding, Content-Language…). A 304 keeps the ones
    /// RFC 9110 §15.4.5 lets it keep.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// Whether an If-Range date may match the Last-Modified (default
    /// [`DateStrength::Auto`], the evaluator's: strong when at least one
    /// second before `now`).
    ///
    /// RFC 9110 §8.8.2.2 lets an origin treat its Last-Modified as strong only
    /// if it reliably knows the content did not change twice within that
    /// second. A file server does not know that (a file rewritten twice in
    /// one second keeps the second), so [`ServeDir`](crate::ServeDir) passes
    /// [`DateStrength::Weak`]: an If-Range date is then always false and the
    /// whole file is sent (§13.1.5). It costs nothing to a client that
    /// follows §13.1.5, which sends a date only when it has no entity-tag,
    /// and every file response carries one.
    pub fn date_strength(mut self, strength: DateStrength) -> Self {
        self.date_strength = strength;
        self
    }

    /// The content's length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the content is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Answers a request for `content`: 200, 206 (one range, or
/// `multipart/byteranges` streamed part by part), 304, 412, 416, or 405 for
/// a method other than GET and HEAD; HEAD gets the GET's header fields and
/// no body. `now` is the response's Date.
///
/// The preconditions come first (RFC 9110 §13.2.2, evaluated by
/// [`precond::evaluate`]); the Range is looked at only when they let it
/// (§13.2.2 step 5, §14.2): an unsatisfiable Range with a matching
/// If-None-Match is a 304, not a 416.
pub fn serve_content<S: ByteSource + 'static>(
    req: Request<'_>,
    content: Content<S>,
    now: HttpDate,
) -> Response<Body> {
    let method = req.method();
    let head = method == Method::HEAD;
    if !head && method != Method::GET {
        // RFC 9110 §15.5.6: a 405 lists the methods the target supports.
        let mut res = status_only(StatusCode::METHOD_NOT_ALLOWED, now);
        res.headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    let Content {
        source,
        len,
        validators,
        headers: extra,
        date_strength,
    } = content;
    let headers = representation_headers(validators.as_ref(), extra, now);
    let rep = validators
        .as_ref()
        .map_or_else(precond::Representation::new, Validators::representation);
    let ctx = Context::new(now).with_last_modified_strength(date_strength);
    let outcome = evaluate(req, &rep, &ctx);
    match outcome {
        Outcome::PreconditionFailed { step } => {
            dated(response::precondition_failed(method, step), now)
        }
        Outcome::NotModified { .. } => response::not_modified(headers).map(Body::from),
        // Only for GET: precond never honours a Range on HEAD (§14.2).
        Outcome::Proceed {
            range: RangeDecision::Honour,
        } => ranges(method, req.headers(), source, len, headers, now),
        Outcome::Proceed { .. } | Outcome::Ignored(_) => full(source, len, headers, head),
    }
}

/// The answer once the preconditions let the Range be processed (RFC 9110
/// §13.2.2 step 5, §14.2): [`precond_range`] resolves it against the length;
/// 206 with one part or `multipart/byteranges`, 416, or 200 when the Range
/// is to be ignored.
fn ranges<S: ByteSource + 'static>(
    method: &Method,
    request: &HeaderMap,
    source: S,
    len: u64,
    mut headers: HeaderMap,
    now: HttpDate,
) -> Response<Body> {
    // RFC 9110 §14.2: Range is one field value; several field lines cannot be
    // combined into a valid ranges-specifier (its unit comes once), so the
    // field is invalid and, like any invalid Range, ignored.
    let mut lines = request.get_all(RANGE).iter();
    let (Some(value), None) = (lines.next(), lines.next()) else {
        return full(source, len, headers, false);
    };
    let ranges = match precond_range::resolve(value.as_bytes(), len) {
        Resolution::Partial(ranges) => ranges,
        Resolution::Unsatisfiable(_) => {
            return dated(response::range_not_satisfiable(method, len), now);
        }
        Resolution::Ignored(_) => return full(source, len, headers, false),
    };
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let boundary = boundary(headers.get(ETAG));
    // A content type that cannot go into a part header: send it whole
    // (ignoring a Range is always allowed, §14.2).
    let Ok(plan) = ranges.plan(content_type.as_deref(), &boundary) else {
        return full(source, len, headers, false);
    };
    headers.insert(CONTENT_LENGTH, HeaderValue::from(plan.content_length()));
    let segments = match plan {
        Plan::Single(range, _) => {
            if let Some(value) = plan
                .content_range()
                .and_then(|cr| HeaderValue::from_str(&cr.to_string()).ok())
            {
                headers.insert(CONTENT_RANGE, value);
            }
            VecDeque::from([Segment::Span {
                start: range.first(),
                len: range.len(),
            }])
        }
        Plan::Multipart(multipart) => {
            if let Ok(value) = HeaderValue::from_str(&multipart.content_type().to_string()) {
                headers.insert(CONTENT_TYPE, value);
            }
            let mut segments = VecDeque::with_capacity(2 * multipart.parts().len() + 1);
            for part in multipart.parts() {
                segments.push_back(Segment::Bytes(Bytes::from(part.head().to_string())));
                let range = part.range();
                segments.push_back(Segment::Span {
                    start: range.first(),
                    len: range.len(),
                });
            }
            segments.push_back(Segment::Bytes(Bytes::from(multipart.tail().to_string())));
            segments
        }
    };
    let mut res = Response::new(Body::stream(Box::new(source), segments));
    *res.status_mut() = StatusCode::PARTIAL_CONTENT;
    *res.headers_mut() = headers;
    res
}

/// A multipart boundary derived from the entity-tag and a secret drawn once
/// per process, so that content cannot be shaped to contain it (RFC 2046
/// §5.1.1: the boundary must not occur in the parts).
fn boundary(etag: Option<&HeaderValue>) -> Boundary {
    static SECRET: OnceLock<u64> = OnceLock::new();
    let secret = *SECRET.get_or_init(|| RandomState::new().build_hasher().finish());
    let mut seed = secret.to_le_bytes().to_vec();
    seed.extend_from_slice(etag.map_or(&b""[..], HeaderValue::as_bytes));
    Boundary::derive(&seed)
}

/// The fields every answer for this content starts from: the caller's, the
/// validators, Date, and `Accept-Ranges: bytes` (RFC 9110 §14.3: this server
/// supports byte ranges for it).
fn representation_headers(
    validators: Option<&Validators>,
    mut headers: HeaderMap,
    now: HttpDate,
) -> HeaderMap {
    headers.insert(DATE, now.into());
    if let Some(v) = validators {
        headers.insert(ETAG, v.etag().to_header_value());
        if let Some(modified) = v.last_modified() {
            // RFC 9110 §8.8.2.1 ¶4: never a Last-Modified later than Date.
            headers.insert(LAST_MODIFIED, modified.min(now).into());
        }
    }
    headers.insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers
}

/// 200 with the whole content.
pub(crate) fn full<S: ByteSource + 'static>(
    source: S,
    len: u64,
    mut headers: HeaderMap,
    head: bool,
) -> Response<Body> {
    headers.insert(CONTENT_LENGTH, HeaderValue::from(len));
    let body = if head {
        Body::empty()
    } else {
        Body::stream(
            Box::new(source),
            VecDeque::from([Segment::Span { start: 0, len }]),
        )
    };
    let mut res = Response::new(body);
    *res.headers_mut() = headers;
    res
}

/// A response with only a status, Date and an empty body.
pub(crate) fn status_only(status: StatusCode, now: HttpDate) -> Response<Body> {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = status;
    res.headers_mut().insert(DATE, now.into());
    res
}

/// An answer built in the content's place (412, 416), with Date: an origin
/// server with a clock sends Date in every 2xx, 3xx and 4xx response (RFC
/// 9110 §6.6.1), as the 200, 206 and 304 get it from the content's fields.
fn dated(res: Response<response::ShortBody>, now: HttpDate) -> Response<Body> {
    let mut res = res.map(Body::from);
    res.headers_mut().insert(DATE, now.into());
    res
}
