//! The probe against servers started on 127.0.0.1 inside the test: a correct
//! one (a hyper handler around `precond::evaluate`), and wrong ones, each with
//! one planted fault the probe must name. No traffic leaves the loopback.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use precond::{
    Context, EntityTag, HttpDate, Outcome, RangeDecision, Representation, evaluate,
    not_modified_headers,
};
use precond_probe::client::{Client, ClientConfig, ClientError};
use precond_probe::{Note, Report, RunError, Settings, Verdict, run};

/// The response body type of the test servers.
type Body = http_body_util::Full<hyper::body::Bytes>;

const CONTENT: &[u8] = b"hello, conditional world\n";
const MODIFIED: i64 = 1_700_000_000;

/// What a test server gets wrong, if anything.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Fault {
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
struct Server {
    addr: SocketAddr,
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
    fn start(fault: Fault) -> Server {
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

    fn url(&self, path: &str) -> String {
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
fn respond(req: &http::request::Parts, fault: Fault, n: u64) -> http::Response<Body> {
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
        rep = rep.etag(etag.as_tag()).last_modified_date(modified);
    }
    let ctx = Context::new(now).unconditional_status(unconditional);
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
        && let Some((first, last)) = test_only_range(&conditions, CONTENT.len())
    {
        fields.insert(
            header::CONTENT_RANGE,
            format!("bytes {first}-{last}/{}", CONTENT.len())
                .parse()
                .unwrap(),
        );
        return response(StatusCode::PARTIAL_CONTENT, fields, &CONTENT[first..=last]);
    }
    if head {
        fields.insert(header::CONTENT_LENGTH, CONTENT.len().into());
        return response(StatusCode::OK, fields, b"");
    }
    response(StatusCode::OK, fields, CONTENT)
}

/// Test only: reads `bytes=first-last` and nothing else (the workspace's
/// range grammar belongs to precond-range).
fn test_only_range(fields: &HeaderMap, len: usize) -> Option<(usize, usize)> {
    let (first, last) = fields
        .get(header::RANGE)?
        .to_str()
        .ok()?
        .strip_prefix("bytes=")?
        .split_once('-')?;
    let first: usize = first.parse().ok()?;
    let last = last.parse::<usize>().ok()?.min(len.checked_sub(1)?);
    (first <= last).then_some((first, last))
}

#[allow(clippy::needless_pass_by_value)] // reads better at the call sites
fn client(config: ClientConfig) -> Client {
    Client::new(&config).unwrap()
}

fn probe(server: &Server, settings: Settings) -> Report {
    let mut config = ClientConfig::new(server.url("/doc"));
    config.unsafe_url = Some(server.url("/unsafe"));
    config.interval = Duration::ZERO;
    config.timeout = Duration::from_secs(5);
    run(&mut client(config), &settings).unwrap()
}

fn failed(report: &Report) -> BTreeSet<&'static str> {
    report
        .results
        .iter()
        .filter(|r| r.judgement.verdict == Verdict::Fail)
        .map(|r| r.case.id())
        .collect()
}

fn show(report: &Report) -> String {
    let mut out = String::new();
    for r in &report.results {
        out += &format!(
            "{} {} {} {:?}\n",
            r.judgement.verdict,
            r.case.id(),
            r.received.status,
            r.judgement.findings
        );
    }
    out
}

fn with_unsafe() -> Settings {
    Settings {
        unsafe_cases: true,
        ..Settings::default()
    }
}

#[test]
fn a_correct_server_passes_every_case() {
    let server = Server::start(Fault::None);
    let report = probe(&server, with_unsafe());
    let c = report.counts();
    assert_eq!(c.failed, 0, "{}", show(&report));
    // The test server reads only `bytes=first-last` (the range grammar
    // belongs to precond-range) and ignores other Range forms, which RFC 9110
    // §14.2 allows: those, and only those, are "allowed".
    for r in &report.results {
        if r.judgement.verdict != precond_probe::Verdict::Pass {
            assert!(r.case.id().starts_with("range-"), "{}", show(&report));
        }
    }
    assert!(c.passed >= 35, "{}", show(&report));
    assert!(report.notes.is_empty(), "{:?}", report.notes);
    // Each kind of answer was seen and judged.
    for (id, status) in [
        ("inm-list", 304),
        ("ir-fresh", 206),
        ("ir-stale", 200),
        ("im-other", 412),
        ("put-im-other", 412),
    ] {
        assert_eq!(
            report.result(id).map(|r| r.received.status.as_u16()),
            Some(status),
            "{id}"
        );
    }
}

#[test]
fn ignoring_if_none_match_lists_is_named() {
    let report = probe(&Server::start(Fault::IgnoresInmLists), Settings::default());
    assert_eq!(
        failed(&report),
        BTreeSet::from(["inm-list", "inm-lines"]),
        "{}",
        show(&report)
    );
}

#[test]
fn a_stale_if_range_answered_206_is_named() {
    let report = probe(
        &Server::start(Fault::StaleIfRangeGets206),
        Settings::default(),
    );
    assert_eq!(
        failed(&report),
        BTreeSet::from(["ir-date-stale", "ir-stale", "ir-weak"]),
        "{}",
        show(&report)
    );
    let stale = report.result("ir-stale").unwrap();
    assert_eq!(stale.judgement.findings[0].section, "RFC 9110 §13.1.5");
}

#[test]
fn if_modified_since_winning_over_if_none_match_is_named() {
    let report = probe(&Server::start(Fault::ImsWinsOverInm), Settings::default());
    assert_eq!(
        failed(&report),
        BTreeSet::from(["ims-with-inm-match", "ims-with-inm-other"]),
        "{}",
        show(&report)
    );
}

#[test]
fn a_304_without_vary_is_named_on_every_304() {
    let report = probe(&Server::start(Fault::DropsVaryOn304), Settings::default());
    let not_modified: BTreeSet<_> = report
        .results
        .iter()
        .filter(|r| r.judgement.required == StatusCode::NOT_MODIFIED)
        .map(|r| r.case.id())
        .collect();
    assert!(not_modified.len() >= 8, "{not_modified:?}");
    assert_eq!(failed(&report), not_modified, "{}", show(&report));
    for r in report
        .results
        .iter()
        .filter(|r| r.judgement.verdict == Verdict::Fail)
    {
        let f = &r.judgement.findings[0];
        assert_eq!(f.section, "RFC 9110 §15.4.5");
        assert!(f.message.contains("vary"), "{}", f.message);
    }
}

#[test]
fn performing_a_put_whose_if_match_is_false_is_named() {
    let report = probe(&Server::start(Fault::IgnoresIfMatchOnPut), with_unsafe());
    assert_eq!(
        failed(&report),
        BTreeSet::from([
            "delete-im-other",
            "put-im-other",
            "put-inm-star",
            "put-ius-earlier"
        ]),
        "{}",
        show(&report)
    );
}

#[test]
fn a_resource_without_validators_is_reported_not_failed() {
    let report = probe(&Server::start(Fault::NoValidators), Settings::default());
    assert_eq!(report.notes, vec![Note::NothingToValidate]);
    assert_eq!(report.counts().failed, 0, "{}", show(&report));
    // What needs no validator is still checked: `*`, and an ignored If-Modified-Since.
    for id in ["inm-star", "im-star", "inm-other", "ims-no-date"] {
        assert!(report.result(id).is_some(), "{id}");
    }
}

#[test]
fn validators_changing_between_two_gets_stop_the_run() {
    let server = Server::start(Fault::ChangingEtag);
    let err = run(
        &mut client(ClientConfig::new(server.url("/doc"))),
        &Settings::default(),
    )
    .unwrap_err();
    assert!(matches!(err, RunError::Unstable { .. }), "{err}");
    assert!(
        err.to_string().contains("changed between two plain GETs"),
        "{err}"
    );
}

#[test]
fn a_cache_in_front_is_reported() {
    let report = probe(&Server::start(Fault::BehindCache), Settings::default());
    assert!(
        matches!(report.notes.as_slice(), [Note::Cache(_)]),
        "{:?}",
        report.notes
    );
    assert_eq!(report.counts().failed, 0, "{}", show(&report));
}

#[test]
fn a_redirect_is_an_error_unless_followed() {
    let server = Server::start(Fault::Redirects);
    let err = run(
        &mut client(ClientConfig::new(server.url("/"))),
        &Settings::default(),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            RunError::Redirect {
                status: StatusCode::FOUND,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("/doc"), "{err}");

    let mut config = ClientConfig::new(server.url("/"));
    config.follow = true;
    let report = run(&mut client(config), &Settings::default()).unwrap();
    assert_eq!(report.counts().failed, 0, "{}", show(&report));
}

#[test]
fn the_request_limit_is_kept() {
    let report = probe(
        &Server::start(Fault::None),
        Settings {
            max_requests: 10,
            unsafe_cases: false,
        },
    );
    assert_eq!(report.requests, 10);
    assert_eq!(report.results.len(), 6);
    assert!(
        matches!(report.notes.as_slice(), [Note::Truncated { .. }]),
        "{:?}",
        report.notes
    );
}

#[test]
fn a_malformed_url_is_refused() {
    for url in ["not a url", "ftp://127.0.0.1/x", "http://"] {
        let err = Client::new(&ClientConfig::new(url)).unwrap_err();
        assert!(matches!(err, ClientError::Url(_)), "{url}: {err}");
        assert!(err.to_string().starts_with("malformed URL"), "{err}");
    }
}

#[test]
fn a_refused_connection_is_named() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut c = client(ClientConfig::new(format!("http://127.0.0.1:{port}/")));
    let err = run(&mut c, &Settings::default()).unwrap_err();
    assert!(
        matches!(err, RunError::Transport(ClientError::Refused(_))),
        "{err:?}"
    );
}

/// A raw TCP peer on 127.0.0.1 that answers each connection with `reply`
/// (after reading the request head) and closes; at most 4 connections, 5 s.
fn raw_peer(reply: &'static [u8]) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut served = 0;
        while served < 4 && Instant::now() < deadline {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    served += 1;
                    stream.set_nonblocking(false).unwrap();
                    stream
                        .set_read_timeout(Some(Duration::from_secs(1)))
                        .unwrap();
                    let mut buf = [0u8; 4096];
                    let _ = stream.read(&mut buf);
                    let _ = stream.write_all(reply);
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    addr
}

#[test]
fn an_early_close_is_named() {
    let addr = raw_peer(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
    let err = run(
        &mut client(ClientConfig::new(format!("http://{addr}/"))),
        &Settings::default(),
    )
    .unwrap_err();
    assert!(
        matches!(err, RunError::Transport(ClientError::Closed(_))),
        "{err:?}"
    );
    let addr = raw_peer(b"");
    let err = run(
        &mut client(ClientConfig::new(format!("http://{addr}/"))),
        &Settings::default(),
    )
    .unwrap_err();
    assert!(
        matches!(err, RunError::Transport(ClientError::Closed(_))),
        "{err:?}"
    );
}

#[test]
fn a_non_http_answer_is_named() {
    let addr = raw_peer(b"SSH-2.0-OpenSSH_9.6\r\n");
    let err = run(
        &mut client(ClientConfig::new(format!("http://{addr}/"))),
        &Settings::default(),
    )
    .unwrap_err();
    assert!(
        matches!(err, RunError::Transport(ClientError::NotHttp(_))),
        "{err:?}"
    );
}
