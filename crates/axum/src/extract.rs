//! [`Preconditions`]: the extractor, and the one place this crate evaluates.

use core::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderMap};
use http::{Method, request};
use precond::{Context, Field, HttpDate, Outcome, RangeDecision, Request, evaluate};
use precond_tower::Current;

use crate::content::{IntoReply, complete};
use crate::rejection::{Kind, Rejection};

/// The conditions of a request: its method and its If-Match,
/// If-Unmodified-Since, If-None-Match, If-Modified-Since, If-Range and Range
/// field lines, copied out of the request (a `HeaderValue` clone is a
/// reference count) and parsed only when [`check`](Self::check) or
/// [`respond`](Self::respond) evaluates them.
///
/// ```
/// use axum::http::StatusCode;
/// use precond_axum::{Preconditions, Rejection};
///
/// async fn delete(pre: Preconditions) -> Result<StatusCode, Rejection> {
///     let version = 3_u64; // the row's current version
///     pre.required().check(&version.into())?;
///     Ok(StatusCode::NO_CONTENT) // performed: the client named version 3
/// }
/// # let _: axum::Router = axum::Router::new().route("/", axum::routing::delete(delete));
/// ```
///
/// Extracting never fails (its rejection is [`Infallible`]): a request
/// without conditions is one whose check passes.
#[derive(Clone, Debug)]
pub struct Preconditions {
    method: Method,
    fields: HeaderMap,
    now: Option<HttpDate>,
    required: bool,
    problem: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for Preconditions {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut request::Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Preconditions::new(&parts.method, &parts.headers))
    }
}

impl Preconditions {
    /// The conditions of a request with this method and these header
    /// fields (what the extractor does).
    pub fn new(method: &Method, headers: &HeaderMap) -> Self {
        let mut fields = HeaderMap::new();
        for field in Field::ALL {
            let name = field.header_name();
            for value in headers.get_all(&name) {
                fields.append(name.clone(), value.clone());
            }
        }
        Preconditions {
            method: method.clone(),
            fields,
            now: None,
            required: false,
            problem: false,
        }
    }

    /// The handler requires a precondition: a request with none of
    /// If-Match, If-Unmodified-Since and If-None-Match is refused with 428
    /// Precondition Required (RFC 6585 §3), so that no client can overwrite
    /// what it has not seen. `If-None-Match: *` (a create) counts.
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// 412 and 428 rejections carry an `application/problem+json` body
    /// (RFC 9457) rather than a line of plain text.
    pub fn problem_details(mut self) -> Self {
        self.problem = true;
        self
    }

    /// Evaluates at `now`, the Date of the response, instead of reading the
    /// clock ([`HttpDate::now`]) when evaluating: for tests, and for
    /// handlers that fix the Date themselves (RFC 9110 §8.8.2.1).
    pub fn with_now(mut self, now: HttpDate) -> Self {
        self.now = Some(now);
        self
    }

    /// The request's method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Whether the request carries one of the preconditions RFC 6585 §3
    /// counts: If-Match, If-Unmodified-Since or If-None-Match.
    pub fn has_precondition(&self) -> bool {
        self.fields.contains_key(header::IF_MATCH)
            || self.fields.contains_key(header::IF_UNMODIFIED_SINCE)
            || self.fields.contains_key(header::IF_NONE_MATCH)
    }

    /// What RFC 9110 §13.2.2 decides for this request against `current`,
    /// with the status the response would have without the conditions taken
    /// from [`Current::unconditional_status`].
    pub fn evaluate(&self, current: &Current) -> Outcome {
        let now = self.now.unwrap_or_else(HttpDate::now);
        let ctx =
            Context::new(now).with_unconditional_status(current.unconditional_status(&self.method));
        evaluate(
            Request::new(&self.method, &self.fields),
            &current.representation(),
            &ctx,
        )
    }

    /// Before a write (or a read): `Ok` when the method may be performed,
    /// otherwise the complete answer, a [`Rejection`]:
    ///
    /// - 428 Precondition Required after [`required`](Self::required) when
    ///   the request has no precondition (RFC 6585 §3);
    /// - 412 Precondition Failed, with the current ETag, when If-Match or
    ///   If-Unmodified-Since is false, or If-None-Match is false for a method
    ///   other than GET and HEAD (RFC 9110 §13.1.1, §13.1.4, §13.1.2);
    /// - 304 Not Modified for a GET or HEAD whose If-None-Match or
    ///   If-Modified-Since is false (RFC 9110 §13.1.2, §13.1.3), with the
    ///   fields of [`Current::response_fields`] shaped by RFC 9110 §15.4.5.
    ///
    /// For a create, pass [`Current::missing`] (or `None.into()`): `If-None-Match: *`
    /// then holds, and fails once the resource exists.
    ///
    /// A check does not keep another request from writing between it and
    /// the write: see the crate documentation for the patterns that do.
    pub fn check(&self, current: &Current) -> Result<(), Rejection> {
        self.decide(current).map(|_| ())
    }

    /// For a GET or HEAD: a 304 without calling `body` when the client's
    /// copy is current, a 412 when a precondition is false, otherwise what
    /// `body` returns with ETag, Last-Modified and the other fields of
    /// `current`; a [`Content`](crate::Content) body is served in part when
    /// the Range is to be honoured (206, or 416), any other response whole.
    /// For other methods it is [`check`](Self::check) followed by `body`.
    pub fn respond<B: IntoReply>(&self, current: &Current, body: impl FnOnce() -> B) -> Response {
        match self.decide(current) {
            Ok(range) => complete(&self.method, &self.fields, current, range, body()),
            Err(rejection) => rejection.into_response(),
        }
    }

    /// [`respond`](Self::respond) with a body built asynchronously (a
    /// database read, a template render on a blocking thread); not awaited
    /// at all when the answer is 304 or 412.
    pub async fn respond_async<B: IntoReply>(
        &self,
        current: &Current,
        body: impl AsyncFnOnce() -> B,
    ) -> Response {
        match self.decide(current) {
            Ok(range) => complete(&self.method, &self.fields, current, range, body().await),
            Err(rejection) => rejection.into_response(),
        }
    }

    /// The one decision behind `check` and `respond`: the Range decision to
    /// proceed with (`None` when the conditions were ignored), or the
    /// rejection.
    fn decide(&self, current: &Current) -> Result<Option<RangeDecision>, Rejection> {
        if self.required && !self.has_precondition() {
            return Err(self.reject(Kind::Required));
        }
        match self.evaluate(current) {
            Outcome::Proceed { range } => Ok(Some(range)),
            Outcome::Ignored(_) => Ok(None),
            Outcome::NotModified { step } => Err(self.reject(Kind::NotModified {
                step,
                fields: current.response_fields(),
            })),
            Outcome::PreconditionFailed { step } => Err(self.reject(Kind::Failed {
                step,
                etag: current.etag().map(precond::EntityTag::to_header_value),
            })),
        }
    }

    fn reject(&self, kind: Kind) -> Rejection {
        Rejection::new(self.method.clone(), kind, self.problem)
    }
}
