//! [`Rejection`]: the answer in place of the method, a complete response.

use core::fmt;

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};
use precond::Step;
use precond_tower::response;

/// Why a request is not performed: 304, 412 or 428, answered by
/// [`IntoResponse`] with the responses of [`precond_tower::response`].
///
/// ```
/// use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
/// use axum::response::IntoResponse;
/// use precond_axum::{Current, Preconditions};
///
/// let mut headers = HeaderMap::new();
/// headers.insert(header::IF_MATCH, HeaderValue::from_static("\"6\""));
/// let pre = Preconditions::new(&Method::PUT, &headers);
/// let rejection = pre.check(&Current::from(7_u64)).unwrap_err();
/// assert_eq!(rejection.status(), StatusCode::PRECONDITION_FAILED);
/// let res = rejection.into_response();
/// assert_eq!(res.headers()[header::ETAG], "\"7\""); // what to send next time
/// ```
#[derive(Clone, Debug)]
pub struct Rejection(Box<Inner>);

/// A rejection's contents, boxed: a 304 carries a whole `HeaderMap`, and
/// `Result<(), Rejection>` stays one pointer wide.
#[derive(Clone, Debug)]
struct Inner {
    method: Method,
    kind: Kind,
    problem: bool,
}

/// What was decided.
#[derive(Clone, Debug)]
pub(crate) enum Kind {
    /// 304 at `step`, with the fields a 200 would have carried.
    NotModified { step: Step, fields: HeaderMap },
    /// 412 at `step`, with the current entity-tag if there is one.
    Failed {
        step: Step,
        etag: Option<HeaderValue>,
    },
    /// 428.
    Required,
}

impl Rejection {
    pub(crate) fn new(method: Method, kind: Kind, problem: bool) -> Self {
        Rejection(Box::new(Inner {
            method,
            kind,
            problem,
        }))
    }

    /// 304, 412 or 428.
    pub fn status(&self) -> StatusCode {
        match self.0.kind {
            Kind::NotModified { .. } => StatusCode::NOT_MODIFIED,
            Kind::Failed { .. } => StatusCode::PRECONDITION_FAILED,
            Kind::Required => StatusCode::PRECONDITION_REQUIRED,
        }
    }

    /// The RFC 9110 §13.2.2 step whose condition was false (If-Match,
    /// If-Unmodified-Since or If-None-Match for 412; If-None-Match or
    /// If-Modified-Since for 304); `None` for 428.
    pub fn step(&self) -> Option<Step> {
        match &self.0.kind {
            Kind::Failed { step, .. } => Some(*step),
            Kind::NotModified { step, .. } => Some(*step),
            Kind::Required => None,
        }
    }

    /// The same rejection with an `application/problem+json` body (RFC
    /// 9457) for a 412 or 428; a 304 has no content either way.
    pub fn with_problem_details(mut self) -> Self {
        self.0.problem = true;
        self
    }
}

/// `412 Precondition Failed at step 1 (If-Match)`, `304 Not Modified at step 3
/// (If-None-Match)`, `428 Precondition Required (RFC 6585 §3)`.
impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.kind {
            Kind::NotModified { step, .. } => write!(f, "304 Not Modified at {step}"),
            Kind::Failed { step, .. } => write!(f, "412 Precondition Failed at {step}"),
            Kind::Required => f.write_str("428 Precondition Required (RFC 6585 §3)"),
        }
    }
}

impl std::error::Error for Rejection {}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let Inner {
            method,
            kind,
            problem,
        } = *self.0;
        match kind {
            Kind::NotModified { fields, .. } => response::not_modified(fields).map(Body::new),
            Kind::Failed { step, etag } => {
                let res = response::precondition_failed(&method, step);
                let mut res = if problem {
                    let detail = format!("{} is false ({}).", step.title(), step.section());
                    problem_details(&method, res.status(), &detail, Some(step))
                } else {
                    res.map(Body::new)
                };
                if let Some(etag) = etag {
                    // The tag to send in the next If-Match (RFC 9110 §8.8.3:
                    // a server may send ETag on any response).
                    res.headers_mut().insert(header::ETAG, etag);
                }
                res
            }
            Kind::Required if problem => problem_details(
                &method,
                StatusCode::PRECONDITION_REQUIRED,
                "Send If-Match with the entity-tag you last received, or If-None-Match: * to create (RFC 6585 §3).",
                None,
            ),
            Kind::Required => response::precondition_required(&method).map(Body::new),
        }
    }
}

/// An RFC 9457 problem details object: `type` `about:blank`, whose `title` is
/// the status phrase (§4.2.1), the `status`, a `detail`, and for a 412 the
/// extension member `condition` naming the field that was false (§3.2
/// allows extension members). To HEAD, the same fields and no content (RFC
/// 9110 §9.3.2).
fn problem_details(
    method: &Method,
    status: StatusCode,
    detail: &str,
    step: Option<Step>,
) -> Response {
    let mut object = serde_json::json!({
        "type": "about:blank",
        "title": status.canonical_reason().unwrap_or_default(),
        "status": status.as_u16(),
        "detail": detail,
    });
    if let (Some(step), Some(members)) = (step, object.as_object_mut()) {
        members.insert("condition".to_owned(), step.as_str().into());
    }
    let json = object.to_string();
    let length = json.len();
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(json)
    };
    let mut res = Response::new(body);
    *res.status_mut() = status;
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    res
}
