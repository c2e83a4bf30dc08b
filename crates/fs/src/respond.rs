//! PLACEHOLDER until precond-tower's response module lands: the same
//! signatures. Not to be landed.

use http::{HeaderMap, Method, Response, StatusCode};
use precond::Step;

pub(crate) fn precondition_failed(_: &Method, _: Step) -> Response<bytes::Bytes> {
    let mut res = Response::new(bytes::Bytes::new());
    *res.status_mut() = StatusCode::PRECONDITION_FAILED;
    res
}

pub(crate) fn not_modified(mut headers: HeaderMap) -> Response<bytes::Bytes> {
    precond::not_modified_headers(&mut headers);
    let mut res = Response::new(bytes::Bytes::new());
    *res.status_mut() = StatusCode::NOT_MODIFIED;
    *res.headers_mut() = headers;
    res
}

pub(crate) fn range_not_satisfiable(_: &Method, len: u64) -> Response<bytes::Bytes> {
    let mut res = Response::new(bytes::Bytes::new());
    *res.status_mut() = StatusCode::RANGE_NOT_SATISFIABLE;
    if let Ok(v) = http::HeaderValue::from_str(&format!("bytes */{len}")) {
        res.headers_mut().insert(http::header::CONTENT_RANGE, v);
    }
    res
}
