//! Test servers on 127.0.0.1 (ephemeral ports): a correct one, a hyper 1
//! handler around `precond::evaluate` whose 206 and 416 answers precond-range
//! plans, and wrong ones, each with one planted [`Fault`]. Shared by the
//! probe's live tests, the CLI's probe tests and the conformance example
//! (`#[path]` includes: no published crate holds test servers).
#![allow(dead_code)] // each includer uses part of it

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use precond::{
    Context, EntityTag, HttpDate, Outcome, RangeDecision, Representation, evaluate,
    not_modified_headers,
};
use precond_range::{Boundary, ContentRange, Plan, Resolution};

/// The content every test server serves.
pub(crate) const CONTENT: &[u8] = b"hello, conditional world\n";
/// Its Last-Modified, in Unix seconds.
pub(crate) const MODIFIED: i64 = 1_700_000_000;

/// The response body type of the test servers.
type Body = http_body_util::Full<hyper::body::Bytes>;

/// What a test server gets wrong, if anything.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Fault {
    None,
    /// Treats an If-None-Match list (a comma, or several lines) as absent.
    IgnoresInmLists,
    /// Honours Range whatever If-Range says.
    StaleIfRangeGets206,
    /// Lets If-Modified-Since decide even when If-None-Match is present.
    ImsWinsOverInm,
    /// Sends no Vary on a 304.
    DropsVaryOn304,
    /// Performs PUT and DELETE whatever their conditions say.
    IgnoresIfMatchOnPut,
    /// No ETag, no Last-Modified.
    NoValidators,
    /// A new ETag on every response.
    ChangingEtag,
    /// Answers with Age (a cache in front).
    BehindCache,
    /// Redirects every request for / to /doc.
    Redirects,
}

