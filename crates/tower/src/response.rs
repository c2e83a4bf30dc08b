//! The responses a server answers instead of performing the method: 304, 412,
//! 416 and 428, with their header fields, their short bodies and their framing
//! for HEAD.
//!
//! This is the one place in precond that builds them: the
//! [`ConditionalLayer`](crate::ConditionalLayer) uses it, and so should any
//! crate or handler that answers a conditional request itself.
//!
//! ```
//! use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
//! use precond::Step;
//! use precond_tower::response;
//!
//! // A 304 from the fields the 200 would have carried (RFC 9110 §15.4.5).
//! let mut fields = HeaderMap::new();
//! fields.insert(header::ETAG, HeaderValue::from_static("\"v1\""));
//! fields.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
//! fields.insert(header::CONTENT_LENGTH, HeaderValue::from_static("1024"));
//! let res = response::not_modified(fields);
//! assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
//! assert_eq!(res.headers().len(), 1); // the ETag; no Content-Length
//!
//! // A 412 names the condition that failed; to HEAD it has the same fields
//! // and no content.
//! let res = response::precondition_failed(&Method::HEAD, Step::IfMatch);
//! assert_eq!(res.status(), StatusCode::PRECONDITION_FAILED);
//! assert!(res.body().is_empty());
//!
//! // A 416 says how long the representation is.
//! let res = response::range_not_satisfiable(&Method::GET, 1000);
//! assert_eq!(res.headers()[header::CONTENT_RANGE], "bytes */1000");
//! ```

use core::convert::Infallible;
use core::pin::Pin;
use core::task::{Context, Poll};

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{HeaderMap, Method, Response, StatusCode};
use http_body::{Body, Frame, SizeHint};
use precond::Step;
use precond_range::ContentRange;

/// The body of a response built here: no content at all (a 304), a short
/// plain-text explanation, or the empty body of an answer to HEAD.
///
/// Its size hint frames the message: a 304 reports no length, so that neither
/// the server nor a framework adds a `Content-Length: 0` the 200 would not
/// have had (RFC 9110 §8.6 lets a 304 carry the 200's Content-Length or none,
/// never another); an explanation reports its exact length.
#[derive(Clone, Debug)]
pub struct ShortBody {
    /// The text not sent yet.
    data: Option<&'static [u8]>,
    framing: Framing,
}

/// What a [`ShortBody`] says about its length.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Framing {
    /// The exact length of `data` (zero when there is none).
    Exact,
    /// Nothing: the message has no content and no length is announced.
    NoContent,
}

impl ShortBody {
    /// A body for a response that has no content and announces no length
    /// (304, RFC 9110 §15.4.5 and §8.6).
    pub const fn no_content() -> Self {
        ShortBody {
            data: None,
            framing: Framing::NoContent,
        }
    }

    /// An empty body of exact length zero: the content of a response to HEAD
    /// (RFC 9110 §9.3.2), whose Content-Length says how long the GET's would
    /// be.
    pub const fn empty() -> Self {
        ShortBody {
            data: None,
            framing: Framing::Exact,
        }
    }

    /// A body holding `text`.
    pub const fn text(text: &'static str) -> Self {
        ShortBody {
            data: Some(text.as_bytes()),
            framing: Framing::Exact,
        }
    }

    /// Whether there is no content left to send.
    pub fn is_empty(&self) -> bool {
        self.data.is_none_or(<[u8]>::is_empty)
    }
}

impl Default for ShortBody {
    /// [`ShortBody::empty`].
    fn default() -> Self {
        ShortBody::empty()
    }
}

impl Body for ShortBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let data = self.get_mut().data.take().filter(|d| !d.is_empty());
        Poll::Ready(data.map(|d| Ok(Frame::data(Bytes::from_static(d)))))
    }

    fn is_end_stream(&self) -> bool {
        self.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        match self.framing {
            Framing::NoContent => SizeHint::default(),
            Framing::Exact => SizeHint::with_exact(self.data.map_or(0, |d| d.len() as u64)),
        }
    }
}

const TEXT_PLAIN: HeaderValue = HeaderValue::from_static("text/plain; charset=utf-8");

/// A 304 Not Modified whose header fields are `fields`, those the 200 would
/// have carried, shaped by [`precond::not_modified_headers`] (RFC 9110
/// §15.4.5): Cache-Control, Content-Location, Date, ETag, Expires and Vary
/// kept, Last-Modified only without an ETag, content metadata dropped,
/// Content-Length included.
///
/// The same for GET and HEAD. The body has no content and announces no
/// length, so no `Content-Length` appears on the wire (RFC 9110 §8.6).
pub fn not_modified(mut fields: HeaderMap) -> Response<ShortBody> {
    // spec: 9110-15.4.5-drop-representation-metadata
    precond::not_modified_headers(&mut fields);
    let mut res = Response::new(ShortBody::no_content());
    *res.status_mut() = StatusCode::NOT_MODIFIED;
    *res.headers_mut() = fields;
    res
}

