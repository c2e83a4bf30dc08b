//! PLACEHOLDER until precond-tower's response module and precond-range land.
//! Not to be landed.

use http::{HeaderMap, Response, StatusCode};

use crate::body::Body;
use crate::serve::{full, status_only};
use crate::source::ByteSource;

pub(crate) fn precondition_failed(_headers: HeaderMap) -> Response<Body> {
    status_only(StatusCode::PRECONDITION_FAILED)
}

pub(crate) fn not_modified(mut headers: HeaderMap) -> Response<Body> {
    precond::not_modified_headers(&mut headers);
    let mut res = status_only(StatusCode::NOT_MODIFIED);
    *res.headers_mut() = headers;
    res
}

pub(crate) fn ranges<S: ByteSource + 'static>(
    _request: &HeaderMap,
    source: S,
    len: u64,
    headers: HeaderMap,
    head: bool,
) -> Response<Body> {
    full(source, len, headers, head)
}