/// A server on 127.0.0.1 on an ephemeral port, running until dropped.
pub(crate) struct Server {
    pub(crate) addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

impl Server {
    /// Starts a server with this fault on 127.0.0.1, port chosen by the system.
    pub(crate) fn start(fault: Fault) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let counter = Arc::new(AtomicU64::new(0));
        runtime.spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let counter = Arc::clone(&counter);
                tokio::spawn(async move {
                    let service = service_fn(move |req: http::Request<hyper::body::Incoming>| {
                        let n = counter.fetch_add(1, Ordering::Relaxed);
                        let (parts, _) = req.into_parts();
                        async move { Ok::<_, std::convert::Infallible>(respond(&parts, fault, n)) }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Server {
            addr,
            runtime: Some(runtime),
        }
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

fn response(status: StatusCode, fields: HeaderMap, body: &[u8]) -> http::Response<Body> {
    let mut res = http::Response::new(Body::new(body.to_vec().into()));
    *res.status_mut() = status;
    *res.headers_mut() = fields;
    res
}

/// The test servers' handler: correct unless `fault` says otherwise.
pub(crate) fn respond(req: &http::request::Parts, fault: Fault, n: u64) -> http::Response<Body> {
    if fault == Fault::Redirects && req.uri.path() == "/" {
        let mut fields = HeaderMap::new();
        fields.insert(header::LOCATION, HeaderValue::from_static("/doc"));
        return response(StatusCode::FOUND, fields, b"");
    }
    let now = HttpDate::now();
    let modified = HttpDate::from_unix_seconds(MODIFIED).unwrap();
    let etag = match fault {
        Fault::ChangingEtag => EntityTag::from_version(n),
        _ => EntityTag::strong("v1").unwrap(),
    };
    let mut fields = HeaderMap::new();
    fields.insert(header::DATE, now.into());
    if fault != Fault::NoValidators {
        fields.insert(header::ETAG, etag.to_header_value());
        fields.insert(header::LAST_MODIFIED, modified.into());
    }
    fields.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    fields.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    fields.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    fields.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    // What the probe sent as its own fields, echoed for the tests.
    for (seen, name) in [
        ("x-seen-user-agent", header::USER_AGENT),
        ("x-seen-accept-encoding", header::ACCEPT_ENCODING),
    ] {
        if let Some(value) = req.headers.get(name) {
            fields.insert(seen, value.clone());
        }
    }
    if fault == Fault::BehindCache {
        fields.insert(header::AGE, HeaderValue::from_static("5"));
    }

    let mut conditions = req.headers.clone();
    match fault {
        Fault::IgnoresInmLists => {
            let lines = conditions.get_all(header::IF_NONE_MATCH).iter().count();
            let comma = conditions
                .get_all(header::IF_NONE_MATCH)
                .iter()
                .any(|v| v.as_bytes().contains(&b','));
            if lines > 1 || comma {
                conditions.remove(header::IF_NONE_MATCH);
            }
        }
        Fault::StaleIfRangeGets206 => {
            conditions.remove(header::IF_RANGE);
        }
        Fault::ImsWinsOverInm if conditions.contains_key(header::IF_MODIFIED_SINCE) => {
            conditions.remove(header::IF_NONE_MATCH);
        }
        Fault::IgnoresIfMatchOnPut if req.method != Method::GET && req.method != Method::HEAD => {
            conditions.clear();
        }
        _ => {}
    }

    let unsafe_method = req.method == Method::PUT || req.method == Method::DELETE;
    let unconditional = match req.method {
        Method::GET | Method::HEAD => StatusCode::OK,
        Method::PUT | Method::DELETE => StatusCode::NO_CONTENT,
        _ => return response(StatusCode::METHOD_NOT_ALLOWED, HeaderMap::new(), b""),
    };
    let mut rep = Representation::new();
    if fault != Fault::NoValidators {
        rep = rep.with_etag(etag.as_tag()).with_last_modified(modified);
    }
    let ctx = Context::new(now).with_unconditional_status(unconditional);
    let outcome = evaluate(precond::Request::new(&req.method, &conditions), &rep, &ctx);
    let range = match outcome {
        Outcome::PreconditionFailed { .. } => {
            return response(StatusCode::PRECONDITION_FAILED, HeaderMap::new(), b"");
        }
        Outcome::NotModified { .. } => {
            not_modified_headers(&mut fields);
            if fault == Fault::DropsVaryOn304 {
                fields.remove(header::VARY);
            }
            return response(StatusCode::NOT_MODIFIED, fields, b"");
        }
        Outcome::Proceed { range } => range,
        Outcome::Ignored(_) => RangeDecision::Absent,
    };
    if unsafe_method {
        return response(StatusCode::NO_CONTENT, HeaderMap::new(), b"");
    }
    let head = req.method == Method::HEAD;
    if range == RangeDecision::Honour
        && let Some(value) = conditions.get(header::RANGE)
        && let Some(answer) = ranged(value.as_bytes(), &etag, fields.clone())
    {
        return answer;
    }
    if head {
        fields.insert(header::CONTENT_LENGTH, CONTENT.len().into());
        return response(StatusCode::OK, fields, b"");
    }
    response(StatusCode::OK, fields, CONTENT)
}

/// The answer to a Range the evaluator lets through, planned by
/// precond-range: 206 (one part, or multipart/byteranges), 416, or `None`
/// for a Range to ignore (RFC 9110 §14.2).
fn ranged(value: &[u8], etag: &EntityTag, mut fields: HeaderMap) -> Option<http::Response<Body>> {
    let length = CONTENT.len() as u64;
    let ranges = match precond_range::resolve(value, length) {
        Resolution::Partial(ranges) => ranges,
        Resolution::Unsatisfiable(no) => {
            fields.insert(
                header::CONTENT_RANGE,
                no.content_range().to_string().parse().unwrap(),
            );
            return Some(response(StatusCode::RANGE_NOT_SATISFIABLE, fields, b""));
        }
        Resolution::Ignored(_) => return None,
    };
    let slice = |r: precond_range::ByteRange| &CONTENT[r.first() as usize..=r.last() as usize];
    let boundary = Boundary::derive(etag.opaque());
    match ranges.plan(Some("text/plain"), &boundary).unwrap() {
        Plan::Single(range, _) => {
            let content_range = ContentRange::satisfied(range, Some(length)).unwrap();
            fields.insert(
                header::CONTENT_RANGE,
                content_range.to_string().parse().unwrap(),
            );
            Some(response(StatusCode::PARTIAL_CONTENT, fields, slice(range)))
        }
        Plan::Multipart(multipart) => {
            let mut body = Vec::new();
            for part in multipart.parts() {
                body.extend_from_slice(part.head().to_string().as_bytes());
                body.extend_from_slice(slice(part.range()));
            }
            body.extend_from_slice(multipart.tail().to_string().as_bytes());
            fields.insert(
                header::CONTENT_TYPE,
                multipart.content_type().to_string().parse().unwrap(),
            );
            Some(response(StatusCode::PARTIAL_CONTENT, fields, &body))
        }
    }
}