/// A 412 Precondition Failed (RFC 9110 §15.5.13): the condition of `step`
/// was false and the method was not performed.
///
/// Its body is one line of plain text naming the field and its section; to
/// HEAD the same header fields with no content (RFC 9110 §9.3.2).
pub fn precondition_failed(method: &Method, step: Step) -> Response<ShortBody> {
    let text = match step {
        Step::IfMatch => "412 Precondition Failed: If-Match is false (RFC 9110 §13.1.1).\n",
        Step::IfUnmodifiedSince => {
            "412 Precondition Failed: If-Unmodified-Since is false (RFC 9110 §13.1.4).\n"
        }
        Step::IfNoneMatch => {
            "412 Precondition Failed: If-None-Match is false (RFC 9110 §13.1.2).\n"
        }
        // The evaluator fails only steps 1 to 3; the others never reach here.
        Step::IfModifiedSince | Step::IfRange | Step::Perform => {
            "412 Precondition Failed (RFC 9110 §13.2.2).\n"
        }
    };
    explanation(method, StatusCode::PRECONDITION_FAILED, text)
}

/// A 416 Range Not Satisfiable (RFC 9110 §15.5.17) for a representation of
/// `complete_length` bytes: `Content-Range: bytes */complete_length` (RFC 9110
/// §14.4, written by [`precond_range::ContentRange`]) and a one-line
/// plain-text body.
pub fn range_not_satisfiable(method: &Method, complete_length: u64) -> Response<ShortBody> {
    let mut res = explanation(
        method,
        StatusCode::RANGE_NOT_SATISFIABLE,
        "416 Range Not Satisfiable: no requested range overlaps the representation (RFC 9110 §15.5.17).\n",
    );
    let range = ContentRange::unsatisfied(complete_length).to_string();
    if let Ok(value) = HeaderValue::try_from(range) {
        res.headers_mut().insert(header::CONTENT_RANGE, value);
    }
    res
}

/// A 428 Precondition Required (RFC 6585 §3): the server requires this
/// method to be conditional and the request carried none of If-Match,
/// If-Unmodified-Since and If-None-Match.
pub fn precondition_required(method: &Method) -> Response<ShortBody> {
    explanation(
        method,
        StatusCode::PRECONDITION_REQUIRED,
        "428 Precondition Required: send If-Match with the entity-tag you last received, or If-None-Match: * to create (RFC 6585 §3).\n",
    )
}

/// A 500 for a lookup of the current validators that failed: the method was
/// not performed, because its preconditions could not be evaluated.
pub(crate) fn lookup_failed(method: &Method) -> Response<ShortBody> {
    explanation(
        method,
        StatusCode::INTERNAL_SERVER_ERROR,
        "500 Internal Server Error: the current validators could not be looked up, so the request was not performed.\n",
    )
}

/// A 500 for a response future polled after it completed (a caller's bug):
/// an answer rather than a panic.
pub(crate) fn internal_error(method: &Method) -> Response<ShortBody> {
    explanation(
        method,
        StatusCode::INTERNAL_SERVER_ERROR,
        "500 Internal Server Error.\n",
    )
}

/// A response with a one-line plain-text body; to HEAD, its header fields
/// with Content-Length and no content.
fn explanation(method: &Method, status: StatusCode, text: &'static str) -> Response<ShortBody> {
    let body = if method == Method::HEAD {
        ShortBody::empty()
    } else {
        ShortBody::text(text)
    };
    let mut res = Response::new(body);
    *res.status_mut() = status;
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, TEXT_PLAIN);
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(text.len()));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_416_says_how_long_the_representation_is() {
        for n in [0, 1, 1000, u64::MAX] {
            let res = range_not_satisfiable(&Method::GET, n);
            assert_eq!(res.status(), StatusCode::RANGE_NOT_SATISFIABLE);
            assert_eq!(
                res.headers()[header::CONTENT_RANGE],
                format!("bytes */{n}").as_str()
            );
        }
    }

    #[test]
    fn explanations_to_head_keep_their_length_and_drop_content() {
        let get = precondition_required(&Method::GET);
        let head = precondition_required(&Method::HEAD);
        assert_eq!(get.headers(), head.headers());
        assert_eq!(
            get.body().size_hint().exact(),
            head.headers()[header::CONTENT_LENGTH]
                .to_str()
                .ok()
                .and_then(|v| v.parse().ok())
        );
        assert_eq!(head.body().size_hint().exact(), Some(0));
        assert!(head.body().is_end_stream());
    }

    #[test]
    fn a_304_announces_no_length() {
        let res = not_modified(HeaderMap::new());
        assert_eq!(res.body().size_hint().exact(), None);
        assert!(res.body().is_end_stream());
        assert!(res.headers().is_empty());
    }
}
